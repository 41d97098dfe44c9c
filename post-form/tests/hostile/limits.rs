//! Bodies around the 102400-byte limit, in either framing, and a declared length far over it.

use harness::{hostile::Tally, http::Connection, start_example};

use crate::{
    FORM, JSON, LIMIT, WAIT,
    case::Case,
    checks::{Example, assert_still_running, check_still_well},
    client::Client,
    oracle::Expected,
    refusals::{TOO_LARGE, expect_refusal},
};

#[test]
fn bodies_just_under_and_over_the_limit_are_answered_200_and_413_in_either_framing() {
    let mut server = start_example!("example-2").run();
    let mut tally = Tally::default();
    let mut client = Client::new(server.addr());
    for size in [LIMIT - 1, LIMIT, LIMIT + 1, LIMIT + 1_000] {
        for json in [true, false] {
            let body = padded_body(json, size);
            assert_eq!(body.len(), size);
            for chunked in [None, Some(1_000), Some(LIMIT + 10)] {
                let case = if json {
                    Case::json(body.clone())
                } else {
                    Case::form(body.clone())
                }
                .in_chunks(chunked);
                client.check(Example::Two, &case, &mut tally);
            }
        }
    }
    // 100 000 `[` in a field fit within the limit and must be refused as too deep, not overflow
    // a stack; 102 401 of them are too large before they are too deep.
    let deep = Case::json(format!(r#"{{"x":{}"#, "[".repeat(100_000)).into_bytes());
    assert!(
        matches!(&deep.expected, Expected::Refused(400, sentence)
            if sentence.starts_with("The body is not valid JSON: recursion limit exceeded at ")),
        "{:?}",
        deep.expected
    );
    client.check(Example::Two, &deep, &mut tally);
    for body in [
        format!(r#"{{"firstName":"Ada","x":{}}}"#, "[".repeat(100_000)),
        "[".repeat(100_000),
        "[".repeat(LIMIT + 1),
    ] {
        client.check(Example::Two, &Case::json(body.into_bytes()), &mut tally);
    }
    // A declared length far over the limit is refused from the head alone: send only the head.
    for content_type in [JSON, FORM] {
        tally.inputs += 1;
        let head = format!(
            "POST /form HTTP/1.1\r\nHost: x\r\nContent-Type: {content_type}\r\n\
             Content-Length: 1000000000\r\n\r\n"
        );
        match Connection::open(server.addr()).and_then(|mut connection| {
            connection.send_raw(head.as_bytes())?;
            connection.read_response(false, WAIT)
        }) {
            Ok(response) => {
                expect_refusal(&response, 413, TOO_LARGE, "1 GB declared", &mut tally);
            }
            Err(error) => tally.lose(format!("1 GB declared: {error}")),
        }
    }
    check_still_well(&server, &mut tally);
    assert_still_running(&mut server);
    tally.report("post-form example-2", "limits");
}

/// A body of exactly `size` bytes with both fields and an extra padded one.
fn padded_body(json: bool, size: usize) -> Vec<u8> {
    if json {
        let mut body = br#"{"firstName":"Ada","lastName":"Lovelace","padding":""#.to_vec();
        body.resize(size - 2, b'x');
        body.extend_from_slice(br#""}"#);
        body
    } else {
        let mut body = b"firstName=Ada&lastName=Lovelace&padding=".to_vec();
        body.resize(size, b'x');
        body
    }
}
