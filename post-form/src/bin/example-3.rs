//! # post-form example-3: the web server
//!
//! Shows the whole original: the static form page, and `POST /form` that logs what was posted,
//! waits one second to simulate a slow network, then answers JSON in which an empty field is
//! `null`. The wait is a timer, not a blocked thread: a thousand posts at once all finish in about
//! one second.
//!
//! Run it: `cargo run -p post-form --bin example-3`, then open <http://localhost:3000>.
//! Submit the form: the terminal prints `you posted: First Name: Ada, Last Name: Lovelace` at
//! once, the page shows its loading indicator for a second, then lists `firstName: Ada` and
//! `lastName: Lovelace`. Submit it empty and both come back `null`.
//!
//! Mirrors server.js:
//! ```js
//! app.use(bodyParser.json());
//! app.use(bodyParser.urlencoded({ extended: true }));
//! app.use(express.static(__dirname + '/www'));
//! app.post('/form', function (req, res) {
//!     console.log('you posted: First Name: ' + req.body.firstName + ', Last Name: ' + req.body.lastName);
//!     setTimeout(function () {
//!         res.json({ firstName: req.body.firstName || null, lastName: req.body.lastName || null });
//!     }, 1000);
//! });
//! app.listen(3000, ...);
//! ```

use std::{process::ExitCode, time::Duration};

use actix_web::{App, HttpResponse, HttpServer, guard, middleware::from_fn, web};
use post_form::{JSON, Logged, Posted, SERVER, URLENCODED, www};
use serde::Serialize;

/// The `1000` of `setTimeout(..., 1000)`: the simulated slow network.
const SLOW_NETWORK: Duration = Duration::from_secs(1);

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
    // app.use(bodyParser.json()); app.use(bodyParser.urlencoded(...)); app.post('/form', ...):
    // a route per kind of body, each with its extractor, as in example-2.
    app.service(
        web::resource("/form")
            .guard(guard::Post())
            .app_data(post_form::json_config())
            .app_data(post_form::form_config())
            .wrap(from_fn(post_form::drop_byte_order_mark))
            .wrap(from_fn(post_form::body_timeout))
            .route(web::post().guard(post_form::no_body()).to(form_nothing))
            .route(
                web::post()
                    .guard(post_form::body_of_type(JSON))
                    .to(form_json),
            )
            .route(
                web::post()
                    .guard(post_form::body_of_type(URLENCODED))
                    .to(form_urlencoded),
            )
            .default_service(web::to(post_form::unsupported_body)),
    );
    // app.use(express.static(__dirname + '/www')), last: it answers every path it is given.
    app.service(serve_static::files(www()));
}

/// `app.post('/form', ...)` after `bodyParser.json()`.
async fn form_json(body: web::Json<Posted>) -> HttpResponse {
    form(body.into_inner()).await
}

/// `app.post('/form', ...)` after `bodyParser.urlencoded()`.
async fn form_urlencoded(body: web::Form<Posted>) -> HttpResponse {
    form(body.into_inner()).await
}

/// `app.post('/form', ...)` without a body: `req.body = {}`.
async fn form_nothing() -> HttpResponse {
    form(Posted::default()).await
}

/// The answer: `{ firstName: ..., lastName: ... }`. `None` is written as JSON `null`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Answer {
    first_name: Option<String>,
    last_name: Option<String>,
}

/// `function (req, res) { ... }`. A body that cannot be parsed never gets here: the extractor's
/// error handler answers its 4xx at once, without the wait.
async fn form(body: Posted) -> HttpResponse {
    // console.log('you posted: ...'), on arrival. `Logged` escapes control characters, so a
    // name cannot start a forged log line, and shows a field that was not sent as `(none)`.
    post_form::console_log(format_args!(
        "you posted: First Name: {}, Last Name: {}",
        Logged(body.first_name.as_deref()),
        Logged(body.last_name.as_deref())
    ));

    // setTimeout(..., 1000): awaiting a timer gives the worker back to other requests meanwhile.
    // `std::thread::sleep` here would freeze every connection the worker serves.
    actix_rt::time::sleep(SLOW_NETWORK).await;

    // res.json({ firstName: req.body.firstName || null, lastName: req.body.lastName || null })
    post_form::send_json(&Answer {
        first_name: or_null(body.first_name),
        last_name: or_null(body.last_name),
    })
}

