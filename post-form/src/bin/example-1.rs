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
use actix_web::web;
use post_form::{SERVER, www};

fn main() -> ExitCode {
    // app.listen(3000, function () { console.log('Server is running...') })
    shared::listen(&SERVER, routes)
}

fn routes(app: &mut web::ServiceConfig) {
    // app.use(express.static(__dirname + '/www')): GET / is www/post-form/index.html.
    // Nothing answers POST /form, so it gets `404 Cannot POST /form`, as in Express.
    app.service(shared::static_files(www()));
}
