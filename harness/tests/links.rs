//! Every reference in the repository's own text leads somewhere inside the repository.
//!
//! Read: the git-tracked Markdown files, whole, and the comments of the Rust, JavaScript, CSS,
//! shell, TOML and request-script files (plus `package.json`, whose description is prose).
//! Checked:
//!
//! - a relative Markdown link `[text](path#anchor)` names a tracked file or folder, and an anchor
//!   into a Markdown file names one of its headings;
//! - a word that looks like a repository path, because its first component is a top-level entry
//!   of the repository (`compare/src/lib.rs`), is tracked: in Markdown, words in backticks; in
//!   comments, every word. In a Markdown file a path from the file's own folder counts too
//!   (`src/posted.rs` in a crate README);
//! - nothing refers outside the repository: no link or `../` path that climbs above the root, no
//!   path into the team's old notes folder, no absolute path of one machine (a home folder, the
//!   folder the workspace was written in).
//!
//! The checker is a set of functions over text and an in-memory tree; the unit tests at the end
//! run it on small examples, so they show that it fails when it should.

use std::{
    collections::{BTreeMap, BTreeSet},
    fmt,
    path::PathBuf,
    process::Command,
};

/// Absolute paths that only mean something on one machine.
const MACHINE_ROOTS: [&str; 4] = ["/work/", "/home/", "/root/", "/Users/"];

/// Where the team's notes lived, beside the repository, before the spec moved in.
// Spelled in two pieces so that this line is not itself a reference to the old folder.
const OUTSIDE_NOTES: &str = concat!("shared/", "reference/");

/// The repository as the checker sees it.
#[derive(Debug, Default)]
struct Tree {
    /// Tracked files and the folders that hold them, `/`-separated, from the root.
    paths: BTreeSet<String>,
    /// The first component of every tracked path: what a repository path starts with.
    top_level: BTreeSet<String>,
    /// Words written like paths that are names, not files: the exercise ids
    /// (`<article>/<exercise>`, from `exercises/solutions/<article>/<exercise>.patch`).
    names: BTreeSet<String>,
    /// The heading anchors of each Markdown file.
    anchors: BTreeMap<String, BTreeSet<String>>,
}

impl Tree {
    /// `files`: every tracked file with its text (empty for binary files).
    fn new(files: &BTreeMap<String, String>) -> Tree {
        let mut tree = Tree::default();
        for (path, text) in files {
            let mut folder = path.as_str();
            tree.paths.insert(path.clone());
            while let Some((parent, _)) = folder.rsplit_once('/') {
                tree.paths.insert(parent.to_string());
                folder = parent;
            }
            tree.top_level.insert(folder.to_string());
            if let Some(id) = path
                .strip_prefix("exercises/solutions/")
                .and_then(|rest| rest.strip_suffix(".patch"))
            {
                tree.names.insert(id.to_string());
            }
            if path.ends_with(".md") {
                tree.anchors.insert(path.clone(), heading_anchors(text));
            }
        }
        tree
    }

    fn has(&self, path: &str) -> bool {
        self.paths.contains(path.trim_end_matches('/'))
    }
}

/// One broken or outside reference.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Problem {
    file: String,
    line: usize,
    message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// What the checker found, and how much it looked at (a check that saw nothing proves nothing).
#[derive(Debug, Default)]
struct Report {
    problems: BTreeSet<Problem>,
    links: usize,
    paths: usize,
}

/// A line of a file's documentation: a Markdown line, or the comment text on one source line.
#[derive(Debug)]
struct DocLine {
    number: usize,
    text: String,
    /// Inside a fenced code block: commands and transcripts, where only references outside the
    /// repository are looked for.
    code_block: bool,
}

/// Checks every file of `files` against `tree`.
fn check_files(tree: &Tree, files: &BTreeMap<String, String>) -> Report {
    let mut report = Report::default();
    for (path, text) in files {
        check_file(tree, path, text, &mut report);
    }
    report
}

