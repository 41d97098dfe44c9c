//! Odd `Content-Type` and `Content-Encoding` headers: parsed, or a short 415.

use harness::{hostile::Tally, start_example};

use crate::{
    FORM, JSON,
    case::Case,
    checks::{Example, assert_still_running, check_still_well},
    client::Client,
    oracle::{Expected, form_rules, json_rules},
    refusals::ACCEPTED_TYPES,
};

#[test]
fn odd_content_types_and_encodings_get_a_short_415_or_are_parsed() {
    let mut server = start_example!("example-2").run();
    let mut tally = Tally::default();
    let mut client = Client::new(server.addr());
    let body = br#"{"firstName":"Ada"}"#;
    let (json, form) = (json_rules(body), form_rules(body));
    let some = |text: &str| Some(text.to_owned());
    let not_accepted = |what: &str| {
        Expected::Refused(
            415,
            format!("Content-Type {what} is not accepted; {ACCEPTED_TYPES}"),
        )
    };
    let unreadable = Expected::Refused(
        415,
        format!("The Content-Type header could not be understood; {ACCEPTED_TYPES}"),
    );
    let charset = |name: &str| {
        Expected::Refused(
            415,
            format!("Only UTF-8 bodies are accepted, not charset={name}."),
        )
    };
    let long = "a".repeat(5_000);
    // (Content-Type, Content-Encoding, answer)
    let cases: Vec<(Option<String>, Option<String>, Expected)> = vec![
        (
            some(r#"application/json; charset="utf-8""#),
            None,
            json.clone(),
        ),
        (some("APPLICATION/JSON; CHARSET=UTF-8"), None, json.clone()),
        (
            some("application/json; foo=bar; charset=utf-8"),
            None,
            json.clone(),
        ),
        (some("  application/json  "), None, json.clone()),
        (some(&format!("{FORM}; charset=utf-8")), None, form),
        (some(JSON), some("identity"), json.clone()),
        (some(JSON), some("IDENTITY"), json.clone()),
        // An empty Content-Encoding is no encoding, as body-parser reads it.
        (some(JSON), some(""), json),
        (
            None,
            None,
            Expected::Refused(
                415,
                format!("The body has no Content-Type; {ACCEPTED_TYPES}"),
            ),
        ),
        (some("text/plain"), None, not_accepted("text/plain")),
        (
            some("multipart/form-data; boundary=x"),
            None,
            not_accepted("multipart/form-data"),
        ),
        (
            some("application/vnd.api+json"),
            None,
            not_accepted("application/vnd.api+json"),
        ),
        (
            some("application/jsonp"),
            None,
            not_accepted("application/jsonp"),
        ),
        (some("*/*"), None, not_accepted("*/*")),
        (some("application/"), None, not_accepted("application/")),
        (some(""), None, unreadable.clone()),
        (some("json"), None, unreadable.clone()),
        (some("/json"), None, unreadable.clone()),
        (
            some("application/json, text/plain"),
            None,
            unreadable.clone(),
        ),
        (
            some(r#"application/json; charset="utf-8"#),
            None,
            unreadable.clone(),
        ),
        (some("application/jsön"), None, unreadable),
        (
            some("application/json; charset=latin1"),
            None,
            charset("latin1"),
        ),
        (
            some(&format!("{FORM}; charset=utf-16")),
            None,
            charset("utf-16"),
        ),
        (
            some(JSON),
            some("gzip"),
            Expected::Refused(
                415,
                "Compressed bodies (Content-Encoding: gzip) are not accepted; send the body \
                 uncompressed."
                    .to_owned(),
            ),
        ),
        // Client text that the sentence repeats is cut short: it must stay a short sentence.
        (
            some(&format!("text/{long}")),
            None,
            Expected::AnyRefusal(415),
        ),
        (
            some(&format!("{long}/json")),
            None,
            Expected::AnyRefusal(415),
        ),
        (
            some(&format!("{JSON}; charset={long}")),
            None,
            Expected::AnyRefusal(415),
        ),
        (some(JSON), some(&long), Expected::AnyRefusal(415)),
        (
            some(JSON),
            some("gzip, identity"),
            Expected::AnyRefusal(415),
        ),
        (some(JSON), some("é"), Expected::AnyRefusal(415)),
    ];
    for (content_type, encoding, expected) in cases {
        for chunked in [None, Some(7)] {
            let case = Case {
                json: true,
                content_type: content_type.clone(),
                headers: encoding
                    .iter()
                    .map(|value| ("Content-Encoding".to_owned(), value.clone()))
                    .collect(),
                body: body.to_vec(),
                chunked,
                expected: expected.clone(),
                intended: None,
            };
            client.check(Example::Two, &case, &mut tally);
        }
    }
    check_still_well(&server, &mut tally);
    assert_still_running(&mut server);
    tally.report("post-form example-2", "odd content types");
}
