//! `app.listen(port, callback)`: the parts of it that are not the lesson.
//!
//! An example builds its own `HttpServer` and calls `.bind(...)` and `.run()`; these functions
//! give it Node's habits around them: the connection settings, the port-in-use message, the
//! banner, and the exit status after Ctrl-C.

use std::{
    cell::Cell,
    fmt, io,
    net::SocketAddr,
    pin::pin,
    process::{ExitCode, exit},
    rc::Rc,
    time::Duration,
};

use actix_http::{Request, Response};
use actix_rt::signal::unix::{SignalKind, signal};
use actix_service::IntoServiceFactory;
use actix_web::{
    Error, HttpServer,
    body::MessageBody,
    dev::{AppConfig, Server as RunningServer, Service, ServiceFactory},
};
use futures::future::{Either, select};

use crate::{
    command_line::Server,
    console::{console_log, flush_console},
    request_log,
};

/// How long a graceful stop (SIGTERM) waits for requests in flight: long enough for post-form's
/// 1 s delay, short enough that nobody waits for a response that never ends.
const GRACEFUL_STOP_SECONDS: u64 = 3;

/// Node's connection habits, which actix needs told:
/// - `h1_allow_half_closed(false)`: a client that closes its side is gone (Node drops it); actix
///   would keep a response that streams forever alive after the client left.
/// - `tcp_nodelay(true)`: small responses on keep-alive connections would otherwise wait ~40 ms
///   for Nagle's algorithm.
/// - `on_connect`: each connection's socket is kept where `node_wire::like_node` can
///   watch it, to end a response that waits once its client has gone (see
///   `node-wire/src/client_socket.rs`).
/// - a graceful stop (SIGTERM) waits at most 3 s; Ctrl-C and SIGTERM are handled by
///   [`exit_status`], so actix's own signal handling is off.
/// - memory freed after a burst goes back to the system instead of staying with glibc's
///   allocator for good (`node_wire::give_back_freed_memory`; see
///   `node-wire/src/give_back_memory.rs`).
pub fn node_settings<F, I, S, B>(server: HttpServer<F, I, S, B>) -> HttpServer<F, I, S, B>
where
    F: Fn() -> I + Send + Clone + 'static,
    I: IntoServiceFactory<S, Request>,
    S: ServiceFactory<Request, Config = AppConfig> + 'static,
    S::Error: Into<Error> + 'static,
    S::InitError: fmt::Debug,
    S::Response: Into<Response<B>> + 'static,
    <S::Service as Service<Request>>::Future: 'static,
    S::Service: 'static,
    B: MessageBody + 'static,
{
    node_wire::give_back_freed_memory();
    server
        .h1_allow_half_closed(false)
        .tcp_nodelay(true)
        .on_connect(node_wire::remember_client_socket)
        .shutdown_timeout(GRACEFUL_STOP_SECONDS)
        .disable_signals()
}

/// The port could not be bound: one line that says what to do, and exit status 1.
pub fn exit_cannot_listen(port: u16, error: &io::Error) -> ! {
    eprintln!("error: {}", describe_bind_error(port, error));
    exit(1)
}

/// `console.log('Server is running...')`: the banner, with the port actually bound (`PORT=0`
/// picks a free one): pass it `server.addrs()`.
pub fn print_banner(example: &Server, bound: &[SocketAddr]) {
    let port = bound.first().map(SocketAddr::port);
    let port = port.map_or_else(String::new, |port| port.to_string());
    console_log(format_args!("{}", example.banner.replace("{port}", &port)));
}

/// Runs the server until it stops, and says how it stopped, as a shell expects: `130` after
/// Ctrl-C (SIGINT stops at once, like Node), `0` after SIGTERM (requests in flight finish first,
/// for up to 3 s), `1` if the server failed. Lines still queued for the terminal are written
/// first.
pub async fn exit_status(server: RunningServer) -> ExitCode {
    let interrupted = Rc::new(Cell::new(false));
    let handle = server.handle();
    let noticed = Rc::clone(&interrupted);
    actix_rt::spawn(async move {
        let (Ok(mut interrupt), Ok(mut terminate)) = (
            signal(SignalKind::interrupt()),
            signal(SignalKind::terminate()),
        ) else {
            return;
        };
        match select(pin!(interrupt.recv()), pin!(terminate.recv())).await {
            Either::Left(_) => {
                noticed.set(true);
                handle.stop(false).await;
            }
            Either::Right(_) => handle.stop(true).await,
        }
    });
    let result = server.await;
    // After Ctrl-C the workers drop the requests they were handling on their own threads, now:
    // let those write their lines before the last ones are flushed.
    request_log::wait_for_requests_in_handling(Duration::from_millis(500));
    flush_console(Duration::from_millis(500));
    match result {
        Ok(()) if interrupted.get() => ExitCode::from(130),
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
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
