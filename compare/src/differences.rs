//! Intended differences, read from a crate README's "Differences from Node" table.
//!
//! The convention: under a heading that contains "Differences from Node", a Markdown table with a
//! column headed `probe` and one headed `why` (else the last column is the reason). The `probe`
//! cell names, in backticks, what the row explains:
//!
//! | name in the cell | marks as intended |
//! |---|---|
//! | a probe id or a tag of the script (`folder-redirect`, globs like `form-*`) | every aspect of those probes |
//! | an aspect (`x-powered-by`, `etag`, `status`, `type`, `framing`, `end`, `body`, `log`) | that aspect, on every probe |
//! | `probe:aspect` (`form-empty:log`) | that aspect of those probes |
//!
//! A row whose cell also names one of our examples (`example-1`) applies only when that example
//! is compared: post-form's original is one `server.js`, and our example-1 and example-2 are its
//! first steps. A row whose cell names nothing the script probes is documentation only.

use std::path::Path;

use crate::script::Probe;

/// One name from a `probe` cell, with the row's reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Intended {
    /// As written in the cell: `etag`, `folder-redirect`, `form-*:log`.
    pub name: String,
    /// The row's `why`.
    pub reason: String,
    /// The examples the row is about (`example-1`), named in the same cell; empty: all of them.
    pub examples: Vec<String>,
}

impl Intended {
    /// Whether the row applies to a comparison of `examples` (each side's, where it says).
    pub fn applies_to(&self, examples: &[String]) -> bool {
        self.examples.is_empty() || self.examples.iter().any(|name| examples.contains(name))
    }

    /// Whether this entry explains a difference in `aspect` of `probe`; `aspects` are the names
    /// of every aspect the comparison knows, so that `etag` means the aspect, not a probe.
    pub fn covers(&self, probe: &Probe, aspect: &str, aspects: &[String]) -> bool {
        if let Some((probes, only)) = self.name.split_once(':') {
            return only == aspect && probe.is_named(probes);
        }
        if aspects.contains(&self.name) {
            return self.name == aspect;
        }
        probe.is_named(&self.name)
    }
}

/// The entries of the README at `path`; an empty list when it has no such table.
pub fn read(path: &Path) -> std::io::Result<Vec<Intended>> {
    Ok(parse(&std::fs::read_to_string(path)?))
}

/// The entries of a README's "Differences from Node" table.
pub fn parse(markdown: &str) -> Vec<Intended> {
    let mut lines = markdown
        .lines()
        .skip_while(|line| !(line.starts_with('#') && line.contains("Differences from Node")))
        .skip(1)
        .take_while(|line| !line.starts_with('#'))
        .skip_while(|line| !line.trim_start().starts_with('|'));
    let Some(header) = lines.next() else {
        return Vec::new();
    };
    let columns: Vec<String> = cells(header)
        .iter()
        .map(|cell| cell.to_ascii_lowercase())
        .collect();
    let Some(probe_column) = columns
        .iter()
        .position(|name| name == "probe" || name == "probes")
    else {
        return Vec::new();
    };
    let why_column = columns
        .iter()
        .position(|name| name == "why" || name == "reason")
        .unwrap_or(columns.len().saturating_sub(1));
    let mut entries = Vec::new();
    for row in lines.take_while(|line| line.trim_start().starts_with('|')) {
        let row = cells(row);
        if row
            .iter()
            .all(|cell| cell.chars().all(|c| "-: ".contains(c)))
        {
            continue; // the |---|---| line
        }
        let reason = row.get(why_column).cloned().unwrap_or_default();
        let Some(cell) = row.get(probe_column) else {
            continue;
        };
        let (examples, names): (Vec<String>, Vec<String>) = backticked(cell)
            .into_iter()
            .partition(|name| is_example(name));
        for name in names {
            entries.push(Intended {
                name,
                reason: reason.clone(),
                examples: examples.clone(),
            });
        }
    }
    entries
}

/// `example-1`: one of our examples, not a probe.
fn is_example(name: &str) -> bool {
    name.strip_prefix("example-")
        .is_some_and(|number| !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()))
}

