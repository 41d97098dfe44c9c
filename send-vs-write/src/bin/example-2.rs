//! Placeholder: this example is being ported.

fn main() -> std::process::ExitCode {
    eprintln!("error: send-vs-write example-2 is not ported yet");
    std::process::ExitCode::FAILURE
}
