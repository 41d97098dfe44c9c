//! Where actix-web and actix-files, left alone, answer differently from Express: a request
//! pipelined after one marked `Connection: close`, a file asked for as a folder, and a `Range`
//! header with several ranges.

use std::{
    io::{self, Read, Write},
    net::TcpStream,
    time::{Duration, Instant},
};

use super::Tally;
use crate::{RunningExample, http::Connection};

/// Requests pipelined after one that asks to close the connection (`Connection: close`, or
/// HTTP/1.0 without keep-alive), in one write: Node answers the first and closes; so must the
/// server. With `file` (a path the example serves as a file): `file/` is Express's 404, and a
/// `Range` of several ranges is answered as Express's `send` answers it (joined into one when
/// they overlap or touch, else the whole file with 200).
pub fn attack_like_express(server: &RunningExample, file: Option<&str>) -> Tally {
    let mut tally = Tally::default();
    let closing_heads = [
        "GET /first HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "GET /first HTTP/1.1\r\nHost: x\r\nConnection: Close\r\nAccept: */*\r\n\r\n",
        "GET /first HTTP/1.0\r\n\r\n",
    ];
    for (index, first) in closing_heads.iter().enumerate() {
        for pipelined in 1..=3 {
            tally.inputs += 1 + pipelined;
            let mut raw = (*first).to_owned();
            for turn in 0..pipelined {
                raw.push_str(&format!("GET /after-{turn} HTTP/1.1\r\nHost: x\r\n\r\n"));
            }
            match answers_until_closed(server, raw.as_bytes()) {
                Ok(heads) if heads.len() == 1 => {}
                Ok(heads) => tally.lose(format!(
                    "close #{index} with {pipelined} pipelined: {} answers ({})",
                    heads.len(),
                    heads.join(", ")
                )),
                Err(error) => tally.lose(format!("close #{index} with {pipelined}: {error}")),
            }
        }
    }
    let Some(file) = file else {
        return tally;
    };
    let fetch = |method: &str, path: &str, headers: &[(&str, &str)]| {
        Connection::open(server.addr()).and_then(|mut c| c.request(method, path, headers, b""))
    };
    for method in ["GET", "HEAD"] {
        for suffix in ["/", "//"] {
            tally.inputs += 1;
            let path = format!("{file}{suffix}");
            match fetch(method, &path, &[]) {
                Ok(response) if response.status == 404 => {}
                Ok(response) => tally.lose(format!(
                    "{method} {path}: {} (Express: 404)",
                    response.status
                )),
                Err(error) => tally.lose(format!("{method} {path}: {error}")),
            }
        }
    }
    tally.inputs += 1;
    let whole = match fetch("GET", file, &[]) {
        Ok(response) if response.status == 200 && response.body.len() > 20 => response.body,
        Ok(response) => {
            tally.lose(format!(
                "GET {file}: {} with {} bytes",
                response.status,
                response.body.len()
            ));
            return tally;
        }
        Err(error) => {
            tally.lose(format!("GET {file}: {error}"));
            return tally;
        }
    };
    // (Range, status Express answers, the bytes it sends)
    let cases: [(&str, u16, &[u8]); 5] = [
        ("bytes=0-4, 10-14", 200, &whole),
        ("bytes=0-0,2-2,4-4", 200, &whole),
        ("bytes=0-4,5-9", 206, &whole[..10]),
        ("bytes=3-8, 0-4", 206, &whole[..9]),
        ("bytes=1-2,1-2,1-2", 206, &whole[1..3]),
    ];
    for (range, status, bytes) in cases {
        tally.inputs += 1;
        match fetch("GET", file, &[("Range", range)]) {
            Ok(response) if response.status == status && response.body == bytes => {}
            Ok(response) => tally.lose(format!(
                "Range {range}: {} with {} bytes (Express: {status} with {})",
                response.status,
                response.body.len(),
                bytes.len()
            )),
            Err(error) => tally.lose(format!("Range {range}: {error}")),
        }
    }
    tally
}

/// Sends `raw` in one write and reads until the server closes (at most 5 s): the status line
/// of every answer.
fn answers_until_closed(server: &RunningExample, raw: &[u8]) -> io::Result<Vec<String>> {
    let mut stream = TcpStream::connect(server.addr())?;
    stream.write_all(raw)?;
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut received = Vec::new();
    let mut buffer = [0_u8; 4096];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::Error::other("still open 5 s after the first answer"));
        }
        stream.set_read_timeout(Some(left))?;
        match stream.read(&mut buffer) {
            Ok(0) => break,
            Ok(read) => received.extend_from_slice(&buffer[..read]),
            Err(error) if error.kind() == io::ErrorKind::ConnectionReset => break,
            Err(error) => return Err(error),
        }
    }
    // A 404 page ends in a bare newline, so the next status line follows a `\n`.
    let text = String::from_utf8_lossy(&received);
    Ok(text
        .split('\n')
        .filter(|line| line.starts_with("HTTP/1."))
        .map(|line| line.trim_end_matches('\r'))
        .map(str::to_owned)
        .collect())
}
