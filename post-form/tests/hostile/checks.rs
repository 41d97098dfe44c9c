//! Checks shared by the tests: one answer held to what the crate promises, the server still
//! well and running afterwards, and the reports.

use std::time::{Duration, Instant};

use harness::{
    RunningExample,
    hostile::Tally,
    http::{Connection, Response},
};
use serde_json::{Value, json};

use crate::{
    FORM,
    case::Case,
    oracle::Expected,
    refusals::{crates_refusal, expect_refusal},
};

/// Records anything the server wrote on stderr (the request log is off: a panic is the only
/// thing it could be) and whether it still answers a normal post.
pub fn check_still_well(server: &RunningExample, tally: &mut Tally) {
    for line in server.stderr_so_far() {
        tally.lose(format!("server stderr: {}", short(&line)));
    }
    // example-1 has no route: its answer is the Express 404.
    match Connection::open(server.addr()).and_then(|mut connection| {
        connection.request(
            "POST",
            "/form",
            &[("Content-Type", FORM)],
            b"firstName=Still",
        )
    }) {
        Ok(response) if response.status == 200 || response.status == 404 => {}
        Ok(response) => tally.lose(format!("a normal post afterwards: {}", response.status)),
        Err(error) => tally.lose(format!("a normal post afterwards: no answer ({error})")),
    }
}

pub fn assert_still_running(server: &mut RunningExample) {
    assert!(
        server.wait_for_exit(Duration::ZERO).is_none(),
        "the server exited"
    );
}

/// Reports the tally, with the seed that replays it when something was lost.
pub fn report_seeded(tally: &mut Tally, seed: u64, example: &str, attack: &str) {
    if !tally.lost.is_empty() {
        tally.lose(format!("replay with HOSTILE_SEED={seed}"));
    }
    tally.report(example, attack);
}

/// Waits (bounded) until `count` more `you posted:` lines are on example-3's stdout.
pub fn count_log_lines(server: &RunningExample, count: usize, wait: Duration) -> usize {
    let deadline = Instant::now() + wait;
    let mut seen = 0;
    while seen < count {
        let left = deadline.saturating_duration_since(Instant::now());
        match server.wait_for_stdout("you posted: ", left) {
            Some(_) => seen += 1,
            None => break,
        }
    }
    seen
}

/// Which example answers: the answers differ, the parsing does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Example {
    /// Echoes the fields as parsed, with `parsedAs`.
    Two,
    /// Answers after 1 s with the fields, an empty one as `null`.
    Three,
}

/// Holds one answer to everything the crate promises about it.
pub fn check_answer(example: Example, case: &Case, response: &Response, tally: &mut Tally) {
    let what = case.describe();
    if response.status >= 500 {
        tally.lose(format!(
            "{what}: {} {}",
            response.status,
            short(&response.text())
        ));
        return;
    }
    if !response.complete {
        tally.lose(format!("{what}: the answer did not end"));
        return;
    }
    match &case.expected {
        Expected::Fields {
            first,
            last,
            parsed_as,
        } => {
            let expected = match example {
                Example::Two => {
                    json!({"firstName": first, "lastName": last, "parsedAs": parsed_as})
                }
                Example::Three => json!({
                    "firstName": first.as_ref().filter(|text| !text.is_empty()),
                    "lastName": last.as_ref().filter(|text| !text.is_empty()),
                }),
            };
            let answer = serde_json::from_slice::<Value>(&response.body).ok();
            if response.status != 200
                || response.header("content-type") != Some("application/json; charset=utf-8")
                || answer.as_ref() != Some(&expected)
            {
                tally.lose(format!(
                    "{what}: expected 200 {expected}, got {} {}",
                    response.status,
                    short(&response.text())
                ));
            }
        }
        Expected::Refused(status, message) => {
            expect_refusal(response, *status, message, &what, tally);
        }
        Expected::AnyRefusal(status) => {
            if response.status != *status {
                tally.lose(format!(
                    "{what}: expected {status}, got {} {}",
                    response.status,
                    short(&response.text())
                ));
            } else if let Err(why) = crates_refusal(response) {
                tally.lose(format!("{what}: {why}"));
            }
        }
    }
}

pub fn short(text: &str) -> String {
    shared::abbreviate(text, 80).into_owned()
}
