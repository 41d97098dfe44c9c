//! The client's socket, watched from outside actix-http for what its connection loop cannot see.
//!
//! actix-http reads a connection only while it has room: once 128 KiB wait unparsed (requests
//! pipelined behind a response that never ends), or once a request body that nobody reads has
//! filled its buffer, it stops reading. It then never learns that the client closed or reset the
//! connection, and a response that waits for ever keeps the connection, its queued requests and
//! its body for ever (tens of MB for a few hundred kB sent). Node keeps them too; here a client
//! that gives up takes everything its requests held with it:
//!
//! - [`remember_client_socket`] (installed by `shared::node_settings`) keeps a second descriptor
//!   of each connection's socket in the connection's data. actix-web shows the socket only at
//!   connect time, so the copy is made then: one more descriptor per open connection.
//! - [`WatchedBody`] wraps every streamed response body. While the body has nothing to send, it
//!   watches that copy: when the client closes or resets, or when bytes it sent stay unread (actix
//!   has stopped reading), the body fails, and actix closes the connection and drops everything
//!   it held. While the client is there and actix reads, nothing changes.
//! - [`refuse_after_close`]: once a request said `Connection: close`, a request pipelined after it
//!   is not processed, as in Node: the connection closes after the first answer.

use std::{
    any::Any,
    cell::{Cell, RefCell},
    convert::Infallible,
    fmt,
    net::{Shutdown, TcpStream},
    os::fd::AsFd,
    pin::Pin,
    rc::Rc,
    task::{Context, Poll},
};

use actix_web::{
    body::{BodySize, BoxBody, MessageBody},
    dev::{Extensions, ServiceRequest},
    web::Bytes,
};
use tokio::io::ReadBuf;

/// What is kept of one connection: a descriptor of its socket (lent to a [`WatchedBody`] while
/// one waits), and whether a request on it asked for the connection to close.
#[derive(Debug)]
pub(crate) struct ClientSocket {
    socket: RefCell<Option<TcpStream>>,
    closing: Cell<bool>,
}

/// `HttpServer::on_connect` callback: keeps a descriptor of the new connection's socket.
pub fn remember_client_socket(connection: &dyn Any, data: &mut Extensions) {
    let Some(stream) = connection.downcast_ref::<actix_rt::net::TcpStream>() else {
        return;
    };
    // Without a descriptor (the process has used them all), the connection is served unwatched.
    if let Ok(copy) = stream.as_fd().try_clone_to_owned() {
        data.insert(Rc::new(ClientSocket {
            socket: RefCell::new(Some(TcpStream::from(copy))),
            closing: Cell::new(false),
        }));
    }
}

/// The socket of the connection `req` came on, if [`remember_client_socket`] kept it.
pub(crate) fn client_socket(req: &ServiceRequest) -> Option<Rc<ClientSocket>> {
    req.conn_data::<Rc<ClientSocket>>().cloned()
}

impl ClientSocket {
    /// Notes that the request being answered asked for the connection to close.
    pub(crate) fn close_after_this_request(&self) {
        self.closing.set(true);
    }

    /// Whether an earlier request on this connection asked for it to close.
    pub(crate) fn closing(&self) -> bool {
        self.closing.get()
    }
}

/// A request that came after one marked `Connection: close`: never processed. The read side of
/// the socket is shut, so actix reads an end of stream, sends what it still owes the earlier
/// request, and closes the connection (with `h1_allow_half_closed(false)`, which
/// `shared::node_settings` sets); this future is dropped then, unanswered.
pub(crate) async fn refuse_after_close(client: &ClientSocket) -> Infallible {
    if let Some(socket) = &*client.socket.borrow() {
        // If the shutdown fails the socket is already closing; actix notices that by itself.
        let _ = socket.shutdown(Shutdown::Read);
    }
    let mut woken = false;
    futures::future::poll_fn(|cx| {
        // Once more, so that actix reads the end of stream even if nothing else wakes it.
        if !woken {
            woken = true;
            cx.waker().wake_by_ref();
        }
        Poll::Pending
    })
    .await
}

/// A streamed response body that fails when its client has gone; see the module documentation.
#[allow(missing_debug_implementations)] // holds a body, which has no Debug
pub struct WatchedBody {
    body: BoxBody,
    client: Rc<ClientSocket>,
    /// The socket, registered with the runtime from the first time the body waits, so that a
    /// close, a reset or bytes left unread wake it. Given back to `client` when the body ends.
    watch: Option<tokio::net::TcpStream>,
    /// Bytes from the client were unread at the last look: once more, and actix has stopped.
    unread_before: bool,
}

impl WatchedBody {
    pub(crate) fn new(body: BoxBody, client: Rc<ClientSocket>) -> Self {
        Self {
            body,
            client,
            watch: None,
            unread_before: false,
        }
    }

    /// Whether the client is still there, to be asked while the body waits. Registers the task to
    /// be woken when that may change.
    fn client_is_there(&mut self, cx: &mut Context<'_>) -> bool {
        if self.watch.is_none() {
            let socket = self.client.socket.borrow_mut().take();
            // Not watched (no socket kept, or the runtime refused it): actix's reading decides.
            self.watch = socket.and_then(|socket| tokio::net::TcpStream::from_std(socket).ok());
        }
        let Some(watch) = &self.watch else {
            return true;
        };
        let mut byte = [0_u8; 1];
        match watch.poll_peek(cx, &mut ReadBuf::new(&mut byte)) {
            // Nothing unread: whatever the client sent, actix has read. Woken on the next change.
            Poll::Pending => {
                self.unread_before = false;
                true
            }
            // An end of stream: the client closed its side.
            Poll::Ready(Ok(0)) => false,
            // Bytes that actix did not read: it reads before it asks the body, so either they
            // have just arrived or actix has stopped reading. Look again after its next read.
            Poll::Ready(Ok(_)) if !self.unread_before => {
                self.unread_before = true;
                cx.waker().wake_by_ref();
                true
            }
            Poll::Ready(Ok(_)) => false,
            // Reset, or worse.
            Poll::Ready(Err(_)) => false,
        }
    }
}

impl Drop for WatchedBody {
    fn drop(&mut self) {
        // Back to the connection, unregistered, for a later request on it.
        if let Some(socket) = self.watch.take().and_then(|watch| watch.into_std().ok()) {
            *self.client.socket.borrow_mut() = Some(socket);
        }
    }
}

impl MessageBody for WatchedBody {
    type Error = Box<dyn std::error::Error>;

    fn size(&self) -> BodySize {
        self.body.size()
    }

    fn poll_next(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Bytes, Self::Error>>> {
        let this = self.get_mut();
        match Pin::new(&mut this.body).poll_next(cx) {
            Poll::Pending if !this.client_is_there(cx) => {
                // Failing the body makes actix close the connection and drop all it holds.
                Poll::Ready(Some(Err(Box::new(ClientGone))))
            }
            other => other,
        }
    }
}

/// Why a watched body stopped: the client closed, reset, or stopped being read.
#[derive(Debug)]
struct ClientGone;

impl fmt::Display for ClientGone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the client has gone, or sends what can never be read")
    }
}

impl std::error::Error for ClientGone {}
