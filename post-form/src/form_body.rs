//! `bodyParser.json()` and `bodyParser.urlencoded()` in one extractor: [`FormBody`].
//!
//! Express parses bodies in middleware that fills `req.body` for every request. In actix-web a
//! handler asks for its body by taking an *extractor* as an argument, and the extractor's error
//! becomes the response when the body is unusable; the handler never runs. actix's own
//! `web::Json<T>` and `web::Form<T>` each accept one media type; the original accepts both on
//! the same route, so this extractor looks at `Content-Type` and hands the bytes to the same
//! decoders those two use (serde_json, form_urlencoded).
//!
//! | request | body-parser 1.x | [`FormBody`] |
//! |---|---|---|
//! | `application/json` | `JSON.parse`, strict: object or array | an object; `firstName`/`lastName` strings or null |
//! | `application/x-www-form-urlencoded` | querystring / qs | form_urlencoded pairs, `+` and `%XX` decoded |
//! | no body, or `Content-Length: 0` | `req.body = {}` | both fields `None` |
//! | another or no `Content-Type`, with a body | ignored: `req.body = {}` | `415` that names the two accepted types |
//! | `charset` other than UTF-8 | `415` | `415` |
//! | `Content-Encoding: gzip` | inflated | `415` (send it uncompressed) |
//! | more than 102400 bytes | `413` | `413`, before reading when `Content-Length` says so |
//! | a body that stops arriving | waits (until Node's socket or request timeout) | `408` once it is [`BODY_TIMEOUT`] late |
//! | malformed JSON, a top level that is not an object | `400` with a stack trace | `400` with one sentence |
//! | a JSON array | accepted (`req.body.firstName` is `undefined`) | `400`: an array has no named fields |
//! | `firstName` a number, object, array or boolean | echoed, `0`/`false` turned into null | `400` that names the field |
//! | a field sent twice (`firstName=a&firstName=b`) | an array `["a","b"]` | `400` that names the field |
//!
//! Every error answers at once with `{"error": "<one sentence>"}` and no internals. A sentence
//! that names what the client sent (a `Content-Type`, a charset) cuts it to
//! [`ECHOED_CHARS`] characters: a 5000-character header must not make a 5000-character answer.

use std::{fmt, future::Future, pin::Pin, time::Duration};

use actix_web::{
    FromRequest, HttpMessage, HttpRequest, HttpResponse, ResponseError,
    dev::Payload,
    http::{StatusCode, header},
    web,
};
use serde::Serialize;
use serde_json::{Map, Value};

/// body-parser's default `limit: '100kb'`: a body of this many bytes is accepted, one more is `413`.
pub const BODY_LIMIT: usize = 100 * 1024;

/// How long the whole body may take to arrive once the head has. actix times out a head that
/// trickles in (5 s) but not a body: without this, a client that declares 40 bytes and sends 20
/// holds its connection and its request forever. 100 kB in 5 s is 20 kB/s, slower than any
/// network a workshop runs on.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(5);

/// At most this many characters of a client's header value are repeated in an error sentence.
const ECHOED_CHARS: usize = 40;

const JSON: &str = "application/json";
const URLENCODED: &str = "application/x-www-form-urlencoded";

/// The two fields of the posted form, as the client sent them: `req.body.firstName` and
/// `req.body.lastName`. A field that was missing (or JSON `null`) is `None`; an empty string stays
/// `Some("")`. Other fields are dropped.
///
/// Serialized (example-2 echoes it) as `{"firstName":..,"lastName":..,"parsedAs":..}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FormBody {
    /// `req.body.firstName`.
    pub first_name: Option<String>,
    /// `req.body.lastName`.
    pub last_name: Option<String>,
    /// Which parser read the body.
    pub parsed_as: ParsedAs,
}

/// Which of body-parser's two parsers would have read the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ParsedAs {
    /// `bodyParser.json()`: `Content-Type: application/json`.
    Json,
    /// `bodyParser.urlencoded()`: `Content-Type: application/x-www-form-urlencoded`.
    Urlencoded,
    /// No body at all: like body-parser's `req.body = {}`, both fields are missing.
    Empty,
}

impl FormBody {
    fn empty(parsed_as: ParsedAs) -> Self {
        Self {
            first_name: None,
            last_name: None,
            parsed_as,
        }
    }
}

/// Why a body was refused: a 4xx status and one sentence for the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyError {
    status: StatusCode,
    message: String,
}

impl BodyError {
    fn bad_request(message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }

    fn unsupported(message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            message: message.into(),
        }
    }

    fn too_slow() -> Self {
        Self {
            status: StatusCode::REQUEST_TIMEOUT,
            message: format!(
                "The body did not arrive within {} seconds.",
                BODY_TIMEOUT.as_secs()
            ),
        }
    }

    fn too_large() -> Self {
        Self {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            message: format!("The body is larger than the limit of {BODY_LIMIT} bytes (100 kB)."),
        }
    }

    /// The sentence sent to the client.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// How a refused body is answered: its status, `{"error": "<message>"}` as JSON.
