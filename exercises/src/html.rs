//! Just enough HTML reading for the checks: attribute values and heading texts. Tolerant of
//! either quote, no quotes, any case and extra spaces, so a page written any reasonable way passes.

/// Every value of attribute `name` in `html` (`href`, `name`), in order.
pub(crate) fn attribute_values(html: &str, name: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let name = name.to_ascii_lowercase();
    let bytes = html.as_bytes();
    let mut values = Vec::new();
    let mut from = 0;
    while let Some(found) = lower[from..].find(&name) {
        let start = from + found;
        from = start + name.len();
        // An attribute name starts after whitespace: `data-href` or `hrefs` are not `href`.
        if start == 0 || !bytes[start - 1].is_ascii_whitespace() {
            continue;
        }
        let mut at = skip_spaces(bytes, from);
        if bytes.get(at) != Some(&b'=') {
            continue;
        }
        at = skip_spaces(bytes, at + 1);
        let value = match bytes.get(at) {
            Some(&quote @ (b'"' | b'\'')) => {
                let rest = &html[at + 1..];
                rest.find(quote as char).map(|end| &rest[..end])
            }
            Some(_) => {
                let rest = &html[at..];
                let end = rest
                    .find(|c: char| c.is_ascii_whitespace() || c == '>')
                    .unwrap_or(rest.len());
                Some(&rest[..end])
            }
            None => None,
        };
        if let Some(value) = value {
            values.push(value.trim().to_owned());
        }
    }
    values
}

fn skip_spaces(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    at
}

/// Whether the page links to `path` (`/contact`), absolutely or relative to the site's root.
pub(crate) fn links_to(html: &str, path: &str) -> bool {
    let bare = path.trim_start_matches('/');
    attribute_values(html, "href").iter().any(|href| {
        let href = href.split(['?', '#']).next().unwrap_or_default();
        let local = href
            .strip_prefix("http://")
            .or_else(|| href.strip_prefix("https://"))
            .map_or(href, |rest| {
                rest.find('/').map_or("/", |slash| &rest[slash..])
            });
        local == path || local == bare || local.strip_prefix("./") == Some(bare)
    })
}

/// The text of every `<h1>` (tags inside it removed, whitespace collapsed).
pub(crate) fn h1_texts(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut texts = Vec::new();
    let mut from = 0;
    while let Some(found) = lower[from..].find("<h1") {
        let open = from + found;
        let Some(content_start) = lower[open..].find('>').map(|end| open + end + 1) else {
            break;
        };
        let content_end = lower[content_start..]
            .find("</h1")
            .map_or(html.len(), |end| content_start + end);
        texts.push(text_of(&html[content_start..content_end]));
        from = content_end;
    }
    texts
}

/// Text without tags, whitespace collapsed.
fn text_of(fragment: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for character in fragment.chars() {
        match character {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text.push(character),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_values_are_read_with_any_quotes_or_none() {
        let html = r#"<a href="/">Home</a> <a HREF = '/about'>About</a> <a href=/contact>C</a>
                      <a data-href="/no">x</a><input name="email" type=email>"#;
        assert_eq!(attribute_values(html, "href"), ["/", "/about", "/contact"]);
        assert_eq!(attribute_values(html, "name"), ["email"]);
    }

    #[test]
    fn a_link_counts_absolute_relative_or_with_the_host() {
        assert!(links_to(r#"<a href="/contact">"#, "/contact"));
        assert!(links_to(r#"<a href="contact">"#, "/contact"));
        assert!(links_to(r#"<a href="./contact#top">"#, "/contact"));
        assert!(links_to(
            r#"<a href="http://localhost:3000/contact">"#,
            "/contact"
        ));
        assert!(!links_to(r#"<a href="/contact.html">"#, "/contact"));
        assert!(!links_to(r#"<a href="/contacts">"#, "/contact"));
        assert!(links_to(r#"<a href="/">"#, "/"));
    }

    #[test]
    fn headings_are_read_as_text() {
        let html = "<H1 class=x>Contact <em>us</em></H1><p>x</p><h1>\n Two\n</h1>";
        assert_eq!(h1_texts(html), ["Contact us", "Two"]);
    }
}
