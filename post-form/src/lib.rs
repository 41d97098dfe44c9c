//! Handling POST requests with Express, ported to actix-web: a static form page, body-parser's
//! JSON and form bodies, and a JSON answer after a simulated slow network. The lessons are the
//! three binaries in `src/bin/`; this file holds what they share:
//!
//! - [`Posted`], `req.body`: what `web::Json<Posted>` and `web::Form<Posted>` read;
//! - what body-parser does besides parsing: its limit and refusals ([`json_config`],
//!   [`form_config`], [`Refusal`]), the guards that pick a route per kind of body and the `415`
//!   for the rest ([`body_types`]), a timeout and the byte order mark ([`body_stream`]);
//! - [`send_json`], `res.json(value)`;
//! - [`console_log`] and [`Logged`], for a log line that client input cannot forge.

use std::{fmt, path::PathBuf};

use actix_web::{HttpResponse, http::StatusCode, http::header};
use serde::Serialize;

pub mod body_stream;
pub mod body_types;
mod posted;
mod refusals;

pub use body_stream::{BODY_TIMEOUT, body_timeout, drop_byte_order_mark};
pub use body_types::{JSON, URLENCODED, body_of_type, no_body, unsupported_body};
pub use posted::Posted;
pub use refusals::{BODY_LIMIT, Refusal, form_config, json_config};

/// Port 3000 and the original's banner.
pub const SERVER: shared::Server = shared::Server {
    package: env!("CARGO_PKG_NAME"),
    default_port: 3000,
    banner: "Server is running. Point your browser to: http://localhost:{port}",
};

/// `__dirname + '/www'`: this article's static files, found from any working directory.
pub fn www() -> PathBuf {
    serve_static::www_dir("post-form")
}

/// `res.json(value)`: `200`, `Content-Type: application/json; charset=utf-8` (Express's exact
/// header), the value as JSON with UTF-8 left unescaped.
pub fn send_json(value: &impl Serialize) -> HttpResponse {
    json_response(StatusCode::OK, value)
}

/// A JSON answer with any status. `nosniff` because the body echoes what a client sent: no
/// browser may ever treat it as anything but JSON.
pub(crate) fn json_response(status: StatusCode, value: &impl Serialize) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("application/json; charset=utf-8")
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .json(value)
}

/// `console.log(...)`: one line on stdout that cannot panic (see [`shared::console_log`]).
pub use shared::console_log;

/// A posted value as a log line shows it: control and format characters escaped and the value cut by [`shared::shown`] (a
/// newline or an ESC cannot start a forged line or recolour the terminal), and a missing value as
/// `(none)` where Node prints `undefined`. An empty string shows as nothing, as in Node.
#[derive(Debug, Clone, Copy)]
pub struct Logged<'a>(pub Option<&'a str>);

impl fmt::Display for Logged<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(text) => f.write_str(&shared::shown(text)),
            None => f.write_str("(none)"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Logged;

    #[test]
    fn a_logged_value_stays_on_one_line_and_a_missing_one_says_none() {
        assert_eq!(
            Logged(Some("Ada\nyou posted: x\u{1b}[31m")).to_string(),
            r"Ada\nyou posted: x\u{1b}[31m"
        );
        assert_eq!(Logged(Some("")).to_string(), "");
        assert_eq!(Logged(None).to_string(), "(none)");
    }
}
