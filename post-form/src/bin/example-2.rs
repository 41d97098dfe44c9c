//! # post-form example-2: bodyParser.json and bodyParser.urlencoded
//!
//! Shows body parsing: `POST /form` reads a JSON body or a form-urlencoded one and answers at once
//! with the two fields it found, so you can see the parser work before example-3 adds the rest.
//!
//! Run it: `cargo run -p post-form --bin example-2`, then open <http://localhost:3000>.
//! Submit the form: the page lists `firstName`, `lastName` and `parsedAs: urlencoded` (that is
//! what a browser form sends). Leave a field empty and it comes back as an empty string; try it
//! with curl and JSON (see the README) and `parsedAs` says `json`. A field you did not send is
//! `null`; a body that cannot be parsed gets a `400` with one sentence saying why.
//!
//! Mirrors server.js, step 2:
//! ```js
//! var bodyParser = require('body-parser');
//! app.use(bodyParser.json());
//! app.use(bodyParser.urlencoded({ extended: true }));
//! app.post('/form', function (req, res) { res.json(req.body); });
//! ```

use std::process::ExitCode;

use actix_web::{App, HttpResponse, HttpServer, middleware::from_fn, web};
use post_form::{FormBody, SERVER, www};

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
    // app.post('/form', ...). Only POST: GET /form still falls through to the 404.
    app.route("/form", web::post().to(echo));
    // express.static goes last: actix's file service answers every path it is given.
    app.service(shared::express_static(www()));
}

/// `res.json(req.body)`. There is no `req.body` filled in by middleware: the handler asks for a
/// [`FormBody`] and the extractor parses the body (JSON or urlencoded, at most 100 kB) before the
/// handler runs. If it cannot, the handler never runs and the client gets the extractor's 4xx.
async fn echo(body: FormBody) -> HttpResponse {
    post_form::send_json(&body)
}
