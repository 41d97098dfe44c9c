//! What every example runs besides its lesson, so that an example file shows its actix-web app
//! and little else.
//!
//! | Express | actix-web, in the examples | here |
//! |---|---|---|
//! | `process.env.PORT \|\| 3000` | the port passed to `.bind(...)` | [`port_or_exit`] |
//! | `app.listen(port, () => console.log(banner))` | `HttpServer::new(..).bind(..)`, `.run()` | [`node_settings`], [`exit_cannot_listen`], [`print_banner`], [`exit_status`] |
//! | `app.use(morgan(...))` | `.wrap(Logger)` | [`request_log`], [`log_abandoned_requests`] |
//! | `app.get(path, handler)` (answers HEAD too) | `.route(path, web::get().to(handler))` | [`get_or_head`] |
//! | finalhandler's `Cannot GET /path` page | `.default_service(..)` | [`not_found`] |
//! | `console.log(...)` | `println!` | [`console_log`] |
//! | (none: a count of the responses still streaming) | `.streaming(LiveBody::new(stream))` | [`LiveBody`] |
//!
//! Two crates beside this one hold what the examples run that is neither lesson nor setting:
//! `serve-static` (`express.static` and `res.sendFile` on actix-files) and `node-wire` (what Node's
//! HTTP server does on the wire that actix must be told, against careless and hostile clients).
//!
//! Everything here is deliberately small: open the module, read it, change it.

mod abbreviate;
mod client_text;
mod command_line;
mod console;
mod listen;
mod live_body;
mod not_found;
mod port;
mod request_log;
mod routing;

pub use abbreviate::abbreviate;
pub use client_text::{SHOWN_CHARS, escape_html, shown};
pub use command_line::{Server, port_or_exit};
pub use console::{console_error, console_log};
pub use listen::{exit_cannot_listen, exit_status, node_settings, print_banner};
pub use live_body::LiveBody;
pub use not_found::not_found;
pub use request_log::{log_abandoned_requests, request_log};
pub use routing::get_or_head;
