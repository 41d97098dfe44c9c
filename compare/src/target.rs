//! The servers being compared: one of our examples (built and started here), a Node original
//! (`node <script>` started here on its fixed port), or a URL already running.

use harness::{BuildError, build_binary, port_in_banner};
use std::{
    ffi::OsStr,
    fmt,
    io::{BufRead, BufReader, Read},
    net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs},
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::{
        atomic::{AtomicUsize, Ordering},
        mpsc::{self, Receiver},
    },
    thread,
    time::{Duration, Instant},
};

use crate::article::Article;

/// How long a server may take to print its banner and accept connections.
const START_TIMEOUT: Duration = Duration::from_secs(20);

/// What the user named on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetSpec {
    /// `example-N`: our example of the article's crate.
    Ours {
        /// The binary's name, `example-2`.
        example: String,
    },
    /// `node:<path>`: a Node original (a script, or the checkout folder).
    Node {
        /// The path given.
        path: PathBuf,
    },
    /// `http://host:port`: a server someone else started.
    Url {
        /// Where it listens.
        addr: SocketAddr,
        /// The URL as given, for labels.
        url: String,
    },
}

impl TargetSpec {
    /// Reads `example-2`, `node:../checkout/example-2.js` or `http://127.0.0.1:5000`.
    pub fn parse(text: &str) -> Result<Self, String> {
        if let Some(path) = text.strip_prefix("node:") {
            if path.is_empty() {
                return Err("node: needs a path, e.g. node:../original/example-2.js".into());
            }
            return Ok(Self::Node { path: path.into() });
        }
        if let Some(rest) = text.strip_prefix("http://") {
            let authority = rest.split('/').next().unwrap_or_default();
            let with_port = if authority.contains(':') {
                authority.to_owned()
            } else {
                format!("{authority}:80")
            };
            let addr = with_port
                .to_socket_addrs()
                .ok()
                .and_then(|mut addrs| addrs.next())
                .ok_or_else(|| format!("cannot resolve {authority:?} in {text:?}"))?;
            return Ok(Self::Url {
                addr,
                url: text.trim_end_matches('/').to_owned(),
            });
        }
        if text.starts_with("example-") && text.len() > "example-".len() {
            return Ok(Self::Ours {
                example: text.to_owned(),
            });
        }
        Err(format!(
            "{text:?} is not a target: use example-N (ours), node:<path> (a Node original) or \
             http://host:port (a running server)"
        ))
    }

    /// The example name this target stands for (`example-2`, `server`), if it says.
    pub fn example_name(&self) -> Option<String> {
        match self {
            Self::Ours { example } => Some(example.clone()),
            Self::Node { path } if path.extension().is_some_and(|ext| ext == "js") => path
                .file_stem()
                .map(|stem| stem.to_string_lossy().into_owned()),
            _ => None,
        }
    }
}

/// How to build our examples.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// `cargo build` (quick to build; what `compare` uses).
    Debug,
    /// `cargo build --release` (what `bench` uses).
    Release,
}

/// A line a server printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputLine {
    /// Arrived on stderr (else stdout).
    pub stderr: bool,
    /// The text, without its newline.
    pub text: String,
}

/// A server ready for requests. Stopped (if this process started it) when dropped.
#[derive(Debug)]
pub struct Running {
    /// Where it listens.
    pub addr: SocketAddr,
    /// `example-2 (ours)`, `node example-2.js`, `http://127.0.0.1:5000`.
    pub label: String,
    /// When the process was started (for start-up times).
    pub spawned_at: Instant,
    child: Option<Child>,
    output: Option<Receiver<OutputLine>>,
}

impl Running {
    /// The process id, when this process started the server.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// Whether the server's output is seen (not for a URL started elsewhere).
    pub fn sees_output(&self) -> bool {
        self.output.is_some()
    }

    /// Output lines that have arrived. With a non-zero `wait`, waits up to that long for a first
    /// line, then takes the lines that follow it closely (a stack trace), within the same bound.
    pub fn output_lines(&self, wait: Duration) -> Vec<OutputLine> {
        let Some(output) = &self.output else {
            return Vec::new();
        };
        let mut lines: Vec<OutputLine> = output.try_iter().collect();
        if wait.is_zero() {
            return lines;
        }
        let deadline = Instant::now() + wait;
        if lines.is_empty() {
            match output.recv_timeout(wait) {
                Ok(line) => lines.push(line),
                Err(_) => return lines,
            }
        }
        let quiet = Duration::from_millis(50);
        while let Ok(line) =
            output.recv_timeout(quiet.min(deadline.saturating_duration_since(Instant::now())))
        {
            lines.push(line);
        }
        lines
    }

