//! intro-express: a route and a page of your own; a route with a parameter.

use harness::{RunningExample, http::Response};

use crate::{
    Exercise, Report,
    html::{h1_texts, links_to},
    web::{self, shown},
};

/// The article's exercises, easy to stretching.
pub const EXERCISES: &[Exercise] = &[
    Exercise {
        article: "intro-express",
        slug: "contact-page",
        title: "A contact page",
        binary: "example-3",
        goal: "Add a page at /contact to example-3, like /about: a file www/intro-express/contact.html, \
               a route that answers /contact with it, and a Contact link in the nav of every page.",
        check: contact_page,
        well_done: "GET /contact is answered by your route, and every page links to it. A route next \
                    to the static files, registered before them: that is all example-3 is.",
    },
    Exercise {
        article: "intro-express",
        slug: "hello-name",
        title: "Hello, you",
        binary: "example-1",
        goal: "Add a route GET /hello/{name} to example-1 that answers an HTML page with a heading \
               `Hello, <name>`, the name taken from the path and shown as text, never as markup.",
        check: hello_name,
        well_done: "One route answers every /hello/<name>, the name comes out of the path \
                    percent-decoded, and a name that looks like HTML is shown as text. That is \
                    Express's `req.params.name`, with the escaping Express leaves to you.",
    },
];

fn contact_page(example: &RunningExample, report: &mut Report) {
    let addr = example.addr();
    match web::get(addr, "/contact") {
        Ok(contact) if contact.status == 200 => {
            report.done("GET /contact answers 200");
            contact_page_content(&contact, report);
        }
        Ok(contact) if contact.status == 404 => {
            let file = web::get(addr, "/contact.html").map(|response| response.status);
            report.todo(if file == Ok(200) {
                "GET /contact is still `404 Cannot GET /contact`, although /contact.html is there: \
                 no route answers /contact yet. Add one in example-3's `routes`, before \
                 `serve_static::files`: the file service answers every path it is given, so a \
                 route registered after it is never reached."
            } else {
                "GET /contact is `404 Cannot GET /contact`, and there is no \
                 www/intro-express/contact.html yet either: write the page (about.html is a good \
                 start), then add a route for /contact that sends it."
            });
        }
        Ok(contact) if (300..400).contains(&contact.status) => report.todo(format!(
            "GET /contact answers {} with Location: {}: that is the file service finding a \
             folder called contact. Answer /contact itself with a route that sends contact.html, \
             as example-3 does for /about.",
            contact.status,
            web::header_or_none(&contact, "location")
        )),
        Ok(contact) => report.todo(format!(
            "GET /contact answers {} ({}), not 200 with the page.",
            contact.status,
            shown(&contact)
        )),
        Err(problem) => report.todo(problem),
    }
    for (path, file) in [("/", "index.html"), ("/about", "about.html")] {
        match web::get(addr, path) {
            Ok(response) if response.status == 200 => {
                report.expect(
                    links_to(&response.text(), "/contact"),
                    format!("the page at {path} links to /contact"),
                    || {
                        format!(
                            "The page at {path} (www/intro-express/{file}) has no link to \
                             /contact in its nav yet: add <a href=\"/contact\">Contact</a> next \
                             to About."
                        )
                    },
                );
            }
            Ok(response) => report.todo(format!(
                "GET {path} answers {} now; it should still be the page {file}.",
                response.status
            )),
            Err(problem) => report.todo(problem),
        }
    }
}

