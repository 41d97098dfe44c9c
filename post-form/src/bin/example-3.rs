//! Placeholder: this example is being ported.

fn main() -> std::process::ExitCode {
    eprintln!("error: post-form example-3 is not ported yet");
    std::process::ExitCode::FAILURE
}
