//! # intro-express example-3: static files plus a route of our own
//!
//! Shows a second route next to `express.static()`: `GET /about` answers with the file
//! `about.html`, so the About link that was a 404 in example-2 now works.
//!
//! Run it: `cargo run -p intro-express --bin example-3`, then open <http://localhost:3000>.
//! You will see the same home page as example-2; click "About" and you get "About Us", click
//! "Home" and you are back. `/about` carries the same caching headers as `/about.html`.
//!
//! Mirrors example-3.js:
//! ```js
//! app.use(express.static(__dirname + '/www'));
//! app.get('/about', function (req, res) { res.sendFile(__dirname + '/www/about.html'); });
//! app.listen(3000, ...);
//! ```

use std::process::ExitCode;

use actix_web::{HttpRequest, HttpResponse, web};
use intro_express::{SERVER, www};

fn main() -> ExitCode {
    shared::listen(&SERVER, routes)
}

fn routes(app: &mut web::ServiceConfig) {
    app.route("/about", shared::get().to(about));
    // express.static is registered first in Express, and falls through to /about when no file
    // matches. actix's file service answers every path it is given, so it goes last here.
    app.service(shared::static_files(www()));
}

/// `res.sendFile(__dirname + '/www/about.html')`.
async fn about(req: HttpRequest) -> HttpResponse {
    shared::send_file(req, www().join("about.html")).await
}
