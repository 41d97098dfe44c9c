//! Finds the path a page links to (`<img class="logo" src="images/logo.png">`), for probes whose
//! file has a name of each side's own (`linked` in a script): ours is `images/logo.svg`, an
//! original's may be `images/nodejs-logo.png`.
//!
//! Only what the articles' pages need: the first matching start tag, quoted or bare attribute
//! values, `&amp;`, and a path on the same server (absolute, or relative to the page).

use crate::script::Link;

/// The request target that `link` names in `html`, the page answered to `page_target`; `None`
/// when the page has no such element, or it points to another server.
pub fn linked_target(html: &str, page_target: &str, link: &Link) -> Option<String> {
    let reference = find_attribute(html, link)?;
    resolve(page_target, &reference)
}

/// The value of `link.attribute` on the first `link.element` (of class `link.class`) in `html`.
fn find_attribute(html: &str, link: &Link) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let opening = format!("<{}", link.element);
    let mut from = 0;
    while let Some(found) = lower[from..].find(&opening) {
        let start = from + found + opening.len();
        from = start;
        // `<img` must not be the start of `<imgx`.
        if !lower[start..].starts_with(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>') {
            continue;
        }
        let attributes = attributes(&html[start..]);
        let value = |name: &str| {
            attributes
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.clone())
        };
        let class_matches = link.class.as_ref().is_none_or(|class| {
            value("class").is_some_and(|classes| classes.split_whitespace().any(|c| c == class))
        });
        if class_matches && let Some(found) = value(&link.attribute) {
            return Some(found);
        }
    }
    None
}

/// The attributes of a start tag, from just after its name to its `>`: names lower-cased.
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut rest = tag;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if rest.is_empty() || rest.starts_with('>') {
            return found;
        }
        let name_end = rest
            .find(|c: char| c.is_ascii_whitespace() || matches!(c, '=' | '>' | '/'))
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_ascii_lowercase();
        rest = rest[name_end..].trim_start();
        let Some(after_equals) = rest.strip_prefix('=') else {
            found.push((name, String::new()));
            continue;
        };
        let after_equals = after_equals.trim_start();
        let (value, after) = match after_equals.chars().next() {
            Some(quote @ ('"' | '\'')) => {
                let inner = &after_equals[1..];
                let end = inner.find(quote).unwrap_or(inner.len());
                (&inner[..end], inner.get(end + 1..).unwrap_or(""))
            }
            _ => {
                let end = after_equals
                    .find(|c: char| c.is_ascii_whitespace() || c == '>')
                    .unwrap_or(after_equals.len());
                (&after_equals[..end], &after_equals[end..])
            }
        };
        found.push((name, value.replace("&amp;", "&")));
        rest = after;
    }
}

/// `reference` as a request target on the page's server: absolute paths as they are, relative
/// ones against the page's folder, with `.` and `..` segments removed. `None` for another server
/// (`//host/x`, `https://...`) or for text that cannot go in a request line.
fn resolve(page_target: &str, reference: &str) -> Option<String> {
    let reference = reference.split('#').next().unwrap_or_default().trim();
    let has_scheme = reference
        .split_once(':')
        .is_some_and(|(scheme, _)| !scheme.contains('/'));
    if reference.is_empty()
        || reference.starts_with("//")
        || has_scheme
        || !reference.bytes().all(|byte| byte.is_ascii_graphic())
    {
        return None;
    }
    let (path, query) = match reference.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (reference, None),
    };
    let joined = if path.starts_with('/') {
        path.to_owned()
    } else {
        let page_path = page_target.split('?').next().unwrap_or("/");
        let folder = &page_path[..page_path.rfind('/').map_or(0, |slash| slash + 1)];
        format!("{folder}{path}")
    };
    let mut segments: Vec<&str> = Vec::new();
    let parts: Vec<&str> = joined.split('/').skip(1).collect();
    for (index, segment) in parts.iter().enumerate() {
        let last = index + 1 == parts.len();
        match *segment {
            "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
        // `images/..` ends in a folder: keep its trailing slash.
        if last && matches!(*segment, "." | "..") {
            segments.push("");
        }
    }
    let mut target = format!("/{}", segments.join("/"));
    if let Some(query) = query {
        target.push('?');
        target.push_str(query);
    }
    Some(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(element: &str, class: Option<&str>, attribute: &str) -> Link {
        Link {
            page: "root".into(),
            element: element.into(),
            class: class.map(str::to_owned),
            attribute: attribute.into(),
        }
    }

    #[test]
    fn finds_the_first_matching_element_and_resolves_its_path() {
        let page = "<IMGX src=no.png><img src='/spinner.gif'>\
                    <img alt=\"x > y\" class=\"big logo\" SRC=images/nodejs-logo.png />";
        let logo = link("img", Some("logo"), "src");
        assert_eq!(
            linked_target(page, "/", &logo).as_deref(),
            Some("/images/nodejs-logo.png")
        );
        let any_image = link("img", None, "src");
        assert_eq!(
            linked_target(page, "/about", &any_image).as_deref(),
            Some("/spinner.gif")
        );
        let styles = link("link", None, "href");
        assert_eq!(linked_target(page, "/", &styles), None);
    }

    #[test]
    fn relative_paths_follow_the_page_and_other_servers_are_refused() {
        for (page, reference, expected) in [
            ("/", "images/a.png", Some("/images/a.png")),
            (
                "/docs/page.html?x=1",
                "../css/s.css?v=2#top",
                Some("/css/s.css?v=2"),
            ),
            ("/docs/", "./a.svg", Some("/docs/a.svg")),
            ("/a/b", "../../../x", Some("/x")),
            ("/", "/abs/logo.svg", Some("/abs/logo.svg")),
            ("/", "images/..", Some("/")),
            ("/", "//cdn.example/x.png", None),
            ("/", "https://cdn.example/x.png", None),
            ("/", "data:image/png;base64,AAAA", None),
            ("/", "my logo.png", None),
            ("/", "", None),
        ] {
            assert_eq!(
                resolve(page, reference).as_deref(),
                expected,
                "{page} {reference}"
            );
        }
    }
}
