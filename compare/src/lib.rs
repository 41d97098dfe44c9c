//! Side by side with the Node originals.
//!
//! - `compare` ([`run_compare`]) sends one article's request script (`compare/scripts/*.txt`) to
//!   two servers, ours or Node's, and prints what differs on the wire.
//! - `bench` ([`bench`]) drives each example with `wrk` and prints requests/s, latency, memory and
//!   start-up, beside Node's when given the originals (or the stand-ins in `node-standins/`), and
//!   the loopback ceiling: what `loopback-ceiling`, a server that only reads and writes canned
//!   bytes, reaches under the same load.

use std::process::ExitCode;

pub mod article;
pub mod bench;
pub mod differences;
pub mod page_link;
pub mod probe;
pub mod report;
pub mod script;
pub mod target;

mod compare_command;

pub use compare_command::run_compare;

/// What a command's argument parser gave, turned into the options to run with, or the exit code
/// to leave with: `Ok(None)` (`--help`) prints `usage` and succeeds, an error prints it with the
/// usage and exits with 2.
pub fn options_or_exit<T>(parsed: Result<Option<T>, String>, usage: &str) -> Result<T, ExitCode> {
    match parsed {
        Ok(Some(options)) => Ok(options),
        Ok(None) => {
            println!("{usage}");
            Err(ExitCode::SUCCESS)
        }
        Err(message) => {
            eprintln!("error: {message}\n\n{usage}");
            Err(ExitCode::from(2))
        }
    }
}
