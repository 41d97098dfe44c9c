//! The benchmark command's smoke test: it runs briefly and prints a well-formed table. No timing
//! is asserted (the figures depend on the machine); the README holds a real run.

use std::{
    path::Path,
    process::{Command, Stdio},
};

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

/// The stand-ins' pinned Express, installed with `npm ci` when missing (the bench would do the
/// same, but a registry that cannot be reached should cost the Node half only, not the test).
fn standins_installed() -> bool {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("node-standins");
    if dir.join("node_modules/express").is_dir() {
        return true;
    }
    Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(&dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

#[test]
fn a_one_second_run_prints_a_markdown_table_with_rust_node_their_ratio_and_the_ceiling() {
    if !on_path("wrk") {
        println!("SKIPPED: wrk is not installed (scripts/setup installs it): bench is untested");
        return;
    }
    let with_node = on_path("node") && on_path("npm") && standins_installed();
    let mut arguments = vec![
        "--debug",
        "--rows",
        "intro-root,ceiling",
        "--duration",
        "1",
        "--connections",
        "2",
        "--threads",
        "1",
    ];
    if with_node {
        arguments.push("--node-standins");
    } else {
        println!(
            "(Node, npm or the stand-ins' Express missing: the smoke test runs the Rust row only)"
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

    let rows: Vec<Vec<&str>> = stdout
        .lines()
        .filter(|line| line.starts_with('|'))
        .map(|line| line.trim_matches('|').split('|').map(str::trim).collect())
        .collect();
    let expected_rows = if with_node { 6 } else { 4 };
    assert_eq!(rows.len(), expected_rows, "{stdout}");
    assert!(
        rows.iter().all(|row| row.len() == 11),
        "ragged table:\n{stdout}"
    );
    assert_eq!(
        rows[0][..4],
        ["row", "server", "conns", "req/s"],
        "{stdout}"
    );
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
    if with_node {
        assert_eq!(rows[3][1], "Node (stand-in)", "{stdout}");
        assert_eq!(rows[4][1], "Rust/Node", "{stdout}");
        assert!(rows[4][3].ends_with('×'), "{stdout}");
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
}
