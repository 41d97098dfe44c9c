//! Request scripts: the probes one article's comparison sends, kept as plain text in
//! `compare/scripts/<article>.txt`.
//!
//! ```text
//! # A comment. A probe starts at the beginning of a line: <id> <METHOD> <target>
//! css-304        GET /css/style.css
//!     If-None-Match: {css.etag}     indented lines belong to the probe above: a header,
//!     tag etag                      or one of the directives below
//! ```
//!
//! | directive | meaning |
//! |---|---|
//! | `Name: value` | a request header; `{probe-id.header-name}` is that header of an earlier response |
//! | `body <text>` | appends text to the body (`\r`, `\n`, `\t`, `\\`, `\xHH` escapes; `\s` is a space) |
//! | `repeat <n> <text>` | appends the text `n` times (bodies at a size limit) |
//! | `wait <seconds>` | how long this response may take before it counts as still open |
//! | `reuse` | send on the previous probe's connection (keep-alive) instead of a new one |
//! | `log` | the server should print something: wait (bounded) for its output |
//! | `show <header>...` | also compare these response headers |
//! | `tag <name>...` | names a README "Differences from Node" row may use to mark this probe |
//! | `own` | the body is each side's own file: compared by role ([`Probe::own`]) |
//! | `linked <probe> <element>[.<class>] <attribute>` | ask each side for the path its page names ([`Link`]) |

use std::{fmt, time::Duration};

/// One request of a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probe {
    /// Short name, unique in the script; README rows and `--only` refer to it.
    pub id: String,
    /// `GET`, `HEAD`, `POST`, ...
    pub method: String,
    /// The request target exactly as sent (not encoded: `/x?q=<b>` is sent raw).
    pub target: String,
    /// Request headers, values possibly holding `{probe.header}` placeholders.
    pub headers: Vec<(String, String)>,
    /// The body, possibly holding placeholders; `None` when the probe sends none.
    pub body: Option<Vec<u8>>,
    /// How long the response may take; `None` means the command's default.
    pub wait: Option<Duration>,
    /// Send on the previous probe's connection.
    pub reuse: bool,
    /// Wait (bounded) for the server to print something.
    pub log: bool,
    /// Extra response headers to compare.
    pub show: Vec<String>,
    /// Names a README row may use for this probe besides its id.
    pub tags: Vec<String>,
    /// The body is each side's own file (ours are written for this workspace, not copied from the
    /// originals): when both sides answer with a file, the row compares its role (status, media
    /// type family, framing, caching headers), not its bytes.
    pub own: bool,
    /// Where each side finds the path to ask for, instead of `target`.
    pub linked: Option<Link>,
    /// Line of the script the probe starts on.
    pub line: usize,
}

impl Probe {
    /// `GET /about`, for tables.
    pub fn request_line(&self) -> String {
        format!("{} {}", self.method, self.target)
    }

    /// The earlier probes this one needs answers from: its `linked` page, and the probes its
    /// `{probe.header}` placeholders name.
    pub fn needs(&self) -> Vec<&str> {
        let mut needed: Vec<&str> = self.linked.iter().map(|link| link.page.as_str()).collect();
        let texts = self.headers.iter().map(|(_, value)| value.as_bytes());
        for text in texts.chain(self.body.as_deref()) {
            let mut rest = text;
            while let Some(open) = rest.iter().position(|&byte| byte == b'{') {
                let after = &rest[open + 1..];
                let Some(close) = after.iter().position(|&byte| byte == b'}') else {
                    break;
                };
                if let Ok(name) = std::str::from_utf8(&after[..close])
                    && is_placeholder(name)
                    && let Some((id, _)) = name.split_once('.')
                {
                    needed.push(id);
                }
                rest = &after[close + 1..];
            }
        }
        needed
    }

    /// Whether `name` (an id or a tag) names this probe; `*` in `name` matches any text.
    pub fn is_named(&self, name: &str) -> bool {
        glob_matches(name, &self.id) || self.tags.iter().any(|tag| glob_matches(name, tag))
    }
}

