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

use actix_web::{HttpResponse, web};
use post_form::{FormBody, SERVER, www};

fn main() -> ExitCode {
    shared::listen(&SERVER, routes)
}

fn routes(app: &mut web::ServiceConfig) {
    // app.post('/form', ...). Only POST: GET /form still falls through to the 404.
    app.route("/form", web::post().to(echo));
    // express.static goes last: actix's file service answers every path it is given.
    app.service(shared::static_files(www()));
}

/// `res.json(req.body)`. There is no `req.body` filled in by middleware: the handler asks for a
/// [`FormBody`] and the extractor parses the body (JSON or urlencoded, at most 100 kB) before the
/// handler runs. If it cannot, the handler never runs and the client gets the extractor's 4xx.
async fn echo(body: FormBody) -> HttpResponse {
    post_form::send_json(&body)
}
