//! A count of the streamed bodies alive in the process: a diagnostic for responses that never end.
//!
//! Wrap a response's stream in [`LiveBody`] and the process counts it from the moment it is made
//! until actix drops it, which is when the response ends or its client goes away. With
//! `LOG_LIVE_BODIES=on` in the environment, every change is printed to stderr as
//! `live streaming bodies: N`, so you can watch send-vs-write example-2's hanging responses come
//! and go (its tests read that line to show that a client that leaves takes its request's
//! resources with it). A body lives as long as the connection task that sends it, so this is also
//! the number of such tasks.

use std::{
    fmt,
    pin::Pin,
    sync::{
        LazyLock,
        atomic::{AtomicUsize, Ordering},
    },
    task::{Context, Poll},
};

use futures::Stream;

use crate::console::console_error;

static LIVE_BODIES: AtomicUsize = AtomicUsize::new(0);

static LOG_LIVE_BODIES: LazyLock<bool> = LazyLock::new(|| {
    let setting = std::env::var("LOG_LIVE_BODIES").unwrap_or_default();
    matches!(
        setting.trim().to_ascii_lowercase().as_str(),
        "on" | "1" | "true" | "yes"
    )
});

/// A stream, counted while it lives; it yields what the stream it wraps yields.
/// `HttpResponse::Ok().streaming(shared::LiveBody::new(chunks))`.
pub struct LiveBody<S> {
    stream: S,
}

impl<S> LiveBody<S> {
    /// Counts `stream` from now until it is dropped.
    pub fn new(stream: S) -> Self {
        let now = LIVE_BODIES.fetch_add(1, Ordering::SeqCst) + 1;
        log_live_bodies(now);
        Self { stream }
    }
}

impl<S> Drop for LiveBody<S> {
    fn drop(&mut self) {
        let now = LIVE_BODIES.fetch_sub(1, Ordering::SeqCst) - 1;
        log_live_bodies(now);
    }
}

impl<S: Stream + Unpin> Stream for LiveBody<S> {
    type Item = S::Item;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Pin::new(&mut self.stream).poll_next(cx)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.stream.size_hint()
    }
}

impl<S> fmt::Debug for LiveBody<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LiveBody").finish_non_exhaustive()
    }
}

fn log_live_bodies(now: usize) {
    if *LOG_LIVE_BODIES {
        console_error(format_args!("live streaming bodies: {now}"));
    }
}

#[cfg(test)]
mod tests {
    use futures::{FutureExt, StreamExt, stream};

    use super::*;

    fn live_bodies() -> usize {
        LIVE_BODIES.load(Ordering::SeqCst)
    }

    // The only test in this crate that makes a `LiveBody`, so the count is this test's alone.
    #[test]
    fn a_body_is_counted_from_its_making_to_its_drop_and_yields_what_it_wraps() {
        let before = live_bodies();
        let mut body = LiveBody::new(stream::iter([1, 2]));
        assert_eq!(live_bodies(), before + 1);
        assert_eq!(body.size_hint(), (2, Some(2)));
        // `stream::iter` is always ready: one poll each, no executor needed.
        assert_eq!(body.next().now_or_never(), Some(Some(1)));
        assert_eq!(body.next().now_or_never(), Some(Some(2)));
        assert_eq!(body.next().now_or_never(), Some(None));
        drop(body);
        assert_eq!(live_bodies(), before);
        let mut never_ends = LiveBody::new(stream::pending::<()>());
        assert_eq!(never_ends.next().now_or_never(), None);
        assert_eq!(live_bodies(), before + 1);
        drop(never_ends);
        assert_eq!(live_bodies(), before);
    }
}
