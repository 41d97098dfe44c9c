//! Where the server and wrk run: each on a CPU of its own, or both on all of them.

use std::process::{Command, Stdio};

/// Where the server and the load generator run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cores {
    /// The server (every thread of it) on one CPU, wrk on another: each side's throughput is
    /// what one core gives it, and neither waits for the other to be scheduled.
    PerCore {
        /// The server's CPU.
        server: usize,
        /// wrk's CPU.
        wrk: usize,
    },
    /// Server and wrk share every CPU, as the scheduler decides (the old mode).
    Shared,
}

impl Cores {
    /// The CPU the server is pinned to, if any.
    pub fn server_cpu(self) -> Option<usize> {
        match self {
            Self::PerCore { server, .. } => Some(server),
            Self::Shared => None,
        }
    }

    /// The CPU wrk is pinned to, if any.
    pub fn wrk_cpu(self) -> Option<usize> {
        match self {
            Self::PerCore { wrk, .. } => Some(wrk),
            Self::Shared => None,
        }
    }

    /// wrk's threads unless `--threads` says otherwise: one for its one CPU, else two.
    pub fn default_wrk_threads(self) -> u32 {
        match self {
            Self::PerCore { .. } => 1,
            Self::Shared => 2,
        }
    }

    /// For the line above the table: `server on CPU 0, wrk on CPU 1`.
    pub fn describe(self) -> String {
        match self {
            Self::PerCore { server, wrk } => format!("server on CPU {server}, wrk on CPU {wrk}"),
            Self::Shared => "server and wrk share all CPUs".into(),
        }
    }

    /// Checks that each CPU named can be used (it exists and this process may run there), by
    /// running `taskset -c <cpu> true`.
    pub fn check(self) -> Result<(), String> {
        let Self::PerCore { server, wrk } = self else {
            return Ok(());
        };
        for cpu in [server, wrk] {
            let status = Command::new("taskset")
                .args(["-c", &cpu.to_string(), "true"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .map_err(|error| {
                    format!(
                        "cannot run taskset ({error}): install util-linux, or use --shared-cores"
                    )
                })?;
            if !status.success() {
                return Err(format!(
                    "cannot run on CPU {cpu} (taskset -c {cpu} failed): choose another with \
                     --server-cpu/--wrk-cpu, or use --shared-cores"
                ));
            }
        }
        Ok(())
    }
}
