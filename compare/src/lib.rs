//! Side by side with the Node originals.
//!
//! - `compare` ([`run_compare`]) sends one article's request script (`compare/scripts/*.txt`) to
//!   two servers, ours or Node's, and prints what differs on the wire.
//! - `bench` ([`bench`]) drives each example with `wrk` and prints requests/s, latency, CPU per
//!   request, memory and start-up, beside Node's when given the originals (or the stand-ins in
//!   `node-standins/`) and nginx's serving the same answer, and the loopback ceiling: what
//!   `loopback-ceiling`, a server that only reads and writes canned bytes, reaches under the
//!   same load.

pub mod article;
pub mod bench;
pub mod differences;
pub mod page_link;
pub mod probe;
pub mod report;
pub mod script;
pub mod standins;
pub mod target;

mod bench_command;
mod compare_command;

pub use bench_command::run_bench;
pub use compare_command::run_compare;
