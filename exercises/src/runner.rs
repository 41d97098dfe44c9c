//! Builds one example binary of the learner's workspace and starts it on a free port.

use std::path::{Path, PathBuf};

use harness::{BuildError, RunningExample, Start, build_binary};

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
        println!("  building: cargo build -p {package} --bin {binary}");
        build_binary(&self.root, package, binary, false).map_err(|error| match error {
            BuildError::Failed => format!(
                "{package} {binary} does not compile yet: cargo's messages above say where. Fix \
                 them, then check again."
            ),
            BuildError::NoBinary => format!("cargo built no binary called {binary} in {package}"),
            other => other.to_string(),
        })
    }
}
