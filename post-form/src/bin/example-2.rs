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
//! Mirrors server.js, step 2 (in actix-web, a handler asks for its body: `web::Json<Posted>` or
//! `web::Form<Posted>` reads and parses it before the handler runs, and when it cannot, its error
//! handler's `{"error": ...}` is the answer and the handler never runs):
//! ```js
//! var bodyParser = require('body-parser');
//! app.use(bodyParser.json());
//! app.use(bodyParser.urlencoded({ extended: true }));
//! app.post('/form', function (req, res) { res.json(req.body); });
//! ```

use std::process::ExitCode;

use actix_web::{App, HttpResponse, HttpServer, guard, middleware::from_fn, web};
use post_form::{JSON, Posted, SERVER, URLENCODED, www};
use serde::Serialize;

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
    // app.post('/form', ...), with bodyParser.json() and bodyParser.urlencoded() before it: a
    // route per kind of body, each with its extractor (see post_form::body_types for why).
    // Only POST: GET /form still falls through to the 404.
    app.service(
        web::resource("/form")
            .guard(guard::Post())
            // bodyParser's 100 kB limit, and its refusals as {"error": "<one sentence>"}.
            .app_data(post_form::json_config())
            .app_data(post_form::form_config())
            // body-parser drops a leading byte order mark; a body gets 5 s to arrive.
            .wrap(from_fn(post_form::drop_byte_order_mark))
            .wrap(from_fn(post_form::body_timeout))
            .route(web::post().guard(post_form::no_body()).to(echo_nothing))
            .route(
                web::post()
                    .guard(post_form::body_of_type(JSON))
                    .to(echo_json),
            )
            .route(
                web::post()
                    .guard(post_form::body_of_type(URLENCODED))
                    .to(echo_urlencoded),
            )
            // Any other body: 415, at once, saying what to send instead.
            .default_service(web::to(post_form::unsupported_body)),
    );
    // express.static goes last: actix's file service answers every path it is given.
    app.service(serve_static::files(www()));
}

/// `res.json(req.body)` after `bodyParser.json()`.
async fn echo_json(body: web::Json<Posted>) -> HttpResponse {
    echo(body.into_inner(), "json")
}

/// `res.json(req.body)` after `bodyParser.urlencoded()`.
async fn echo_urlencoded(body: web::Form<Posted>) -> HttpResponse {
    echo(body.into_inner(), "urlencoded")
}

/// `res.json(req.body)` for a post without a body: body-parser leaves `req.body = {}`.
async fn echo_nothing() -> HttpResponse {
    echo(Posted::default(), "empty")
}

/// `req.body` as the handler got it, and which parser read it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Echo {
    first_name: Option<String>,
    last_name: Option<String>,
    parsed_as: &'static str,
}

fn echo(body: Posted, parsed_as: &'static str) -> HttpResponse {
    post_form::send_json(&Echo {
        first_name: body.first_name,
        last_name: body.last_name,
        parsed_as,
    })
}

#[cfg(test)]
mod tests {
    use actix_web::{
        App,
        http::{StatusCode, header},
        test,
    };

    use super::*;

    const FORM: Option<&str> = Some(URLENCODED);
    const JSON_BODY: Option<&str> = Some(JSON);
    const LIMIT: usize = post_form::BODY_LIMIT;

    /// A response as the client sees it.
    #[derive(Debug)]
    struct Answered {
        status: StatusCode,
        content_type: String,
        nosniff: bool,
        body: String,
    }

    /// `POST /form` with this `Content-Type` (none if `None`) and body (`Content-Length` set).
    async fn post(content_type: Option<&str>, body: impl AsRef<[u8]>) -> Answered {
        let app = test::init_service(App::new().configure(routes)).await;
        let mut request = test::TestRequest::post()
            .uri("/form")
            .set_payload(body.as_ref().to_vec());
        if let Some(content_type) = content_type {
            request = request.insert_header((header::CONTENT_TYPE, content_type));
        }
        let response = test::call_service(&app, request.to_request()).await;
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|value| value.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        let (status, content_type) = (response.status(), header(header::CONTENT_TYPE));
        let nosniff = header(header::X_CONTENT_TYPE_OPTIONS) == "nosniff";
        let body = test::read_body(response).await;
        Answered {
            status,
            content_type,
            nosniff,
            body: String::from_utf8_lossy(&body).into_owned(),
        }
    }

    /// Asserts Express's exact JSON answer type and `nosniff`, and returns the body.
    fn json_answer(answered: Answered, status: StatusCode) -> String {
        assert_eq!(answered.status, status, "{answered:?}");
        assert_eq!(answered.content_type, "application/json; charset=utf-8");
        assert!(answered.nosniff, "{answered:?}");
        answered.body
    }

    fn refused(answered: Answered, status: StatusCode, sentence: &str) {
        let body = json_answer(answered, status);
        assert_eq!(body, serde_json::json!({ "error": sentence }).to_string());
    }

