//! send-vs-write: end what you write; send once; headers before the body.

use std::time::Duration;

use harness::{
    RunningExample,
    http::{Framing, Response},
};

use crate::{
    Exercise, Report,
    web::{self, shown},
};

/// The article's exercises, easy to stretching.
pub const EXERCISES: &[Exercise] = &[
    Exercise {
        article: "send-vs-write",
        slug: "finish-the-response",
        title: "Finish the response",
        binary: "example-2",
        goal: "Make example-2 finish its response, so that the browser stops spinning once the \
               five headings are in.",
        check: finish_the_response,
        well_done: "The five headings arrive, and then the end of the body (the chunk `0`), so the \
                    browser knows the page is complete and stops spinning, and the connection is \
                    free for the next request.",
    },
    Exercise {
        article: "send-vs-write",
        slug: "one-send",
        title: "All five headings in one send",
        binary: "example-1",
        goal: "Make example-1 answer all five headings, with a single res.send(), and no \
               ERR_HTTP_HEADERS_SENT in the server's terminal.",
        check: one_send,
        well_done: "One send() with the whole page: the five headings arrive together, with a \
                    Content-Length, and the server has nothing to complain about.",
    },
    Exercise {
        article: "send-vs-write",
        slug: "heading-count-header",
        title: "Announce the headings in a header",
        binary: "example-3",
        goal: "Make example-3 send a response header `X-Heading-Count` whose value is the number of \
               headings in the page (5), and still end its response cleanly.",
        check: heading_count_header,
        well_done: "X-Heading-Count arrives in the head, before the first heading. In Node the \
                    head goes out with the first write(), so a header set after it is too late; \
                    in actix-web the builder takes the headers before the body, so the count has \
                    to be known before the stream is made.",
    },
];

/// How long a check waits for a response to end before calling it never-ending. Example-3's
/// whole answer takes a millisecond.
const END_WAIT: Duration = Duration::from_secs(2);

/// How long a check listens for the server reporting an error after a response.
const ERROR_WAIT: Duration = Duration::from_millis(500);

const HEADERS_SENT: &str = "ERR_HTTP_HEADERS_SENT";

fn heading(number: usize) -> String {
    format!("<h1>This is the response #: {number}</h1>")
}

/// Which of the five headings are missing from the body.
fn missing_headings(response: &Response) -> Vec<usize> {
    let body = response.text();
    (1..=5)
        .filter(|&number| !body.contains(&heading(number)))
        .collect()
}

fn five_headings(response: &Response, report: &mut Report) -> bool {
    let missing = missing_headings(response);
    report.expect(
        response.status == 200 && missing.is_empty(),
        "GET / answers 200 with the five headings `This is the response #: 1` to `#: 5`",
        || {
            format!(
                "GET / should answer 200 with the five headings `<h1>This is the response #: \
                 1</h1>` to `#: 5`; it answered {} and headings {missing:?} are missing (the \
                 body: {}).",
                response.status,
                shown(response)
            )
        },
    )
}

fn finish_the_response(example: &RunningExample, report: &mut Report) {
    let (mut connection, response) = match web::get_within(example.addr(), "/", END_WAIT) {
        Ok(answer) => answer,
        Err(problem) => return report.todo(problem),
    };
    five_headings(&response, report);
    if !report.expect(
        response.complete,
        "the response ends: the browser knows the page is complete",
        || {
            format!(
                "The response never ends: the headings arrived, then nothing more for {} s, and \
                 no end of the body (no chunk `0`). That is why the browser keeps spinning: it \
                 waits for the rest of the page. Express's res.end() says the body is \
                 finished; in actix-web, the end of the stream does. Does yours end?",
                END_WAIT.as_secs()
            )
        },
    ) {
        return;
    }
    // A response that ended leaves the connection ready for the next request (keep-alive).
    match connection.get("/") {
        Ok(second) => report.expect(
            second.status == 200 && second.complete,
            "the same connection then carries a second request",
            || {
                format!(
                    "A second GET / on the same connection answered {} (complete: {}).",
                    second.status, second.complete
                )
            },
        ),
        Err(problem) => {
            report.todo(format!(
                "After the first response, the connection could not carry a second request \
                 ({problem})."
            ));
            false
        }
    };
}

fn one_send(example: &RunningExample, report: &mut Report) {
    let response = match web::get_within(example.addr(), "/", END_WAIT) {
        Ok((_, response)) => response,
        Err(problem) => return report.todo(problem),
    };
    let missing = missing_headings(&response);
    if missing == [2, 3, 4, 5] {
        report.todo(
            "GET / still answers only the first heading: the first send() is the whole \
             response, and it is over. Build the whole page first (all five headings in one \
             String), then send it once: `.body(page)`.",
        );
    } else {
        five_headings(&response, report);
    }
    let in_order = {
        let body = response.text();
        let positions: Vec<_> = (1..=5).filter_map(|n| body.find(&heading(n))).collect();
        positions.len() == 5 && positions.windows(2).all(|pair| pair[0] < pair[1])
    };
    if missing.is_empty() {
        report.expect(in_order, "in order, 1 to 5", || {
            "The five headings are there, but not in order 1 to 5.".to_owned()
        });
    }
    report.expect(response.complete, "the response is complete", || {
        format!(
            "The response did not end within {} s: the browser would keep spinning.",
            END_WAIT.as_secs()
        )
    });
    report.expect(
        matches!(response.framing, Framing::Length(_)),
        "in one send(): it arrives with a Content-Length",
        || {
            if response.framing == Framing::Chunked {
                "The body arrives in chunks, the way write() (`.streaming(..)`) sends it. This \
                 exercise asks for one send() with the whole page, `.body(page)`: it knows the \
                 whole body, so it goes out with a Content-Length."
                    .to_owned()
            } else {
                format!(
                    "The body arrives framed as {:?}, not with a Content-Length.",
                    response.framing
                )
            }
        },
    );
    let error = example.wait_for_stderr(HEADERS_SENT, ERROR_WAIT);
    report.expect(
        error.is_none(),
        "the server logs no ERR_HTTP_HEADERS_SENT",
        || {
            format!(
                "The server still logs `{}`: the handler still does what a second send() does \
                 (`second_send_throws`). Send the whole page once, and only once.",
                error.unwrap_or_default()
            )
        },
    );
}

fn heading_count_header(example: &RunningExample, report: &mut Report) {
    let response = match web::get_within(example.addr(), "/", END_WAIT) {
        Ok((_, response)) => response,
        Err(problem) => return report.todo(problem),
    };
    let Some(count) = response.header("x-heading-count") else {
        report.todo(
            "The response has no X-Heading-Count header yet. `.insert_header((name, value))` on \
             the response builder adds one, before `.streaming(..)` takes the body, as \
             `.content_type(..)` does for Content-Type.",
        );
        // Still look at the page, so that a change that broke it hears about it.
        five_headings(&response, report);
        return;
    };
    report.done("the head has an X-Heading-Count header");
    let headings = response.text().matches("<h1").count();
    report.expect(
        count.trim() == headings.to_string(),
        format!("X-Heading-Count is {headings}, the number of headings in the page"),
        || {
            format!(
                "X-Heading-Count says `{count}`, but the page has {headings} headings: the header \
                 should say how many there are."
            )
        },
    );
    five_headings(&response, report);
    report.expect(response.complete, "the response still ends", || {
        format!(
            "The response does not end (no chunk `0` within {} s), so the browser keeps \
             spinning. Keep the stream ending after the five headings.",
            END_WAIT.as_secs()
        )
    });
}
