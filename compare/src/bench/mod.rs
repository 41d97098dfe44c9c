//! `bench`: each example under the same `wrk` load, beside its Node original and nginx, as a
//! Markdown table (and, with `--svg`, a chart).
//!
//! Each row starts its server afresh (so peak memory and start-up belong to that row), measures
//! the time from spawning it to its first answered request, asks the row's request once to see
//! what it answers, drives it with `wrk` on loopback for a fixed time and number of connections,
//! reads the CPU time it used meanwhile and its peak resident memory (`VmHWM`), and stops it. By
//! default the server runs on one CPU and wrk on another ([`Cores`]).

mod answer;
mod cores;
pub mod nginx;
pub mod svg;
pub mod table;
mod units;
mod workload;
mod wrk;

use std::{
    io::{Read as _, Write as _},
    net::{SocketAddr, TcpStream},
    path::{Path, PathBuf},
    time::{Duration, Instant},
};

pub use answer::Answer;
pub use cores::Cores;
pub use table::{CEILING_RUNS, Figures, Measured, Outcome, Report, RowResult};
pub use workload::{CEILING, NginxRole, WORKLOADS, Workload, find_row};

use crate::{
    article::{self, Article},
    target::{self, Profile, Running},
};

/// What `bench` was asked to do.
#[derive(Debug, Clone)]
pub struct BenchOptions {
    /// The rows to run.
    pub workloads: Vec<Workload>,
    /// How long wrk drives each server.
    pub duration: Duration,
    /// Connections for the rows that do not fix their own.
    pub connections: u32,
    /// wrk's threads.
    pub threads: u32,
    /// Where the server and wrk run.
    pub cores: Cores,
    /// How our examples are built.
    pub profile: Profile,
    /// Node checkouts (or stand-ins) per article.
    pub node: Vec<NodeFolder>,
    /// Whether `node` points at the stand-ins (for the table's label).
    pub standins: bool,
    /// Whether to measure the loopback ceiling ([`CEILING`]) too.
    pub ceiling: bool,
}

/// Where one article's Node servers are.
#[derive(Debug, Clone)]
pub struct NodeFolder {
    /// The article.
    pub article: &'static Article,
    /// A checkout of the original, or the article's stand-ins.
    pub folder: PathBuf,
    /// The stand-ins honour `PORT`, so they run on a free port; the originals' port is fixed.
    pub any_port: bool,
}

