//! A server whose output nobody reads: stdout and stderr are pipes, full, and nobody drains them
//! (a stuck log collector, `| less` left open, Ctrl-S in a terminal). Node keeps answering;
//! so must every example.

use std::{
    fs::OpenOptions,
    io::{self, Read, Write},
    os::unix::fs::OpenOptionsExt,
    process::{Child, ChildStderr, ChildStdout},
    thread,
    time::{Duration, Instant},
};

use super::Tally;
use crate::{Start, http::Connection, port_in_banner};

/// One request of the attack: method, path, body (form-encoded when not empty).
pub type OutputRequest = (&'static str, &'static str, &'static [u8]);

/// Starts the example (request log on) with stdout and stderr piped to this process, reads its
/// banner, then fills both pipes to capacity (64 KiB on Linux) and reads nothing more. Then
/// `count` requests, `requests` in turn, over `connections` keep-alive connections at once: every
/// one must be answered below 500, all within `within`.
pub fn attack_unread_output(
    start: Start,
    requests: &[OutputRequest],
    count: usize,
    connections: usize,
    within: Duration,
) -> Tally {
    let mut tally = Tally::default();
    let mut server = match Unread::start(start) {
        Ok(server) => server,
        Err(error) => {
            tally.lose(format!("cannot start the example: {error}"));
            return tally;
        }
    };
    for (name, fd) in [("stdout", 1), ("stderr", 2)] {
        match fill_pipe(server.child.id(), fd) {
            Ok(written) => tally.faults += usize::from(written > 0),
            Err(error) => tally.lose(format!("cannot fill the server's {name}: {error}")),
        }
    }
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], server.port));
    let started = Instant::now();
    let deadline = started + within;
    let per_connection = count.div_ceil(connections);
    let clients: Vec<_> = (0..connections)
        .map(|client| {
            let mine: Vec<OutputRequest> = (0..per_connection)
                .map(|turn| client * per_connection + turn)
                .filter(|index| *index < count)
                .map(|index| requests[index % requests.len()])
                .collect();
            thread::spawn(move || {
                let mut lost = Vec::new();
                let mut connection = None;
                for (method, path, body) in &mine {
                    let left = deadline.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        lost.push(format!("{method} {path}: not sent, the time was up"));
                        continue;
                    }
                    let answer = match &mut connection {
                        Some(open) => ask(open, method, path, body, left),
                        None => Connection::open(addr).and_then(|mut open| {
                            let answer = ask(&mut open, method, path, body, left);
                            connection = Some(open);
                            answer
                        }),
                    };
                    match answer {
                        Ok((status, closes)) if status < 500 => {
                            if closes {
                                connection = None;
                            }
                        }
                        Ok((status, _)) => lost.push(format!("{method} {path}: {status}")),
                        Err(error) => {
                            lost.push(format!("{method} {path}: not answered ({error})"));
                            connection = None;
                        }
                    }
                }
                (mine.len(), lost)
            })
        })
        .collect();
    for client in clients {
        match client.join() {
            Ok((sent, lost)) => {
                tally.inputs += sent;
                for what in lost {
                    tally.lose(what);
                }
            }
            Err(_) => tally.lose("a client thread panicked"),
        }
    }
    let took = started.elapsed();
    if took > within {
        tally.lose(format!(
            "{count} requests took {took:?} with the output unread (allowed {within:?})"
        ));
    }
    tally.held = connections;
    // Read again: the server must still be alive, and answer.
    server.drain_in_background();
    let wait = crate::http::DEFAULT_WAIT;
    match Connection::open(addr).and_then(|mut open| ask(&mut open, "GET", "/", b"", wait)) {
        Ok((status, _)) if status < 500 => {}
        Ok((status, _)) => tally.lose(format!("once the output was read again: {status}")),
        Err(error) => tally.lose(format!("once the output was read again: {error}")),
    }
    if let Ok(Some(status)) = server.child.try_wait() {
        tally.lose(format!("the server exited ({status})"));
    }
    tally
}

/// The status, and whether the server closes the connection after it; waits at most `wait`.
fn ask(
    connection: &mut Connection,
    method: &str,
    path: &str,
    body: &[u8],
    wait: Duration,
) -> io::Result<(u16, bool)> {
    let mut raw = format!("{method} {path} HTTP/1.1\r\nHost: x\r\n");
    if !body.is_empty() {
        raw.push_str(&format!(
            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    raw.push_str("\r\n");
    let mut raw = raw.into_bytes();
    raw.extend_from_slice(body);
    connection.send_raw(&raw)?;
    let response = connection.read_response(method == "HEAD", wait)?;
    let closes = response
        .header("connection")
        .is_some_and(|value| value.eq_ignore_ascii_case("close"));
    Ok((response.status, closes))
}

/// Writes into the pipe behind the server's descriptor `fd` until it is full; returns how many
/// bytes that took. Opened through `/proc`, so the server's own end stays as it is (blocking).
fn fill_pipe(pid: u32, fd: u32) -> io::Result<usize> {
    let mut pipe = OpenOptions::new()
        .write(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(format!("/proc/{pid}/fd/{fd}"))?;
    let block = [b'.'; 4096];
    let mut written = 0;
    loop {
        match pipe.write(&block) {
            Ok(0) => return Ok(written),
            Ok(count) => written += count,
            Err(error) if error.kind() == io::ErrorKind::WouldBlock => return Ok(written),
            Err(error) => return Err(error),
        }
    }
}

/// The example process, with its output pipes held unread; killed when dropped.
struct Unread {
    child: Child,
    port: u16,
    stdout: Option<ChildStdout>,
    stderr: Option<ChildStderr>,
}

impl Unread {
    fn start(start: Start) -> io::Result<Self> {
        let mut child = start.with_request_log().command().spawn()?;
        let mut server = Self {
            stdout: child.stdout.take(),
            stderr: child.stderr.take(),
            child,
            port: 0,
        };
        // The banner, one byte at a time, so that nothing after it is read.
        let mut banner = Vec::new();
        let mut byte = [0_u8; 1];
        let stdout = server.stdout.as_mut().ok_or(io::ErrorKind::NotFound)?;
        while banner.len() < 1024 && stdout.read(&mut byte)? == 1 && byte[0] != b'\n' {
            banner.push(byte[0]);
        }
        server.port = port_in_banner(&String::from_utf8_lossy(&banner))
            .ok_or_else(|| io::Error::other("no port in the banner"))?;
        Ok(server)
    }

    /// Reads both pipes from now on, on threads of their own.
    fn drain_in_background(&mut self) {
        if let Some(mut stdout) = self.stdout.take() {
            thread::spawn(move || io::copy(&mut stdout, &mut io::sink()));
        }
        if let Some(mut stderr) = self.stderr.take() {
            thread::spawn(move || io::copy(&mut stderr, &mut io::sink()));
        }
    }
}

impl Drop for Unread {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
