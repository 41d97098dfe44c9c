//! Sends a script's probes to one server and records what came back, as the wire showed it.

use std::{io, time::Duration, time::Instant};

use harness::http::{Connection, Framing};

use crate::{
    page_link,
    script::{Probe, is_placeholder},
    target::Running,
};

/// How long to wait for output from a probe marked `log`.
const LOG_WAIT: Duration = Duration::from_secs(1);

/// How long to listen for output after any other probe: Express logs an error's stack just
/// after it answered (on the next tick), and those lines belong to this probe, not the next.
const STRAGGLER_WAIT: Duration = Duration::from_millis(25);

/// What one probe saw.
#[derive(Debug, Clone)]
pub struct Observation {
    /// The response, or why there was none.
    pub outcome: Result<Reply, String>,
    /// What the server printed meanwhile; `None` when its output is not seen (a URL target).
    pub log: Option<Vec<String>>,
    /// Something about the request itself (a placeholder with no value).
    pub note: Option<String>,
    /// The target sent: the probe's, or for a `linked` probe the path this side's page names.
    pub target: String,
}

/// A response as it arrived.
#[derive(Debug, Clone)]
pub struct Reply {
    /// Status code.
    pub status: u16,
    /// Header names lower-cased, in order.
    pub headers: Vec<(String, String)>,
    /// The body (de-chunked), as far as it arrived.
    pub body: Vec<u8>,
    /// How the body was delimited.
    pub framing: Framing,
    /// Number of chunks, for chunked bodies.
    pub chunks: usize,
    /// Whether the response ended within the wait.
    pub complete: bool,
    /// From sending the request to the end of the response (or to the end of the wait).
    pub elapsed: Duration,
    /// How long the response was given.
    pub waited: Duration,
}

impl Reply {
    /// The first value of header `name` (lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// Runs every probe in order against `server`; each response may take `default_wait` unless its
/// probe says otherwise.
pub fn run_script(server: &Running, probes: &[Probe], default_wait: Duration) -> Vec<Observation> {
    let mut observations: Vec<Observation> = Vec::new();
    let mut previous: Option<Connection> = None;
    // Anything printed at start-up after the banner is not any probe's doing.
    server.output_lines(Duration::ZERO);
    for probe in probes {
        let target = request_target(probe, probes, &observations);
        let (request, note) = build_request(probe, &target, probes, &observations);
        let wait = probe.wait.unwrap_or(default_wait);
        let connection = match previous.take() {
            Some(connection) if probe.reuse => Ok(connection),
            _ if probe.reuse && !observations.is_empty() => {
                Err("not sent: the previous response never ended".to_owned())
            }
            _ => Connection::open(server.addr).map_err(|error| format!("cannot connect: {error}")),
        };
        let outcome = connection.and_then(|mut connection| {
            let reply = exchange(&mut connection, &probe.method, &request, wait);
            if reply.as_ref().is_ok_and(|reply| reply.complete) {
                previous = Some(connection);
            }
            reply
        });
        let log = server.sees_output().then(|| {
            let first_wait = if probe.log { LOG_WAIT } else { STRAGGLER_WAIT };
            server
                .output_lines(first_wait)
                .into_iter()
                .map(|line| line.text)
                .collect()
        });
        observations.push(Observation {
            outcome,
            log,
            note,
            target,
        });
    }
    observations
}

fn exchange(
    connection: &mut Connection,
    method: &str,
    request: &[u8],
    wait: Duration,
) -> Result<Reply, String> {
    let started = Instant::now();
    connection
        .send_raw(request)
        .map_err(|error| format!("cannot send: {error}"))?;
    match connection.read_response(method == "HEAD", wait) {
        Ok(response) => {
            let elapsed = started.elapsed().min(wait);
            Ok(Reply {
                status: response.status,
                chunks: response.chunks.len(),
                headers: response.headers,
                body: response.body,
                framing: response.framing,
                complete: response.complete,
                elapsed,
                waited: wait,
            })
        }
        Err(error) if error.kind() == io::ErrorKind::UnexpectedEof => {
            if connection.is_closed_by_server(Duration::ZERO) {
                Err("closed without a response".into())
            } else {
                Err(format!("no response within {}", seconds(wait)))
            }
        }
        Err(error) => Err(format!("bad response: {error}")),
    }
}

/// The target to send: for a `linked` probe, the path this side's own page names (its logo may
/// be `images/nodejs-logo.png` where ours is `images/logo.svg`); else, or when the page names
/// none, the probe's.
fn request_target(probe: &Probe, probes: &[Probe], observations: &[Observation]) -> String {
    let Some(link) = &probe.linked else {
        return probe.target.clone();
    };
    probes
        .iter()
        .zip(observations)
        .find(|(page, _)| page.id == link.page)
        .and_then(|(_, observation)| {
            let reply = observation.outcome.as_ref().ok()?;
            let html = String::from_utf8_lossy(&reply.body);
            page_link::linked_target(&html, &observation.target, link)
        })
        .unwrap_or_else(|| probe.target.clone())
}

/// The request's bytes, with `{probe.header}` placeholders filled from earlier responses.
fn build_request(
    probe: &Probe,
    target: &str,
    probes: &[Probe],
    observations: &[Observation],
) -> (Vec<u8>, Option<String>) {
    let mut missing = Vec::new();
    let mut fill = |text: &str| fill_placeholders(text, probes, observations, &mut missing);
    let mut head = format!("{} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n", probe.method);
    for (name, value) in &probe.headers {
        head.push_str(&format!("{name}: {}\r\n", fill(value)));
    }
    let body = probe
        .body
        .as_ref()
        .map(|body| fill(&String::from_utf8_lossy(body)).into_bytes());
    let has_length = probe
        .headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("content-length"));
    if let Some(body) = &body
        && !has_length
    {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend(body.unwrap_or_default());
    let note = (!missing.is_empty()).then(|| format!("no value for {}", missing.join(", ")));
    (bytes, note)
}

fn fill_placeholders(
    text: &str,
    probes: &[Probe],
    observations: &[Observation],
    missing: &mut Vec<String>,
) -> String {
    let mut filled = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|close| open + close) else {
            break;
        };
        filled.push_str(&rest[..open]);
        let name = &rest[open + 1..close];
        match name.split_once('.').filter(|_| is_placeholder(name)) {
            Some((id, header)) => {
                let value = probes
                    .iter()
                    .zip(observations)
                    .find(|(probe, _)| probe.id == id)
                    .and_then(|(_, observation)| observation.outcome.as_ref().ok())
                    .and_then(|reply| reply.header(&header.to_ascii_lowercase()));
                match value {
                    Some(value) => filled.push_str(value),
                    None => missing.push(format!("{{{name}}}")),
                }
            }
            // Not a placeholder (JSON bodies have braces): keep it as written.
            None => filled.push_str(&rest[open..=close]),
        }
        rest = &rest[close + 1..];
    }
    filled.push_str(rest);
    filled
}

/// `2 s`, `0.5 s`.
pub fn seconds(duration: Duration) -> String {
    let value = duration.as_secs_f64();
    if value.fract() == 0.0 {
        format!("{value:.0} s")
    } else {
        format!("{value:.1} s")
    }
}
