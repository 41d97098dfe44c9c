//! One post: its headers, body and framing on the wire, and the answer the oracle expects.

use crate::{
    FORM, JSON, LIMIT,
    checks::short,
    oracle::{Expected, form_rules, json_rules},
    refusals::TOO_LARGE,
};

/// One post: its headers, body, framing and what must come back.
#[derive(Debug, Clone)]
pub struct Case {
    pub json: bool,
    pub content_type: Option<String>,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Chunked with chunks of at most this size; `None`: `Content-Length`.
    pub chunked: Option<usize>,
    /// What the oracle says the answer must be.
    pub expected: Expected,
    /// What the generator meant, when it built the body from values it knows; it must agree
    /// with the oracle (else the test, not the server, is wrong).
    pub intended: Option<Expected>,
}

impl Case {
    pub fn json(body: Vec<u8>) -> Self {
        Self {
            json: true,
            content_type: Some(JSON.to_owned()),
            headers: Vec::new(),
            expected: within_limit(&body, json_rules),
            body,
            chunked: None,
            intended: None,
        }
    }

    pub fn form(body: Vec<u8>) -> Self {
        Self {
            json: false,
            content_type: Some(FORM.to_owned()),
            headers: Vec::new(),
            expected: within_limit(&body, form_rules),
            body,
            chunked: None,
            intended: None,
        }
    }

    /// Records what the generator meant (a body over the limit is still a 413).
    pub fn meant(mut self, intended: Expected) -> Self {
        self.intended = Some(if self.body.len() > LIMIT {
            Expected::Refused(413, TOO_LARGE.to_owned())
        } else {
            intended
        });
        self
    }

    /// The request on the wire.
    pub fn raw(&self) -> Vec<u8> {
        let mut head = String::from("POST /form HTTP/1.1\r\nHost: x\r\n");
        if let Some(content_type) = &self.content_type {
            head.push_str(&format!("Content-Type: {content_type}\r\n"));
        }
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        match self.chunked {
            None => head.push_str(&format!("Content-Length: {}\r\n\r\n", self.body.len())),
            Some(_) => head.push_str("Transfer-Encoding: chunked\r\n\r\n"),
        }
        let mut raw = head.into_bytes();
        match self.chunked {
            None => raw.extend_from_slice(&self.body),
            Some(size) => raw.extend_from_slice(&chunked(&self.body, size.max(1))),
        }
        raw
    }

    /// A short description for a loss line.
    pub fn describe(&self) -> String {
        format!(
            "{} {}{} body {:?}",
            self.content_type
                .as_deref()
                .map_or("(no type)".into(), short),
            if self.chunked.is_some() {
                "chunked "
            } else {
                ""
            },
            self.body.len(),
            short(&String::from_utf8_lossy(&self.body))
        )
    }
}

/// A body over the limit is refused whatever it holds.
fn within_limit(body: &[u8], rules: fn(&[u8]) -> Expected) -> Expected {
    if body.len() > LIMIT {
        Expected::Refused(413, TOO_LARGE.to_owned())
    } else {
        rules(body)
    }
}

pub fn chunked(body: &[u8], size: usize) -> Vec<u8> {
    let mut raw = Vec::with_capacity(body.len() + body.len() / size * 8 + 8);
    for chunk in body.chunks(size) {
        raw.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        raw.extend_from_slice(chunk);
        raw.extend_from_slice(b"\r\n");
    }
    raw.extend_from_slice(b"0\r\n\r\n");
    raw
}
