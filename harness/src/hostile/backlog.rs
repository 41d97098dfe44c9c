//! Clients that pile bytes up behind a response that never ends, then give up: pipelined
//! requests, or a chunked request body nobody reads. actix-http stops reading such a connection
//! once its buffer is full; what the client then does (close, reset, half-close) must still free
//! everything its requests held.

use std::{
    io::{self, Read, Write},
    net::{Shutdown, TcpStream},
    time::{Duration, Instant},
};

use super::{Tally, wait_for_at_most, wait_for_sockets};
use crate::{RunningExample, http};

/// Rounds of twelve clients, each of which must leave the server as it found it.
const ROUNDS: usize = 3;

/// How far above its baseline resident memory may stay once a round's clients have gone. While
/// they are connected it is far above: actix-http parses every request that has arrived behind
/// the one being answered before any of our code runs (up to 128 KiB of them, about 6.7 KB of
/// memory each, nearly all a header map made for 32 headers: up to 40 MB for one client; a round
/// peaks near 350 MB). All of it is freed when the client goes, and
/// `node_wire::give_back_freed_memory` has glibc give the free pages back within a second or so
/// (without it, a round left example-2 some 100 MB above its baseline). Measured after a round:
/// 3-4 MB above.
const RSS_ABOVE_BASELINE_KIB: u64 = 8 * 1024;

/// How long memory may take to come back: the give-back thread looks once a second.
const RSS_WAIT: Duration = Duration::from_secs(4);

/// What a client piles up behind the response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backlog {
    /// Requests pipelined behind it, which can never be answered.
    PipelinedRequests,
    /// The chunked body of the request itself, which nobody reads.
    ChunkedBody,
}

/// How a client gives up.
#[derive(Debug, Clone, Copy)]
enum Leave {
    /// Reads what has arrived, then closes (a FIN).
    Close,
    /// Closes with the response unread (the kernel sends a reset).
    Reset,
    /// Shuts its sending side and waits for the server to close.
    HalfClose,
}

/// One client of a round: how much it piles up, whether with its request or once the response
/// has started, and how it leaves.
#[derive(Debug, Clone, Copy)]
struct Client {
    bytes: usize,
    with_request: bool,
    leave: Leave,
}

/// Rounds of clients, each of which asks `path` (a response that never ends), piles up
/// `backlog` of sizes from a few kB to 1 MiB, and gives up in one of three ways. After each
/// round the server's descriptors, sockets and (when it reports them) live bodies must be back
/// to their baseline, it must not spin, and its resident memory must come back to within a few MB
/// of where it started. Meanwhile it must answer `idle_path` (any finite answer).
pub fn attack_backlog(
    server: &RunningExample,
    path: &str,
    idle_path: &str,
    backlog: Backlog,
) -> Tally {
    let mut tally = Tally::default();
    let mut live = LiveBodies::default();
    // The first answers grow the runtime to its working size.
    for _ in 0..3 {
        answer_idle(server, idle_path, &mut tally);
    }
    let baseline = Usage::of(server);
    let sizes: &[usize] = match backlog {
        // 6 kB stays in actix's buffer; the others fill it (128 KiB) and stop its reading.
        Backlog::PipelinedRequests => &[6_000, 140_000, 400_000, 1 << 20],
        Backlog::ChunkedBody => &[50_000, 150_000, 400_000, 1 << 20],
    };
    let leaves = [Leave::Close, Leave::Reset, Leave::HalfClose];
    let baseline_rss = server.resident_kib();
    for round in 0..ROUNDS {
        let clients: Vec<Client> = sizes
            .iter()
            .enumerate()
            .flat_map(|(index, &bytes)| {
                leaves.iter().enumerate().map(move |(turn, &leave)| Client {
                    bytes,
                    with_request: (index + turn + round) % 2 == 0,
                    leave,
                })
            })
            .collect();
        run_round(server, path, idle_path, backlog, &clients, &mut tally);
        if let Err(open) = wait_for_sockets(server, baseline.sockets, Duration::from_secs(5)) {
            tally.lose(format!(
                "round {round}: {open} sockets open 5 s after the clients left (baseline {})",
                baseline.sockets
            ));
        }
        let after = Usage::of(server);
        if after.fds > baseline.fds {
            tally.lose(format!(
                "round {round}: {} descriptors open after the clients left (baseline {})",
                after.fds, baseline.fds
            ));
        }
        if let Some(left) = live.wait_for_zero(server, Duration::from_secs(5)) {
            tally.lose(format!(
                "round {round}: {left} streaming bodies alive after the clients left"
            ));
        }
        let busy = cpu_used_while_idle(server, Duration::from_millis(300));
        if busy > Duration::from_millis(60) {
            tally.lose(format!(
                "round {round}: the server used {busy:?} of CPU in 300 ms with no client"
            ));
        }
        let bound = baseline_rss + RSS_ABOVE_BASELINE_KIB;
        if let Err(rss) = wait_for_at_most(bound, RSS_WAIT, || server.resident_kib()) {
            tally.lose(format!(
                "round {round}: resident memory {rss} KiB {RSS_WAIT:?} after the clients left, \
                 {} KiB above its baseline",
                rss.saturating_sub(baseline_rss)
            ));
        }
    }
    answer_idle(server, idle_path, &mut tally);
    tally
}

