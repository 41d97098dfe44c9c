use harness::{
    http::{self, Framing},
    start_example,
};

#[test]
fn get_root_answers_the_heading_as_html() {
    let server = start_example!("example-1").run();
    let response = http::get(server.addr(), "/");
    assert_eq!(response.status, 200);
    assert_eq!(
        response.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(response.text(), "<h1>This is example # 1</h1>");
    assert_eq!(response.framing, Framing::Length(28));
    assert!(response.header("x-powered-by").is_none());
}

#[test]
fn head_root_answers_the_same_headers_without_a_body() {
    let server = start_example!("example-1").run();
    let response = http::request(server.addr(), "HEAD", "/", &[], b"");
    assert_eq!(response.status, 200);
    assert_eq!(response.header("content-length"), Some("28"));
    assert!(response.body.is_empty());
}

#[test]
fn other_paths_and_methods_get_the_express_404() {
    let server = start_example!("example-1").run();
    for (method, path, body) in [
        ("GET", "/about", "Cannot GET /about\n"),
        ("GET", "/index.html", "Cannot GET /index.html\n"),
        ("POST", "/", "Cannot POST /\n"),
        (
            "GET",
            "/x?q=%3Cb%3E&y=1",
            "Cannot GET /x?q=%3Cb%3E&amp;y=1\n",
        ),
    ] {
        let response = http::request(server.addr(), method, path, &[], b"");
        assert_eq!(response.status, 404, "{method} {path}");
        assert_eq!(
            response.header("content-type"),
            Some("text/html; charset=utf-8")
        );
        assert_eq!(response.text(), body);
    }
}
