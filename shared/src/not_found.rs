//! The 404 page Express answers when no route matched: `Cannot GET /missing`.

use actix_web::{HttpRequest, HttpResponse, http::header};

use crate::abbreviate::abbreviate;

/// Default service for every example: `404`, `text/html; charset=utf-8`, body
/// `Cannot <METHOD> <target>\n`, where the target is the request target as sent (query kept,
/// not percent-decoded) with HTML special characters escaped, exactly like Express 4.
///
/// Unlike Express there is no `X-Powered-By`, and the page may not run scripts or load anything.
pub async fn not_found(req: HttpRequest) -> HttpResponse {
    HttpResponse::NotFound()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CONTENT_SECURITY_POLICY, "default-src 'none'"))
        .body(cannot_page(req.method().as_str(), &req.uri().to_string()))
}

/// The body of the 404 page: `Cannot GET /missing\n`, HTML-escaped. A target longer than
/// 200 characters is cut short with `…`, so a hostile URL cannot make the answer large.
pub fn cannot_page(method: &str, target: &str) -> String {
    format!(
        "Cannot {} {}\n",
        escape_html(method),
        escape_html(&abbreviate(target, SHOWN_TARGET_CHARS))
    )
}

/// How much of the request target the 404 page repeats.
const SHOWN_TARGET_CHARS: usize = 200;

/// Text made safe to put in HTML: `&`, `<`, `>`, `"` and `'` become entities, so a value from a
/// request (a path segment, a form field) is shown as those characters and never runs as markup.
pub fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_method_and_the_path() {
        assert_eq!(cannot_page("GET", "/missing"), "Cannot GET /missing\n");
        assert_eq!(cannot_page("POST", "/"), "Cannot POST /\n");
    }

    #[test]
    fn keeps_the_query_and_percent_escapes_as_sent() {
        assert_eq!(
            cannot_page("GET", "/a%20b?x=1&y=%3C"),
            "Cannot GET /a%20b?x=1&amp;y=%3C\n"
        );
    }

    #[test]
    fn an_overlong_target_is_cut_short() {
        let target = format!("/{}", "a".repeat(10_000));
        let page = cannot_page("GET", &target);
        assert_eq!(page, format!("Cannot GET /{}…\n", "a".repeat(199)));
    }

    #[test]
    fn escapes_html_so_the_page_cannot_be_used_for_xss() {
        assert_eq!(
            cannot_page("GET", "/x?q=<b>"),
            "Cannot GET /x?q=&lt;b&gt;\n"
        );
        assert_eq!(
            cannot_page("GET", r#"/"'><script>"#),
            "Cannot GET /&quot;&#39;&gt;&lt;script&gt;\n"
        );
    }
}