/// One round: every client connects, asks, piles up, then all leave together.
fn run_round(
    server: &RunningExample,
    path: &str,
    idle_path: &str,
    backlog: Backlog,
    clients: &[Client],
    tally: &mut Tally,
) {
    let mut held = Vec::with_capacity(clients.len());
    for client in clients {
        tally.inputs += 1;
        match pile_up(server, path, backlog, *client) {
            Ok(stream) => held.push((stream, client.leave)),
            Err(error) => tally.lose(format!("{backlog:?} of {} bytes: {error}", client.bytes)),
        }
    }
    tally.held = tally.held.max(held.len());
    // Others are still served while these wait.
    answer_idle(server, idle_path, tally);
    let mut half_closed = Vec::new();
    for (mut stream, leave) in held {
        tally.faults += 1;
        match leave {
            Leave::Close => {
                drain(&mut stream);
                drop(stream);
            }
            Leave::Reset => drop(stream),
            Leave::HalfClose => {
                let _ = stream.shutdown(Shutdown::Write);
                half_closed.push(stream);
            }
        }
    }
    let deadline = Instant::now() + Duration::from_secs(5);
    for mut stream in half_closed {
        let left = deadline.saturating_duration_since(Instant::now());
        if !closed_by_server(&mut stream, left.max(Duration::from_millis(100))) {
            tally.lose(format!(
                "{backlog:?}: a client that half-closed was still connected 5 s later"
            ));
        }
    }
}

/// Connects, asks `path`, and sends `client.bytes` of backlog, with the request or after the
/// response's first bytes, for as long as the server takes them (at most 300 ms of waiting).
fn pile_up(
    server: &RunningExample,
    path: &str,
    backlog: Backlog,
    client: Client,
) -> io::Result<TcpStream> {
    let mut stream = TcpStream::connect_timeout(&server.addr(), http::DEFAULT_WAIT)?;
    let head = match backlog {
        Backlog::PipelinedRequests => format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n"),
        Backlog::ChunkedBody => {
            format!("GET {path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
        }
    };
    let pile = match backlog {
        Backlog::PipelinedRequests => pipelined_requests(path, client.bytes),
        Backlog::ChunkedBody => chunks(client.bytes),
    };
    if client.with_request {
        stream.write_all(head.as_bytes())?;
    } else {
        stream.write_all(head.as_bytes())?;
        // The response has started: its head and first chunks arrive.
        stream.set_read_timeout(Some(http::DEFAULT_WAIT))?;
        let mut first = [0_u8; 512];
        if stream.read(&mut first)? == 0 {
            return Err(io::Error::other("closed before answering"));
        }
    }
    // A server that stops reading makes the write wait: that is the point, not a failure.
    stream.set_write_timeout(Some(Duration::from_millis(300)))?;
    match stream.write_all(&pile) {
        Ok(()) => {}
        Err(error)
            if matches!(
                error.kind(),
                io::ErrorKind::WouldBlock
                    | io::ErrorKind::TimedOut
                    | io::ErrorKind::BrokenPipe
                    | io::ErrorKind::ConnectionReset
            ) => {}
        Err(error) => return Err(error),
    }
    Ok(stream)
}

/// About `bytes` of requests for `path`, in three shapes, one after another.
fn pipelined_requests(path: &str, bytes: usize) -> Vec<u8> {
    let shapes = [
        format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n"),
        format!(
            "GET {path}?queued HTTP/1.1\r\nHost: x\r\nAccept: */*\r\nX-Pad: {}\r\n\r\n",
            "p".repeat(64)
        ),
        "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n".to_owned(),
    ];
    let mut pile = Vec::with_capacity(bytes + 128);
    for shape in shapes.iter().cycle() {
        if pile.len() >= bytes {
            break;
        }
        pile.extend_from_slice(shape.as_bytes());
    }
    pile
}

/// About `bytes` of chunked body, in chunks of 1 byte to 16 KiB, with no last chunk.
fn chunks(bytes: usize) -> Vec<u8> {
    let mut pile = Vec::with_capacity(bytes + 1024);
    let mut size = 1;
    while pile.len() < bytes {
        pile.extend_from_slice(format!("{size:x}\r\n").as_bytes());
        pile.extend(std::iter::repeat_n(b'b', size));
        pile.extend_from_slice(b"\r\n");
        size = if size >= 16 * 1024 { 1 } else { size * 4 };
    }
    pile
}

fn answer_idle(server: &RunningExample, idle_path: &str, tally: &mut Tally) {
    tally.inputs += 1;
    match http::Connection::open(server.addr()).and_then(|mut c| c.get(idle_path)) {
        Ok(response) if response.status < 500 => {}
        Ok(response) => tally.lose(format!("GET {idle_path}: {}", response.status)),
        Err(error) => tally.lose(format!("GET {idle_path}: not answered ({error})")),
    }
}

/// Reads whatever has arrived, without waiting.
fn drain(stream: &mut TcpStream) {
    let _ = stream.set_nonblocking(true);
    let mut buffer = [0_u8; 16 * 1024];
    while matches!(stream.read(&mut buffer), Ok(read) if read > 0) {}
}

/// Whether the server closes (or resets) the connection within `wait`, reading what comes.
fn closed_by_server(stream: &mut TcpStream, wait: Duration) -> bool {
    let deadline = Instant::now() + wait;
    let _ = stream.set_nonblocking(false);
    let mut buffer = [0_u8; 16 * 1024];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return false;
        }
        match stream.read(&mut buffer) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(error)
                if matches!(
                    error.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                return false;
            }
            Err(_) => return true,
        }
    }
}

