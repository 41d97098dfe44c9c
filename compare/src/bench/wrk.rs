//! Driving a server with `wrk` and reading what it measured.

use std::{
    fmt::Write as _,
    net::SocketAddr,
    process::{Command, Stdio},
    time::Duration,
};

use super::{table::Figures, workload::Workload};
use crate::target::command_on;

/// One wrk run: what to request and how hard.
#[derive(Debug, Clone, Copy)]
pub struct Load<'a> {
    /// The row (method, body).
    pub workload: &'a Workload,
    /// The path requested (the row's, or a Node original's file of the same role).
    pub path: &'a str,
    /// Connections held open.
    pub connections: u32,
    /// wrk threads.
    pub threads: u32,
    /// How long.
    pub duration: Duration,
    /// The CPU wrk runs on, if pinned.
    pub cpu: Option<usize>,
}

/// Checks that wrk is installed.
pub fn check() -> Result<(), String> {
    match Command::new("wrk").arg("--version").output() {
        Ok(_) => Ok(()),
        Err(_) => Err("wrk is not installed: run scripts/setup (or `apt-get install wrk`)".into()),
    }
}

/// Runs wrk against `addr` and returns its figures (latency, throughput, errors); the server's
/// own figures (CPU, memory, start-up) are left at zero for the caller.
pub fn run(load: &Load<'_>, addr: SocketAddr) -> Result<Figures, String> {
    let script = std::env::temp_dir().join(format!(
        "compare-bench-{}-{}.lua",
        std::process::id(),
        load.workload.id
    ));
    std::fs::write(&script, script_for(load.workload))
        .map_err(|error| format!("cannot write {}: {error}", script.display()))?;
    let threads = load.threads.min(load.connections).max(1);
    let output = command_on(load.cpu, "wrk")
        .arg(format!("-t{threads}"))
        .arg(format!("-c{}", load.connections))
        .arg(format!("-d{}s", load.duration.as_secs().max(1)))
        .args(["--timeout", "10s", "-s"])
        .arg(&script)
        .arg(format!("http://{addr}{}", load.path))
        .stdin(Stdio::null())
        .output()
        .map_err(|error| format!("cannot run wrk: {error}"));
    let _ = std::fs::remove_file(&script);
    let output = output?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    parse_result(&stdout, load.connections).ok_or_else(|| {
        format!(
            "wrk printed no result for {}:\n{stdout}{}",
            load.workload.id,
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

/// The Lua script: the request (method, body) and one machine-readable line at the end. wrk
/// counts a status of 400 or more as a status error; socket errors are the rest.
fn script_for(workload: &Workload) -> String {
    let mut lua = format!("wrk.method = \"{}\"\n", workload.method);
    if let Some((content_type, body)) = workload.body {
        let _ = writeln!(lua, "wrk.body = \"{body}\"");
        let _ = writeln!(lua, "wrk.headers[\"Content-Type\"] = \"{content_type}\"");
    }
    lua.push_str(
        "done = function(summary, latency, requests)\n\
         \x20 local e = summary.errors\n\
         \x20 io.write(string.format(\"wrk-result %.0f %.0f %.0f %.0f %.0f %.0f %.0f\\n\",\n\
         \x20   summary.requests, summary.duration, latency:percentile(50),\n\
         \x20   latency:percentile(99), latency.mean,\n\
         \x20   e.connect + e.read + e.write + e.timeout, e.status))\n\
         end\n",
    );
    lua
}

/// Reads `wrk-result <requests> <duration µs> <p50 µs> <p99 µs> <mean µs> <socket errors>
/// <status errors>`.
fn parse_result(stdout: &str, connections: u32) -> Option<Figures> {
    let line = stdout
        .lines()
        .find_map(|line| line.strip_prefix("wrk-result "))?;
    let numbers: Vec<f64> = line
        .split_whitespace()
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    let [
        requests,
        duration,
        p50,
        p99,
        mean,
        socket_errors,
        status_errors,
    ] = numbers[..]
    else {
        return None;
    };
    let micros = |value: f64| Duration::from_secs_f64(value.max(0.0) / 1e6);
    Some(Figures {
        connections,
        requests_per_second: if duration > 0.0 {
            requests / (duration / 1e6)
        } else {
            0.0
        },
        p50: micros(p50),
        p99: micros(p99),
        mean: micros(mean),
        requests: requests as u64,
        socket_errors: socket_errors as u64,
        status_errors: status_errors as u64,
        ..Figures::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::WORKLOADS;

    #[test]
    fn reads_the_line_the_lua_script_prints() {
        let figures = parse_result(
            "Running 1s test\nwrk-result 12000 2000000 410 2100 520 3 7\n",
            50,
        )
        .expect("parses");
        assert_eq!(figures.requests_per_second, 6000.0);
        assert_eq!(figures.requests, 12000);
        assert_eq!(figures.p50, Duration::from_micros(410));
        assert_eq!(figures.p99, Duration::from_micros(2100));
        assert_eq!((figures.socket_errors, figures.status_errors), (3, 7));
        assert!(parse_result("no result", 50).is_none());
        assert!(parse_result("wrk-result 1 2 3 4 5 6\n", 50).is_none());
    }

    #[test]
    fn the_script_posts_the_form_rows_body_and_reports_both_kinds_of_error() {
        let form = WORKLOADS
            .iter()
            .find(|workload| workload.method == "POST")
            .expect("a POST row");
        let lua = script_for(form);
        assert!(lua.contains("wrk.method = \"POST\""), "{lua}");
        assert!(lua.contains("firstName=Ada"), "{lua}");
        assert!(lua.contains("e.timeout, e.status"), "{lua}");
        assert!(!script_for(&WORKLOADS[0]).contains("wrk.body"));
    }
}
