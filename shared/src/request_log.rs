//! The request log: actix-web's `middleware::Logger`, like Express's `morgan`.
//!
//! `Logger` formats one line per request and hands it to the `log` facade; the backend here
//! writes it to stderr through the console's bounded queue (a stalled terminal loses lines, never
//! requests). What a client sent (method, target) goes through [`crate::shown`] first: escaped, so it
//! cannot forge a line or recolour the terminal, and cut, so it cannot make the line huge.

use std::{
    sync::{Condvar, Mutex, Once},
    time::{Duration, Instant},
};

use actix_web::{
    Error,
    body::MessageBody,
    dev::{ServiceRequest, ServiceResponse},
    http::{Method, StatusCode, Uri},
    middleware::{Condition, Logger, Next},
};

use crate::{client_text::shown, console::console_error};

/// The `log` target of request lines; nothing else that logs (actix's start-up lines) is shown.
const TARGET: &str = "request";

/// `app.use(morgan(...))`: `GET /about 404 0.142311 ms` on stderr for every request, written when
/// its response has been sent (a response that never ends, when its client goes away).
/// `REQUEST_LOG=off` silences it (and takes the Logger out of the way altogether).
pub fn request_log() -> Condition<Logger> {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        // Fails only when a logger is installed already; that one is then used.
        let _ = log::set_logger(&BACKEND);
        // Off also silences the lines of requests whose client left.
        log::set_max_level(if request_log_enabled() {
            log::LevelFilter::Info
        } else {
            log::LevelFilter::Off
        });
    });
    let logger = Logger::new("%{method}xi %{target}xi %s %D ms")
        .log_target(TARGET)
        .custom_request_replace("method", |req: &ServiceRequest| {
            shown(req.method().as_str())
        })
        .custom_request_replace("target", |req: &ServiceRequest| {
            shown(&req.uri().to_string())
        });
    Condition::new(request_log_enabled(), logger)
}

/// `.wrap(from_fn(shared::log_abandoned_requests))`, right after `.wrap(shared::request_log())`:
/// the line of a request that ended without a response, which `Logger` never writes.
///
/// A client that goes away while its request is being handled (post-form's one-second wait, say)
/// leaves no response, and `Logger` writes its line only for a response. This writes it instead,
/// with what the server knew: `POST /form - 412.300000 ms`, `-` where the status would be (as
/// morgan writes it) and the time the request was handled. A request that failed with an error
/// instead of a response gets the error's status.
pub async fn log_abandoned_requests<B: MessageBody>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<B>, Error> {
    if !log::log_enabled!(target: TARGET, log::Level::Info) {
        return next.call(req).await;
    }
    let mut unanswered = Unanswered::new(&req);
    let result = next.call(req).await;
    match &result {
        Ok(_) => unanswered.answered = true,
        Err(error) => unanswered.status = Some(error.as_response_error().status_code()),
    }
    result
}

/// A request being handled: writes its line when dropped without an answer.
struct Unanswered {
    method: Method,
    target: Uri,
    started: Instant,
    /// The status of the error the request failed with, if it failed.
    status: Option<StatusCode>,
    answered: bool,
}

/// How many [`Unanswered`] are alive, and a signal when that changes: after Ctrl-C the workers
/// drop the requests they were handling on their own threads, after `run()` has returned.
static IN_HANDLING: (Mutex<usize>, Condvar) = (Mutex::new(0), Condvar::new());

fn count_in_handling(change: impl FnOnce(&mut usize)) {
    let (count, changed) = &IN_HANDLING;
    change(
        &mut count
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()),
    );
    changed.notify_all();
}

/// Waits, at most `limit`, until every request being handled has ended (and written its line,
/// if it was left unanswered): called once the server has stopped, before the console is flushed.
pub(crate) fn wait_for_requests_in_handling(limit: Duration) {
    let (count, changed) = &IN_HANDLING;
    let guard = count
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let _ = changed.wait_timeout_while(guard, limit, |count| *count > 0);
}

impl Unanswered {
    fn new(req: &ServiceRequest) -> Self {
        count_in_handling(|count| *count += 1);
        Self {
            method: req.method().clone(),
            target: req.uri().clone(),
            started: Instant::now(),
            status: None,
            answered: false,
        }
    }

    fn write_line(&self) {
        let status = self
            .status
            .map_or_else(|| "-".to_owned(), |status| status.as_u16().to_string());
        log::info!(
            target: TARGET,
            "{} {} {status} {:.6} ms",
            shown(self.method.as_str()),
            shown(&self.target.to_string()),
            self.started.elapsed().as_secs_f64() * 1000.0
        );
    }
}

impl Drop for Unanswered {
    fn drop(&mut self) {
        if !self.answered {
            self.write_line();
        }
        count_in_handling(|count| *count -= 1);
    }
}

/// Whether `REQUEST_LOG` asks for request lines (anything but `off`, `0`, `false`, `no`).
fn request_log_enabled() -> bool {
    let setting = std::env::var("REQUEST_LOG").unwrap_or_default();
    !matches!(
        setting.trim().to_ascii_lowercase().as_str(),
        "off" | "0" | "false" | "no"
    )
}

static BACKEND: RequestLines = RequestLines;

/// The `log` backend: request lines to stderr, everything else dropped.
struct RequestLines;

impl log::Log for RequestLines {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.target() == TARGET
    }

    fn log(&self, record: &log::Record<'_>) {
        if self.enabled(record.metadata()) {
            console_error(*record.args());
        }
    }

    fn flush(&self) {}
}
