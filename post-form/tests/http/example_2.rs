//! example-2: both body types parsed and echoed back at once, as parsed.

use std::time::Duration;

use harness::{http, start_example};

use crate::support::{FORM, JSON, assert_json_answer, assert_refused, post};

#[test]
fn a_urlencoded_body_is_echoed_as_parsed() {
    let server = start_example!("example-2").run();
    let response = post(
        server.addr(),
        Some(FORM),
        b"firstName=Ada+Byron&lastName=%C3%A9%F0%9F%98%80&age=36",
    );
    assert_eq!(
        assert_json_answer(&response, 200),
        r#"{"firstName":"Ada Byron","lastName":"é😀","parsedAs":"urlencoded"}"#
    );
}

#[test]
fn a_json_body_is_echoed_as_parsed() {
    let server = start_example!("example-2").run();
    let response = post(
        server.addr(),
        Some("application/json; charset=UTF-8"),
        r#"{"firstName":"Ada","lastName":"Lovelace","age":36}"#.as_bytes(),
    );
    assert_eq!(
        assert_json_answer(&response, 200),
        r#"{"firstName":"Ada","lastName":"Lovelace","parsedAs":"json"}"#
    );
}

/// body-parser drops a leading UTF-8 byte order mark before parsing either type (checked with
/// body-parser 1.15.2); so do we.
#[test]
fn a_leading_byte_order_mark_is_dropped_as_body_parser_does() {
    let server = start_example!("example-2").run();
    for (content_type, body, echoed) in [
        (
            JSON,
            "\u{feff}{\"firstName\":\"Ada\",\"lastName\":\"L\"}",
            r#"{"firstName":"Ada","lastName":"L","parsedAs":"json"}"#,
        ),
        (
            FORM,
            "\u{feff}firstName=Ada",
            r#"{"firstName":"Ada","lastName":null,"parsedAs":"urlencoded"}"#,
        ),
        (
            JSON,
            "\u{feff}",
            r#"{"firstName":null,"lastName":null,"parsedAs":"empty"}"#,
        ),
    ] {
        let response = post(server.addr(), Some(content_type), body.as_bytes());
        assert_eq!(assert_json_answer(&response, 200), echoed, "{body:?}");
    }
}

#[test]
fn empty_strings_stay_empty_and_missing_fields_are_null_before_example_3s_or_null() {
    let server = start_example!("example-2").run();
    for (content_type, body, echoed) in [
        (
            FORM,
            &b"firstName="[..],
            r#"{"firstName":"","lastName":null,"parsedAs":"urlencoded"}"#,
        ),
        (
            JSON,
            br#"{"lastName":""}"#,
            r#"{"firstName":null,"lastName":"","parsedAs":"json"}"#,
        ),
        (
            JSON,
            br#"{"firstName":null}"#,
            r#"{"firstName":null,"lastName":null,"parsedAs":"json"}"#,
        ),
    ] {
        let response = post(server.addr(), Some(content_type), body);
        assert_eq!(assert_json_answer(&response, 200), echoed);
    }
}

#[test]
fn an_empty_body_is_parsed_as_empty_whatever_its_type() {
    let server = start_example!("example-2").run();
    for content_type in [None, Some(FORM), Some(JSON), Some("text/plain")] {
        let response = post(server.addr(), content_type, b"");
        assert_eq!(
            assert_json_answer(&response, 200),
            r#"{"firstName":null,"lastName":null,"parsedAs":"empty"}"#,
            "{content_type:?}"
        );
    }
}

#[test]
fn a_body_that_cannot_be_parsed_gets_the_same_4xx_as_in_example_3() {
    let server = start_example!("example-2").run();
    assert_refused(
        &post(server.addr(), Some(JSON), b"{bad"),
        400,
        "The body is not valid JSON: key must be a string at line 1 column 2.",
    );
    assert_refused(
        &post(server.addr(), Some("text/plain"), b"Ada"),
        415,
        "Content-Type text/plain is not accepted; send application/json or \
         application/x-www-form-urlencoded.",
    );
}

#[test]
fn echoing_logs_nothing_on_stdout() {
    let mut server = start_example!("example-2").run();
    let response = post(server.addr(), Some(FORM), b"firstName=Ada");
    assert_eq!(response.status, 200);
    server.signal("INT");
    server
        .wait_for_exit(Duration::from_secs(10))
        .expect("exits after Ctrl-C");
    assert_eq!(
        server.stdout_to_end(Duration::from_secs(5)),
        Vec::<String>::new()
    );
}

#[test]
fn get_and_put_form_are_the_express_404() {
    let server = start_example!("example-2").run();
    for method in ["GET", "PUT"] {
        let response = http::request(server.addr(), method, "/form", &[], b"");
        assert_eq!(response.status, 404, "{method}");
        assert_eq!(response.text(), format!("Cannot {method} /form\n"));
    }
}
