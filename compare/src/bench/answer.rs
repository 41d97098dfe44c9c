//! What a server answers a row's request, asked once before the load: the status, media type and
//! body that the figures under load belong to.

use std::net::SocketAddr;

use harness::http::{Connection, DEFAULT_WAIT};

use super::workload::Workload;

/// One answer to the row's request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The path asked (the row's, or a file of the same role).
    pub path: String,
    /// The status code.
    pub status: u16,
    /// `Content-Type`, or empty.
    pub content_type: String,
    /// The body (chunks joined).
    pub body: Vec<u8>,
}

impl Answer {
    /// A 2xx: what the row is meant to measure.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// `200 text/css 945 B`.
    pub fn summary(&self) -> String {
        let media_type = self
            .content_type
            .split(';')
            .next()
            .unwrap_or_default()
            .trim();
        let media_type = if media_type.is_empty() {
            "-"
        } else {
            media_type
        };
        format!(
            "{} {media_type} {} B",
            self.status,
            super::units::thousands(self.body.len() as f64)
        )
    }
}

/// Sends the row's request for `path` on a fresh connection and reads the whole answer (the
/// delay rows take their second).
pub fn ask(addr: SocketAddr, workload: &Workload, path: &str) -> Result<Answer, String> {
    let (headers, body): (Vec<(&str, &str)>, &[u8]) = match workload.body {
        Some((content_type, body)) => (vec![("Content-Type", content_type)], body.as_bytes()),
        None => (Vec::new(), b""),
    };
    let response = Connection::open(addr)
        .and_then(|mut connection| connection.request(workload.method, path, &headers, body))
        .map_err(|error| format!("{} {path}: {error}", workload.method))?;
    if !response.complete {
        return Err(format!(
            "{} {path}: the answer did not end within {} s",
            workload.method,
            DEFAULT_WAIT.as_secs()
        ));
    }
    Ok(Answer {
        path: path.to_owned(),
        status: response.status,
        content_type: response
            .header("content-type")
            .unwrap_or_default()
            .to_owned(),
        body: response.body,
    })
}

/// The path a server is measured on: the row's when it answers it with a 2xx, else the first
/// file of the same role it answers (a Node original's own logo), else the row's (whose
/// non-2xx answer then keeps the row from a ratio).
pub fn choose(addr: SocketAddr, workload: &Workload) -> Result<Answer, String> {
    let asked = ask(addr, workload, workload.path)?;
    if asked.is_success() {
        return Ok(asked);
    }
    for path in workload.same_role {
        let other = ask(addr, workload, path)?;
        if other.is_success() {
            return Ok(other);
        }
    }
    Ok(asked)
}
