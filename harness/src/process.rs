//! A real example process on an ephemeral port, stopped when dropped.

use std::{
    io::{BufRead, BufReader, Read},
    net::SocketAddr,
    process::{Child, Command, ExitStatus, Stdio},
    sync::mpsc::{self, Receiver, RecvTimeoutError},
    thread,
    time::{Duration, Instant},
};

/// How long an example may take to print its banner.
const START_TIMEOUT: Duration = Duration::from_secs(20);

/// Options for starting an example; see [`crate::start_example!`].
#[derive(Debug)]
pub struct Start {
    binary: String,
    package: String,
    env: Vec<(String, String)>,
}

impl Start {
    /// The binary at `binary`, which must belong to the crate `package`.
    pub fn new(binary: &str, package: &str) -> Self {
        Self {
            binary: binary.to_owned(),
            package: package.to_owned(),
            env: vec![("REQUEST_LOG".into(), "off".into())],
        }
    }

    /// Sets an environment variable for the example (`PORT`, `REQUEST_LOG`, `WWW_DIR`, ...).
    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.env.retain(|(existing, _)| existing != key);
        self.env.push((key.to_owned(), value.to_owned()));
        self
    }

    /// Logs each request on stderr, as a user running the example would see.
    pub fn with_request_log(self) -> Self {
        self.env("REQUEST_LOG", "on")
    }

    /// The command that would be run, for tests of start-up failures.
    pub fn command(&self) -> Command {
        self.assert_binary_belongs_to_package();
        let mut command = Command::new(&self.binary);
        command.env("PORT", "0").env_remove("WWW_DIR");
        for (key, value) in &self.env {
            command.env(key, value);
        }
        command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        command
    }

    /// Starts the example and waits (bounded) until its banner says where it listens.
    pub fn run(self) -> RunningExample {
        self.try_run().unwrap_or_else(|error| panic!("{error}"))
    }

    /// [`run`](Self::run), but a start that fails (the binary cannot be spawned, exits or prints
    /// no banner in time) is an `Err` with one message, what the example printed on stderr
    /// included: for tools that explain the failure to a person instead of panicking.
    pub fn try_run(self) -> Result<RunningExample, String> {
        let mut child = self
            .command()
            .spawn()
            .map_err(|error| format!("cannot start {}: {error}", self.binary))?;
        // `command()` pipes both streams, so both are there to take.
        let stdout = lines_of(child.stdout.take().expect("stdout is piped"));
        let stderr = lines_of(child.stderr.take().expect("stderr is piped"));
        let mut example = RunningExample {
            child,
            port: 0,
            banner: String::new(),
            stdout,
            stderr,
        };
        let Some(banner) = example.next_stdout_line(START_TIMEOUT) else {
            // No banner: the process exited (its stdout closed) or hangs. Either way its stderr
            // says why; give it a moment to arrive in full.
            let exited = example.wait_for_exit(Duration::from_secs(1));
            let errors = example.stderr_within(Duration::from_millis(200)).join("\n");
            let what = match exited {
                Some(status) => format!("exited ({status}) without printing its banner"),
                None => format!("printed no banner in {START_TIMEOUT:?}"),
            };
            return Err(format!("{} {what}; stderr:\n{errors}", self.binary));
        };
        example.port = port_in_banner(&banner)
            .ok_or_else(|| format!("no http://localhost:<port> in banner {banner:?}"))?;
        example.banner = banner;
        Ok(example)
    }

    /// Cargo puts every crate's `example-1` at the same path (cargo issue 6313): when the whole
    /// workspace is built at once, the last one built wins. Refuse to test another crate's binary.
    fn assert_binary_belongs_to_package(&self) {
        let output = Command::new(&self.binary)
            .arg("--version")
            .output()
            .unwrap_or_else(|error| panic!("cannot run {} --version: {error}", self.binary));
        let version = String::from_utf8_lossy(&output.stdout);
        assert!(
            version.split_whitespace().next() == Some(self.package.as_str()),
            "{} is not {}'s binary (it says {version:?}): another crate's binary of the same name \
             overwrote it. Run tests one crate at a time (scripts/test does), e.g. \
             `cargo test -p {}`.",
            self.binary,
            self.package,
            self.package
        );
    }
}

/// An example binary running on `127.0.0.1:<port>`, killed when dropped.
#[derive(Debug)]
pub struct RunningExample {
    child: Child,
    /// The port the example bound (from its banner).
    pub port: u16,
    /// The first line the example printed.
    pub banner: String,
    stdout: Receiver<String>,
    stderr: Receiver<String>,
}

