//! The `compare` command run as a user runs it: on our examples (it builds and starts them), on a
//! toy server of the test's own, and on a small Express server when Node is installed.

use std::{
    io::{BufRead, BufReader, Write},
    net::{SocketAddr, TcpListener},
    path::{Path, PathBuf},
    process::{Command, Output, Stdio},
    thread,
};

fn compare(arguments: &[&str]) -> (Option<i32>, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = Command::new(env!("CARGO_BIN_EXE_compare"))
        .args(arguments)
        .env("NODE_PATH", compare::standins::node_modules())
        .stdin(Stdio::null())
        .output()
        .expect("compare runs");
    let stdout = String::from_utf8_lossy(&stdout).into_owned();
    let stderr = String::from_utf8_lossy(&stderr);
    (status.code(), format!("{stdout}\n--- stderr:\n{stderr}"))
}

/// The table row of probe `id`, e.g. `! root   GET /   200 ...`.
fn row<'a>(output: &'a str, id: &str) -> &'a str {
    output
        .lines()
        .find(|line| {
            line.get(2..)
                .is_some_and(|rest| rest.split_whitespace().next() == Some(id))
        })
        .unwrap_or_else(|| panic!("no row for {id} in:\n{output}"))
}

/// What intro-express example-1 answers `GET /` with: the toy servers below answer the same.
const EXAMPLE_1_PAGE: &str = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<title>Introduction to Express, example 1</title>\n</head>\n<body>\n\
<h1>This is example # 1</h1>\n</body>\n</html>\n";

#[test]
fn send_vs_write_example_2_against_example_3_marks_the_missing_terminator() {
    let (code, output) = compare(&[
        "send-vs-write",
        "example-2",
        "example-3",
        "--only",
        "root,missing",
        "--wait",
        "1",
    ]);
    assert_eq!(code, Some(1), "differences exit with 1:\n{output}");
    let root = row(&output, "root");
    assert!(root.starts_with("! "), "{output}");
    assert!(root.contains("chunked OPEN 170 B"), "{output}");
    assert!(root.contains("chunked done 170 B"), "{output}");
    let end = output
        .lines()
        .find(|line| line.trim_start().starts_with("end "))
        .unwrap_or_else(|| panic!("no `end` detail:\n{output}"));
    assert!(end.contains("still open after 1 s"), "{end}");
    assert!(end.contains("complete in"), "{end}");
    assert!(row(&output, "missing").starts_with("= "), "{output}");
}

#[test]
fn an_example_against_itself_shows_no_differences() {
    let (code, output) = compare(&["intro-express", "example-2", "example-2"]);
    assert_eq!(code, Some(0), "{output}");
    let probe_rows = output
        .lines()
        .filter(|line| line.starts_with("= ") || line.starts_with("! ") || line.starts_with("~ "));
    assert!(probe_rows.clone().count() >= 20, "{output}");
    assert!(
        probe_rows.clone().all(|line| line.starts_with("= ")),
        "{output}"
    );
    assert!(output.contains("0 differ (!)"), "{output}");
}

/// A server that answers `GET /` exactly as intro-express example-1 does, and everything else
/// with a plain-text 404 unlike Express's page. Serves until the test process ends.
fn start_toy_server() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut request_line = String::new();
            if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
                continue; // a connection check, no request
            }
            let mut header = String::new();
            while reader.read_line(&mut header).unwrap_or(0) > 2 {
                header.clear();
            }
            let (status, media_type, body) = if request_line.starts_with("GET / ") {
                ("200 OK", "text/html; charset=utf-8", EXAMPLE_1_PAGE)
            } else {
                ("404 Not Found", "text/plain", "Not Found")
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Type: {media_type}\r\nContent-Length: {}\r\n\
                 Connection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    addr
}

#[test]
fn a_deliberately_different_toy_server_is_caught() {
    let url = format!("http://{}", start_toy_server());
    let (code, output) = compare(&["intro-express", "example-1", &url, "--only", "root,missing"]);
    assert_eq!(code, Some(1), "{output}");
    assert!(row(&output, "root").starts_with("= "), "{output}");
    let missing = row(&output, "missing");
    assert!(missing.starts_with("! "), "{output}");
    assert!(missing.contains("404 text/plain"), "{output}");
    for detail in ["type", "body"] {
        assert!(
            output
                .lines()
                .any(|line| line.trim_start().starts_with(detail) && line.contains("(differs)")),
            "no differing {detail}:\n{output}"
        );
    }
}

