//! Attacks that every example must shrug off, and a tally of what each one tried and lost.
//!
//! Each attack returns a [`Tally`]: how many inputs it sent, how many faults it injected
//! (resets, abandoned or idle connections), and a description of everything that went wrong
//! ("lost": a 5xx, a crash, a leak, something served from outside `www`). Tests assert that
//! nothing was lost, then [`Tally::report`] prints one `hostile:` line that `scripts/test` gathers
//! into the suite's summary.

use std::{
    fs,
    io::{Read, Write},
    net::{Shutdown, TcpStream},
    os::unix::fs::symlink,
    path::{Path, PathBuf},
    sync::atomic::{AtomicUsize, Ordering},
    time::{Duration, Instant},
};

use super::{
    RunningExample,
    http::{self, Connection},
};

mod backlog;
mod express;
mod output;
mod shown;

pub use backlog::{Backlog, attack_backlog};
pub use express::attack_like_express;
pub use output::{OutputRequest, attack_unread_output};
pub use shown::{Abandoned, attack_abandoned_requests, attack_shown_values};

/// Text that only appears in files outside `www/` (the workspace manifest, `/etc/passwd`): a
/// response containing it was served from where it must never be.
const OUTSIDE_WWW: [&str; 3] = ["[workspace]", "root:x:0", "[package]"];

/// What one attack tried, and what it lost (must stay empty).
#[derive(Debug, Default)]
pub struct Tally {
    /// Requests or byte sequences sent.
    pub inputs: usize,
    /// Faults injected: resets, half-sent requests, idle or abandoned connections.
    pub faults: usize,
    /// Connections held open at the peak of the attack.
    pub held: usize,
    /// Everything that went wrong, one line each.
    pub lost: Vec<String>,
}

impl Tally {
    /// Records a problem.
    pub fn lose(&mut self, what: impl Into<String>) {
        self.lost.push(what.into());
    }

    /// Panics with every loss listed, if anything was lost.
    pub fn assert_nothing_lost(&self, attack: &str) {
        assert!(
            self.lost.is_empty(),
            "{attack}: {} of {} inputs lost:\n{}",
            self.lost.len(),
            self.inputs,
            self.lost.join("\n")
        );
    }

    /// Asserts nothing was lost, then prints `hostile: <example> <attack>: ...` on the real
    /// stdout (not captured by the test harness), for the suite's summary.
    pub fn report(&self, example: &str, attack: &str) {
        self.assert_nothing_lost(attack);
        let line = format!(
            "hostile: {example} | {attack} | {} inputs | {} faults | {} held | {} lost\n",
            self.inputs,
            self.faults,
            self.held,
            self.lost.len()
        );
        let _ = std::io::stdout().write_all(line.as_bytes());
    }
}