impl RunningExample {
    /// `127.0.0.1:<port>`.
    pub fn addr(&self) -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], self.port))
    }

    /// `http://127.0.0.1:<port><path>`.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// The operating system's process id, for signals and `/proc`.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The next line on stdout, if one arrives within `timeout`.
    pub fn next_stdout_line(&self, timeout: Duration) -> Option<String> {
        self.stdout.recv_timeout(timeout).ok()
    }

    /// Waits (bounded) for a line on stderr that contains `needle`; returns it.
    pub fn wait_for_stderr(&self, needle: &str, timeout: Duration) -> Option<String> {
        wait_for_line(&self.stderr, needle, timeout)
    }

    /// Waits (bounded) for a line on stdout that contains `needle`; returns it.
    pub fn wait_for_stdout(&self, needle: &str, timeout: Duration) -> Option<String> {
        wait_for_line(&self.stdout, needle, timeout)
    }

    /// Every stderr line until none arrives for `quiet` or the process closes its stderr (at
    /// most 2 s in all): what an exiting process said last.
    pub fn stderr_within(&self, quiet: Duration) -> Vec<String> {
        let deadline = Instant::now() + Duration::from_secs(2);
        let mut lines = Vec::new();
        while Instant::now() < deadline {
            match self.stderr.recv_timeout(quiet) {
                Ok(line) => lines.push(line),
                Err(_) => break,
            }
        }
        lines
    }

    /// Every stderr line that has arrived so far (without waiting).
    pub fn stderr_so_far(&self) -> Vec<String> {
        self.stderr.try_iter().collect()
    }

    /// Every stderr line the process wrote, once it has exited: waits (bounded) until the stream
    /// is closed, so no line still on its way is missed.
    pub fn stderr_to_end(&self, timeout: Duration) -> Vec<String> {
        lines_to_end(&self.stderr, timeout)
    }

    /// Every stdout line the process wrote, once it has exited (see [`Self::stderr_to_end`]).
    pub fn stdout_to_end(&self, timeout: Duration) -> Vec<String> {
        lines_to_end(&self.stdout, timeout)
    }

    /// Every stdout line that has arrived so far (without waiting).
    pub fn stdout_so_far(&self) -> Vec<String> {
        self.stdout.try_iter().collect()
    }

    /// Sends a signal by name (`TERM`, `INT`) with the system's `kill`.
    pub fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .args([format!("-{name}"), self.pid().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill -{name} {} failed", self.pid());
    }

    /// Waits up to `timeout` for the process to exit.
    pub fn wait_for_exit(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return Some(status);
            }
            if Instant::now() >= deadline {
                return None;
            }
            thread::sleep(Duration::from_millis(10));
        }
    }

    /// Sockets the process holds open (the listening one included), counted once each even
    /// when several descriptors share one (every worker thread has a copy of the listener).
    pub fn open_sockets(&self) -> usize {
        let Ok(entries) = std::fs::read_dir(format!("/proc/{}/fd", self.pid())) else {
            return 0;
        };
        let sockets: std::collections::BTreeSet<String> = entries
            .filter_map(Result::ok)
            .filter_map(|entry| std::fs::read_link(entry.path()).ok())
            .map(|target| target.to_string_lossy().into_owned())
            .filter(|target| target.starts_with("socket:"))
            .collect();
        sockets.len()
    }

    /// Resident memory in KiB (`VmRSS` of `/proc/<pid>/status`).
    pub fn resident_kib(&self) -> u64 {
        let status =
            std::fs::read_to_string(format!("/proc/{}/status", self.pid())).unwrap_or_default();
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmRSS:"))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    }
}

impl Drop for RunningExample {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn lines_of(stream: impl Read + Send + 'static) -> Receiver<String> {
    let (sender, receiver) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    receiver
}

fn lines_to_end(lines: &Receiver<String>, timeout: Duration) -> Vec<String> {
    let deadline = Instant::now() + timeout;
    let mut collected = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match lines.recv_timeout(left) {
            Ok(line) => collected.push(line),
            Err(RecvTimeoutError::Disconnected) => return collected,
            Err(RecvTimeoutError::Timeout) => {
                panic!("the stream was still open {timeout:?} later: has the process exited?")
            }
        }
    }
}

fn wait_for_line(lines: &Receiver<String>, needle: &str, timeout: Duration) -> Option<String> {
    let deadline = Instant::now() + timeout;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match lines.recv_timeout(left) {
            Ok(line) if line.contains(needle) => return Some(line),
            Ok(_) => {}
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return None,
        }
    }
}

/// The port in `...http://localhost:41234...`, as every example's banner prints it.
pub fn port_in_banner(banner: &str) -> Option<u16> {
    let after = banner.split("http://localhost:").nth(1)?;
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::port_in_banner;

    #[test]
    fn reads_the_port_from_either_banner() {
        assert_eq!(
            port_in_banner("Server is running. Point your browser to: http://localhost:41234"),
            Some(41234)
        );
        assert_eq!(
            port_in_banner(
                "The web server is running. Please open http://localhost:5000/ in your browser."
            ),
            Some(5000)
        );
        assert_eq!(port_in_banner("no url"), None);
    }
}
