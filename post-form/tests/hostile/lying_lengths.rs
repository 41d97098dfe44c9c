//! Lengths that lie and broken chunks: the server must answer below 500 or close.

use std::{
    io::{self, Read, Write},
    net::{Shutdown, TcpStream},
    time::{Duration, Instant},
};

use harness::{
    RunningExample,
    hostile::Tally,
    http::{self, Response},
    start_example,
};

use crate::{
    JSON, LIMIT, WAIT,
    case::{Case, chunked},
    checks::{Example, assert_still_running, check_answer, check_still_well, report_seeded, short},
    oracle::{Expected, empty, form_rules, json_rules},
    random_cases::random_case,
    refusals::{ENDED_EARLY, crates_refusal},
    rng::{Rng, seed},
};

#[test]
fn lying_lengths_and_broken_chunks_get_an_answer_or_a_close_never_a_5xx() {
    let seed = seed();
    let mut server = start_example!("example-2").run();
    let mut tally = Tally::default();
    let mut rng = Rng::new(seed, 200);
    for round in 0..200 {
        let case = random_case(&mut rng);
        if case.body.len() < 2 || case.body.len() > LIMIT / 2 {
            continue;
        }
        lie(&server, &case, round % 8, &mut rng, &mut tally);
    }
    check_still_well(&server, &mut tally);
    assert_still_running(&mut server);
    report_seeded(&mut tally, seed, "post-form example-2", "lying lengths");
}

