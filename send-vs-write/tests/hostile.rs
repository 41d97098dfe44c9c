//! Hostile input against every send-vs-write example, and the resources of example-2's
//! never-ending responses: abandoned by the hundred, they must cost nothing once gone.

use std::time::{Duration, Instant};

use harness::{
    RunningExample,
    hostile::{self, Tally},
    start_example,
};

/// How many never-ending responses each round holds, then abandons.
const STREAMS: usize = 300;
const WARM_UP_ROUNDS: usize = 6;
const MEASURED_ROUNDS: usize = 6;

fn attack_everything(server: &RunningExample, example: &str) {
    let name = format!("send-vs-write {example}");
    hostile::attack_paths(server).report(&name, "paths");
    hostile::attack_protocol(server).report(&name, "protocol");
    hostile::attack_resets(server, "/").report(&name, "resets");
    hostile::assert_still_serving(server, "/", 200);
}

#[test]
fn example_1_survives_hostile_paths_requests_and_resets() {
    let server = start_example!("example-1").run();
    attack_everything(&server, "example-1");
}

#[test]
fn example_2_survives_hostile_paths_requests_and_resets() {
    let server = start_example!("example-2").run();
    let name = "send-vs-write example-2";
    hostile::attack_paths(&server).report(name, "paths");
    hostile::attack_protocol(&server).report(name, "protocol");
    // A reset while the response is still streaming is the common case here.
    hostile::attack_resets(&server, "/").report(name, "resets");
    let mut tally = Tally::default();
    drop(hostile::hold_streaming_responses(
        &server, "/", 1, 5, &mut tally,
    ));
    tally.assert_nothing_lost("still serving");
}

#[test]
fn example_3_survives_hostile_paths_requests_and_resets() {
    let server = start_example!("example-3").run();
    attack_everything(&server, "example-3");
}

#[test]
fn abandoned_never_ending_responses_cost_no_sockets_or_memory_once_gone() {
    let server = start_example!("example-2").run();
    let mut tally = Tally::default();
    // The first rounds let the allocator and the runtime grow to their working size (about
    // 2 MiB here); after that, rounds must not grow it. A task or body left behind per abandoned
    // response (1 KiB or more) would add well over 1.5 MiB over the measured rounds; the
    // allocator's own drift under a busy machine stays far below the 768 KiB allowed.
    let sockets = server.open_sockets();
    for _ in 0..WARM_UP_ROUNDS {
        abandon_round(&server, &mut tally, sockets);
    }
    let warmed_up = server.resident_kib();
    for _ in 0..MEASURED_ROUNDS {
        abandon_round(&server, &mut tally, sockets);
    }
    let after = server.resident_kib();
    if after > warmed_up + 768 {
        tally.lose(format!(
            "resident memory grew from {warmed_up} KiB to {after} KiB over {} abandoned responses",
            MEASURED_ROUNDS * STREAMS
        ));
    }
    tally.report("send-vs-write example-2", "abandoned streams");
}

#[test]
fn ctrl_c_stops_promptly_while_responses_hang_open() {
    let mut server = start_example!("example-2").run();
    let mut tally = Tally::default();
    let held = hostile::hold_streaming_responses(&server, "/", 100, 5, &mut tally);
    tally.faults += 1;
    let started = Instant::now();
    server.signal("INT");
    // SIGINT does not wait for open responses (SIGTERM would, for up to 3 s).
    match server.wait_for_exit(Duration::from_secs(10)) {
        // 128 + SIGINT, as an interrupted Node reports.
        Some(status) if status.code() == Some(130) => {}
        Some(status) => tally.lose(format!("exit status {status:?} after Ctrl-C")),
        None => tally.lose("still running 10 s after Ctrl-C"),
    }
    let took = started.elapsed();
    if took > Duration::from_secs(2) {
        tally.lose(format!("Ctrl-C took {took:?} with 100 responses open"));
    }
    drop(held);
    tally.report("send-vs-write example-2", "ctrl-c while hanging");
}

/// Holds [`STREAMS`] never-ending responses, drops the clients, and waits (bounded) for the
/// server's sockets to return to `baseline`.
fn abandon_round(server: &RunningExample, tally: &mut Tally, baseline: usize) {
    let held = hostile::hold_streaming_responses(server, "/", STREAMS, 5, tally);
    if server.open_sockets() < baseline + held.len() {
        tally.lose("the server did not hold one socket per streaming response");
    }
    drop(held);
    if let Err(open) = hostile::wait_for_sockets(server, baseline, Duration::from_secs(10)) {
        tally.lose(format!(
            "{open} sockets open after abandoning {STREAMS} streams (baseline {baseline})"
        ));
    }
}

#[test]
fn requests_pipelined_behind_a_never_ending_response_leave_with_their_client() {
    let server = start_example!("example-2")
        .env("LOG_LIVE_BODIES", "on")
        .run();
    hostile::attack_backlog(
        &server,
        "/",
        "/missing",
        hostile::Backlog::PipelinedRequests,
    )
    .report("send-vs-write example-2", "pipelined backlog");
}

#[test]
fn an_unread_chunked_body_behind_a_never_ending_response_leaves_with_its_client() {
    let server = start_example!("example-2")
        .env("LOG_LIVE_BODIES", "on")
        .run();
    hostile::attack_backlog(&server, "/", "/missing", hostile::Backlog::ChunkedBody)
        .report("send-vs-write example-2", "unread chunked body");
}

#[test]
fn output_that_nobody_reads_does_not_stop_the_answers() {
    // example-1 writes two lines for each `GET /`: the error of its second send, and the log.
    let requests: &[hostile::OutputRequest] = &[("GET", "/", b""), ("GET", "/missing", b"")];
    hostile::attack_unread_output(
        start_example!("example-1"),
        requests,
        1_000,
        8,
        Duration::from_secs(10),
    )
    .report("send-vs-write example-1", "unread output");
}

#[test]
fn what_the_log_and_the_error_line_repeat_of_a_request_is_short_and_escaped() {
    // example-1's error line names the request target; the 404 page and the log repeat it too.
    let server = start_example!("example-1").with_request_log().run();
    hostile::attack_shown_values(&server, None).report("send-vs-write example-1", "shown values");
}

#[test]
fn a_request_pipelined_after_connection_close_is_not_answered() {
    for example in ["example-2", "example-3"] {
        let start = match example {
            "example-2" => start_example!("example-2"),
            _ => start_example!("example-3"),
        };
        let server = start.run();
        hostile::attack_like_express(&server, None)
            .report(&format!("send-vs-write {example}"), "like Express");
    }
}