impl ResponseError for BodyError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        #[derive(Serialize)]
        struct ErrorAnswer<'a> {
            error: &'a str,
        }
        crate::json_response(
            self.status,
            &ErrorAnswer {
                error: &self.message,
            },
        )
    }
}

impl FromRequest for FormBody {
    type Error = BodyError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        // Everything the headers can tell is decided here, before a byte of the body is read.
        let checked = check_headers(req);
        let payload = web::Payload::from_request(req, payload);
        Box::pin(async move {
            let Some(parser) = checked? else {
                return Ok(FormBody::empty(ParsedAs::Empty));
            };
            let payload = payload
                .await
                .map_err(|_| BodyError::bad_request("The body could not be read."))?;
            let reading = payload.to_bytes_limited(BODY_LIMIT);
            let body = match actix_rt::time::timeout(BODY_TIMEOUT, reading).await {
                Ok(Ok(Ok(body))) => body,
                Ok(Ok(Err(_))) => {
                    return Err(BodyError::bad_request(
                        "The body could not be read: it ended early.",
                    ));
                }
                Ok(Err(_limit_exceeded)) => return Err(BodyError::too_large()),
                Err(_elapsed) => return Err(BodyError::too_slow()),
            };
            // body-parser decodes the body with iconv-lite, which drops a leading byte order
            // mark: Node accepts `\u{feff}{"firstName":"Ada"}` (seen with body-parser 1.15.2).
            let body = body.strip_prefix(UTF8_BOM).unwrap_or(&body);
            if body.is_empty() {
                return Ok(FormBody::empty(ParsedAs::Empty));
            }
            match parser {
                Parser::Json => parse_json(body),
                Parser::Urlencoded => parse_urlencoded(body),
            }
        })
    }
}

/// The UTF-8 byte order mark some editors and tools put before a body.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The parser the `Content-Type` picks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Parser {
    Json,
    Urlencoded,
}

/// What the headers say: `Ok(None)` when there is no body (`Content-Length: 0`, or neither
/// `Content-Length` nor `Transfer-Encoding`), the parser for it, or why it is refused unread.
fn check_headers(req: &HttpRequest) -> Result<Option<Parser>, BodyError> {
    let declared_length = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse::<u64>().ok());
    let has_body = declared_length.is_some_and(|length| length > 0)
        || req.headers().contains_key(header::TRANSFER_ENCODING);
    if !has_body {
        return Ok(None);
    }

    if let Some(encoding) = req.headers().get(header::CONTENT_ENCODING) {
        let encoding = String::from_utf8_lossy(encoding.as_bytes());
        let encoding = encoding.trim();
        // Empty is no encoding, as body-parser reads it (`headers['content-encoding'] || 'identity'`).
        if !encoding.is_empty() && !encoding.eq_ignore_ascii_case("identity") {
            return Err(BodyError::unsupported(format!(
                "Compressed bodies (Content-Encoding: {}) are not accepted; send the body uncompressed.",
                echoed(encoding)
            )));
        }
    }

    let mime = match req.mime_type() {
        Ok(Some(mime)) => mime,
        Ok(None) => {
            return Err(BodyError::unsupported(format!(
                "The body has no Content-Type; send {JSON} or {URLENCODED}."
            )));
        }
        Err(_) => {
            return Err(BodyError::unsupported(format!(
                "The Content-Type header could not be understood; send {JSON} or {URLENCODED}."
            )));
        }
    };
    let parser = match mime.essence_str() {
        JSON => Parser::Json,
        URLENCODED => Parser::Urlencoded,
        other => {
            return Err(BodyError::unsupported(format!(
                "Content-Type {} is not accepted; send {JSON} or {URLENCODED}.",
                echoed(other)
            )));
        }
    };
    if let Some(charset) = mime.get_param("charset")
        && !charset.as_str().eq_ignore_ascii_case("utf-8")
    {
        return Err(BodyError::unsupported(format!(
            "Only UTF-8 bodies are accepted, not charset={}.",
            echoed(charset.as_str())
        )));
    }

    if declared_length.is_some_and(|length| length > BODY_LIMIT as u64) {
        // Refused before reading: the client learns at once, the server never buffers it.
        return Err(BodyError::too_large());
    }
    Ok(Some(parser))
}

/// Client-sent text as an error sentence repeats it: at most [`ECHOED_CHARS`] characters.
fn echoed(text: &str) -> std::borrow::Cow<'_, str> {
    shared::abbreviate(text, ECHOED_CHARS)
}

