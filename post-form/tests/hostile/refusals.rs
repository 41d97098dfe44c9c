//! The crate's refusals: the sentences it writes, and what makes a 4xx one of its own.

use harness::{hostile::Tally, http::Response};
use serde_json::Value;

use crate::checks::short;

pub const TOO_LARGE: &str = "The body is larger than the limit of 102400 bytes (100 kB).";
pub const ENDED_EARLY: &str = "The body could not be read: it ended early.";
pub const TOO_SLOW: &str = "The body did not arrive within 5 seconds.";
pub const NOT_AN_OBJECT: &str =
    r#"Expected a JSON object such as {"firstName":"Ada","lastName":"Lovelace"}, got "#;
pub const ACCEPTED_TYPES: &str = "send application/json or application/x-www-form-urlencoded.";

pub fn expect_refusal(
    response: &Response,
    status: u16,
    message: &str,
    what: &str,
    tally: &mut Tally,
) {
    match crates_refusal(response) {
        Ok(said) if response.status == status && said == message => {}
        Ok(said) => tally.lose(format!(
            "{what}: expected {status} {message:?}, got {} {said:?}",
            response.status
        )),
        Err(why) => tally.lose(format!("{what}: expected {status} {message:?}; {why}")),
    }
}

/// The sentence of a 4xx that is the crate's: `{"error": "<sentence>"}` as
/// `application/json; charset=utf-8` with `nosniff`, a sentence the crate writes, no internals.
pub fn crates_refusal(response: &Response) -> Result<String, String> {
    let text = short(&response.text());
    if !(400..500).contains(&response.status) {
        return Err(format!("not a 4xx: {} {text}", response.status));
    }
    if response.header("content-type") != Some("application/json; charset=utf-8")
        || response.header("x-content-type-options") != Some("nosniff")
    {
        return Err(format!(
            "{} is not the crate's JSON error: {text}",
            response.status
        ));
    }
    let Ok(Value::Object(fields)) = serde_json::from_slice::<Value>(&response.body) else {
        return Err(format!(
            "{} body is not a JSON object: {text}",
            response.status
        ));
    };
    let message = match fields.get("error") {
        Some(Value::String(message)) if fields.len() == 1 => message.clone(),
        _ => {
            return Err(format!(
                "{} body is not {{\"error\": ...}}: {text}",
                response.status
            ));
        }
    };
    if !is_the_crates_sentence(&message) {
        return Err(format!(
            "{} with a sentence the crate does not write: {message:?}",
            response.status
        ));
    }
    if message.chars().count() > 200 {
        return Err(format!(
            "{} sentence of {} characters",
            response.status,
            message.len()
        ));
    }
    for internal in [
        "panicked",
        "src/",
        ".rs:",
        "/home",
        "/work",
        "/root",
        "/usr",
        "serde",
        "Error(",
        "Error {",
        "actix",
        "thread",
        "called `",
        "unwrap",
        "Payload",
        "Utf8",
        "backtrace",
        "Some(",
        "None",
    ] {
        if message.contains(internal) {
            return Err(format!("{message:?} contains {internal:?}"));
        }
    }
    Ok(message)
}

/// The sentences post-form's refusals write, and nothing else. Only the invalid-JSON one
/// says where (`at line .. column ..`), in serde_json's words, which are listed here.
fn is_the_crates_sentence(message: &str) -> bool {
    const KINDS: [&str; 6] = [
        "null",
        "a boolean",
        "a number",
        "a string",
        "an array",
        "an object",
    ];
    const JSON_REASONS: [&str; 22] = [
        "EOF while parsing a list",
        "EOF while parsing an object",
        "EOF while parsing a string",
        "EOF while parsing a value",
        "expected `:`",
        "expected `,` or `]`",
        "expected `,` or `}`",
        "expected ident",
        "expected value",
        "expected `\"`",
        "invalid escape",
        "invalid number",
        "number out of range",
        "invalid unicode code point",
        "control character (\\u0000-\\u001F) found while parsing a string",
        "key must be a string",
        "lone leading surrogate in hex escape",
        "trailing comma",
        "trailing characters",
        "unexpected end of hex escape",
        "recursion limit exceeded",
        "float key must be finite (got NaN or +/-inf)",
    ];
    let echoed = |text: &str| text.chars().count() <= 41 && !text.contains(['\n', '\r']);
    if [
        TOO_LARGE,
        ENDED_EARLY,
        TOO_SLOW,
        "The body could not be read.",
    ]
    .contains(&message)
    {
        return true;
    }
    if let Some(rest) = message.strip_prefix("The body is not valid JSON: ") {
        return JSON_REASONS.iter().any(|reason| {
            rest.strip_prefix(reason)
                .and_then(|rest| rest.strip_prefix(" at line "))
                .and_then(|rest| rest.strip_suffix('.'))
                .and_then(|rest| rest.split_once(" column "))
                .is_some_and(|(line, column)| {
                    line.parse::<u32>().is_ok() && column.parse::<u32>().is_ok()
                })
        });
    }
    if let Some(kind) = message
        .strip_prefix(NOT_AN_OBJECT)
        .and_then(|rest| rest.strip_suffix('.'))
    {
        return KINDS.contains(&kind);
    }
    for field in ["firstName", "lastName"] {
        if let Some(kind) = message
            .strip_prefix(field)
            .and_then(|rest| rest.strip_prefix(" must be a string or null, not "))
            .and_then(|rest| rest.strip_suffix('.'))
        {
            return KINDS.contains(&kind);
        }
        if message == format!("{field} was sent more than once; send each field once.") {
            return true;
        }
    }
    if let Some(rest) = message.strip_suffix(&format!(" {ACCEPTED_TYPES}")) {
        if rest == "The body has no Content-Type;"
            || rest == "The Content-Type header could not be understood;"
        {
            return true;
        }
        return rest
            .strip_prefix("Content-Type ")
            .and_then(|rest| rest.strip_suffix(" is not accepted;"))
            .is_some_and(echoed);
    }
    if let Some(charset) = message
        .strip_prefix("Only UTF-8 bodies are accepted, not charset=")
        .and_then(|rest| rest.strip_suffix('.'))
    {
        return echoed(charset);
    }
    message
        .strip_prefix("Compressed bodies (Content-Encoding: ")
        .and_then(|rest| rest.strip_suffix(") are not accepted; send the body uncompressed."))
        .is_some_and(|encoding| !encoding.is_empty() && echoed(encoding))
}
