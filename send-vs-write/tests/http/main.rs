//! send-vs-write over real HTTP: each test starts an example binary on an ephemeral port and reads
//! the raw wire, where the difference between `send`, `write` and `end` shows.

mod example_1;
mod example_2;
mod example_3;
mod failing_handler;
mod lifecycle;

/// `<h1>This is the response #: n</h1>`, what every example sends or writes.
fn heading(n: usize) -> String {
    format!("<h1>This is the response #: {n}</h1>")
}
