//! Express's `res`, in Rust: a response you can `set_header`, `write`, `end` and `send` on, with
//! Node's rules for what may come after what.
//!
//! # Why this module exists
//!
//! In actix-web a handler *returns* its response:
//!
//! ```ignore
//! async fn home() -> HttpResponse {
//!     HttpResponse::Ok().body("<h1>This is the response #: 1</h1>")
//! }
//! ```
//!
//! That style cannot make the mistakes this article is about. A function returns once, so there
//! is no second `send`: the Rust spelling of example-1's loop, `for i in 1..=5 { return ...; }`,
//! stops at the first turn, and clippy rejects it (`never_loop`) before it runs. Nor can a
//! response be left unfinished by forgetting a call: a body is a value, and it ends when the value
//! says so (a `String` when it has been sent, a stream when the stream is exhausted). To hang a
//! client like example-2 does, actix makes you write a stream that never finishes, on purpose.
//!
//! Express's `res` is different: an object the handler *calls*, in any order, any number of
//! times, and nothing checks the order until the program runs. To show what each call does on the
//! wire, [`ExpressResponse`] is that object, with Node's rules:
//!
//! | Express | here | on the wire |
//! |---|---|---|
//! | `res.setHeader(name, value)` | [`ExpressResponse::set_header`] | a header (only before anything is sent) |
//! | `res.send(html)` | [`ExpressResponse::send`] | the head and the whole body, with `Content-Length`: the response is complete |
//! | `res.write(chunk)` | [`ExpressResponse::write`] | the head (the first time), then one chunk of a `Transfer-Encoding: chunked` body |
//! | `res.end()` | [`ExpressResponse::end`] | the terminating chunk: the client knows the response is complete |
//! | a second `res.send()` | `Err(ExpressError)`, `ERR_HTTP_HEADERS_SENT` | nothing more |
//! | `throw` aborting the handler | `?` returning that error | (see [`express_handler`]) |
//! | no `res.end()` at all | `res` goes out of scope | nothing more, ever: the body waits forever, so the client waits too |
//!
//! # How it works
//!
//! [`express_handler`] turns a function `fn(&HttpRequest, &mut ExpressResponse) ->
//! Result<(), ExpressError>` into an actix handler. It runs the function (synchronously, like the
//! originals' handlers), then turns what the function did into the one `HttpResponse` actix wants:
//!
//! - `send` was called: a complete response with `Content-Length`.
//! - `write` was called: a streaming body (`StreamedBody`) that yields the chunks written, then
//!   either ends (`end` was called), or stays pending forever (it was not). A pending body holds
//!   no task, timer or buffer of its own: actix keeps the connection open because the body has
//!   not ended, and drops the body, with everything the request held, when the client goes away.
//! - the function returned an error: one line on stderr, like Node's uncaught-error report, and
//!   the connection is closed after what was already sent, as Express's final handler does.
//!
//! Everything the function writes is in memory when it returns, so the chunks all leave together;
//! what differs between the examples is only how the body ends.

use std::{
    collections::VecDeque,
    fmt, io,
    pin::Pin,
    sync::{
        LazyLock,
        atomic::{AtomicUsize, Ordering},
    },
    task::{Context, Poll},
};

use actix_web::{
    HttpRequest, HttpResponse,
    body::{BodySize, MessageBody},
    http::{
        Method,
        header::{self, HeaderMap, HeaderName, HeaderValue},
    },
    web::Bytes,
};

/// What Express hands a handler as `res`; see the [module documentation](self).
#[derive(Debug, Default)]
pub struct ExpressResponse {
    headers: HeaderMap,
    state: State,
    sends: usize,
    writes: usize,
}

#[derive(Debug, Default)]
enum State {
    /// Nothing sent yet: headers may still change.
    #[default]
    Fresh,
    /// `send` (or `end` without a write): the whole response, length known.
    Sent(Bytes),
    /// `write`: a chunked body, ended or not.
    Streaming { chunks: Vec<Bytes>, ended: bool },
}

