//! `cargo run -p compare --bin bench -- [--node-standins | --node <article>=<checkout>]...`:
//! each example under the same wrk load, Rust beside Node, as a Markdown table. `--help` for more.

fn main() -> std::process::ExitCode {
    compare::run_bench()
}
