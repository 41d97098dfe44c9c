//! The workspace keeps its promises to the people who build it: one version of each crate, and
//! every article laid out the same way (three binaries whose header says how to run them, a README
//! with the examples table and its differences from Node).

use std::{collections::BTreeMap, fs, path::PathBuf};

const ARTICLES: [&str; 3] = ["intro-express", "send-vs-write", "post-form"];

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read(path: &str) -> String {
    fs::read_to_string(workspace().join(path)).unwrap_or_else(|error| panic!("{path}: {error}"))
}

#[test]
fn cargo_lock_holds_one_version_of_each_crate() {
    let lock = read("Cargo.lock");
    let mut versions: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut name = None;
    for line in lock.lines() {
        if let Some(value) = line.strip_prefix("name = ") {
            name = Some(value.trim_matches('"'));
        } else if let (Some(value), Some(current)) = (line.strip_prefix("version = "), name.take())
        {
            versions
                .entry(current)
                .or_default()
                .push(value.trim_matches('"'));
        }
    }
    let twice: Vec<String> = versions
        .iter()
        .filter(|(_, found)| found.len() > 1)
        .map(|(crate_name, found)| format!("{crate_name} {}", found.join(", ")))
        .collect();
    assert!(
        twice.is_empty(),
        "Cargo.lock has several versions of: {twice:?} (see the pins explained in the root Cargo.toml)"
    );
    assert!(
        versions.len() > 50,
        "read {} crates: parse error?",
        versions.len()
    );
}

#[test]
fn every_article_has_three_examples_that_show_their_app_and_say_how_to_run_them() {
    for article in ARTICLES {
        for n in 1..=3 {
            let path = format!("{article}/src/bin/example-{n}.rs");
            let source = read(&path);
            let command = format!("cargo run -p {article} --bin example-{n}");
            assert!(
                source.starts_with("//! # "),
                "{path} opens with a header doc comment"
            );
            assert!(
                source.contains(&command),
                "{path}'s header shows `{command}`"
            );
            assert!(
                source.contains("Mirrors"),
                "{path} names the Node lines it mirrors"
            );
            for (piece, what) in [
                ("HttpServer::new(", "builds its HttpServer"),
                ("App::new()", "builds its App"),
                (".bind((\"127.0.0.1\", port))", "binds in view"),
                (".run()", "runs in view"),
                ("fn routes(", "registers its routes in one function"),
                ("#[cfg(test)]", "has its in-process tests at the bottom"),
            ] {
                assert!(source.contains(piece), "{path} {what} (`{piece}`)");
            }
        }
    }
}

#[test]
fn every_article_readme_has_the_examples_table_and_its_differences_from_node() {
    for article in ARTICLES {
        let readme = read(&format!("{article}/README.md"));
        assert!(
            readme.contains("| example | Node file | command | URL | what to observe |"),
            "{article}/README.md has the examples table"
        );
        assert!(
            readme.contains("## Differences from Node"),
            "{article}/README.md has a Differences from Node section"
        );
        for n in 1..=3 {
            let command = format!("cargo run -p {article} --bin example-{n}");
            assert!(
                readme.contains(&command),
                "{article}/README.md shows `{command}`"
            );
        }
    }
}