/// Runs every row (ours, then Node's where a checkout is given, then nginx where it can serve the
/// row) and the loopback ceiling, and returns what they measured.
pub fn run(options: &BenchOptions, progress: &mut dyn FnMut(&str)) -> Result<Report, String> {
    wrk::check()?;
    options.cores.check()?;
    let mut binaries: Vec<(&str, &str, PathBuf)> = Vec::new();
    for workload in &options.workloads {
        let article = article::find(workload.article)?;
        if !binaries.iter().any(|(package, example, _)| {
            *package == article.package && *example == workload.example
        }) {
            progress(&format!(
                "building {} {} ({:?})",
                article.package, workload.example, options.profile
            ));
            let binary = target::build_ours(article.package, workload.example, options.profile)
                .map_err(|error| error.to_string())?;
            binaries.push((article.package, workload.example, binary));
        }
    }
    let nginx = nginx::find();
    let server_cpu = options.cores.server_cpu();
    let mut rows = Vec::new();
    for workload in &options.workloads {
        let article = article::find(workload.article)?;
        let connections = workload.connections.unwrap_or(options.connections);
        let binary = binaries
            .iter()
            .find(|(package, example, _)| {
                *package == article.package && *example == workload.example
            })
            .map(|(_, _, binary)| binary.clone())
            .ok_or("a binary that was built went missing")?;
        progress(&format!(
            "{} (Rust, {connections} connections)",
            workload.id
        ));
        let rust = measure(workload, connections, options, || {
            target::start_ours(article.package, workload.example, &binary, server_cpu)
                .map_err(|error| error.to_string())
        })?;
        let node = match options.node.iter().find(|node| node.article == article) {
            Some(node) => {
                progress(&format!(
                    "{} (Node, {connections} connections)",
                    workload.id
                ));
                let script = target::node_script(article, &node.folder, Some(workload.example))
                    .map_err(|error| error.to_string())?;
                let port = if node.any_port {
                    free_port()?
                } else {
                    article.node_port
                };
                Some(Outcome::Measured(measure(
                    workload,
                    connections,
                    options,
                    || {
                        target::start_node(&script, port, server_cpu)
                            .map_err(|error| error.to_string())
                    },
                )?))
            }
            None => None,
        };
        let nginx = workload.nginx.map(|role| {
            progress(&format!(
                "{} (nginx, {connections} connections)",
                workload.id
            ));
            let outcome = measure_nginx(nginx.as_deref(), role, workload, &rust.answer, options);
            if let Outcome::Skipped(why) = &outcome {
                progress(&format!("{}: nginx not measured: {why}", workload.id));
            }
            outcome
        });
        rows.push(RowResult {
            workload: *workload,
            rust,
            node,
            nginx,
        });
    }
    let ceiling = if options.ceiling {
        let binary = target::build_ours(CEILING.article, CEILING.example, options.profile)
            .map_err(|error| error.to_string())?;
        let mut best: Option<Measured> = None;
        for run in 1..=CEILING_RUNS {
            progress(&format!(
                "{} (run {run} of {CEILING_RUNS}, {} connections)",
                CEILING.example, options.connections
            ));
            let measured = measure(&CEILING, options.connections, options, || {
                target::start_ours(CEILING.article, CEILING.example, &binary, server_cpu)
                    .map_err(|error| error.to_string())
            })?;
            if best.as_ref().is_none_or(|best| {
                measured.figures.requests_per_second > best.figures.requests_per_second
            }) {
                best = Some(measured);
            }
        }
        best
    } else {
        None
    };
    Ok(Report {
        rows,
        ceiling,
        node_label: if options.standins {
            "Node (stand-in)"
        } else {
            "Node"
        },
    })
}

/// nginx on one row: the same files, or `return 200` with what our example answered; skipped,
/// with the reason, when nginx is missing or does not start.
fn measure_nginx(
    nginx: Option<&Path>,
    role: NginxRole,
    workload: &Workload,
    ours: &Answer,
    options: &BenchOptions,
) -> Outcome {
    let Some(nginx) = nginx else {
        return Outcome::Skipped("nginx is not installed (scripts/setup installs it)".into());
    };
    let site = || -> Result<(nginx::TempDir, nginx::Site), String> {
        let dir = nginx::TempDir::new(workload.id)?;
        let content = match role {
            NginxRole::Files { www } => nginx::Content::Files {
                root: target::workspace_root().join("www").join(www),
            },
            NginxRole::Inline => nginx::Content::Inline {
                path: workload.path.into(),
                content_type: ours.content_type.clone(),
                body: String::from_utf8(ours.body.clone())
                    .map_err(|_| "our example's answer is not text".to_string())?,
            },
        };
        let site = nginx::Site {
            port: free_port()?,
            dir: dir.path().to_owned(),
            content,
        };
        Ok((dir, site))
    };
    let connections = workload.connections.unwrap_or(options.connections);
    let measured = site().and_then(|(_dir, site)| {
        measure(workload, connections, options, || {
            nginx::start(nginx, &site, options.cores.server_cpu())
        })
    });
    match measured {
        Ok(measured) => Outcome::Measured(measured),
        Err(why) => Outcome::Skipped(why),
    }
}

fn free_port() -> Result<u16, String> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .map_err(|error| format!("no free port: {error}"))
}

