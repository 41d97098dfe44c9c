//! post-form in a real browser (headless Chromium): the form round trip as a user sees it, and
//! proof that what the server echoes is shown as text and never run as script.
//!
//! The page's hooks (`#firstName`, `#submit`, `#loading`, `#results`, `#error`, ...) are listed
//! at the top of `www/post-form/js/form.js`.
//!
//! Skipped (with a `SKIPPED:` line) when chromedriver is not installed, except under `CI=true`;
//! `scripts/setup` installs it. Each test saves what it saw under `screenshots/post-form/`.

use std::time::Duration;

use harness::{
    browser::{Browser, WAIT, json},
    start_browser, start_example,
};

/// example-3 answers after its one-second simulated slow network: allow that and then some.
const ANSWER_WAIT: Duration = Duration::from_secs(8);

/// Script payloads that run if the page inserts the answer as HTML (the original's hole).
const IMG_PAYLOAD: &str = r#"<img src=x onerror="window.__pwned=1">"#;
const SCRIPT_PAYLOAD: &str = "<script>window.__pwned=1</script>";

#[test]
fn example_3_shows_the_loading_indicator_then_both_names() {
    let Some(browser) = start_browser!() else {
        return;
    };
    let server = start_example!("example-3").run();
    browser.goto(&server.url("/"));
    assert!(!browser.find("#loading").is_displayed(), "no spinner yet");
    type_names(&browser, "Ada", "Lovelace");
    browser.find("#submit").click();

    // The server waits a second before it answers: the page says it is waiting meanwhile.
    browser.wait_until("the loading indicator", WAIT, || {
        browser.find("#loading").is_displayed().then_some(())
    });
    // Read at one instant, in the page: the answer is due a second after the click.
    let waiting = browser.execute(
        "return [document.body.dataset.state, document.getElementById('submit').disabled,
                 document.getElementById('answer').hidden]",
        &[],
    );
    assert_eq!(
        waiting,
        json!(["loading", true, true]),
        "state, submit disabled, answer hidden"
    );
    browser.screenshot("loading");

    wait_for_state(&browser, "done", ANSWER_WAIT);
    assert!(!browser.find("#loading").is_displayed());
    assert!(browser.find("#answer").is_displayed());
    assert_eq!(
        results(&browser),
        [("firstName", "Ada"), ("lastName", "Lovelace")].map(owned)
    );
    browser.screenshot("results");
}

#[test]
fn example_3_empty_names_come_back_as_null() {
    let Some(browser) = start_browser!() else {
        return;
    };
    let server = start_example!("example-3").run();
    browser.goto(&server.url("/"));
    browser.find("#submit").click();
    wait_for_state(&browser, "done", ANSWER_WAIT);
    assert_eq!(
        results(&browser),
        [("firstName", "null"), ("lastName", "null")].map(owned)
    );
    assert_eq!(browser.find_all("#results dd.value-null").len(), 2);
}

#[test]
fn example_3_shows_script_payloads_as_text_and_never_runs_them() {
    let Some(browser) = start_browser!() else {
        return;
    };
    let server = start_example!("example-3").run();
    browser.goto(&server.url("/"));
    type_names(&browser, IMG_PAYLOAD, SCRIPT_PAYLOAD);
    browser.find("#submit").click();
    wait_for_state(&browser, "done", ANSWER_WAIT);

    // The answer is shown character for character, as text: no element was made of it.
    assert_eq!(
        results(&browser),
        [("firstName", IMG_PAYLOAD), ("lastName", SCRIPT_PAYLOAD)].map(owned)
    );
    assert!(browser.find_all("#results img, #results script").is_empty());

    // A control: the same payload inserted as HTML on purpose does run, once its image fails to
    // load from this server. By then the answer's image (if there were one, inserted earlier and
    // loading from the same place) would have failed and run its handler too.
    browser.execute(
        r#"const box = document.createElement('div');
           box.innerHTML = '<img src=x onerror="window.__control=1">';
           document.body.append(box);"#,
        &[],
    );
    browser.wait_until("the control payload to run", WAIT, || {
        (browser.execute("return window.__control", &[]) == 1).then_some(())
    });
    assert_eq!(
        browser.execute("return window.__pwned === undefined", &[]),
        true,
        "a payload in the answer ran"
    );
    browser.screenshot("payloads-as-text");
}

