//! Resources: hundreds of posts abandoned while example-3 waits out its second.

use std::{
    io::{self, Write},
    net::TcpStream,
};

use harness::{
    RunningExample,
    hostile::{self, Tally},
    start_example,
};

use crate::{
    FORM, WAIT,
    case::Case,
    checks::{Example, assert_still_running, check_still_well, count_log_lines},
    client::Client,
};

/// How many delayed posts each round abandons.
const ABANDONED: usize = 300;
const WARM_UP_ROUNDS: usize = 6;
const MEASURED_ROUNDS: usize = 6;

#[test]
fn posts_abandoned_while_example_3_waits_cost_no_sockets_or_memory_once_gone() {
    let mut server = start_example!("example-3")
        .env("MALLOC_MMAP_THRESHOLD_", "4096")
        .env("MALLOC_TRIM_THRESHOLD_", "0")
        .run();
    let mut tally = Tally::default();
    // As for send-vs-write's abandoned streams: the first rounds let the runtime grow to its
    // working size; after that, rounds must not grow resident memory. Something left behind per
    // abandoned post (its task, its body: 1 KiB or more) would add over 1.7 MiB across the
    // measured rounds. What glibc's malloc keeps of 300 connections' freed buffers would add
    // as much (about 1.2 MiB over these rounds, still growing after 30; heaptrack shows no
    // allocation left per post), so the server is told to give freed memory back at once:
    // then the measured rounds add about 150 KiB, well below the 768 KiB allowed.
    let baseline = server.open_sockets();
    for round in 0..WARM_UP_ROUNDS {
        abandon_round(&server, round, baseline, &mut tally);
    }
    let warmed_up = server.resident_kib();
    for round in WARM_UP_ROUNDS..WARM_UP_ROUNDS + MEASURED_ROUNDS {
        abandon_round(&server, round, baseline, &mut tally);
    }
    let after = server.resident_kib();
    if after > warmed_up + 768 {
        tally.lose(format!(
            "resident memory grew from {warmed_up} KiB to {after} KiB over {} abandoned posts",
            MEASURED_ROUNDS * ABANDONED
        ));
    }
    // Most posts must really have been abandoned mid-delay, or this tested nothing.
    let rounds = WARM_UP_ROUNDS + MEASURED_ROUNDS;
    if tally.faults < rounds * ABANDONED / 2 {
        tally.lose(format!(
            "only {} of {} posts were still waiting when abandoned",
            tally.faults,
            rounds * ABANDONED
        ));
    }
    // The server still answers, after its full delay.
    Client::new(server.addr()).check(
        Example::Three,
        &Case::form(b"firstName=Ada&lastName=Lovelace".to_vec()),
        &mut tally,
    );
    check_still_well(&server, &mut tally);
    assert_still_running(&mut server);
    tally.report("post-form example-3", "abandoned delays");
}

/// Sends [`ABANDONED`] posts, waits until each has been logged (it is then in its one-second
/// delay), closes every client, and waits (bounded) for the server's sockets to be `baseline`.
fn abandon_round(server: &RunningExample, round: usize, baseline: usize, tally: &mut Tally) {
    let mut clients = Vec::with_capacity(ABANDONED);
    // Everything but the last byte first, then the last bytes in one quick pass: the posts
    // start their delays within a few milliseconds of each other.
    for index in 0..ABANDONED {
        let body = format!("firstName=R{round}C{index}&lastName=x");
        let raw = format!(
            "POST /form HTTP/1.1\r\nHost: x\r\nContent-Type: {FORM}\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        match TcpStream::connect(server.addr()).and_then(|mut stream| {
            stream.write_all(&raw.as_bytes()[..raw.len() - 1])?;
            Ok(stream)
        }) {
            Ok(stream) => clients.push(stream),
            Err(error) => tally.lose(format!("round {round} post {index}: {error}")),
        }
    }
    for stream in &mut clients {
        tally.inputs += 1;
        if let Err(error) = stream.write_all(b"x") {
            tally.lose(format!("round {round}: {error}"));
        }
    }
    let logged = count_log_lines(server, clients.len(), WAIT);
    if logged < clients.len() {
        tally.lose(format!(
            "round {round}: {logged} of {} posts logged",
            clients.len()
        ));
    }
    tally.held = tally
        .held
        .max(server.open_sockets().saturating_sub(baseline));
    for stream in &clients {
        // Nothing to read yet means the post was still waiting when its client left.
        let _ = stream.set_nonblocking(true);
        let mut byte = [0_u8; 1];
        if matches!(stream.peek(&mut byte), Err(error) if error.kind() == io::ErrorKind::WouldBlock)
        {
            tally.faults += 1;
        }
    }
    drop(clients);
    if let Err(open) = hostile::wait_for_sockets(server, baseline, WAIT) {
        tally.lose(format!(
            "round {round}: {open} sockets open after abandoning {ABANDONED} posts \
             (baseline {baseline})"
        ));
    }
}
