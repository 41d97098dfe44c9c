//! One line on stderr per request, like a minimal `morgan('tiny')`.

use std::{fmt, time::Instant};

use crate::abbreviate::abbreviate;

use actix_web::{
    Error,
    body::MessageBody,
    dev::{ServiceRequest, ServiceResponse},
    middleware::Next,
};

/// Longer request targets are cut in the log (actix accepts heads of up to 128 KiB).
const LOGGED_TARGET_CHARS: usize = 200;

/// Logs `GET /about 200 0.4 ms` once the response head is ready (a response that streams
/// forever is logged when it starts). Turned off with `REQUEST_LOG=off`.
pub(crate) async fn log_request(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let started = Instant::now();
    let method = req.method().clone();
    let target = req.uri().to_string();
    let response = next.call(req).await?;
    crate::console_error(format_args!(
        "{} {} {} {:.1} ms",
        method,
        LogSafe(&abbreviate(&target, LOGGED_TARGET_CHARS)),
        response.status().as_u16(),
        started.elapsed().as_secs_f64() * 1000.0
    ));
    Ok(response)
}

/// Whether `REQUEST_LOG` asks for request lines (anything but `off`, `0`, `false`, `no`).
pub(crate) fn request_log_enabled() -> bool {
    let setting = std::env::var("REQUEST_LOG").unwrap_or_default();
    !matches!(
        setting.trim().to_ascii_lowercase().as_str(),
        "off" | "0" | "false" | "no"
    )
}

/// Displays client-supplied text so that it stays on one log line: control characters
/// (newlines, escape sequences that would recolour a terminal) are written as `\n`, `\u{1b}`.
#[derive(Debug, Clone, Copy)]
pub struct LogSafe<'a>(pub &'a str);

impl fmt::Display for LogSafe<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for character in self.0.chars() {
            if character.is_control() || character == '\u{2028}' || character == '\u{2029}' {
                write!(f, "{}", character.escape_default())?;
            } else {
                write!(f, "{character}")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::LogSafe;

    #[test]
    fn control_characters_cannot_start_a_new_log_line_or_recolour_it() {
        let hostile = "Ada\nyou posted: forged\r\u{1b}[31mred\u{7}\u{0}";
        let shown = LogSafe(hostile).to_string();
        assert!(!shown.chars().any(char::is_control), "{shown}");
        assert_eq!(shown, r"Ada\nyou posted: forged\r\u{1b}[31mred\u{7}\u{0}");
    }

    #[test]
    fn ordinary_text_and_unicode_are_left_alone() {
        assert_eq!(
            LogSafe("Ada Byron é😀 \"q\"").to_string(),
            "Ada Byron é😀 \"q\""
        );
    }
}
