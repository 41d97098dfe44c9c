//! A small raw HTTP/1.1 client that reports framing, so tests can see what a browser would.

use std::{
    io::{self, Read, Write},
    net::{SocketAddr, TcpStream},
    time::{Duration, Instant},
};

/// How long a request waits for its response unless told otherwise.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(10);

/// How the body of a response was delimited on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// `Content-Length: n`.
    Length(usize),
    /// `Transfer-Encoding: chunked`.
    Chunked,
    /// Neither: the body ends when the server closes the connection.
    CloseDelimited,
    /// No body is allowed (HEAD, 204, 304).
    NoBody,
}

/// One response as read from the wire.
#[derive(Debug, Clone)]
pub struct Response {
    /// Status code.
    pub status: u16,
    /// Header names lower-cased, in the order received.
    pub headers: Vec<(String, String)>,
    /// The body (decoded from chunks when chunked), as far as it arrived.
    pub body: Vec<u8>,
    /// Each chunk's data as it arrived, for chunked responses.
    pub chunks: Vec<Vec<u8>>,
    /// How the body was delimited.
    pub framing: Framing,
    /// Whether the response ended (all bytes of its length, the terminating chunk, or the close)
    /// before the wait ran out.
    pub complete: bool,
}

impl Response {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.as_str())
    }

    /// The body as UTF-8 text (lossy).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// A client connection that can carry several requests (keep-alive).
#[derive(Debug)]
pub struct Connection {
    stream: TcpStream,
    buffered: Vec<u8>,
    closed: bool,
}

impl Connection {
    /// Connects to `addr`.
    pub fn open(addr: SocketAddr) -> io::Result<Self> {
        let stream = TcpStream::connect_timeout(&addr, DEFAULT_WAIT)?;
        stream.set_nodelay(true)?;
        Ok(Self {
            stream,
            buffered: Vec::new(),
            closed: false,
        })
    }

    /// The underlying socket, to shut it down or write raw bytes.
    pub fn stream(&self) -> &TcpStream {
        &self.stream
    }

    /// Sends `GET path` (keep-alive) and reads the response.
    pub fn get(&mut self, path: &str) -> io::Result<Response> {
        self.request("GET", path, &[], b"")
    }

    /// Sends a request with extra headers and a body (`Content-Length` is added when a body is
    /// given) and reads the response within [`DEFAULT_WAIT`].
    pub fn request(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> io::Result<Response> {
        let mut raw = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (name, value) in headers {
            raw.push_str(&format!("{name}: {value}\r\n"));
        }
        if !body.is_empty() || method == "POST" || method == "PUT" {
            raw.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        raw.push_str("\r\n");
        let mut bytes = raw.into_bytes();
        bytes.extend_from_slice(body);
        self.send_raw(&bytes)?;
        self.read_response(method == "HEAD", DEFAULT_WAIT)
    }

    /// Writes bytes as they are.
    pub fn send_raw(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.stream.write_all(bytes)
    }

    /// Reads one response, waiting at most `wait` in all. A body still arriving when the wait
    /// runs out is returned with `complete: false`; no head at all is an error (`TimedOut`).
    pub fn read_response(&mut self, head_request: bool, wait: Duration) -> io::Result<Response> {
        self.read_response_up_to(head_request, wait, usize::MAX)
    }

    /// Reads the head of a response and the first `chunks` chunks of its chunked body, returning
    /// as soon as they are in (at most `wait`): for a response that streams without end, where
    /// [`read_response`](Self::read_response) would spend its whole wait waiting for the end.
    /// What follows those chunks is left unread, and `complete` stays `false` unless the body
    /// ended first. Other framings are read as by `read_response`.
    pub fn read_first_chunks(&mut self, chunks: usize, wait: Duration) -> io::Result<Response> {
        self.read_response_up_to(false, wait, chunks)
    }

    fn read_response_up_to(
        &mut self,
        head_request: bool,
        wait: Duration,
        max_chunks: usize,
    ) -> io::Result<Response> {
        let deadline = Instant::now() + wait;
        let head_end = loop {
            if let Some(end) = find(&self.buffered, b"\r\n\r\n") {
                break end;
            }
            if self.fill(deadline)? == 0 {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    format!(
                        "connection ended before a response head (got {:?})",
                        String::from_utf8_lossy(&self.buffered)
                    ),
                ));
            }
        };
        let head = String::from_utf8_lossy(&self.buffered[..head_end]).into_owned();
        self.buffered.drain(..head_end + 4);
        let mut lines = head.split("\r\n");
        let status_line = lines.next().unwrap_or_default();
        let status = status_line
            .split(' ')
            .nth(1)
            .and_then(|code| code.parse().ok())
            .ok_or_else(|| bad_data(format!("bad status line {status_line:?}")))?;
        let headers: Vec<(String, String)> = lines
            .filter_map(|line| line.split_once(':'))
            .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
            .collect();
        let mut response = Response {
            status,
            headers,
            body: Vec::new(),
            chunks: Vec::new(),
            framing: Framing::NoBody,
            complete: false,
        };
        let chunked = response
            .header("transfer-encoding")
            .is_some_and(|value| value.eq_ignore_ascii_case("chunked"));
        let length = response
            .header("content-length")
            .and_then(|value| value.parse::<usize>().ok());
        if head_request || status == 204 || status == 304 || (100..200).contains(&status) {
            response.complete = true;
        } else if chunked {
            response.framing = Framing::Chunked;
            self.read_chunks(&mut response, deadline, max_chunks)?;
        } else if let Some(length) = length {
            response.framing = Framing::Length(length);
            while self.buffered.len() < length {
                if self.fill(deadline)? == 0 {
                    break;
                }
            }
            let taken = length.min(self.buffered.len());
            response.body = self.buffered.drain(..taken).collect();
            response.complete = taken == length;
        } else {
            response.framing = Framing::CloseDelimited;
            while self.fill(deadline)? > 0 {}
            response.body = std::mem::take(&mut self.buffered);
            response.complete = self.closed;
        }
        Ok(response)
    }

