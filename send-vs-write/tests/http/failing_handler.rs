//! What a client sees when a handler fails half-way through a streamed response (the trap of
//! setting a header after writing), served by a real server on an ephemeral port.

use std::{net::TcpListener, sync::mpsc, thread, time::Duration};

use actix_web::{App, HttpRequest, HttpServer, dev::ServerHandle};
use harness::http::{Connection, Framing};
use send_vs_write::express_response::{ExpressError, ExpressResponse, express_handler};

use crate::heading;

/// Writes two headings, then sets a header: too late, the headers went out with the first write.
fn writes_then_sets_a_header(
    _req: &HttpRequest,
    res: &mut ExpressResponse,
) -> Result<(), ExpressError> {
    res.write(heading(1))?;
    res.write(heading(2))?;
    res.set_header("X-Heading-Count", "2")?;
    res.end()
}

#[test]
fn what_was_written_arrives_then_the_connection_is_cut_without_an_end() {
    let (addr, _server) = serve(writes_then_sets_a_header);
    let mut connection = Connection::open(addr).expect("connect");
    connection
        .send_raw(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .expect("send");
    let response = connection
        .read_response(false, Duration::from_secs(5))
        .expect("response");
    assert_eq!(response.status, 200);
    assert_eq!(response.framing, Framing::Chunked);
    assert_eq!(
        response.chunks,
        [heading(1).into_bytes(), heading(2).into_bytes()]
    );
    assert!(!response.complete, "no terminating chunk after a failure");
    assert!(connection.is_closed_by_server(Duration::from_secs(5)));
}

/// Serves `handler` at `/` on 127.0.0.1 with an ephemeral port, in a thread of its own.
fn serve(
    handler: send_vs_write::express_response::ExpressHandlerFn,
) -> (std::net::SocketAddr, StopOnDrop) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (sender, receiver) = mpsc::channel();
    thread::spawn(move || {
        actix_rt::System::new().block_on(async move {
            let server = HttpServer::new(move || {
                App::new().route("/", actix_web::web::get().to(express_handler(handler)))
            })
            .workers(1)
            .disable_signals()
            .listen(listener)
            .expect("listen")
            .run();
            sender.send(server.handle()).expect("hand over the handle");
            server.await
        })
    });
    let handle = receiver
        .recv_timeout(Duration::from_secs(10))
        .expect("server started");
    (addr, StopOnDrop(handle))
}

/// Stops the test server when the test ends, however it ends.
struct StopOnDrop(ServerHandle);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        drop(self.0.stop(false));
    }
}
