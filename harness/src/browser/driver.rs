//! chromedriver and the Chromium it starts, as processes: finding them, starting chromedriver on
//! a free port with a fresh profile folder, and making sure that nothing outlives the test.
//!
//! Two teardowns: [`Driver`]'s `Drop` (which runs while a failed assertion unwinds too), and a
//! watchdog process for a test process that dies without unwinding (see [`start_watchdog`]).

use std::{
    io,
    net::{SocketAddr, TcpListener},
    os::unix::process::CommandExt,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::atomic::{AtomicU32, Ordering},
    thread,
    time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

use serde_json::{Value, json};

use super::{
    POLL,
    client::{Client, Method},
};

/// How long chromedriver may take to answer `/status`.
const DRIVER_START: Duration = Duration::from_secs(10);

/// How long the teardown waits for chromedriver, then for Chromium, to exit on their own.
const EXIT_WAIT: Duration = Duration::from_secs(5);

/// Chromium's command line. Headless, no sandbox (containers and root have none), and nothing
/// that talks to the network or starts background work: tests see only the example server.
const CHROMIUM_ARGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    // Containers often have a 64 MB /dev/shm, too small for Chromium's shared memory.
    "--disable-dev-shm-usage",
    // The same picture on every machine: window size, pixel ratio, no scrollbars.
    "--window-size=1000,850",
    "--force-device-scale-factor=1",
    "--hide-scrollbars",
];

/// The chromedriver and Chromium programs to run.
#[derive(Debug)]
pub(super) struct Programs {
    chromedriver: PathBuf,
    chromium: PathBuf,
}

/// Where chromedriver and Chromium are: `$CHROMEDRIVER` / `$CHROMIUM` when set, else the paths
/// Debian's `chromium-driver` and `chromium` (or Ubuntu's snap) install, else `$PATH`.
pub(super) fn find_programs() -> Result<Programs, String> {
    let chromedriver = find_program(
        "CHROMEDRIVER",
        &["chromedriver", "chromium.chromedriver"],
        &[
            "/usr/bin/chromedriver",
            "/usr/lib/chromium/chromedriver",
            "/snap/bin/chromium.chromedriver",
        ],
    )?
    .ok_or("no chromedriver found (run scripts/setup, or set CHROMEDRIVER)")?;
    let chromium = find_program(
        "CHROMIUM",
        &["chromium", "chromium-browser"],
        &[
            "/usr/bin/chromium",
            "/usr/bin/chromium-browser",
            "/snap/bin/chromium",
        ],
    )?
    .ok_or("no Chromium found (run scripts/setup, or set CHROMIUM)")?;
    Ok(Programs {
        chromedriver,
        chromium,
    })
}

/// `$variable` when set (it must name a file), else the first of `paths`, else `names` on `$PATH`.
fn find_program(variable: &str, names: &[&str], paths: &[&str]) -> Result<Option<PathBuf>, String> {
    if let Some(path) = std::env::var_os(variable).filter(|path| !path.is_empty()) {
        let path = PathBuf::from(path);
        return if path.is_file() {
            Ok(Some(path))
        } else {
            Err(format!("{variable}={} is not a file", path.display()))
        };
    }
    let on_path = std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
        .unwrap_or_default();
    Ok(paths
        .iter()
        .map(PathBuf::from)
        .chain(
            on_path
                .iter()
                .flat_map(|dir| names.iter().map(move |name| dir.join(name))),
        )
        .find(|candidate| candidate.is_file()))
}

/// A chromedriver process on a loopback port, shut down when dropped.
#[derive(Debug)]
pub(super) struct Driver {
    child: Child,
    client: Client,
    chromium: PathBuf,
    /// Chromium's profile, config and cache, and chromedriver's log; removed when dropped.
    scratch: PathBuf,
    /// Cleans up if this process dies without dropping the driver: see [`start_watchdog`].
    watchdog: Option<Child>,
}

