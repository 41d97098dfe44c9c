//! `app.listen(port, callback)`: the server loop every example runs.

use std::{io, net::SocketAddr, process::ExitCode};

use actix_web::{
    App, HttpServer,
    middleware::{Condition, from_fn},
    web,
};

use crate::{
    not_found::not_found,
    port::port_from_env,
    request_log::{log_request, request_log_enabled},
    unread_body::close_after_unread_chunked_body,
    www::ignore_unusable_range,
};

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

/// How long a graceful stop (SIGTERM) waits for requests in flight: long enough for post-form's
/// 1 s delay, short enough that nobody waits for a response that never ends.
const GRACEFUL_STOP_SECONDS: u64 = 3;

/// Binds `127.0.0.1:$PORT`, prints the banner, serves `routes` until Ctrl-C or SIGTERM.
///
/// Every app gets the request log (unless `REQUEST_LOG=off`) and the Express-style 404 for
/// anything `routes` does not answer. Problems end the process with one line on stderr and a
/// non-zero exit code: 2 for a bad `PORT`, 1 when the port cannot be bound.
pub fn listen<F>(server: &Server, routes: F) -> ExitCode
where
    F: Fn(&mut web::ServiceConfig) + Send + Clone + 'static,
{
    if let Some(code) = answer_command_line(server) {
        return code;
    }
    let port = match port_from_env(std::env::var("PORT").ok().as_deref(), server.default_port) {
        Ok(port) => port,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    match actix_rt::System::new().block_on(serve(server, port, routes)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {}", describe_bind_error(port, &error));
            ExitCode::FAILURE
        }
    }
}

async fn serve<F>(server: &Server, port: u16, routes: F) -> io::Result<()>
where
    F: Fn(&mut web::ServiceConfig) + Send + Clone + 'static,
{
    let log_requests = request_log_enabled();
    let http_server = HttpServer::new(move || {
        App::new()
            .wrap(from_fn(ignore_unusable_range))
            // Without it, a chunked body that stalls holds its connection forever.
            .wrap(from_fn(close_after_unread_chunked_body))
            .wrap(Condition::new(log_requests, from_fn(log_request)))
            .configure(routes.clone())
            .default_service(web::to(not_found))
    })
    // Node drops a connection when the client closes its side; actix would keep a response
    // that streams forever alive after the client left.
    .h1_allow_half_closed(false)
    // Without this, small responses on keep-alive connections wait ~40 ms for Nagle's algorithm.
    .tcp_nodelay(true)
    .shutdown_timeout(GRACEFUL_STOP_SECONDS)
    .bind(SocketAddr::from(([127, 0, 0, 1], port)))?;

    let bound_port = http_server.addrs().first().map_or(port, SocketAddr::port);
    crate::console_log(format_args!(
        "{}",
        server.banner.replace("{port}", &bound_port.to_string())
    ));
    http_server.run().await
}

fn describe_bind_error(port: u16, error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::AddrInUse => format!(
            "port {port} is already in use (is another example still running?); \
             stop it or choose another port, e.g. PORT={}",
            port.wrapping_add(1).max(1024)
        ),
        io::ErrorKind::PermissionDenied => {
            format!("not allowed to listen on port {port}; choose a port above 1023")
        }
        _ => format!("cannot listen on 127.0.0.1:{port}: {error}"),
    }
}

/// `--version` names the crate and binary (tests use it to be sure they started the right one);
/// `--help` says how to configure the example.
fn answer_command_line(server: &Server) -> Option<ExitCode> {
    let argument = std::env::args().nth(1)?;
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
    match argument.as_str() {
        "--version" | "-V" => {
            println!("{} {binary} {}", server.package, env!("CARGO_PKG_VERSION"));
            Some(ExitCode::SUCCESS)
        }
        "--help" | "-h" => {
            println!(
                "{} {binary}: an Express example ported to actix-web\n\n\
                 Environment:\n  PORT=<n>         port to listen on (default {}; 0 = any free port)\n  \
                 REQUEST_LOG=off  do not log one line per request to stderr\n\n\
                 Stop with Ctrl-C.",
                server.package, server.default_port
            );
            Some(ExitCode::SUCCESS)
        }
        other => {
            eprintln!("error: unexpected argument {other:?}; try --help");
            Some(ExitCode::from(2))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn port_in_use_is_one_line_that_says_what_to_do() {
        let error = io::Error::from(io::ErrorKind::AddrInUse);
        let message = describe_bind_error(3000, &error);
        assert!(!message.contains('\n'));
        assert!(message.contains("port 3000 is already in use"), "{message}");
        assert!(message.contains("PORT=3001"), "{message}");
    }
}