impl ExpressResponse {
    /// `res.setHeader(name, value)`: replaces any earlier value. Only allowed before the response
    /// has started, like in Node.
    pub fn set_header(&mut self, name: &str, value: &str) -> Result<(), ExpressError> {
        if !matches!(self.state, State::Fresh) {
            return Err(ExpressError::headers_sent(format!("set_header({name:?})")));
        }
        let invalid = || ExpressError::invalid_header(name);
        let name = HeaderName::try_from(name).map_err(|_| invalid())?;
        let value = HeaderValue::try_from(value).map_err(|_| invalid())?;
        self.headers.insert(name, value);
        Ok(())
    }

    /// `res.send(html)`: the whole response at once, `Content-Type: text/html; charset=utf-8`
    /// unless a `Content-Type` was set, and a `Content-Length`. The response is then complete:
    /// calling `send` again is an error, `ERR_HTTP_HEADERS_SENT`, because Express's `send` starts
    /// by setting headers, and the headers have gone.
    pub fn send(&mut self, html: impl Into<String>) -> Result<(), ExpressError> {
        self.sends += 1;
        if !matches!(self.state, State::Fresh) {
            return Err(ExpressError::headers_sent(format!("send #{}", self.sends)));
        }
        if !self.headers.contains_key(header::CONTENT_TYPE) {
            self.headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
        }
        self.state = State::Sent(Bytes::from(html.into()));
        Ok(())
    }

    /// `res.write(chunk)`: the first call starts a chunked response (the headers go with it), every
    /// call adds one chunk. The response is not complete until [`end`](Self::end). An empty chunk
    /// sends nothing, as in Node (on the wire, an empty chunk would mean "the end").
    pub fn write(&mut self, chunk: impl Into<Bytes>) -> Result<(), ExpressError> {
        self.writes += 1;
        let chunk = chunk.into();
        match &mut self.state {
            State::Fresh => {
                self.state = State::Streaming {
                    chunks: Vec::from_iter(Some(chunk).filter(|chunk| !chunk.is_empty())),
                    ended: false,
                };
                Ok(())
            }
            State::Streaming {
                chunks,
                ended: false,
            } => {
                if !chunk.is_empty() {
                    chunks.push(chunk);
                }
                Ok(())
            }
            State::Streaming { ended: true, .. } | State::Sent(_) => Err(
                ExpressError::write_after_end(format!("write #{}", self.writes)),
            ),
        }
    }

    /// `res.end()`: finishes the response. After writes, that is the terminating chunk; without
    /// any, an empty response (`Content-Length: 0`). Ending twice does nothing, as in Node.
    pub fn end(&mut self) -> Result<(), ExpressError> {
        match &mut self.state {
            State::Fresh => self.state = State::Sent(Bytes::new()),
            State::Streaming { ended, .. } => *ended = true,
            State::Sent(_) => {}
        }
        Ok(())
    }
}

/// A mistake Node reports by throwing: its code and message are Node's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpressError {
    code: &'static str,
    message: &'static str,
    call: String,
}

impl ExpressError {
    fn headers_sent(call: String) -> Self {
        Self {
            code: "ERR_HTTP_HEADERS_SENT",
            message: "Cannot set headers after they are sent to the client",
            call,
        }
    }

    fn write_after_end(call: String) -> Self {
        Self {
            code: "ERR_STREAM_WRITE_AFTER_END",
            message: "write after end",
            call,
        }
    }

    fn invalid_header(name: &str) -> Self {
        Self {
            code: "ERR_INVALID_HTTP_TOKEN",
            message: "Invalid header name or value",
            call: format!("set_header({name:?})"),
        }
    }

    /// Node's error code, e.g. `ERR_HTTP_HEADERS_SENT`.
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// Which call failed, e.g. `send #2` (the second call of `send`).
    pub fn call(&self) -> &str {
        &self.call
    }
}

impl fmt::Display for ExpressError {
    /// `Error [ERR_HTTP_HEADERS_SENT]: Cannot set headers after they are sent to the client`, the
    /// first line of what Node prints.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Error [{}]: {}", self.code, self.message)
    }
}

impl std::error::Error for ExpressError {}

/// The signature of an Express-style handler: `function (req, res) { ... }`.
pub type ExpressHandlerFn = fn(&HttpRequest, &mut ExpressResponse) -> Result<(), ExpressError>;

