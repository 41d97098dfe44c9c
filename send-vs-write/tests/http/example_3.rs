use std::time::Duration;

use harness::{
    http::{self, Connection, Framing},
    start_example,
};

use crate::heading;

#[test]
fn five_chunks_then_the_terminating_chunk_complete_the_response() {
    let server = start_example!("example-3").run();
    let response = http::get(server.addr(), "/");
    assert_eq!(response.status, 200);
    assert_eq!(response.header("content-type"), Some("text/html"));
    assert_eq!(response.framing, Framing::Chunked);
    let expected: Vec<Vec<u8>> = (1..=5).map(|n| heading(n).into_bytes()).collect();
    assert_eq!(response.chunks, expected);
    assert!(response.complete, "the terminating chunk arrived");
    assert_eq!(response.body.len(), 170);
    assert_eq!(response.text(), (1..=5).map(heading).collect::<String>());
}

#[test]
fn the_connection_carries_the_next_request_after_the_end() {
    let server = start_example!("example-3").run();
    let mut connection = Connection::open(server.addr()).expect("connect");
    for _ in 0..2 {
        let response = connection.get("/").expect("response");
        assert!(response.complete);
        assert_eq!(response.body.len(), 170);
        assert_eq!(response.header("connection"), None);
    }
    assert!(!connection.is_closed_by_server(Duration::ZERO));
}
