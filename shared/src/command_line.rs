//! What an example is called, and its command line: `--help`, `--version`, and `$PORT`.

use std::process::exit;

use crate::port::port_from_env;

/// What tells one example's server apart: its crate, its default port and its banner.
#[derive(Debug, Clone, Copy)]
pub struct Server {
    /// The crate the example belongs to (`env!("CARGO_PKG_NAME")`), shown by `--version`.
    pub package: &'static str,
    /// The Node original's port, used when `PORT` is not set.
    pub default_port: u16,
    /// Printed once to stdout when listening; `{port}` becomes the port actually bound.
    pub banner: &'static str,
}

/// `process.env.PORT || 3000`, strictly: the port to listen on, from `$PORT` or the example's
/// default. Answers `--help` and `--version` and exits (status 0); a bad `PORT` or an unknown
/// argument exits with one line on stderr and status 2. Call it first, before the server starts.
pub fn port_or_exit(server: &Server) -> u16 {
    if let Some(argument) = std::env::args().nth(1) {
        answer(server, &argument);
    }
    match port_from_env(std::env::var("PORT").ok().as_deref(), server.default_port) {
        Ok(port) => port,
        Err(error) => {
            eprintln!("error: {error}");
            exit(2)
        }
    }
}

/// `--version` names the crate and binary (tests use it to be sure they started the right one);
/// `--help` says how to configure the example.
fn answer(server: &Server, argument: &str) -> ! {
    let binary = std::env::args()
        .next()
        .as_deref()
        .and_then(|path| {
            std::path::Path::new(path)
                .file_name()?
                .to_str()
                .map(str::to_owned)
        })
        .unwrap_or_default();
    match argument {
        "--version" | "-V" => {
            println!("{} {binary} {}", server.package, env!("CARGO_PKG_VERSION"));
            exit(0)
        }
        "--help" | "-h" => {
            println!(
                "{} {binary}: an Express example ported to actix-web\n\n\
                 Environment:\n  PORT=<n>         port to listen on (default {}; 0 = any free port)\n  \
                 REQUEST_LOG=off  do not log one line per request to stderr\n\n\
                 Stop with Ctrl-C.",
                server.package, server.default_port
            );
            exit(0)
        }
        other => {
            eprintln!("error: unexpected argument {other:?}; try --help");
            exit(2)
        }
    }
}