impl Driver {
    /// Starts chromedriver and waits (bounded) until `/status` says it is ready.
    ///
    /// chromedriver has no `--port=0`, so a free port is found by binding `127.0.0.1:0` and
    /// letting it go; another process may take it in between, hence the retries.
    pub(super) fn start(programs: Programs) -> Self {
        let Programs {
            chromedriver,
            chromium,
        } = programs;
        let mut failures = Vec::new();
        for _attempt in 0..3 {
            let scratch = make_scratch_dir();
            let port = free_port();
            let child = Command::new(&chromedriver)
                .arg(format!("--port={port}"))
                .arg(format!(
                    "--log-path={}",
                    scratch.join("chromedriver.log").display()
                ))
                // Chromium keeps crash reports under $XDG_CONFIG_HOME, not in the profile: keep
                // them in the scratch folder too, so a test run writes nothing to $HOME.
                .env("XDG_CONFIG_HOME", scratch.join("config"))
                .env("XDG_CACHE_HOME", scratch.join("cache"))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                // Its own process group, so that the teardown can reach Chromium's processes.
                .process_group(0)
                .spawn()
                .unwrap_or_else(|error| {
                    let _ = std::fs::remove_dir_all(&scratch);
                    panic!("cannot start {}: {error}", chromedriver.display())
                });
            let watchdog = start_watchdog(child.id(), &scratch);
            let mut driver = Self {
                child,
                client: Client::new(SocketAddr::from(([127, 0, 0, 1], port))),
                chromium: chromium.clone(),
                scratch,
                watchdog,
            };
            match driver.wait_until_ready() {
                Ok(()) => return driver,
                // Dropping `driver` stops it and removes its scratch folder.
                Err(error) => failures.push(format!(
                    "port {port}: {error}; its log ends:\n{}",
                    driver.log_tail()
                )),
            }
        }
        panic!("chromedriver did not start:\n{}", failures.join("\n"));
    }

    /// Where to send WebDriver commands.
    pub(super) fn client(&self) -> Client {
        self.client
    }

    /// The folder that holds Chromium's profile.
    pub(super) fn scratch(&self) -> &Path {
        &self.scratch
    }

    /// The `goog:chromeOptions` capability: which Chromium to start, and how.
    pub(super) fn chromium_options(&self) -> Value {
        let mut args: Vec<String> = CHROMIUM_ARGS.iter().map(|&arg| arg.to_owned()).collect();
        args.push(format!(
            "--user-data-dir={}",
            self.scratch.join("profile").display()
        ));
        json!({ "binary": self.chromium, "args": args })
    }

    /// The end of chromedriver's log, for error messages.
    pub(super) fn log_tail(&self) -> String {
        let log =
            std::fs::read_to_string(self.scratch.join("chromedriver.log")).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }

    fn wait_until_ready(&mut self) -> Result<(), String> {
        let deadline = Instant::now() + DRIVER_START;
        loop {
            if let Some(status) = self.child.try_wait().map_err(|error| error.to_string())? {
                return Err(format!("it exited ({status})"));
            }
            if let Ok(status) = self.client.command(Method::Get, "/status", &Value::Null)
                && status["ready"].as_bool() == Some(true)
            {
                return Ok(());
            }
            if Instant::now() >= deadline {
                return Err(format!("/status not ready after {DRIVER_START:?}"));
            }
            thread::sleep(POLL);
        }
    }