    /// A body of exactly `size` bytes: the two fields and padding in an extra field.
    fn of_size(json: bool, size: usize) -> Vec<u8> {
        let mut body = if json {
            br#"{"firstName":"Ada","lastName":"Lovelace","padding":""#.to_vec()
        } else {
            b"firstName=Ada&lastName=Lovelace&padding=".to_vec()
        };
        body.resize(if json { size - 2 } else { size }, b'x');
        if json {
            body.extend_from_slice(br#""}"#);
        }
        body
    }

    #[actix_rt::test]
    async fn either_body_type_is_echoed_as_parsed() {
        for (content_type, body, echoed) in [
            (
                FORM,
                "firstName=Ada+Byron&lastName=%C3%A9%F0%9F%98%80&age=36",
                r#"{"firstName":"Ada Byron","lastName":"é😀","parsedAs":"urlencoded"}"#,
            ),
            (
                Some("application/json; charset=UTF-8"),
                r#"{"firstName":"Ada","lastName":"Lovelace","age":36}"#,
                r#"{"firstName":"Ada","lastName":"Lovelace","parsedAs":"json"}"#,
            ),
            (
                Some("APPLICATION/X-WWW-FORM-URLENCODED; charset=utf-8"),
                "lastName=L",
                r#"{"firstName":null,"lastName":"L","parsedAs":"urlencoded"}"#,
            ),
        ] {
            let answered = post(content_type, body).await;
            assert_eq!(json_answer(answered, StatusCode::OK), echoed, "{body}");
        }
    }

    /// body-parser drops a leading UTF-8 byte order mark before parsing either type (checked
    /// with body-parser 1.15.2); so do we.
    #[actix_rt::test]
    async fn a_leading_byte_order_mark_is_dropped_as_body_parser_does() {
        for (content_type, body, echoed) in [
            (
                JSON_BODY,
                "\u{feff}{\"firstName\":\"Ada\",\"lastName\":\"L\"}",
                r#"{"firstName":"Ada","lastName":"L","parsedAs":"json"}"#,
            ),
            (
                FORM,
                "\u{feff}firstName=Ada",
                r#"{"firstName":"Ada","lastName":null,"parsedAs":"urlencoded"}"#,
            ),
        ] {
            let answered = post(content_type, body).await;
            assert_eq!(json_answer(answered, StatusCode::OK), echoed, "{body:?}");
        }
    }

    #[actix_rt::test]
    async fn empty_strings_stay_empty_and_missing_fields_are_null_before_example_3s_or_null() {
        for (content_type, body, echoed) in [
            (
                FORM,
                "firstName=",
                r#"{"firstName":"","lastName":null,"parsedAs":"urlencoded"}"#,
            ),
            (
                JSON_BODY,
                r#"{"lastName":""}"#,
                r#"{"firstName":null,"lastName":"","parsedAs":"json"}"#,
            ),
            (
                JSON_BODY,
                r#"{"firstName":null}"#,
                r#"{"firstName":null,"lastName":null,"parsedAs":"json"}"#,
            ),
        ] {
            let answered = post(content_type, body).await;
            assert_eq!(json_answer(answered, StatusCode::OK), echoed);
        }
    }

    #[actix_rt::test]
    async fn a_post_without_a_body_is_parsed_as_empty_whatever_its_type() {
        for content_type in [None, FORM, JSON_BODY, Some("text/plain")] {
            let answered = post(content_type, "").await;
            assert_eq!(
                json_answer(answered, StatusCode::OK),
                r#"{"firstName":null,"lastName":null,"parsedAs":"empty"}"#,
                "{content_type:?}"
            );
        }
    }

    #[actix_rt::test]
    async fn malformed_json_is_a_400_that_says_where() {
        for (body, sentence) in [
            (
                &b"{bad"[..],
                "The body is not valid JSON: key must be a string at line 1 column 2.",
            ),
            (
                br#"{"firstName":"Ada""#,
                "The body is not valid JSON: EOF while parsing an object at line 1 column 18.",
            ),
            (
                br#"{"firstName":"Ada"} trailing"#,
                "The body is not valid JSON: trailing characters at line 1 column 21.",
            ),
            (
                b"firstName=Ada",
                "The body is not valid JSON: expected ident at line 1 column 2.",
            ),
            (
                b"   ",
                "The body is not valid JSON: EOF while parsing a value at line 1 column 3.",
            ),
            (
                b"{\"firstName\":\"\xff\"}",
                "The body is not valid JSON: invalid unicode code point at line 1 column 15.",
            ),
            // Only the mark: nothing is left to parse.
            (
                b"\xEF\xBB\xBF",
                "The body is not valid JSON: EOF while parsing a value at line 1 column 0.",
            ),
        ] {
            refused(
                post(JSON_BODY, body).await,
                StatusCode::BAD_REQUEST,
                sentence,
            );
        }
    }

    #[actix_rt::test]
    async fn json_whose_top_level_is_not_an_object_is_a_400_that_says_what_it_got() {
        for (body, got) in [
            (r#""str""#, "a string"),
            ("null", "null"),
            ("42", "a number"),
            ("-1.5e3", "a number"),
            ("true", "a boolean"),
            ("[]", "an array"),
            (r#"["Ada","Lovelace"]"#, "an array"),
        ] {
            refused(
                post(JSON_BODY, body).await,
                StatusCode::BAD_REQUEST,
                &format!(
                    r#"Expected a JSON object such as {{"firstName":"Ada","lastName":"Lovelace"}}, got {got}."#
                ),
            );
        }
    }

    #[actix_rt::test]
    async fn a_field_that_is_not_a_string_is_a_400_that_names_it() {
        for (body, sentence) in [
            (
                r#"{"firstName":42,"lastName":"Lovelace"}"#,
                "firstName must be a string or null, not a number.",
            ),
            (
                r#"{"firstName":"Ada","lastName":false}"#,
                "lastName must be a string or null, not a boolean.",
            ),
            (
                r#"{"firstName":{"given":"Ada"}}"#,
                "firstName must be a string or null, not an object.",
            ),
            (
                r#"{"lastName":["Love","lace"]}"#,
                "lastName must be a string or null, not an array.",
            ),
        ] {
            refused(
                post(JSON_BODY, body).await,
                StatusCode::BAD_REQUEST,
                sentence,
            );
        }
    }

    #[actix_rt::test]
    async fn a_field_sent_twice_is_a_400_that_names_it_in_either_type() {
        for (content_type, body, field) in [
            (
                FORM,
                "firstName=Ada&firstName=Augusta&lastName=Lovelace",
                "firstName",
            ),
            (JSON_BODY, r#"{"lastName":"a","lastName":null}"#, "lastName"),
        ] {
            refused(
                post(content_type, body).await,
                StatusCode::BAD_REQUEST,
                &format!("{field} was sent more than once; send each field once."),
            );
        }
    }

    #[actix_rt::test]
    async fn a_body_of_another_type_charset_or_encoding_is_a_415_that_says_what_to_send() {
        let accepted = "send application/json or application/x-www-form-urlencoded.";
        let app = test::init_service(App::new().configure(routes)).await;
        for (headers, sentence) in [
            (
                vec![(header::CONTENT_TYPE, "text/plain")],
                format!("Content-Type text/plain is not accepted; {accepted}"),
            ),
            (
                vec![(header::CONTENT_TYPE, "multipart/form-data; boundary=x")],
                format!("Content-Type multipart/form-data is not accepted; {accepted}"),
            ),
            (
                vec![(header::CONTENT_TYPE, "application/vnd.api+json")],
                format!("Content-Type application/vnd.api+json is not accepted; {accepted}"),
            ),
            (vec![], format!("The body has no Content-Type; {accepted}")),
            (
                vec![(header::CONTENT_TYPE, "json")],
                format!("The Content-Type header could not be understood; {accepted}"),
            ),
            (
                vec![(header::CONTENT_TYPE, "application/json; charset=latin1")],
                "Only UTF-8 bodies are accepted, not charset=latin1.".to_owned(),
            ),
            (
                vec![
                    (header::CONTENT_TYPE, URLENCODED),
                    (header::CONTENT_ENCODING, "gzip"),
                ],
                "Compressed bodies (Content-Encoding: gzip) are not accepted; send the body \
                 uncompressed."
                    .to_owned(),
            ),
        ] {
            let mut request = test::TestRequest::post()
                .uri("/form")
                .set_payload("firstName=Ada");
            for header in headers {
                request = request.insert_header(header);
            }
            let response = test::call_service(&app, request.to_request()).await;
            assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
            let body = test::read_body(response).await;
            assert_eq!(body, serde_json::json!({ "error": sentence }).to_string());
        }
    }

    #[actix_rt::test]
    async fn a_body_of_102400_bytes_is_read_and_one_of_102401_is_a_413_in_either_type() {
        let too_large = "The body is larger than the limit of 102400 bytes (100 kB).";
        for (content_type, json) in [(JSON_BODY, true), (FORM, false)] {
            let answered = post(content_type, of_size(json, LIMIT)).await;
            assert!(
                json_answer(answered, StatusCode::OK)
                    .starts_with(r#"{"firstName":"Ada","lastName":"Lovelace","parsedAs":"#)
            );
            let answered = post(content_type, of_size(json, LIMIT + 1)).await;
            refused(answered, StatusCode::PAYLOAD_TOO_LARGE, too_large);
        }
    }

    #[actix_rt::test]
    async fn get_and_put_form_are_the_express_404() {
        let app = test::init_service(App::new().configure(routes)).await;
        for (request, method) in [
            (test::TestRequest::get(), "GET"),
            (test::TestRequest::put(), "PUT"),
        ] {
            let response = test::call_service(&app, request.uri("/form").to_request()).await;
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{method}");
            assert_eq!(
                test::read_body(response).await,
                format!("Cannot {method} /form\n")
            );
        }
    }
}
