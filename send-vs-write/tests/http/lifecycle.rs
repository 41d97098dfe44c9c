//! What the three examples share as programs: banner, port, stopping.

use std::time::Duration;

use harness::{http, start_example};

#[test]
fn each_example_prints_the_originals_banner_with_the_port_bound() {
    for example in [
        start_example!("example-1").run(),
        start_example!("example-2").run(),
        start_example!("example-3").run(),
    ] {
        assert_eq!(
            example.banner,
            format!(
                "The web server is running. Please open http://localhost:{}/ in your browser.",
                example.port
            )
        );
        assert_ne!(example.port, 0);
    }
}

#[test]
fn the_default_port_is_5000() {
    let output = start_example!("example-1")
        .command()
        .arg("--help")
        .output()
        .expect("run example");
    assert!(output.status.success());
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(help.contains("default 5000"), "{help}");
}

#[test]
fn a_graceful_stop_does_not_wait_forever_for_a_response_that_never_ends() {
    let mut server = start_example!("example-2").run();
    let mut hanging = http::Connection::open(server.addr()).expect("connect");
    hanging
        .send_raw(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .expect("send");
    let response = hanging
        .read_first_chunks(5, Duration::from_secs(10))
        .expect("chunks");
    assert_eq!(response.chunks.len(), 5);
    server.signal("TERM");
    // The graceful stop gives up on open connections after 3 s; the margin is for a busy machine.
    let status = server
        .wait_for_exit(Duration::from_secs(20))
        .expect("exits soon after its graceful-stop timeout");
    assert!(status.success(), "{status:?}");
}
