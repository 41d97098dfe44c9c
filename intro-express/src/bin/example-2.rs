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

use actix_web::{App, HttpServer, middleware::from_fn, web};
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
    // app.use(express.static(__dirname + '/www')): actix-files' `Files` with serve-static's
    // rules (folders to index.html, caching headers, 404 for what it cannot serve).
    app.service(serve_static::files(www()));
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

    fn header_of(response: &actix_web::dev::ServiceResponse, name: header::HeaderName) -> String {
        response
            .headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    }

    #[actix_rt::test]
    async fn slash_is_index_html_with_serve_static_s_caching_headers() {
        let response = get("/").await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            header_of(&response, header::CONTENT_TYPE),
            "text/html; charset=utf-8"
        );
        assert_eq!(
            header_of(&response, header::CACHE_CONTROL),
            "public, max-age=0"
        );
        assert!(!header_of(&response, header::ETAG).is_empty());
        assert!(!header_of(&response, header::LAST_MODIFIED).is_empty());
        let body = test::read_body(response).await;
        let on_disk = std::fs::read(www().join("index.html")).expect("index.html");
        assert_eq!(body, on_disk);
    }

    #[actix_rt::test]
    async fn the_stylesheet_and_the_logo_have_their_media_types() {
        for (path, media_type) in [
            ("/css/style.css", "text/css"),
            ("/images/logo.svg", "image/svg+xml"),
            ("/about.html", "text/html"),
        ] {
            let response = get(path).await;
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            let content_type = header_of(&response, header::CONTENT_TYPE);
            assert!(
                content_type.starts_with(media_type),
                "{path}: {content_type}"
            );
        }
    }

    #[actix_rt::test]
    async fn the_about_link_is_a_404_because_only_about_html_exists() {
        let response = get("/about").await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert_eq!(test::read_body(response).await, "Cannot GET /about\n");
    }

    #[actix_rt::test]
    async fn a_folder_without_its_slash_redirects_to_it() {
        let response = get("/css").await;
        assert!(response.status().is_redirection(), "{}", response.status());
        assert_eq!(header_of(&response, header::LOCATION), "/css/");
    }
}