fn check_file(tree: &Tree, path: &str, text: &str, report: &mut Report) {
    let Some(lines) = documentation(path, text) else {
        return;
    };
    let markdown = path.ends_with(".md");
    let folder = path.rsplit_once('/').map_or("", |(folder, _)| folder);
    let mut found: Vec<(usize, String)> = Vec::new();
    for line in &lines {
        let outside = outside_references(folder, &line.text);
        found.extend(outside.into_iter().map(|message| (line.number, message)));
    }
    let (links, words) = links_and_words(&lines, markdown);
    for (line, target) in links {
        if !markdown && is_rust_item(&target) {
            continue;
        }
        report.links += 1;
        if let Some(message) = broken_link(tree, path, folder, &target) {
            found.push((line, message));
        }
    }
    for (line, word) in words {
        match check_word(tree, folder, markdown, &word) {
            Word::NotAPath => {}
            Word::Found => report.paths += 1,
            Word::Missing(message) => {
                report.paths += 1;
                found.push((line, message));
            }
        }
    }
    let file = path.to_string();
    report
        .problems
        .extend(found.into_iter().map(|(line, message)| Problem {
            file: file.clone(),
            line,
            message,
        }));
}

/// Texts with the number of the line they are on.
type Numbered = Vec<(usize, String)>;

/// The link targets and candidate path words of a file's documentation, outside code blocks.
/// Markdown writes paths in backticks; comments often write them bare, so there every word is a
/// candidate.
fn links_and_words(lines: &[DocLine], markdown: bool) -> (Numbered, Numbered) {
    let (mut links, mut words) = (Vec::new(), Vec::new());
    let mut in_span = false;
    let mut previous = 0;
    for line in lines.iter().filter(|line| !line.code_block) {
        // A code span may run on to the next line of its paragraph, never further.
        if line.number != previous + 1 || line.text.trim().is_empty() {
            in_span = false;
        }
        previous = line.number;
        if !in_span && let Some(target) = reference_definition(&line.text) {
            links.push((line.number, target));
        }
        for (index, segment) in line.text.split('`').enumerate() {
            if index > 0 {
                in_span = !in_span;
            }
            if in_span || !markdown {
                let segment_words = segment.split_whitespace();
                words.extend(segment_words.map(|word| (line.number, word.to_string())));
            }
            if !in_span {
                links.extend(link_targets(segment).map(|target| (line.number, target)));
            }
        }
    }
    (links, words)
}

/// The lines of `path` that are documentation, or `None` for a file that has none to check.
fn documentation(path: &str, text: &str) -> Option<Vec<DocLine>> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let extension = name.rsplit_once('.').map(|(_, extension)| extension);
    match extension {
        Some("md") => Some(markdown_lines(text)),
        Some("rs") => Some(slash_comments(text, Syntax::Rust)),
        Some("js" | "css") => Some(slash_comments(text, Syntax::JavaScript)),
        Some("toml" | "gitignore") => Some(hash_comments(text, false)),
        Some("txt") => Some(hash_comments(text, true)),
        Some("json") if name == "package.json" => Some(markdown_lines(text)),
        None if name == ".gitignore" => Some(hash_comments(text, false)),
        None if text.starts_with("#!") && text.lines().next().is_some_and(|l| l.contains("sh")) => {
            Some(hash_comments(text, false))
        }
        _ => None,
    }
}

