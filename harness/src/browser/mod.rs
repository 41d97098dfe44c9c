//! A real browser for tests: headless Chromium driven over WebDriver.
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
//!
//! # Why a client of our own
//!
//! WebDriver is JSON over HTTP and the tests use a dozen of its commands, so the client
//! (`client.rs`) is about a hundred lines on [`crate::http`] and `serde_json`, both built anyway.
//! `fantoccini`, the ecosystem's client, was tried in this workspace without TLS. Cold
//! `cargo test -p intro-express --test browser --no-run`, fresh target folder, two cores shared
//! with other builds (so CPU seconds are the steadier figure; wall times are two runs):
//!
//! | client            | Cargo.lock | second versions of              | CPU  | wall     |
//! | ----------------- | ---------- | ------------------------------- | ---- | -------- |
//! | this one          | 106 crates | none                            | 58 s | 87-88 s  |
//! | fantoccini 0.20.0 | +16 crates | base64, cookie, syn             | 72 s | 89-101 s |
//! | fantoccini 0.22.1 | +39 crates | http, cookie, syn, synstructure | 82 s | 83-87 s  |
//!
//! 0.22 brings hyper 1 and http 1 beside actix-web's http 0.2, and (through `webdriver`'s
//! `icu_segmenter`) ICU4X crates like those the root Cargo.toml's `idna_adapter` pin removed.
//! 0.20, on hyper 0.14 and http 0.2 as actix-web is, still breaks the one-version rule three
//! times. Both are async: each test would need a tokio runtime and an `.await` on every step, or
//! a blocking wrapper as long as this client. And starting, stopping and cleaning up after
//! chromedriver (`driver.rs`), most of this module, is ours either way.

mod client;
mod driver;
mod screenshot;

use std::{
    io::{self, Write},
    path::{Path, PathBuf},
    thread,
    time::{Duration, Instant},
};

/// For [`Browser::execute`]'s arguments and results, without a `serde_json` dependency of your own.
pub use serde_json::{Value, json};

pub use driver::processes_using;

use client::{Client, Method, element_ids, element_reference, into_string};
use driver::Driver;

/// How long a condition is polled for by [`Browser::wait_until`] unless told otherwise.
pub const WAIT: Duration = Duration::from_secs(5);

/// How often a condition is polled.
const POLL: Duration = Duration::from_millis(25);

/// A page load (navigation, click on a link) may take this long before WebDriver gives up.
const PAGE_LOAD_TIMEOUT_MS: u64 = 10_000;

/// A script given to [`Browser::execute`] may run this long.
const SCRIPT_TIMEOUT_MS: u64 = 10_000;

/// When WebDriver considers a navigation finished (`pageLoadStrategy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageLoad {
    /// After the `load` event: the page and everything it loads have arrived (the default).
    Normal,
    /// At once: for pages that never finish loading, such as a response that never ends.
    None,
}

impl PageLoad {
    fn as_str(self) -> &'static str {
        match self {
            Self::Normal => "normal",
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
    client: Client,
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
        let programs = match driver::find_programs() {
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
        let driver = Driver::start(programs);
        let client = driver.client();
        let capabilities = json!({
            "capabilities": {
                "alwaysMatch": {
                    "pageLoadStrategy": page_load.as_str(),
                    "timeouts": {
                        "implicit": 0,
                        "pageLoad": PAGE_LOAD_TIMEOUT_MS,
                        "script": SCRIPT_TIMEOUT_MS,
                    },
                    "goog:chromeOptions": driver.chromium_options(),
                },
            },
        });
        let created = client
            .command(Method::Post, "/session", &capabilities)
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
            client,
            session,
            package: package.to_owned(),
            test,
        })
    }

    /// Opens `url` and (with [`PageLoad::Normal`]) waits for it to load.
    pub fn goto(&self, url: &str) {
        self.call(Method::Post, "/url", json!({ "url": url }));
    }

    /// The address of the current page.
    pub fn url(&self) -> String {
        into_string(self.call(Method::Get, "/url", Value::Null))
    }

    /// The title of the current page.
    pub fn title(&self) -> String {
        into_string(self.call(Method::Get, "/title", Value::Null))
    }

    /// `document.readyState`: `"loading"`, `"interactive"` or `"complete"`.
    pub fn ready_state(&self) -> String {
        into_string(self.execute("return document.readyState", &[]))
    }

    /// The text of the page as a user reads it (`document.body.innerText`).
    pub fn page_text(&self) -> String {
        into_string(self.execute("return document.body ? document.body.innerText : ''", &[]))
    }

    /// Runs `script` as the body of a function in the page (`arguments[i]` are `args`) and
    /// returns what it returns.
    pub fn execute(&self, script: &str, args: &[Value]) -> Value {
        self.call(
            Method::Post,
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
            Method::Post,
            "/elements",
            json!({ "using": "css selector", "value": selector }),
        );
        element_ids(&found)
            .into_iter()
            .map(|id| Element { browser: self, id })
            .collect()
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
        let encoded = into_string(self.call(Method::Get, "/screenshot", Value::Null));
        screenshot::save(&encoded, &self.package, &self.test, label)
    }

    /// The temporary folder that holds this browser's profile; gone once the browser is dropped.
    pub fn scratch_dir(&self) -> &Path {
        self.driver.scratch()
    }

    /// A command on this session: `path` is relative to `/session/<id>`.
    fn call(&self, method: Method, path: &str, body: Value) -> Value {
        let full_path = format!("/session/{}{path}", self.session);
        self.client
            .command(method, &full_path, &body)
            .unwrap_or_else(|error| panic!("{}: {} {path}: {error}", self.test, method.as_str()))
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Closes Chromium. The driver's own Drop (next) shuts chromedriver down.
        let _ = self.client.command(
            Method::Delete,
            &format!("/session/{}", self.session),
            &Value::Null,
        );
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
        into_string(self.get("/text"))
    }

    /// A DOM property (`naturalWidth`, `complete`, `value`, ...).
    pub fn property(&self, name: &str) -> Value {
        self.get(&format!("/property/{name}"))
    }

    /// The computed value of a CSS property as `getComputedStyle` reports it (and the browser's
    /// developer tools show it), e.g. `rgb(217, 72, 15)`. WebDriver's own `/css` endpoint would
    /// answer `rgba(217, 72, 15, 1)` instead.
    pub fn css(&self, property: &str) -> String {
        into_string(self.browser.execute(
            "return getComputedStyle(arguments[0]).getPropertyValue(arguments[1])",
            &[element_reference(&self.id), Value::from(property)],
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

    /// Types `text` into it, key by key.
    pub fn send_keys(&self, text: &str) {
        self.post("/value", json!({ "text": text }));
    }

    fn get(&self, path: &str) -> Value {
        self.browser.call(
            Method::Get,
            &format!("/element/{}{path}", self.id),
            Value::Null,
        )
    }

    fn post(&self, path: &str, body: Value) {
        self.browser
            .call(Method::Post, &format!("/element/{}{path}", self.id), body);
    }
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
