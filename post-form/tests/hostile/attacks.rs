//! The generic attacks (paths, symlinks, protocol, resets, stalled bodies) on example-1, -2
//! and -3.

use harness::{
    Start,
    hostile::{self, Tally},
    start_example,
};

use crate::{
    WAIT,
    checks::{assert_still_running, check_still_well},
};

/// Paths (also through symlinks planted in a temporary copy of `www`), protocol abuse, resets,
/// stalled bodies; then the server must still serve its page and take a post.
fn attack_everything(start: Start, example: &str) {
    let www = hostile::TrappedWww::copy_of(&post_form::www());
    let mut server = start.env("WWW_DIR", www.root_env()).run();
    let name = format!("post-form {example}");
    hostile::attack_paths(&server).report(&name, "paths");
    hostile::attack_symlinks(&server).report(&name, "symlinks");
    hostile::attack_protocol(&server).report(&name, "protocol");
    hostile::attack_resets(&server, "/").report(&name, "resets");
    // Nothing reads these bodies (no route, or a static file): answered at once, then closed
    // after actix's 1 s client-disconnect timeout.
    for path in ["/", "/css/style.css"] {
        hostile::attack_stalled_bodies(&server, path, 20, WAIT).report(&name, "stalled bodies");
    }
    hostile::assert_still_serving(&server, "/", 200);
    let mut tally = Tally::default();
    check_still_well(&server, &mut tally);
    tally.assert_nothing_lost("after the attacks");
    assert_still_running(&mut server);
}

#[test]
fn example_1_survives_hostile_paths_requests_resets_and_stalled_bodies() {
    attack_everything(start_example!("example-1"), "example-1");
}

#[test]
fn example_2_survives_hostile_paths_requests_resets_and_stalled_bodies() {
    attack_everything(start_example!("example-2"), "example-2");
}

#[test]
fn example_3_survives_hostile_paths_requests_resets_and_stalled_bodies() {
    attack_everything(start_example!("example-3"), "example-3");
}

#[test]
fn pipelining_after_close_folders_named_like_files_and_several_ranges_are_answered_like_express() {
    let server = start_example!("example-3").run();
    hostile::attack_like_express(&server, Some("/css/style.css"))
        .report("post-form example-3", "like Express");
}
