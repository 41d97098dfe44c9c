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

/// Installs the pinned modules unless they are already installed; returns the stand-ins' folder.
pub fn install(progress: &mut dyn FnMut(&str)) -> Result<PathBuf, String> {
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
        let last = stderr.lines().rev().take(3).collect::<Vec<_>>();
        return Err(format!(
            "`npm ci` failed in {} ({}): {}",
            dir.display(),
            output.status,
            last.into_iter().rev().collect::<Vec<_>>().join(" / ")
        ));
    }
    Ok(dir)
}