/// Path traversal in every encoding we know, hidden files, NULs, overlong names and paths.
/// Each must be answered below 500, never with a file from outside `www`, and 4xx answers
/// must be short.
pub fn attack_paths(server: &RunningExample) -> Tally {
    let mut tally = Tally::default();
    let long_name = "a".repeat(300);
    let many_segments = "a/".repeat(2_000);
    let dots_up = "../".repeat(50);
    let mut paths: Vec<String> = [
        "/../Cargo.toml",
        "/../../Cargo.toml",
        "/../../../../../../../../etc/passwd",
        "/css/../../../Cargo.toml",
        "/./../../Cargo.toml",
        "/%2e%2e/%2e%2e/Cargo.toml",
        "/%2E%2E/%2E%2E/Cargo.toml",
        "/..%2f..%2fCargo.toml",
        "/%2e%2e%2f%2e%2e%2fCargo.toml",
        "/.%2e/.%2e/Cargo.toml",
        "/%252e%252e/%252e%252e/Cargo.toml",
        "/%25252e%25252e/Cargo.toml",
        "/..%5c..%5cCargo.toml",
        "/..\\..\\Cargo.toml",
        "/%5c..%5c..%5cCargo.toml",
        "/%c0%ae%c0%ae/%c0%ae%c0%ae/Cargo.toml",
        "/%c0%af../Cargo.toml",
        "/%ef%bc%8e%ef%bc%8e/Cargo.toml",
        "/%2fetc%2fpasswd",
        "//etc/passwd",
        "///../../Cargo.toml",
        "/index.html%00",
        "/index.html%00.css",
        "/%00",
        "/a%00/../../Cargo.toml",
        "/%ff%fe",
        "/.env",
        "/.git/config",
        "/css/.hidden",
        "/%2eenv",
        "/css/",
        "/images/",
        "/C:%5cWindows%5cwin.ini",
        "/*",
        "/a:",
        "/~root",
        "/index.html/",
        "/index.html/..",
        "/css/style.css/../../Cargo.toml",
    ]
    .iter()
    .map(|path| (*path).to_owned())
    .collect();
    paths.push(format!("/{long_name}"));
    paths.push(format!("/css/{long_name}/x"));
    paths.push(format!("/{many_segments}"));
    paths.push(format!("/{dots_up}Cargo.toml"));
    paths.push(format!("/css/{}", "%2e%2e/".repeat(40)));

    for path in &paths {
        tally.inputs += 1;
        let response = match Connection::open(server.addr()).and_then(|mut c| c.get(path)) {
            Ok(response) => response,
            Err(error) => {
                tally.lose(format!("GET {}: no answer ({error})", short(path)));
                continue;
            }
        };
        let body = response.text();
        if response.status >= 500 {
            tally.lose(format!("GET {}: {}", short(path), response.status));
        }
        if OUTSIDE_WWW.iter().any(|secret| body.contains(secret)) {
            tally.lose(format!(
                "GET {}: served a file from outside www",
                short(path)
            ));
        }
        if response.status >= 400 && body.len() > 1_024 {
            tally.lose(format!(
                "GET {}: {} answer of {} bytes",
                short(path),
                response.status,
                body.len()
            ));
        }
    }
    tally
}

