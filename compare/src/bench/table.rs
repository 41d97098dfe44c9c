//! What a run measured, whether two servers' figures may be set against each other, and the
//! Markdown table.

use std::{fmt::Write as _, time::Duration};

use super::{
    answer::Answer,
    units::{cpu, latency, mebibytes, thousands},
    workload::{CEILING, Workload},
};

/// One server's figures for one row.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
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
    /// ran: what a request costs, whoever else shares the cores.
    pub cpu_per_request: Duration,
    /// Connect, read and write errors and timeouts.
    pub socket_errors: u64,
    /// Answers with a status of 400 or more.
    pub status_errors: u64,
    /// Peak resident memory (`VmHWM`), KiB.
    pub peak_rss_kib: u64,
    /// From spawning the process to the end of its first response.
    pub startup: Duration,
}

/// A server measured on a row: what it answered before the load, and its figures under it.
#[derive(Debug, Clone, PartialEq)]
pub struct Measured {
    /// The answer to one request of the row, asked before the load.
    pub answer: Answer,
    /// The figures under load.
    pub figures: Figures,
}

/// A server of a row: measured, or why not.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Measured.
    Measured(Measured),
    /// Not measured, and why (nginx not installed, or it did not start).
    Skipped(String),
}

impl Outcome {
    /// The measurement, if there is one.
    pub fn measured(&self) -> Option<&Measured> {
        match self {
            Self::Measured(measured) => Some(measured),
            Self::Skipped(_) => None,
        }
    }
}

/// One row of the run: our example, and beside it Node and nginx where they ran.
#[derive(Debug, Clone, PartialEq)]
pub struct RowResult {
    /// The row.
    pub workload: Workload,
    /// Our example.
    pub rust: Measured,
    /// The Node server, when a Node folder was given.
    pub node: Option<Outcome>,
    /// nginx, on the rows it can serve.
    pub nginx: Option<Outcome>,
}

/// Everything a run measured.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Each row.
    pub rows: Vec<RowResult>,
    /// The loopback ceiling, best of its runs, when measured.
    pub ceiling: Option<Measured>,
    /// How Node is called in the table: `Node` or `Node (stand-in)`.
    pub node_label: &'static str,
}

/// The loopback ceiling is measured this many times and the best run kept: it is an upper bound,
/// and one run can land 30 % below another.
pub const CEILING_RUNS: u32 = 3;

/// Whether `other`'s figures may be set against ours. A ratio is only honest when both servers
/// answered every request of the load with a 2xx, over sockets that did not fail: `Err` says
/// which side did not. `Ok` carries a note when the two answered the same request differently
/// but each as it should (a file of the same role under another name, another body).
pub fn comparison(
    workload: &Workload,
    ours: &Measured,
    other: &Measured,
    other_name: &str,
) -> Result<Option<String>, String> {
    for (name, side) in [("Rust", ours), (other_name, other)] {
        let answer = &side.answer;
        if !answer.is_success() {
            return Err(format!(
                "{name} answered {} to {} {}",
                answer.status, workload.method, answer.path
            ));
        }
        if side.figures.status_errors > 0 {
            return Err(format!(
                "{name} answered {} requests with 4xx/5xx",
                thousands(side.figures.status_errors as f64)
            ));
        }
        if side.figures.socket_errors > 0 {
            return Err(format!(
                "{name} had {} socket errors",
                thousands(side.figures.socket_errors as f64)
            ));
        }
    }
    let (ours, other) = (&ours.answer, &other.answer);
    if ours.path != other.path {
        return Ok(Some(format!(
            "each its own file of the same role: Rust `{}` ({}), {other_name} `{}` ({})",
            ours.path,
            ours.summary(),
            other.path,
            other.summary()
        )));
    }
    if !same_media_type(&ours.content_type, &other.content_type) {
        return Ok(Some(format!(
            "Content-Type differs: Rust `{}`, {other_name} `{}`",
            ours.content_type, other.content_type
        )));
    }
    if ours.body != other.body {
        return Ok(Some(format!(
            "the bodies differ: Rust {}, {other_name} {}",
            ours.summary(),
            other.summary()
        )));
    }
    Ok(None)
}

