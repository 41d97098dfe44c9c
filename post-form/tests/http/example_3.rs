//! example-3 as a process: its log line, printed when a post arrives, one line per post. (The
//! answers, the one-second wait and the refusals are tested in-process, in the example.)

use std::{io, time::Duration};

use harness::{RunningExample, http, start_example};

use crate::support::{FORM, JSON, assert_json_answer};

/// Long enough for any answer on a busy machine; the delay itself is 1 s.
const WAIT: Duration = Duration::from_secs(10);

#[test]
fn the_log_line_is_printed_when_the_post_arrives_before_the_answer() {
    let server = start_example!("example-3").run();
    let mut connection = send_post(&server, FORM, "firstName=Ada&lastName=Lovelace");
    assert_eq!(
        next_log_line(&server),
        "you posted: First Name: Ada, Last Name: Lovelace"
    );
    // A whole other request and answer after the line was printed, and still no answer here:
    // the line came when the post arrived, not just before its answer after the 1 s wait.
    assert_eq!(http::get(server.addr(), "/").status, 200);
    assert!(
        no_bytes_waiting(&connection),
        "the post was answered right after its log line"
    );
    let response = connection.read_response(false, WAIT).expect("the answer");
    assert_eq!(response.status, 200);
}

#[test]
fn the_log_line_shows_empty_values_as_nothing_and_missing_ones_as_none() {
    let server = start_example!("example-3").run();
    let mut waiting = Vec::new();
    for (content_type, body, logged) in [
        (
            FORM,
            "firstName=&lastName=",
            "you posted: First Name: , Last Name: ",
        ),
        (
            JSON,
            r#"{"firstName":"Ada"}"#,
            "you posted: First Name: Ada, Last Name: (none)",
        ),
        (
            JSON,
            r#"{"firstName":null,"lastName":"Lovelace"}"#,
            "you posted: First Name: (none), Last Name: Lovelace",
        ),
    ] {
        // Each line comes as its post arrives: the next post need not wait for the answer.
        let connection = send_post(&server, content_type, body);
        assert_eq!(next_log_line(&server), logged, "{body}");
        waiting.push(connection);
    }
    for mut connection in waiting {
        let response = connection.read_response(false, WAIT).expect("the answer");
        assert_eq!(response.status, 200);
    }
}

#[test]
fn a_newline_or_escape_in_a_value_cannot_forge_a_log_line_or_recolour_it() {
    let server = start_example!("example-3").run();
    let forged_first = "Eve\nyou posted: First Name: Mallory, Last Name: Forged";
    let coloured_last = "\u{1b}[31mred\u{1b}[0m\r";
    let logged = r"you posted: First Name: Eve\nyou posted: First Name: Mallory, Last Name: Forged, Last Name: \u{1b}[31mred\u{1b}[0m\r";
    let form_body = "firstName=Eve%0Ayou+posted%3A+First+Name%3A+Mallory%2C+Last+Name%3A+Forged\
                     &lastName=%1B%5B31mred%1B%5B0m%0D";
    let json_body = serde_json::json!({ "firstName": forged_first, "lastName": coloured_last });
    let mut waiting = Vec::new();
    for (content_type, body) in [(FORM, form_body.to_owned()), (JSON, json_body.to_string())] {
        let connection = send_post(&server, content_type, &body);
        let line = next_log_line(&server);
        assert_eq!(line, logged, "{content_type}");
        assert!(!line.chars().any(char::is_control), "{line:?}");
        waiting.push(connection);
    }
    // A marker post: every line printed since is its own, so no forged line slipped in between.
    let _marker = send_post(&server, FORM, "firstName=Marker");
    assert_eq!(
        next_log_line(&server),
        "you posted: First Name: Marker, Last Name: (none)"
    );
    for mut connection in waiting {
        let response = connection.read_response(false, WAIT).expect("the answer");
        // The answer carries the values intact (JSON escapes them); only the log escapes them.
        assert_eq!(
            assert_json_answer(&response, 200),
            r#"{"firstName":"Eve\nyou posted: First Name: Mallory, Last Name: Forged","lastName":"\u001b[31mred\u001b[0m\r"}"#
        );
    }
}

/// A post still waiting out its delay when the server stops is a request left unanswered: with
/// the request log on it gets its line (`POST /form - ... ms`), with `REQUEST_LOG=off` nothing is
/// written, as for every other request.
#[test]
fn a_post_left_unanswered_is_logged_only_when_the_request_log_is_on() {
    for log_on in [true, false] {
        let start = start_example!("example-3");
        let mut server = if log_on {
            start.with_request_log()
        } else {
            start
        }
        .run();
        let _waiting = send_post(&server, FORM, "firstName=Ada&lastName=Lovelace");
        // The post has arrived and its handler waits: stop the server now.
        next_log_line(&server);
        server.signal("INT");
        server.wait_for_exit(WAIT).expect("exits after Ctrl-C");
        let stderr = server.stderr_to_end(WAIT);
        let lines: Vec<&String> = stderr
            .iter()
            .filter(|line| line.contains("/form"))
            .collect();
        if log_on {
            assert!(
                lines.iter().any(|line| line.starts_with("POST /form - ")),
                "{stderr:?}"
            );
        } else {
            assert!(lines.is_empty(), "REQUEST_LOG=off, yet: {lines:?}");
        }
    }
}

/// Sends `POST /form` on a connection of its own and returns it without waiting for the answer.
fn send_post(server: &RunningExample, content_type: &str, body: &str) -> http::Connection {
    let mut connection = http::Connection::open(server.addr()).expect("connect");
    connection
        .send_raw(
            format!(
                "POST /form HTTP/1.1\r\nHost: x\r\nContent-Type: {content_type}\r\n\
                 Content-Length: {}\r\n\r\n{body}",
                body.len()
            )
            .as_bytes(),
        )
        .expect("send");
    connection
}

/// The next stdout line (the banner has been read already), waiting at most [`WAIT`].
fn next_log_line(server: &RunningExample) -> String {
    server.next_stdout_line(WAIT).expect("a log line")
}

/// Whether the server has sent nothing on this connection yet (without waiting).
fn no_bytes_waiting(connection: &http::Connection) -> bool {
    let stream = connection.stream();
    stream.set_nonblocking(true).expect("non-blocking");
    let mut byte = [0_u8; 1];
    let nothing =
        matches!(stream.peek(&mut byte), Err(error) if error.kind() == io::ErrorKind::WouldBlock);
    stream.set_nonblocking(false).expect("blocking again");
    nothing
}
