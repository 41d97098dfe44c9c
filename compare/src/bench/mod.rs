//! `bench`: each example under the same `wrk` load, Rust beside Node, as a Markdown table.
//!
//! Each row starts its server afresh (so peak memory and start-up belong to that row), measures
//! the time from spawning it to its first answered request, drives it with `wrk` on loopback for a
//! fixed time and number of connections, reads the CPU time it used meanwhile and its peak
//! resident memory (`VmHWM`), and stops it.

use std::{
    fmt::Write as _,
    io::{Read as _, Write as _},
    net::{SocketAddr, TcpStream},
    path::{Path, PathBuf},
    process::{Command, Stdio},
    time::{Duration, Instant},
};

use crate::{
    article::{self, Article},
    target::{self, Profile, Running, StartError},
};

/// One measured request.
#[derive(Debug, Clone, Copy)]
pub struct Workload {
    /// Short id for `--rows`.
    pub id: &'static str,
    /// The article (crate) of the example.
    pub article: &'static str,
    /// Our binary and the original's script stem (`example-3`).
    pub example: &'static str,
    /// `GET` or `POST`.
    pub method: &'static str,
    /// The path requested.
    pub path: &'static str,
    /// `(content type, body)` for a POST.
    pub body: Option<(&'static str, &'static str)>,
    /// Connections, when the row fixes them (the delay rows); otherwise `--connections`.
    pub connections: Option<u32>,
    /// The server's built-in delay per request, which caps throughput at connections / delay.
    pub delay: Option<Duration>,
}

/// The rows of issue 8, in order.
pub const WORKLOADS: [Workload; 6] = [
    Workload {
        id: "intro-root",
        article: "intro-express",
        example: "example-1",
        method: "GET",
        path: "/",
        body: None,
        connections: None,
        delay: None,
    },
    Workload {
        id: "intro-css",
        article: "intro-express",
        example: "example-2",
        method: "GET",
        path: "/css/style.css",
        body: None,
        connections: None,
        delay: None,
    },
    Workload {
        id: "intro-logo",
        article: "intro-express",
        example: "example-2",
        method: "GET",
        path: "/images/logo.svg",
        body: None,
        connections: None,
        delay: None,
    },
    Workload {
        id: "stream",
        article: "send-vs-write",
        example: "example-3",
        method: "GET",
        path: "/",
        body: None,
        connections: None,
        delay: None,
    },
    Workload {
        id: "form-200",
        article: "post-form",
        example: "example-3",
        method: "POST",
        path: "/form",
        body: Some((
            "application/x-www-form-urlencoded",
            "firstName=Ada&lastName=Lovelace",
        )),
        connections: Some(200),
        delay: Some(Duration::from_secs(1)),
    },
    Workload {
        id: "form-1000",
        article: "post-form",
        example: "example-3",
        method: "POST",
        path: "/form",
        body: Some((
            "application/x-www-form-urlencoded",
            "firstName=Ada&lastName=Lovelace",
        )),
        connections: Some(1000),
        delay: Some(Duration::from_secs(1)),
    },
];

/// The loopback ceiling is measured this many times and the best run kept: it is an upper bound,
/// and on 2 cores shared with wrk one run can land 30 % below another.
const CEILING_RUNS: u32 = 3;

/// The loopback ceiling: `compare`'s `loopback-ceiling` server, which reads each request and
/// writes send-vs-write example-3's answer as canned bytes, under the GET rows' load. No server
/// can answer faster on the machine, so a GET row can never be more than this many times Node's.
pub const CEILING: Workload = Workload {
    id: "ceiling",
    article: "compare",
    example: "loopback-ceiling",
    method: "GET",
    path: "/",
    body: None,
    connections: None,
    delay: None,
};

/// The row `id` of `--rows`: one of [`WORKLOADS`], or [`CEILING`].
pub fn find_row(id: &str) -> Result<Workload, String> {
    WORKLOADS
        .iter()
        .chain([&CEILING])
        .find(|workload| workload.id == id)
        .copied()
        .ok_or_else(|| format!("no row {id:?}"))
}

impl Workload {
    /// `intro-express example-1 GET /` for the table.
    pub fn title(&self) -> String {
        format!(
            "{} {} `{} {}`",
            self.article, self.example, self.method, self.path
        )
    }
}

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

/// One server's figures for one row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figures {
    /// Connections wrk held open.
    pub connections: u32,
    /// Requests completed per second (wrk's count over its run time).
    pub requests_per_second: f64,
    /// Median latency.
    pub p50: Duration,
    /// 99th percentile latency.
    pub p99: Duration,
    /// Mean latency (for the share of the ceiling of the delay rows).
    pub mean: Duration,
    /// Requests completed during the run.
    pub requests: u64,
    /// The server's CPU time (all its threads, user and kernel) per completed request while wrk
    /// ran: what a request costs, whoever else shares the cores (wrk does, on this machine).
    pub cpu_per_request: Duration,
    /// Socket errors, timeouts and non-2xx/3xx answers.
    pub errors: u64,
    /// Peak resident memory (`VmHWM`), KiB.
    pub peak_rss_kib: u64,
    /// From spawning the process to the end of its first response.
    pub startup: Duration,
}