#[test]
fn a_difference_the_readme_explains_is_marked_intended_with_its_reason() {
    let url = format!("http://{}", start_toy_server());
    let readme = temp_dir("readme").join("README.md");
    std::fs::write(
        &readme,
        "# toy\n\n## Differences from Node\n\n| probe | Node | here | why |\n|---|---|---|---|\n\
         | `missing` | page | plain | the toy's 404 is plain text |\n",
    )
    .expect("write README");
    let readme = readme.to_string_lossy();
    let (code, output) = compare(&[
        "intro-express",
        "example-1",
        &url,
        "--only",
        "root,missing",
        "--differences",
        &readme,
    ]);
    assert_eq!(
        code,
        Some(0),
        "only intended differences exit with 0:\n{output}"
    );
    assert!(row(&output, "missing").starts_with("~ "), "{output}");
    assert!(
        output.contains("[1] `missing`: the toy's 404 is plain text"),
        "{output}"
    );
}

#[test]
fn a_node_express_server_is_started_compared_and_stopped() {
    let Some(folder) = node_folder("express-server") else {
        return;
    };
    let script = folder.join("server.js");
    std::fs::write(
        &script,
        format!(
            "const express = require('express');\n\
             const app = express();\n\
             const page = {};\n\
             app.get('/', (req, res) => res.send(page));\n\
             const port = Number(process.env.PORT);\n\
             app.listen(port, () => console.log('Server is running. Point your browser to: http://localhost:' + port));\n",
            serde_json::Value::from(EXAMPLE_1_PAGE)
        ),
    )
    .expect("write server.js");
    // What every Express answer has and ours have not, explained as a crate README would.
    let readme = folder.join("README.md");
    std::fs::write(
        &readme,
        "## Differences from Node\n\n| probe | why |\n|---|---|\n\
         | `x-powered-by` | fingerprinting |\n| `etag` | actix's validators |\n",
    )
    .expect("write README");
    let port = free_port();
    let (code, output) = compare(&[
        "intro-express",
        "example-1",
        &format!("node:{}", script.display()),
        "--node-port",
        &port.to_string(),
        "--only",
        "root,missing,post-root",
        "--differences",
        &readme.to_string_lossy(),
    ]);
    assert_eq!(code, Some(0), "{output}");
    assert!(
        output.contains(&format!("B: node server.js (:{port})")),
        "{output}"
    );
    let root = row(&output, "root");
    assert!(root.starts_with("~ "), "{output}");
    assert_eq!(
        root.matches(&format!(
            "200 text/html length done {} B",
            EXAMPLE_1_PAGE.len()
        ))
        .count(),
        2,
        "{output}"
    );
    assert!(output.contains("Express   (intended ["), "{output}");
    for id in ["missing", "post-root"] {
        assert!(row(&output, id).starts_with("~ "), "{output}");
    }
    assert!(
        std::net::TcpStream::connect(("127.0.0.1", port)).is_err(),
        "the Node server still listens on {port} after compare ended"
    );
    let _ = std::fs::remove_dir_all(folder);
}

/// The intro-express stand-in (example-3) in a folder of its own under `folder`, serving a copy
/// of our `www/intro-express` (where it looks: `www` three folders up from its own) in which the page's
/// logo is `images/<logo>` and `change` has altered the files. Returns the script.
fn changed_standin(folder: &Path, case: &str, logo: &str, change: impl FnOnce(&Path)) -> PathBuf {
    let root = folder.join(case);
    let _ = std::fs::remove_dir_all(&root);
    let scripts = root.join("compare/node-standins/intro-express");
    let www = root.join("www/intro-express");
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_folder(&manifest.join("../www/intro-express"), &www);
    std::fs::create_dir_all(&scripts).expect("create the stand-in folder");
    let script = scripts.join("example-3.js");
    std::fs::copy(
        manifest.join("node-standins/intro-express/example-3.js"),
        &script,
    )
    .expect("copy the stand-in");
    // The page names its logo relative to itself, as the original's does, under another name.
    let page = www.join("index.html");
    let html = std::fs::read_to_string(&page).expect("read index.html");
    let ours = "src=\"/images/logo.svg\"";
    assert!(html.contains(ours), "index.html shows {ours}");
    std::fs::write(&page, html.replace(ours, &format!("src=\"images/{logo}\"")))
        .expect("write index.html");
    std::fs::rename(www.join("images/logo.svg"), www.join("images").join(logo))
        .expect("rename the logo");
    change(&www);
    script
}

fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create a folder");
    for entry in std::fs::read_dir(from).expect("read a folder") {
        let entry = entry.expect("a folder entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a file type").is_dir() {
            copy_folder(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy a file");
        }
    }
}

/// The detail line `name` under the row of probe `id`.
fn detail<'a>(output: &'a str, id: &str, name: &str) -> Option<&'a str> {
    let start = output.find(row(output, id))?;
    output[start..]
        .lines()
        .skip(1)
        .take_while(|line| line.starts_with("    "))
        .find(|line| line.trim_start().starts_with(name))
}

#[test]
fn own_files_are_compared_by_role_and_a_wrong_status_or_media_type_is_still_caught() {
    let Some(folder) = node_folder("roles") else {
        return;
    };
    let run = |script: &Path| {
        compare(&[
            "intro-express",
            "example-3",
            &format!("node:{}", script.display()),
            "--node-port",
            &free_port().to_string(),
            "--only",
            "root,logo,logo-head",
        ])
    };

    // Another name and other bytes, the same role: not a difference (the original's logo is
    // `images/nodejs-logo.png`).
    let renamed = changed_standin(&folder, "renamed", "mark.svg", |www| {
        let logo = www.join("images/mark.svg");
        let mut svg = std::fs::read_to_string(&logo).expect("read the logo");
        svg.push_str("<!-- not our bytes -->\n");
        std::fs::write(&logo, svg).expect("write the logo");
    });
    let (code, output) = run(&renamed);
    assert_eq!(code, Some(0), "{output}");
    assert!(!row(&output, "logo").starts_with("! "), "{output}");
    let asked = detail(&output, "logo", "asked for").unwrap_or_else(|| panic!("{output}"));
    assert!(
        asked.contains("/images/logo.svg") && asked.contains("/images/mark.svg"),
        "{asked}"
    );
    let body = detail(&output, "logo", "body").unwrap_or_else(|| panic!("{output}"));
    assert!(body.contains("own file: not compared"), "{body}");
    assert!(
        row(&output, "logo-head").contains("200 image/svg+xml"),
        "{output}"
    );

    // The logo the page shows is text: a wrong media type.
    let text = changed_standin(&folder, "text", "mark.txt", |_| {});
    let (code, output) = run(&text);
    assert_eq!(code, Some(1), "{output}");
    assert!(row(&output, "logo").starts_with("! "), "{output}");
    let media_type = detail(&output, "logo", "type").unwrap_or_else(|| panic!("{output}"));
    assert!(
        media_type.contains("image/svg+xml")
            && media_type.contains("text/plain")
            && media_type.ends_with("(differs)"),
        "{media_type}"
    );

    // The logo the page shows is missing: a wrong status.
    let missing = changed_standin(&folder, "missing", "mark.svg", |www| {
        std::fs::remove_file(www.join("images/mark.svg")).expect("remove the logo");
    });
    let (code, output) = run(&missing);
    assert_eq!(code, Some(1), "{output}");
    for id in ["logo", "logo-head"] {
        assert!(row(&output, id).starts_with("! "), "{output}");
        let status = detail(&output, id, "status").unwrap_or_else(|| panic!("{output}"));
        assert!(
            status.contains("200") && status.contains("404") && status.ends_with("(differs)"),
            "{status}"
        );
    }
    let _ = std::fs::remove_dir_all(folder);
}

/// A fresh folder for a test's Node scripts, which find the stand-ins' pinned Express 4.14.0
/// through `NODE_PATH` (see [`compare`]); `None` with the reason printed when Node or npm cannot
/// provide it here.
fn node_folder(name: &str) -> Option<PathBuf> {
    if let Err(reason) = compare::standins::install(&mut |_| ()) {
        println!("SKIPPED: {reason}: the Node path of compare is untested");
        return None;
    }
    Some(temp_dir(name))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("compare-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create a temporary folder");
    dir
}