/// Makes an actix handler out of an Express-style one: `app.get('/', function (req, res) {...})`
/// becomes `app.route("/", shared::get().to(express_handler(home)))`.
///
/// If the function returns an error (Node: throws), one line goes to stderr, e.g.
/// `Error [ERR_HTTP_HEADERS_SENT]: Cannot set headers after they are sent to the client (GET /, send #2)`,
/// and the server goes on serving. Like Express's final handler, the connection is then closed
/// after what was already sent (announced with `Connection: close`), a streamed body is cut off
/// without its terminating chunk, and if nothing was sent the answer is a short `500`.
///
/// `HEAD` gets the headers `GET` would get. A HEAD response has no body, so a response that was
/// never ended does not hang on HEAD: the head is the whole answer.
pub fn express_handler(
    handler: ExpressHandlerFn,
) -> impl actix_web::Handler<(HttpRequest,), Output = HttpResponse> {
    move |req: HttpRequest| {
        let mut res = ExpressResponse::default();
        let outcome = handler(&req, &mut res);
        let response = respond(&req, res, outcome);
        async move {
            match response {
                Some(response) => response,
                // Node sends nothing until the handler sends or writes something; neither do we.
                None => std::future::pending().await,
            }
        }
    }
}

/// The one `HttpResponse` for what the handler did; `None` when it sent nothing at all.
fn respond(
    req: &HttpRequest,
    res: ExpressResponse,
    outcome: Result<(), ExpressError>,
) -> Option<HttpResponse> {
    if let Err(error) = &outcome {
        shared::console_error(format_args!(
            "{error} ({} {}, {})",
            req.method(),
            shared::LogSafe(&req.uri().to_string()),
            error.call()
        ));
    }
    let failed = outcome.is_err();
    let mut builder = HttpResponse::Ok();
    for (name, value) in &res.headers {
        builder.insert_header((name.clone(), value.clone()));
    }
    if failed {
        builder.force_close();
    }
    let (chunks, ended) = match res.state {
        State::Fresh if failed => {
            return Some(
                HttpResponse::InternalServerError()
                    .content_type("text/html; charset=utf-8")
                    .force_close()
                    .body("Internal Server Error\n"),
            );
        }
        State::Fresh => return None,
        State::Sent(body) => return Some(builder.body(body)),
        State::Streaming { chunks, ended } => (chunks, ended),
    };
    let after = if ended || req.method() == Method::HEAD {
        After::End
    } else if failed {
        After::Abort
    } else {
        After::Wait
    };
    Some(builder.body(StreamedBody::new(chunks, after)))
}

/// A chunked body: the chunks a handler wrote, then what its `res` said about the end.
#[derive(Debug)]
struct StreamedBody {
    chunks: VecDeque<Bytes>,
    after: After,
    _live: LiveBody,
}

/// What a `StreamedBody` does once its chunks are out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum After {
    /// `res.end()` was called: the terminating chunk.
    End,
    /// It was not: nothing, ever. The client waits until it gives up.
    Wait,
    /// The handler failed: let what was written reach the client, then cut the connection, so
    /// the client sees the response is broken (as Node does when a handler throws mid-response).
    Abort,
    /// The written chunks have had their chance to be flushed: cut the connection now.
    AbortNow,
}

impl StreamedBody {
    fn new(chunks: Vec<Bytes>, after: After) -> Self {
        Self {
            chunks: chunks.into(),
            after,
            _live: LiveBody::new(),
        }
    }
}

impl MessageBody for StreamedBody {
    type Error = io::Error;

    fn size(&self) -> BodySize {
        BodySize::Stream
    }

