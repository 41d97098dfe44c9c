//! Which bodies `POST /form` reads: a route per kind of body, chosen by these guards, and a `415`
//! for every other body.
//!
//! body-parser reads `application/json` and `application/x-www-form-urlencoded` on the same
//! route and ignores any other body. actix's `web::Json` and `web::Form` each read one type (and
//! `web::Json` would also take `application/vnd.api+json` or `text/json`), so each gets its own
//! route behind a guard that checks the headers, and what no guard lets through is answered at
//! once, without reading the body.
//!
//! Why not one route taking `Either<web::Json<T>, web::Form<T>>`: `Either` reads the whole body
//! before it tries either type, so a `text/plain` body is answered only once it has all arrived
//! (measured: 1.5 s after the head, for a body sent in two parts 1.5 s apart; 0.2 ms with a
//! guard), and when both fail it answers with the JSON error alone: a form with a field sent
//! twice would be told that it is not JSON.

use std::borrow::Cow;

use actix_web::{
    HttpMessage, HttpRequest, HttpResponse, ResponseError,
    guard::{self, Guard},
    http::{
        StatusCode,
        header::{self, HeaderMap},
    },
    mime::Mime,
};

use crate::Refusal;

/// `Content-Type` of a JSON body, for [`body_of_type`].
pub const JSON: &str = "application/json";
/// `Content-Type` of a form body, for [`body_of_type`].
pub const URLENCODED: &str = "application/x-www-form-urlencoded";

/// At most this many characters of a header the client sent are repeated in a sentence.
const ECHOED_CHARS: usize = 40;

/// A route guard: the request has no body (`Content-Length: 0`, or neither `Content-Length` nor
/// `Transfer-Encoding`), whatever its `Content-Type`. body-parser then leaves `req.body = {}`.
pub fn no_body() -> impl Guard {
    guard::fn_guard(|ctx| !has_body(ctx.head().headers()))
}

/// A route guard: a body of `media_type` in UTF-8, uncompressed, which the route's extractor
/// can read (`body_of_type(JSON)` for `web::Json`, `body_of_type(URLENCODED)` for `web::Form`).
pub fn body_of_type(media_type: &'static str) -> impl Guard {
    guard::fn_guard(move |ctx| {
        ctx.header::<header::ContentType>()
            .is_some_and(|content_type| {
                content_type.essence_str() == media_type && charset_is_utf8(&content_type)
            })
            && compression(ctx.head().headers()).is_none()
    })
}

/// The answer to a body that no route reads: `415`, and what to send instead.
pub async fn unsupported_body(req: HttpRequest) -> HttpResponse {
    why_unsupported(&req).error_response()
}

fn why_unsupported(req: &HttpRequest) -> Refusal {
    let refuse = |sentence: String| Refusal::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, sentence);
    let accepted = format!("send {JSON} or {URLENCODED}.");
    if let Some(encoding) = compression(req.headers()) {
        return refuse(format!(
            "Compressed bodies (Content-Encoding: {}) are not accepted; send the body uncompressed.",
            echoed(&encoding)
        ));
    }
    match req.mime_type() {
        Ok(None) => refuse(format!("The body has no Content-Type; {accepted}")),
        Err(_) => refuse(format!(
            "The Content-Type header could not be understood; {accepted}"
        )),
        Ok(Some(mime)) if mime.essence_str() != JSON && mime.essence_str() != URLENCODED => {
            refuse(format!(
                "Content-Type {} is not accepted; {accepted}",
                echoed(mime.essence_str())
            ))
        }
        Ok(Some(mime)) => match mime.get_param("charset") {
            Some(charset) if !charset_is_utf8(&mime) => refuse(format!(
                "Only UTF-8 bodies are accepted, not charset={}.",
                echoed(charset.as_str())
            )),
            // Not reached: a guard would have let this body through.
            _ => refuse(format!(
                "The Content-Type header could not be understood; {accepted}"
            )),
        },
    }
}

/// Whether a body follows the head, as body-parser's `type-is` decides it.
fn has_body(headers: &HeaderMap) -> bool {
    let declared_length = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse::<u64>().ok());
    declared_length.is_some_and(|length| length > 0)
        || headers.contains_key(header::TRANSFER_ENCODING)
}

/// No `charset`, or `charset=utf-8` in any case: the only text encoding accepted.
fn charset_is_utf8(mime: &Mime) -> bool {
    mime.get_param("charset")
        .is_none_or(|charset| charset.as_str().eq_ignore_ascii_case("utf-8"))
}

/// The `Content-Encoding` of a compressed body. `identity`, and an empty value, are none, as
/// body-parser reads them (actix's decompression is not compiled in: it brings C codecs).
fn compression(headers: &HeaderMap) -> Option<String> {
    let encoding = String::from_utf8_lossy(headers.get(header::CONTENT_ENCODING)?.as_bytes());
    let encoding = encoding.trim();
    (!encoding.is_empty() && !encoding.eq_ignore_ascii_case("identity"))
        .then(|| encoding.to_owned())
}

/// Client-sent text as a sentence repeats it: a 5000-character header must not make a
/// 5000-character answer.
fn echoed(text: &str) -> Cow<'_, str> {
    shared::abbreviate(text, ECHOED_CHARS)
}
