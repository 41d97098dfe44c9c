use harness::{http, start_example};

#[test]
fn about_answers_the_about_page() {
    let server = start_example!("example-3").run();
    let response = http::get(server.addr(), "/about");
    assert_eq!(response.status, 200);
    assert_eq!(
        response.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let page = response.text();
    assert!(page.contains("<h1>About Us</h1>"), "{page}");
    assert!(page.contains(r#"src="/images/logo.svg""#));
    assert!(page.contains("<p>"));
}

#[test]
fn home_and_static_files_still_work_next_to_the_route() {
    let server = start_example!("example-3").run();
    let home = http::get(server.addr(), "/");
    assert!(home.text().contains("<h1>This is www/index.html</h1>"));
    assert_eq!(http::get(server.addr(), "/about.html").status, 200);
    assert_eq!(http::get(server.addr(), "/css/style.css").status, 200);
    assert_eq!(
        http::get(server.addr(), "/contact").text(),
        "Cannot GET /contact\n"
    );
}

#[test]
fn about_has_the_same_caching_headers_as_about_html() {
    let server = start_example!("example-3").run();
    let route = http::get(server.addr(), "/about");
    let file = http::get(server.addr(), "/about.html");
    assert_eq!(route.body, file.body);
    for name in crate::FILE_HEADERS {
        assert!(route.header(name).is_some(), "/about lacks {name}");
        assert_eq!(route.header(name), file.header(name), "{name}");
    }
}

#[test]
fn about_supports_conditional_and_range_requests() {
    let server = start_example!("example-3").run();
    let first = http::get(server.addr(), "/about");
    let etag = first.header("etag").expect("etag");
    let not_modified = http::request(
        server.addr(),
        "GET",
        "/about",
        &[("If-None-Match", etag)],
        b"",
    );
    assert_eq!(not_modified.status, 304);
    assert!(not_modified.body.is_empty());

    let part = http::request(
        server.addr(),
        "GET",
        "/about",
        &[("Range", "bytes=0-99")],
        b"",
    );
    assert_eq!(part.status, 206);
    assert_eq!(part.body, first.body[..100]);
    let total = first.body.len();
    assert_eq!(
        part.header("content-range"),
        Some(format!("bytes 0-99/{total}").as_str())
    );
}
