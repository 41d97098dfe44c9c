//! Output that nobody reads: example-3 logs each post on stdout and each request on stderr,
//! both pipes full and unread, and must keep answering.

use std::time::Duration;

use harness::{hostile, start_example};

#[test]
fn output_that_nobody_reads_does_not_stop_the_answers() {
    let requests: &[hostile::OutputRequest] = &[
        ("POST", "/form", b"firstName=Ada&lastName=Lovelace"),
        ("GET", "/", b""),
        ("GET", "/css/style.css", b""),
        ("GET", "/missing", b""),
    ];
    // A post waits a second, so 125 clients at once: each posts twice and asks six files.
    hostile::attack_unread_output(
        start_example!("example-3"),
        requests,
        1_000,
        125,
        Duration::from_secs(10),
    )
    .report("post-form example-3", "unread output");
}
