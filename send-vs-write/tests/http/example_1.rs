use std::time::Duration;

use harness::{
    http::{Connection, Framing},
    start_example,
};

use crate::heading;

const WAIT: Duration = Duration::from_secs(10);

const ERROR_LINE: &str = "Error [ERR_HTTP_HEADERS_SENT]: Cannot set headers after they are sent \
                          to the client (GET /, send #2)";

#[test]
fn the_first_send_arrives_with_its_length_then_the_server_closes() {
    let server = start_example!("example-1").run();
    let mut connection = Connection::open(server.addr()).expect("connect");
    let response = connection.get("/").expect("response");
    assert_eq!(response.framing, Framing::Length(34));
    assert!(response.complete);
    assert_eq!(response.text(), heading(1));
    assert_eq!(response.header("connection"), Some("close"));
    assert!(connection.is_closed_by_server(WAIT));
}

#[test]
fn each_request_logs_one_headers_sent_error_and_the_server_keeps_serving() {
    let server = start_example!("example-1").with_request_log().run();
    for _ in 0..3 {
        let response = harness::http::get(server.addr(), "/");
        assert_eq!(response.text(), heading(1));
    }
    // The request log (actix's Logger) writes its line, e.g. `GET / 200 0.123456 ms`, once the
    // response has been sent, after the handler: by the third such line every error line of the
    // three requests is in.
    let mut lines = Vec::new();
    while lines
        .iter()
        .filter(|line: &&String| line.starts_with("GET / 200 "))
        .count()
        < 3
    {
        let line = server
            .wait_for_stderr("", WAIT)
            .unwrap_or_else(|| panic!("stderr stopped after {lines:#?}"));
        lines.push(line);
    }
    let errors: Vec<_> = lines.iter().filter(|line| line.contains("Error")).collect();
    assert_eq!(errors, [ERROR_LINE; 3], "{lines:#?}");
    assert_eq!(
        lines.len(),
        6,
        "one error and one log line per request: {lines:#?}"
    );
    assert!(
        lines
            .iter()
            .all(|line| line == ERROR_LINE || line.ends_with(" ms")),
        "{lines:#?}"
    );
}
