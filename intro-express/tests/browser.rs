//! intro-express in a real browser (headless Chromium): what an attendee sees, not just the bytes.
//!
//! Skipped (with a `SKIPPED:` line) when chromedriver is not installed, except under `CI=true`;
//! `scripts/setup` installs it. Each test saves what it saw under `screenshots/intro-express/`.

use std::{
    io::{BufRead as _, BufReader, Read as _},
    path::PathBuf,
    process::{Command, Stdio},
    sync::mpsc,
    thread,
    time::{Duration, Instant},
};

use harness::{
    browser::{self, Browser, WAIT},
    start_browser, start_example,
};

/// The colours `www/intro-express/css/style.css` gives the page, as `getComputedStyle` reports
/// them: `--accent` (#d9480f) for the heading, `--ink` (#1f2430) for the masthead.
const ACCENT: &str = "rgb(217, 72, 15)";
const INK: &str = "rgb(31, 36, 48)";

#[test]
fn example_1_shows_its_heading() {
    let Some(browser) = start_browser!() else {
        return;
    };
    let server = start_example!("example-1").run();
    browser.goto(&server.url("/"));
    let heading = browser.find("h1");
    assert_eq!(heading.text(), "This is example # 1");
    assert!(heading.is_displayed());
    assert_eq!(browser.find_all("h1").len(), 1);
    browser.screenshot("home");
}

#[test]
fn example_2_renders_index_html_with_its_stylesheet_and_logo() {
    let Some(browser) = start_browser!() else {
        return;
    };
    let server = start_example!("example-2").run();
    browser.goto(&server.url("/"));
    assert_eq!(browser.title(), "Home · intro-express");
    let heading = browser.find("h1");
    assert_eq!(heading.text(), "This is www/index.html");
    // The stylesheet was fetched and applied: without it the heading would be black and the
    // masthead transparent.
    assert_eq!(heading.css("color"), ACCENT);
    assert_eq!(browser.find(".masthead").css("background-color"), INK);
    // The logo was fetched and decoded: a broken image has a natural width of 0.
    let logo = browser.find("img.logo");
    assert_eq!(logo.property("complete"), true);
    assert!(natural_width(&logo) > 0, "the logo did not load");
    browser.screenshot("home");
}

