use harness::{http, start_example};

#[test]
fn get_root_serves_www_index_html() {
    let server = start_example!("example-2").run();
    let response = http::get(server.addr(), "/");
    assert_eq!(response.status, 200);
    assert_eq!(
        response.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let page = response.text();
    assert!(page.contains("<h1>This is www/index.html</h1>"), "{page}");
    for link in [
        r#"href="/""#,
        r#"href="/about""#,
        r#"src="/images/logo.svg""#,
        r#"href="/css/style.css""#,
    ] {
        assert!(page.contains(link), "index.html lacks {link}");
    }
}

#[test]
fn about_is_a_404_although_the_page_links_to_it() {
    let server = start_example!("example-2").run();
    let response = http::get(server.addr(), "/about");
    assert_eq!(response.status, 404);
    assert_eq!(response.text(), "Cannot GET /about\n");
}

#[test]
fn about_html_stylesheet_and_logo_are_served_with_their_media_types() {
    let server = start_example!("example-2").run();
    for (path, media_type) in [
        ("/about.html", "text/html; charset=utf-8"),
        ("/css/style.css", "text/css; charset=utf-8"),
        ("/images/logo.svg", "image/svg+xml"),
    ] {
        let response = http::get(server.addr(), path);
        assert_eq!(response.status, 200, "{path}");
        assert_eq!(response.header("content-type"), Some(media_type), "{path}");
        assert!(!response.body.is_empty(), "{path}");
    }
}