/// Sends `case` with one of eight lies on its own connection, and checks that what comes back
/// is an answer below 500 (the crate's refusal, its parse of what it got, or actix's own
/// empty-bodied `400` for framing it cannot read) or a close.
fn lie(server: &RunningExample, case: &Case, kind: usize, rng: &mut Rng, tally: &mut Tally) {
    tally.inputs += 1;
    tally.faults += 1;
    let content_type = case.content_type.as_deref().unwrap_or(JSON);
    let head = |framing: &str| {
        format!("POST /form HTTP/1.1\r\nHost: x\r\nContent-Type: {content_type}\r\n{framing}\r\n")
            .into_bytes()
    };
    let body = &case.body;
    let cut = 1 + rng.below(body.len() - 1);
    let rules = |bytes: &[u8]| {
        if case.json {
            json_rules(bytes)
        } else {
            form_rules(bytes)
        }
    };
    // (bytes to send, what the first answer must be if there is one, close our side after)
    let (mut raw, first, then): (Vec<u8>, Option<Expected>, Then) = match kind {
        // Declared shorter than sent: the server reads what was declared; the rest is junk
        // where the next request should start.
        0 => (
            head(&format!("Content-Length: {cut}\r\n")),
            Some(rules(&body[..cut])),
            Then::Read,
        ),
        // Declared longer than sent, then our side closes for writing.
        1 => (
            head(&format!(
                "Content-Length: {}\r\n",
                body.len() + 1 + rng.below(1_000)
            )),
            Some(Expected::Refused(400, ENDED_EARLY.to_owned())),
            Then::HalfClose,
        ),
        // Declared longer than sent, then the connection is dropped (RST or FIN).
        2 => (
            head(&format!(
                "Content-Length: {}\r\n",
                body.len() + 1 + rng.below(1_000)
            )),
            None,
            Then::Drop,
        ),
        // Chunked, cut off inside a chunk, then half-closed.
        3 => (
            head("Transfer-Encoding: chunked\r\n"),
            Some(Expected::Refused(400, ENDED_EARLY.to_owned())),
            Then::HalfClose,
        ),
        // A chunk size that lies (larger than the data), then half-closed.
        4 => (
            head("Transfer-Encoding: chunked\r\n"),
            Some(Expected::Refused(400, ENDED_EARLY.to_owned())),
            Then::HalfClose,
        ),
        // A chunk size that is not hex, or absurdly large.
        5 => (head("Transfer-Encoding: chunked\r\n"), None, Then::Read),
        // Both framings, or a length that is not a plain number: actix refuses the head.
        6 => {
            let framing = rng.pick(&[
                "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n",
                "Content-Length: +5\r\n",
                "Content-Length: 5, 5\r\n",
                "Content-Length: 0x5\r\n",
                "Content-Length: 5\r\nContent-Length: 6\r\n",
                "Transfer-Encoding: identity\r\n",
                "Transfer-Encoding: chunked, gzip\r\n",
            ]);
            (head(framing), None, Then::Read)
        }
        // Content-Length: 0 with a body after it: an empty post, then junk.
        _ => (head("Content-Length: 0\r\n"), Some(empty()), Then::Read),
    };
    match kind {
        0 | 1 | 2 | 6 | 7 => raw.extend_from_slice(&body[..body.len().min(LIMIT)]),
        3 => {
            let chunked = chunked(body, 16);
            raw.extend_from_slice(&chunked[..rng.below(chunked.len() - 5).max(1)]);
        }
        4 => {
            raw.extend_from_slice(format!("{:x}\r\n", body.len() + 10).as_bytes());
            raw.extend_from_slice(body);
            raw.extend_from_slice(b"\r\n0\r\n\r\n");
        }
        _ => {
            raw.extend_from_slice(rng.pick(&[
                &b"zz\r\nhello\r\n0\r\n\r\n"[..],
                b"ffffffffffffffffffff\r\nhello\r\n",
                b"-1\r\nhello\r\n",
                b"5 \r\nhello\r\n0\r\n\r\n",
                b"5\rhello\r\n0\r\n\r\n",
                b"5\r\nhelloXX0\r\n\r\n",
            ]));
        }
    }
    let what = format!("lie {kind} on {}", case.describe());
    let Ok(mut stream) = TcpStream::connect(server.addr()) else {
        tally.lose(format!("{what}: cannot connect"));
        return;
    };
    let _ = stream.write_all(&raw);
    match then {
        Then::Drop => return,
        Then::HalfClose => {
            let _ = stream.shutdown(Shutdown::Write);
        }
        Then::Read => {}
    }
    // Read until the server closes, or has sent complete answers and then nothing for 300 ms.
    // Some lies must get an answer or a close; for the others, 300 ms of silence will do.
    let must_answer = first.is_some() || then == Then::HalfClose;
    let _ = stream.set_read_timeout(Some(Duration::from_millis(300)));
    let mut answer = Vec::new();
    let mut buffer = [0_u8; 16 * 1024];
    let deadline = Instant::now() + WAIT;
    let mut closed = false;
    while Instant::now() < deadline {
        match stream.read(&mut buffer) {
            Ok(0) => {
                closed = true;
                break;
            }
            Ok(read) => answer.extend_from_slice(&buffer[..read]),
            Err(error)
                if matches!(
                    error.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                let complete =
                    !answer.is_empty() && responses_in(&answer).iter().all(Option::is_some);
                if complete || (answer.is_empty() && !must_answer) {
                    break;
                }
            }
            Err(_) => {
                closed = true;
                break;
            }
        }
    }
    if must_answer && answer.is_empty() && !closed {
        tally.lose(format!("{what}: neither answered nor closed in {WAIT:?}"));
    }
    for (index, response) in responses_in(&answer).into_iter().enumerate() {
        let Some(response) = response else {
            tally.lose(format!(
                "{what}: an answer that does not parse: {}",
                short(&String::from_utf8_lossy(&answer))
            ));
            break;
        };
        if response.status >= 500 {
            tally.lose(format!(
                "{what}: {} {}",
                response.status,
                short(&response.text())
            ));
            continue;
        }
        // actix's own refusal of framing it cannot read: 400, empty body.
        if response.status == 400 && response.body.is_empty() {
            continue;
        }
        match (&first, index) {
            (Some(expected), 0) => {
                let mut expected_case = case.clone();
                expected_case.expected = expected.clone();
                check_answer(Example::Two, &expected_case, &response, tally);
            }
            _ if (400..500).contains(&response.status) => {
                if let Err(why) = crates_refusal(&response) {
                    tally.lose(format!("{what}: {why}"));
                }
            }
            _ => {}
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Then {
    Read,
    HalfClose,
    Drop,
}

/// Splits bytes read from a connection into the responses they hold (`None` for one that does
/// not parse). Bodies are `Content-Length` delimited (all the server sends here).
fn responses_in(mut bytes: &[u8]) -> Vec<Option<Response>> {
    let mut responses = Vec::new();
    while !bytes.is_empty() {
        let Some(head_end) = bytes.windows(4).position(|window| window == b"\r\n\r\n") else {
            responses.push(None);
            break;
        };
        let head = String::from_utf8_lossy(&bytes[..head_end]).into_owned();
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .and_then(|line| line.split(' ').nth(1))
            .and_then(|code| code.parse::<u16>().ok());
        let headers: Vec<(String, String)> = lines
            .filter_map(|line| line.split_once(':'))
            .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
            .collect();
        let length = headers
            .iter()
            .find(|(name, _)| name == "content-length")
            .and_then(|(_, value)| value.parse::<usize>().ok())
            .unwrap_or(0);
        let body_start = head_end + 4;
        let (Some(status), true) = (status, bytes.len() >= body_start + length) else {
            responses.push(None);
            break;
        };
        responses.push(Some(Response {
            status,
            headers,
            body: bytes[body_start..body_start + length].to_vec(),
            chunks: Vec::new(),
            framing: http::Framing::Length(length),
            complete: true,
        }));
        bytes = &bytes[body_start + length..];
    }
    responses
}
