//! Express-flavoured route helpers.

use actix_web::{Route, guard, web};

/// A route for `GET` that, like Express's `app.get()`, also answers `HEAD` (same headers, no body:
/// actix-web drops the body of a HEAD response on the wire by itself).
///
/// `web::get()` alone would leave `HEAD /` to the 404 handler.
pub fn get() -> Route {
    web::route().guard(guard::Any(guard::Get()).or(guard::Head()))
}
