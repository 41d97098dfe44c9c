//! `cargo run -p compare --bin compare -- <article> <A> <B>`: one request script, two servers,
//! one table of what differs. `--help` explains the targets and options.

fn main() -> std::process::ExitCode {
    compare::run_compare()
}
