//! express.static details, checked on example-2 (example-3 shares the same file service).

use std::fs;

use harness::{hostile::TrappedWww, http, start_example};

#[test]
fn files_carry_etag_last_modified_and_cache_control() {
    let server = start_example!("example-2").run();
    let response = http::get(server.addr(), "/css/style.css");
    assert_eq!(response.header("cache-control"), Some("public, max-age=0"));
    assert!(response.header("etag").is_some());
    assert!(response.header("last-modified").is_some());
    assert_eq!(response.header("accept-ranges"), Some("bytes"));
    assert!(response.header("content-disposition").is_none());
}

#[test]
fn a_matching_etag_or_date_answers_304_without_a_body() {
    let server = start_example!("example-2").run();
    let first = http::get(server.addr(), "/");
    let etag = first.header("etag").expect("etag").to_owned();
    let modified = first
        .header("last-modified")
        .expect("last-modified")
        .to_owned();
    for condition in [
        ("If-None-Match", etag.as_str()),
        ("If-Modified-Since", modified.as_str()),
    ] {
        let response = http::request(server.addr(), "GET", "/", &[condition], b"");
        assert_eq!(response.status, 304, "{condition:?}");
        assert!(response.body.is_empty());
    }
    let stale = http::request(
        server.addr(),
        "GET",
        "/",
        &[("If-None-Match", "\"other\"")],
        b"",
    );
    assert_eq!(stale.status, 200);
}

#[test]
fn a_range_answers_206_and_an_impossible_range_416() {
    let server = start_example!("example-2").run();
    let whole = http::get(server.addr(), "/");
    let total = whole.body.len();
    let part = http::request(server.addr(), "GET", "/", &[("Range", "bytes=0-99")], b"");
    assert_eq!(part.status, 206);
    assert_eq!(part.body, whole.body[..100]);
    assert_eq!(
        part.header("content-range"),
        Some(format!("bytes 0-99/{total}").as_str())
    );
    let beyond = format!("bytes={}-{}", total + 10, total + 20);
    let impossible = http::request(server.addr(), "GET", "/", &[("Range", &beyond)], b"");
    assert_eq!(impossible.status, 416);
    assert_eq!(
        impossible.header("content-range"),
        Some(format!("bytes */{total}").as_str())
    );
}

#[test]
fn a_folder_without_slash_redirects_and_a_folder_without_index_is_404() {
    let server = start_example!("example-2").run();
    let redirect = http::get(server.addr(), "/css");
    assert!((300..400).contains(&redirect.status), "{}", redirect.status);
    assert_eq!(redirect.header("location"), Some("/css/"));
    let folder = http::get(server.addr(), "/css/");
    assert_eq!(folder.status, 404);
    assert_eq!(folder.text(), "Cannot GET /css/\n");
}

#[test]
fn dot_segments_inside_www_resolve_like_express() {
    let server = start_example!("example-2").run();
    let response = http::get(server.addr(), "/css/../index.html");
    assert_eq!(response.status, 200);
    assert!(response.text().contains("This is www/index.html"));
}

#[test]
fn nothing_outside_www_is_reachable() {
    let server = start_example!("example-2").run();
    // The workspace's Cargo.toml sits two folders above www/intro-express.
    for path in [
        "/../../Cargo.toml",
        "/css/../../../Cargo.toml",
        "/%2e%2e/%2e%2e/Cargo.toml",
        "/..%2f..%2fCargo.toml",
        "/%252e%252e/%252e%252e/Cargo.toml",
        "/..\\..\\Cargo.toml",
        "/../../../../../../etc/passwd",
        "/.%2e/.%2e/Cargo.toml",
        "/index.html%00.css",
    ] {
        let response = http::get(server.addr(), path);
        assert!(
            (400..500).contains(&response.status),
            "{path}: {}",
            response.status
        );
        let body = response.text();
        assert!(
            !body.contains("[workspace]") && !body.contains("root:"),
            "{path}: {body}"
        );
        assert!(body.len() < 200, "{path}: {body}");
    }
}

#[test]
fn other_methods_on_files_get_the_express_404() {
    let server = start_example!("example-2").run();
    for method in ["POST", "PUT", "DELETE"] {
        let response = http::request(server.addr(), method, "/index.html", &[], b"");
        assert_eq!(response.status, 404, "{method}");
        assert_eq!(response.text(), format!("Cannot {method} /index.html\n"));
    }
}

