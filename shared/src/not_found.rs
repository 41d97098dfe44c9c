//! The 404 page Express answers when no route matched: `Cannot GET /missing`.

use actix_web::{HttpRequest, HttpResponse, http::header};

use crate::client_text::escape_html;

/// Default service for every example: `404`, `text/html; charset=utf-8`, body
/// `Cannot <METHOD> <target>\n`, where the target is the request target as sent (query kept,
/// not percent-decoded) with HTML special characters escaped, exactly like Express 4.
///
/// Unlike Express there is no `X-Powered-By`, the page may not run scripts or load anything, and
/// the method and target are each cut to [`crate::SHOWN_CHARS`] characters: a hostile request
/// cannot make the answer large.
pub async fn not_found(req: HttpRequest) -> HttpResponse {
    HttpResponse::NotFound()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CONTENT_SECURITY_POLICY, "default-src 'none'"))
        .body(cannot_page(req.method().as_str(), &req.uri().to_string()))
}

/// The body of the 404 page: `Cannot GET /missing\n`, HTML-escaped and cut.
fn cannot_page(method: &str, target: &str) -> String {
    format!("Cannot {} {}\n", escape_html(method), escape_html(target))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SHOWN_CHARS;

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
    fn an_overlong_method_or_target_is_cut_short() {
        let page = cannot_page(&"M".repeat(100_000), &format!("/{}", "a".repeat(100_000)));
        assert!(
            page.chars().count() <= "Cannot  \n".len() + 2 * SHOWN_CHARS,
            "{page}"
        );
        assert!(
            page.starts_with("Cannot MMM") && page.contains("… /aaa"),
            "{page}"
        );
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
