//! # intro-express example-1: one route that answers with HTML
//!
//! Shows the smallest Express app, `app.get('/', ...)`, in actix-web: an `HttpServer` running an
//! `App` with one route, and a handler that returns the whole response.
//!
//! Run it: `cargo run -p intro-express --bin example-1`, then open <http://localhost:3000>.
//! You will see a page with the heading "This is example # 1". Any other path (try `/about`) is a
//! 404 that says `Cannot GET /about`, because no route matches it.
//!
//! Mirrors example-1.js, which builds a small HTML document (doctype, charset, title, heading) as
//! a string and sends it:
//! ```js
//! var express = require('express');
//! var app = express();
//! app.get('/', function (req, res) { res.send(html); });
//! app.listen(3000, function () { console.log('Server is running. ...'); });
//! ```

use std::process::ExitCode;

use actix_web::{App, HttpResponse, HttpServer, middleware::from_fn, web};
use intro_express::SERVER;

/// The page `GET /` sends: a whole (small) HTML document, as the original builds one.
const PAGE: &str = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<title>Introduction to Express, example 1</title>\n</head>\n<body>\n\
<h1>This is example # 1</h1>\n</body>\n</html>\n";

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
    // app.get('/', ...): `get_or_head` is `web::get()` that also answers HEAD, as Express does.
    app.route("/", shared::get_or_head().to(home))
        // No route matched: Express's `Cannot GET /path` 404.
        .default_service(web::to(shared::not_found));
}

/// `res.send(html)`: in actix-web a handler *returns* its one response.
async fn home() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(PAGE)
}

#[cfg(test)]
mod tests {
    use actix_web::{
        App,
        http::{StatusCode, header},
        test,
    };

    use super::*;

    #[actix_rt::test]
    async fn get_slash_answers_a_whole_html_page_with_the_heading() {
        let app = test::init_service(App::new().configure(routes)).await;
        let response =
            test::call_service(&app, test::TestRequest::get().uri("/").to_request()).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response
                .headers()
                .get(header::CONTENT_TYPE)
                .expect("a Content-Type"),
            "text/html; charset=utf-8"
        );
        let body = test::read_body(response).await;
        let page = std::str::from_utf8(&body).expect("the page is UTF-8");
        assert!(page.starts_with("<!DOCTYPE html>"), "{page}");
        assert!(page.contains("<meta charset=\"utf-8\">"), "{page}");
        assert!(page.contains("<title>"), "{page}");
        assert!(page.contains("<h1>This is example # 1</h1>"), "{page}");
    }

    #[actix_rt::test]
    async fn head_slash_answers_like_get() {
        let app = test::init_service(App::new().configure(routes)).await;
        let request = test::TestRequest::default()
            .method(actix_web::http::Method::HEAD)
            .uri("/")
            .to_request();
        let response = test::call_service(&app, request).await;
        // A HEAD that reached no route would be the 404; this one is the page's answer (actix
        // drops its body on the wire, which tests/http checks).
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response
                .headers()
                .get(header::CONTENT_TYPE)
                .expect("a Content-Type"),
            "text/html; charset=utf-8"
        );
    }

    #[actix_rt::test]
    async fn any_other_path_is_express_s_404() {
        let app = test::init_service(App::new().configure(routes)).await;
        for (method, path, body) in [
            ("GET", "/about", "Cannot GET /about\n"),
            ("POST", "/", "Cannot POST /\n"),
            ("GET", "/a%20b?x=1&y=2", "Cannot GET /a%20b?x=1&amp;y=2\n"),
        ] {
            let request = test::TestRequest::default()
                .method(method.parse().expect("a method"))
                .uri(path)
                .to_request();
            let response = test::call_service(&app, request).await;
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{method} {path}");
            assert_eq!(test::read_body(response).await, body, "{method} {path}");
        }
    }
}
