//! `loopback-ceiling`: the most requests per second a server can answer on this machine under
//! `bench`'s load, measured by `bench` after the examples.
//!
//! It speaks no HTTP. Each read on a connection is taken for one request and answered with the
//! same canned 200 (send-vs-write example-3's answer), on one event loop per core like
//! actix-web: one `recvfrom` and one `sendto` a request, which is also all the examples do. What
//! wrk reaches against it is the cost of loopback TCP plus wrk itself on the shared cores. A real
//! server makes the same system calls and does its own work besides, so it can only be slower,
//! give or take the noise of a shared machine (`bench` keeps the best of three runs).

use std::{future::poll_fn, io, net::SocketAddr, pin::Pin, process::ExitCode};

use actix_rt::net::{TcpListener, TcpStream};
use tokio::io::{AsyncRead as _, AsyncWrite as _, ReadBuf};

/// send-vs-write example-3's answer, byte for byte (314 bytes: five chunks and the end).
const ANSWER: &[u8] = concat!(
    "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\ncontent-type: text/html\r\n",
    "date: Wed, 25 Nov 2026 16:55:17 GMT\r\n\r\n",
    "22\r\n<h1>This is the response #: 1</h1>\r\n",
    "22\r\n<h1>This is the response #: 2</h1>\r\n",
    "22\r\n<h1>This is the response #: 3</h1>\r\n",
    "22\r\n<h1>This is the response #: 4</h1>\r\n",
    "22\r\n<h1>This is the response #: 5</h1>\r\n",
    "0\r\n\r\n",
)
.as_bytes();

fn main() -> ExitCode {
    match std::env::args().nth(1).as_deref() {
        Some("--version") => {
            println!("compare loopback-ceiling {}", env!("CARGO_PKG_VERSION"));
            return ExitCode::SUCCESS;
        }
        Some(other) => {
            eprintln!("error: unexpected argument {other:?}; set PORT to choose the port");
            return ExitCode::from(2);
        }
        None => {}
    }
    let port = std::env::var("PORT").map_or(Ok(0), |port| port.parse::<u16>());
    let listener = port
        .map_err(|error| io::Error::new(io::ErrorKind::InvalidInput, error))
        .and_then(|port| std::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port))));
    let (listener, port) = match listener.and_then(|listener| {
        listener.set_nonblocking(true)?;
        let port = listener.local_addr()?.port();
        Ok((listener, port))
    }) {
        Ok(bound) => bound,
        Err(error) => {
            eprintln!("error: cannot listen: {error}");
            return ExitCode::FAILURE;
        }
    };
    println!("Loopback ceiling (no HTTP) at http://localhost:{port}");
    let loops = std::thread::available_parallelism().map_or(1, usize::from);
    let threads: Vec<_> = (0..loops)
        .filter_map(|_| listener.try_clone().ok())
        .map(|listener| {
            std::thread::spawn(move || actix_rt::System::new().block_on(accept(listener)))
        })
        .collect();
    for thread in threads {
        let _ = thread.join();
    }
    ExitCode::SUCCESS
}

async fn accept(listener: std::net::TcpListener) {
    let Ok(listener) = TcpListener::from_std(listener) else {
        return;
    };
    while let Ok((stream, _)) = listener.accept().await {
        let _ = stream.set_nodelay(true);
        actix_rt::spawn(answer_every_read(stream));
    }
}

async fn answer_every_read(mut stream: TcpStream) {
    let mut request = [0_u8; 4096];
    // `poll_read`, not `readable` + `try_read`: after a short read it knows the socket is empty
    // without asking again, so a request costs one `recvfrom` here as in actix-web.
    while let Ok(read) = poll_fn(|cx| {
        let mut buffer = ReadBuf::new(&mut request);
        Pin::new(&mut stream)
            .poll_read(cx, &mut buffer)
            .map_ok(|()| buffer.filled().len())
    })
    .await
    {
        if read == 0 || write_all(&mut stream, ANSWER).await.is_err() {
            return;
        }
        // `bench` asks its first question with `Connection: close`.
        if request[..read].windows(5).any(|window| window == b"close") {
            return;
        }
    }
}

async fn write_all(stream: &mut TcpStream, mut bytes: &[u8]) -> io::Result<()> {
    while !bytes.is_empty() {
        let written = poll_fn(|cx| Pin::new(&mut *stream).poll_write(cx, bytes)).await?;
        if written == 0 {
            return Err(io::ErrorKind::WriteZero.into());
        }
        bytes = &bytes[written..];
    }
    Ok(())
}
