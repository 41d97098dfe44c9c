//! What Node does on the wire that actix-web has to be told: one middleware for every example.
//!
//! - A chunked request body that nobody reads closes its connection in bounded time (see
//!   [`crate::unread_body`]); actix would drain it for as long as the client keeps sending.
//! - A `Range` header that is not a usable byte range is ignored, as Node's `send` does.

use actix_web::{
    Error,
    body::{EitherBody, MessageBody},
    dev::{ServiceRequest, ServiceResponse},
    http::header,
    middleware::Next,
};

use crate::unread_body::{KeepingRequestBody, close_after_unread_chunked_body};

/// `.wrap(from_fn(shared::like_node_on_the_wire))`: see the module documentation.
pub async fn like_node_on_the_wire<B: MessageBody + 'static>(
    mut req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B, KeepingRequestBody>>, Error> {
    ignore_unusable_range(&mut req);
    close_after_unread_chunked_body(req, next).await
}

/// A `Range` header that is not a well-formed `bytes=` range is ignored and the whole file sent,
/// as HTTP allows (actix-files would answer it with a bare 400).
fn ignore_unusable_range(req: &mut ServiceRequest) {
    let unusable = req
        .headers()
        .get(header::RANGE)
        .is_some_and(|value| !value.to_str().is_ok_and(is_byte_range));
    if unusable {
        req.headers_mut().remove(header::RANGE);
    }
}

/// `bytes=0-99`, `bytes=100-`, `bytes=-50`, or several of them separated by commas.
fn is_byte_range(text: &str) -> bool {
    let Some(specs) = text.trim().strip_prefix("bytes=") else {
        return false;
    };
    let number = |digits: &str| {
        if digits.bytes().all(|byte| byte.is_ascii_digit()) {
            digits.parse::<u64>().ok()
        } else {
            None
        }
    };
    specs
        .split(',')
        .all(|spec| match spec.trim().split_once('-') {
            Some(("", last)) => number(last).is_some(),
            Some((first, "")) => number(first).is_some(),
            Some((first, last)) => {
                matches!((number(first), number(last)), (Some(a), Some(b)) if a <= b)
            }
            None => false,
        })
}

#[cfg(test)]
mod tests {
    use super::is_byte_range;

    #[test]
    fn byte_ranges_are_recognised() {
        for good in [
            "bytes=0-99",
            "bytes=100-",
            "bytes=-50",
            "bytes=0-0, 5-9",
            " bytes=1-2 ",
        ] {
            assert!(is_byte_range(good), "{good}");
        }
    }

    #[test]
    fn anything_else_is_not_a_usable_range() {
        for bad in [
            "bytes=abc",
            "bytes=5-1",
            "bytes=-",
            "bytes=",
            "items=0-5",
            "bytes=0-99999999999999999999999",
            "bytes=+1-2",
        ] {
            assert!(!is_byte_range(bad), "{bad}");
        }
    }
}
