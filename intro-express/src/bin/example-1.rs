//! # intro-express example-1: one route that answers with HTML
//!
//! Shows the smallest Express app, `app.get('/', ...)`, in actix-web: a route and a handler that
//! returns the whole response.
//!
//! Run it: `cargo run -p intro-express --bin example-1`, then open <http://localhost:3000>.
//! You will see the heading "This is example # 1". Any other path (try `/about`) is a 404 that
//! says `Cannot GET /about`, because no route matches it.
//!
//! Mirrors example-1.js:
//! ```js
//! app.get('/', function (req, res) { res.send('<h1>This is example # 1</h1>'); });
//! app.listen(3000, ...);
//! ```

use std::process::ExitCode;

use actix_web::{HttpResponse, web};
use intro_express::SERVER;

fn main() -> ExitCode {
    // app.listen(3000, function () { console.log('Server is running...') })
    shared::listen(&SERVER, routes)
}

fn routes(app: &mut web::ServiceConfig) {
    // app.get('/', ...): `shared::get()` is `web::get()` that also answers HEAD, as Express does.
    app.route("/", shared::get().to(home));
}

/// `res.send('<h1>...</h1>')`: in actix-web a handler *returns* its one response.
async fn home() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body("<h1>This is example # 1</h1>")
}