#[test]
fn an_impossible_range_gets_a_short_text_answer_on_files_and_routes() {
    let server = start_example!("example-3").run();
    for path in ["/css/style.css", "/about"] {
        let response = http::request(
            server.addr(),
            "GET",
            path,
            &[("Range", "bytes=99999-")],
            b"",
        );
        assert_eq!(response.status, 416, "{path}");
        assert_eq!(
            response.header("content-type"),
            Some("text/plain; charset=utf-8"),
            "{path}"
        );
        assert_eq!(response.text(), "Range Not Satisfiable\n", "{path}");
    }
}

#[test]
fn a_range_header_that_is_not_a_byte_range_is_ignored() {
    let server = start_example!("example-3").run();
    for path in ["/css/style.css", "/about"] {
        let whole = http::get(server.addr(), path);
        for range in ["bytes=abc", "bytes=9-1", "items=0-5", "bytes="] {
            let response = http::request(server.addr(), "GET", path, &[("Range", range)], b"");
            assert_eq!(response.status, 200, "{path} {range}");
            assert_eq!(response.body, whole.body, "{path} {range}");
        }
    }
}

/// Small files are kept in memory between requests (`serve-static/src/file_cache.rs`); whatever way an
/// editor saves, the next request must get the file as it is on disk now.
#[test]
fn an_edited_file_is_served_as_edited_on_the_very_next_request() {
    edits_show_on_the_next_request("/css/style.css", &["css", "style.css"]);
}

/// `/` is the folder's index.html, answered from memory like any small file: edits show too.
#[test]
fn an_edited_index_html_is_served_as_edited_on_the_very_next_request() {
    edits_show_on_the_next_request("/", &["index.html"]);
}

fn edits_show_on_the_next_request(url: &str, file: &[&str]) {
    let www = TrappedWww::copy_of(&intro_express::www());
    let server = start_example!("example-2")
        .env("WWW_DIR", www.root_env())
        .run();
    let path = file
        .iter()
        .fold(www.root.clone(), |path, name| path.join(name));
    let served = || {
        let response = http::get(server.addr(), url);
        assert_eq!(response.status, 200, "{url}");
        let etag = response.header("etag").map(str::to_owned);
        (response.body, etag)
    };
    let original = fs::read(&path).expect("read the file");
    let (body, first_etag) = served();
    assert_eq!(body, original);
    assert_eq!(served().0, original, "served twice");

    // Written in place, same length, over and over in quick succession: the edit that changes
    // the least about a file.
    let mut reversed = original.clone();
    reversed.reverse();
    for round in 0..20 {
        let edit = if round % 2 == 0 { &reversed } else { &original };
        fs::write(&path, edit).expect("write in place");
        let (body, etag) = served();
        assert!(
            body == *edit,
            "{url} round {round}: the previous version was served"
        );
        if round == 0 {
            assert_ne!(etag, first_etag, "the ETag must change with the file");
        }
    }

    let longer = [original.as_slice(), b"\n<!-- one more line -->\n"].concat();
    fs::write(&path, &longer).expect("write a longer file");
    assert_eq!(served().0, longer, "a longer file");

    // Saved as a new file renamed over the old one, as many editors do.
    let renamed = [original.as_slice(), b"\n<!-- renamed over -->\n"].concat();
    let draft = path.with_extension("draft");
    fs::write(&draft, &renamed).expect("write the draft");
    fs::rename(&draft, &path).expect("rename over the file");
    assert_eq!(served().0, renamed, "a file renamed over the old one");

    fs::remove_file(&path).expect("remove the file");
    let gone = http::get(server.addr(), url);
    assert_eq!(gone.status, 404, "{url}");
    assert_eq!(gone.text(), format!("Cannot GET {url}\n"));
}

/// A plain request and a conditional or partial one for the same kept file get the headers the
/// file service gives: kept answers must not drift from served ones.
#[test]
fn kept_and_freshly_read_answers_carry_the_same_headers() {
    for url in ["/images/logo.svg", "/", "/index.html"] {
        kept_and_fresh_answers_agree(url);
    }
}

fn kept_and_fresh_answers_agree(url: &str) {
    let server = start_example!("example-2").run();
    let first = http::get(server.addr(), url);
    let kept = http::get(server.addr(), url);
    // A conditional request goes to actix-files' own file service.
    let stale_condition = http::request(
        server.addr(),
        "GET",
        url,
        &[("If-None-Match", "\"other\"")],
        b"",
    );
    for response in [&kept, &stale_condition] {
        assert_eq!(response.status, 200, "{url}");
        assert_eq!(response.body, first.body, "{url}");
        for name in crate::FILE_HEADERS {
            assert!(first.header(name).is_some(), "{url} {name}");
            assert_eq!(response.header(name), first.header(name), "{url} {name}");
        }
    }
    let head = http::request(server.addr(), "HEAD", url, &[], b"");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(
        head.header("content-length"),
        first.header("content-length")
    );
}
