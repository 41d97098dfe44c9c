//! The body limit on the wire: a declared length over it is refused from the head alone, and a
//! chunked body is measured as it arrives. On example-2, which reads bodies as example-3 does but
//! answers at once. (Everything else about bodies is tested in-process, in examples 2 and 3.)

use std::time::Duration;

use harness::{http::Connection, start_example};

use crate::support::{FORM, JSON, assert_refused};

const LIMIT: usize = 102_400;
const TOO_LARGE: &str = "The body is larger than the limit of 102400 bytes (100 kB).";
const WAIT: Duration = Duration::from_secs(10);

/// A urlencoded body of exactly `size` bytes: the two fields and padding in an extra field.
fn form_of_size(size: usize) -> Vec<u8> {
    let mut body = b"firstName=Ada&lastName=Lovelace&padding=".to_vec();
    body.resize(size, b'x');
    body
}

/// A JSON body of exactly `size` bytes: the two fields and padding in an extra field.
fn json_of_size(size: usize) -> Vec<u8> {
    let mut body = br#"{"firstName":"Ada","lastName":"Lovelace","padding":""#.to_vec();
    body.resize(size - 2, b'x');
    body.extend_from_slice(br#""}"#);
    body
}

#[test]
fn a_content_length_over_the_limit_is_refused_before_the_body_is_sent() {
    let server = start_example!("example-2").run();
    let mut connection = Connection::open(server.addr()).expect("connect");
    // Only the head: the server must not wait for 200000 bytes it is going to refuse anyway.
    connection
        .send_raw(
            format!(
                "POST /form HTTP/1.1\r\nHost: x\r\nContent-Type: {JSON}\r\n\
                 Content-Length: 200000\r\n\r\n{{"
            )
            .as_bytes(),
        )
        .expect("send");
    let response = connection.read_response(false, WAIT).expect("an answer");
    assert_refused(&response, 413, TOO_LARGE);
    assert_eq!(response.header("connection"), Some("close"));
}

#[test]
fn a_chunked_body_is_measured_as_it_arrives_102400_bytes_pass_and_102401_are_413() {
    let server = start_example!("example-2").run();
    for (size, status) in [(LIMIT, 200), (LIMIT + 1, 413)] {
        for (content_type, body) in [(FORM, form_of_size(size)), (JSON, json_of_size(size))] {
            let mut connection = Connection::open(server.addr()).expect("connect");
            let mut raw = format!(
                "POST /form HTTP/1.1\r\nHost: x\r\nContent-Type: {content_type}\r\n\
                 Transfer-Encoding: chunked\r\n\r\n"
            )
            .into_bytes();
            // Chunks of 1000 bytes: no Content-Length tells the server the size in advance.
            for chunk in body.chunks(1000) {
                raw.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
                raw.extend_from_slice(chunk);
                raw.extend_from_slice(b"\r\n");
            }
            raw.extend_from_slice(b"0\r\n\r\n");
            connection.send_raw(&raw).expect("send");
            let response = connection.read_response(false, WAIT).expect("an answer");
            assert_eq!(response.status, status, "{content_type} {size}");
            if status == 413 {
                assert_refused(&response, 413, TOO_LARGE);
            }
        }
    }
}
