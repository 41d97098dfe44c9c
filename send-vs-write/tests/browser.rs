//! send-vs-write in a real browser (headless Chromium): what the spinner means.
//!
//! Skipped (with a `SKIPPED:` line) when chromedriver is not installed, except under `CI=true`;
//! `scripts/setup` installs it. Each test saves what it saw under `screenshots/send-vs-write/`.

use std::time::Duration;

use harness::{
    browser::{Browser, PageLoad, WAIT},
    start_browser, start_example,
};

/// How long example-2's page is watched to prove it is *still* loading. The five chunks arrive
/// at once (milliseconds), so two seconds is far longer than any page of this size needs.
const STILL_LOADING_FOR: Duration = Duration::from_secs(2);

#[test]
fn example_1_shows_only_the_first_heading() {
    let Some(browser) = start_browser!() else {
        return;
    };
    let server = start_example!("example-1").run();
    browser.goto(&server.url("/"));
    // The page is complete: `send` ended the response after the first heading.
    assert_eq!(browser.ready_state(), "complete");
    assert_eq!(headings(&browser), ["This is the response #: 1"]);
    browser.screenshot("first-heading-only");
}

#[test]
fn example_2_shows_five_headings_but_the_page_never_finishes_loading() {
    // A normal navigation would wait for a load event that never comes: return at once instead.
    let Some(browser) = start_browser!(PageLoad::None) else {
        return;
    };
    let server = start_example!("example-2").run();
    browser.goto(&server.url("/"));
    // What Chromium really does: it parses and renders the chunks as they arrive, so all five
    // headings are in the page and on screen while the document is still loading.
    browser.wait_until("five headings in the page", WAIT, || {
        (headings(&browser).len() == 5).then_some(())
    });
    assert_eq!(headings(&browser), five_headings());
    assert!(browser.find("h1").is_displayed());
    browser.assert_holds_for(
        "document.readyState == \"loading\"",
        STILL_LOADING_FOR,
        || browser.ready_state() == "loading",
    );
    browser.screenshot("still-loading");
}

#[test]
fn example_3_page_completes_with_five_headings() {
    let Some(browser) = start_browser!() else {
        return;
    };
    let server = start_example!("example-3").run();
    // With the default page-load strategy this returns only once the load event has fired:
    // `res.end()` lets the page finish.
    browser.goto(&server.url("/"));
    assert_eq!(browser.ready_state(), "complete");
    assert_eq!(headings(&browser), five_headings());
    browser.screenshot("complete");
}

fn headings(browser: &Browser) -> Vec<String> {
    browser
        .find_all("h1")
        .iter()
        .map(|heading| heading.text())
        .collect()
}

fn five_headings() -> Vec<String> {
    (1..=5)
        .map(|i| format!("This is the response #: {i}"))
        .collect()
}
