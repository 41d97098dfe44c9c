//! send-vs-write over real HTTP: each test starts an example binary on an ephemeral port and reads
//! the raw wire, where the difference between `send`, `write` and `end` shows: framing
//! (`Content-Length` or chunked, the terminating chunk), keep-alive, bodies that never end, and
//! what the process prints. Status, headers and bodies are tested in-process, at the bottom of
//! each example's file.

mod example_1;
mod example_2;
mod example_3;
mod lifecycle;

/// `<h1>This is the response #: n</h1>`, what every example sends or writes.
fn heading(n: usize) -> String {
    format!("<h1>This is the response #: {n}</h1>")
}