    fn poll_next(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Bytes, Self::Error>>> {
        let this = self.get_mut();
        if let Some(chunk) = this.chunks.pop_front() {
            return Poll::Ready(Some(Ok(chunk)));
        }
        match this.after {
            After::End => Poll::Ready(None),
            // Nothing will ever wake this body: no more chunks can come, since the `res` that
            // could have written them is gone. The connection stays open until the client leaves,
            // which actix notices on the socket, and then it drops the body.
            After::Wait => Poll::Pending,
            After::Abort => {
                // actix drops its unsent buffer when a body fails: pause once, so that it writes
                // the chunks out first, and fail on the next poll.
                this.after = After::AbortNow;
                cx.waker().wake_by_ref();
                Poll::Pending
            }
            After::AbortNow => {
                // Yield the error once; actix then closes the connection and never polls again.
                this.after = After::End;
                Poll::Ready(Some(Err(io::Error::other(
                    "the handler failed after the response started",
                ))))
            }
        }
    }
}

/// Counts the streamed bodies alive in this process (diagnostic).
///
/// With `LOG_LIVE_BODIES=on` in the environment, every change is printed to stderr as
/// `live streaming bodies: N`, so you can watch example-2's hanging responses come and go (tests
/// use it to show that a client that leaves takes its request's resources with it). A body lives
/// as long as the connection task that sends it, so this is also the number of such tasks.
#[derive(Debug)]
struct LiveBody;

static LIVE_BODIES: AtomicUsize = AtomicUsize::new(0);

static LOG_LIVE_BODIES: LazyLock<bool> = LazyLock::new(|| {
    let setting = std::env::var("LOG_LIVE_BODIES").unwrap_or_default();
    matches!(
        setting.trim().to_ascii_lowercase().as_str(),
        "on" | "1" | "true" | "yes"
    )
});

impl LiveBody {
    fn new() -> Self {
        let now = LIVE_BODIES.fetch_add(1, Ordering::SeqCst) + 1;
        log_live_bodies(now);
        Self
    }
}

impl Drop for LiveBody {
    fn drop(&mut self) {
        let now = LIVE_BODIES.fetch_sub(1, Ordering::SeqCst) - 1;
        log_live_bodies(now);
    }
}

fn log_live_bodies(now: usize) {
    if *LOG_LIVE_BODIES {
        shared::console_error(format_args!("live streaming bodies: {now}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_send_is_refused_and_the_first_stays() {
        let mut res = ExpressResponse::default();
        assert_eq!(res.send("one"), Ok(()));
        let error = res.send("two").expect_err("second send");
        assert_eq!(error.code(), "ERR_HTTP_HEADERS_SENT");
        assert_eq!(error.call(), "send #2");
        assert_eq!(
            error.to_string(),
            "Error [ERR_HTTP_HEADERS_SENT]: Cannot set headers after they are sent to the client"
        );
        assert!(matches!(&res.state, State::Sent(body) if body == "one"));
    }

    #[test]
    fn headers_cannot_change_once_writing_has_started() {
        let mut res = ExpressResponse::default();
        assert_eq!(res.set_header("Content-Type", "text/html"), Ok(()));
        assert_eq!(res.write("a"), Ok(()));
        let error = res.set_header("X-Late", "1").expect_err("late header");
        assert_eq!(error.code(), "ERR_HTTP_HEADERS_SENT");
        assert_eq!(
            res.send("b").expect_err("send after write").call(),
            "send #1"
        );
    }

    #[test]
    fn writing_after_end_is_refused_and_ending_twice_is_harmless() {
        let mut res = ExpressResponse::default();
        assert_eq!(res.write("a"), Ok(()));
        assert_eq!(res.end(), Ok(()));
        assert_eq!(res.end(), Ok(()));
        let error = res.write("b").expect_err("write after end");
        assert_eq!(error.code(), "ERR_STREAM_WRITE_AFTER_END");
        assert_eq!(error.call(), "write #2");
    }

    #[test]
    fn send_keeps_a_content_type_that_was_set() {
        let mut res = ExpressResponse::default();
        assert_eq!(res.set_header("content-type", "text/plain"), Ok(()));
        assert_eq!(res.send("x"), Ok(()));
        assert_eq!(
            res.headers.get("Content-Type").map(|v| v.as_bytes()),
            Some(&b"text/plain"[..])
        );
    }

    /// What a handler that wrote five chunks (and maybe ended) left behind.
    fn five_writes(end: bool) -> ExpressResponse {
        let mut res = ExpressResponse::default();
        for i in 1..=5 {
            assert_eq!(res.write(format!("chunk {i}")), Ok(()));
        }
        if end {
            assert_eq!(res.end(), Ok(()));
        }
        res
    }

    /// Polls a response body as actix would, without a runtime, until it ends ("end"), fails
    /// ("error") or has nothing to give ("pending").
    fn poll_body(response: HttpResponse) -> Vec<String> {
        let mut body = response.into_body();
        let mut context = Context::from_waker(std::task::Waker::noop());
        let mut seen = Vec::new();
        for _ in 0..10 {
            match Pin::new(&mut body).poll_next(&mut context) {
                Poll::Ready(Some(Ok(chunk))) => {
                    seen.push(String::from_utf8_lossy(&chunk).into_owned());
                }
                Poll::Ready(Some(Err(_))) => {
                    seen.push("error".into());
                    break;
                }
                Poll::Ready(None) => {
                    seen.push("end".into());
                    break;
                }
                // One pause is recorded and polled past (a body may pause to let actix flush);
                // a second one in a row means the body waits for good.
                Poll::Pending if seen.last().is_some_and(|last| last == "pending") => break,
                Poll::Pending => seen.push("pending".into()),
            }
        }
        seen
    }

    fn chunks_then(last: &str) -> Vec<String> {
        let mut expected: Vec<String> = (1..=5).map(|i| format!("chunk {i}")).collect();
        expected.push(last.into());
        expected
    }

    fn get() -> HttpRequest {
        actix_web::test::TestRequest::get().to_http_request()
    }

    #[test]
    fn a_body_that_was_never_ended_yields_its_chunks_then_stays_pending() {
        let response = respond(&get(), five_writes(false), Ok(())).expect("a response");
        assert_eq!(response.body().size(), BodySize::Stream);
        assert!(response.head().keep_alive());
        assert_eq!(poll_body(response), chunks_then("pending"));
    }

    #[test]
    fn an_ended_body_yields_its_chunks_then_ends() {
        let response = respond(&get(), five_writes(true), Ok(())).expect("a response");
        assert_eq!(poll_body(response), chunks_then("end"));
    }

    #[test]
    fn head_does_not_wait_for_an_end_that_never_comes() {
        let head = actix_web::test::TestRequest::default()
            .method(Method::HEAD)
            .to_http_request();
        let response = respond(&head, five_writes(false), Ok(())).expect("a response");
        assert_eq!(poll_body(response), chunks_then("end"));
    }

    #[test]
    fn a_failed_handler_closes_the_connection_after_what_it_sent() {
        let mut res = ExpressResponse::default();
        assert_eq!(res.send("one"), Ok(()));
        let error = res.send("two").expect_err("second send");
        let response = respond(&get(), res, Err(error)).expect("a response");
        assert_eq!(response.body().size(), BodySize::Sized(3));
        assert!(!response.head().keep_alive());
        assert_eq!(poll_body(response), ["one", "end"]);
    }

    #[test]
    fn a_handler_that_fails_while_streaming_cuts_the_body_off() {
        let mut res = five_writes(false);
        let error = res.send("late").expect_err("send after write");
        let response = respond(&get(), res, Err(error)).expect("a response");
        assert!(!response.head().keep_alive());
        // The pause lets actix write the chunks out before the error cuts the connection.
        let mut expected = chunks_then("pending");
        expected.push("error".into());
        assert_eq!(poll_body(response), expected);
    }

    #[test]
    fn a_handler_that_fails_before_sending_anything_gets_a_500() {
        let mut res = ExpressResponse::default();
        let error = res.set_header("Bad Name", "x").expect_err("invalid");
        let response = respond(&get(), res, Err(error)).expect("a response");
        assert_eq!(response.status().as_u16(), 500);
    }

    #[test]
    fn a_handler_that_sends_nothing_gets_no_response_at_all() {
        assert!(respond(&get(), ExpressResponse::default(), Ok(())).is_none());
    }

    #[test]
    fn an_invalid_header_is_an_error_not_a_panic() {
        let mut res = ExpressResponse::default();
        let error = res.set_header("Bad Name", "x").expect_err("space in name");
        assert_eq!(error.code(), "ERR_INVALID_HTTP_TOKEN");
        assert!(res.set_header("X-Ok", "line\nbreak").is_err());
    }
}
