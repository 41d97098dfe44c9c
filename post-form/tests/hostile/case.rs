//! One post: its headers, body and framing on the wire, and the answer the oracle expects.

use crate::{
    FORM, JSON, LIMIT,
    checks::short,
    oracle::{Expected, empty, form_rules, json_rules},
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
        Self::new(true, JSON, body)
    }

    pub fn form(body: Vec<u8>) -> Self {
        Self::new(false, FORM, body)
    }

    fn new(json: bool, content_type: &str, body: Vec<u8>) -> Self {
        let mut case = Self {
            json,
            content_type: Some(content_type.to_owned()),
            headers: Vec::new(),
            body,
            chunked: None,
            expected: empty(),
            intended: None,
        };
        case.expected = case.by_the_rules();
        case
    }

    /// Sends it chunked, in chunks of at most `size` bytes (`None`: with `Content-Length`).
    pub fn in_chunks(mut self, size: Option<usize>) -> Self {
        self.chunked = size;
        self.expected = self.by_the_rules();
        // A generator's form without pairs, sent chunked, is an empty form, not a missing body.
        if !self.json && self.body.is_empty() && size.is_some() && self.intended == Some(empty()) {
            self.intended = Some(Expected::Fields {
                first: None,
                last: None,
                parsed_as: "urlencoded",
            });
        }
        self
    }

    /// What the oracle says: a body over the limit is refused whatever it holds; `Content-Length:
    /// 0` is no body at all; any other body is read by its type's rules (an empty chunked one
    /// too).
    fn by_the_rules(&self) -> Expected {
        if self.body.len() > LIMIT {
            Expected::Refused(413, TOO_LARGE.to_owned())
        } else if self.body.is_empty() && self.chunked.is_none() {
            empty()
        } else if self.json {
            json_rules(&self.body)
        } else {
            form_rules(&self.body)
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
