//! `console.log` and `console.error`: one line on stdout or stderr that can never panic.
//!
//! `println!` panics when its stream is gone (`cargo run ... | head -1`, a closed terminal), and a
//! panic in a handler takes the request down with it. A line nobody can read is simply dropped.

use std::{
    fmt,
    io::{self, Write},
};

/// `console.log(...)`: one line on stdout.
pub fn console_log(line: fmt::Arguments<'_>) {
    // Nowhere to report a failed log write; the program goes on.
    let _ = writeln!(io::stdout(), "{line}");
}

/// `console.error(...)`: one line on stderr.
pub fn console_error(line: fmt::Arguments<'_>) {
    // Nowhere to report a failed log write; the program goes on.
    let _ = writeln!(io::stderr(), "{line}");
}
