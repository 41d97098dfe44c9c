//! What every example shares (its `shared::port_or_exit`, `node_settings` and `exit_status`), checked on
//! intro-express example-1.

use std::{net::TcpListener, time::Duration};

use harness::{http, start_example};

const EXIT_WAIT: Duration = Duration::from_secs(10);

#[test]
fn the_banner_is_the_originals_with_the_port_bound() {
    let server = start_example!("example-1").run();
    assert_eq!(
        server.banner,
        format!(
            "Server is running. Point your browser to: http://localhost:{}",
            server.port
        )
    );
    assert_ne!(server.port, 0);
    // Nothing else is printed to stdout per request.
    assert_eq!(http::get(server.addr(), "/").status, 200);
    assert_eq!(server.next_stdout_line(Duration::from_millis(200)), None);
}

#[test]
fn a_port_in_use_ends_with_one_line_and_a_non_zero_exit() {
    let taken = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port().to_string();
    let output = start_example!("example-1")
        .env("PORT", &port)
        .command()
        .output()
        .expect("run example");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with(&format!("error: port {port} is already in use")),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(output.stdout.is_empty(), "no banner when not listening");
}

#[test]
fn a_port_that_is_not_a_number_ends_with_one_line_and_exit_code_2() {
    let output = start_example!("example-1")
        .env("PORT", "three thousand")
        .command()
        .output()
        .expect("run example");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr.trim_end(),
        "error: PORT must be a number from 0 to 65535, got \"three thousand\" (0 picks any free port)"
    );
}

#[test]
fn help_names_the_default_port_and_the_settings() {
    let output = start_example!("example-1")
        .command()
        .arg("--help")
        .output()
        .expect("run example");
    assert!(output.status.success());
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(help.contains("default 3000"), "{help}");
    assert!(help.contains("REQUEST_LOG=off"), "{help}");
}

#[test]
fn ctrl_c_stops_the_server_promptly_with_status_130_as_node_does() {
    let mut server = start_example!("example-1").run();
    assert_eq!(http::get(server.addr(), "/").status, 200);
    server.signal("INT");
    let status = server.wait_for_exit(EXIT_WAIT).expect("exits after Ctrl-C");
    // 128 + SIGINT: an interrupted process says so, as Node does.
    assert_eq!(status.code(), Some(130), "{status:?}");
}

#[test]
fn each_request_is_logged_on_stderr_when_the_log_is_on() {
    let server = start_example!("example-1").with_request_log().run();
    assert_eq!(http::get(server.addr(), "/missing?x=1").status, 404);
    let line = server
        .wait_for_stderr("/missing", EXIT_WAIT)
        .expect("a log line");
    assert!(line.starts_with("GET /missing?x=1 404 "), "{line}");
}

#[test]
fn the_request_log_stays_quiet_when_turned_off() {
    let mut server = start_example!("example-1").run();
    assert_eq!(http::get(server.addr(), "/missing").status, 404);
    server.signal("INT");
    server.wait_for_exit(EXIT_WAIT).expect("exits");
    let stderr = server.stderr_to_end(EXIT_WAIT);
    assert!(
        stderr.iter().all(|line| !line.contains("/missing")),
        "{stderr:?}"
    );
}
