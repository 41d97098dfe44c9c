//! The WebDriver wire protocol, as far as the tests need it: one JSON command over HTTP/1.1 to
//! chromedriver, and its answer's `value` or the error it reports.
//!
//! Every command goes on a fresh loopback connection (`Connection: close`), so there is no
//! connection state to get wrong; a test sends a few hundred commands at most.

use std::{net::SocketAddr, time::Duration};

use serde_json::Value;

use crate::http::Connection;

/// How long a command may take to answer. Navigation is bounded by the session's own page-load
/// timeout, which is shorter, so this only catches a chromedriver that hangs.
const COMMAND_WAIT: Duration = Duration::from_secs(20);

/// WebDriver's key for an element reference in JSON.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// The HTTP methods WebDriver uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Method {
    Get,
    Post,
    Delete,
}

impl Method {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Delete => "DELETE",
        }
    }
}

/// chromedriver's HTTP endpoint.
#[derive(Debug, Clone, Copy)]
pub(super) struct Client {
    addr: SocketAddr,
}

impl Client {
    pub(super) fn new(addr: SocketAddr) -> Self {
        Self { addr }
    }

    /// Sends one command and returns its `value`, or the error chromedriver reported. `body` is
    /// sent with `POST` only (WebDriver wants `{}` when a command has no parameters).
    pub(super) fn command(
        &self,
        method: Method,
        path: &str,
        body: &Value,
    ) -> Result<Value, String> {
        let mut raw = format!(
            "{} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
            method.as_str(),
            self.addr
        );
        if method == Method::Post {
            let body = body.to_string();
            raw.push_str(&format!(
                "Content-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            ));
        } else {
            raw.push_str("\r\n");
        }
        let response = Connection::open(self.addr)
            .and_then(|mut connection| {
                connection.send_raw(raw.as_bytes())?;
                connection.read_response(false, COMMAND_WAIT)
            })
            .map_err(|error| error.to_string())?;
        if !response.complete {
            return Err(format!("no complete answer within {COMMAND_WAIT:?}"));
        }
        let mut answer: Value = serde_json::from_slice(&response.body)
            .map_err(|error| format!("{error} in {:?}", response.text()))?;
        let value = answer["value"].take();
        if response.status == 200 {
            Ok(value)
        } else {
            Err(format!(
                "{} ({}): {}",
                value["error"].as_str().unwrap_or("error"),
                response.status,
                value["message"].as_str().unwrap_or_default()
            ))
        }
    }
}

/// The element ids in the answer to `POST /elements` (a list of element references).
pub(super) fn element_ids(found: &Value) -> Vec<String> {
    found
        .as_array()
        .map(|references| {
            references
                .iter()
                .filter_map(|reference| reference[ELEMENT_KEY].as_str())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// An element reference, to pass an element to a script.
pub(super) fn element_reference(id: &str) -> Value {
    serde_json::json!({ ELEMENT_KEY: id })
}

/// A string result as a `String`: `null` (a script that returns nothing) is empty.
pub(super) fn into_string(value: Value) -> String {
    match value {
        Value::String(text) => text,
        Value::Null => String::new(),
        other => other.to_string(),
    }
}
