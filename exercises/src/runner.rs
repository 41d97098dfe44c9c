//! Builds one example binary of the learner's workspace and starts it on a free port.

use std::{
    ffi::OsString,
    path::{Path, PathBuf},
    process::{Command, Stdio},
};

use shared::testing::{RunningExample, Start};

/// The workspace whose examples are checked.
#[derive(Debug, Clone)]
pub struct Workspace {
    root: PathBuf,
}

impl Workspace {
    /// The workspace this tool was built from: the learner's checkout.
    pub fn this_one() -> Self {
        Self::at(Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
    }

    /// Another checkout (`--root`): a learner's folder, or the test suite's temporary copy.
    pub fn at(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// Where it is.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `cargo build -p <package> --bin <binary>`, then starts that binary with `PORT=0` and reads
    /// its port from the banner. Compiler errors are shown as cargo prints them; a failure is one
    /// sentence that says what to do.
    pub fn start(&self, package: &str, binary: &str) -> Result<RunningExample, String> {
        let path = self.build(package, binary)?;
        Start::new(&path.to_string_lossy(), package)
            // A panic's message, not a page of backtrace, when the learner's shell asks for them.
            .env("RUST_BACKTRACE", "0")
            .try_run()
            .map_err(|problem| {
                format!(
                    "{package} {binary} was built, but did not start: {problem}\nRun it yourself \
                     (`cargo run -p {package} --bin {binary}`) to see what happens."
                )
            })
    }

    /// Builds exactly that package's binary: three crates own an `example-1` (cargo issue 6313),
    /// so building by binary name alone could build another crate's. Returns the binary's path,
    /// as cargo reports it, and runs it before anything else can be built over it.
    fn build(&self, package: &str, binary: &str) -> Result<PathBuf, String> {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
        println!("  building: cargo build -p {package} --bin {binary}");
        let output = Command::new(&cargo)
            .current_dir(&self.root)
            .args(["build", "--quiet", "-p", package, "--bin", binary])
            .args(["--message-format", "json-render-diagnostics"])
            .stdin(Stdio::null())
            .stderr(Stdio::inherit())
            .output()
            .map_err(|error| format!("cannot run cargo ({}): {error}", cargo.to_string_lossy()))?;
        if !output.status.success() {
            return Err(format!(
                "{package} {binary} does not compile yet: cargo's messages above say where. Fix \
                 them, then check again."
            ));
        }
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .filter(|message| message["reason"] == "compiler-artifact")
            .filter(|message| message["target"]["name"] == binary)
            .find_map(|message| message["executable"].as_str().map(PathBuf::from))
            .ok_or_else(|| format!("cargo built no binary called {binary} in {package}"))
    }
}