/// JavaScript's `value || null` for a string: the empty string becomes `null`; anything else,
/// `" "`, `"0"` and `"false"` included, is kept.
fn or_null(value: Option<String>) -> Option<String> {
    value.filter(|text| !text.is_empty())
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use actix_web::{
        App,
        dev::ServiceResponse,
        http::{StatusCode, header},
        test,
    };
    use futures::future::{join, join_all};

    use super::*;

    const FORM: Option<&str> = Some(URLENCODED);
    const JSON_BODY: Option<&str> = Some(JSON);

    /// The reference's post-form table, for both body types: (Content-Type, body, answer).
    const TABLE: &[(Option<&str>, &str, &str)] = &[
        // Ada Lovelace, in either body type.
        (
            FORM,
            "firstName=Ada&lastName=Lovelace",
            r#"{"firstName":"Ada","lastName":"Lovelace"}"#,
        ),
        (
            JSON_BODY,
            r#"{"firstName":"Ada","lastName":"Lovelace"}"#,
            r#"{"firstName":"Ada","lastName":"Lovelace"}"#,
        ),
        // Empty strings, an empty body and `{}`: null (`"" || null`).
        (
            FORM,
            "firstName=&lastName=",
            r#"{"firstName":null,"lastName":null}"#,
        ),
        (
            JSON_BODY,
            r#"{"firstName":"","lastName":""}"#,
            r#"{"firstName":null,"lastName":null}"#,
        ),
        (None, "", r#"{"firstName":null,"lastName":null}"#),
        (FORM, "", r#"{"firstName":null,"lastName":null}"#),
        (JSON_BODY, "", r#"{"firstName":null,"lastName":null}"#),
        (JSON_BODY, "{}", r#"{"firstName":null,"lastName":null}"#),
        // Only firstName.
        (
            FORM,
            "firstName=Ada",
            r#"{"firstName":"Ada","lastName":null}"#,
        ),
        (
            JSON_BODY,
            r#"{"firstName":"Ada"}"#,
            r#"{"firstName":"Ada","lastName":null}"#,
        ),
        // Extra fields are dropped.
        (
            FORM,
            "firstName=Ada&lastName=Lovelace&age=36",
            r#"{"firstName":"Ada","lastName":"Lovelace"}"#,
        ),
        (
            JSON_BODY,
            r#"{"firstName":"Ada","lastName":"Lovelace","age":36,"city":"London"}"#,
            r#"{"firstName":"Ada","lastName":"Lovelace"}"#,
        ),
        // UTF-8 in the answer, not escaped.
        (
            FORM,
            "firstName=Ada+Byron&lastName=%C3%A9%F0%9F%98%80",
            r#"{"firstName":"Ada Byron","lastName":"é😀"}"#,
        ),
        (
            JSON_BODY,
            r#"{"firstName":"Ada Byron","lastName":"\u00e9\ud83d\ude00"}"#,
            r#"{"firstName":"Ada Byron","lastName":"é😀"}"#,
        ),
        (
            JSON_BODY,
            r#"{"firstName":"Ada Byron","lastName":"é😀"}"#,
            r#"{"firstName":"Ada Byron","lastName":"é😀"}"#,
        ),
        // Whitespace is kept, not trimmed.
        (
            FORM,
            "firstName=%20",
            r#"{"firstName":" ","lastName":null}"#,
        ),
        (
            JSON_BODY,
            r#"{"firstName":" "}"#,
            r#"{"firstName":" ","lastName":null}"#,
        ),
        // "0" and "false" are non-empty strings: kept.
        (
            FORM,
            "firstName=0&lastName=false",
            r#"{"firstName":"0","lastName":"false"}"#,
        ),
        (
            JSON_BODY,
            r#"{"firstName":"0","lastName":"false"}"#,
            r#"{"firstName":"0","lastName":"false"}"#,
        ),
    ];

    fn post(content_type: Option<&str>, body: &str) -> test::TestRequest {
        let request = test::TestRequest::post()
            .uri("/form")
            .set_payload(body.to_owned());
        match content_type {
            Some(content_type) => request.insert_header((header::CONTENT_TYPE, content_type)),
            None => request,
        }
    }

    /// The response and how long it took, from the first poll.
    async fn timed(answer: impl Future<Output = ServiceResponse>) -> (ServiceResponse, Duration) {
        let started = Instant::now();
        let response = answer.await;
        (response, started.elapsed())
    }

    async fn body_of(response: ServiceResponse) -> String {
        String::from_utf8_lossy(&test::read_body(response).await).into_owned()
    }

    #[actix_rt::test]
    async fn every_row_of_the_reference_table_is_answered_after_the_one_second_wait() {
        let app = test::init_service(App::new().configure(routes)).await;
        // All rows at once: each waits its second, together.
        let started = Instant::now();
        let answers = join_all(TABLE.iter().map(|&(content_type, body, _)| {
            timed(test::call_service(
                &app,
                post(content_type, body).to_request(),
            ))
        }))
        .await;
        assert!(started.elapsed() < Duration::from_secs(5), "not together");
        for (&(content_type, body, answer), (response, took)) in TABLE.iter().zip(answers) {
            assert_eq!(response.status(), StatusCode::OK, "{content_type:?} {body}");
            assert_eq!(
                response
                    .headers()
                    .get(header::CONTENT_TYPE)
                    .map(|value| value.as_bytes()),
                Some(&b"application/json; charset=utf-8"[..])
            );
            assert!(took >= Duration::from_millis(950), "{body}: {took:?}");
            assert_eq!(body_of(response).await, answer, "{content_type:?} {body}");
        }
    }

    #[actix_rt::test]
    async fn a_hundred_simultaneous_posts_are_answered_together_not_one_after_another() {
        let app = test::init_service(App::new().configure(routes)).await;
        let bodies: Vec<String> = (0..100)
            .map(|index| format!("firstName=Ada{index}&lastName=Lovelace"))
            .collect();
        let started = Instant::now();
        let answers = join_all(
            bodies
                .iter()
                .map(|body| timed(test::call_service(&app, post(FORM, body).to_request()))),
        )
        .await;
        // One after another would take 100 s.
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{:?}",
            started.elapsed()
        );
        for (index, (response, _)) in answers.into_iter().enumerate() {
            assert_eq!(
                body_of(response).await,
                format!(r#"{{"firstName":"Ada{index}","lastName":"Lovelace"}}"#)
            );
        }
    }

    #[actix_rt::test]
    async fn a_refusal_answers_at_once_while_a_valid_post_sent_earlier_still_waits() {
        let app = test::init_service(App::new().configure(routes)).await;
        let too_large = format!("firstName={}", "a".repeat(post_form::BODY_LIMIT));
        let refusals = [
            (JSON_BODY, "{bad", StatusCode::BAD_REQUEST),
            (JSON_BODY, "42", StatusCode::BAD_REQUEST),
            (JSON_BODY, r#"{"firstName":42}"#, StatusCode::BAD_REQUEST),
            (FORM, "firstName=a&firstName=b", StatusCode::BAD_REQUEST),
            (
                Some("text/plain"),
                "Ada",
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ),
            (FORM, too_large.as_str(), StatusCode::PAYLOAD_TOO_LARGE),
        ];
        // `join` starts the valid post first; while it waits, the refusals are answered.
        let (valid, refused) = join(
            timed(test::call_service(
                &app,
                post(FORM, "firstName=Ada").to_request(),
            )),
            async {
                let mut refused = Vec::new();
                for (content_type, body, status) in refusals {
                    let (response, took) = timed(test::call_service(
                        &app,
                        post(content_type, body).to_request(),
                    ))
                    .await;
                    refused.push((response.status(), status, took));
                }
                refused
            },
        )
        .await;
        for (answered, status, took) in refused {
            assert_eq!(answered, status);
            assert!(took < Duration::from_millis(500), "{status} after {took:?}");
        }
        assert_eq!(valid.0.status(), StatusCode::OK);
        assert!(valid.1 >= Duration::from_millis(950));
    }

    #[actix_rt::test]
    async fn get_and_put_form_are_the_express_404_and_the_page_is_still_served() {
        let app = test::init_service(App::new().configure(routes)).await;
        for (request, method) in [
            (test::TestRequest::get(), "GET"),
            (test::TestRequest::put(), "PUT"),
        ] {
            let response = test::call_service(&app, request.uri("/form").to_request()).await;
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{method}");
            assert_eq!(body_of(response).await, format!("Cannot {method} /form\n"));
        }
        let page = test::call_service(&app, test::TestRequest::get().uri("/").to_request()).await;
        assert_eq!(page.status(), StatusCode::OK);
        assert!(body_of(page).await.contains(r#"id="firstName""#));
    }

    #[actix_rt::test]
    async fn or_null_is_javascript_s_value_or_null_for_a_string() {
        assert_eq!(or_null(Some(String::new())), None);
        assert_eq!(or_null(None), None);
        for kept in [" ", "0", "false", "Ada"] {
            assert_eq!(or_null(Some(kept.to_owned())).as_deref(), Some(kept));
        }
    }
}
