//! What Node's HTTP server does on the wire that actix-web has to be told: one middleware every
//! example wraps its `App` in, [`like_node`], and [`remember_client_socket`], the
//! `HttpServer::on_connect` callback it needs (`shared::node_settings` installs it).
//!
//! None of it is a lesson of the articles: it is what keeps a careless or hostile client from
//! holding a connection, memory or an answer it should not have.
//!
//! - A chunked request body that nobody reads closes its connection in bounded time (see
//!   [`crate::unread_body`]); actix would drain it for as long as the client keeps sending.
//! - A streamed response that waits ends when its client goes, even where actix has stopped
//!   reading the connection (see [`crate::client_socket`]).
//! - A request pipelined after one marked `Connection: close` is not answered: the connection
//!   closes after the first answer (actix would answer it).
//! - A `Range` header that is not a usable byte range is ignored, as Node's `send` does, and so
//!   is one of several ranges that do not join into one (actix would send the first).
//! - Memory freed after a burst (a backlog of pipelined requests that actix parsed) goes back
//!   to the system within a second or so, instead of staying with glibc's allocator (see
//!   [`crate::give_back_memory`]).

use actix_web::{
    Error,
    body::{BodySize, EitherBody, MessageBody},
    dev::{ServiceRequest, ServiceResponse},
    http::header,
    middleware::Next,
};

mod client_socket;
mod give_back_memory;
mod unread_body;

pub use client_socket::{WatchedBody, remember_client_socket};
pub use give_back_memory::give_back_freed_memory;
pub use unread_body::KeepingRequestBody;

use crate::{
    client_socket::{client_socket, refuse_after_close},
    unread_body::close_after_unread_chunked_body,
};

/// What [`like_node`] answers with: the app's body, kept with an unread request body,
/// or watched while it streams.
pub type NodeLikeBody<B> = EitherBody<EitherBody<B, KeepingRequestBody>, WatchedBody>;

/// `.wrap(from_fn(node_wire::like_node))`: see the module documentation.
pub async fn like_node<B: MessageBody + 'static>(
    mut req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<NodeLikeBody<B>>, Error> {
    let client = client_socket(&req);
    if let Some(client) = &client {
        if client.closing() {
            match refuse_after_close(client).await {}
        }
        if req.head().connection_type() == actix_web::http::ConnectionType::Close {
            client.close_after_this_request();
        }
    }
    ignore_unusable_range(&mut req);
    let response = close_after_unread_chunked_body(req, next).await?;
    Ok(match client {
        Some(client) if response.response().body().size() == BodySize::Stream => response
            .map_body(|_, body| WatchedBody::new(body.boxed(), client))
            .map_into_right_body(),
        _ => response.map_into_left_body(),
    })
}

/// A `Range` header that is not a well-formed `bytes=` range is ignored and the whole file sent,
/// as HTTP allows (actix-files would answer it with a bare 400). Several ranges are joined where
/// they overlap or touch, as Express's `send` does; if more than one is left, the header is
/// ignored too and the whole file sent, as `send` does (actix-files would send only the first).
fn ignore_unusable_range(req: &mut ServiceRequest) {
    let Some(value) = req.headers().get(header::RANGE) else {
        return;
    };
    let usable = value.to_str().ok().filter(|text| is_byte_range(text));
    match usable.map(joined_ranges) {
        Some(Joined::Unchanged) => {}
        Some(Joined::One(range)) => {
            if let Ok(value) = header::HeaderValue::from_str(&range) {
                req.headers_mut().insert(header::RANGE, value);
            }
        }
        Some(Joined::Several) | None => {
            req.headers_mut().remove(header::RANGE);
        }
    }
}

/// What is left of a well-formed `bytes=` header once its ranges are joined.
#[derive(Debug, PartialEq, Eq)]
enum Joined {
    /// One range, as sent.
    Unchanged,
    /// Several that join into this one (`bytes=0-9`).
    One(String),
    /// Several that do not join, or whose joining needs the file's length (suffix ranges).
    Several,
}

fn joined_ranges(text: &str) -> Joined {
    let Some(specs) = text.trim().strip_prefix("bytes=") else {
        return Joined::Several;
    };
    let specs: Vec<&str> = specs.split(',').collect();
    if specs.len() == 1 {
        return Joined::Unchanged;
    }
    // (first, last) with `None` for an open end; a suffix range (`-50`) cannot be placed without
    // the file's length.
    let mut ranges = Vec::with_capacity(specs.len());
    for spec in specs {
        match spec.trim().split_once('-') {
            Some((first, last)) if !first.is_empty() => {
                let (Ok(first), last) = (first.parse::<u64>(), last.parse::<u64>().ok()) else {
                    return Joined::Several;
                };
                ranges.push((first, last));
            }
            _ => return Joined::Several,
        }
    }
    ranges.sort_unstable();
    let mut joined = ranges[0];
    for &(first, last) in &ranges[1..] {
        match joined.1 {
            Some(end) if first > end.saturating_add(1) => return Joined::Several,
            Some(end) => joined.1 = last.map(|last| last.max(end)),
            None => {}
        }
    }
    Joined::One(match joined {
        (first, Some(last)) => format!("bytes={first}-{last}"),
        (first, None) => format!("bytes={first}-"),
    })
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
    use super::{Joined, is_byte_range, joined_ranges};

    #[test]
    fn several_ranges_are_joined_when_they_overlap_or_touch() {
        assert_eq!(joined_ranges("bytes=0-99"), Joined::Unchanged);
        assert_eq!(joined_ranges("bytes=-50"), Joined::Unchanged);
        assert_eq!(
            joined_ranges("bytes=5-9, 0-4"),
            Joined::One("bytes=0-9".into())
        );
        assert_eq!(
            joined_ranges("bytes=0-10,5-20,21-"),
            Joined::One("bytes=0-".into())
        );
        assert_eq!(
            joined_ranges("bytes=0-0,0-0"),
            Joined::One("bytes=0-0".into())
        );
        assert_eq!(joined_ranges("bytes=0-0, 5-9"), Joined::Several);
        assert_eq!(joined_ranges("bytes=0-4, -5"), Joined::Several);
    }

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