/// `text/html; charset=utf-8` and `text/html; charset=UTF-8` are the same type.
fn same_media_type(a: &str, b: &str) -> bool {
    let normal = |text: &str| text.to_ascii_lowercase().replace(' ', "");
    normal(a) == normal(b)
}

const HEADER: &str = "\
| row | server | conns | req/s | of ceiling | p50 | p99 | CPU/req | errors | peak RSS | start-up | answer |
|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|
";

/// The Markdown table of every row, then the loopback ceiling and what each GET row reaches of
/// Node's req/s beside it.
pub fn table(report: &Report) -> String {
    let mut out = String::from(HEADER);
    for row in &report.rows {
        let workload = &row.workload;
        out.push_str(&server_line(workload, &workload.title(), "Rust", &row.rust));
        let others = [
            (report.node_label, "Node", row.node.as_ref()),
            (nginx_label(workload), "nginx", row.nginx.as_ref()),
        ];
        for (label, _, outcome) in others {
            match outcome {
                Some(Outcome::Measured(measured)) => {
                    out.push_str(&server_line(workload, "", label, measured));
                }
                Some(Outcome::Skipped(why)) => {
                    let _ = writeln!(
                        out,
                        "| | {label} | | - | | - | - | - | | - | - | not measured: {} |",
                        cell(why)
                    );
                }
                None => {}
            }
        }
        for (_, name, outcome) in others {
            if let Some(other) = outcome.and_then(Outcome::measured) {
                out.push_str(&ratio_line(workload, &row.rust, other, name));
            }
        }
    }
    if let Some(ceiling) = &report.ceiling {
        out.push_str(&server_line(
            &CEILING,
            &CEILING.title(),
            "no HTTP (ceiling)",
            ceiling,
        ));
        out.push_str(&against_the_ceiling(&report.rows, &ceiling.figures));
    }
    out
}

/// `nginx (files)` or `nginx (return 200)`.
pub fn nginx_label(workload: &Workload) -> &'static str {
    match workload.nginx {
        Some(super::workload::NginxRole::Inline) => "nginx (return 200)",
        _ => "nginx (files)",
    }
}

/// One server's line of the table.
fn server_line(workload: &Workload, title: &str, server: &str, measured: &Measured) -> String {
    let figures = &measured.figures;
    let mut answer = measured.answer.summary();
    if measured.answer.path != workload.path {
        let _ = write!(answer, " `{}`", measured.answer.path);
    }
    format!(
        "| {title} | {server} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {answer} |\n",
        figures.connections,
        thousands(figures.requests_per_second),
        ceiling_share(workload, figures),
        latency(figures.p50),
        latency(figures.p99),
        cpu(figures.cpu_per_request),
        errors(figures),
        mebibytes(figures.peak_rss_kib),
        latency(figures.startup)
    )
}

/// `Rust/Node` with each figure's ratio, or no ratio and why.
fn ratio_line(workload: &Workload, ours: &Measured, other: &Measured, name: &str) -> String {
    match comparison(workload, ours, other, name) {
        Ok(note) => {
            let (a, b) = (&ours.figures, &other.figures);
            let seconds = Duration::as_secs_f64;
            format!(
                "| | Rust/{name} | | {} | | {} | {} | {} | | {} | {} | {} |\n",
                ratio(a.requests_per_second, b.requests_per_second),
                ratio(seconds(&a.p50), seconds(&b.p50)),
                ratio(seconds(&a.p99), seconds(&b.p99)),
                ratio(seconds(&a.cpu_per_request), seconds(&b.cpu_per_request)),
                ratio(a.peak_rss_kib as f64, b.peak_rss_kib as f64),
                ratio(seconds(&a.startup), seconds(&b.startup)),
                note.map(|note| cell(&note)).unwrap_or_default()
            )
        }
        Err(why) => format!(
            "| | Rust/{name} | | - | | - | - | - | | - | - | no ratio: {} |\n",
            cell(&why)
        ),
    }
}

fn ratio(a: f64, b: f64) -> String {
    if b > 0.0 {
        format!("{:.2}×", a / b)
    } else {
        "-".into()
    }
}

/// Text for a table cell: one line, no column separators.
fn cell(text: &str) -> String {
    text.split('\n')
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(" / ")
        .replace('|', "\\|")
}