/// Starts a server, times its first answer, asks the row's request once, drives it with wrk
/// and reads what it cost; stops it.
fn measure(
    workload: &Workload,
    connections: u32,
    options: &BenchOptions,
    start: impl FnOnce() -> Result<Running, String>,
) -> Result<Measured, String> {
    let mut server = start()?;
    let startup = first_answer(server.addr, server.spawned_at)?;
    let answer = answer::choose(server.addr, workload)?;
    let cpu_before = server.pid().map_or(Duration::ZERO, cpu_time);
    let load = wrk::Load {
        workload,
        path: &answer.path,
        connections,
        threads: options.threads,
        duration: options.duration,
        cpu: options.cores.wrk_cpu(),
    };
    let under_load = wrk::run(&load, server.addr)?;
    let cpu_used = server
        .pid()
        .map_or(Duration::ZERO, cpu_time)
        .saturating_sub(cpu_before);
    let peak_rss_kib = server.pid().map_or(0, peak_rss_kib);
    server.stop();
    Ok(Measured {
        answer,
        figures: Figures {
            startup,
            peak_rss_kib,
            cpu_per_request: cpu_used
                / u32::try_from(under_load.requests.max(1)).unwrap_or(u32::MAX),
            ..under_load
        },
    })
}

/// CPU time a process has used so far, all threads, user and kernel, from `/proc/<pid>/stat`.
pub fn cpu_time(pid: u32) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Clock ticks of 1/100 s: `USER_HZ`, which Linux fixes at 100 for everything it reports.
    Duration::from_millis(cpu_ticks(&stat) * 10)
}

/// utime + stime, fields 14 and 15 of a `/proc/<pid>/stat` line. The command name (field 2) is
/// in parentheses and may hold spaces, so fields are counted after its closing parenthesis.
fn cpu_ticks(stat: &str) -> u64 {
    stat.rsplit_once(')')
        .map(|(_, fields)| {
            fields
                .split_whitespace()
                .skip(11)
                .take(2)
                .filter_map(|field| field.parse::<u64>().ok())
                .sum()
        })
        .unwrap_or(0)
}

/// `GET /` right after the banner: the time from spawning the process to the end of the answer.
fn first_answer(addr: SocketAddr, spawned_at: Instant) -> Result<Duration, String> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5))
        .map_err(|error| format!("first request to {addr}: {error}"))?;
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .map_err(|error| error.to_string())?;
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .map_err(|error| format!("first request to {addr}: {error}"))?;
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    if !answer.starts_with(b"HTTP/1.1 ") {
        return Err(format!("{addr} did not answer its first request"));
    }
    Ok(spawned_at.elapsed())
}

/// Peak resident set size of a running process, from `/proc/<pid>/status`.
pub fn peak_rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Reads `intro-express=../checkout` into the article and its folder.
pub fn parse_node_folder(text: &str) -> Result<NodeFolder, String> {
    let (name, folder) = text
        .split_once('=')
        .ok_or_else(|| format!("--node {text:?}: expected <article>=<folder>"))?;
    let article = article::find(name)?;
    let folder = Path::new(folder);
    if !folder.is_dir() {
        return Err(format!(
            "--node {text:?}: {} is not a folder",
            folder.display()
        ));
    }
    Ok(NodeFolder {
        article,
        folder: folder.to_owned(),
        any_port: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_time_is_user_plus_system_time_after_the_command_name() {
        let stat = "4242 (node (x) 2) S 1 4242 4242 0 -1 4194304 9140 0 0 0 731 269 0 0 20 0 11 0";
        assert_eq!(cpu_ticks(stat), 1000);
        assert_eq!(cpu_ticks("garbage"), 0);
        let mine = cpu_time(std::process::id());
        let busy = Instant::now();
        while cpu_time(std::process::id()) == mine && busy.elapsed() < Duration::from_secs(5) {}
        assert!(
            cpu_time(std::process::id()) > mine,
            "a busy process uses CPU time"
        );
    }
}
