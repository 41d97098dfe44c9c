//! Hostile input against every intro-express example: the server answers every attack with
//! something below 500, serves nothing from outside `www`, and keeps serving afterwards.

use std::time::Duration;

use harness::{RunningExample, hostile, start_example};

fn attack_everything(server: &RunningExample, example: &str, home_status: u16) {
    let name = format!("intro-express {example}");
    hostile::attack_paths(server).report(&name, "paths");
    hostile::attack_protocol(server).report(&name, "protocol");
    hostile::attack_resets(server, "/").report(&name, "resets");
    hostile::assert_still_serving(server, "/", home_status);
}

#[test]
fn example_1_survives_hostile_paths_requests_and_resets() {
    let server = start_example!("example-1").run();
    attack_everything(&server, "example-1", 200);
}

#[test]
fn example_2_survives_hostile_paths_requests_and_resets() {
    let server = start_example!("example-2").run();
    attack_everything(&server, "example-2", 200);
}

#[test]
fn example_3_survives_hostile_paths_requests_and_resets() {
    let server = start_example!("example-3").run();
    attack_everything(&server, "example-3", 200);
    hostile::assert_still_serving(&server, "/about", 200);
}

#[test]
fn idle_keep_alive_connections_are_closed_by_the_server_and_do_not_block_others() {
    let server = start_example!("example-2").run();
    hostile::attack_idle_keep_alive(&server, "/css/style.css", 200)
        .report("intro-express example-2", "idle keep-alive");
    hostile::assert_still_serving(&server, "/", 200);
}

#[test]
fn a_client_trickling_its_request_head_is_timed_out() {
    let server = start_example!("example-2").run();
    hostile::attack_slow_headers(&server).report("intro-express example-2", "slow headers");
    hostile::assert_still_serving(&server, "/", 200);
}

#[test]
fn symlinks_and_hidden_files_never_lead_out_of_www() {
    let www = hostile::TrappedWww::copy_of(&intro_express::www());
    for example in ["example-2", "example-3"] {
        let start = match example {
            "example-2" => start_example!("example-2"),
            _ => start_example!("example-3"),
        };
        let server = start.env("WWW_DIR", www.root_env()).run();
        hostile::attack_symlinks(&server).report(&format!("intro-express {example}"), "symlinks");
        hostile::assert_still_serving(&server, "/", 200);
    }
}

#[test]
fn files_swapped_for_symlinks_after_being_served_never_lead_out_of_www() {
    let www = hostile::TrappedWww::copy_of(&intro_express::www());
    let server = start_example!("example-2")
        .env("WWW_DIR", www.root_env())
        .run();
    hostile::attack_swapped_for_symlinks(&server, &www, ["/index.html", "/css/style.css"])
        .report("intro-express example-2", "files swapped for symlinks");
    hostile::assert_still_serving(&server, "/images/logo.svg", 200);
}

#[test]
fn output_that_nobody_reads_does_not_stop_the_answers() {
    let requests: &[hostile::OutputRequest] = &[
        ("GET", "/", b""),
        ("GET", "/css/style.css", b""),
        ("GET", "/missing", b""),
    ];
    hostile::attack_unread_output(
        start_example!("example-2"),
        requests,
        1_000,
        8,
        Duration::from_secs(10),
    )
    .report("intro-express example-2", "unread output");
}

#[test]
fn what_the_log_and_the_404_repeat_of_a_request_is_short_and_escaped() {
    for example in ["example-1", "example-2"] {
        let start = match example {
            "example-1" => start_example!("example-1"),
            _ => start_example!("example-2"),
        };
        let server = start.with_request_log().run();
        hostile::attack_shown_values(&server, None)
            .report(&format!("intro-express {example}"), "shown values");
    }
}

#[test]
fn pipelining_after_close_folders_named_like_files_and_several_ranges_are_answered_like_express() {
    let server = start_example!("example-1").run();
    hostile::attack_like_express(&server, None).report("intro-express example-1", "like Express");
    let server = start_example!("example-2").run();
    hostile::attack_like_express(&server, Some("/css/style.css"))
        .report("intro-express example-2", "like Express");
}
