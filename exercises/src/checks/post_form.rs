//! post-form: a third field with the same rules; refusing a post that lacks what it needs.

use std::{thread, time::Duration};

use harness::RunningExample;
use serde_json::Value;

use crate::{
    Exercise, Report,
    html::attribute_values,
    web::{self, Reply, shown},
};

/// The article's exercises, easy to stretching.
pub const EXERCISES: &[Exercise] = &[
    Exercise {
        article: "post-form",
        slug: "require-first-name",
        title: "A first name is required",
        binary: "example-3",
        goal: "Make example-3 refuse a post without a first name (missing or empty) with `422 \
               Unprocessable Entity` and a JSON `{\"error\": \"...\"}` that says so, at once, \
               before the simulated slow network.",
        check: require_first_name,
        well_done: "A post without a first name is refused at once with 422 and a sentence the page \
                    shows, and a good post is answered as before. Validate first, then do the slow \
                    work.",
    },
    Exercise {
        article: "post-form",
        slug: "email-field",
        title: "An email field",
        binary: "example-3",
        goal: "Add an email field to the form page and to example-3: posted like the two names, \
               and answered like them, `\"email\": \"ada@example.com\"`, or `null` when it is \
               empty or missing.",
        check: email_field,
        well_done: "The page posts email, the server reads it from both body types and answers it \
                    with the same `|| null` rule as the names. A new field is a change in three \
                    places: the page, the struct the extractors read, the answer.",
    },
];

/// A refusal must come sooner than this: example-3 waits 1 s before answering a good post.
const AT_ONCE: Duration = Duration::from_millis(900);

/// One post and what it was.
struct Post {
    /// How the report names it: `email=ada@example.com`.
    label: &'static str,
    json: bool,
    body: &'static str,
}

/// Sends the posts all at once (each good one waits example-3's 1 s), in order of `posts`.
fn send_all(example: &RunningExample, posts: &[Post]) -> Vec<Result<Reply, String>> {
    let addr = example.addr();
    thread::scope(|scope| {
        let sending: Vec<_> = posts
            .iter()
            .map(|post| {
                scope.spawn(move || {
                    if post.json {
                        web::post_json(addr, post.body)
                    } else {
                        web::post_form(addr, post.body)
                    }
                })
            })
            .collect();
        sending
            .into_iter()
            .map(|thread| {
                thread
                    .join()
                    .unwrap_or_else(|_| Err("the request failed inside the check".to_owned()))
            })
            .collect()
    })
}

/// The answer as a JSON object, or why it is not one.
fn json_object(reply: &Reply) -> Result<serde_json::Map<String, Value>, String> {
    let response = &reply.response;
    match serde_json::from_slice::<Value>(&response.body) {
        Ok(Value::Object(object)) => Ok(object),
        _ => Err(format!(
            "answered {} with {}, not a JSON object",
            response.status,
            shown(response)
        )),
    }
}

fn email_field(example: &RunningExample, report: &mut Report) {
    let addr = example.addr();
    match web::get(addr, "/") {
        Ok(page) => {
            report.expect(
                attribute_values(&page.text(), "name")
                    .iter()
                    .any(|name| name == "email"),
                "the form page has an input named email",
                || {
                    "The form page (www/post-form/index.html) has no input named email yet: \
                     add one like firstName's, with name=\"email\" (and type=\"email\")."
                        .to_owned()
                },
            );
        }
        Err(problem) => report.todo(problem),
    }
    match web::get(addr, "/js/form.js") {
        Ok(script) => {
            let script = script.text();
            report.expect(
                script.contains("email") || script.contains("FormData"),
                "the page's script posts it",
                || {
                    "The page's script (www/post-form/js/form.js) builds the body field by field, \
                     body.append('firstName', ...), and does not send email yet: the browser \
                     would never post it."
                        .to_owned()
                },
            );
        }
        Err(problem) => report.todo(problem),
    }

    let posts = [
        Post {
            label: "firstName=Ada&lastName=Lovelace&email=ada%40example.com",
            json: false,
            body: "firstName=Ada&lastName=Lovelace&email=ada%40example.com",
        },
        Post {
            label: "an empty email (email=)",
            json: false,
            body: "firstName=Ada&lastName=Lovelace&email=",
        },
        Post {
            label: "no email at all",
            json: false,
            body: "firstName=Ada&lastName=Lovelace",
        },
        Post {
            label: r#"JSON {"firstName":"Ada","lastName":"Lovelace","email":"ada@example.com"}"#,
            json: true,
            body: r#"{"firstName":"Ada","lastName":"Lovelace","email":"ada@example.com"}"#,
        },
    ];
    let expected = [
        Value::from("ada@example.com"),
        Value::Null,
        Value::Null,
        Value::from("ada@example.com"),
    ];
    let answers: Vec<Result<serde_json::Map<String, Value>, String>> = send_all(example, &posts)
        .into_iter()
        .map(|reply| reply.and_then(|reply| json_object(&reply)))
        .collect();
    let has_email = |answer: &Result<serde_json::Map<String, Value>, String>| {
        answer
            .as_ref()
            .is_ok_and(|answer| answer.contains_key("email"))
    };
    if !answers.iter().any(has_email) {
        // One cause, said once: there is no email in any answer.
        let first = answers
            .first()
            .and_then(|answer| answer.as_ref().ok())
            .cloned();
        return report.todo(format!(
            "POST /form with {} answers {}: no email key. Add email to example-3's answer \
             (`Answer`), and to what the server reads from the body (`Posted`, in \
             post-form/src/posted.rs, reads only firstName and lastName).",
            posts[0].label,
            first.map_or_else(
                || "no JSON object".to_owned(),
                |first| Value::Object(first).to_string()
            )
        ));
    }
    for ((post, answer), expected) in posts.iter().zip(answers).zip(expected) {
        let answer = match answer {
            Ok(answer) => answer,
            Err(problem) => {
                report.todo(format!("POST /form with {}: {problem}.", post.label));
                continue;
            }
        };
        let email = answer.get("email");
        let names_kept = answer.get("firstName") == Some(&Value::from("Ada"))
            && answer.get("lastName") == Some(&Value::from("Lovelace"));
        let ok = email == Some(&expected) && names_kept;
        let answered = Value::Object(answer.clone());
        report.expect(
            ok,
            format!(
                "POST /form with {} answers \"email\": {expected}",
                post.label
            ),
            || {
                let why = if !names_kept {
                    "firstName and lastName should still come back as Ada and Lovelace"
                } else if email.is_none() {
                    "the answer has no email key; a field that was not sent is null, like \
                     lastName when it is not sent"
                } else if expected.is_null() && email == Some(&Value::from("")) {
                    "an empty email should be null, like an empty first name: the same `|| null` \
                     (`or_null`) as the names"
                } else if post.json {
                    "the JSON body's email is not read: web::Json and web::Form read the same \
                     `Posted` (post-form/src/posted.rs); is the field there named email?"
                } else {
                    "the server does not read email from a form body yet: add it to `Posted` in \
                     post-form/src/posted.rs, next to firstName"
                };
                format!(
                    "POST /form with {} answers {answered}; expected \"email\": {expected}: {why}.",
                    post.label
                )
            },
        );
    }
}

