//! `compare <article> <A> <B>`: the command line around the library.

use std::{
    path::{Path, PathBuf},
    process::ExitCode,
    thread,
    time::Duration,
};

use crate::{
    article::{self, Article},
    differences::{self, Intended},
    probe::{self, Observation},
    report::{self, Style},
    script::{self, Probe},
    target::{self, Profile, StartOptions, TargetSpec},
};

const USAGE: &str = "\
usage: compare <article> <A> <B> [options]

Sends the article's request script to server A and to server B and prints, one row per request,
what each answered: status, media type, framing, whether and when it ended, body, notable headers,
and what the server printed. Rows marked ! differ, ~ differ as the crate README's
\"Differences from Node\" table says, = are the same.

articles:  intro-express, send-vs-write, post-form
A, B:      example-N          our example, built and started here on a free port
           node:<path>        a Node original: its script, or the checkout folder (the script
                              matching the other side's example-N is run; post-form: server.js),
                              started here with `node` on the original's fixed port
           http://host:port   a server that is already running (its output is not seen)

options:
  --wait <seconds>      how long a response may take before it counts as still open (default 2)
  --only <id,id,...>    only these probes (globs allowed: form-*)
  --script <file>       another request script (default compare/scripts/<article>.txt)
  --differences <file>  the README with the \"Differences from Node\" table
                        (default <article>/README.md)
  --node-port <port>    the port the Node script listens on (default the original's: 3000, 5000)
  --all                 show every aspect of every probe, not only those that differ

exit status: 0 nothing differs unexpectedly, 1 something does, 2 the comparison could not run";

#[derive(Debug)]
struct Options {
    article: &'static Article,
    targets: [TargetSpec; 2],
    wait: Duration,
    only: Vec<String>,
    script: PathBuf,
    differences: PathBuf,
    node_port: Option<u16>,
    all: bool,
}

/// Runs `compare` with the given arguments (without the program name); returns the exit code.
pub fn run_compare(arguments: Vec<String>) -> ExitCode {
    let options = match crate::options_or_exit(parse_arguments(arguments), USAGE) {
        Ok(options) => options,
        Err(code) => return code,
    };
    match compare(&options) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn parse_arguments(arguments: Vec<String>) -> Result<Option<Options>, String> {
    let mut positional = Vec::new();
    let mut wait = Duration::from_secs(2);
    let mut only = Vec::new();
    let mut script = None;
    let mut differences = None;
    let mut node_port = None;
    let mut all = false;
    let mut arguments = arguments.into_iter();
    while let Some(argument) = arguments.next() {
        let mut value = |name: &str| {
            arguments
                .next()
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match argument.as_str() {
            "-h" | "--help" => return Ok(None),
            "--wait" => {
                let text = value("--wait")?;
                let seconds: f64 = text
                    .trim_end_matches('s')
                    .parse()
                    .ok()
                    .filter(|seconds| (0.1..=600.0).contains(seconds))
                    .ok_or_else(|| format!("--wait {text:?}: give seconds, 0.1 to 600"))?;
                wait = Duration::from_secs_f64(seconds);
            }
            "--only" => only.extend(value("--only")?.split(',').map(str::to_owned)),
            "--script" => script = Some(PathBuf::from(value("--script")?)),
            "--differences" => differences = Some(PathBuf::from(value("--differences")?)),
            "--node-port" => {
                let text = value("--node-port")?;
                node_port = Some(
                    text.parse()
                        .map_err(|_| format!("--node-port {text:?} is not a port"))?,
                );
            }
            "--all" => all = true,
            other if other.starts_with("--") => return Err(format!("unknown option {other}")),
            _ => positional.push(argument),
        }
    }
    let [article, a, b] = &positional[..] else {
        return Err(format!(
            "expected <article> <A> <B>, got {} argument(s)",
            positional.len()
        ));
    };
    let article = article::find(article)?;
    let root = target::workspace_root();
    Ok(Some(Options {
        article,
        targets: [TargetSpec::parse(a)?, TargetSpec::parse(b)?],
        wait,
        only,
        script: script.unwrap_or_else(|| {
            root.join("compare")
                .join("scripts")
                .join(format!("{}.txt", article.name))
        }),
        differences: differences.unwrap_or_else(|| root.join(article.package).join("README.md")),
        node_port,
        all,
    }))
}

/// Runs the comparison and prints it; `Ok(true)` when nothing differs unexpectedly.
fn compare(options: &Options) -> Result<bool, String> {
    let probes = load_script(&options.script, &options.only)?;
    let intended = load_differences(&options.differences)?;
    let [a, b] = &options.targets;
    let start_options = |other: &TargetSpec| StartOptions {
        profile: Profile::Debug,
        node_port: options.node_port,
        node_example: other.example_name(),
    };
    let options_for = [start_options(b), start_options(a)];
    // Our examples listen on ports of their own, so both sides can run at once; two Node
    // originals may share a fixed port, so those run one after the other.
    let both_node = options
        .targets
        .iter()
        .all(|spec| matches!(spec, TargetSpec::Node { .. }));
    let run = |index: usize| -> Result<(String, Vec<Observation>), String> {
        let spec = &options.targets[index];
        let mut server = target::start(options.article, spec, &options_for[index])
            .map_err(|error| error.to_string())?;
        let observations = probe::run_script(&server, &probes, options.wait);
        server.stop();
        Ok((server.label.clone(), observations))
    };
    let (first, second) = if both_node {
        (run(0), run(1))
    } else {
        thread::scope(|scope| {
            let other = scope.spawn(|| run(1));
            let first = run(0);
            let second = other
                .join()
                .unwrap_or_else(|_| Err("the comparison of B panicked".into()));
            (first, second)
        })
    };
    let (label_a, observations_a) = first?;
    let (label_b, observations_b) = second?;

    // The README explains how ours differ from Node's: between two of ours it explains nothing.
    let both_ours = options
        .targets
        .iter()
        .all(|spec| matches!(spec, TargetSpec::Ours { .. }));
    // Rows for one example (`example-1`: step 1 of post-form's server.js) apply to that one only.
    let examples: Vec<String> = options
        .targets
        .iter()
        .filter_map(TargetSpec::example_name)
        .collect();
    let intended: Vec<Intended> = if both_ours {
        Vec::new()
    } else {
        intended
            .into_iter()
            .filter(|entry| entry.applies_to(&examples))
            .collect()
    };
    // Between two of ours the files are the same ones: only another server's are its own.
    let own_files = !both_ours;
    let rows = report::compare(
        &probes,
        [&observations_a, &observations_b],
        &intended,
        own_files,
    );
    println!(
        "{}: {} probes from {}; a response still open after {} counts as open",
        options.article.name,
        probes.len(),
        relative(&options.script),
        probe::seconds(options.wait)
    );
    if intended.is_empty() && !both_ours {
        println!(
            "(no \"Differences from Node\" table with a `probe` column in {})",
            relative(&options.differences)
        );
    }
    println!();
    print!(
        "{}",
        report::render(&rows, [&label_a, &label_b], Style { all: options.all })
    );
    Ok(rows
        .iter()
        .all(|row| row.verdict != report::Verdict::Differs))
}

fn load_script(path: &Path, only: &[String]) -> Result<Vec<Probe>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    let probes = script::parse(&text).map_err(|error| format!("{}: {error}", path.display()))?;
    if only.is_empty() {
        return Ok(probes);
    }
    let chosen = select(probes, only);
    if chosen.is_empty() {
        return Err(format!(
            "--only {} matches no probe of {}",
            only.join(","),
            path.display()
        ));
    }
    Ok(chosen)
}

/// The probes `only` names, with the earlier ones they need (a `linked` page, a placeholder's
/// source): without them a probe would ask for something else.
fn select(probes: Vec<Probe>, only: &[String]) -> Vec<Probe> {
    let mut wanted: Vec<bool> = probes
        .iter()
        .map(|probe| only.iter().any(|name| probe.is_named(name)))
        .collect();
    // Backwards, so that what a needed probe needs in turn is found too.
    for index in (0..probes.len()).rev() {
        if !wanted[index] {
            continue;
        }
        for needed in probes[index].needs() {
            if let Some(position) = probes[..index].iter().position(|probe| probe.id == needed) {
                wanted[position] = true;
            }
        }
    }
    probes
        .into_iter()
        .zip(wanted)
        .filter_map(|(probe, wanted)| wanted.then_some(probe))
        .collect()
}

fn load_differences(path: &Path) -> Result<Vec<Intended>, String> {
    match differences::read(path) {
        Ok(entries) => Ok(entries),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(error) => Err(format!("cannot read {}: {error}", path.display())),
    }
}

/// A path relative to the workspace when it is inside it, for shorter headings.
fn relative(path: &Path) -> String {
    let root = target::workspace_root();
    let canonical_root = root.canonicalize().unwrap_or(root);
    let canonical = path.canonicalize().unwrap_or_else(|_| path.to_owned());
    canonical.strip_prefix(&canonical_root).map_or_else(
        |_| path.display().to_string(),
        |inner| inner.display().to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(words: &str) -> Result<Option<Options>, String> {
        parse_arguments(words.split_whitespace().map(str::to_owned).collect())
    }

    #[test]
    fn the_defaults_point_at_the_articles_script_and_readme() {
        let options = parse("send-vs-write example-2 example-3")
            .expect("parses")
            .expect("not help");
        assert!(
            options
                .script
                .ends_with("compare/scripts/send-vs-write.txt")
        );
        assert!(options.differences.ends_with("send-vs-write/README.md"));
        assert_eq!(options.wait, Duration::from_secs(2));
    }

    #[test]
    fn only_brings_the_probes_a_chosen_one_needs() {
        let probes = script::parse(
            "root GET /\ncss GET /c\n  If-None-Match: {root.etag}\nother GET /o\n\
             logo GET /l\n  linked css link href\n",
        )
        .expect("parses");
        let ids = |only: &str| {
            let only: Vec<String> = only.split(',').map(str::to_owned).collect();
            select(probes.clone(), &only)
                .into_iter()
                .map(|probe| probe.id)
                .collect::<Vec<_>>()
        };
        assert_eq!(ids("logo"), ["root", "css", "logo"]);
        assert_eq!(ids("other"), ["other"]);
        assert!(ids("nothing").is_empty());
    }

    #[test]
    fn mistakes_are_explained() {
        for (words, needle) in [
            ("send-vs-write example-2", "expected <article> <A> <B>"),
            ("nope example-1 example-2", "no article"),
            ("post-form example-1 3000", "is not a target"),
            ("post-form example-1 example-2 --wait soon", "--wait"),
            (
                "post-form example-1 example-2 --frobnicate",
                "unknown option",
            ),
        ] {
            let error = parse(words).expect_err(words);
            assert!(error.contains(needle), "{words}: {error}");
        }
        assert!(parse("--help").expect("help").is_none());
    }
}
