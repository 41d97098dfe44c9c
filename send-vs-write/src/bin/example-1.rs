//! # send-vs-write example-1: `res.send()` ends the response, so a second `send` is an error
//!
//! Shows that `send` is not "add this to the page": it sends the headers and the whole body, and
//! the response is over. The handler tries to send five times; only the first one arrives.
//!
//! Run it: `cargo run -p send-vs-write --bin example-1`, then open <http://localhost:5000/>.
//! You will see one heading, "This is the response #: 1", and the page finishes loading. The
//! terminal running the server shows, once per request:
//! `Error [ERR_HTTP_HEADERS_SENT]: Cannot set headers after they are sent to the client (GET /, send #2)`.
//! The server goes on serving; reload as often as you like.
//!
//! Mirrors example-1.js:
//! ```js
//! app.get('/', function (req, res) {
//!   for (var i = 1; i <= 5; i++) { res.send('<h1>This is the response #: ' + i + '</h1>'); }
//! });
//! app.listen(5000, ...);
//! ```

use std::process::ExitCode;

use actix_web::{HttpRequest, web};
use send_vs_write::{
    SERVER,
    express_response::{ExpressError, ExpressResponse, express_handler},
};

fn main() -> ExitCode {
    // app.listen(5000, function () { console.log('The web server is running...') })
    shared::listen(&SERVER, routes)
}

fn routes(app: &mut web::ServiceConfig) {
    // app.get('/', function (req, res) { ... }): `express_handler` hands `home` an Express-style
    // `res`, so that it can call `send` more than once (see src/express_response.rs).
    app.route("/", shared::get().to(express_handler(home)));
}

fn home(_req: &HttpRequest, res: &mut ExpressResponse) -> Result<(), ExpressError> {
    for i in 1..=5 {
        // The first `send` completes the response. The second fails with ERR_HTTP_HEADERS_SENT,
        // and `?` leaves the loop there, as Node's `throw` does.
        res.send(format!("<h1>This is the response #: {i}</h1>"))?;
    }
    Ok(())
}
