//! example-1: the static page, and nothing that handles the POST.

use harness::{http, start_example};

use crate::support::{FORM, JSON, post};

#[test]
fn the_banner_is_the_originals_with_the_port_bound() {
    let server = start_example!("example-1").run();
    assert_eq!(
        server.banner,
        format!(
            "Server is running. Point your browser to: http://localhost:{}",
            server.port
        )
    );
}

#[test]
fn get_root_serves_the_form_page() {
    let server = start_example!("example-1").run();
    let response = http::get(server.addr(), "/");
    assert_eq!(response.status, 200);
    assert_eq!(
        response.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let page = response.text();
    assert!(page.contains(r#"<form id="form" action="/form" method="post">"#));
    assert!(page.contains(r#"name="firstName""#) && page.contains(r#"name="lastName""#));
}

#[test]
fn post_form_is_the_express_404_because_no_route_handles_it_yet() {
    let server = start_example!("example-1").run();
    for (content_type, body) in [
        (FORM, &b"firstName=Ada&lastName=Lovelace"[..]),
        (JSON, br#"{"firstName":"Ada","lastName":"Lovelace"}"#),
    ] {
        let response = post(server.addr(), Some(content_type), body);
        assert_eq!(response.status, 404, "{content_type}");
        assert_eq!(
            response.header("content-type"),
            Some("text/html; charset=utf-8")
        );
        assert_eq!(response.text(), "Cannot POST /form\n");
    }
}

#[test]
fn get_and_put_form_are_the_express_404() {
    let server = start_example!("example-1").run();
    for method in ["GET", "PUT"] {
        let response = http::request(server.addr(), method, "/form", &[], b"");
        assert_eq!(response.status, 404, "{method}");
        assert_eq!(response.text(), format!("Cannot {method} /form\n"));
    }
}
