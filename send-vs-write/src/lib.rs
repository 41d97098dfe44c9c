//! `res.send()` vs `res.write()` vs `res.end()`, ported to actix-web. The lessons are the three
//! binaries in `src/bin/`; this file holds what they share, and [`express_response`] holds the
//! Rust version of Express's `res` that lets them make Express's mistakes on purpose.

pub mod express_response;

/// Port 5000 and the original's banner.
pub const SERVER: shared::Server = shared::Server {
    package: env!("CARGO_PKG_NAME"),
    default_port: 5000,
    banner: "The web server is running. Please open http://localhost:{port}/ in your browser.",
};