/// The cells of a table row, trimmed; `\|` stays inside its cell.
fn cells(row: &str) -> Vec<String> {
    let inner = row.trim().trim_start_matches('|');
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let mut cells = vec![String::new()];
    let mut chars = inner.chars().peekable();
    while let Some(character) = chars.next() {
        match character {
            '\\' if chars.peek() == Some(&'|') => {
                if let Some(cell) = cells.last_mut() {
                    cell.push('|');
                }
                chars.next();
            }
            '|' => cells.push(String::new()),
            other => {
                if let Some(cell) = cells.last_mut() {
                    cell.push(other);
                }
            }
        }
    }
    cells.iter().map(|cell| cell.trim().to_owned()).collect()
}

fn backticked(cell: &str) -> Vec<String> {
    cell.split('`')
        .skip(1)
        .step_by(2)
        .flat_map(|names| names.split([',', ' ']))
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script;

    const README: &str = "\
# crate

| probe | not this table | why |
|---|---|---|
| `ignored` | x | y |

## Differences from Node

On purpose.

| probe | Express 4.14 | here | why |
|---|---|---|---|
| `x-powered-by` | `X-Powered-By: Express` | none | it only helps fingerprinting |
| `folder-redirect` | `301` | `307` | actix-files' redirect |
| `form-*:log`, `slow` | raw | escaped \\| safe | no forged log lines |
| `example-1` `echoed` | answered | `404` | step 1 has no route yet |
| | no probe | here | documentation only |

## Tests
| probe | why |
|---|---|
| `after` | not this one either |
";

    fn aspects() -> Vec<String> {
        ["status", "body", "log", "x-powered-by", "etag"]
            .map(String::from)
            .to_vec()
    }

    #[test]
    fn reads_only_the_differences_table_and_its_why_column() {
        let entries = parse(README);
        let names: Vec<&str> = entries.iter().map(|entry| entry.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "x-powered-by",
                "folder-redirect",
                "form-*:log",
                "slow",
                "echoed"
            ]
        );
        assert_eq!(entries[0].reason, "it only helps fingerprinting");
        assert_eq!(entries[2].reason, "no forged log lines");
        assert_eq!(entries[4].examples, ["example-1"]);
    }

    #[test]
    fn a_row_naming_an_example_applies_to_that_example_only() {
        let entries = parse(README);
        let examples = |names: &[&str]| {
            names
                .iter()
                .map(|name| (*name).to_owned())
                .collect::<Vec<_>>()
        };
        let step_1 = &entries[4];
        assert!(step_1.applies_to(&examples(&["example-1", "server"])));
        assert!(!step_1.applies_to(&examples(&["example-3", "server"])));
        assert!(!step_1.applies_to(&[]));
        assert!(entries[0].applies_to(&examples(&["example-3"])));
        assert!(entries[0].applies_to(&[]));
    }

    #[test]
    fn a_name_covers_an_aspect_everywhere_a_probe_entirely_or_one_aspect_of_a_probe() {
        let probes = script::parse(
            "folder-redirect GET /css\nform-json POST /form\n  tag slow\nroot GET /\n",
        )
        .expect("parses");
        let [redirect, form, root] = &probes[..] else {
            panic!("three probes")
        };
        let entry = |name: &str| Intended {
            name: name.into(),
            reason: String::new(),
            examples: Vec::new(),
        };
        let aspects = aspects();
        assert!(entry("x-powered-by").covers(root, "x-powered-by", &aspects));
        assert!(!entry("x-powered-by").covers(root, "status", &aspects));
        assert!(entry("folder-redirect").covers(redirect, "status", &aspects));
        assert!(!entry("folder-redirect").covers(root, "status", &aspects));
        assert!(entry("form-*:log").covers(form, "log", &aspects));
        assert!(!entry("form-*:log").covers(form, "body", &aspects));
        assert!(entry("slow").covers(form, "body", &aspects));
        assert!(!entry("etag").covers(redirect, "status", &aspects));
    }

    #[test]
    fn a_readme_without_the_table_or_the_probe_column_intends_nothing() {
        assert!(parse("# x\n\nno table\n").is_empty());
        assert!(
            parse("## Differences from Node\n\n| a | why |\n|---|---|\n| `x` | y |\n").is_empty()
        );
    }
}