/// `linked root img.logo src`: the path to ask each side for is the `src` of the first `<img>` of
/// class `logo` in that side's answer to probe `root`, resolved against `root`'s target. A side
/// whose page names no such element is asked for the probe's own target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The earlier probe whose answer is the page (`root`).
    pub page: String,
    /// The element, lower case (`img`).
    pub element: String,
    /// A class the element must have (`logo`), if any.
    pub class: Option<String>,
    /// The attribute that holds the path, lower case (`src`).
    pub attribute: String,
}

/// A line of a script that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong there.
    pub message: String,
}

impl fmt::Display for ScriptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for ScriptError {}

/// Reads a script.
pub fn parse(text: &str) -> Result<Vec<Probe>, ScriptError> {
    let mut probes: Vec<Probe> = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let error = |message: String| ScriptError { line, message };
        let content = raw.trim_end();
        if content.trim_start().is_empty() || content.trim_start().starts_with('#') {
            continue;
        }
        if !content.starts_with([' ', '\t']) {
            let probe = parse_probe_line(content, line).map_err(error)?;
            if probes.iter().any(|earlier| earlier.id == probe.id) {
                return Err(error(format!("probe id {:?} is used twice", probe.id)));
            }
            probes.push(probe);
            continue;
        }
        let Some((probe, earlier)) = probes.split_last_mut() else {
            return Err(error(
                "an indented line must follow a probe line (<id> <METHOD> <target>)".into(),
            ));
        };
        apply_directive(probe, content.trim_start()).map_err(error)?;
        if let Some(link) = &probe.linked
            && !earlier.iter().any(|page| page.id == link.page)
        {
            return Err(error(format!(
                "linked: {:?} is not an earlier probe (the page must be fetched first)",
                link.page
            )));
        }
    }
    if probes.is_empty() {
        return Err(ScriptError {
            line: 0,
            message: "the script has no probes".into(),
        });
    }
    Ok(probes)
}

fn parse_probe_line(content: &str, line: usize) -> Result<Probe, String> {
    let words: Vec<&str> = content.split_whitespace().collect();
    let [id, method, target] = words[..] else {
        return Err(format!(
            "expected `<id> <METHOD> <target>`, got {content:?} (headers and directives are indented)"
        ));
    };
    if !method.bytes().all(|byte| byte.is_ascii_uppercase()) {
        return Err(format!("method {method:?} should be upper case, like GET"));
    }
    if !(target.starts_with('/') || target == "*") {
        return Err(format!("target {target:?} should start with /"));
    }
    Ok(Probe {
        id: id.to_owned(),
        method: method.to_owned(),
        target: target.to_owned(),
        headers: Vec::new(),
        body: None,
        wait: None,
        reuse: false,
        log: false,
        show: Vec::new(),
        tags: Vec::new(),
        own: false,
        linked: None,
        line,
    })
}

fn apply_directive(probe: &mut Probe, content: &str) -> Result<(), String> {
    let (first, rest) = content
        .split_once(char::is_whitespace)
        .map_or((content, ""), |(first, rest)| (first, rest.trim_start()));
    if let Some(name) = first.strip_suffix(':') {
        probe.headers.push((name.to_owned(), rest.to_owned()));
        return Ok(());
    }
    match first {
        "body" => probe
            .body
            .get_or_insert_with(Vec::new)
            .extend(unescape(rest)?),
        "repeat" => {
            let (count, text) = rest
                .split_once(char::is_whitespace)
                .ok_or("expected `repeat <count> <text>`")?;
            let count: usize = count
                .parse()
                .map_err(|_| format!("repeat count {count:?} is not a number"))?;
            let text = unescape(text.trim_start())?;
            probe
                .body
                .get_or_insert_with(Vec::new)
                .extend(text.repeat(count));
        }
        "wait" => {
            let seconds: f64 = rest
                .trim_end_matches('s')
                .parse()
                .map_err(|_| format!("wait {rest:?} is not a number of seconds"))?;
            if !(0.0..=600.0).contains(&seconds) {
                return Err(format!("wait {seconds} s is out of range (0 to 600)"));
            }
            probe.wait = Some(Duration::from_secs_f64(seconds));
        }
        "reuse" => probe.reuse = true,
        "own" if !rest.is_empty() => return Err(format!("own takes no argument, got {rest:?}")),
        "own" => probe.own = true,
        "linked" => probe.linked = Some(parse_link(rest)?),
        "log" => probe.log = true,
        "show" => probe
            .show
            .extend(rest.split_whitespace().map(str::to_ascii_lowercase)),
        "tag" => probe
            .tags
            .extend(rest.split_whitespace().map(str::to_owned)),
        other => {
            return Err(format!(
                "unknown directive {other:?}: expected `Header: value`, body, repeat, wait, \
                 reuse, log, show, tag, own or linked"
            ));
        }
    }
    Ok(())
}