#[test]
fn example_3_answers_an_oversize_name_with_a_friendly_message() {
    let Some(browser) = start_browser!() else {
        return;
    };
    let server = start_example!("example-3").run();
    browser.goto(&server.url("/"));
    // 100 kB is the body limit: typing that many keys would take minutes, so set the value
    // directly, as a paste would.
    browser.execute(
        "document.getElementById('firstName').value = 'x'.repeat(102400)",
        &[],
    );
    type_names(&browser, "", "Lovelace");
    browser.find("#submit").click();
    wait_for_state(&browser, "error", ANSWER_WAIT);
    let error = browser.find("#error");
    assert!(error.is_displayed());
    let message = error.text();
    assert!(message.contains("413"), "{message}");
    assert!(
        message.contains("Shorten the names and try again."),
        "{message}"
    );
    assert!(!browser.find("#answer").is_displayed());
    assert!(!browser.find("#loading").is_displayed());
    assert_eq!(browser.find("#submit").property("disabled"), false);
    browser.screenshot("oversize");
}

#[test]
fn example_1_explains_that_nothing_handles_post_form_yet() {
    let Some(browser) = start_browser!() else {
        return;
    };
    let server = start_example!("example-1").run();
    browser.goto(&server.url("/"));
    type_names(&browser, "Ada", "Lovelace");
    browser.find("#submit").click();
    wait_for_state(&browser, "error", WAIT);
    let message = browser.find("#error").text();
    for expected in [
        "404",
        "Cannot POST /form",
        "cargo run -p post-form --bin example-2",
    ] {
        assert!(message.contains(expected), "{expected:?} not in {message}");
    }
    assert!(!browser.find("#answer").is_displayed());
    browser.screenshot("cannot-post");
}

#[test]
fn example_2_echoes_the_fields_at_once_and_how_they_were_parsed() {
    let Some(browser) = start_browser!() else {
        return;
    };
    let server = start_example!("example-2").run();
    browser.goto(&server.url("/"));
    type_names(&browser, "Ada", "");
    browser.find("#submit").click();
    wait_for_state(&browser, "done", WAIT);
    assert_eq!(
        results(&browser),
        [
            ("firstName", "Ada"),
            ("lastName", "(empty string)"),
            ("parsedAs", "urlencoded"),
        ]
        .map(owned)
    );
    assert_eq!(browser.find_all("#results dd.value-empty").len(), 1);
    browser.screenshot("echo");
}

/// Types into both inputs, key by key, as a user would (an empty name is left empty).
fn type_names(browser: &Browser, first: &str, last: &str) {
    for (input, name) in [("#firstName", first), ("#lastName", last)] {
        if !name.is_empty() {
            browser.find(input).send_keys(name);
        }
    }
}

/// Waits for the page's `body[data-state]` to become `state` (`done` or `error`).
fn wait_for_state(browser: &Browser, state: &str, timeout: Duration) {
    browser.wait_until(&format!("body[data-state={state}]"), timeout, || {
        let now = browser.execute("return document.body.dataset.state", &[]);
        (now == state).then_some(())
    });
}

/// The results list as (key, value) pairs of text, in order.
fn results(browser: &Browser) -> Vec<(String, String)> {
    let keys = browser.find_all("#results dt");
    let values = browser.find_all("#results dd");
    assert_eq!(keys.len(), values.len(), "one value per key");
    keys.iter()
        .zip(&values)
        .map(|(key, value)| (key.text(), value.text()))
        .collect()
}

fn owned((key, value): (&str, &str)) -> (String, String) {
    (key.to_owned(), value.to_owned())
}