/// Malformed and unusual requests, each on its own connection: every one gets an answer
/// below 500 or a closed connection, and the server keeps serving.
pub fn attack_protocol(server: &RunningExample) -> Tally {
    let mut tally = Tally::default();
    let long_url = format!("GET /{} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(100_000));
    let huge_header = format!(
        "GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "a".repeat(200_000)
    );
    let many_headers = format!(
        "GET / HTTP/1.1\r\nHost: x\r\n{}\r\n",
        (0..200)
            .map(|i| format!("X-{i}: y\r\n"))
            .collect::<String>()
    );
    let requests: Vec<(&str, Vec<u8>)> = vec![
        ("garbage", b"HELLO\r\n\r\n".to_vec()),
        ("binary noise", (0..=255_u8).cycle().take(4_000).collect()),
        ("no version", b"GET /\r\n\r\n".to_vec()),
        ("unknown version", b"GET / HTTP/9.9\r\nHost: x\r\n\r\n".to_vec()),
        ("bad method", b"G(T / HTTP/1.1\r\nHost: x\r\n\r\n".to_vec()),
        ("unknown method", b"BREW / HTTP/1.1\r\nHost: x\r\n\r\n".to_vec()),
        ("nul in target", b"GET /\0 HTTP/1.1\r\nHost: x\r\n\r\n".to_vec()),
        ("space in target", b"GET /a b HTTP/1.1\r\nHost: x\r\n\r\n".to_vec()),
        ("bare LF", b"GET / HTTP/1.1\nHost: x\n\n".to_vec()),
        ("header without colon", b"GET / HTTP/1.1\r\nHost x\r\n\r\n".to_vec()),
        ("control byte in header", b"GET / HTTP/1.1\r\nX: a\x01b\r\n\r\n".to_vec()),
        ("obsolete line folding", b"GET / HTTP/1.1\r\nX: a\r\n b\r\n\r\n".to_vec()),
        ("100 KB URL", long_url.into_bytes()),
        ("200 KB header", huge_header.into_bytes()),
        ("200 headers", many_headers.into_bytes()),
        (
            "chunked and length",
            b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n".to_vec(),
        ),
        (
            "two lengths",
            b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello".to_vec(),
        ),
        (
            "negative length",
            b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n".to_vec(),
        ),
        (
            "huge length",
            b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n".to_vec(),
        ),
        (
            "bad chunk size",
            b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n".to_vec(),
        ),
        (
            "unknown transfer coding",
            b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n".to_vec(),
        ),
        (
            "body on GET",
            b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello".to_vec(),
        ),
        (
            "expect 100-continue",
            b"POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nhi".to_vec(),
        ),
        (
            "absolute-form target",
            b"GET http://elsewhere.example/ HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
        ),
        ("asterisk target", b"OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n".to_vec()),
        ("CONNECT", b"CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: x\r\n\r\n".to_vec()),
        ("HTTP/1.0", b"GET / HTTP/1.0\r\n\r\n".to_vec()),
        ("HTTP/2 preface", b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".to_vec()),
        ("TLS hello", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03".to_vec()),
    ];
    for (name, bytes) in &requests {
        tally.inputs += 1;
        match answer_to_raw(server, bytes) {
            RawAnswer::Status(status) if status >= 500 => {
                tally.lose(format!("{name}: answered {status}"));
            }
            RawAnswer::Status(_) | RawAnswer::Closed => {}
            RawAnswer::Silent => tally.lose(format!("{name}: neither answered nor closed")),
        }
    }

    // HTTP/1.0 without keep-alive: one answer, then the server closes the connection.
    tally.inputs += 1;
    match Connection::open(server.addr()) {
        Ok(mut connection) => {
            let sent = connection.send_raw(b"GET /favicon.ico HTTP/1.0\r\n\r\n");
            let answered = sent.and_then(|()| connection.read_response(false, http::DEFAULT_WAIT));
            match answered {
                Ok(response) if response.status < 500 => {
                    if !connection.is_closed_by_server(http::DEFAULT_WAIT) {
                        tally.lose("HTTP/1.0: connection left open after the answer");
                    }
                }
                Ok(response) => tally.lose(format!("HTTP/1.0: answered {}", response.status)),
                Err(error) => tally.lose(format!("HTTP/1.0: {error}")),
            }
        }
        Err(error) => tally.lose(format!("HTTP/1.0: cannot connect ({error})")),
    }

    // Three pipelined requests in one write: three answers, in order.
    tally.inputs += 3;
    let pipelined = b"GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\nGET /c HTTP/1.1\r\nHost: x\r\n\r\n";
    match Connection::open(server.addr()) {
        Ok(mut connection) => {
            if let Err(error) = connection.send_raw(pipelined) {
                tally.lose(format!("pipelined: {error}"));
            }
            for expected in ["/a", "/b", "/c"] {
                match connection.read_response(false, http::DEFAULT_WAIT) {
                    Ok(response) if response.status == 404 => {
                        if !response.text().contains(expected) {
                            tally.lose(format!("pipelined: answer out of order for {expected}"));
                        }
                    }
                    // An example that answers every path (none does today) would still be fine.
                    Ok(response) if response.status < 500 => {}
                    Ok(response) => {
                        tally.lose(format!("pipelined {expected}: {}", response.status))
                    }
                    Err(error) => tally.lose(format!("pipelined {expected}: {error}")),
                }
            }
        }
        Err(error) => tally.lose(format!("pipelined: cannot connect ({error})")),
    }
    tally
}

/// Connections reset by the client half-way through a request and while a response is being
/// sent (a reset is what a client's close with unread data becomes).
pub fn attack_resets(server: &RunningExample, path: &str) -> Tally {
    let mut tally = Tally::default();
    for round in 0..50 {
        tally.inputs += 1;
        tally.faults += 1;
        let Ok(mut stream) = TcpStream::connect(server.addr()) else {
            tally.lose(format!("reset round {round}: cannot connect"));
            continue;
        };
        if round % 2 == 0 {
            // Mid-response: ask, let the answer arrive unread, then close (RST).
            let _ = write!(stream, "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n");
            let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
            let mut first = [0_u8; 1];
            let _ = stream.peek(&mut first);
        } else {
            // Mid-request: a complete request whose answer stays unread, then half of the next.
            let _ = write!(stream, "GET {path} HTTP/1.1\r\nHost: x\r\n\r\nGET / HTT");
            let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
            let mut first = [0_u8; 1];
            let _ = stream.peek(&mut first);
        }
        drop(stream);
    }
    tally
}

/// Opens `count` keep-alive connections that each make one request and then sit idle; the
/// server must keep answering others meanwhile, then close the idle ones itself (keep-alive
/// timeout) so that its open sockets return to the baseline.
pub fn attack_idle_keep_alive(server: &RunningExample, path: &str, count: usize) -> Tally {
    let mut tally = Tally::default();
    let baseline = server.open_sockets();
    let mut idle = Vec::with_capacity(count);
    for index in 0..count {
        tally.inputs += 1;
        match Connection::open(server.addr()).and_then(|mut c| c.get(path).map(|r| (c, r))) {
            Ok((connection, response)) if response.status < 500 => idle.push(connection),
            Ok((_, response)) => tally.lose(format!("idle #{index}: {}", response.status)),
            Err(error) => tally.lose(format!("idle #{index}: {error}")),
        }
    }
    tally.held = idle.len();
    tally.faults += idle.len();
    tally.inputs += 1;
    match Connection::open(server.addr()).and_then(|mut c| c.get(path)) {
        Ok(response) if response.status < 500 => {}
        Ok(response) => tally.lose(format!("while {count} idle: {}", response.status)),
        Err(error) => tally.lose(format!("while {count} idle: not served ({error})")),
    }
    // actix closes a keep-alive connection after 5 s without a request.
    let deadline = Instant::now() + Duration::from_secs(15);
    for connection in &mut idle {
        let left = deadline.saturating_duration_since(Instant::now());
        if !connection.is_closed_by_server(left) {
            tally.lose("an idle keep-alive connection was never closed by the server");
            break;
        }
    }
    drop(idle);
    if let Err(left) = wait_for_sockets(server, baseline, Duration::from_secs(5)) {
        tally.lose(format!(
            "{left} sockets still open after idle connections closed (baseline {baseline})"
        ));
    }
    tally
}

/// A client that sends its request head one byte at a time, slowly: the server must give up
/// on it (408 or a close) within its request timeout, and serve others meanwhile.
pub fn attack_slow_headers(server: &RunningExample) -> Tally {
    let mut tally = Tally::default();
    tally.inputs += 1;
    tally.faults += 1;
    let Ok(mut stream) = TcpStream::connect(server.addr()) else {
        tally.lose("slow headers: cannot connect");
        return tally;
    };
    let head = b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ";
    let started = Instant::now();
    let limit = Duration::from_secs(12);
    let _ = stream.write_all(head);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(250)));
    let mut given_up = false;
    let mut checked_others = false;
    let mut buffer = [0_u8; 512];
    while !given_up && started.elapsed() < limit {
        // One more byte every 250 ms keeps the connection busy but never completes the head.
        if stream.write_all(b"a").is_err() {
            given_up = true;
            break;
        }
        match stream.read(&mut buffer) {
            Ok(0) => given_up = true,
            Ok(read) => {
                let answer = String::from_utf8_lossy(&buffer[..read]).into_owned();
                if answer.starts_with("HTTP/1.1 5") {
                    let status_line = answer.lines().next().unwrap_or_default().to_owned();
                    tally.lose(format!("slow headers: {status_line}"));
                }
                given_up = true;
            }
            Err(error)
                if matches!(
                    error.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => given_up = true,
        }
        if !checked_others {
            // Meanwhile, others are served.
            checked_others = true;
            tally.inputs += 1;
            match Connection::open(server.addr()).and_then(|mut c| c.get("/")) {
                Ok(response) if response.status < 500 => {}
                Ok(response) => tally.lose(format!("while a client trickles: {}", response.status)),
                Err(error) => tally.lose(format!("while a client trickles: {error}")),
            }
        }
    }
    let _ = stream.shutdown(Shutdown::Both);
    if !given_up {
        tally.lose(format!("slow headers: still connected after {limit:?}"));
    }
    tally
}

/// Checks that the server still answers `GET path` with `status`.
pub fn assert_still_serving(server: &RunningExample, path: &str, status: u16) {
    let response = Connection::open(server.addr())
        .and_then(|mut c| c.get(path))
        .unwrap_or_else(|error| panic!("the server no longer answers GET {path}: {error}"));
    assert_eq!(response.status, status, "GET {path} after the attack");
}

/// Waits until the server's open sockets are back to `baseline`; `Err(open)` if not in time.
pub fn wait_for_sockets(
    server: &RunningExample,
    baseline: usize,
    timeout: Duration,
) -> Result<(), usize> {
    wait_for_at_most(baseline, timeout, || server.open_sockets())
}

/// Reads `reading` until it is at most `bound`, for at most `timeout`; `Err` with the last
/// reading if it never was.
fn wait_for_at_most<T: PartialOrd>(
    bound: T,
    timeout: Duration,
    mut reading: impl FnMut() -> T,
) -> Result<(), T> {
    let deadline = Instant::now() + timeout;
    loop {
        let now = reading();
        if now <= bound {
            return Ok(());
        }
        if Instant::now() >= deadline {
            return Err(now);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

enum RawAnswer {
    Status(u16),
    Closed,
    Silent,
}

/// Sends `bytes` on a fresh connection and reports the status of the answer, if any.
fn answer_to_raw(server: &RunningExample, bytes: &[u8]) -> RawAnswer {
    let Ok(mut stream) = TcpStream::connect(server.addr()) else {
        return RawAnswer::Closed;
    };
    // The server may close before reading everything; that is a fine answer too.
    let _ = stream.write_all(bytes);
    let _ = stream.set_read_timeout(Some(http::DEFAULT_WAIT));
    let mut answer = Vec::new();
    let mut buffer = [0_u8; 1_024];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => break,
            Ok(read) => {
                answer.extend_from_slice(&buffer[..read]);
                if answer.windows(4).any(|window| window == b"\r\n\r\n") {
                    break;
                }
            }
            Err(error) if error.kind() == std::io::ErrorKind::ConnectionReset => break,
            Err(_) => return RawAnswer::Silent,
        }
    }
    let text = String::from_utf8_lossy(&answer);
    // Skip interim 100-continue answers.
    let final_status = text
        .split("\r\n\r\n")
        .filter_map(|head| head.split(' ').nth(1)?.parse::<u16>().ok())
        .find(|status| *status >= 200);
    match final_status {
        Some(status) => RawAnswer::Status(status),
        None if text.starts_with("HTTP/1.1 100") => RawAnswer::Status(100),
        None => RawAnswer::Closed,
    }
}

fn short(path: &str) -> String {
    shared::abbreviate(path, 60).into_owned()
}

/// Opens `count` connections that each ask for `path` and read its first `chunks` chunks,
/// then leaves them open: responses that stream without end, held by abandoned clients.
pub fn hold_streaming_responses(
    server: &RunningExample,
    path: &str,
    count: usize,
    chunks: usize,
    tally: &mut Tally,
) -> Vec<Connection> {
    let mut held = Vec::with_capacity(count);
    for index in 0..count {
        tally.inputs += 1;
        let opened = Connection::open(server.addr()).and_then(|mut connection| {
            connection.send_raw(format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes())?;
            let response = connection.read_first_chunks(chunks, http::DEFAULT_WAIT)?;
            Ok((connection, response))
        });
        match opened {
            Ok((connection, response)) if response.chunks.len() == chunks => held.push(connection),
            Ok((_, response)) => tally.lose(format!(
                "stream #{index}: {} chunks of {chunks}",
                response.chunks.len()
            )),
            Err(error) => tally.lose(format!("stream #{index}: {error}")),
        }
    }
    tally.held = tally.held.max(held.len());
    tally.faults += held.len();
    held
}

/// A temporary copy of a `www` folder with traps set in it, removed on drop: symlinks that lead
/// outside it (to a file and to a folder), a hidden file, and a harmless symlink that stays
/// inside. Serve it by starting an example with `WWW_DIR` set to [`TrappedWww::root`].
#[derive(Debug)]
pub struct TrappedWww {
    base: PathBuf,
    /// The folder to serve.
    pub root: PathBuf,
}

/// What only the traps' targets contain: seeing it in an answer means it leaked.
const TRAPPED_CONTENT: &str = "CONTENT-FROM-OUTSIDE-WWW";

impl TrappedWww {
    /// Copies `www` (one article's folder) and sets the traps.
    pub fn copy_of(www: &Path) -> Self {
        static COPIES: AtomicUsize = AtomicUsize::new(0);
        let base = std::env::temp_dir().join(format!(
            "trapped-www-{}-{}",
            std::process::id(),
            COPIES.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = fs::remove_dir_all(&base);
        let root = base.join("www");
        let outside = base.join("outside");
        fs::create_dir_all(&outside).expect("create the outside folder");
        copy_tree(www, &root);
        let secret = outside.join("secret.txt");
        fs::write(&secret, TRAPPED_CONTENT).expect("write the outside file");
        fs::write(root.join(".env"), TRAPPED_CONTENT).expect("write .env");
        symlink(&secret, root.join("leak.txt")).expect("symlink to a file outside");
        symlink(&outside, root.join("outside")).expect("symlink to a folder outside");
        symlink(root.join("index.html"), root.join("home.html")).expect("symlink inside");
        Self { base, root }
    }

    /// `root` as the value of `WWW_DIR`.
    pub fn root_env(&self) -> &str {
        self.root.to_str().expect("temporary paths are UTF-8 here")
    }
}

impl Drop for TrappedWww {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.base);
    }
}

/// Requests every trap of a [`TrappedWww`] the server serves: each must be the Express 404, and
/// the symlink that stays inside an ordinary file.
pub fn attack_symlinks(server: &RunningExample) -> Tally {
    let mut tally = Tally::default();
    for path in [
        "/leak.txt",
        "/outside/secret.txt",
        "/outside/",
        "/outside",
        "/.env",
        "/%2eenv",
        "/outside/../leak.txt",
    ] {
        tally.inputs += 1;
        match Connection::open(server.addr()).and_then(|mut c| c.get(path)) {
            Ok(response) => {
                if response.text().contains(TRAPPED_CONTENT) {
                    tally.lose(format!("GET {path}: served a file from outside www"));
                } else if !(400..500).contains(&response.status) {
                    tally.lose(format!("GET {path}: {} instead of a 4xx", response.status));
                }
            }
            Err(error) => tally.lose(format!("GET {path}: no answer ({error})")),
        }
    }
    tally.inputs += 1;
    match Connection::open(server.addr()).and_then(|mut c| c.get("/home.html")) {
        Ok(response) if response.status == 200 => {}
        Ok(response) => tally.lose(format!("a symlink inside www: {}", response.status)),
        Err(error) => tally.lose(format!("a symlink inside www: {error}")),
    }
    tally
}

/// Files the server has just served (and may keep in memory: `serve-static/src/file_cache.rs`) are
/// swapped for ways out of `www`: a file for a symlink to a file outside, a folder for a symlink
/// to a folder outside holding a file of the same name and length. Every path must then be the
/// Express 404.
/// `paths` are two files of `trapped`, in different folders.
pub fn attack_swapped_for_symlinks(
    server: &RunningExample,
    trapped: &TrappedWww,
    [file_path, folder_file_path]: [&str; 2],
) -> Tally {
    let mut tally = Tally::default();
    let fetch = |path: &str| Connection::open(server.addr()).and_then(|mut c| c.get(path));
    // The length of the file in the folder, which the file put outside will match.
    let mut served_length = TRAPPED_CONTENT.len();
    for path in [file_path, folder_file_path] {
        for _ in 0..2 {
            tally.inputs += 1;
            match fetch(path) {
                Ok(response) if response.status == 200 => {
                    if path == folder_file_path {
                        served_length = response.body.len();
                    }
                }
                Ok(response) => {
                    tally.lose(format!("GET {path} before the swap: {}", response.status))
                }
                Err(error) => tally.lose(format!("GET {path} before the swap: {error}")),
            }
        }
    }
    let outside = trapped.base.join("outside");
    let file = trapped.root.join(file_path.trim_start_matches('/'));
    fs::remove_file(&file).expect("remove the served file");
    symlink(outside.join("secret.txt"), &file).expect("swap the file for a symlink");
    let folder_file = trapped.root.join(folder_file_path.trim_start_matches('/'));
    let folder = folder_file.parent().expect("a file in a folder");
    let name = folder_file.file_name().expect("a file name");
    let outside_folder = trapped.base.join("outside-folder");
    fs::create_dir_all(&outside_folder).expect("create a folder outside");
    // As long as the file it replaces, so that only where it is tells them apart.
    let trapped_content = TRAPPED_CONTENT.repeat(served_length / TRAPPED_CONTENT.len() + 1);
    let same_length = &trapped_content[..served_length.max(TRAPPED_CONTENT.len())];
    fs::write(outside_folder.join(name), same_length).expect("write a file outside");
    fs::remove_dir_all(folder).expect("remove the served folder");
    symlink(&outside_folder, folder).expect("swap the folder for a symlink");
    tally.faults += 2;
    for path in [file_path, folder_file_path] {
        tally.inputs += 1;
        match fetch(path) {
            Ok(response) if response.text().contains(TRAPPED_CONTENT) => {
                tally.lose(format!(
                    "GET {path} after the swap: served a file from outside www"
                ));
            }
            Ok(response) if response.status != 404 => {
                tally.lose(format!(
                    "GET {path} after the swap: {} instead of 404",
                    response.status
                ));
            }
            Ok(_) => {}
            Err(error) => tally.lose(format!("GET {path} after the swap: {error}")),
        }
    }
    tally
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create folder");
    for entry in fs::read_dir(from).expect("read folder") {
        let entry = entry.expect("folder entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// Clients that send a request head and part of its body, chunked or with a `Content-Length`,
/// then nothing. Whatever the server answers (below 500, or nothing), it must close each such
/// connection within `within`, so that its open sockets return to the baseline: a stalled body
/// must not hold a connection for as long as the client likes.
pub fn attack_stalled_bodies(
    server: &RunningExample,
    path: &str,
    count: usize,
    within: Duration,
) -> Tally {
    let mut tally = Tally::default();
    let baseline = server.open_sockets();
    let mut stalled = Vec::with_capacity(count);
    for index in 0..count {
        tally.inputs += 1;
        let framing = if index % 2 == 0 {
            "Transfer-Encoding: chunked\r\n\r\n5\r\nhel"
        } else {
            "Content-Length: 40\r\n\r\n{\"half\":"
        };
        let raw = format!(
            "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n{framing}"
        );
        match Connection::open(server.addr()).and_then(|mut connection| {
            connection.send_raw(raw.as_bytes())?;
            Ok(connection)
        }) {
            Ok(connection) => stalled.push(connection),
            Err(error) => tally.lose(format!("stalled #{index}: {error}")),
        }
    }
    tally.held = stalled.len();
    tally.faults += stalled.len();
    let deadline = Instant::now() + within;
    for (index, connection) in stalled.iter_mut().enumerate() {
        let left = deadline.saturating_duration_since(Instant::now());
        if let Ok(response) = connection.read_response(false, left)
            && response.status >= 500
        {
            tally.lose(format!("stalled #{index}: answered {}", response.status));
        }
        // A little time even past the deadline: one slow close must not fail all that follow.
        let left = deadline
            .saturating_duration_since(Instant::now())
            .max(Duration::from_millis(100));
        if !connection.is_closed_by_server(left) {
            let framing = if index % 2 == 0 {
                "chunked"
            } else {
                "with a length"
            };
            tally.lose(format!(
                "stalled #{index} ({framing}): still open after {within:?}"
            ));
        }
    }
    drop(stalled);
    if let Err(open) = wait_for_sockets(server, baseline, Duration::from_secs(5)) {
        tally.lose(format!(
            "{open} sockets open after the stalled clients (baseline {baseline})"
        ));
    }
    tally
}