/// `root img.logo src`: a page probe, an element (with a class, optionally), an attribute.
fn parse_link(text: &str) -> Result<Link, String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let [page, element, attribute] = words[..] else {
        return Err(format!(
            "expected `linked <probe> <element>[.<class>] <attribute>`, got {text:?}"
        ));
    };
    let (element, class) = match element.split_once('.') {
        Some((element, class)) => (element, Some(class.to_owned())),
        None => (element, None),
    };
    let is_name = |name: &str| {
        !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    if !is_name(element) || !is_name(attribute) || class.as_deref().is_some_and(|c| !is_name(c)) {
        return Err(format!(
            "linked: {text:?} should name an element and an attribute, like `root img.logo src`"
        ));
    }
    Ok(Link {
        page: page.to_owned(),
        element: element.to_ascii_lowercase(),
        class,
        attribute: attribute.to_ascii_lowercase(),
    })
}

/// `\r`, `\n`, `\t`, `\s` (space), `\\` and `\xHH` in script text.
fn unescape(text: &str) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.as_bytes();
    while let Some((&byte, after)) = rest.split_first() {
        rest = after;
        if byte != b'\\' {
            bytes.push(byte);
            continue;
        }
        let Some((&escape, after)) = rest.split_first() else {
            return Err("a lone \\ at the end of the line".into());
        };
        rest = after;
        match escape {
            b'r' => bytes.push(b'\r'),
            b'n' => bytes.push(b'\n'),
            b't' => bytes.push(b'\t'),
            b's' => bytes.push(b' '),
            b'\\' => bytes.push(b'\\'),
            b'x' => {
                let hex = rest
                    .get(..2)
                    .and_then(|digits| std::str::from_utf8(digits).ok())
                    .and_then(|digits| u8::from_str_radix(digits, 16).ok())
                    .ok_or("\\x must be followed by two hex digits")?;
                bytes.push(hex);
                rest = &rest[2..];
            }
            other => return Err(format!("unknown escape \\{}", char::from(other))),
        }
    }
    Ok(bytes)
}

/// `{css.etag}`: an id, a dot, a header name; nothing else (JSON bodies have braces too).
pub fn is_placeholder(name: &str) -> bool {
    name.split_once('.').is_some_and(|(id, header)| {
        let word = |text: &str| {
            !text.is_empty()
                && text
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        };
        word(id) && word(header)
    })
}

