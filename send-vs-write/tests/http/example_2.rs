use std::{
    net::Shutdown,
    thread,
    time::{Duration, Instant},
};

use harness::{
    RunningExample,
    http::{self, Connection, Framing},
    start_example,
};

use crate::heading;

const WAIT: Duration = Duration::from_secs(10);

/// How long a test watches for the terminating chunk that must not come. Here, and only here,
/// waiting a fixed time is the assertion itself: "nothing more arrives".
const NEVER_WAIT: Duration = Duration::from_millis(1500);

/// How many requests the leak tests open and abandon.
const ABANDONED: usize = 300;

const GET: &[u8] = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

/// A connection on which `GET /` has delivered its five chunks and now hangs.
fn hanging_request(server: &RunningExample) -> Connection {
    let mut connection = Connection::open(server.addr()).expect("connect");
    connection.send_raw(GET).expect("send request");
    let response = connection.read_first_chunks(5, WAIT).expect("response");
    assert_eq!(response.chunks.len(), 5, "{response:?}");
    connection
}

#[test]
fn five_chunks_arrive_and_the_terminating_chunk_never_does() {
    let server = start_example!("example-2").run();
    let mut connection = Connection::open(server.addr()).expect("connect");
    connection.send_raw(GET).expect("send request");
    let response = connection
        .read_response(false, NEVER_WAIT)
        .expect("response");
    assert_eq!(response.framing, Framing::Chunked);
    let expected: Vec<Vec<u8>> = (1..=5).map(|n| heading(n).into_bytes()).collect();
    assert_eq!(response.chunks, expected);
    assert!(!response.complete, "no terminating chunk");
    assert!(
        !connection.is_closed_by_server(Duration::ZERO),
        "and no close: the client is left waiting"
    );
}

#[test]
fn other_clients_are_served_while_one_hangs() {
    let server = start_example!("example-2").run();
    let _first = hanging_request(&server);
    let _second = hanging_request(&server);
    let missing = http::get(server.addr(), "/missing");
    assert_eq!(missing.status, 404);
    assert!(missing.complete);
}

#[test]
fn head_ends_at_once_and_the_connection_carries_the_next_request() {
    let server = start_example!("example-2").run();
    let mut connection = Connection::open(server.addr()).expect("connect");
    for _ in 0..2 {
        let response = connection
            .request("HEAD", "/", &[], b"")
            .expect("HEAD response");
        assert_eq!(response.status, 200);
        assert_eq!(response.header("transfer-encoding"), Some("chunked"));
        assert!(response.body.is_empty());
    }
    // The second HEAD on the same connection was answered: the first one had finished.
}

#[test]
fn clients_that_close_release_every_request_task_and_socket() {
    let server = start_example!("example-2")
        .env("LOG_LIVE_BODIES", "on")
        .run();
    let baseline = server.open_sockets();
    let connections = open_abandoned_requests(&server, baseline);
    drop(connections);
    assert_released(&server, baseline);
}

#[test]
fn clients_that_half_close_release_every_request_task_and_socket() {
    let server = start_example!("example-2")
        .env("LOG_LIVE_BODIES", "on")
        .run();
    let baseline = server.open_sockets();
    let mut connections = open_abandoned_requests(&server, baseline);
    // FIN only: the client stops sending but could still read. Node ends the response then; a
    // server that waited for the rest of the body would hold each connection forever.
    for connection in &connections {
        connection
            .stream()
            .shutdown(Shutdown::Write)
            .expect("shutdown(Write)");
    }
    assert_released(&server, baseline);
    for connection in &mut connections {
        assert!(connection.is_closed_by_server(WAIT));
    }
}

/// Opens [`ABANDONED`] requests that hang, and checks that the server holds each one: a live
/// streaming body (a connection task sending it) and a socket.
fn open_abandoned_requests(server: &RunningExample, baseline: usize) -> Vec<Connection> {
    let connections: Vec<_> = (0..ABANDONED).map(|_| hanging_request(server)).collect();
    server
        .wait_for_stderr(&format!("live streaming bodies: {ABANDONED}"), WAIT)
        .expect("every request is alive on the server");
    assert!(server.open_sockets() >= baseline + ABANDONED);
    connections
}

/// The server's live bodies fall to zero and its sockets to `baseline`, within a bounded wait.
fn assert_released(server: &RunningExample, baseline: usize) {
    server
        .wait_for_stderr("live streaming bodies: 0", WAIT)
        .expect("every request's body and task is dropped");
    let deadline = Instant::now() + WAIT;
    while server.open_sockets() > baseline && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(server.open_sockets(), baseline, "sockets back to baseline");
}