    fn read_chunks(
        &mut self,
        response: &mut Response,
        deadline: Instant,
        max_chunks: usize,
    ) -> io::Result<()> {
        loop {
            if response.chunks.len() >= max_chunks {
                return Ok(());
            }
            let Some(line_end) = self.wait_for(b"\r\n", deadline)? else {
                return Ok(());
            };
            let size_text = String::from_utf8_lossy(&self.buffered[..line_end]).into_owned();
            let size_hex = size_text.split(';').next().unwrap_or_default().trim();
            let size = usize::from_str_radix(size_hex, 16)
                .map_err(|_| bad_data(format!("bad chunk size {size_text:?}")))?;
            if size == 0 {
                // Terminating chunk: trailers (if any) end with a blank line.
                if let Some(end) = self.wait_for(b"\r\n\r\n", deadline)? {
                    self.buffered.drain(..end + 4);
                    response.complete = true;
                }
                return Ok(());
            }
            let needed = line_end + 2 + size + 2;
            while self.buffered.len() < needed {
                if self.fill(deadline)? == 0 {
                    return Ok(());
                }
            }
            let data = self.buffered[line_end + 2..line_end + 2 + size].to_vec();
            self.buffered.drain(..needed);
            response.body.extend_from_slice(&data);
            response.chunks.push(data);
        }
    }

    /// Reads until `needle` is buffered; `None` if the wait ran out or the peer closed.
    fn wait_for(&mut self, needle: &[u8], deadline: Instant) -> io::Result<Option<usize>> {
        loop {
            if let Some(position) = find(&self.buffered, needle) {
                return Ok(Some(position));
            }
            if self.fill(deadline)? == 0 {
                return Ok(None);
            }
        }
    }

    /// Reads what is available before `deadline`; 0 means closed or out of time.
    fn fill(&mut self, deadline: Instant) -> io::Result<usize> {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Ok(0);
        }
        self.stream.set_read_timeout(Some(left))?;
        let mut chunk = [0_u8; 16 * 1024];
        match self.stream.read(&mut chunk) {
            Ok(0) => {
                self.closed = true;
                Ok(0)
            }
            Ok(read) => {
                self.buffered.extend_from_slice(&chunk[..read]);
                Ok(read)
            }
            Err(error)
                if matches!(
                    error.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                Ok(0)
            }
            Err(error) if error.kind() == io::ErrorKind::ConnectionReset => {
                self.closed = true;
                Ok(0)
            }
            // A signal arrived while waiting (the process's children come and go): read on.
            Err(error) if error.kind() == io::ErrorKind::Interrupted => self.fill(deadline),
            Err(error) => Err(error),
        }
    }

    /// Whether the server has closed the connection (seen as end of stream or a reset).
    pub fn is_closed_by_server(&mut self, wait: Duration) -> bool {
        if !self.closed {
            let deadline = Instant::now() + wait;
            while !self.closed && Instant::now() < deadline {
                if self.fill(deadline).unwrap_or(0) == 0 && !self.closed {
                    break;
                }
            }
        }
        self.closed
    }
}

/// `GET path` on a fresh connection.
pub fn get(addr: SocketAddr, path: &str) -> Response {
    Connection::open(addr)
        .and_then(|mut connection| connection.get(path))
        .unwrap_or_else(|error| panic!("GET {path}: {error}"))
}

/// A request on a fresh connection, with headers and a body.
pub fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Response {
    Connection::open(addr)
        .and_then(|mut connection| connection.request(method, path, headers, body))
        .unwrap_or_else(|error| panic!("{method} {path}: {error}"))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

fn bad_data(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
}
