//! # intro-express example-2: a folder of static files, and no routes at all
//!
//! Shows `express.static()`: every file under `www/intro-express/` is served by its path, with
//! caching headers (`ETag`, `Last-Modified`), conditional requests (304) and ranges (206).
//!
//! Run it: `cargo run -p intro-express --bin example-2`, then open <http://localhost:3000>.
//! You will see `www/intro-express/index.html` with its stylesheet and logo. Now click "About":
//! a 404, `Cannot GET /about`. The file is called `about.html`, and a static file service only
//! serves files by their names; <http://localhost:3000/about.html> works. Example-3 fixes the link.
//!
//! Mirrors example-2.js:
//! ```js
//! app.use(express.static(__dirname + '/www'));
//! app.listen(3000, ...);
//! ```

use std::process::ExitCode;

use actix_web::web;
use intro_express::{SERVER, www};

fn main() -> ExitCode {
    shared::listen(&SERVER, routes)
}

fn routes(app: &mut web::ServiceConfig) {
    // app.use(express.static(__dirname + '/www'))
    app.service(shared::static_files(www()));
}