fn markdown_lines(text: &str) -> Vec<DocLine> {
    let mut fence: Option<String> = None;
    let mut lines = Vec::new();
    for (index, text) in text.lines().enumerate() {
        let trimmed = text.trim_start();
        let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
        let code_block = fence.is_some() || marker.is_some();
        match (&fence, marker) {
            (None, Some(marker)) => fence = Some(marker.to_string()),
            (Some(open), Some(marker)) if open == marker => fence = None,
            _ => {}
        }
        lines.push(DocLine {
            number: index + 1,
            text: text.to_string(),
            code_block,
        });
    }
    lines
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Syntax {
    Rust,
    JavaScript,
}

/// The `//` and `/* */` comments of a Rust, JavaScript or CSS file, line by line; string and
/// character literals are skipped, so `"http://..."` is not a comment.
fn slash_comments(text: &str, syntax: Syntax) -> Vec<DocLine> {
    let chars: Vec<char> = text.chars().collect();
    let mut comments: BTreeMap<usize, String> = BTreeMap::new();
    let mut line = 1;
    let mut i = 0;
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    while i < chars.len() {
        let c = chars[i];
        if c == '/' && at(i + 1) == '/' {
            let start = i + 2;
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
            let comment: String = chars[start..i].iter().collect();
            comments.entry(line).or_default().push_str(&comment);
        } else if c == '/' && at(i + 1) == '*' {
            i += 2;
            let mut depth = 1;
            while i < chars.len() && depth > 0 {
                if chars[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                } else if syntax == Syntax::Rust && chars[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else {
                    if chars[i] == '\n' {
                        line += 1;
                    } else {
                        comments.entry(line).or_default().push(chars[i]);
                    }
                    i += 1;
                }
            }
        } else if syntax == Syntax::Rust
            && (c == 'r' || (c == 'b' && at(i + 1) == 'r'))
            && !at(i.wrapping_sub(1)).is_alphanumeric()
            && {
                let mut j = i + if c == 'b' { 2 } else { 1 };
                while at(j) == '#' {
                    j += 1;
                }
                at(j) == '"'
            }
        {
            // A raw string: r"..." or r#"..."#, ended by a quote and as many hashes.
            i += if c == 'b' { 2 } else { 1 };
            let mut hashes = 0;
            while at(i) == '#' {
                hashes += 1;
                i += 1;
            }
            i += 1;
            while i < chars.len() {
                if chars[i] == '"' && (1..=hashes).all(|k| at(i + k) == '#') {
                    i += 1 + hashes;
                    break;
                }
                if chars[i] == '\n' {
                    line += 1;
                }
                i += 1;
            }
        } else if c == '"'
            || (syntax == Syntax::JavaScript && (c == '\'' || c == '`'))
            || (syntax == Syntax::Rust && c == '\'' && is_char_literal(&chars, i))
        {
            i += 1;
            while i < chars.len() && chars[i] != c {
                if chars[i] == '\\' {
                    i += 1;
                }
                if at(i) == '\n' {
                    line += 1;
                }
                i += 1;
            }
            i += 1;
        } else {
            if c == '\n' {
                line += 1;
            }
            i += 1;
        }
    }
    comments
        .into_iter()
        .map(|(number, text)| DocLine {
            number,
            text,
            code_block: false,
        })
        .collect()
}

/// At a `'` in Rust: a character literal (`'a'`, `'\n'`), not a lifetime (`'a`, `'static`).
fn is_char_literal(chars: &[char], i: usize) -> bool {
    match chars.get(i + 1) {
        Some('\\') => true,
        Some(_) => chars.get(i + 2) == Some(&'\''),
        None => false,
    }
}

/// The `#` comments of a shell, TOML or `.gitignore` file (`whole_lines`: only lines that start
/// with `#`, as in the request scripts, whose bodies may hold a `#`).
fn hash_comments(text: &str, whole_lines: bool) -> Vec<DocLine> {
    let mut lines = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if index == 0 && line.starts_with("#!") {
            continue;
        }
        let start = if whole_lines {
            line.trim_start()
                .starts_with('#')
                .then(|| line.find('#'))
                .flatten()
        } else {
            comment_start(line)
        };
        if let Some(start) = start {
            lines.push(DocLine {
                number: index + 1,
                text: line[start + 1..].to_string(),
                code_block: false,
            });
        }
    }
    lines
}

/// Where a `#` comment starts on a shell or TOML line: a `#` outside quotes, at the start or
/// after a space (`$#` and `${#x}` are not comments).
fn comment_start(line: &str) -> Option<usize> {
    let mut quote = None;
    let mut previous = ' ';
    for (index, c) in line.char_indices() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(open), _) if c == open => quote = None,
            (None, '#') if previous.is_whitespace() => return Some(index),
            _ => {}
        }
        previous = c;
    }
    None
}

