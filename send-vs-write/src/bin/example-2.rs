//! # send-vs-write example-2: `res.write()` without `res.end()` never finishes
//!
//! Shows that `write` sends a piece of the body and leaves the response open for more: five
//! chunks go out at once, then the client waits for the end, which never comes.
//!
//! Run it: `cargo run -p send-vs-write --bin example-2`, then open <http://localhost:5000/>.
//! You will see all five headings "This is the response #: 1" to "#: 5", and the browser keeps
//! spinning: the page never finishes loading. `curl -N --raw http://localhost:5000/` shows the
//! five chunks and then waits; press Ctrl-C. Other tabs are served normally meanwhile, and a
//! client that gives up takes everything its request held with it.
//!
//! Mirrors example-2.js:
//! ```js
//! app.get('/', function (req, res) {
//!   res.setHeader('Content-Type', 'text/html');
//!   for (var i = 1; i <= 5; i++) { res.write('<h1>This is the response #: ' + i + '</h1>'); }
//! });
//! app.listen(5000, ...);
//! ```
//!
//! In actix-web `res.write(chunk)` is one item of a stream, and `res.end()` is the stream's end:
//! `HttpResponse::Ok().streaming(stream)` sends each item as one chunk of a
//! `Transfer-Encoding: chunked` body, and the terminating chunk when the stream ends. A body ends
//! when its stream says so; to leave it open, as the original does, the stream has to never end,
//! on purpose.

use std::{convert::Infallible, process::ExitCode};

use actix_web::{
    App, HttpRequest, HttpResponse, HttpServer,
    http::Method,
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

async fn home(req: HttpRequest) -> HttpResponse {
    let mut response = HttpResponse::Ok();
    // res.setHeader('Content-Type', 'text/html'): the head goes out with the first chunk.
    response.content_type("text/html");
    // res.write('<h1>This is the response #: ' + i + '</h1>') for i = 1 to 5: five chunks.
    let writes = stream::iter(1..=5).map(|i| {
        let html = format!("<h1>This is the response #: {i}</h1>");
        // Each item is a chunk or the error that cuts the response off; here none can fail.
        Ok::<_, Infallible>(Bytes::from(html))
    });
    if req.method() == Method::HEAD {
        // HEAD: actix sends only the head, but waits for the body to end before the connection
        // goes on, so HEAD gets the stream that ends, and is complete at once. (Node's HEAD hangs
        // like its GET; see the README's differences.)
        return response.streaming(writes);
    }
    // No res.end(): after the five writes the stream waits forever, so the terminating chunk is
    // never sent and the client waits for it. `LiveBody` counts the body while it lives
    // (`LOG_LIVE_BODIES=on` prints the count): when the client gives up, actix drops it, with
    // everything the request held.
    let never_ends = writes.chain(stream::pending());
    response.streaming(shared::LiveBody::new(never_ends))
}

#[cfg(test)]
mod tests {
    use std::{pin::pin, time::Duration};

    use actix_web::{
        App,
        body::{BodySize, MessageBody},
        http::{StatusCode, header},
        rt::time::timeout,
        test,
    };

    use super::*;

    /// How long a test waits for a chunk that must come (they all come at once).
    const WAIT: Duration = Duration::from_secs(5);

    /// How long a test watches for an end that must not come. Here, waiting a fixed time is the
    /// assertion itself: "nothing more arrives" (the stream waits forever, so any wait would do).
    const NEVER_WAIT: Duration = Duration::from_millis(200);

    async fn call(method: Method, path: &str) -> actix_web::dev::ServiceResponse {
        let app = test::init_service(App::new().configure(routes)).await;
        let request = test::TestRequest::default()
            .method(method)
            .uri(path)
            .to_request();
        test::call_service(&app, request).await
    }

    fn heading(i: usize) -> String {
        format!("<h1>This is the response #: {i}</h1>")
    }

    #[actix_rt::test]
    async fn get_slash_streams_five_chunks_and_never_ends() {
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
        for i in 1..=5 {
            let chunk = timeout(WAIT, std::future::poll_fn(|cx| body.as_mut().poll_next(cx)))
                .await
                .unwrap_or_else(|_| panic!("chunk {i} within {WAIT:?}"))
                .unwrap_or_else(|| panic!("chunk {i}, not the end"))
                .expect("a chunk, not an error");
            assert_eq!(chunk, heading(i));
        }
        let after = timeout(
            NEVER_WAIT,
            std::future::poll_fn(|cx| body.as_mut().poll_next(cx)),
        );
        assert!(after.await.is_err(), "neither a sixth chunk nor the end");
    }

    #[actix_rt::test]
    async fn head_slash_answers_the_same_head_and_ends_at_once() {
        let response = call(Method::HEAD, "/").await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response
                .headers()
                .get(header::CONTENT_TYPE)
                .expect("a Content-Type"),
            "text/html"
        );
        assert_eq!(response.response().body().size(), BodySize::Stream);
        let body = timeout(WAIT, test::read_body(response)).await;
        assert!(body.is_ok(), "the body ends within {WAIT:?}");
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
