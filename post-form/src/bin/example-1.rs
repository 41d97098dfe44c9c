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

    // app.listen(3000, function () { console.log(...) })
    let server = shared::node_settings(server)
        .bind(("127.0.0.1", port))
        .unwrap_or_else(|error| shared::exit_cannot_listen(port, &error));
    shared::print_banner(&SERVER, &server.addrs());
    shared::exit_status(server.run()).await
}

/// What the app answers; `main` and the tests below both use it.
fn routes(app: &mut web::ServiceConfig) {
    // app.use(express.static(__dirname + '/www')): GET / is www/post-form/index.html.
    // Nothing answers POST /form, so it gets `404 Cannot POST /form`, as in Express.
    app.service(serve_static::files(www()));
}

#[cfg(test)]
mod tests {
    use actix_web::{
        App,
        dev::ServiceResponse,
        http::{StatusCode, header},
        test,
    };

    use super::*;

    async fn call(request: test::TestRequest) -> ServiceResponse {
        let app = test::init_service(App::new().configure(routes)).await;
        test::call_service(&app, request.to_request()).await
    }

    fn content_type(response: &ServiceResponse) -> &str {
        response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
    }

    #[actix_rt::test]
    async fn get_root_serves_the_form_page() {
        let response = call(test::TestRequest::get().uri("/")).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(content_type(&response), "text/html; charset=utf-8");
        let page = String::from_utf8(test::read_body(response).await.to_vec()).expect("UTF-8");
        assert!(page.contains(r#"<form id="form" action="/form" method="post">"#));
        assert!(page.contains(r#"name="firstName""#) && page.contains(r#"name="lastName""#));
    }

    #[actix_rt::test]
    async fn post_form_is_the_express_404_because_no_route_handles_it_yet() {
        for (media_type, body) in [
            (
                "application/x-www-form-urlencoded",
                "firstName=Ada&lastName=Lovelace",
            ),
            (
                "application/json",
                r#"{"firstName":"Ada","lastName":"Lovelace"}"#,
            ),
        ] {
            let response = call(
                test::TestRequest::post()
                    .uri("/form")
                    .insert_header((header::CONTENT_TYPE, media_type))
                    .set_payload(body),
            )
            .await;
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{media_type}");
            assert_eq!(content_type(&response), "text/html; charset=utf-8");
            assert_eq!(test::read_body(response).await, "Cannot POST /form\n");
        }
    }

    #[actix_rt::test]
    async fn get_and_put_form_are_the_express_404() {
        for (request, method) in [
            (test::TestRequest::get(), "GET"),
            (test::TestRequest::put(), "PUT"),
        ] {
            let response = call(request.uri("/form")).await;
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{method}");
            assert_eq!(
                test::read_body(response).await,
                format!("Cannot {method} /form\n")
            );
        }
    }

    // The form page in www/post-form: its element ids, its script and its styles.

    /// The ids the script's header comment promises (the browser tests rely on them).
    const STABLE_IDS: [&str; 8] = [
        "form",
        "firstName",
        "lastName",
        "submit",
        "loading",
        "answer",
        "results",
        "error",
    ];

    /// A file of the page as served: its text and `Content-Type`.
    async fn fetch(path: &str) -> (String, Option<String>) {
        let response = call(test::TestRequest::get().uri(path)).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let media_type = Some(content_type(&response).to_owned()).filter(|text| !text.is_empty());
        let text = String::from_utf8(test::read_body(response).await.to_vec()).expect("UTF-8");
        (text, media_type)
    }

    #[actix_rt::test]
    async fn the_page_has_every_stable_element_id_once_and_the_script_documents_each() {
        let (page, _) = fetch("/").await;
        let (script, _) = fetch("/js/form.js").await;
        let header = script.split("*/").next().unwrap_or_default();
        for id in STABLE_IDS {
            assert_eq!(
                page.matches(&format!(r#"id="{id}""#)).count(),
                1,
                "index.html must have exactly one id=\"{id}\""
            );
            assert!(
                header.contains(&format!("#{id} ")),
                "form.js's header comment does not describe #{id}"
            );
        }
    }

    #[actix_rt::test]
    async fn the_script_looks_up_only_elements_the_page_has() {
        let (page, _) = fetch("/").await;
        let (script, _) = fetch("/js/form.js").await;
        let used: Vec<&str> = script
            .split("getElementById('")
            .skip(1)
            .filter_map(|rest| rest.split('\'').next())
            .collect();
        assert!(used.len() >= STABLE_IDS.len(), "{used:?}");
        for id in used {
            assert!(page.contains(&format!(r#"id="{id}""#)), "no #{id} in page");
        }
    }

    #[actix_rt::test]
    async fn the_script_inserts_what_the_server_sends_as_text_never_as_html() {
        let (script, media_type) = fetch("/js/form.js").await;
        assert_eq!(media_type.as_deref(), Some("text/javascript"));
        for sink in [
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "eval(",
            "new Function",
            "createContextualFragment",
            "DOMParser",
        ] {
            assert!(!script.contains(sink), "form.js uses {sink}");
        }
        assert!(script.contains(".textContent = "));
    }

    #[actix_rt::test]
    async fn the_page_loads_its_own_css_and_script_and_no_third_party_code() {
        let (page, _) = fetch("/").await;
        assert!(page.contains(r#"<link rel="stylesheet" href="/css/style.css">"#));
        assert!(page.contains(r#"<script src="/js/form.js" defer></script>"#));
        assert!(!page.contains("http://") && !page.contains("https://"));
        assert!(!page.to_ascii_lowercase().contains("jquery"));
        let (_, media_type) = fetch("/css/style.css").await;
        assert_eq!(media_type.as_deref(), Some("text/css; charset=utf-8"));
    }

    #[actix_rt::test]
    async fn the_loading_indicator_is_css_and_starts_hidden() {
        let (page, _) = fetch("/").await;
        let (css, _) = fetch("/css/style.css").await;
        assert!(page.contains(r#"<div id="loading" class="loading" role="status" hidden>"#));
        assert!(page.contains(r#"<div id="error" class="error" role="alert" hidden>"#));
        assert!(!page.contains("<img"), "the spinner is CSS, not an image");
        assert!(css.contains("@keyframes turn") && css.contains("animation: turn"));
        assert!(css.contains("prefers-reduced-motion"));
        assert!(
            css.contains("[hidden]"),
            "hidden must win over display rules"
        );
    }

    #[actix_rt::test]
    async fn the_script_explains_cannot_post_form_and_points_to_example_2() {
        let (script, _) = fetch("/js/form.js").await;
        assert!(script.contains("'Cannot POST /form'"));
        assert!(script.contains("cargo run -p post-form --bin example-2"));
    }
}
