//! # send-vs-write example-2: `res.write()` without `res.end()` never finishes
//!
//! Shows that `write` sends a piece of the body and leaves the response open for more: five
//! chunks go out at once, then the client waits for the end, which never comes.
//!
//! Run it: `cargo run -p send-vs-write --bin example-2`, then open <http://localhost:5000/>.
//! You will see all five headings "This is the response #: 1" to "#: 5", and the browser keeps
//! spinning: the page never finishes loading. `curl -N --raw http://localhost:5000/` shows the
//! five chunks and then waits; press Ctrl-C. Other tabs are served normally meanwhile, and a
//! client that gives up takes everything its request held with it.
//!
//! Mirrors example-2.js:
//! ```js
//! app.get('/', function (req, res) {
//!   res.setHeader('Content-Type', 'text/html');
//!   for (var i = 1; i <= 5; i++) { res.write('<h1>This is the response #: ' + i + '</h1>'); }
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
        // Each `write` is one chunk of a `Transfer-Encoding: chunked` body.
        res.write(format!("<h1>This is the response #: {i}</h1>"))?;
    }
    // No `res.end()`: the terminating chunk is never sent, and the client waits for it.
    Ok(())
}