/// The targets of the inline links and images in `text`: `[x](target)`, `![x](target "title")`.
fn link_targets(text: &str) -> impl Iterator<Item = String> + '_ {
    text.match_indices("](").filter_map(|(index, _)| {
        let rest = &text[index + 2..];
        let rest = rest.strip_prefix('<').unwrap_or(rest);
        let end = rest.find([')', '>', ' ', '\t'])?;
        Some(rest[..end].to_string())
    })
}

/// The target of a reference definition, `[name]: target`.
fn reference_definition(line: &str) -> Option<String> {
    let rest = line.trim_start().strip_prefix('[')?;
    let (label, target) = rest.split_once("]: ")?;
    (!label.is_empty() && !label.contains(']'))
        .then(|| target.split_whitespace().next().map(str::to_string))
        .flatten()
}

/// A rustdoc intra-doc link (`Self::run`, `crate::Report`, `self`), not a path.
fn is_rust_item(target: &str) -> bool {
    !target.contains(['/', '.', '#'])
}

/// Why a link's target does not resolve, if it does not.
fn broken_link(tree: &Tree, file: &str, folder: &str, target: &str) -> Option<String> {
    if target.contains("://") || target.starts_with("mailto:") || target.is_empty() {
        return None;
    }
    let (path, anchor) = target.split_once('#').unwrap_or((target, ""));
    let resolved = if path.is_empty() {
        file.to_string()
    } else if let Some(from_root) = path.strip_prefix('/') {
        normalise("", from_root)?
    } else {
        // Climbing above the root is reported by `outside_references`, once.
        normalise(folder, path)?
    };
    if !tree.has(&resolved) {
        return Some(format!(
            "link to `{target}`: no such file in the repository"
        ));
    }
    match tree.anchors.get(&resolved) {
        Some(anchors) if !anchor.is_empty() && !anchors.contains(anchor) => Some(format!(
            "link to `{target}`: {resolved} has no heading with the anchor #{anchor}"
        )),
        _ => None,
    }
}

/// `relative` from `folder`, with `.` and `..` worked out; `None` when it climbs above the root.
fn normalise(folder: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    let mut path = parts.join("/");
    if relative.ends_with('/') && !path.is_empty() {
        path.push('/');
    }
    Some(path)
}

enum Word {
    NotAPath,
    Found,
    Missing(String),
}

/// Whether a word in backticks is a repository path, and if so whether it is tracked.
fn check_word(tree: &Tree, folder: &str, markdown: bool, word: &str) -> Word {
    let word = word
        .trim_start_matches(['\'', '"', '(', '['])
        .trim_end_matches(['\'', '"', ')', ']', '.', ',', ':', ';']);
    let word = word.split('#').next().unwrap_or(word);
    let word = strip_line_number(word);
    let path_like = |c: char| c.is_ascii_alphanumeric() || "._/@+-".contains(c);
    if word.is_empty() || !word.chars().all(path_like) || word.starts_with('/') {
        return Word::NotAPath;
    }
    if word.starts_with("./") || word.starts_with("../") {
        return match normalise(folder, word) {
            // Climbing above the root is reported by `outside_references`.
            None => Word::NotAPath,
            Some(path) if tree.has(&path) => Word::Found,
            Some(path) => Word::Missing(format!("`{word}` ({path}) is not in the repository")),
        };
    }
    let Some((first, rest)) = word.split_once('/') else {
        return Word::NotAPath;
    };
    if rest.trim_matches('/').is_empty() {
        return Word::NotAPath;
    }
    let from_folder = normalise(folder, word).unwrap_or_default();
    if tree.top_level.contains(first) {
        if tree.has(word) || tree.names.contains(word) || (markdown && tree.has(&from_folder)) {
            Word::Found
        } else {
            Word::Missing(format!("`{word}` is not in the repository"))
        }
    } else if markdown && !folder.is_empty() && tree.has(&format!("{folder}/{first}")) {
        if tree.has(&from_folder) {
            Word::Found
        } else {
            Word::Missing(format!("`{word}` ({from_folder}) is not in the repository"))
        }
    } else {
        Word::NotAPath
    }
}

