//! The client that sends the cases: keeps its connection while the server does, checks each
//! answer.

use std::{io, net::SocketAddr};

use harness::{
    hostile::Tally,
    http::{Connection, Response},
};

use crate::{
    WAIT,
    case::Case,
    checks::{Example, check_answer},
};

/// A client that keeps its connection while the server does, as a browser would.
pub struct Client {
    addr: SocketAddr,
    connection: Option<Connection>,
}

impl Client {
    pub fn new(addr: SocketAddr) -> Self {
        Self {
            addr,
            connection: None,
        }
    }

    /// Sends the case, checks its answer, and records the outcome in `tally`.
    pub fn check(&mut self, example: Example, case: &Case, tally: &mut Tally) {
        tally.inputs += 1;
        if let Some(intended) = &case.intended
            && *intended != case.expected
        {
            tally.lose(format!(
                "{}: the generator meant {intended:?}, the oracle reads {:?}",
                case.describe(),
                case.expected
            ));
        }
        match self.send(&case.raw()) {
            Ok(response) => check_answer(example, case, &response, tally),
            Err(error) => tally.lose(format!("{}: no answer ({error})", case.describe())),
        }
    }

    fn send(&mut self, raw: &[u8]) -> io::Result<Response> {
        let reused = self.connection.is_some();
        match self.send_once(raw) {
            // A kept-alive connection may have been closed by the server between requests.
            Err(_) if reused => self.send_once(raw),
            answer => answer,
        }
    }

    fn send_once(&mut self, raw: &[u8]) -> io::Result<Response> {
        let mut connection = match self.connection.take() {
            Some(connection) => connection,
            None => Connection::open(self.addr)?,
        };
        // The server may answer (a 413) and close before it has read everything we send.
        let sent = connection.send_raw(raw);
        let response = match (connection.read_response(false, WAIT), sent) {
            (Ok(response), _) => response,
            (Err(_), Err(error)) | (Err(error), Ok(())) => return Err(error),
        };
        if response.complete && response.header("connection") != Some("close") {
            self.connection = Some(connection);
        }
        Ok(response)
    }
}