/// `bodyParser.json()`, typed: the top level must be an object, the two fields strings or null.
fn parse_json(body: &[u8]) -> Result<FormBody, BodyError> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|error| BodyError::bad_request(format!("The body is not valid JSON: {error}.")))?;
    let Value::Object(mut fields) = value else {
        return Err(BodyError::bad_request(format!(
            r#"Expected a JSON object such as {{"firstName":"Ada","lastName":"Lovelace"}}, got {}."#,
            kind_of(&value)
        )));
    };
    Ok(FormBody {
        first_name: json_string(&mut fields, "firstName")?,
        last_name: json_string(&mut fields, "lastName")?,
        parsed_as: ParsedAs::Json,
    })
}

fn json_string(fields: &mut Map<String, Value>, name: &str) -> Result<Option<String>, BodyError> {
    match fields.remove(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(other) => Err(BodyError::bad_request(format!(
            "{name} must be a string or null, not {}.",
            kind_of(&other)
        ))),
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// `bodyParser.urlencoded()`: `firstName=Ada+Byron&lastName=%C3%A9`. Other pairs are skipped.
fn parse_urlencoded(body: &[u8]) -> Result<FormBody, BodyError> {
    let mut form = FormBody::empty(ParsedAs::Urlencoded);
    for (name, value) in form_urlencoded::parse(body) {
        let field = match name.as_ref() {
            "firstName" => &mut form.first_name,
            "lastName" => &mut form.last_name,
            _ => continue,
        };
        if field.is_some() {
            return Err(BodyError::bad_request(format!(
                "{name} was sent more than once; send each field once."
            )));
        }
        *field = Some(value.into_owned());
    }
    Ok(form)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(form: &FormBody) -> (Option<&str>, Option<&str>) {
        (form.first_name.as_deref(), form.last_name.as_deref())
    }

    #[test]
    fn urlencoded_pairs_are_decoded_and_extra_ones_dropped() {
        let form = parse_urlencoded(b"age=36&firstName=Ada+Byron&lastName=%C3%A9%F0%9F%98%80")
            .expect("parses");
        assert_eq!(fields(&form), (Some("Ada Byron"), Some("é😀")));
        assert_eq!(form.parsed_as, ParsedAs::Urlencoded);
    }

    #[test]
    fn urlencoded_empty_values_stay_empty_and_missing_ones_are_none() {
        let form = parse_urlencoded(b"firstName=&other=1").expect("parses");
        assert_eq!(fields(&form), (Some(""), None));
        let form = parse_urlencoded(b"firstName").expect("parses");
        assert_eq!(fields(&form), (Some(""), None));
    }

    #[test]
    fn a_urlencoded_field_sent_twice_is_refused_by_name() {
        let error = parse_urlencoded(b"lastName=a&lastName=b").expect_err("refused");
        assert_eq!(error.status, StatusCode::BAD_REQUEST);
        assert_eq!(
            error.message(),
            "lastName was sent more than once; send each field once."
        );
    }

    #[test]
    fn json_strings_and_nulls_are_read_and_other_fields_dropped() {
        let form =
            parse_json(br#"{"firstName":"Ada","lastName":null,"age":36,"x":{}}"#).expect("parses");
        assert_eq!(fields(&form), (Some("Ada"), None));
        assert_eq!(form.parsed_as, ParsedAs::Json);
    }

    #[test]
    fn json_that_is_not_an_object_is_refused_with_what_it_was() {
        for (body, got) in [
            (&br#""str""#[..], "a string"),
            (b"null", "null"),
            (b"42", "a number"),
            (b"true", "a boolean"),
            (br#"["Ada","Lovelace"]"#, "an array"),
        ] {
            let error = parse_json(body).expect_err("refused");
            assert_eq!(error.status, StatusCode::BAD_REQUEST);
            assert!(
                error.message().starts_with("Expected a JSON object")
                    && error.message().ends_with(&format!("got {got}.")),
                "{}",
                error.message()
            );
        }
    }

    #[test]
    fn a_json_field_that_is_not_a_string_is_refused_by_name() {
        for (body, message) in [
            (
                &br#"{"firstName":42}"#[..],
                "firstName must be a string or null, not a number.",
            ),
            (
                br#"{"firstName":"Ada","lastName":false}"#,
                "lastName must be a string or null, not a boolean.",
            ),
            (
                br#"{"lastName":["a"]}"#,
                "lastName must be a string or null, not an array.",
            ),
        ] {
            let error = parse_json(body).expect_err("refused");
            assert_eq!(error.message(), message);
        }
    }

    #[test]
    fn malformed_json_is_one_sentence_with_the_position() {
        let error = parse_json(br#"{"firstName":"Ada""#).expect_err("refused");
        assert_eq!(error.status, StatusCode::BAD_REQUEST);
        assert_eq!(
            error.message(),
            "The body is not valid JSON: EOF while parsing an object at line 1 column 18."
        );
    }

    #[test]
    fn deeply_nested_json_is_refused_not_a_stack_overflow() {
        let body = format!(r#"{{"x":{}1{}}}"#, "[".repeat(50_000), "]".repeat(50_000));
        let error = parse_json(body.as_bytes()).expect_err("refused");
        assert_eq!(error.status, StatusCode::BAD_REQUEST);
    }
}
