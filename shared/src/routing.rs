//! `app.get(path, handler)` answers `HEAD` too; actix's `web::get()` does not.

use actix_web::{Route, guard, web};

/// A route for `GET` that, like Express's `app.get()`, also answers `HEAD` (same headers, no body:
/// actix-web drops the body of a HEAD response on the wire by itself). Use it where you would
/// write `web::get()`: `.route("/", shared::get_or_head().to(home))`.
///
/// `web::get()` alone would leave `HEAD /` to the 404 handler.
pub fn get_or_head() -> Route {
    web::route().guard(guard::Any(guard::Get()).or(guard::Head()))
}