#[test]
fn example_2_about_link_lands_on_cannot_get_about() {
    let Some(browser) = start_browser!() else {
        return;
    };
    let server = start_example!("example-2").run();
    browser.goto(&server.url("/"));
    browser.find(r#"nav a[href="/about"]"#).click();
    wait_for_path(&browser, "/about");
    assert_eq!(browser.page_text(), "Cannot GET /about");
    assert!(
        browser.try_find("h1").is_none(),
        "a 404 page has no heading"
    );
    browser.screenshot("about-404");
}

#[test]
fn example_3_about_link_shows_about_us_and_home_comes_back() {
    let Some(browser) = start_browser!() else {
        return;
    };
    let server = start_example!("example-3").run();
    browser.goto(&server.url("/"));
    browser.find(r#"nav a[href="/about"]"#).click();
    wait_for_path(&browser, "/about");
    let heading = browser.find("h1");
    assert_eq!(heading.text(), "About Us");
    // Served by the route, about.html still gets its stylesheet and logo from the static files.
    assert_eq!(heading.css("color"), ACCENT);
    assert!(natural_width(&browser.find("img.logo")) > 0);
    browser.screenshot("about");

    browser.find(r#"nav a[href="/"]"#).click();
    wait_for_path(&browser, "/");
    assert_eq!(browser.find("h1").text(), "This is www/index.html");
    browser.screenshot("home-again");
}

/// The harness itself: a browser test that fails leaves no Chromium behind. (Dropping the
/// browser, which unwinding does, ends the session, shuts chromedriver down and waits for every
/// process that uses its profile folder to exit.)
#[test]
fn a_failing_browser_test_leaves_no_chromium_process_behind() {
    let Some(browser) = start_browser!() else {
        return;
    };
    let server = start_example!("example-1").run();
    let scratch = browser.scratch_dir().to_owned();
    let scratch_in_test = scratch.clone();
    let failed_test = thread::spawn(move || {
        browser.goto(&server.url("/"));
        assert!(
            !browser::processes_using(&scratch_in_test).is_empty(),
            "Chromium runs with its profile in {}",
            scratch_in_test.display()
        );
        panic!("an assertion fails while the browser is open");
    })
    .join();
    assert!(failed_test.is_err(), "the test thread was meant to fail");
    assert_eq!(browser::processes_using(&scratch), Vec::<u32>::new());
    assert!(!scratch.exists(), "{} was not removed", scratch.display());
}

/// Set in the copy of this test binary that [`a_killed_browser_test_leaves_no_chromium_behind`]
/// starts and kills.
const HOLD_A_BROWSER: &str = "HOLD_A_BROWSER";

/// The harness again: a test process killed outright (SIGKILL, or the Ctrl-C that stops `cargo
/// test`, which never reaches chromedriver's process group) runs no destructor, and still leaves
/// no Chromium and no profile folder behind. The test runs itself as a second process that
/// opens a page and waits, kills it, and waits (bounded) for the cleanup.
#[test]
fn a_killed_browser_test_leaves_no_chromium_behind() {
    if std::env::var_os(HOLD_A_BROWSER).is_some() {
        let Some(browser) = start_browser!() else {
            return;
        };
        browser.goto("data:text/html,<h1>Held open until killed</h1>");
        println!("scratch {}", browser.scratch_dir().display());
        // Until the test kills this process, or closes this pipe after its bounded wait.
        let _ = std::io::stdin().read_to_end(&mut Vec::new());
        return;
    }
    let mut held = Command::new(std::env::current_exe().expect("this test binary"))
        .args([
            "--exact",
            "a_killed_browser_test_leaves_no_chromium_behind",
            "--nocapture",
        ])
        .env(HOLD_A_BROWSER, "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the test binary again");
    let stdout = held.stdout.take().expect("piped stdout");
    let (lines, arrive) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    let mut scratch = None;
    let mut output = Vec::new();
    // Starting chromedriver and Chromium, beside the other browser tests on a loaded machine,
    // may itself take up to the harness's waits (a few WAITs), so the whole start gets that.
    let deadline = Instant::now() + 4 * WAIT;
    while let Ok(line) = arrive.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
        if let Some(path) = line.strip_prefix("scratch ") {
            scratch = Some(PathBuf::from(path));
            break;
        }
        output.push(line);
    }
    let Some(scratch) = scratch else {
        let _ = held.kill();
        let _ = held.wait();
        // No browser here: the second process printed why (a SKIPPED line unless CI=true).
        if let Some(skipped) = output.iter().find(|line| line.contains("SKIPPED:")) {
            println!("{skipped}");
            return;
        }
        panic!(
            "the second process opened no browser:\n{}",
            output.join("\n")
        );
    };
    assert!(
        !browser::processes_using(&scratch).is_empty(),
        "Chromium runs with its profile in {}",
        scratch.display()
    );
    held.kill().expect("kill the second process");
    let _ = held.wait();
    // The watchdog notices the kill, stops Chromium, then removes the profile Chromium may still
    // be writing to: seconds on a loaded machine, so twice the usual wait.
    let deadline = Instant::now() + 2 * WAIT;
    while (!browser::processes_using(&scratch).is_empty() || scratch.exists())
        && Instant::now() < deadline
    {
        thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(browser::processes_using(&scratch), Vec::<u32>::new());
    assert!(!scratch.exists(), "{} was not removed", scratch.display());
}

fn natural_width(image: &browser::Element<'_>) -> u64 {
    image.property("naturalWidth").as_u64().unwrap_or(0)
}

/// Waits (bounded) until the browser shows `path` of the example's server.
fn wait_for_path(browser: &Browser, path: &str) {
    browser.wait_until(&format!("the address to end in {path}"), WAIT, || {
        let url = browser.url();
        let after_host = url.splitn(4, '/').nth(3).map(|rest| format!("/{rest}"));
        (after_host.as_deref() == Some(path)).then_some(())
    });
}