/// `*` matches any run of characters; everything else matches itself.
pub fn glob_matches(pattern: &str, text: &str) -> bool {
    let Some((first, rest)) = pattern.split_once('*') else {
        return pattern == text;
    };
    let Some(mut remaining) = text.strip_prefix(first) else {
        return false;
    };
    let mut pieces: Vec<&str> = rest.split('*').collect();
    let last = pieces.pop().unwrap_or_default();
    for piece in pieces {
        match remaining.find(piece) {
            Some(position) => remaining = &remaining[position + piece.len()..],
            None => return false,
        }
    }
    remaining.len() >= last.len() && remaining.ends_with(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_probe_line_and_its_indented_directives_make_one_probe() {
        let probes = parse(
            "# comment\n\
             \n\
             form  POST /form\n\
             \x20   Content-Type: application/x-www-form-urlencoded\n\
             \x20   body firstName=Ada\n\
             \x20   body &lastName=\\x4c\\r\\n\n\
             \x20   wait 3\n\
             \x20   log\n\
             \x20   tag slow form-*\n\
             \x20   show X-Thing\n\
             again GET /\n\
             \treuse\n",
        )
        .expect("parses");
        assert_eq!(probes.len(), 2);
        let form = &probes[0];
        assert_eq!((form.id.as_str(), form.method.as_str()), ("form", "POST"));
        assert_eq!(
            form.headers,
            [(
                "Content-Type".to_owned(),
                "application/x-www-form-urlencoded".to_owned()
            )]
        );
        assert_eq!(
            form.body.as_deref(),
            Some(&b"firstName=Ada&lastName=L\r\n"[..])
        );
        assert_eq!(form.wait, Some(Duration::from_secs(3)));
        assert!(form.log && !form.reuse);
        assert_eq!(form.show, ["x-thing"]);
        assert!(probes[1].reuse && probes[1].body.is_none());
        assert_eq!(probes[1].line, 11);
    }

    #[test]
    fn repeat_builds_a_body_of_an_exact_size() {
        let probes = parse("big POST /form\n  body firstName=\n  repeat 100 a\n").expect("parses");
        assert_eq!(probes[0].body.as_ref().map(Vec::len), Some(110));
    }

    #[test]
    fn mistakes_name_their_line() {
        for (text, line, needle) in [
            ("root GET\n", 1, "expected `<id> <METHOD> <target>`"),
            ("root get /\n", 1, "upper case"),
            ("root GET about\n", 1, "start with /"),
            ("  body x\n", 1, "must follow a probe line"),
            (
                "a GET /\nb GET /\n  wiat 2\n",
                3,
                "unknown directive \"wiat\"",
            ),
            ("a GET /\na GET /x\n", 2, "used twice"),
            ("a GET /\n  body \\q\n", 2, "unknown escape"),
            ("a GET /\n  wait soon\n", 2, "not a number"),
            ("# nothing\n", 0, "no probes"),
        ] {
            let error = parse(text).expect_err(text);
            assert_eq!(error.line, line, "{text:?}: {error}");
            assert!(error.message.contains(needle), "{text:?}: {error}");
        }
    }

    #[test]
    fn own_files_and_linked_paths_are_read() {
        let probes = parse(
            "root GET /\n  own\nlogo GET /images/logo.svg\n  own\n  linked root IMG.logo SRC\n",
        )
        .expect("parses");
        assert!(probes[0].own && probes[0].linked.is_none());
        assert_eq!(
            probes[1].linked,
            Some(Link {
                page: "root".into(),
                element: "img".into(),
                class: Some("logo".into()),
                attribute: "src".into(),
            })
        );
        for (text, needle) in [
            (
                "logo GET /x\n  linked root img src\nroot GET /\n",
                "not an earlier probe",
            ),
            (
                "root GET /\nlogo GET /x\n  linked root img\n",
                "expected `linked",
            ),
            (
                "root GET /\nlogo GET /x\n  linked root img. src\n",
                "should name an element",
            ),
            ("root GET /\n  own file\n", "no argument"),
        ] {
            let error = parse(text).expect_err(text);
            assert!(error.message.contains(needle), "{text:?}: {error}");
        }
    }

    #[test]
    fn a_probe_needs_its_linked_page_and_the_probes_its_placeholders_name() {
        let probes = parse(
            "root GET /\ncss GET /c\nlogo GET /l\n  linked root img src\n  If-None-Match: {css.etag}\n  \
             body {\"json\": 1} {root.last-modified}\n",
        )
        .expect("parses");
        assert_eq!(probes[2].needs(), ["root", "css", "root"]);
        assert!(probes[0].needs().is_empty());
    }

    #[test]
    fn probes_are_named_by_id_or_tag_with_globs() {
        let probes = parse("form-json POST /form\n  tag slow\n").expect("parses");
        let probe = &probes[0];
        for name in ["form-json", "form-*", "*", "slow", "*-json", "f*j*n"] {
            assert!(probe.is_named(name), "{name}");
        }
        for name in ["form", "form-j", "fast", "*-xml", "x*"] {
            assert!(!probe.is_named(name), "{name}");
        }
    }
}
