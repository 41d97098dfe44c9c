//! `res.send()` vs `res.write()` vs `res.end()`, ported to actix-web. The lessons are the three
//! binaries in `src/bin/`; this file holds what they share.

use actix_web::{HttpRequest, HttpResponse, http::ConnectionType};

/// Port 5000 and the original's banner.
pub const SERVER: shared::Server = shared::Server {
    package: env!("CARGO_PKG_NAME"),
    default_port: 5000,
    banner: "The web server is running. Please open http://localhost:{port}/ in your browser.",
};

/// What Node does after a handler's first `res.send()` when the handler calls `res.send()` again
/// (example-1): `sent`, the first response, still goes out, and the second call throws.
///
/// An actix-web handler returns its one response, so it cannot make that second call; this
/// reproduces what the terminal and the wire show under Node instead:
/// - one line on stderr, Node's error and the request, e.g.
///   `Error [ERR_HTTP_HEADERS_SENT]: Cannot set headers after they are sent to the client (GET /, send #2)`;
/// - the connection is closed after `sent`, as Express's final handler does after an error (here
///   announced with `Connection: close`), so the next request needs a new connection.
pub fn second_send_throws(req: &HttpRequest, mut sent: HttpResponse) -> HttpResponse {
    shared::console_error(format_args!(
        "{HEADERS_SENT} ({} {}, send #2)",
        req.method(),
        shared::shown(&req.uri().to_string()),
    ));
    sent.head_mut().set_connection_type(ConnectionType::Close);
    sent
}

/// The first line of what Node prints when `res.send()` is called on a response already sent.
pub const HEADERS_SENT: &str =
    "Error [ERR_HTTP_HEADERS_SENT]: Cannot set headers after they are sent to the client";