    /// Stops the server (if started here) and waits for it to exit.
    pub fn stop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
        self.child = None;
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Why a server could not be started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartError(pub String);

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StartError {}

/// Options for starting a target.
#[derive(Debug, Clone)]
pub struct StartOptions {
    /// How our examples are built.
    pub profile: Profile,
    /// The Node script's port, if not the article's.
    pub node_port: Option<u16>,
    /// For a Node checkout folder: which script (`example-2`), usually the other target's name.
    pub node_example: Option<String>,
}

/// Starts (or, for a URL, checks) a target and waits until it answers.
pub fn start(
    article: &Article,
    spec: &TargetSpec,
    options: &StartOptions,
) -> Result<Running, StartError> {
    match spec {
        TargetSpec::Ours { example } => {
            let binary = build_ours(article.package, example, options.profile)?;
            start_ours(article.package, example, &binary, None)
        }
        TargetSpec::Node { path } => {
            let script = node_script(article, path, options.node_example.as_deref())?;
            start_node(
                &script,
                options.node_port.unwrap_or(article.node_port),
                None,
            )
        }
        TargetSpec::Url { addr, url } => {
            TcpStream::connect_timeout(addr, Duration::from_secs(5)).map_err(|error| {
                StartError(format!(
                    "nothing answers at {url} ({error}); start it first"
                ))
            })?;
            Ok(Running {
                addr: *addr,
                label: url.clone(),
                spawned_at: Instant::now(),
                child: None,
                output: None,
            })
        }
    }
}

/// The workspace root (this crate's parent folder), fixed at compile time like `www_dir`.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `cargo build -p <package> --bin <example>`: exactly that package's binary, because three
/// crates own a binary of the same name (cargo issue 6313). Returns the binary's path.
pub fn build_ours(package: &str, example: &str, profile: Profile) -> Result<PathBuf, StartError> {
    let built = build_binary(
        &workspace_root(),
        package,
        example,
        profile == Profile::Release,
    )
    .map_err(|error| match error {
        BuildError::Failed => StartError(format!(
            "`cargo build -p {package} --bin {example}` failed (see above)"
        )),
        BuildError::NoBinary => StartError(format!("cargo built no binary {example} in {package}")),
        other => StartError(other.to_string()),
    })?;
    // The next build of another crate's binary of the same name overwrites this path (bench
    // builds every row first), so each binary is kept under its package's name.
    let kept = built
        .parent()
        .unwrap_or(Path::new("."))
        .join("compare-bins")
        .join(package);
    // Copied under a unique name, then renamed over the old copy: a copy that is running (the
    // other side of a comparison with itself) keeps its file, and nobody starts a half copy.
    static COPIES: AtomicUsize = AtomicUsize::new(0);
    let partial = kept.join(format!(
        ".{example}.{}.{}",
        std::process::id(),
        COPIES.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&kept)
        .and_then(|()| std::fs::copy(&built, &partial))
        .and_then(|_| std::fs::rename(&partial, kept.join(example)))
        .map_err(|error| {
            StartError(format!(
                "cannot keep a copy of {}: {error}",
                built.display()
            ))
        })?;
    Ok(kept.join(example))
}

/// Runs `start` again while it fails with ETXTBSY ("Text file busy"), for at most a second.
///
/// A copy of a binary was just written and renamed into place. Another thread of this process
/// may have forked meanwhile, and its child holds the copy's write handle until it has exec'd
/// its own program: until then, starting the copy fails with ETXTBSY. The wait is the
/// fork-to-exec gap of that other child, microseconds; the retries only outlast it.
fn retry_while_busy<T>(mut start: impl FnMut() -> std::io::Result<T>) -> std::io::Result<T> {
    const TEXT_FILE_BUSY: i32 = 26;
    let deadline = Instant::now() + Duration::from_secs(1);
    loop {
        match start() {
            Err(error)
                if error.raw_os_error() == Some(TEXT_FILE_BUSY) && Instant::now() < deadline =>
            {
                std::thread::sleep(Duration::from_millis(5));
            }
            result => return result,
        }
    }
}

/// `program`, or with a CPU `taskset -c <cpu> program`: the program and every thread it starts
/// run on that CPU alone. taskset sets the affinity and then execs the program, so the process
/// id is the program's own (its CPU time and memory are read by it).
pub fn command_on(cpu: Option<usize>, program: impl AsRef<OsStr>) -> Command {
    match cpu {
        Some(cpu) => {
            let mut command = Command::new("taskset");
            command.arg("-c").arg(cpu.to_string()).arg(program);
            command
        }
        None => Command::new(program),
    }
}

/// Starts a binary just built, after checking with `--version` that it is the package's own;
/// on CPU `cpu` alone when given (see [`command_on`]).
pub fn start_ours(
    package: &str,
    example: &str,
    binary: &Path,
    cpu: Option<usize>,
) -> Result<Running, StartError> {
    let version = retry_while_busy(|| Command::new(binary).arg("--version").output())
        .map_err(|error| StartError(format!("cannot run {}: {error}", binary.display())))?;
    let says = String::from_utf8_lossy(&version.stdout).trim().to_owned();
    if says.split_whitespace().next() != Some(package) {
        return Err(StartError(format!(
            "{} says {says:?}, not {package}: another crate's {example} replaced it while this \
             command ran (cargo issue 6313); run again when other builds are done",
            binary.display()
        )));
    }
    let spawned_at = Instant::now();
    let child = retry_while_busy(|| {
        command_on(cpu, binary)
            .env("PORT", "0")
            .env("REQUEST_LOG", "off")
            .env_remove("WWW_DIR")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
    })
    .map_err(|error| StartError(format!("cannot start {}: {error}", binary.display())))?;
    let mut running = adopt(child, format!("{example} (ours)"), spawned_at);
    let banner = running.wait_for_banner()?;
    let port = port_in_banner(&banner).ok_or_else(|| {
        StartError(format!(
            "{example} printed {banner:?}, which names no http://localhost:<port>"
        ))
    })?;
    running.addr = SocketAddr::from(([127, 0, 0, 1], port));
    running.label = format!("{example} (ours, :{port})");
    Ok(running)
}

/// The script to run for a Node target: the file given, or in a checkout folder the one that
/// matches `example` (`example-2.js`; post-form's only script is `server.js`).
pub fn node_script(
    article: &Article,
    path: &Path,
    example: Option<&str>,
) -> Result<PathBuf, StartError> {
    if path.is_file() {
        return Ok(path.to_owned());
    }
    if !path.is_dir() {
        return Err(StartError(format!(
            "{} does not exist: clone the original and give its folder or script",
            path.display()
        )));
    }
    let name = match (article.node_single_script, example) {
        (Some(script), _) => script.to_owned(),
        (None, Some(example)) => format!("{example}.js"),
        (None, None) => {
            return Err(StartError(format!(
                "{} is a folder: name the script, e.g. node:{}/example-1.js",
                path.display(),
                path.display()
            )));
        }
    };
    let script = path.join(&name);
    if script.is_file() {
        Ok(script)
    } else {
        Err(StartError(format!(
            "{} has no {name}; is it a checkout of the {} original?",
            path.display(),
            article.name
        )))
    }
}

/// Whether something already listens on (or holds) `127.0.0.1:port`.
pub fn port_is_taken(port: u16) -> bool {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok()
        || TcpListener::bind(addr).is_err()
}

/// `node <script>` in the script's folder; the originals listen on a fixed port, so the port is
/// checked first. `PORT` is set too, for stand-ins that honour it (the originals ignore it). On
/// CPU `cpu` alone when given (see [`command_on`]).
pub fn start_node(script: &Path, port: u16, cpu: Option<usize>) -> Result<Running, StartError> {
    if port_is_taken(port) {
        return Err(StartError(format!(
            "port {port} is already in use, and the Node original always listens there: stop \
             whatever runs on it (another example? `ss -ltnp 'sport = :{port}'` shows it) and \
             try again"
        )));
    }
    let script = script
        .canonicalize()
        .map_err(|error| StartError(format!("{}: {error}", script.display())))?;
    let folder = script.parent().unwrap_or(Path::new("."));
    let spawned_at = Instant::now();
    let child = command_on(cpu, "node")
        .arg(&script)
        .current_dir(folder)
        .env("PORT", port.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| {
            StartError(format!(
                "cannot run `node` ({error}): install Node.js to compare with the originals"
            ))
        })?;
    let file_name = script
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut running = adopt(child, format!("node {file_name} (:{port})"), spawned_at);
    running.addr = SocketAddr::from(([127, 0, 0, 1], port));
    running.wait_for_banner()?;
    running.wait_until_accepting()?;
    Ok(running)
}

/// Starts a server that prints no banner (nginx with `daemon off`) and waits, bounded, until it
/// accepts connections on `addr`, or reports what it printed when it exits first.
pub fn start_listening(
    mut command: Command,
    label: String,
    addr: SocketAddr,
) -> Result<Running, StartError> {
    let spawned_at = Instant::now();
    let child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| StartError(format!("cannot start {label}: {error}")))?;
    let mut running = adopt(child, label, spawned_at);
    running.addr = addr;
    running.wait_until_accepting()?;
    Ok(running)
}

fn adopt(mut child: Child, label: String, spawned_at: Instant) -> Running {
    let (sender, receiver) = mpsc::channel();
    if let Some(stdout) = child.stdout.take() {
        forward_lines(stdout, false, sender.clone());
    }
    if let Some(stderr) = child.stderr.take() {
        forward_lines(stderr, true, sender);
    }
    Running {
        addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        label,
        spawned_at,
        child: Some(child),
        output: Some(receiver),
    }
}

impl Running {
    /// Waits (bounded) for the first stdout line; stderr lines before it are kept for the error.
    fn wait_for_banner(&mut self) -> Result<String, StartError> {
        let deadline = Instant::now() + START_TIMEOUT;
        let mut errors = Vec::new();
        let output = self
            .output
            .as_ref()
            .ok_or_else(|| StartError("no output".into()))?;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match output.recv_timeout(left.min(Duration::from_millis(100))) {
                Ok(line) if !line.stderr => return Ok(line.text),
                Ok(line) => errors.push(line.text),
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => {}
            }
            let exited = self
                .child
                .as_mut()
                .and_then(|child| child.try_wait().ok().flatten());
            if let Some(status) = exited {
                errors.extend(output.try_iter().map(|line| line.text));
                return Err(StartError(format!(
                    "{} exited ({status}) before it listened:\n{}",
                    self.label,
                    errors.join("\n")
                )));
            }
            if left.is_zero() {
                return Err(StartError(format!(
                    "{} printed no banner in {START_TIMEOUT:?}:\n{}",
                    self.label,
                    errors.join("\n")
                )));
            }
        }
    }