/// `compare/src/lib.rs:43` -> `compare/src/lib.rs`.
fn strip_line_number(word: &str) -> &str {
    match word.rsplit_once(':') {
        Some((path, line))
            if !line.is_empty() && line.chars().all(|c| c.is_ascii_digit() || c == '-') =>
        {
            path
        }
        _ => word,
    }
}

/// What on this line points outside the repository.
fn outside_references(folder: &str, line: &str) -> Vec<String> {
    let mut found = Vec::new();
    if line.contains(OUTSIDE_NOTES) {
        found.push(format!(
            "refers to `{OUTSIDE_NOTES}`, which is not in the repository (the spec is compare/node-behaviour.md)"
        ));
    }
    for root in MACHINE_ROOTS {
        let at_boundary = line.match_indices(root).any(|(index, _)| {
            line[..index]
                .chars()
                .next_back()
                .is_none_or(|c| !(c.is_alphanumeric() || "._~/-".contains(c)))
        });
        if at_boundary {
            found.push(format!("an absolute path of one machine (`{root}...`)"));
        }
    }
    let separators = |c: char| c.is_whitespace() || "`'\"()[]<>,;".contains(c);
    for token in line.split(separators) {
        let path = token.split('#').next().unwrap_or(token);
        if path.starts_with("../") && normalise(folder, path).is_none() {
            found.push(format!("`{token}` climbs above the repository root"));
        }
    }
    found
}

