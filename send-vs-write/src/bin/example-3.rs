//! # send-vs-write example-3: `res.write()` five times, then `res.end()`
//!
//! Shows the fix for example-2: after the writes, `end` sends the terminating chunk, so the client
//! knows the response is complete.
//!
//! Run it: `cargo run -p send-vs-write --bin example-3`, then open <http://localhost:5000/>.
//! You will see the five headings "This is the response #: 1" to "#: 5", and the page finishes
//! loading. `curl -N --raw http://localhost:5000/` shows the five chunks, then the `0` chunk
//! that ends the body, and curl exits.
//!
//! Mirrors example-3.js:
//! ```js
//! app.get('/', function (req, res) {
//!   res.setHeader('Content-Type', 'text/html');
//!   for (var i = 1; i <= 5; i++) { res.write('<h1>This is the response #: ' + i + '</h1>'); }
//!   res.end();
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
    app.route("/", shared::get_or_head().to(express_handler(home)))
        // No route matched: Express's `Cannot GET /path` 404.
        .default_service(web::to(shared::not_found));
}

fn home(_req: &HttpRequest, res: &mut ExpressResponse) -> Result<(), ExpressError> {
    res.set_header("Content-Type", "text/html")?;
    for i in 1..=5 {
        res.write(format!("<h1>This is the response #: {i}</h1>"))?;
    }
    // The terminating chunk: the response is complete, the connection can carry the next one.
    res.end()
}
