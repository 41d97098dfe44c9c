//! The checks are honest: each fails on the examples as the articles have them (for the reason
//! its exercise is about), and passes once the exercise's reference solution,
//! `exercises/solutions/<article>/<exercise>.patch`, is applied.
//!
//! Bounded: the pristine checks run on this workspace itself, whose examples the other crates'
//! tests have already built. The solved checks run in one temporary copy with all solutions
//! applied together (they do not conflict), built in a target folder of its own that is kept
//! between runs and, the first time, starts with this workspace's compiled registry crates, so
//! that only the workspace's own crates are compiled there.

use std::{
    collections::BTreeSet,
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

/// Starts the copy's target folder with this workspace's builds of crates from the registry. A
/// registry crate's build is named by its version, features and profile, not by the workspace's
/// path, so cargo finds them up to date in the copy; the workspace's own crates are left out, for
/// the reason [`target_dir`] gives. The compiled crates are hard links (no bytes copied: a crate
/// the copy builds differently has another name, and one of the same name could only be rebuilt
/// into the same bytes); cargo's small bookkeeping files, which it rewrites in place, are copied
/// with their times.
fn seed_target_dir() {
    let ours = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target folder holds tmp/")
        .join("debug");
    let theirs = target_dir().join("debug");
    if theirs.join(".fingerprint").is_dir() || !ours.join(".fingerprint").is_dir() {
        return;
    }
    let registry = registry_crates();
    // `<crate>-<hash>` (a folder) or `lib<crate>-<hash>.rlib` (and .rmeta, .so, .d).
    let named = |name: &str| {
        name.rsplit_once('-')
            .is_some_and(|(crate_name, _hash)| registry.contains(&crate_name.replace('-', "_")))
    };
    let from_registry = |name: &str| named(name) || name.strip_prefix("lib").is_some_and(named);
    for (folder, link) in [(".fingerprint", false), ("build", false), ("deps", true)] {
        let Ok(entries) = std::fs::read_dir(ours.join(folder)) else {
            continue;
        };
        std::fs::create_dir_all(theirs.join(folder)).expect("create the copy's target folder");
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if from_registry(name.split('.').next().unwrap_or(&name)) {
                copy_tree(&entry.path(), &theirs.join(folder).join(&name), link);
            }
        }
    }
}

/// The crate names (`-` as `_`) of every package Cargo.lock takes from a registry.
fn registry_crates() -> BTreeSet<String> {
    let lock = std::fs::read_to_string(workspace_root().join("Cargo.lock")).expect("Cargo.lock");
    lock.split("[[package]]")
        .filter(|block| block.contains("source = \"registry+"))
        .filter_map(|block| {
            let name = block
                .lines()
                .find_map(|line| line.strip_prefix("name = "))?;
            Some(name.trim_matches('"').replace('-', "_"))
        })
        .collect()
}

/// Copies `from` (a file, or a folder and everything in it) to `to`, keeping each file's
/// modification time, or hard-links its files when `link`.
fn copy_tree(from: &Path, to: &Path, link: bool) {
    if from.is_dir() {
        let _ = std::fs::create_dir_all(to);
        for entry in std::fs::read_dir(from).into_iter().flatten().flatten() {
            copy_tree(&entry.path(), &to.join(entry.file_name()), link);
        }
    } else if link {
        let _ = std::fs::hard_link(from, to);
    } else if std::fs::copy(from, to).is_ok()
        && let Ok(modified) = std::fs::metadata(from).and_then(|file| file.modified())
    {
        let _ = std::fs::File::options()
            .write(true)
            .open(to)
            .and_then(|copied| copied.set_modified(modified));
    }
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
/// from it and cargo does not rebuild it. A file that differs (the workspace changed, or a
/// solution patched it last time) is written anew, and one the workspace does not have (a page a
/// solution added) is removed; what each held before is returned, for [`restore_unchanged`].
fn copy_of_workspace() -> (PathBuf, Vec<Replaced>) {
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
    let mut wanted = BTreeSet::new();
    let mut replaced = Vec::new();
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
        let before = Replaced::read(&to);
        if before.as_ref().map(|file| file.bytes.as_slice()) != Some(bytes.as_slice()) {
            replaced.extend(before);
            std::fs::create_dir_all(to.parent().expect("a file has a folder")).expect("mkdir");
            std::fs::write(&to, &bytes).unwrap_or_else(|error| panic!("copy {name}: {error}"));
        }
        wanted.insert(to);
    }
    remove_files_not_in(&copy, &wanted, &mut replaced);
    git(&copy, &["init", "-q"]);
    (copy, replaced)
}

/// A file of the copy as it was before [`copy_of_workspace`] replaced or removed it.
struct Replaced {
    path: PathBuf,
    bytes: Vec<u8>,
    modified: std::time::SystemTime,
}

impl Replaced {
    fn read(path: &Path) -> Option<Self> {
        let modified = std::fs::metadata(path).ok()?.modified().ok()?;
        let bytes = std::fs::read(path).ok()?;
        Some(Self {
            path: path.to_owned(),
            bytes,
            modified,
        })
    }
}

/// Gives each file that the solutions have brought back to what it held before this run its old
/// modification time, so that cargo sees last run's solved build as up to date.
fn restore_unchanged(replaced: &[Replaced]) {
    for file in replaced {
        if std::fs::read(&file.path).ok().as_deref() == Some(file.bytes.as_slice()) {
            let _ = std::fs::File::options()
                .write(true)
                .open(&file.path)
                .and_then(|opened| opened.set_modified(file.modified));
        }
    }
}

/// Removes every file under `folder` (but its `.git`) that is not in `wanted`, noting what it held.
fn remove_files_not_in(folder: &Path, wanted: &BTreeSet<PathBuf>, removed: &mut Vec<Replaced>) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_name() == ".git" {
            continue;
        }
        if path.is_dir() {
            remove_files_not_in(&path, wanted, removed);
        } else if !wanted.contains(&path) {
            removed.extend(Replaced::read(&path));
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

/// Runs `exercises --root <root> check <id>` (building in `target`, cargo's default when `None`):
/// its exit code and what it printed.
fn check(root: &Path, target: Option<&Path>, id: &str) -> (Option<i32>, Printed) {
    let started = Instant::now();
    let mut command = Command::new(env!("CARGO_BIN_EXE_exercises"));
    command.args(["--root", &root.to_string_lossy(), "check", id]);
    if let Some(target) = target {
        command.env("CARGO_TARGET_DIR", target);
    }
    let output = command.output().expect("the check runs");
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

    // The examples as the articles have them: this workspace's own.
    for (id, says) in PRISTINE_SAYS {
        let (code, printed) = check(&workspace_root(), None, id);
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

    let (copy, replaced) = copy_of_workspace();
    seed_target_dir();
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

    // All solutions together: they touch different lines, so one build per article serves them.
    let patches: Vec<String> = ids
        .iter()
        .map(|id| solution(id).to_string_lossy().into_owned())
        .collect();
    let mut apply = vec!["apply"];
    apply.extend(patches.iter().map(String::as_str));
    git(&copy, &apply);
    restore_unchanged(&replaced);

    for id in &ids {
        let (code, printed) = check(&copy, Some(&target_dir()), id);
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
