//! body-parser's limit and its refusals: `web::JsonConfig` and `web::FormConfig` with a limit of
//! 100 kB and an error handler each, which turn actix's error into a [`Refusal`].
//!
//! body-parser's errors reach Express's error handler, which answers a page with the stack trace.
//! Here every refusal is a 4xx and `{"error": "<one sentence>"}` at once, with no internals: the
//! page shows the sentence to the visitor.

use std::{fmt, io};

use actix_web::{
    HttpResponse, ResponseError,
    error::{JsonPayloadError, PayloadError, UrlencodedError},
    http::StatusCode,
    web,
};

/// body-parser's default `limit: '100kb'`: a body of this many bytes is accepted, one more is
/// `413`, before it is read when `Content-Length` says so (actix checks it first).
pub const BODY_LIMIT: usize = 100 * 1024;

/// `bodyParser.json()`'s limit and refusals, for the routes that take `web::Json<..>`.
pub fn json_config() -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(BODY_LIMIT)
        .error_handler(|error, _req| Refusal::from(error).into())
}

/// `bodyParser.urlencoded()`'s limit and refusals, for the routes that take `web::Form<..>`.
pub fn form_config() -> web::FormConfig {
    web::FormConfig::default()
        .limit(BODY_LIMIT)
        .error_handler(|error, _req| Refusal::from(error).into())
}

/// Why a body was refused: a 4xx status and one sentence for the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    status: StatusCode,
    sentence: String,
}

impl Refusal {
    pub(crate) fn new(status: StatusCode, sentence: impl Into<String>) -> Self {
        Self {
            status,
            sentence: sentence.into(),
        }
    }

    fn bad_request(sentence: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, sentence)
    }

    fn too_large() -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("The body is larger than the limit of {BODY_LIMIT} bytes (100 kB)."),
        )
    }

    /// The body stopped arriving: too late ([`crate::body_timeout`]) or cut short.
    fn unread(error: &PayloadError) -> Self {
        match error {
            PayloadError::Io(error) if error.kind() == io::ErrorKind::TimedOut => Self::new(
                StatusCode::REQUEST_TIMEOUT,
                format!(
                    "The body did not arrive within {} seconds.",
                    crate::BODY_TIMEOUT.as_secs()
                ),
            ),
            PayloadError::Overflow => Self::too_large(),
            _ => Self::bad_request("The body could not be read: it ended early."),
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.sentence)
    }
}

/// How a refusal is answered: its status and `{"error": "<sentence>"}`.
impl ResponseError for Refusal {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        crate::json_response(self.status, &serde_json::json!({ "error": self.sentence }))
    }
}

impl From<JsonPayloadError> for Refusal {
    fn from(error: JsonPayloadError) -> Self {
        match error {
            JsonPayloadError::OverflowKnownLength { .. } | JsonPayloadError::Overflow { .. } => {
                Self::too_large()
            }
            // Valid JSON that does not fit `Posted`; serde_json adds where, which is left out.
            JsonPayloadError::Deserialize(error) if error.is_data() => {
                let message = error.to_string();
                let position = format!(" at line {} column {}", error.line(), error.column());
                Self::bad_request(misfit(message.strip_suffix(&position).unwrap_or(&message)))
            }
            // serde_json's one line, with the line and column: where to look.
            JsonPayloadError::Deserialize(error) => {
                Self::bad_request(format!("The body is not valid JSON: {error}."))
            }
            JsonPayloadError::Payload(error) => Self::unread(&error),
            // `ContentType` cannot happen: the route's guard lets only JSON through.
            _ => Self::bad_request("The body could not be read."),
        }
    }
}

impl From<UrlencodedError> for Refusal {
    fn from(error: UrlencodedError) -> Self {
        match error {
            UrlencodedError::Overflow { .. } => Self::too_large(),
            UrlencodedError::Parse(error) => Self::bad_request(misfit(&error.to_string())),
            UrlencodedError::Payload(error) => Self::unread(&error),
            // `ContentType`, `Encoding`: the route's guard lets only UTF-8 forms through.
            _ => Self::bad_request("The body could not be read."),
        }
    }
}

/// serde's message for a body that was read but does not fit `Posted`, as a sentence.
fn misfit(message: &str) -> String {
    // serde's derive: `duplicate field `firstName``.
    if let Some(field) = message
        .strip_prefix("duplicate field `")
        .and_then(|rest| rest.strip_suffix('`'))
    {
        return format!("{field} was sent more than once; send each field once.");
    }
    // The top level, of the wrong type (`expecting = "a JSON object"` on `Posted`):
    // `invalid type: sequence, expected a JSON object`.
    if let Some(unexpected) = message
        .strip_prefix("invalid type: ")
        .and_then(|rest| rest.strip_suffix(", expected a JSON object"))
    {
        return format!(
            r#"Expected a JSON object such as {{"firstName":"Ada","lastName":"Lovelace"}}, got {}."#,
            kind_of(unexpected)
        );
    }
    // The sentences `Posted`'s fields write themselves, or serde's own message about a field
    // added without them (`invalid type: integer `1`, expected a string`), cut to a line.
    shared::shown(message)
}

/// What serde's `Unexpected` names (`sequence`, `string "Ada"`, `integer `42``), in JSON's words.
fn kind_of(unexpected: &str) -> &'static str {
    match unexpected.split([' ', ',']).next() {
        Some("sequence") => "an array",
        Some("map") => "an object",
        Some("string") => "a string",
        Some("boolean") => "a boolean",
        Some("integer" | "floating") => "a number",
        Some("null" | "unit") => "null",
        _ => "something else",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_s_messages_become_sentences_that_name_no_internals() {
        for (message, sentence) in [
            (
                "duplicate field `lastName`",
                "lastName was sent more than once; send each field once.",
            ),
            (
                "invalid type: sequence, expected a JSON object",
                r#"Expected a JSON object such as {"firstName":"Ada","lastName":"Lovelace"}, got an array."#,
            ),
            (
                r#"invalid type: string "a, b", expected a JSON object"#,
                r#"Expected a JSON object such as {"firstName":"Ada","lastName":"Lovelace"}, got a string."#,
            ),
            (
                "firstName must be a string or null, not a number.",
                "firstName must be a string or null, not a number.",
            ),
        ] {
            assert_eq!(misfit(message), sentence);
        }
        // A field of another type, read by serde's derive alone: not the top level.
        assert_eq!(
            misfit("invalid type: integer `1`, expected a string"),
            "invalid type: integer `1`, expected a string"
        );
        for (unexpected, kind) in [
            ("null", "null"),
            ("integer `42`", "a number"),
            ("floating point `1.5`", "a number"),
            ("boolean `true`", "a boolean"),
        ] {
            assert_eq!(kind_of(unexpected), kind);
        }
    }
}
