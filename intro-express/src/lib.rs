//! Introduction to Express, ported to actix-web: `app.get()`, `express.static()` and a second
//! route. The lessons are the three binaries in `src/bin/`; this file holds what they share.

use std::path::PathBuf;

/// Port 3000 and the original's banner.
pub const SERVER: shared::Server = shared::Server {
    package: env!("CARGO_PKG_NAME"),
    default_port: 3000,
    banner: "Server is running. Point your browser to: http://localhost:{port}",
};

/// `__dirname + '/www'`: this article's static files, found from any working directory.
pub fn www() -> PathBuf {
    serve_static::www_dir("intro-express")
}