    /// Waits (bounded) until the port accepts connections; fails at once when the process exits.
    fn wait_until_accepting(&mut self) -> Result<(), StartError> {
        let deadline = Instant::now() + START_TIMEOUT;
        while TcpStream::connect_timeout(&self.addr, Duration::from_millis(200)).is_err() {
            let exited = self
                .child
                .as_mut()
                .and_then(|child| child.try_wait().ok().flatten());
            if let Some(status) = exited {
                let said: Vec<String> = self
                    .output_lines(Duration::from_millis(200))
                    .into_iter()
                    .map(|line| line.text)
                    .collect();
                return Err(StartError(format!(
                    "{} exited ({status}) before it listened:\n{}",
                    self.label,
                    said.join("\n")
                )));
            }
            if Instant::now() >= deadline {
                return Err(StartError(format!(
                    "{} printed its banner but nothing accepts connections on {}",
                    self.label, self.addr
                )));
            }
            thread::sleep(Duration::from_millis(5));
        }
        Ok(())
    }
}

fn forward_lines(
    stream: impl Read + Send + 'static,
    stderr: bool,
    sender: mpsc::Sender<OutputLine>,
) {
    thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(text) = line else { break };
            if sender.send(OutputLine { stderr, text }).is_err() {
                break;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_ours_node_or_a_url() {
        assert_eq!(
            TargetSpec::parse("example-2"),
            Ok(TargetSpec::Ours {
                example: "example-2".into()
            })
        );
        assert_eq!(
            TargetSpec::parse("node:../orig/example-3.js"),
            Ok(TargetSpec::Node {
                path: "../orig/example-3.js".into()
            })
        );
        let Ok(TargetSpec::Url { addr, .. }) = TargetSpec::parse("http://127.0.0.1:5000/") else {
            panic!("a URL is a target");
        };
        assert_eq!(addr.port(), 5000);
        for bad in ["example-", "node:", "ftp://x", "3000"] {
            assert!(TargetSpec::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_node_script_or_our_example_names_the_example() {
        let node = TargetSpec::parse("node:/x/example-2.js").expect("target");
        assert_eq!(node.example_name().as_deref(), Some("example-2"));
        let folder = TargetSpec::parse("node:/x").expect("target");
        assert_eq!(folder.example_name(), None);
    }
}
