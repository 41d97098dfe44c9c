//! The exercises hang together: each has a solution, a section in the README with its check
//! command, and a line in `list`; the command line explains its mistakes.

use std::{
    path::{Path, PathBuf},
    process::Command,
};

fn exercises_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(arguments: &[&str]) -> (Option<i32>, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_exercises"))
        .args(arguments)
        .output()
        .expect("exercises runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn every_exercise_has_a_solution_and_a_readme_section_with_its_check_command() {
    let readme = std::fs::read_to_string(exercises_dir().join("README.md")).expect("README.md");
    for exercise in exercises::all() {
        let patch = exercises_dir()
            .join("solutions")
            .join(format!("{}.patch", exercise.id()));
        assert!(patch.is_file(), "no solution at {}", patch.display());
        assert!(
            readme.contains(&format!("### {}", exercise.title)),
            "README.md has no section `### {}`",
            exercise.title
        );
        assert!(
            readme.contains(&exercise.command()),
            "README.md does not show `{}`",
            exercise.command()
        );
    }
}

#[test]
fn every_solution_belongs_to_an_exercise() {
    let ids: Vec<String> = exercises::all()
        .iter()
        .map(|exercise| exercise.id())
        .collect();
    for article in std::fs::read_dir(exercises_dir().join("solutions")).expect("solutions/") {
        let article = article.expect("entry").path();
        for patch in std::fs::read_dir(&article).expect("article folder") {
            let patch = patch.expect("entry").path();
            let id = format!(
                "{}/{}",
                name_of(&article),
                name_of(&patch).trim_end_matches(".patch")
            );
            assert!(
                ids.contains(&id),
                "{} is no exercise's solution",
                patch.display()
            );
        }
    }
}

fn name_of(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[test]
fn list_shows_every_exercise_with_the_command_that_checks_it() {
    let (code, stdout, _) = run(&["list"]);
    assert_eq!(code, Some(0));
    for exercise in exercises::all() {
        assert!(stdout.contains(exercise.title), "{stdout}");
        assert!(stdout.contains(&exercise.command()), "{stdout}");
    }
}

#[test]
fn an_unknown_exercise_is_a_usage_error_that_suggests_the_near_ones() {
    let (code, stdout, stderr) = run(&["check", "send-vs-write/finish"]);
    assert_eq!(code, Some(2), "{stdout}{stderr}");
    assert!(
        stderr.contains("no exercise called \"send-vs-write/finish\"")
            && stderr.contains("Did you mean send-vs-write/finish-the-response?"),
        "{stderr}"
    );
    let (code, _, stderr) = run(&["check"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("which exercise?"), "{stderr}");
}

#[test]
fn help_names_both_commands_and_every_mistake_exits_with_2_pointing_at_the_usage() {
    let (code, stdout, _) = run(&["--help"]);
    assert_eq!(code, Some(0));
    for needle in ["Usage: exercises", "list", "check", "--root <DIR>"] {
        assert!(stdout.contains(needle), "{stdout}");
    }
    for arguments in [
        &["lsit"][..],
        &[],
        &["check", "a", "b"],
        &["list", "--root"],
    ] {
        let (code, stdout, stderr) = run(arguments);
        assert_eq!(code, Some(2), "{arguments:?}: {stdout}{stderr}");
        assert!(stdout.is_empty(), "{arguments:?}: {stdout}");
        assert!(
            stderr.contains("Usage: exercises") || stderr.contains("try '--help'"),
            "{arguments:?}: {stderr}"
        );
    }
}

#[test]
fn a_name_alone_or_an_article_selects_exercises() {
    let one = exercises::select("finish-the-response").expect("unique name");
    assert_eq!(one.len(), 1);
    assert_eq!(one[0].id(), "send-vs-write/finish-the-response");
    let article = exercises::select("post-form").expect("an article");
    assert!(article.len() >= 2);
    assert!(
        article
            .iter()
            .all(|exercise| exercise.article == "post-form")
    );
}