/// Each GET row's Rust/Node ratio (and nginx's) beside the ratio the loopback ceiling would
/// give: how many times Node's req/s a server that does nothing at all reaches on the machine.
/// Only rows whose Node figures compare with ours.
fn against_the_ceiling(rows: &[RowResult], ceiling: &Figures) -> String {
    let mut out = format!(
        "\nLoopback ceiling (best of {CEILING_RUNS} runs): {} req/s. Against Node, per GET row, \
         Rust, nginx and a server that does nothing at all:\n\n",
        thousands(ceiling.requests_per_second)
    );
    for row in rows {
        let Some(node) = row.node.as_ref().and_then(Outcome::measured) else {
            continue;
        };
        if row.workload.delay.is_some()
            || comparison(&row.workload, &row.rust, node, "Node").is_err()
        {
            continue;
        }
        let times_node =
            |figures: &Figures| figures.requests_per_second / node.figures.requests_per_second;
        let nginx = row
            .nginx
            .as_ref()
            .and_then(Outcome::measured)
            .filter(|nginx| comparison(&row.workload, &row.rust, nginx, "nginx").is_ok())
            .map(|nginx| format!(", nginx {:.2}× Node", times_node(&nginx.figures)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "- {}: Rust {:.2}× Node{nginx}, the ceiling {:.2}× Node",
            row.workload.title(),
            times_node(&row.rust.figures),
            times_node(ceiling)
        );
    }
    out
}

/// For the delay rows: the steady-state throughput (connections / mean latency, every connection
/// always having one request in flight) as a share of the ceiling (connections / delay).
pub fn ceiling_share(workload: &Workload, figures: &Figures) -> String {
    match workload.delay {
        Some(delay) if !figures.mean.is_zero() => format!(
            "{:.1}%",
            100.0 * delay.as_secs_f64() / figures.mean.as_secs_f64()
        ),
        _ => "-".into(),
    }
}

/// `0`, `3 socket`, `1,200 4xx/5xx`.
fn errors(figures: &Figures) -> String {
    match (figures.socket_errors, figures.status_errors) {
        (0, 0) => "0".into(),
        (socket, 0) => format!("{} socket", thousands(socket as f64)),
        (0, status) => format!("{} 4xx/5xx", thousands(status as f64)),
        (socket, status) => format!(
            "{} socket, {} 4xx/5xx",
            thousands(socket as f64),
            thousands(status as f64)
        ),
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::bench::WORKLOADS;

    /// A measurement of `workload` at `requests_per_second`, answered 200 with `body`.
    pub fn measured(workload: &Workload, requests_per_second: f64, body: &str) -> Measured {
        Measured {
            answer: Answer {
                path: workload.path.into(),
                status: 200,
                content_type: "text/html; charset=utf-8".into(),
                body: body.as_bytes().to_vec(),
            },
            figures: Figures {
                connections: 50,
                requests_per_second,
                p50: Duration::from_micros(400),
                p99: Duration::from_millis(2),
                mean: Duration::from_micros(500),
                requests: (requests_per_second * 10.0) as u64,
                cpu_per_request: Duration::from_secs_f64(1.0 / requests_per_second),
                peak_rss_kib: 4096,
                startup: Duration::from_millis(2),
                ..Figures::default()
            },
        }
    }

    fn logo() -> Workload {
        WORKLOADS[3]
    }

    #[test]
    fn a_non_2xx_answer_or_any_error_on_either_side_leaves_the_row_without_a_ratio() {
        let workload = logo();
        let ours = measured(&workload, 100_000.0, "<svg/>");
        let mut node = measured(&workload, 10_000.0, "Cannot GET");
        node.answer.status = 404;
        let why = comparison(&workload, &ours, &node, "Node").expect_err("no ratio");
        assert_eq!(why, "Node answered 404 to GET /images/logo.svg");
        let line = ratio_line(&workload, &ours, &node, "Node");
        assert_eq!(
            line,
            "| | Rust/Node | | - | | - | - | - | | - | - | no ratio: Node answered 404 to GET \
             /images/logo.svg |\n"
        );
        assert!(!line.contains('×'), "{line}");

        let mut errors = measured(&workload, 10_000.0, "<svg/>");
        errors.figures.socket_errors = 12;
        assert_eq!(
            comparison(&workload, &ours, &errors, "nginx"),
            Err("nginx had 12 socket errors".into())
        );
        let mut statuses = ours.clone();
        statuses.figures.status_errors = 1_500;
        assert_eq!(
            comparison(&workload, &statuses, &errors, "nginx"),
            Err("Rust answered 1,500 requests with 4xx/5xx".into())
        );
        let same = measured(&workload, 50_000.0, "<svg/>");
        assert_eq!(comparison(&workload, &ours, &same, "nginx"), Ok(None));
        assert!(ratio_line(&workload, &ours, &same, "nginx").contains("| 2.00× |"));
    }

    #[test]
    fn a_file_of_the_same_role_is_compared_and_the_row_says_so() {
        let workload = logo();
        let ours = measured(&workload, 100_000.0, "<svg/>");
        let mut node = measured(&workload, 10_000.0, "PNG");
        node.answer.path = "/images/nodejs-logo.png".into();
        node.answer.content_type = "image/png".into();
        let note = comparison(&workload, &ours, &node, "Node")
            .expect("comparable")
            .expect("a note");
        assert!(
            note.contains("each its own file of the same role"),
            "{note}"
        );
        assert!(
            note.contains("`/images/nodejs-logo.png` (200 image/png 3 B)"),
            "{note}"
        );
        let report = Report {
            rows: vec![RowResult {
                workload,
                rust: ours,
                node: Some(Outcome::Measured(node)),
                nginx: Some(Outcome::Skipped("nginx is not installed".into())),
            }],
            ceiling: None,
            node_label: "Node",
        };
        let table = table(&report);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 2 + 4, "{table}");
        assert!(lines[3].ends_with("| 200 image/png 3 B `/images/nodejs-logo.png` |"));
        assert!(lines[4].starts_with("| | nginx (files) | | - |"), "{table}");
        assert!(lines[4].ends_with("| not measured: nginx is not installed |"));
        assert!(
            lines[5].starts_with("| | Rust/Node | | 10.00× |"),
            "{table}"
        );
        for line in &lines {
            assert_eq!(line.matches('|').count(), 13, "12 cells: {line}");
        }
    }

    #[test]
    fn each_get_row_that_compares_is_set_against_the_loopback_ceiling() {
        let row = |workload: Workload, rust: f64, node: f64, nginx: Option<f64>| RowResult {
            workload,
            rust: measured(&workload, rust, "x"),
            node: Some(Outcome::Measured(measured(&workload, node, "x"))),
            nginx: nginx.map(|nginx| Outcome::Measured(measured(&workload, nginx, "x"))),
        };
        let mut missing = row(logo(), 100_000.0, 9_000.0, None);
        if let Some(Outcome::Measured(node)) = &mut missing.node {
            node.answer.status = 404;
        }
        let rows = [
            row(WORKLOADS[0], 150_000.0, 16_000.0, Some(160_000.0)),
            row(WORKLOADS[4], 140_000.0, 20_000.0, None),
            row(WORKLOADS[6], 990.0, 980.0, None),
            missing,
        ];
        let ceiling = measured(&CEILING, 160_000.0, "x").figures;
        let notes = against_the_ceiling(&rows, &ceiling);
        assert!(notes.contains("160,000 req/s"), "{notes}");
        assert!(
            notes.contains(
                "- intro-express example-1 `GET /`: Rust 9.38× Node, nginx 10.00× Node, the \
                 ceiling 10.00× Node"
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
            "only GET rows whose Node figures compare: {notes}"
        );
    }

    #[test]
    fn the_delay_rows_report_their_share_of_the_ceiling() {
        let figures = Figures {
            mean: Duration::from_millis(1004),
            ..Figures::default()
        };
        assert_eq!(ceiling_share(&WORKLOADS[6], &figures), "99.6%");
        assert_eq!(ceiling_share(&WORKLOADS[0], &figures), "-");
    }

    #[test]
    fn errors_are_counted_by_kind() {
        let figures = Figures {
            socket_errors: 3,
            status_errors: 1200,
            ..Figures::default()
        };
        assert_eq!(errors(&figures), "3 socket, 1,200 4xx/5xx");
        assert_eq!(errors(&Figures::default()), "0");
    }
}
