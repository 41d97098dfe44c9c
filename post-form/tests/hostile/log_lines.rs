//! What the log lines repeat of a request: short, escaped, and one line for every request,
//! also one whose client left before the answer.

use harness::{
    hostile::{self, Abandoned},
    start_example,
};

#[test]
fn what_the_logs_repeat_of_a_post_is_short_and_escaped() {
    // example-3 logs each post's fields on stdout ("you posted: ..."), every example the request.
    for example in ["example-2", "example-3"] {
        let start = match example {
            "example-2" => start_example!("example-2"),
            _ => start_example!("example-3"),
        };
        let server = start.with_request_log().run();
        hostile::attack_shown_values(&server, Some("/form"))
            .report(&format!("post-form {example}"), "shown values");
    }
}

#[test]
fn a_post_abandoned_before_its_answer_still_gets_its_log_line() {
    let server = start_example!("example-3").with_request_log().run();
    let kinds = [
        // Abandoned during the one-second wait, once the post has been logged.
        Abandoned::Complete {
            method: "POST",
            path: "/form",
            body: "firstName={marker}&lastName=x",
            logged_on_arrival: true,
        },
        // Abandoned while its body is still awaited.
        Abandoned::StalledBody { path: "/form" },
    ];
    hostile::attack_abandoned_requests(&server, &kinds, 20)
        .report("post-form example-3", "abandoned requests logged");
    let server = start_example!("example-2").with_request_log().run();
    hostile::attack_abandoned_requests(&server, &[Abandoned::StalledBody { path: "/form" }], 20)
        .report("post-form example-2", "abandoned requests logged");
}