/// The folder of the stand-ins, `compare/node-standins`.
pub fn standins_dir() -> PathBuf {
    target::workspace_root()
        .join("compare")
        .join("node-standins")
}

/// Runs every row (ours, then Node's where a checkout is given) and returns the Markdown table.
pub fn run(options: &BenchOptions, progress: &mut dyn FnMut(&str)) -> Result<String, String> {
    check_wrk()?;
    let mut binaries = Vec::new();
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
    let mut results = Vec::new();
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
        let ours = measure(workload, connections, options, || {
            target::start_ours(article.package, workload.example, &binary)
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
                Some(measure(workload, connections, options, || {
                    target::start_node(&script, port)
                })?)
            }
            None => None,
        };
        results.push((*workload, ours, node));
    }
    let ceiling = if options.ceiling {
        let binary = target::build_ours(CEILING.article, CEILING.example, options.profile)
            .map_err(|error| error.to_string())?;
        let mut best: Option<Figures> = None;
        for run in 1..=CEILING_RUNS {
            progress(&format!(
                "{} (run {run} of {CEILING_RUNS}, {} connections)",
                CEILING.example, options.connections
            ));
            let figures = measure(&CEILING, options.connections, options, || {
                target::start_ours(CEILING.article, CEILING.example, &binary)
            })?;
            if best.is_none_or(|best| figures.requests_per_second > best.requests_per_second) {
                best = Some(figures);
            }
        }
        best
    } else {
        None
    };
    Ok(table(&results, ceiling.as_ref(), options))
}

fn free_port() -> Result<u16, String> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .map_err(|error| format!("no free port: {error}"))
}

fn check_wrk() -> Result<(), String> {
    match Command::new("wrk").arg("--version").output() {
        Ok(_) => Ok(()),
        Err(_) => Err("wrk is not installed: run scripts/setup (or `apt-get install wrk`)".into()),
    }
}

