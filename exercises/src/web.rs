//! Requests the checks send, with failures as sentences for the report instead of panics.

use std::{
    net::SocketAddr,
    time::{Duration, Instant},
};

use harness::http::{Connection, Response};

/// What came back, and how long it took.
#[derive(Debug)]
pub(crate) struct Reply {
    pub response: Response,
    pub took: Duration,
}

/// `GET path` on a fresh connection; `Err` says in words that nothing usable came back.
pub(crate) fn get(addr: SocketAddr, path: &str) -> Result<Response, String> {
    send(addr, "GET", path, &[], b"").map(|reply| reply.response)
}

/// `POST /form` with a form body, as the page sends it.
pub(crate) fn post_form(addr: SocketAddr, body: &str) -> Result<Reply, String> {
    send(
        addr,
        "POST",
        "/form",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        body.as_bytes(),
    )
}

/// `POST /form` with a JSON body, as curl or another program might send it.
pub(crate) fn post_json(addr: SocketAddr, body: &str) -> Result<Reply, String> {
    send(
        addr,
        "POST",
        "/form",
        &[("Content-Type", "application/json")],
        body.as_bytes(),
    )
}

/// A request on a fresh connection, answered within 10 s.
pub(crate) fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Result<Reply, String> {
    let started = Instant::now();
    Connection::open(addr)
        .and_then(|mut connection| connection.request(method, path, headers, body))
        .map(|response| Reply {
            response,
            took: started.elapsed(),
        })
        .map_err(|error| no_answer(method, path, &error))
}

/// `GET path`, reading for at most `wait`: for a response that may never end. Returns the
/// connection too, to see whether it can carry another request.
pub(crate) fn get_within(
    addr: SocketAddr,
    path: &str,
    wait: Duration,
) -> Result<(Connection, Response), String> {
    let mut connection = Connection::open(addr).map_err(|error| no_answer("GET", path, &error))?;
    connection
        .send_raw(format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").as_bytes())
        .and_then(|()| connection.read_response(false, wait))
        .map(|response| (connection, response))
        .map_err(|error| no_answer("GET", path, &error))
}

fn no_answer(method: &str, path: &str, error: &std::io::Error) -> String {
    format!(
        "{method} {path} got no answer ({error}): the server closed the connection without \
         answering, or took too long."
    )
}

/// The first value of a header, or `(none)`, for messages.
pub(crate) fn header_or_none<'a>(response: &'a Response, name: &str) -> &'a str {
    response.header(name).unwrap_or("(none)")
}

/// The body shortened for a message: the first 200 characters on one line.
pub(crate) fn shown(response: &Response) -> String {
    let text = response.text().replace(['\r', '\n'], " ");
    let text = text.trim();
    if text.is_empty() {
        "an empty body".to_owned()
    } else {
        format!("`{}`", harness::abbreviate(text, 200))
    }
}