/// Descriptors and sockets a process holds.
#[derive(Debug, Clone, Copy)]
struct Usage {
    fds: usize,
    sockets: usize,
}

impl Usage {
    fn of(server: &RunningExample) -> Self {
        let fds = std::fs::read_dir(format!("/proc/{}/fd", server.pid()))
            .map_or(0, |entries| entries.count());
        Self {
            fds,
            sockets: server.open_sockets(),
        }
    }
}

/// The server's CPU time (user and system, all threads) spent over `window`.
pub(crate) fn cpu_used_while_idle(server: &RunningExample, window: Duration) -> Duration {
    let before = cpu_ticks(server);
    // A measuring window, not a wait for something to happen.
    std::thread::sleep(window);
    let ticks = cpu_ticks(server).saturating_sub(before);
    // Linux counts CPU time in clock ticks of 10 ms (USER_HZ = 100).
    Duration::from_millis(ticks * 10)
}

fn cpu_ticks(server: &RunningExample) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{}/stat", server.pid())).unwrap_or_default();
    // After the command name in parentheses: state is field 3, utime 14 and stime 15.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |(_, rest)| rest)
        .split_whitespace()
        .collect();
    let field = |index: usize| fields.get(index).and_then(|f| f.parse::<u64>().ok());
    field(11).unwrap_or(0) + field(12).unwrap_or(0)
}

/// The live streaming bodies an example reports on stderr (`live streaming bodies: N`, with
/// `LOG_LIVE_BODIES=on`), if it does.
#[derive(Debug, Default)]
struct LiveBodies {
    last: Option<usize>,
}

impl LiveBodies {
    const REPORT: &str = "live streaming bodies: ";

    /// `None` once the count is zero (or the example does not report it), else what is left
    /// after `wait`.
    fn wait_for_zero(&mut self, server: &RunningExample, wait: Duration) -> Option<usize> {
        let deadline = Instant::now() + wait;
        let mut next_wait = Duration::ZERO;
        loop {
            // Every report that has arrived, then (bounded) the next one.
            while let Some(line) = server.wait_for_stderr(Self::REPORT, next_wait) {
                self.last = line
                    .split(Self::REPORT)
                    .nth(1)
                    .and_then(|count| count.trim().parse().ok());
                next_wait = Duration::ZERO;
            }
            match self.last {
                None | Some(0) => return None,
                Some(left) if Instant::now() >= deadline => return Some(left),
                Some(_) => next_wait = Duration::from_millis(100),
            }
        }
    }
}