    /// `/shutdown` (chromedriver's own command, which quits every browser it started), then a
    /// kill if it lingers; then waits for every process that uses the scratch folder (Chromium
    /// and its helpers) to be gone.
    fn stop(&mut self) {
        let _ = self.client.command(Method::Get, "/shutdown", &Value::Null);
        if !wait_for_exit(&mut self.child, EXIT_WAIT) {
            // Still running, so its process group cannot have been reused: end the group
            // (chromedriver and the Chromium it started), then chromedriver itself.
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{}", self.child.id())])
                .stderr(Stdio::null())
                .status();
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        let deadline = Instant::now() + EXIT_WAIT;
        loop {
            let left = processes_using(&self.scratch);
            if left.is_empty() {
                return;
            }
            if Instant::now() >= deadline {
                // Only processes whose command line names our own fresh folder: ours.
                for pid in left {
                    let _ = Command::new("kill")
                        .args(["-KILL", &pid.to_string()])
                        .stderr(Stdio::null())
                        .status();
                }
                return;
            }
            thread::sleep(POLL);
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // The orderly teardown below replaces the watchdog's; stopped first, it does nothing.
        if let Some(mut watchdog) = self.watchdog.take() {
            let _ = watchdog.kill();
            let _ = watchdog.wait();
        }
        self.stop();
        let _ = std::fs::remove_dir_all(&self.scratch);
    }
}

/// Starts a shell that waits for the end of a pipe only this process can write to, then kills
/// chromedriver's process group (Chromium with it) and removes the scratch folder.
///
/// The pipe closes when this process ends, however it ends: a test process killed outright, or
/// stopped by the Ctrl-C that stops `cargo test`, runs no destructor, and Ctrl-C never reaches
/// chromedriver, which has its own process group. The watchdog has its own group too, so the
/// same Ctrl-C leaves it to do its job. The paths go in its environment, not its command line,
/// so [`processes_using`] does not count it.
///
/// A kill only sends a signal: a Chromium process that is still dying can write into the
/// profile while `rm -rf` walks it, which then fails on a folder that is not empty. So the
/// removal is retried (as is the kill of what names the folder) until the folder is gone, for
/// about [`EXIT_WAIT`] at most. The group is killed once only, while its id is surely still ours.
fn start_watchdog(driver_group: u32, scratch: &Path) -> Option<Child> {
    const SCRIPT: &str = r#"cat >/dev/null
kill -KILL -- "-$DRIVER_GROUP"
tries=0
while [ -e "$SCRATCH" ] && [ "$tries" -lt "$TRIES" ]; do
    pkill -KILL -f -- "$SCRATCH"
    rm -rf -- "$SCRATCH" || sleep 0.1
    tries=$((tries + 1))
done"#;
    Command::new("sh")
        .args(["-c", SCRIPT])
        .env("TRIES", (EXIT_WAIT.as_millis() / 100).to_string())
        .env("DRIVER_GROUP", driver_group.to_string())
        .env("SCRATCH", scratch)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .ok()
}

/// Process ids of every process whose command line mentions `path` (Chromium is started with
/// `--user-data-dir=<scratch>/profile`, its crash handlers with a database under it).
pub fn processes_using(path: &Path) -> Vec<u32> {
    let needle = path.to_string_lossy().into_owned();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|entry| entry.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/cmdline"))
                .map(|cmdline| String::from_utf8_lossy(&cmdline).contains(&needle))
                .unwrap_or(false)
        })
        .collect()
}

fn wait_for_exit(child: &mut Child, timeout: Duration) -> bool {
    let deadline = Instant::now() + timeout;
    loop {
        match child.try_wait() {
            Ok(Some(_)) => return true,
            Ok(None) if Instant::now() < deadline => thread::sleep(POLL),
            Ok(None) | Err(_) => return false,
        }
    }
}

fn make_scratch_dir() -> PathBuf {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    loop {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|elapsed| elapsed.subsec_nanos())
            .unwrap_or_default();
        let dir = std::env::temp_dir().join(format!(
            "browser-test-{}-{}-{nanos}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        match std::fs::create_dir(&dir) {
            Ok(()) => return dir,
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {}
            Err(error) => panic!("cannot create {}: {error}", dir.display()),
        }
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .unwrap_or_else(|error| panic!("no free port on 127.0.0.1: {error}"))
}
