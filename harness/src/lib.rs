//! The examples' test harness, used by their tests, `compare` and `exercises`.
//!
//! [`RunningExample`] starts a real example binary on an ephemeral port (`PORT=0`, read back from
//! its banner) and [`http`] talks raw HTTP/1.1 to it, so tests see exactly what is on the wire:
//! status, headers, framing, chunks, and whether a response ever ended. [`browser`] drives a
//! headless Chromium against it, for what only a browser shows (rendering, scripts, loading).
//! Every wait is bounded.

pub mod browser;
mod build;
pub mod hostile;
pub mod http;
mod process;

pub use build::{BuildError, build_binary};
pub use process::{RunningExample, Start, port_in_banner};
/// Cuts a client value for a report line, as the examples cut what they log.
pub use shared::abbreviate;

/// Starts one of the calling crate's example binaries, e.g. `start_example!("example-2")`.
///
/// Expands to `Start::new(<path of the binary>, <calling crate>)`: add `.env(..)` or call
/// `.run()` to start it.
#[macro_export]
macro_rules! start_example {
    ($bin:literal) => {
        $crate::Start::new(
            env!(concat!("CARGO_BIN_EXE_", $bin)),
            env!("CARGO_PKG_NAME"),
        )
    };
}
