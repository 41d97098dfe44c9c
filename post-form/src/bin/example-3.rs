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

use actix_web::{App, HttpResponse, HttpServer, middleware::from_fn, web};
use post_form::{FormBody, Logged, SERVER, www};
use serde::Serialize;

/// The `1000` of `setTimeout(..., 1000)`: the simulated slow network.
const SLOW_NETWORK: Duration = Duration::from_secs(1);

#[actix_web::main]
async fn main() -> ExitCode {
    // process.env.PORT || 3000 (`--help` lists the settings).
    let port = shared::port_or_exit(&SERVER);

    // var app = express();
    let server = HttpServer::new(|| {
        App::new()
            // app.use(morgan(...)): actix's Logger, one line per request on stderr.
            .wrap(shared::request_log())
            .wrap(from_fn(shared::log_abandoned_requests)) // and requests whose client left
            // What Node's HTTP server does on the wire that actix must be told.
            .wrap(from_fn(shared::like_node_on_the_wire))
            .configure(routes)
    });

    // app.listen(3000, function () { console.log(...) })
    let server = shared::node_settings(server)
        .bind(("127.0.0.1", port))
        .unwrap_or_else(|error| shared::exit_cannot_listen(port, &error));
    shared::print_banner(&server, &SERVER);
    shared::exit_status(server.run()).await
}

fn routes(app: &mut web::ServiceConfig) {
    app.route("/form", web::post().to(form));
    // express.static goes last: actix's file service answers every path it is given.
    app.service(shared::express_static(www()));
}

/// The answer: `{ firstName: ..., lastName: ... }`. `None` is written as JSON `null`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Answer {
    first_name: Option<String>,
    last_name: Option<String>,
}

/// `app.post('/form', function (req, res) { ... })`. A body that cannot be parsed never gets
/// here: the [`FormBody`] extractor answers its 4xx at once, without the wait.
async fn form(body: FormBody) -> HttpResponse {
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
