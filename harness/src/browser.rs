//! A real browser for tests: headless Chromium driven over WebDriver .
//!
//! WebDriver is JSON over HTTP, so this is a small blocking client on top of [`super::http`] and
//! `serde_json` (both already in the build) rather than an async crate with its own HTTP stack:
//! a workshop laptop compiles nothing extra for it.
//!
//! [`crate::start_browser!`] starts `chromedriver` on a free port with a fresh Chromium profile in a
//! temporary folder. When no chromedriver (or no Chromium) is installed it prints
//! `SKIPPED: <test>: <reason>` and returns `None`, except under `CI=true`, where it panics.
//! Dropping the [`Browser`] ends the session, asks chromedriver to `/shutdown`, kills it if it does
//! not go, and waits until no process that uses the temporary profile is left: this runs while a
//! failed assertion unwinds too, so no Chromium outlives its test.
//!
//! ```ignore
//! let Some(browser) = harness::start_browser!() else { return };
//! browser.goto(&server.url("/"));
//! assert_eq!(browser.find("h1").text(), "This is example # 1");
//! browser.screenshot("example-1");
//! ```

use std::{
    io::{self, Write},
    net::{SocketAddr, TcpListener},
    os::unix::process::CommandExt,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::atomic::{AtomicU32, Ordering},
    thread,
    time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

/// For [`Browser::execute`]'s arguments and results, without a `serde_json` dependency of your own.
pub use serde_json::{Value, json};

use super::http::Connection;

/// How long a condition is polled for by [`Browser::wait_until`] unless told otherwise.
pub const WAIT: Duration = Duration::from_secs(5);

/// How often a condition is polled.
const POLL: Duration = Duration::from_millis(25);

/// How long chromedriver may take to answer `/status`, and a WebDriver command to answer.
const DRIVER_START: Duration = Duration::from_secs(10);
const COMMAND_WAIT: Duration = Duration::from_secs(20);

/// A page load (navigation, click on a link) may take this long before WebDriver gives up.
const PAGE_LOAD_TIMEOUT_MS: u64 = 10_000;

/// How long the teardown waits for chromedriver, then for Chromium, to exit on their own.
const EXIT_WAIT: Duration = Duration::from_secs(5);

/// WebDriver's key for an element reference in JSON.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

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

/// When WebDriver considers a navigation finished (`pageLoadStrategy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageLoad {
    /// After the `load` event: the page and everything it loads have arrived (the default).
    Normal,
    /// After `DOMContentLoaded`: the document is parsed.
    Eager,
    /// At once: for pages that never finish loading, such as a response that never ends.
    None,
}

impl PageLoad {
    fn as_str(self) -> &'static str {
        match self {
            Self::Normal => "normal",
            Self::Eager => "eager",
            Self::None => "none",
        }
    }
}

/// Starts a [`Browser`] for the calling test; `None` (test skipped) when none is installed.
///
/// `start_browser!()` waits for each page to load; `start_browser!(PageLoad::None)` does not.
/// Screenshots go to `screenshots/<calling crate>/` at the workspace root.
#[macro_export]
macro_rules! start_browser {
    () => {
        $crate::start_browser!($crate::browser::PageLoad::Normal)
    };
    ($page_load:expr) => {
        $crate::browser::Browser::start(env!("CARGO_PKG_NAME"), $page_load)
    };
}

/// One headless Chromium session, and the chromedriver that drives it; both end when dropped.
#[derive(Debug)]
pub struct Browser {
    driver: Driver,
    session: String,
    package: String,
    test: String,
}

