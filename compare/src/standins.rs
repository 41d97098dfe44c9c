//! The Node stand-ins in `compare/node-standins`: their folder, and their pinned Express 4.14.0
//! installed from the lockfile with `npm ci`, once.
//!
//! `scripts/setup` installs them; `bench --node-standins` and the tests install them when setup
//! has not. An install counts only once npm has finished it (npm writes
//! `node_modules/.package-lock.json` last), so a run that was stopped midway is redone, and two
//! callers in one process never run npm in the same folder at once.

use std::{
    path::PathBuf,
    process::{Command, Stdio},
    sync::Mutex,
};

use crate::target;

/// The folder of the stand-ins, `compare/node-standins`.
pub fn dir() -> PathBuf {
    target::workspace_root()
        .join("compare")
        .join("node-standins")
}

/// Their `node_modules`, for `NODE_PATH` when a script elsewhere needs the same Express.
pub fn node_modules() -> PathBuf {
    dir().join("node_modules")
}

/// Whether a finished `npm ci` left the pinned modules in place.
pub fn installed() -> bool {
    node_modules().join(".package-lock.json").is_file()
        && node_modules().join("express/package.json").is_file()
}

/// Installs the pinned modules unless they are already installed; returns the stand-ins' folder,
/// or why they cannot run here (no Node.js or npm, or npm failed).
pub fn install(progress: &mut dyn FnMut(&str)) -> Result<PathBuf, String> {
    for program in ["node", "npm"] {
        if !on_path(program) {
            return Err(format!(
                "{program} is not installed (the stand-ins need Node.js and npm)"
            ));
        }
    }
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    let _guard = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let dir = dir();
    if installed() {
        return Ok(dir);
    }
    progress("installing the stand-ins' Express 4.14.0 with npm ci");
    let output = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(&dir)
        .stdin(Stdio::null())
        .output()
        .map_err(|error| format!("cannot run npm ({error}): install Node.js and npm"))?;
    if !output.status.success() || !installed() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let lines: Vec<&str> = stderr.lines().collect();
        return Err(format!(
            "`npm ci` failed in {} ({}): {}",
            dir.display(),
            output.status,
            lines[lines.len().saturating_sub(3)..].join(" / ")
        ));
    }
    Ok(dir)
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}
