//! The benchmark command's smoke test: it runs one row briefly, with Node and nginx beside ours
//! where they are installed, and prints a well-formed table and chart. No timing is asserted
//! (the figures depend on the machine); the README holds a real run. The parts are unit-tested
//! in `compare/src/bench/` and `compare/src/bench_command.rs`: the command line, nginx's
//! config, the rule that a row with errors or non-2xx answers shows no ratio, the chart.

use std::{
    path::Path,
    process::{Command, Stdio},
};

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

#[test]
fn a_one_second_run_prints_a_markdown_table_with_rust_node_nginx_their_ratios_and_the_ceiling() {
    if !on_path("wrk") {
        println!("SKIPPED: wrk is not installed (scripts/setup installs it): bench is untested");
        return;
    }
    // No Node here, or a registry that cannot be reached, costs the Node row only, not the test.
    let with_node = compare::standins::install(&mut |_| ()).is_ok();
    let with_nginx = compare::bench::nginx::find().is_some();
    let chart = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-smoke.svg");
    let _ = std::fs::remove_file(&chart);
    let mut arguments = vec![
        "--debug",
        "--rows",
        "intro-root,ceiling",
        "--duration",
        "1",
        "--connections",
        "2",
        "--svg",
        chart.to_str().expect("a UTF-8 path"),
    ];
    if with_node {
        arguments.push("--node-standins");
    } else {
        println!(
            "(Node, npm or the stand-ins' Express missing: the smoke test runs without the Node row)"
        );
    }
    let output = Command::new(env!("CARGO_BIN_EXE_bench"))
        .args(&arguments)
        .stdin(Stdio::null())
        .output()
        .expect("bench runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");

    let cpus = std::thread::available_parallelism().map_or(1, usize::from);
    let caption = stdout.lines().next().unwrap_or_default();
    let mode = if cpus >= 2 {
        "wrk 1 thread, server on CPU 0, wrk on CPU 1"
    } else {
        "server and wrk share all CPUs"
    };
    assert!(caption.contains(mode), "{stdout}");

    let rows: Vec<Vec<&str>> = stdout
        .lines()
        .filter(|line| line.starts_with('|'))
        .map(|line| line.trim_matches('|').split('|').map(str::trim).collect())
        .collect();
    // Header, separator, Rust, Node, nginx, Rust/Node, Rust/nginx, ceiling.
    let expected_rows = 5 + 2 * usize::from(with_node) + usize::from(with_nginx);
    assert_eq!(rows.len(), expected_rows, "{stdout}");
    assert!(
        rows.iter().all(|row| row.len() == 12),
        "ragged table:\n{stdout}"
    );
    assert_eq!(
        rows[0][..4],
        ["row", "server", "conns", "req/s"],
        "{stdout}"
    );
    assert_eq!(rows[0][11], "answer", "{stdout}");
    assert!(
        rows[1]
            .iter()
            .all(|cell| cell.starts_with("--") || cell.starts_with("-:"))
    );
    let rust = &rows[2];
    assert_eq!(
        rust[..3],
        ["intro-express example-1 `GET /`", "Rust", "2"],
        "{stdout}"
    );
    let requests: f64 = rust[3].replace(',', "").parse().expect("req/s is a number");
    assert!(requests > 0.0, "{stdout}");
    assert_eq!(rust[8], "0", "no errors: {stdout}");
    for (cell, unit) in [(5, " ms"), (6, " ms"), (7, " µs"), (9, " MiB"), (10, " ms")] {
        assert!(rust[cell].ends_with(unit), "column {cell}: {stdout}");
    }
    assert!(rust[11].starts_with("200 text/html "), "{stdout}");
    let server_row = |name: &str| {
        rows.iter()
            .find(|row| row[1] == name)
            .unwrap_or_else(|| panic!("no {name} row:\n{stdout}"))
    };
    if with_node {
        assert_eq!(server_row("Node (stand-in)")[11], rust[11], "{stdout}");
        assert!(server_row("Rust/Node")[3].ends_with('×'), "{stdout}");
    }
    let nginx = server_row("nginx (return 200)");
    if with_nginx {
        assert_eq!(nginx[11], rust[11], "the same answer: {stdout}");
        assert!(nginx[7].ends_with(" µs"), "nginx's CPU/req: {stdout}");
        assert!(server_row("Rust/nginx")[3].ends_with('×'), "{stdout}");
    } else {
        assert!(
            nginx[11].starts_with("not measured: nginx is not installed"),
            "{stdout}"
        );
    }
    let ceiling = rows.last().expect("rows");
    assert_eq!(
        ceiling[..3],
        ["compare loopback-ceiling `GET /`", "no HTTP (ceiling)", "2"],
        "{stdout}"
    );
    let ceiling_requests: f64 = ceiling[3].replace(',', "").parse().expect("req/s");
    assert!(ceiling_requests > 0.0, "{stdout}");
    if with_node {
        assert!(
            stdout.contains("- intro-express example-1 `GET /`: Rust ")
                && stdout.contains("× Node, the ceiling "),
            "each GET row against the ceiling: {stdout}"
        );
    }

    // The chart: the row, a pair of bars for each server measured, the ceiling.
    let svg = std::fs::read_to_string(&chart).expect("bench --svg wrote the chart");
    assert!(
        svg.starts_with("<svg ") && svg.trim_end().ends_with("</svg>"),
        "{svg}"
    );
    assert_eq!(svg.matches("<text").count(), svg.matches("</text>").count());
    assert!(svg.contains(">intro-express example-1</text>"), "{svg}");
    assert!(svg.contains(">loopback ceiling "), "{svg}");
    let servers = 1 + usize::from(with_node) + usize::from(with_nginx);
    assert_eq!(svg.matches("<rect x=\"").count(), 2 * servers + 3, "{svg}");
}
