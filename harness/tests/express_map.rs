//! docs/express-to-actix.md links each Express construct to the line of an example that spells
//! it in actix-web, and stores the code it links to: the link must still land on that code.

use std::{fs, path::PathBuf};

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// One row's link: the file (relative to docs/), its line number, and the code stored for it.
#[derive(Debug)]
struct Link {
    file: String,
    line: usize,
    code: String,
}

/// The rows of the map's tables: `| Express | actix-web | [where](path#L12) | `code` |`.
fn links(markdown: &str) -> Vec<Link> {
    markdown
        .lines()
        .filter(|line| line.starts_with('|') && line.contains("#L"))
        .map(|row| {
            let cells = cells(row);
            let place = &cells[cells.len() - 2];
            let target = place
                .split_once("](")
                .and_then(|(_, rest)| rest.split_once(')'))
                .map(|(target, _)| target)
                .unwrap_or_else(|| panic!("no link in {row}"));
            let (file, line) = target
                .split_once("#L")
                .unwrap_or_else(|| panic!("no #L<line> in {row}"));
            let code = cells[cells.len() - 1].trim_matches('`').to_owned();
            Link {
                file: file.to_owned(),
                line: line.parse().unwrap_or_else(|_| panic!("bad line in {row}")),
                code,
            }
        })
        .collect()
}

/// The cells of a table row, with `\|` read as a `|` inside a cell.
fn cells(row: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut characters = row.trim().trim_matches('|').chars().peekable();
    while let Some(character) = characters.next() {
        match character {
            '\\' if characters.peek() == Some(&'|') => {
                cell.push('|');
                characters.next();
            }
            '|' => cells.push(std::mem::take(&mut cell).trim().to_owned()),
            other => cell.push(other),
        }
    }
    cells.push(cell.trim().to_owned());
    cells
}

/// Why `link` no longer lands on its code in `source`, with where the code is now; `None` when
/// it does.
fn misplaced(link: &Link, source: &str) -> Option<String> {
    let lines: Vec<&str> = source.lines().collect();
    let found = lines
        .get(link.line.wrapping_sub(1))
        .copied()
        .unwrap_or_default();
    if found.contains(&link.code) {
        return None;
    }
    let now = lines
        .iter()
        .position(|line| line.contains(&link.code))
        .map_or("nowhere".to_owned(), |index| format!("#L{}", index + 1));
    Some(format!(
        "{}#L{}: `{}` is not on that line (now at {now})",
        link.file, link.line, link.code
    ))
}

#[test]
fn every_link_of_the_map_lands_on_the_code_it_names() {
    let docs = workspace().join("docs");
    let map = fs::read_to_string(docs.join("express-to-actix.md")).expect("the map");
    let links = links(&map);
    assert!(links.len() >= 14, "the map lists every Express construct");
    let wrong: Vec<String> = links
        .iter()
        .filter_map(|link| {
            let source = fs::read_to_string(docs.join(&link.file))
                .unwrap_or_else(|error| panic!("{}: {error}", link.file));
            misplaced(link, &source)
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_link_whose_line_moved_is_caught_and_told_where_the_code_went() {
    let row = "| `app.get` | `route` | [x](../a.rs#L2) | `shared::get_or_head()` |";
    let link = &links(row)[0];
    assert_eq!((link.file.as_str(), link.line), ("../a.rs", 2));
    assert_eq!(link.code, "shared::get_or_head()");
    let still = "fn routes() {\n    .route(\"/\", shared::get_or_head())\n}\n";
    assert_eq!(misplaced(link, still), None);
    let moved = "fn routes() {\n}\n    .route(\"/\", shared::get_or_head())\n";
    let report = misplaced(link, moved).expect("a moved line is caught");
    assert!(report.contains("now at #L3"), "{report}");
    let gone = misplaced(link, "fn routes() {}\n").expect("a removed line is caught");
    assert!(gone.contains("now at nowhere"), "{gone}");
}

#[test]
fn a_pipe_inside_code_is_read_as_a_pipe() {
    let row = r"| `express()` | `HttpServer::new(\|\| App::new())` | [x](../a.rs#L9) | `HttpServer::new(\|\| {` |";
    assert_eq!(links(row)[0].code, "HttpServer::new(|| {");
}
