//! # send-vs-write example-1: `res.send()` ends the response, so a second `send` is an error
//!
//! Shows that `send` is not "add this to the page": it sends the headers and the whole body, and
//! the response is over. The handler tries to send five times; only the first one arrives.
//!
//! Run it: `cargo run -p send-vs-write --bin example-1`, then open <http://localhost:5000/>.
//! You will see one heading, "This is the response #: 1", and the page finishes loading. The
//! terminal running the server shows, once per request:
//! `Error [ERR_HTTP_HEADERS_SENT]: Cannot set headers after they are sent to the client (GET /, send #2)`.
//! The server goes on serving; reload as often as you like.
//!
//! Mirrors example-1.js:
//! ```js
//! app.get('/', function (req, res) {
//!   for (var i = 1; i <= 5; i++) { res.send('<h1>This is the response #: ' + i + '</h1>'); }
//! });
//! app.listen(5000, ...);
//! ```
//!
//! In actix-web `res.send(html)` is `HttpResponse::Ok().body(html)`, and the handler *returns*
//! it: one handler, one response. That makes the original's mistake hard to write (see `home`).

use std::process::ExitCode;

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, middleware::from_fn, web};
use send_vs_write::SERVER;

#[actix_rt::main]
async fn main() -> ExitCode {
    // process.env.PORT || 5000 (`--help` lists the settings).
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

    // app.listen(5000, function () { console.log(...) })
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

/// The original sends in a loop, five times. Written the same way in actix-web, the loop is
/// `for i in 1..=5 { return HttpResponse::Ok().body(...); }`: its first turn returns, the other
/// four are dead code, and clippy refuses it (`never_loop`). So the handler sends once, and
/// `second_send_throws` does what Node does at the second `send` (in src/lib.rs).
async fn home(req: HttpRequest) -> HttpResponse {
    // i = 1, res.send(html): the whole response, with its `Content-Length`. Express's `send`
    // makes the type `text/html; charset=utf-8`.
    let sent = HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body("<h1>This is the response #: 1</h1>");
    // i = 2: the second res.send throws ERR_HTTP_HEADERS_SENT, which ends the loop. Express prints
    // the error and closes the connection after the first response; so does this.
    send_vs_write::second_send_throws(&req, sent)
}

#[cfg(test)]
mod tests {
    use actix_web::{
        App,
        body::{BodySize, MessageBody},
        http::{Method, StatusCode, header},
        test,
    };

    use super::*;

    async fn call(method: Method, path: &str) -> actix_web::dev::ServiceResponse {
        let app = test::init_service(App::new().configure(routes)).await;
        let request = test::TestRequest::default()
            .method(method)
            .uri(path)
            .to_request();
        test::call_service(&app, request).await
    }

    /// The head of `GET /` and of `HEAD /`: the first send, complete, and the connection closed.
    fn assert_first_send_head(response: &actix_web::dev::ServiceResponse) {
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response
                .headers()
                .get(header::CONTENT_TYPE)
                .expect("a Content-Type"),
            "text/html; charset=utf-8"
        );
        // A body of known size goes out with `Content-Length: 34`.
        assert_eq!(response.response().body().size(), BodySize::Sized(34));
        assert!(
            !response.response().head().keep_alive(),
            "the connection is closed after the error, as Express does"
        );
    }

    #[actix_rt::test]
    async fn get_slash_answers_the_first_send_only() {
        let response = call(Method::GET, "/").await;
        assert_first_send_head(&response);
        assert_eq!(
            test::read_body(response).await,
            "<h1>This is the response #: 1</h1>"
        );
    }

    #[actix_rt::test]
    async fn head_slash_answers_like_get() {
        let response = call(Method::HEAD, "/").await;
        assert_first_send_head(&response);
    }

    #[actix_rt::test]
    async fn any_other_path_is_express_s_404() {
        for (method, path, body) in [
            (Method::GET, "/missing", "Cannot GET /missing\n"),
            (Method::POST, "/", "Cannot POST /\n"),
        ] {
            let response = call(method.clone(), path).await;
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{method} {path}");
            assert_eq!(test::read_body(response).await, body, "{method} {path}");
        }
    }
}