fn require_first_name(example: &RunningExample, report: &mut Report) {
    let posts = [
        Post {
            label: "lastName=Lovelace (no firstName)",
            json: false,
            body: "lastName=Lovelace",
        },
        Post {
            label: "firstName=&lastName=Lovelace (an empty firstName)",
            json: false,
            body: "firstName=&lastName=Lovelace",
        },
        Post {
            label: r#"JSON {"lastName":"Lovelace"}"#,
            json: true,
            body: r#"{"lastName":"Lovelace"}"#,
        },
        Post {
            label: "firstName=Ada (no lastName)",
            json: false,
            body: "firstName=Ada",
        },
        Post {
            label: "firstName=Ada&lastName=Lovelace",
            json: false,
            body: "firstName=Ada&lastName=Lovelace",
        },
    ];
    let replies = send_all(example, &posts);
    let (refused, accepted) = replies.split_at(3);

    let mut first_refusal = None;
    for (post, reply) in posts.iter().zip(refused) {
        let reply = match reply {
            Ok(reply) => reply,
            Err(problem) => {
                report.todo(problem);
                continue;
            }
        };
        let response = &reply.response;
        if report.expect(
            response.status == 422,
            format!("POST /form with {} is refused with 422", post.label),
            || {
                format!(
                    "POST /form with {} answers {} {} after {:.1} s; it should be refused with \
                     `422 Unprocessable Entity`: without a first name there is nothing to answer.",
                    post.label,
                    response.status,
                    shown(response),
                    reply.took.as_secs_f64()
                )
            },
        ) {
            first_refusal = first_refusal.or(Some(reply));
        }
    }

    if let Some(reply) = first_refusal {
        let response = &reply.response;
        report.expect(
            reply.took < AT_ONCE,
            format!(
                "the 422 comes at once ({} ms), before the slow network",
                reply.took.as_millis()
            ),
            || {
                format!(
                    "The 422 came after {:.1} s: the handler waited the simulated slow network \
                     before refusing. Check first, then wait: the client learns at once.",
                    reply.took.as_secs_f64()
                )
            },
        );
        let error = json_object(reply).ok().and_then(|answer| {
            answer
                .get("error")
                .and_then(Value::as_str)
                .map(str::to_owned)
        });
        let content_type = web::header_or_none(response, "content-type");
        report.expect(
            content_type.starts_with("application/json")
                && error.as_deref().is_some_and(|error| {
                    let error = error.to_lowercase();
                    error.contains("firstname") || error.contains("first name")
                }),
            format!(
                "with a JSON error that names the field: {}",
                error.as_deref().unwrap_or_default()
            ),
            || {
                format!(
                    "The 422 answers {} (Content-Type `{content_type}`): send JSON \
                     {{\"error\": \"...\"}} with a sentence that names firstName, like the other \
                     refusals of this server (try posting `{{\"firstName\":42}}` as JSON); the page \
                     shows that sentence to the visitor.",
                    shown(response)
                )
            },
        );
    }

    // Only the first name is required: good posts are answered as before (other keys, say an
    // email from the other exercise, may come too).
    let wanted = [("Ada", Value::Null), ("Ada", Value::from("Lovelace"))];
    for ((post, reply), (first_name, last_name)) in posts[3..].iter().zip(accepted).zip(wanted) {
        match reply {
            Ok(reply) => {
                let answer = json_object(reply).unwrap_or_default();
                let as_before = reply.response.status == 200
                    && answer.get("firstName") == Some(&Value::from(first_name))
                    && answer.get("lastName") == Some(&last_name);
                report.expect(
                    as_before,
                    format!(
                        "POST /form with {} is still answered firstName {first_name:?}, \
                         lastName {last_name}",
                        post.label
                    ),
                    || {
                        format!(
                            "POST /form with {} should still be answered 200 with firstName \
                             {first_name:?} and lastName {last_name} (only the first name is \
                             required); it answered {} {}.",
                            post.label,
                            reply.response.status,
                            shown(&reply.response)
                        )
                    },
                );
            }
            Err(problem) => report.todo(problem),
        }
    }
}
