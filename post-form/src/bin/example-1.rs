//! # post-form example-1: the modules we need
//!
//! Shows the starting point of the article's `server.js`: an app that serves the static form page
//! from `www/post-form/`, and nothing else. No body parser, no `POST /form` route yet.
//!
//! Run it: `cargo run -p post-form --bin example-1`, then open <http://localhost:3000>.
//! You will see the form. Type a name and press Submit: the page shows what the server answered,
//! a `404` with the body `Cannot POST /form`, and explains why: no route handles `POST /form`, so
//! the request falls through to the same 404 as any unknown path. Example-2 adds the route.
//!
//! Mirrors the first lines of server.js:
//! ```js
//! var express = require('express');
//! var app = express();
//! app.use(express.static(__dirname + '/www'));
//! app.listen(3000, function () { console.log('Server is running. ...'); });
//! ```

use std::process::ExitCode;

// require('express'): `actix_web` for the app, `shared` for listen/static plumbing, and this
// article's own crate for its port, banner and `www` folder.
use actix_web::{App, HttpServer, middleware::from_fn, web};
use post_form::{SERVER, www};

#[actix_web::main]
async fn main() -> ExitCode {
    // process.env.PORT || 3000 (`--help` lists the settings).
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

    // app.listen(3000, function () { console.log(...) })
    let server = shared::node_settings(server)
        .bind(("127.0.0.1", port))
        .unwrap_or_else(|error| shared::exit_cannot_listen(port, &error));
    shared::print_banner(&server, &SERVER);
    shared::exit_status(server.run()).await
}

fn routes(app: &mut web::ServiceConfig) {
    // app.use(express.static(__dirname + '/www')): GET / is www/post-form/index.html.
    // Nothing answers POST /form, so it gets `404 Cannot POST /form`, as in Express.
    app.service(shared::express_static(www()));
}
