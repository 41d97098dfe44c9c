//! Two things done to a body before `web::Json` or `web::Form` reads it, each a middleware around
//! `/form` that wraps the request's body stream: the extractors then read it as usual.

use std::{io, time::Duration};

use actix_rt::time::{Instant, timeout};
use actix_web::{
    Error, HttpMessage,
    body::MessageBody,
    dev::{Payload, ServiceRequest, ServiceResponse},
    error::PayloadError,
    middleware::Next,
    web::{Bytes, BytesMut},
};
use futures::{Stream, StreamExt, stream};

/// How long the whole body may take to arrive once the head has. actix times out a head that
/// trickles in (5 s) but not a body: without this, a client that declares 40 bytes and sends 20
/// holds its connection and its request forever. 100 kB in 5 s is 20 kB/s, slower than any
/// network a workshop runs on.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(5);

/// The UTF-8 byte order mark some editors and tools put before a body.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// `.wrap(from_fn(post_form::body_timeout))`: a body still arriving [`BODY_TIMEOUT`] after the
/// head ends in an error (`TimedOut`) that the extractors' error handlers answer with `408`.
pub async fn body_timeout<B: MessageBody>(
    mut req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<B>, Error> {
    let deadline = Instant::now() + BODY_TIMEOUT;
    let body = req.take_payload();
    let timed = stream::unfold(Some(body), move |body| async move {
        let mut body = body?;
        let left = deadline.saturating_duration_since(Instant::now());
        match timeout(left, body.next()).await {
            Ok(chunk) => Some((chunk?, Some(body))),
            Err(_late) => Some((Err(PayloadError::Io(io::ErrorKind::TimedOut.into())), None)),
        }
    });
    req.set_payload(Payload::from(boxed(timed)));
    next.call(req).await
}

/// `.wrap(from_fn(post_form::drop_byte_order_mark))`: a body that starts with the UTF-8 byte
/// order mark is read without it. body-parser decodes bodies with iconv-lite, which drops it, so
/// Node accepts `\u{feff}{"firstName":"Ada"}`; serde_json would not.
pub async fn drop_byte_order_mark<B: MessageBody>(
    mut req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<B>, Error> {
    let body = req.take_payload();
    req.set_payload(Payload::from(boxed(without_byte_order_mark(body))));
    next.call(req).await
}

/// The body with its first three bytes held back until it is known whether they are the mark
/// (they may come in separate chunks); after them, chunks pass through as they come. (`fuse`:
/// a body shorter than the mark has ended before they are passed on.)
fn without_byte_order_mark(body: Payload) -> impl Stream<Item = Result<Bytes, PayloadError>> {
    let start = Some(BytesMut::new());
    stream::unfold((body.fuse(), start), |(mut body, start)| async move {
        let Some(mut start) = start else {
            let chunk = body.next().await?;
            return Some((chunk, (body, None)));
        };
        while start.len() < UTF8_BOM.len() {
            match body.next().await {
                Some(Ok(chunk)) => start.extend_from_slice(&chunk),
                Some(Err(error)) => return Some((Err(error), (body, None))),
                None => break,
            }
        }
        if start.starts_with(UTF8_BOM) {
            drop(start.split_to(UTF8_BOM.len()));
        }
        Some((Ok(start.freeze()), (body, None)))
    })
}

fn boxed(
    body: impl Stream<Item = Result<Bytes, PayloadError>> + 'static,
) -> std::pin::Pin<Box<dyn Stream<Item = Result<Bytes, PayloadError>>>> {
    Box::pin(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The body as the extractor reads it, sent in these chunks by a stream that, like a
    /// request body, must not be polled once it has ended (`unfold` panics if it is).
    async fn read(chunks: Vec<&'static [u8]>) -> Vec<u8> {
        let sent = stream::unfold(chunks.into_iter(), |mut chunks| async move {
            let chunk = chunks.next()?;
            Some((Ok(Bytes::from_static(chunk)), chunks))
        });
        let body = Payload::from(boxed(sent));
        let read: Vec<_> = without_byte_order_mark(body).collect().await;
        read.into_iter()
            .flat_map(|chunk| chunk.expect("no error").to_vec())
            .collect()
    }

    #[actix_rt::test]
    async fn the_mark_is_dropped_even_when_it_comes_in_pieces() {
        assert_eq!(read(vec![b"\xEF\xBB\xBF{}"]).await, b"{}");
        assert_eq!(read(vec![b"\xEF", b"\xBB", b"\xBF{", b"}"]).await, b"{}");
        assert_eq!(read(vec![b"\xEF\xBB\xBF"]).await, b"");
    }

    #[actix_rt::test]
    async fn anything_else_passes_unchanged() {
        assert_eq!(read(vec![b"a", b"b", b"cd"]).await, b"abcd");
        assert_eq!(read(vec![b"ab"]).await, b"ab");
        assert_eq!(read(vec![b"\xEF\xBB"]).await, b"\xEF\xBB");
        assert_eq!(read(vec![b"x\xEF\xBB\xBF"]).await, b"x\xEF\xBB\xBF");
        assert_eq!(read(vec![]).await, b"");
    }
}