fn measure(
    workload: &Workload,
    connections: u32,
    options: &BenchOptions,
    start: impl FnOnce() -> Result<Running, StartError>,
) -> Result<Figures, String> {
    let mut server = start().map_err(|error| error.to_string())?;
    let startup = first_answer(server.addr, server.spawned_at)?;
    let cpu_before = server.pid().map_or(Duration::ZERO, cpu_time);
    let wrk = run_wrk(workload, server.addr, connections, options)?;
    let cpu_used = server
        .pid()
        .map_or(Duration::ZERO, cpu_time)
        .saturating_sub(cpu_before);
    let peak_rss_kib = server.pid().map_or(0, peak_rss_kib);
    server.stop();
    Ok(Figures {
        startup,
        peak_rss_kib,
        cpu_per_request: cpu_used / u32::try_from(wrk.requests.max(1)).unwrap_or(u32::MAX),
        ..wrk
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

fn run_wrk(
    workload: &Workload,
    addr: SocketAddr,
    connections: u32,
    options: &BenchOptions,
) -> Result<Figures, String> {
    let script = std::env::temp_dir().join(format!(
        "compare-bench-{}-{}.lua",
        std::process::id(),
        workload.id
    ));
    std::fs::write(&script, wrk_script(workload))
        .map_err(|error| format!("cannot write {}: {error}", script.display()))?;
    let threads = options.threads.min(connections).max(1);
    let output = Command::new("wrk")
        .arg(format!("-t{threads}"))
        .arg(format!("-c{connections}"))
        .arg(format!("-d{}s", options.duration.as_secs().max(1)))
        .args(["--timeout", "10s", "-s"])
        .arg(&script)
        .arg(format!("http://{addr}{}", workload.path))
        .stdin(Stdio::null())
        .output()
        .map_err(|error| format!("cannot run wrk: {error}"));
    let _ = std::fs::remove_file(&script);
    let output = output?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    parse_wrk_result(&stdout, connections).ok_or_else(|| {
        format!(
            "wrk printed no result for {}:\n{stdout}{}",
            workload.id,
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

/// The Lua script: the request (method, body) and one machine-readable line at the end.
fn wrk_script(workload: &Workload) -> String {
    let mut lua = format!("wrk.method = \"{}\"\n", workload.method);
    if let Some((content_type, body)) = workload.body {
        let _ = writeln!(lua, "wrk.body = \"{body}\"");
        let _ = writeln!(lua, "wrk.headers[\"Content-Type\"] = \"{content_type}\"");
    }
    lua.push_str(
        "done = function(summary, latency, requests)\n\
         \x20 local e = summary.errors\n\
         \x20 io.write(string.format(\"wrk-result %.0f %.0f %.0f %.0f %.0f %.0f\\n\", summary.requests,\n\
         \x20   summary.duration, latency:percentile(50), latency:percentile(99), latency.mean,\n\
         \x20   e.connect + e.read + e.write + e.timeout + e.status))\n\
         end\n",
    );
    lua
}

/// Reads `wrk-result <requests> <duration µs> <p50 µs> <p99 µs> <mean µs> <errors>`.
fn parse_wrk_result(stdout: &str, connections: u32) -> Option<Figures> {
    let line = stdout
        .lines()
        .find_map(|line| line.strip_prefix("wrk-result "))?;
    let numbers: Vec<f64> = line
        .split_whitespace()
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    let [requests, duration, p50, p99, mean, errors] = numbers[..] else {
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
        cpu_per_request: Duration::ZERO,
        errors: errors as u64,
        peak_rss_kib: 0,
        startup: Duration::ZERO,
    })
}

/// The Markdown table of every row, then the loopback ceiling and what 10× Node needs of it.
pub fn table(
    results: &[(Workload, Figures, Option<Figures>)],
    ceiling: Option<&Figures>,
    options: &BenchOptions,
) -> String {
    let node_label = if options.standins {
        "Node (stand-in)"
    } else {
        "Node"
    };
    let mut out = String::from(
        "| row | server | conns | req/s | of ceiling | p50 | p99 | CPU/req | errors | peak RSS | start-up |\n\
         |---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for (workload, ours, node) in results {
        out.push_str(&row_line(workload, &workload.title(), "Rust", ours));
        if let Some(node) = node {
            out.push_str(&row_line(workload, "", node_label, node));
            let ratio = |a: f64, b: f64| {
                if b > 0.0 {
                    format!("{:.2}×", a / b)
                } else {
                    "-".into()
                }
            };
            let seconds = |duration: Duration| duration.as_secs_f64();
            let _ = writeln!(
                out,
                "| | Rust/Node | | {} | | {} | {} | {} | | {} | {} |",
                ratio(ours.requests_per_second, node.requests_per_second),
                ratio(seconds(ours.p50), seconds(node.p50)),
                ratio(seconds(ours.p99), seconds(node.p99)),
                ratio(seconds(ours.cpu_per_request), seconds(node.cpu_per_request)),
                ratio(ours.peak_rss_kib as f64, node.peak_rss_kib as f64),
                ratio(seconds(ours.startup), seconds(node.startup)),
            );
        }
    }
    if let Some(ceiling) = ceiling {
        out.push_str(&row_line(
            &CEILING,
            &CEILING.title(),
            "no HTTP (ceiling)",
            ceiling,
        ));
        out.push_str(&against_the_ceiling(results, ceiling));
    }
    out
}

/// One server's line of the table.
fn row_line(workload: &Workload, title: &str, server: &str, figures: &Figures) -> String {
    format!(
        "| {title} | {server} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
        figures.connections,
        thousands(figures.requests_per_second),
        ceiling_share(workload, figures),
        latency(figures.p50),
        latency(figures.p99),
        cpu(figures.cpu_per_request),
        figures.errors,
        mebibytes(figures.peak_rss_kib),
        latency(figures.startup)
    )
}

/// Each GET row's Rust/Node ratio beside the ratio the loopback ceiling would give: how many
/// times Node's req/s a server that does nothing at all reaches on the same machine.
fn against_the_ceiling(
    results: &[(Workload, Figures, Option<Figures>)],
    ceiling: &Figures,
) -> String {
    let mut out = format!(
        "\nLoopback ceiling (best of {CEILING_RUNS} runs): {} req/s. Against Node, per GET row, \
         Rust and a server that does nothing at all:\n\n",
        thousands(ceiling.requests_per_second)
    );
    for (workload, ours, node) in results {
        if let (Some(node), None) = (node, workload.delay) {
            let times_node =
                |figures: &Figures| figures.requests_per_second / node.requests_per_second;
            let _ = writeln!(
                out,
                "- {}: Rust {:.2}× Node, the ceiling {:.2}× Node",
                workload.title(),
                times_node(ours),
                times_node(ceiling)
            );
        }
    }
    out
}

/// For the delay rows: the steady-state throughput (connections / mean latency, every connection
/// always having one request in flight) as a share of the ceiling (connections / delay).
fn ceiling_share(workload: &Workload, figures: &Figures) -> String {
    match workload.delay {
        Some(delay) if !figures.mean.is_zero() => format!(
            "{:.1}%",
            100.0 * delay.as_secs_f64() / figures.mean.as_secs_f64()
        ),
        _ => "-".into(),
    }
}

fn thousands(value: f64) -> String {
    let whole = value.round() as u64;
    let digits = whole.to_string();
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

fn latency(duration: Duration) -> String {
    let millis = duration.as_secs_f64() * 1000.0;
    if millis >= 100.0 {
        format!("{millis:.0} ms")
    } else if millis >= 10.0 {
        format!("{millis:.1} ms")
    } else {
        format!("{millis:.2} ms")
    }
}

/// CPU time per request, in microseconds: `5.9 µs`, `212 µs`.
fn cpu(duration: Duration) -> String {
    let micros = duration.as_secs_f64() * 1e6;
    if micros >= 100.0 {
        format!("{micros:.0} µs")
    } else {
        format!("{micros:.1} µs")
    }
}

fn mebibytes(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

/// A Node folder for `article`: a checkout given on the command line, or its stand-ins, after
/// installing their pinned Express with npm when `node_modules` is missing.
pub fn prepare_standins(progress: &mut dyn FnMut(&str)) -> Result<PathBuf, String> {
    let dir = standins_dir();
    if !dir.join("node_modules").join("express").is_dir() {
        progress("installing the stand-ins' Express 4.14.0 with npm");
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .status()
            .map_err(|error| format!("cannot run npm ({error}): install Node.js and npm"))?;
        if !status.success() {
            return Err(format!("`npm ci` failed in {}", dir.display()));
        }
    }
    Ok(dir)
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
    fn reads_the_line_the_lua_script_prints() {
        let figures = parse_wrk_result(
            "Running 1s test\nwrk-result 12000 2000000 410 2100 520 3\n",
            50,
        )
        .expect("parses");
        assert_eq!(figures.requests_per_second, 6000.0);
        assert_eq!(figures.requests, 12000);
        assert_eq!(figures.p50, Duration::from_micros(410));
        assert_eq!(figures.p99, Duration::from_micros(2100));
        assert_eq!(figures.errors, 3);
        assert!(parse_wrk_result("no result", 50).is_none());
    }

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

    #[test]
    fn the_delay_rows_report_their_share_of_the_ceiling() {
        let figures = Figures {
            connections: 1000,
            requests_per_second: 950.0,
            p50: Duration::from_millis(1001),
            p99: Duration::from_millis(1010),
            mean: Duration::from_millis(1004),
            requests: 1000,
            cpu_per_request: Duration::from_micros(20),
            errors: 0,
            peak_rss_kib: 1024,
            startup: Duration::from_millis(3),
        };
        assert_eq!(ceiling_share(&WORKLOADS[5], &figures), "99.6%");
        assert_eq!(ceiling_share(&WORKLOADS[0], &figures), "-");
    }

    #[test]
    fn each_get_row_is_set_against_what_the_loopback_ceiling_reaches() {
        let at = |requests_per_second| Figures {
            connections: 50,
            requests_per_second,
            p50: Duration::ZERO,
            p99: Duration::ZERO,
            mean: Duration::ZERO,
            requests: 0,
            cpu_per_request: Duration::ZERO,
            errors: 0,
            peak_rss_kib: 0,
            startup: Duration::ZERO,
        };
        let results = [
            (WORKLOADS[0], at(150_000.0), Some(at(16_000.0))),
            (WORKLOADS[3], at(140_000.0), Some(at(20_000.0))),
            (WORKLOADS[5], at(990.0), Some(at(980.0))),
            (WORKLOADS[1], at(100_000.0), None),
        ];
        let notes = against_the_ceiling(&results, &at(160_000.0));
        assert!(notes.contains("160,000 req/s"), "{notes}");
        assert!(
            notes.contains(
                "- intro-express example-1 `GET /`: Rust 9.38× Node, the ceiling 10.00× Node"
            ),
            "{notes}"
        );
        assert!(
            notes.contains(
                "- send-vs-write example-3 `GET /`: Rust 7.00× Node, the ceiling 8.00× Node"
            ),
            "{notes}"
        );
        assert_eq!(
            notes.matches("\n- ").count(),
            2,
            "only GET rows with Node: {notes}"
        );
    }

    #[test]
    fn numbers_are_readable() {
        assert_eq!(thousands(1234567.4), "1,234,567");
        assert_eq!(thousands(999.0), "999");
        assert_eq!(latency(Duration::from_micros(412)), "0.41 ms");
        assert_eq!(latency(Duration::from_millis(1004)), "1004 ms");
        assert_eq!(mebibytes(2048), "2.0 MiB");
        assert_eq!(cpu(Duration::from_nanos(5_940)), "5.9 µs");
        assert_eq!(cpu(Duration::from_micros(212)), "212 µs");
    }
}
