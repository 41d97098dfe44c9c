use std::time::Duration;

use harness::{
    http::{Connection, Framing},
    start_example,
};

use crate::heading;

#[test]
fn five_chunks_then_the_terminating_chunk_and_the_connection_carries_the_next_request() {
    let server = start_example!("example-3").run();
    let mut connection = Connection::open(server.addr()).expect("connect");
    let expected: Vec<Vec<u8>> = (1..=5).map(|n| heading(n).into_bytes()).collect();
    for _ in 0..2 {
        let response = connection.get("/").expect("response");
        assert_eq!(response.framing, Framing::Chunked);
        assert_eq!(response.chunks, expected);
        assert!(response.complete, "the terminating chunk arrived");
        assert_eq!(response.header("connection"), None);
    }
    assert!(!connection.is_closed_by_server(Duration::ZERO));
}