/// What the page at /contact must be: HTML, a Contact heading, the site's style, a way back.
fn contact_page_content(contact: &Response, report: &mut Report) {
    let content_type = web::header_or_none(contact, "content-type");
    report.expect(
        content_type.starts_with("text/html"),
        "/contact is an HTML page",
        || {
            format!(
                "GET /contact answers Content-Type `{content_type}`, so the browser will not \
                 show it as a page: send the file (`shared::send_file`), which says text/html."
            )
        },
    );
    let page = contact.text();
    let headings = h1_texts(&page);
    report.expect(
        headings
            .iter()
            .any(|heading| heading.to_lowercase().contains("contact")),
        "with a heading that says Contact",
        || format!("The page at /contact has no <h1> heading that says Contact (its headings: {headings:?})."),
    );
    report.expect(
        links_to(&page, "/css/style.css"),
        "in the site's style (it links /css/style.css)",
        || {
            "The page at /contact does not link the stylesheet /css/style.css, so it will not \
             look like the other pages: copy the <head> of about.html."
                .to_owned()
        },
    );
    report.expect(links_to(&page, "/"), "with a link back Home", || {
        "The page at /contact has no link back Home (href=\"/\") in its nav.".to_owned()
    });
}

fn hello_name(example: &RunningExample, report: &mut Report) {
    let addr = example.addr();
    let ada = match web::get(addr, "/hello/Ada") {
        Ok(response) => response,
        Err(problem) => return report.todo(problem),
    };
    if ada.status == 404 {
        return report.todo(
            "GET /hello/Ada is `404 Cannot GET /hello/Ada`: no route matches it yet. In \
             example-1's `routes`, a route whose path has a parameter, `/hello/{name}`, matches \
             every /hello/<something>.",
        );
    }
    let page = ada.text();
    let content_type = web::header_or_none(&ada, "content-type");
    if !report.expect(
        ada.status == 200 && content_type.starts_with("text/html"),
        "GET /hello/Ada answers 200 with an HTML page",
        || {
            format!(
                "GET /hello/Ada answers {} with Content-Type `{content_type}`; it should be 200 \
                 and text/html, like example-1's home page.",
                ada.status
            )
        },
    ) {
        return;
    }
    let says_hello_to = |page: &str, name: &str| {
        h1_texts(page)
            .iter()
            .any(|heading| heading.contains(&format!("Hello, {name}")))
    };
    report.expect(
        says_hello_to(&page, "Ada"),
        "with the heading Hello, Ada",
        || {
            format!(
                "GET /hello/Ada has no <h1> heading that says `Hello, Ada` (the page: {}).",
                shown(&ada)
            )
        },
    );
    match web::get(addr, "/hello/Grace%20Hopper") {
        Ok(response) => report.expect(
            says_hello_to(&response.text(), "Grace Hopper"),
            "/hello/Grace%20Hopper says Hello, Grace Hopper: the name is percent-decoded",
            || {
                format!(
                    "GET /hello/Grace%20Hopper should greet `Grace Hopper`, with a space: the \
                     browser sends a space as %20. `web::Path<String>` decodes it for you. The \
                     page: {}.",
                    shown(&response)
                )
            },
        ),
        Err(problem) => {
            report.todo(problem);
            false
        }
    };
    match web::get(addr, "/hello/%3Cb%3EAda") {
        Ok(response) => {
            let page = response.text();
            report.expect(
                response.status == 200 && !page.contains("<b>Ada") && page.contains("Ada"),
                "/hello/%3Cb%3EAda shows the name as text: no <b> tag gets into the page",
                || {
                    format!(
                        "GET /hello/%3Cb%3EAda (the name `<b>Ada`) answers {} {}: the name went \
                         into the page as markup, so a link someone sends you could put any \
                         HTML, scripts too, on your site. Escape it first: \
                         `shared::escape_html(&name)` turns `<` into `&lt;`.",
                        response.status,
                        shown(&response)
                    )
                },
            );
        }
        Err(problem) => report.todo(problem),
    }
    match web::get(addr, "/") {
        Ok(home) => report.expect(
            home.status == 200 && home.text().contains("This is example # 1"),
            "GET / still answers This is example # 1",
            || {
                format!(
                    "GET / should still answer `<h1>This is example # 1</h1>`; it answers {} {}.",
                    home.status,
                    shown(&home)
                )
            },
        ),
        Err(problem) => {
            report.todo(problem);
            false
        }
    };
}
