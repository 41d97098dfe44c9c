//! Building one package's binary, for tools that start examples outside `cargo test`.

use std::{
    ffi::OsString,
    fmt,
    path::{Path, PathBuf},
    process::{Command, Stdio},
};

/// Why [`build_binary`] gave no binary.
#[derive(Debug)]
pub enum BuildError {
    /// `cargo` itself could not be started.
    CannotRunCargo(String),
    /// The build failed; cargo has printed why on stderr.
    Failed,
    /// The build succeeded but produced no binary of that name.
    NoBinary,
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::CannotRunCargo(problem) => write!(f, "cannot run cargo: {problem}"),
            Self::Failed => write!(f, "the build failed (cargo's messages are above)"),
            Self::NoBinary => write!(f, "the build produced no such binary"),
        }
    }
}

/// `cargo build -p <package> --bin <binary>` in `workspace`, and the path cargo reports for the
/// binary. Exactly that package's binary: three crates own an `example-1` (cargo issue 6313),
/// so start it before anything else can be built over the same path. Cargo's diagnostics go to
/// this process's stderr.
pub fn build_binary(
    workspace: &Path,
    package: &str,
    binary: &str,
    release: bool,
) -> Result<PathBuf, BuildError> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
    let mut command = Command::new(&cargo);
    command
        .current_dir(workspace)
        .args(["build", "--quiet", "-p", package, "--bin", binary])
        .args(["--message-format", "json-render-diagnostics"])
        .stdin(Stdio::null())
        .stderr(Stdio::inherit());
    if release {
        command.arg("--release");
    }
    let output = command.output().map_err(|error| {
        BuildError::CannotRunCargo(format!("{}: {error}", cargo.to_string_lossy()))
    })?;
    if !output.status.success() {
        return Err(BuildError::Failed);
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|message| message["reason"] == "compiler-artifact")
        .filter(|message| message["target"]["name"] == binary)
        .find_map(|message| message["executable"].as_str().map(PathBuf::from))
        .ok_or(BuildError::NoBinary)
}
