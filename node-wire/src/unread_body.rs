//! A chunked request body that nobody reads must not hold its connection forever.
//!
//! When an app answers without reading the whole body (a 404, a static file, a refusal),
//! actix-http has two ways to finish with the connection. A body sent with `Content-Length` is
//! read and thrown away for at most the client-disconnect timeout (1 s), then the connection is
//! closed. A chunked body that the app let go of is *drained* instead, so that the connection can
//! be reused, and the drain has no time limit: a client that sends one chunk and then nothing
//! holds the connection for as long as it likes, in every example, on every path.
//!
//! [`close_after_unread_chunked_body`] gives chunked bodies the `Content-Length` treatment. It
//! keeps the body's receiving end alive, inside the response body, until actix has sent the
//! response: actix then sees a request body still being received rather than one given up,
//! answers with `Connection: close`, and closes the connection after at most the
//! client-disconnect timeout. A body that was read to its end is unaffected, and so is the
//! keep-alive after it. Behind a response that never ends, the body kept unread fills actix's
//! buffer and actix stops reading: [`crate::client_socket`] then closes the connection.

use std::{
    cell::RefCell,
    pin::Pin,
    rc::Rc,
    task::{Context, Poll},
};

use actix_web::{
    Error, HttpMessage,
    body::{BodySize, BoxBody, EitherBody, MessageBody},
    dev::{Payload, ServiceRequest, ServiceResponse},
    error::PayloadError,
    middleware::Next,
    web::Bytes,
};
use futures::Stream;

/// Middleware: a chunked body left unread closes its connection in bounded
/// time instead of being drained without end. See the module documentation.
pub(crate) async fn close_after_unread_chunked_body<B: MessageBody + 'static>(
    mut req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B, KeepingRequestBody>>, Error> {
    if !req.chunked().unwrap_or(false) {
        return Ok(next.call(req).await?.map_into_left_body());
    }
    let request_body = Rc::new(RefCell::new(req.take_payload()));
    let shared: Pin<Box<dyn Stream<Item = Result<Bytes, PayloadError>>>> =
        Box::pin(SharedBody(Rc::clone(&request_body)));
    req.set_payload(Payload::from(shared));
    let response = next.call(req).await?;
    Ok(response
        .map_body(|_, body| KeepingRequestBody {
            body: body.boxed(),
            _request_body: request_body,
        })
        .map_into_right_body())
}

/// The request body as the app reads it: the same stream, shared with the response.
struct SharedBody(Rc<RefCell<Payload>>);

impl Stream for SharedBody {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        // Only this stream ever borrows the body, and only here: the borrow cannot clash.
        Pin::new(&mut *self.0.borrow_mut()).poll_next(cx)
    }
}

/// A response body that holds the request body's receiving end until it has been sent.
#[allow(missing_debug_implementations)] // holds only bodies, which have no Debug
pub struct KeepingRequestBody {
    body: BoxBody,
    _request_body: Rc<RefCell<Payload>>,
}

impl MessageBody for KeepingRequestBody {
    type Error = <BoxBody as MessageBody>::Error;

    fn size(&self) -> BodySize {
        self.body.size()
    }

    fn poll_next(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Bytes, Self::Error>>> {
        Pin::new(&mut self.get_mut().body).poll_next(cx)
    }
}
