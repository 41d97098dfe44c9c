//! The form page in www/post-form, as served: its element ids, its script and its styles.

use harness::{http, start_example};

/// The ids the script's header comment promises (the browser tests rely on them).
const STABLE_IDS: [&str; 8] = [
    "form",
    "firstName",
    "lastName",
    "submit",
    "loading",
    "answer",
    "results",
    "error",
];

fn fetch(path: &str) -> (String, Option<String>) {
    let server = start_example!("example-1").run();
    let response = http::get(server.addr(), path);
    assert_eq!(response.status, 200, "{path}");
    (
        response.text(),
        response.header("content-type").map(str::to_owned),
    )
}

#[test]
fn the_page_has_every_stable_element_id_once_and_the_script_documents_each() {
    let (page, _) = fetch("/");
    let (script, _) = fetch("/js/form.js");
    let header = script.split("*/").next().unwrap_or_default();
    for id in STABLE_IDS {
        assert_eq!(
            page.matches(&format!(r#"id="{id}""#)).count(),
            1,
            "index.html must have exactly one id=\"{id}\""
        );
        assert!(
            header.contains(&format!("#{id} ")),
            "form.js's header comment does not describe #{id}"
        );
    }
}

#[test]
fn the_script_looks_up_only_elements_the_page_has() {
    let (page, _) = fetch("/");
    let (script, _) = fetch("/js/form.js");
    let used: Vec<&str> = script
        .split("getElementById('")
        .skip(1)
        .filter_map(|rest| rest.split('\'').next())
        .collect();
    assert!(used.len() >= STABLE_IDS.len(), "{used:?}");
    for id in used {
        assert!(page.contains(&format!(r#"id="{id}""#)), "no #{id} in page");
    }
}

#[test]
fn the_script_inserts_what_the_server_sends_as_text_never_as_html() {
    let (script, media_type) = fetch("/js/form.js");
    assert_eq!(media_type.as_deref(), Some("text/javascript"));
    for sink in [
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
        "createContextualFragment",
        "DOMParser",
    ] {
        assert!(!script.contains(sink), "form.js uses {sink}");
    }
    assert!(script.contains(".textContent = "));
}

#[test]
fn the_page_loads_its_own_css_and_script_and_no_third_party_code() {
    let (page, _) = fetch("/");
    assert!(page.contains(r#"<link rel="stylesheet" href="/css/style.css">"#));
    assert!(page.contains(r#"<script src="/js/form.js" defer></script>"#));
    assert!(!page.contains("http://") && !page.contains("https://"));
    assert!(!page.to_ascii_lowercase().contains("jquery"));
    let (_, media_type) = fetch("/css/style.css");
    assert_eq!(media_type.as_deref(), Some("text/css; charset=utf-8"));
}

#[test]
fn the_loading_indicator_is_css_and_starts_hidden() {
    let (page, _) = fetch("/");
    let (css, _) = fetch("/css/style.css");
    assert!(page.contains(r#"<div id="loading" class="loading" role="status" hidden>"#));
    assert!(page.contains(r#"<div id="error" class="error" role="alert" hidden>"#));
    assert!(!page.contains("<img"), "the spinner is CSS, not an image");
    assert!(css.contains("@keyframes turn") && css.contains("animation: turn"));
    assert!(css.contains("prefers-reduced-motion"));
    assert!(
        css.contains("[hidden]"),
        "hidden must win over display rules"
    );
}

#[test]
fn the_script_explains_cannot_post_form_and_points_to_example_2() {
    let (script, _) = fetch("/js/form.js");
    assert!(script.contains("'Cannot POST /form'"));
    assert!(script.contains("cargo run -p post-form --bin example-2"));
}
