//! # send-vs-write example-3: `res.write()` five times, then `res.end()`
//!
//! Shows the fix for example-2: after the writes, `end` sends the terminating chunk, so the client
//! knows the response is complete.
//!
//! Run it: `cargo run -p send-vs-write --bin example-3`, then open <http://localhost:5000/>.
//! You will see the five headings "This is the response #: 1" to "#: 5", and the page finishes
//! loading. `curl -N --raw http://localhost:5000/` shows the five chunks, then the `0` chunk
//! that ends the body, and curl exits.
//!
//! Mirrors example-3.js:
//! ```js
//! app.get('/', function (req, res) {
//!   res.setHeader('Content-Type', 'text/html');
//!   for (var i = 1; i <= 5; i++) { res.write('<h1>This is the response #: ' + i + '</h1>'); }
//!   res.end();
//! });
//! app.listen(5000, ...);
//! ```
//!
//! In actix-web `res.write(chunk)` is one item of a stream and `res.end()` is the stream's end:
//! `HttpResponse::Ok().streaming(stream)` sends each item as one chunk, and the terminating
//! chunk when the stream ends.

use std::{convert::Infallible, process::ExitCode};

use actix_web::{
    App, HttpResponse, HttpServer,
    middleware::from_fn,
    web::{self, Bytes},
};
use futures::{StreamExt, stream};
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

async fn home() -> HttpResponse {
    // res.write('<h1>This is the response #: ' + i + '</h1>') for i = 1 to 5: five chunks.
    let writes = stream::iter(1..=5).map(|i| {
        let html = format!("<h1>This is the response #: {i}</h1>");
        // Each item is a chunk or the error that cuts the response off; here none can fail.
        Ok::<_, Infallible>(Bytes::from(html))
    });
    // res.setHeader('Content-Type', 'text/html'); the head goes out with the first chunk.
    HttpResponse::Ok()
        .content_type("text/html")
        // res.end(): the stream ends after the five writes, so the terminating chunk follows them.
        // The response is complete; the connection can carry the next one.
        .streaming(writes)
}

#[cfg(test)]
mod tests {
    use std::{pin::pin, time::Duration};

    use actix_web::{
        App,
        body::{BodySize, MessageBody},
        http::{Method, StatusCode, header},
        rt::time::timeout,
        test,
    };

    use super::*;

    /// How long a test waits for the body (it all comes at once).
    const WAIT: Duration = Duration::from_secs(5);

    async fn call(method: Method, path: &str) -> actix_web::dev::ServiceResponse {
        let app = test::init_service(App::new().configure(routes)).await;
        let request = test::TestRequest::default()
            .method(method)
            .uri(path)
            .to_request();
        test::call_service(&app, request).await
    }

    #[actix_rt::test]
    async fn get_slash_streams_five_chunks_then_ends() {
        let response = call(Method::GET, "/").await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response
                .headers()
                .get(header::CONTENT_TYPE)
                .expect("a Content-Type"),
            "text/html"
        );
        // A body of unknown size goes out chunked.
        assert_eq!(response.response().body().size(), BodySize::Stream);
        let mut body = pin!(response.into_body());
        let mut chunks = Vec::new();
        // Five chunks, then the end (`None`): six polls, each answered at once.
        for _ in 0..6 {
            let next = timeout(WAIT, std::future::poll_fn(|cx| body.as_mut().poll_next(cx)))
                .await
                .unwrap_or_else(|_| panic!("a chunk or the end within {WAIT:?}, after {chunks:?}"));
            match next {
                Some(chunk) => chunks.push(chunk.expect("a chunk, not an error")),
                None => break,
            }
        }
        let expected: Vec<String> = (1..=5)
            .map(|i| format!("<h1>This is the response #: {i}</h1>"))
            .collect();
        assert_eq!(chunks, expected, "five chunks, then the end");
    }

    #[actix_rt::test]
    async fn head_slash_answers_like_get() {
        let response = call(Method::HEAD, "/").await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.response().body().size(), BodySize::Stream);
        assert!(timeout(WAIT, test::read_body(response)).await.is_ok());
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
