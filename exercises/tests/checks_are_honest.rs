//! The checks are honest: in a temporary copy of the workspace, each fails on the examples as the
//! articles have them (for the reason its exercise is about), and passes once the exercise's
//! reference solution, `exercises/solutions/<article>/<exercise>.patch`, is applied.
//!
//! Bounded: one copy, built twice per article (pristine, then with all its solutions applied
//! together, which do not conflict), in a target folder of its own that is kept between runs, so
//! that dependencies are compiled only the first time.

use std::{
    path::{Path, PathBuf},
    process::{Command, Output},
    time::Instant,
};

/// What each check must say on the pristine example: the first thing still missing.
const PRISTINE_SAYS: &[(&str, &str)] = &[
    (
        "intro-express/contact-page",
        "GET /contact is `404 Cannot GET /contact`",
    ),
    ("intro-express/hello-name", "GET /hello/Ada is `404"),
    (
        "send-vs-write/finish-the-response",
        "The response never ends",
    ),
    (
        "send-vs-write/one-send",
        "still answers only the first heading",
    ),
    (
        "send-vs-write/heading-count-header",
        "no X-Heading-Count header yet",
    ),
    (
        "post-form/require-first-name",
        "should be refused with `422 Unprocessable Entity`",
    ),
    ("post-form/email-field", "no input named email"),
];

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The copy's own target folder, kept from run to run so that its dependencies are compiled once.
/// Never this workspace's: cargo names a workspace crate's build by its path *inside* the
/// workspace, so the copy's `send-vs-write` would share artifacts with this one's, and a later
/// build here could take the copy's solved example-2 for an up-to-date build of the original.
fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("exercises-target")
}

fn git(dir: &Path, arguments: &[&str]) -> Output {
    let output = Command::new("git")
        .current_dir(dir)
        .args(arguments)
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {} failed in {}: {}",
        arguments.join(" "),
        dir.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// The workspace's files as they are now (tracked and new, not ignored), in a folder that is its
/// own git repository, so that `git apply` there patches the copy and only it.
///
/// The folder is kept from run to run and brought up to date file by file: a file whose bytes
/// are already right is left alone, so its modification time stays older than what was built
/// from it and cargo does not rebuild it; a file that differs (the workspace changed, or a
/// solution patched it last time) is written anew, with a new time, and is rebuilt. Files the
/// workspace does not have (a page a solution added) are removed.
fn copy_of_workspace() -> PathBuf {
    let copy = Path::new(env!("CARGO_TARGET_TMPDIR")).join("exercises-honest");
    let listed = git(
        &workspace_root(),
        &[
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ],
    );
    let mut wanted = std::collections::BTreeSet::new();
    for name in listed
        .stdout
        .split(|&byte| byte == 0)
        .filter(|name| !name.is_empty())
    {
        let name = String::from_utf8_lossy(name).into_owned();
        let from = workspace_root().join(&name);
        let Ok(bytes) = std::fs::read(&from) else {
            continue; // deleted in the working tree, not yet in the index
        };
        let to = copy.join(&name);
        if std::fs::read(&to).ok().as_deref() != Some(bytes.as_slice()) {
            std::fs::create_dir_all(to.parent().expect("a file has a folder")).expect("mkdir");
            std::fs::write(&to, &bytes).unwrap_or_else(|error| panic!("copy {name}: {error}"));
        }
        wanted.insert(to);
    }
    remove_files_not_in(&copy, &wanted);
    git(&copy, &["init", "-q"]);
    copy
}

/// Removes every file under `folder` (but its `.git`) that is not in `wanted`.
fn remove_files_not_in(folder: &Path, wanted: &std::collections::BTreeSet<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_name() == ".git" {
            continue;
        }
        if path.is_dir() {
            remove_files_not_in(&path, wanted);
        } else if !wanted.contains(&path) {
            std::fs::remove_file(&path).unwrap_or_else(|error| panic!("remove {path:?}: {error}"));
        }
    }
}

fn solution(id: &str) -> PathBuf {
    workspace_root()
        .join("exercises/solutions")
        .join(format!("{id}.patch"))
}

/// What a check printed: as printed, and with whitespace collapsed for matching (the report is
/// wrapped to fit a terminal, so a sentence may be cut across lines).
struct Printed {
    raw: String,
    flat: String,
}

/// Runs `exercises --root <copy> check <id>`: its exit code and what it printed.
fn check(copy: &Path, id: &str) -> (Option<i32>, Printed) {
    let started = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_exercises"))
        .args(["--root", &copy.to_string_lossy(), "check", id])
        .env("CARGO_TARGET_DIR", target_dir())
        .output()
        .expect("the check runs");
    let raw = format!(
        "{}\n--- stderr ---\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let flat = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    eprintln!(
        "check {id}: exit {:?} in {:.1} s",
        output.status.code(),
        started.elapsed().as_secs_f64()
    );
    (output.status.code(), Printed { raw, flat })
}

#[test]
fn every_check_fails_on_the_pristine_examples_and_passes_with_its_solution() {
    let started = Instant::now();
    let ids: Vec<String> = exercises::all()
        .iter()
        .map(|exercise| exercise.id())
        .collect();
    let expected: Vec<&str> = PRISTINE_SAYS.iter().map(|(id, _)| *id).collect();
    assert_eq!(
        ids, expected,
        "PRISTINE_SAYS names every exercise, in order"
    );

    let copy = copy_of_workspace();
    // Each solution applies cleanly to the pristine tree on its own.
    for id in &ids {
        let patch = solution(id);
        assert!(
            patch.is_file(),
            "{id} has no solution at {}",
            patch.display()
        );
        git(&copy, &["apply", "--check", &patch.to_string_lossy()]);
    }

    for (id, says) in PRISTINE_SAYS {
        let (code, printed) = check(&copy, id);
        let raw = &printed.raw;
        assert_eq!(
            code,
            Some(1),
            "{id} must fail on the pristine example:\n{raw}"
        );
        assert!(
            printed.flat.contains(says) && printed.flat.contains("Not yet:"),
            "{id} on the pristine example must say {says:?}:\n{raw}"
        );
    }

    // All solutions together: they touch different lines, so one build per article serves them.
    let patches: Vec<String> = ids
        .iter()
        .map(|id| solution(id).to_string_lossy().into_owned())
        .collect();
    let mut apply = vec!["apply"];
    apply.extend(patches.iter().map(String::as_str));
    git(&copy, &apply);

    for id in &ids {
        let (code, printed) = check(&copy, id);
        let raw = &printed.raw;
        assert_eq!(code, Some(0), "{id} must pass with its solution:\n{raw}");
        assert!(
            printed.flat.contains("Well done!") && !printed.flat.contains("[ ]"),
            "{id} with its solution must congratulate, with nothing left to do:\n{raw}"
        );
    }
    eprintln!(
        "pristine and solved checks: {:.0} s in all",
        started.elapsed().as_secs_f64()
    );
}
