//! The body parsing (`post_form::FormBody`) over HTTP, on example-3: limits, malformed and
//! wrong-shaped input, unsupported types. Every refusal is a 4xx that answers at once.

use std::{thread, time::Duration};

use harness::{
    http::{self, Connection},
    start_example,
};

use crate::support::{FORM, JSON, assert_json_answer, assert_refused, post};

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
fn a_body_of_exactly_102400_bytes_is_accepted_in_either_type() {
    let server = start_example!("example-3").run();
    let addr = server.addr();
    thread::scope(|scope| {
        let requests: Vec<_> = [(FORM, form_of_size(LIMIT)), (JSON, json_of_size(LIMIT))]
            .into_iter()
            .map(|(content_type, body)| {
                assert_eq!(body.len(), LIMIT);
                scope.spawn(move || post(addr, Some(content_type), &body))
            })
            .collect();
        for request in requests {
            let response = request.join().expect("request thread");
            assert_eq!(
                assert_json_answer(&response, 200),
                r#"{"firstName":"Ada","lastName":"Lovelace"}"#
            );
        }
    });
}

#[test]
fn a_body_of_102401_bytes_is_413_in_either_type() {
    let server = start_example!("example-3").run();
    for (content_type, body) in [
        (FORM, form_of_size(LIMIT + 1)),
        (JSON, json_of_size(LIMIT + 1)),
    ] {
        assert_eq!(body.len(), LIMIT + 1);
        assert_refused(
            &post(server.addr(), Some(content_type), &body),
            413,
            TOO_LARGE,
        );
    }
}

#[test]
fn a_content_length_over_the_limit_is_refused_before_the_body_is_sent() {
    let server = start_example!("example-3").run();
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
    let server = start_example!("example-3").run();
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

#[test]
fn malformed_json_is_a_400_that_says_where_without_internals() {
    let server = start_example!("example-3").run();
    for (body, message) in [
        (
            &b"{bad"[..],
            "The body is not valid JSON: key must be a string at line 1 column 2.",
        ),
        (
            br#"{"firstName":"Ada""#,
            "The body is not valid JSON: EOF while parsing an object at line 1 column 18.",
        ),
        (
            br#"{"firstName":"Ada"} trailing"#,
            "The body is not valid JSON: trailing characters at line 1 column 21.",
        ),
        (
            b"firstName=Ada",
            "The body is not valid JSON: expected ident at line 1 column 2.",
        ),
        (
            b"   ",
            "The body is not valid JSON: EOF while parsing a value at line 1 column 3.",
        ),
        (
            b"{\"firstName\":\"\xff\"}",
            "The body is not valid JSON: invalid unicode code point at line 1 column 15.",
        ),
    ] {
        assert_refused(&post(server.addr(), Some(JSON), body), 400, message);
    }
    // Still serving.
    assert_eq!(post(server.addr(), Some(FORM), b"").status, 200);
}

#[test]
fn json_whose_top_level_is_not_an_object_is_a_400() {
    let server = start_example!("example-3").run();
    for (body, got) in [
        (&br#""str""#[..], "a string"),
        (b"null", "null"),
        (b"42", "a number"),
        (b"true", "a boolean"),
        (b"[]", "an array"),
        (br#"["Ada","Lovelace"]"#, "an array"),
    ] {
        assert_refused(
            &post(server.addr(), Some(JSON), body),
            400,
            &format!(
                r#"Expected a JSON object such as {{"firstName":"Ada","lastName":"Lovelace"}}, got {got}."#
            ),
        );
    }
}

#[test]
fn a_field_that_is_not_a_string_is_a_400_that_names_it() {
    let server = start_example!("example-3").run();
    for (body, message) in [
        (
            &br#"{"firstName":42,"lastName":"Lovelace"}"#[..],
            "firstName must be a string or null, not a number.",
        ),
        (
            br#"{"firstName":0}"#,
            "firstName must be a string or null, not a number.",
        ),
        (
            br#"{"firstName":"Ada","lastName":false}"#,
            "lastName must be a string or null, not a boolean.",
        ),
        (
            br#"{"firstName":{"given":"Ada"}}"#,
            "firstName must be a string or null, not an object.",
        ),
        (
            br#"{"lastName":["Love","lace"]}"#,
            "lastName must be a string or null, not an array.",
        ),
    ] {
        assert_refused(&post(server.addr(), Some(JSON), body), 400, message);
    }
}

#[test]
fn a_form_field_sent_twice_is_a_400_that_names_it() {
    let server = start_example!("example-3").run();
    assert_refused(
        &post(
            server.addr(),
            Some(FORM),
            b"firstName=Ada&firstName=Augusta&lastName=Lovelace",
        ),
        400,
        "firstName was sent more than once; send each field once.",
    );
}

#[test]
fn a_body_of_another_type_or_encoding_is_a_415_that_names_the_accepted_types() {
    let server = start_example!("example-3").run();
    let accepted = "send application/json or application/x-www-form-urlencoded.";
    for (headers, message) in [
        (
            vec![("Content-Type", "text/plain")],
            format!("Content-Type text/plain is not accepted; {accepted}"),
        ),
        (
            vec![("Content-Type", "multipart/form-data; boundary=x")],
            format!("Content-Type multipart/form-data is not accepted; {accepted}"),
        ),
        (vec![], format!("The body has no Content-Type; {accepted}")),
        (
            vec![("Content-Type", "application/json; charset=latin1")],
            "Only UTF-8 bodies are accepted, not charset=latin1.".to_owned(),
        ),
        (
            vec![("Content-Type", FORM), ("Content-Encoding", "gzip")],
            "Compressed bodies (Content-Encoding: gzip) are not accepted; send the body \
             uncompressed."
                .to_owned(),
        ),
    ] {
        let response = http::request(server.addr(), "POST", "/form", &headers, b"firstName=Ada");
        assert_refused(&response, 415, &message);
    }
}

#[test]
fn a_refusal_answers_at_once_before_a_valid_post_sent_earlier() {
    let server = start_example!("example-3").run();
    let addr = server.addr();
    let valid = thread::spawn(move || post(addr, Some(FORM), b"firstName=Ada"));
    // The valid post has arrived once its log line is out; from now on it waits 1 s.
    server
        .wait_for_stdout("you posted: First Name: Ada", WAIT)
        .expect("the valid post arrived");
    for (content_type, body, status) in [
        (JSON, &b"{bad"[..], 400),
        (JSON, &b"42"[..], 400),
        (FORM, &b"firstName=a&firstName=b"[..], 400),
        ("text/plain", &b"Ada"[..], 415),
    ] {
        let refused = post(addr, Some(content_type), body);
        assert_eq!(refused.status, status);
        assert!(
            !valid.is_finished(),
            "a {status} for {body:?} came after the 1 s wait of the valid post"
        );
    }
    let large = post(addr, Some(FORM), &form_of_size(LIMIT + 1));
    assert_eq!(large.status, 413);
    assert!(!valid.is_finished(), "the 413 came after the 1 s wait");
    assert_eq!(valid.join().expect("valid post").status, 200);
}
