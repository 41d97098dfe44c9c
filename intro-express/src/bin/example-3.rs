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

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, middleware::from_fn, web};
use intro_express::{SERVER, www};

#[actix_rt::main]
async fn main() -> ExitCode {
    // process.env.PORT || 3000 (`--help` lists the settings).
    let port = shared::port_or_exit(&SERVER);

    // var app = express();
    let server = HttpServer::new(|| {
        App::new()
            // app.use(morgan(...)): actix's Logger, one line per request on stderr,
            .wrap(shared::request_log())
            // and one for a request whose client left before its answer.
            .wrap(from_fn(shared::log_abandoned_requests))
            // What Node's HTTP server does on the wire that actix must be told.
            .wrap(from_fn(node_wire::like_node))
            .configure(routes)
    });

    // app.listen(3000, function () { console.log('Server is running. ...') })
    let server = shared::node_settings(server)
        .bind(("127.0.0.1", port))
        .unwrap_or_else(|error| shared::exit_cannot_listen(port, &error));
    shared::print_banner(&SERVER, &server.addrs());
    shared::exit_status(server.run()).await
}

/// What the app answers; `main` and the tests below both use it.
fn routes(app: &mut web::ServiceConfig) {
    // app.get('/about', ...)
    app.route("/about", shared::get_or_head().to(about));
    // app.use(express.static(__dirname + '/www')). Express registers it first and falls through
    // to `/about` when no file matches; actix's file service answers every path it is given, so
    // it goes last here.
    app.service(serve_static::files(www()));
}

/// `res.sendFile(__dirname + '/www/about.html')`.
async fn about(req: HttpRequest) -> HttpResponse {
    serve_static::send_file(req, www().join("about.html")).await
}

#[cfg(test)]
mod tests {
    use actix_web::{
        App,
        http::{StatusCode, header},
        test,
    };

    use super::*;

    async fn get(path: &str) -> actix_web::dev::ServiceResponse {
        let app = test::init_service(App::new().configure(routes)).await;
        test::call_service(&app, test::TestRequest::get().uri(path).to_request()).await
    }

    #[actix_rt::test]
    async fn about_is_about_html_with_the_same_headers_as_the_file() {
        let about = get("/about").await;
        let file = get("/about.html").await;
        assert_eq!(about.status(), StatusCode::OK);
        for name in [
            header::CONTENT_TYPE,
            header::CACHE_CONTROL,
            header::ETAG,
            header::LAST_MODIFIED,
        ] {
            assert_eq!(
                about.headers().get(&name),
                file.headers().get(&name),
                "{name}"
            );
        }
        let body = test::read_body(about).await;
        assert!(std::str::from_utf8(&body).is_ok_and(|page| page.contains("About Us")));
    }

    #[actix_rt::test]
    async fn the_home_page_is_still_served_from_www() {
        let response = get("/").await;
        assert_eq!(response.status(), StatusCode::OK);
        let body = test::read_body(response).await;
        assert_eq!(
            body,
            std::fs::read(www().join("index.html")).expect("index.html")
        );
    }

    #[actix_rt::test]
    async fn other_methods_on_about_are_express_s_404() {
        let app = test::init_service(App::new().configure(routes)).await;
        let request = test::TestRequest::post().uri("/about").to_request();
        let response = test::call_service(&app, request).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert_eq!(test::read_body(response).await, "Cannot POST /about\n");
    }
}
