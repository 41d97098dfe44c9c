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

use actix_web::{App, HttpRequest, HttpServer, middleware::from_fn, web};
use send_vs_write::{
    SERVER,
    express_response::{ExpressError, ExpressResponse, express_handler},
};

#[actix_web::main]
async fn main() -> ExitCode {
    // process.env.PORT || 5000 (`--help` lists the settings).
    let port = shared::port_or_exit(&SERVER);

    // var app = express();
    let server = HttpServer::new(|| {
        App::new()
            // app.use(morgan(...)): actix's Logger, one line per request on stderr.
            .wrap(shared::request_log())
            .wrap(from_fn(shared::log_abandoned_requests)) // and requests whose client left
            // What Node's HTTP server does on the wire that actix must be told.
            .wrap(from_fn(shared::like_node_on_the_wire))
            .configure(routes)
    });

    // app.listen(5000, function () { console.log(...) })
    let server = shared::node_settings(server)
        .bind(("127.0.0.1", port))
        .unwrap_or_else(|error| shared::exit_cannot_listen(port, &error));
    shared::print_banner(&server, &SERVER);
    shared::exit_status(server.run()).await
}

fn routes(app: &mut web::ServiceConfig) {
    // app.get('/', function (req, res) { ... }): `express_handler` hands `home` an Express-style
    // `res`, so that it can call `send` more than once (see src/express_response.rs).
    app.route("/", shared::get_or_head().to(express_handler(home)))
        // No route matched: Express's `Cannot GET /path` 404.
        .default_service(web::to(shared::not_found));
}

fn home(_req: &HttpRequest, res: &mut ExpressResponse) -> Result<(), ExpressError> {
    for i in 1..=5 {
        // The first `send` completes the response. The second fails with ERR_HTTP_HEADERS_SENT,
        // and `?` leaves the loop there, as Node's `throw` does.
        res.send(format!("<h1>This is the response #: {i}</h1>"))?;
    }
    Ok(())
}
