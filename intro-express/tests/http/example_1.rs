//! example-1 on the wire: what the in-process tests in `src/bin/example-1.rs` cannot see.

use harness::{
    http::{self, Framing},
    start_example,
};

#[test]
fn the_page_is_sent_whole_with_a_content_length_and_no_x_powered_by() {
    let server = start_example!("example-1").run();
    let response = http::get(server.addr(), "/");
    assert_eq!(response.status, 200);
    assert!(response.text().contains("<h1>This is example # 1</h1>"));
    assert_eq!(response.framing, Framing::Length(response.body.len()));
    assert!(response.header("x-powered-by").is_none());
}

#[test]
fn head_root_answers_the_same_length_without_a_body() {
    let server = start_example!("example-1").run();
    let length = http::get(server.addr(), "/").body.len().to_string();
    let response = http::request(server.addr(), "HEAD", "/", &[], b"");
    assert_eq!(response.status, 200);
    assert_eq!(response.header("content-length"), Some(length.as_str()));
    assert!(response.body.is_empty());
}