impl Browser {
    /// Use [`crate::start_browser!`], which passes the calling crate's name for screenshots.
    ///
    /// Returns `None` after printing `SKIPPED: <test>: <reason>` when chromedriver or Chromium
    /// is missing, unless `CI=true`; panics when they are installed but do not start.
    pub fn start(package: &str, page_load: PageLoad) -> Option<Self> {
        let test = current_test_name();
        let (chromedriver, chromium) = match find_browser() {
            Ok(found) => found,
            Err(reason) => {
                assert!(
                    !running_in_ci(),
                    "{test}: {reason}; CI=true, so a missing browser is a failure"
                );
                report_skip(&test, &reason);
                return None;
            }
        };
        let driver = Driver::start(&chromedriver);
        let capabilities = json!({
            "capabilities": {
                "alwaysMatch": {
                    "pageLoadStrategy": page_load.as_str(),
                    "timeouts": { "implicit": 0, "pageLoad": PAGE_LOAD_TIMEOUT_MS, "script": 10_000 },
                    "goog:chromeOptions": {
                        "binary": chromium,
                        "args": chromium_args(&driver.scratch),
                    },
                },
            },
        });
        let created = driver
            .command("POST", "/session", Some(&capabilities))
            .unwrap_or_else(|error| {
                panic!(
                    "{test}: Chromium did not start: {error}\nchromedriver log:\n{}",
                    driver.log_tail()
                )
            });
        let session = created["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("{test}: no sessionId in {created}"))
            .to_owned();
        Some(Self {
            driver,
            session,
            package: package.to_owned(),
            test,
        })
    }

    /// Opens `url` and (with [`PageLoad::Normal`]) waits for it to load.
    pub fn goto(&self, url: &str) {
        self.call("POST", "/url", json!({ "url": url }));
    }

    /// The address of the current page.
    pub fn url(&self) -> String {
        string(self.call("GET", "/url", Value::Null))
    }

    /// The title of the current page.
    pub fn title(&self) -> String {
        string(self.call("GET", "/title", Value::Null))
    }

    /// `document.readyState`: `"loading"`, `"interactive"` or `"complete"`.
    pub fn ready_state(&self) -> String {
        string(self.execute("return document.readyState", &[]))
    }

    /// The text of the page as a user reads it (`document.body.innerText`).
    pub fn page_text(&self) -> String {
        string(self.execute("return document.body ? document.body.innerText : ''", &[]))
    }

    /// Runs `script` as the body of a function in the page (`arguments[i]` are `args`) and
    /// returns what it returns. Elements can be passed with [`Element::to_json`].
    pub fn execute(&self, script: &str, args: &[Value]) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            json!({ "script": script, "args": args }),
        )
    }

    /// The first element that matches the CSS `selector`; panics when there is none.
    pub fn find(&self, selector: &str) -> Element<'_> {
        self.try_find(selector).unwrap_or_else(|| {
            panic!(
                "{}: no element matches {selector:?} on {}",
                self.test,
                self.url()
            )
        })
    }

    /// The first element that matches the CSS `selector`, if any.
    pub fn try_find(&self, selector: &str) -> Option<Element<'_>> {
        self.find_all(selector).into_iter().next()
    }

    /// Every element that matches the CSS `selector`, in document order.
    pub fn find_all(&self, selector: &str) -> Vec<Element<'_>> {
        let found = self.call(
            "POST",
            "/elements",
            json!({ "using": "css selector", "value": selector }),
        );
        found
            .as_array()
            .map(|references| {
                references
                    .iter()
                    .filter_map(|reference| reference[ELEMENT_KEY].as_str())
                    .map(|id| Element {
                        browser: self,
                        id: id.to_owned(),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Polls `probe` until it returns `Some`, for at most `timeout`; panics (with a screenshot
    /// named `<test>-timeout`) naming `what` when it never does. No fixed sleeps in tests.
    pub fn wait_until<T>(
        &self,
        what: &str,
        timeout: Duration,
        mut probe: impl FnMut() -> Option<T>,
    ) -> T {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(value) = probe() {
                return value;
            }
            if Instant::now() >= deadline {
                let shot = self.screenshot("timeout");
                panic!(
                    "{}: waited {timeout:?} for {what}, in vain; page {} ({}) reads:\n{}\n\
                     screenshot: {}",
                    self.test,
                    self.url(),
                    self.ready_state(),
                    self.page_text(),
                    shot.display()
                );
            }
            thread::sleep(POLL);
        }
    }

    /// Checks `holds` again and again for `period` and panics the first time it is false: for
    /// what must *stay* true, such as a page that is still loading.
    pub fn assert_holds_for(&self, what: &str, period: Duration, mut holds: impl FnMut() -> bool) {
        let started = Instant::now();
        loop {
            assert!(
                holds(),
                "{}: {what} stopped holding after {:?}",
                self.test,
                started.elapsed()
            );
            if started.elapsed() >= period {
                return;
            }
            thread::sleep(POLL);
        }
    }

    /// Saves what the browser shows as `screenshots/<crate>/<test>-<label>.png` (the test's name
    /// without its module path) and returns the path.
    pub fn screenshot(&self, label: &str) -> PathBuf {
        let encoded = string(self.call("GET", "/screenshot", Value::Null));
        let png = decode_base64(&encoded)
            .unwrap_or_else(|| panic!("{}: the screenshot is not base64", self.test));
        assert!(
            png.starts_with(b"\x89PNG\r\n\x1a\n"),
            "{}: the screenshot is not a PNG",
            self.test
        );
        let dir = screenshots_dir().join(&self.package);
        std::fs::create_dir_all(&dir)
            .unwrap_or_else(|error| panic!("cannot create {}: {error}", dir.display()));
        let short_name = self.test.rsplit("::").next().unwrap_or(&self.test);
        let path = dir.join(format!("{short_name}-{label}.png"));
        std::fs::write(&path, png)
            .unwrap_or_else(|error| panic!("cannot write {}: {error}", path.display()));
        path
    }

    /// The temporary folder that holds this browser's profile; gone once the browser is dropped.
    pub fn scratch_dir(&self) -> &Path {
        &self.driver.scratch
    }

    /// A command on this session: `path` is relative to `/session/<id>`.
    fn call(&self, method: &str, path: &str, body: Value) -> Value {
        let body = (method == "POST").then_some(&body);
        let full_path = format!("/session/{}{path}", self.session);
        self.driver
            .command(method, &full_path, body)
            .unwrap_or_else(|error| panic!("{}: {method} {path}: {error}", self.test))
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Closes Chromium. The driver's own Drop (next) shuts chromedriver down.
        let _ = self
            .driver
            .command("DELETE", &format!("/session/{}", self.session), None);
    }
}

/// One element of the current page.
#[derive(Debug)]
pub struct Element<'a> {
    browser: &'a Browser,
    id: String,
}

impl Element<'_> {
    /// The text a user sees in it (`innerText`-like: hidden text excluded).
    pub fn text(&self) -> String {
        string(self.get("/text"))
    }

    /// An HTML attribute as written (`None` when absent).
    pub fn attribute(&self, name: &str) -> Option<String> {
        self.get(&format!("/attribute/{name}"))
            .as_str()
            .map(str::to_owned)
    }

    /// A DOM property (`naturalWidth`, `complete`, `value`, ...).
    pub fn property(&self, name: &str) -> Value {
        self.get(&format!("/property/{name}"))
    }

    /// The computed value of a CSS property as `getComputedStyle` reports it (and the browser's
    /// developer tools show it), e.g. `rgb(217, 72, 15)`. WebDriver's own `/css` endpoint would
    /// answer `rgba(217, 72, 15, 1)` instead.
    pub fn css(&self, property: &str) -> String {
        string(self.browser.execute(
            "return getComputedStyle(arguments[0]).getPropertyValue(arguments[1])",
            &[self.to_json(), Value::from(property)],
        ))
    }

    /// Whether a user could see it (rendered, not `display: none` or hidden).
    pub fn is_displayed(&self) -> bool {
        self.get("/displayed").as_bool().unwrap_or(false)
    }

    /// Clicks it as a user would (scrolled into view, at its centre).
    pub fn click(&self) {
        self.post("/click", json!({}));
    }

    /// Empties an input.
    pub fn clear(&self) {
        self.post("/clear", json!({}));
    }

    /// Types `text` into it, key by key.
    pub fn send_keys(&self, text: &str) {
        self.post("/value", json!({ "text": text }));
    }

    /// The element as a script argument for [`Browser::execute`].
    pub fn to_json(&self) -> Value {
        json!({ ELEMENT_KEY: self.id })
    }

    fn get(&self, path: &str) -> Value {
        self.browser
            .call("GET", &format!("/element/{}{path}", self.id), Value::Null)
    }

    fn post(&self, path: &str, body: Value) {
        self.browser
            .call("POST", &format!("/element/{}{path}", self.id), body);
    }
}

/// A chromedriver process on a loopback port, shut down when dropped.
#[derive(Debug)]
struct Driver {
    child: Child,
    addr: SocketAddr,
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
    fn start(chromedriver: &Path) -> Self {
        let mut failures = Vec::new();
        for _attempt in 0..3 {
            let scratch = make_scratch_dir();
            let port = free_port();
            let child = Command::new(chromedriver)
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
                addr: SocketAddr::from(([127, 0, 0, 1], port)),
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

    fn wait_until_ready(&mut self) -> Result<(), String> {
        let deadline = Instant::now() + DRIVER_START;
        loop {
            if let Some(status) = self.child.try_wait().map_err(|error| error.to_string())? {
                return Err(format!("it exited ({status})"));
            }
            if let Ok(status) = self.command("GET", "/status", None)
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

    /// Sends one WebDriver command and returns its `value`, or the error it reported.
    fn command(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
        let body = body.map(Value::to_string).unwrap_or_default();
        let mut raw = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
            self.addr
        );
        if method == "POST" {
            raw.push_str(&format!(
                "Content-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\n",
                body.len()
            ));
        }
        raw.push_str("\r\n");
        raw.push_str(&body);
        let response = Connection::open(self.addr)
            .and_then(|mut connection| {
                connection.send_raw(raw.as_bytes())?;
                connection.read_response(false, COMMAND_WAIT)
            })
            .map_err(|error| error.to_string())?;
        if !response.complete {
            return Err(format!("no complete answer within {COMMAND_WAIT:?}"));
        }
        let mut answer: Value = serde_json::from_slice(&response.body)
            .map_err(|error| format!("{error} in {:?}", response.text()))?;
        let value = answer["value"].take();
        if response.status == 200 {
            Ok(value)
        } else {
            Err(format!(
                "{} ({}): {}",
                value["error"].as_str().unwrap_or("error"),
                response.status,
                value["message"].as_str().unwrap_or_default()
            ))
        }
    }

    /// The end of chromedriver's log, for error messages.
    fn log_tail(&self) -> String {
        let log =
            std::fs::read_to_string(self.scratch.join("chromedriver.log")).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }

    /// `/shutdown` (which quits every browser it started), then a kill if it lingers; then waits
    /// for every process that uses the scratch folder (Chromium and its helpers) to be gone.
    fn stop(&mut self) {
        let _ = self.command("GET", "/shutdown", None);
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
fn start_watchdog(driver_group: u32, scratch: &Path) -> Option<Child> {
    Command::new("sh")
        .args([
            "-c",
            r#"cat >/dev/null; kill -KILL -- "-$DRIVER_GROUP"; pkill -KILL -f -- "$SCRATCH"; rm -rf -- "$SCRATCH""#,
        ])
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

fn chromium_args(scratch: &Path) -> Vec<String> {
    let mut args: Vec<String> = CHROMIUM_ARGS.iter().map(|&arg| arg.to_owned()).collect();
    args.push(format!(
        "--user-data-dir={}",
        scratch.join("profile").display()
    ));
    args
}

/// Where chromedriver and Chromium are: `$CHROMEDRIVER` / `$CHROMIUM` when set, else the paths
/// Debian's `chromium-driver` and `chromium` (or Ubuntu's snap) install, else `$PATH`.
fn find_browser() -> Result<(PathBuf, PathBuf), String> {
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
    Ok((chromedriver, chromium))
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

fn running_in_ci() -> bool {
    std::env::var("CI").is_ok_and(|value| value == "true")
}

/// libtest captures `print!`, but not writes to the `stdout()` handle: the line reaches the
/// terminal (and `scripts/test`, which counts them) even when the test passes. It starts on a
/// line of its own, as libtest may have printed `test name ... ` without a newline.
fn report_skip(test: &str, reason: &str) {
    let mut stdout = io::stdout().lock();
    let _ = writeln!(stdout, "\nSKIPPED: {test}: {reason}");
    let _ = stdout.flush();
}

/// libtest runs each test on a thread named after it (`module::test_name`).
fn current_test_name() -> String {
    thread::current()
        .name()
        .filter(|name| *name != "main")
        .unwrap_or("browser test")
        .to_owned()
}

/// `screenshots/` at the workspace root (ignored by git).
fn screenshots_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("screenshots")
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

fn string(value: Value) -> String {
    match value {
        Value::String(text) => text,
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Standard base64 (with padding), as WebDriver encodes screenshots.
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    fn sextet(byte: u8) -> Option<u32> {
        Some(u32::from(match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        }))
    }
    let bytes: Vec<u8> = text
        .bytes()
        .filter(|byte| !byte.is_ascii_whitespace())
        .collect();
    if !bytes.len().is_multiple_of(4) {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    for quad in bytes.chunks(4) {
        let padding = quad.iter().rev().take_while(|&&byte| byte == b'=').count();
        if padding > 2 {
            return None;
        }
        let mut group = 0;
        for &byte in &quad[..4 - padding] {
            group = (group << 6) | sextet(byte)?;
        }
        group <<= 6 * padding;
        let decoded = [(group >> 16) as u8, (group >> 8) as u8, group as u8];
        out.extend_from_slice(&decoded[..3 - padding]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::decode_base64;

    #[test]
    fn decodes_base64_with_and_without_padding() {
        assert_eq!(decode_base64("aGVsbG8="), Some(b"hello".to_vec()));
        assert_eq!(decode_base64("aGk="), Some(b"hi".to_vec()));
        assert_eq!(decode_base64("aGV5"), Some(b"hey".to_vec()));
        assert_eq!(
            decode_base64("iVBORw0KGgo="),
            Some(b"\x89PNG\r\n\x1a\n".to_vec())
        );
        assert_eq!(decode_base64("a!=="), None);
        assert_eq!(decode_base64("abc"), None);
    }
}
