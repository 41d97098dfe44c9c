//! Small helpers shared by the tests: posting a body and reading a JSON answer.

use std::net::SocketAddr;

use harness::http::{self, Response};
use serde_json::Value;

pub const FORM: &str = "application/x-www-form-urlencoded";
pub const JSON: &str = "application/json";

/// `POST /form` on a fresh connection, with this `Content-Type` (none if `None`).
pub fn post(addr: SocketAddr, content_type: Option<&str>, body: &[u8]) -> Response {
    let headers: Vec<(&str, &str)> = content_type
        .map(|value| vec![("Content-Type", value)])
        .unwrap_or_default();
    http::request(addr, "POST", "/form", &headers, body)
}

/// The body of a response, parsed as JSON.
pub fn json_of(response: &Response) -> Value {
    serde_json::from_slice(&response.body)
        .unwrap_or_else(|error| panic!("not JSON ({error}): {:?}", response.text()))
}

/// Asserts a JSON answer of the exact type Express sends, and returns its body as text.
pub fn assert_json_answer(response: &Response, status: u16) -> String {
    assert_eq!(response.status, status, "{}", response.text());
    assert_eq!(
        response.header("content-type"),
        Some("application/json; charset=utf-8")
    );
    assert!(response.complete, "the answer ended");
    assert!(response.header("x-powered-by").is_none());
    response.text()
}

/// Asserts a refusal: this status, `{"error": message}`, one short sentence with no internals.
pub fn assert_refused(response: &Response, status: u16, message: &str) {
    assert_json_answer(response, status);
    let answer = json_of(response);
    let error = answer["error"]
        .as_str()
        .unwrap_or_else(|| panic!("{answer}"));
    assert_eq!(answer.as_object().map(|fields| fields.len()), Some(1));
    assert_eq!(error, message);
    assert_no_internals(error);
}

/// One sentence for a person: no stack trace, file path, Rust or serde type names, no panic.
pub fn assert_no_internals(message: &str) {
    assert!(message.len() < 200, "{message}");
    assert!(!message.contains('\n'), "{message}");
    assert!(message.ends_with('.'), "{message}");
    for leak in [
        "panicked", "src/", ".rs", "/home", "/work", "serde", "Error(", "Json", "Payload", "actix",
        " at JSON",
    ] {
        assert!(!message.contains(leak), "{message:?} contains {leak:?}");
    }
}