/// The anchors GitHub gives the headings of a Markdown file: lower case, spaces to hyphens, other
/// punctuation dropped; a repeated heading gets `-1`, `-2`...
fn heading_anchors(text: &str) -> BTreeSet<String> {
    let mut anchors = BTreeSet::new();
    for line in markdown_lines(text).iter().filter(|line| !line.code_block) {
        let hashes = line.text.chars().take_while(|&c| c == '#').count();
        let Some(heading) = line.text[hashes..].strip_prefix(' ') else {
            continue;
        };
        if !(1..=6).contains(&hashes) {
            continue;
        }
        let slug: String = heading
            .trim()
            .trim_end_matches('#')
            .trim()
            .to_lowercase()
            .chars()
            .filter_map(|c| match c {
                ' ' => Some('-'),
                c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
                _ => None,
            })
            .collect();
        let mut anchor = slug.clone();
        let mut n = 0;
        while !anchors.insert(anchor.clone()) {
            n += 1;
            anchor = format!("{slug}-{n}");
        }
    }
    anchors
}

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every tracked file with its text (empty when it is not UTF-8).
fn tracked_files() -> BTreeMap<String, String> {
    let root = workspace();
    let output = Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(&root)
        .output()
        .unwrap_or_else(|error| {
            panic!("git ls-files: {error} (this test needs git and a checkout)")
        });
    assert!(
        output.status.success(),
        "git ls-files failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let listing = String::from_utf8(output.stdout).expect("tracked paths are UTF-8");
    listing
        .split('\0')
        .filter(|path| !path.is_empty())
        .map(|path| {
            let text = std::fs::read(root.join(path))
                .ok()
                .and_then(|bytes| String::from_utf8(bytes).ok())
                .unwrap_or_default();
            (path.to_string(), text)
        })
        .collect()
}

#[test]
fn every_reference_in_the_repository_leads_to_a_file_inside_it() {
    let files = tracked_files();
    let tree = Tree::new(&files);
    let report = check_files(&tree, &files);
    let problems: Vec<String> = report.problems.iter().map(Problem::to_string).collect();
    assert!(
        problems.is_empty(),
        "{} broken or outside references:\n{}",
        problems.len(),
        problems.join("\n")
    );
    // A checker that read nothing would pass: make sure it read the documentation.
    assert!(
        tree.anchors.len() >= 7,
        "read {} Markdown files",
        tree.anchors.len()
    );
    assert!(report.links >= 15, "checked only {} links", report.links);
    assert!(report.paths >= 40, "checked only {} paths", report.paths);
}

mod checker {
    use super::*;

    /// A small repository: a root README, a crate with its README and source, a script.
    fn files(extra: &[(&str, &str)]) -> BTreeMap<String, String> {
        let mut files: BTreeMap<String, String> = [
            (
                "README.md",
                "# Demo\n\n## Usage\n\nSee [the crate](app/README.md).\n",
            ),
            ("app/README.md", "# app\n\n## Differences from Node\n"),
            ("app/src/main.rs", "fn main() {}\n"),
            ("exercises/solutions/app/hello.patch", ""),
            (
                "scripts/test",
                "#!/usr/bin/env bash\n# Runs `app/src/main.rs`.\n",
            ),
        ]
        .into_iter()
        .map(|(path, text)| (path.to_string(), text.to_string()))
        .collect();
        files.extend(extra.iter().map(|(p, t)| (p.to_string(), t.to_string())));
        files
    }

    /// The problems found in `file` (added to the small repository) as `line: message`.
    fn problems_in(file: &str, text: &str) -> Vec<String> {
        let files = files(&[(file, text)]);
        let tree = Tree::new(&files);
        let mut report = Report::default();
        check_file(&tree, file, text, &mut report);
        report
            .problems
            .into_iter()
            .map(|p| format!("{}: {}", p.line, p.message))
            .collect()
    }

    #[test]
    fn the_small_repository_is_clean() {
        let files = files(&[]);
        let report = check_files(&Tree::new(&files), &files);
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        assert_eq!((report.links, report.paths), (1, 1));
    }

    #[test]
    fn a_link_that_climbs_above_the_root_fails() {
        let found = problems_in("app/NOTES.md", "See [the notes](../../notes/spec.md).\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("1: `../../notes/spec.md` climbs above"),
            "{found:?}"
        );
        // From the root, one `../` is enough to leave; inside a crate it is not.
        assert_eq!(problems_in("NOTES.md", "`../app/README.md`\n").len(), 1);
        assert!(problems_in("app/NOTES.md", "[up](../README.md#usage)\n").is_empty());
    }

    #[test]
    fn the_old_notes_folder_and_machine_paths_fail_even_in_code_blocks_and_comments() {
        let notes = ["shared", "reference", "node-behaviour.md"].join("/");
        let home = ["", "home", "me", "spec.md"].join("/");
        let work = ["", "work", "shared"].join("/");
        let markdown = format!("Written from `{notes}`.\n\n```sh\ncat {home}\n```\n");
        let found = problems_in("app/NOTES.md", &markdown);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0].starts_with(&format!("1: refers to `{OUTSIDE_NOTES}`")),
            "{found:?}"
        );
        assert!(found[1].starts_with("4: an absolute path"), "{found:?}");
        let js = format!("// Written from {notes}\nconst x = 1; // see {work}\n");
        let found = problems_in("app/standin.js", &js);
        assert_eq!(found.len(), 2, "{found:?}");
        let shell = format!("#!/bin/sh\n# from {notes}\n");
        assert_eq!(problems_in("scripts/setup", &shell).len(), 1);
        let rust = format!("//! See `{notes}`.\n");
        assert_eq!(problems_in("app/src/lib.rs", &rust).len(), 1);
    }

    #[test]
    fn a_missing_file_anchor_or_backticked_path_fails() {
        let found = problems_in(
            "app/NOTES.md",
            "[a](missing.md), [b](README.md#no-such-heading), `app/src/gone.rs`, `src/gone.rs`\n",
        );
        assert_eq!(found.len(), 4, "{found:?}");
        assert!(
            found
                .iter()
                .any(|p| p.contains("has no heading with the anchor #no-such-heading"))
        );
        assert!(found.iter().any(|p| p.contains("`app/src/gone.rs` is not")));
        assert!(found.iter().any(|p| p.contains("(app/src/gone.rs) is not")));
        // Comments name paths without backticks too; Markdown prose is left alone.
        let js = "// Written from app/src/gone.rs. Serves (app/src/main.rs).\n";
        assert_eq!(
            problems_in("app/a.js", js),
            ["1: `app/src/gone.rs` is not in the repository"]
        );
        assert!(problems_in("README.md", "the heading \"This is app/index.html\"\n").is_empty());
        let ok = "[a](README.md#differences-from-node), `app/src/main.rs:1`, `src/main.rs`, `scripts/test`\n";
        assert!(problems_in("app/NOTES.md", ok).is_empty());
    }

    #[test]
    fn words_that_only_look_like_paths_are_left_alone() {
        let text = "\
`cargo run -p exercises -- check app/hello` `harness::browser` `screenshots/app/x.png`
`target/debug/<name>` `app/src/*.rs` `GET /app/src/x.rs` `node:../checkout` `app=../checkout`
`http://localhost:3000/home/x` <https://example.com/work/x>
[`app`](https://example.com/app/README.md) `Cannot GET /about`
";
        assert!(
            problems_in("README.md", text).is_empty(),
            "{:?}",
            problems_in("README.md", text)
        );
        let rust =
            "/// Like [`run`](Self::run), see [`Report`](crate::Report) and [the module](self).\n";
        assert!(problems_in("app/src/lib.rs", rust).is_empty());
        assert_eq!(problems_in("app/NOTES.md", "[`run`](Self::run)\n").len(), 1);
    }

    #[test]
    fn strings_in_source_are_not_comments() {
        let notes = ["shared", "reference"].join("/");
        let rust = format!(
            "let a = \"// {notes}/\";\nlet b = r#\"x\" // {notes}/\"#;\nlet c = '\"'; fn f<'a>() {{}}\n"
        );
        assert!(problems_in("app/src/lib.rs", &rust).is_empty());
        let js = format!("const a = '// {notes}/';\nconst b = `// {notes}/`;\n");
        assert!(problems_in("app/a.js", &js).is_empty());
        let shell = format!("#!/bin/sh\necho \"# {notes}/\" ${{#x}}\n");
        assert!(problems_in("scripts/setup", &shell).is_empty());
    }

    #[test]
    fn a_code_span_may_continue_on_the_next_line_of_its_paragraph() {
        let text = "Prints `Server is running. Point your browser to:\nhttp://localhost:3000` and `app/src/main.rs`.\n";
        assert!(problems_in("README.md", text).is_empty());
        let broken = "Prints `a\nb` then `app/src/gone.rs`.\n";
        assert_eq!(problems_in("README.md", broken).len(), 1);
    }

    #[test]
    fn anchors_follow_github() {
        let anchors = heading_anchors(
            "# A `code` title: yes\n## Hello, you\n## Hello, you\n```\n# not a heading\n```\n",
        );
        let expected: BTreeSet<String> = ["a-code-title-yes", "hello-you", "hello-you-1"]
            .into_iter()
            .map(String::from)
            .collect();
        assert_eq!(anchors, expected);
    }
}
