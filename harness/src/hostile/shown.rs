//! What a server repeats of what a client sent: in its log lines and its error pages, every
//! client value is at most `shared::SHOWN_CHARS` characters once escaped, and no control or
//! Unicode format character (bidi overrides, zero-width ones) reaches a line raw. And every
//! request gets its log line, also when its client left before the answer.

use std::{
    io::Write,
    net::TcpStream,
    time::{Duration, Instant},
};

use shared::SHOWN_CHARS;

use super::Tally;
use crate::{RunningExample, http::Connection};

/// Characters that make a terminal show something other than what is there: they must never
/// reach a log line raw (each is sent by the attack).
const MISLEADING: [char; 10] = [
    '\u{202e}', '\u{202d}', '\u{200e}', '\u{200f}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
    '\u{feff}', '\u{200b}',
];

/// Fixed text a log line may add around its client values (`Error [...]: ... (GET `, ` 404
/// 0.123456 ms`).
const LINE_TEXT: usize = 160;

/// Requests whose method, target or posted fields are 60-100 kB long, made of characters that
/// escape to several, or of bidi and other format characters. `post_path`, when given, is where
/// the example takes form and JSON posts (and logs their fields). The server must have been
/// started with its request log on. Every line it writes meanwhile must hold at most two client
/// values (`2 * SHOWN_CHARS` characters) besides its own text, with no control or format
/// character; every 4xx body likewise.
pub fn attack_shown_values(server: &RunningExample, post_path: Option<&str>) -> Tally {
    let mut tally = Tally::default();
    let long = 100_000;
    // A request target longer than 65,534 bytes is refused (400) before any app code runs.
    let long_target = 60_000;
    let mut raw: Vec<(String, Vec<u8>)> = vec![
        (
            "100 kB method".into(),
            format!("{} / HTTP/1.1\r\nHost: x\r\n\r\n", "M".repeat(long)).into_bytes(),
        ),
        (
            "60 kB path".into(),
            format!(
                "GET /{} HTTP/1.1\r\nHost: x\r\n\r\n",
                "a".repeat(long_target)
            )
            .into_bytes(),
        ),
        (
            "60 kB query on /".into(),
            format!(
                "GET /?q={} HTTP/1.1\r\nHost: x\r\n\r\n",
                "q".repeat(long_target)
            )
            .into_bytes(),
        ),
        (
            "19,000 percent escapes".into(),
            format!("GET /{} HTTP/1.1\r\nHost: x\r\n\r\n", "%01".repeat(19_000)).into_bytes(),
        ),
        (
            // `'` and `&` are what a request target may hold of HTML's specials (raw `<` or `"`
            // are refused before any app code runs); each is five characters once escaped.
            "HTML specials".into(),
            format!("GET /{} HTTP/1.1\r\nHost: x\r\n\r\n", "'&".repeat(20_000)).into_bytes(),
        ),
    ];
    if let Some(path) = post_path {
        let misleading: String = MISLEADING.iter().collect();
        let encoded_misleading: String = misleading
            .bytes()
            .map(|byte| format!("%{byte:02X}"))
            .collect();
        let form = |first: &str, last: &str| {
            let body = format!("firstName={first}&lastName={last}");
            format!(
                "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            )
            .into_bytes()
        };
        let json = |body: String| {
            format!(
                "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            )
            .into_bytes()
        };
        raw.extend([
            (
                "a form field of 33,000 control bytes".into(),
                form(&"%01".repeat(33_000), "x"),
            ),
            (
                "two form fields of 16,000 newlines and escapes".into(),
                form(&"%0A".repeat(16_000), &"%1B".repeat(16_000)),
            ),
            (
                "bidi and format characters in form fields".into(),
                form(
                    &format!("Ada{encoded_misleading}"),
                    &encoded_misleading.repeat(500),
                ),
            ),
            (
                "a JSON field of 16,000 control characters".into(),
                json(format!(
                    r#"{{"firstName":"{}","lastName":"{}"}}"#,
                    "\\u0001".repeat(16_000),
                    "\\t".repeat(1_000)
                )),
            ),
            (
                "bidi and format characters in JSON".into(),
                json(format!(
                    r#"{{"firstName":"{misleading}","lastName":"x{}"}}"#,
                    misleading.repeat(2_000)
                )),
            ),
        ]);
    }
    // Every request is sent before any answer is read: post-form example-3 answers a post after
    // a second, and those seconds then pass together.
    let sent: Vec<_> = raw
        .iter()
        .map(|(name, bytes)| {
            let connection = Connection::open(server.addr()).and_then(|mut connection| {
                connection.send_raw(bytes)?;
                Ok(connection)
            });
            (name, connection)
        })
        .collect();
    for (name, connection) in sent {
        tally.inputs += 1;
        let answered = connection
            .and_then(|mut connection| connection.read_response(false, crate::http::DEFAULT_WAIT));
        match answered {
            Ok(response) if response.status >= 500 => {
                tally.lose(format!("{name}: answered {}", response.status));
            }
            Ok(response) if response.status >= 400 => {
                let body = response.text();
                let chars = body.chars().count();
                if chars > 2 * SHOWN_CHARS + LINE_TEXT {
                    tally.lose(format!(
                        "{name}: a {} page of {chars} characters",
                        response.status
                    ));
                }
            }
            Ok(_) => {}
            Err(error) => tally.lose(format!("{name}: not answered ({error})")),
        }
    }
    let lines = output_so_far(server);
    // One request-log line at least per request (post-form adds its own): none would mean the
    // log was off and nothing was tested.
    if lines.len() < raw.len() {
        tally.lose(format!(
            "{} lines written for {} requests: is the request log on?",
            lines.len(),
            raw.len()
        ));
    }
    for line in lines {
        check_line(&line, &mut tally);
    }
    tally
}

/// Every line the server wrote on stdout and stderr, until none comes for half a second.
fn output_so_far(server: &RunningExample) -> Vec<String> {
    let mut lines = server.stderr_within(Duration::from_millis(500));
    while let Some(line) = server.next_stdout_line(Duration::from_millis(200)) {
        lines.push(line);
    }
    lines
}

fn check_line(line: &str, tally: &mut Tally) {
    let chars = line.chars().count();
    if chars > 2 * SHOWN_CHARS + LINE_TEXT {
        tally.lose(format!(
            "a line of {chars} characters: {}",
            crate::abbreviate(line, 80)
        ));
    }
    if let Some(raw) = line
        .chars()
        .find(|character| character.is_control() || MISLEADING.contains(character))
    {
        tally.lose(format!(
            "a line shows {:?} raw: {}",
            raw,
            crate::abbreviate(&line.escape_debug().to_string(), 80)
        ));
    }
}

/// One kind of request that takes the server a while, abandoned by its client.
#[derive(Debug, Clone, Copy)]
pub enum Abandoned {
    /// A complete request (head and body), closed before the answer, once the server has
    /// logged `logged_marker`-bearing output (post-form example-3 logs a post on arrival) or at
    /// once.
    Complete {
        /// `GET` or `POST`.
        method: &'static str,
        /// The path; `?abandoned=<n>` is added.
        path: &'static str,
        /// A form body, or empty.
        body: &'static str,
        /// Whether the server writes the body's first name on stdout on arrival (then the client
        /// waits for that line before leaving).
        logged_on_arrival: bool,
    },
    /// A head that announces a form body of 100 bytes, and 10 of them: the server waits for the
    /// rest until the client leaves.
    StalledBody {
        /// The path; `?abandoned=<n>` is added.
        path: &'static str,
    },
}

/// `count` requests of each kind, each abandoned by its client before the answer: each must
/// still get exactly one line in the request log (status `-` or what the server answered) within
/// 5 s. The server must have been started with its request log on.
pub fn attack_abandoned_requests(
    server: &RunningExample,
    kinds: &[Abandoned],
    count: usize,
) -> Tally {
    let mut tally = Tally::default();
    let mut markers = Vec::new();
    for (kind_index, kind) in kinds.iter().enumerate() {
        for index in 0..count {
            let marker = format!("abandoned={kind_index}x{index}");
            tally.inputs += 1;
            tally.faults += 1;
            let (raw, wait_for) = match *kind {
                Abandoned::Complete {
                    method,
                    path,
                    body,
                    logged_on_arrival,
                } => {
                    let body = body.replace("{marker}", &marker);
                    let head = format!(
                        "{method} {path}?{marker} HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
                        body.len()
                    );
                    (head + &body, logged_on_arrival.then(|| marker.clone()))
                }
                Abandoned::StalledBody { path } => (
                    format!(
                        "POST {path}?{marker} HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nfirstName="
                    ),
                    None,
                ),
            };
            match TcpStream::connect(server.addr()) {
                Ok(mut stream) => {
                    if let Err(error) = stream.write_all(raw.as_bytes()) {
                        tally.lose(format!("{marker}: {error}"));
                    }
                    if let Some(marker) = wait_for
                        && server
                            .wait_for_stdout(&marker, Duration::from_secs(5))
                            .is_none()
                    {
                        tally.lose(format!("{marker}: never logged its arrival"));
                    }
                    drop(stream);
                }
                Err(error) => tally.lose(format!("{marker}: cannot connect ({error})")),
            }
            markers.push(marker);
        }
    }
    // Every abandoned request's line, within 5 s.
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut seen = vec![0_usize; markers.len()];
    while seen.contains(&0) && Instant::now() < deadline {
        if let Some(line) = server.wait_for_stderr("abandoned=", Duration::from_millis(200)) {
            for (index, marker) in markers.iter().enumerate() {
                // `abandoned=0x1` is also the start of `abandoned=0x10`: match the whole value.
                if line.contains(&format!("{marker} ")) {
                    seen[index] += 1;
                }
            }
        }
    }
    // Lines that arrive a little later would be second lines.
    while let Some(line) = server.wait_for_stderr("abandoned=", Duration::from_millis(300)) {
        for (index, marker) in markers.iter().enumerate() {
            if line.contains(&format!("{marker} ")) {
                seen[index] += 1;
            }
        }
    }
    for (marker, lines) in markers.iter().zip(seen) {
        if lines != 1 {
            tally.lose(format!("{marker}: {lines} request-log lines (want one)"));
        }
    }
    tally
}
