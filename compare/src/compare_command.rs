//! `compare <article> <A> <B>`: the command line around the library.

use clap::Parser;
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

/// Sends an article's request script to two servers, A and B, and prints what each answered.
///
/// One row per request: status, media type, framing, whether and when it ended, body, notable
/// headers, and what the server printed. Rows marked ! differ, ~ differ as the crate README's
/// "Differences from Node" table says, = are the same.
#[derive(Debug, Parser)]
#[command(
    name = "compare",
    verbatim_doc_comment,
    after_help = "\
A and B:
  example-N         our example, built and started here on a free port
  node:<path>       a Node original: its script, or the checkout folder (the script matching the
                    other side's example-N is run; post-form: server.js), started with `node` on
                    the original's fixed port
  http://host:port  a server that is already running (its output is not seen)

Exit status: 0 nothing differs unexpectedly, 1 something does, 2 the comparison could not run."
)]
struct Arguments {
    /// intro-express, send-vs-write or post-form
    #[arg(value_parser = article::find)]
    article: &'static Article,
    /// One server (see A and B below)
    #[arg(value_parser = TargetSpec::parse)]
    a: TargetSpec,
    /// The other server
    #[arg(value_parser = TargetSpec::parse)]
    b: TargetSpec,
    /// How long a response may take before it counts as still
    /// open, 0.1 to 600
    #[arg(
        long,
        verbatim_doc_comment,
        value_name = "SECONDS",
        default_value = "2",
        value_parser = parse_wait
    )]
    wait: Duration,
    /// Only these probes (globs allowed: form-*)
    #[arg(long, value_name = "ID,ID,...", value_delimiter = ',')]
    only: Vec<String>,
    /// Another request script
    /// [default: compare/scripts/<article>.txt]
    #[arg(long, verbatim_doc_comment, value_name = "FILE")]
    script: Option<PathBuf>,
    /// The README with the "Differences from Node" table
    /// [default: <article>/README.md]
    #[arg(long, verbatim_doc_comment, value_name = "FILE")]
    differences: Option<PathBuf>,
    /// The port the Node script listens on
    /// [default: the original's, 3000 or 5000]
    #[arg(long, verbatim_doc_comment, value_name = "PORT")]
    node_port: Option<u16>,
    /// Every aspect of every probe, not only those that differ
    #[arg(long)]
    all: bool,
}

/// `--wait 2` or `--wait 2s`.
fn parse_wait(text: &str) -> Result<Duration, String> {
    text.trim_end_matches('s')
        .parse::<f64>()
        .ok()
        .filter(|seconds| (0.1..=600.0).contains(seconds))
        .map(Duration::from_secs_f64)
        .ok_or_else(|| "give seconds, 0.1 to 600".into())
}

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

impl From<Arguments> for Options {
    fn from(arguments: Arguments) -> Self {
        let article = arguments.article;
        let root = target::workspace_root();
        Options {
            article,
            targets: [arguments.a, arguments.b],
            wait: arguments.wait,
            only: arguments.only,
            script: arguments.script.unwrap_or_else(|| {
                root.join("compare")
                    .join("scripts")
                    .join(format!("{}.txt", article.name))
            }),
            differences: arguments
                .differences
                .unwrap_or_else(|| root.join(article.package).join("README.md")),
            node_port: arguments.node_port,
            all: arguments.all,
        }
    }
}

/// Runs `compare` with the process's arguments; returns the exit code. `--help` and usage errors
/// end the process as clap does (0 and 2).
pub fn run_compare() -> ExitCode {
    let options = Options::from(Arguments::parse());
    match compare(&options) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
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

    fn parse(words: &str) -> Result<Options, clap::Error> {
        Arguments::try_parse_from(std::iter::once("compare").chain(words.split_whitespace()))
            .map(Options::from)
    }

    #[test]
    fn the_defaults_point_at_the_articles_script_and_readme() {
        let options = parse("send-vs-write example-2 example-3").expect("parses");
        assert!(
            options
                .script
                .ends_with("compare/scripts/send-vs-write.txt")
        );
        assert!(options.differences.ends_with("send-vs-write/README.md"));
        assert_eq!(options.wait, Duration::from_secs(2));
        assert!(options.only.is_empty() && !options.all);
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
    fn options_are_read_in_any_order() {
        let options = parse(
            "--all post-form --only form-*,root example-1 --wait 1.5s node:x --only missing \
             --node-port 4000",
        )
        .expect("parses");
        assert_eq!(options.article.name, "post-form");
        assert_eq!(options.targets[1].example_name(), None);
        assert_eq!(options.only, ["form-*", "root", "missing"]);
        assert_eq!(options.wait, Duration::from_millis(1500));
        assert_eq!(options.node_port, Some(4000));
        assert!(options.all);
    }

    #[test]
    fn mistakes_are_usage_errors_that_say_what_is_wrong() {
        for (words, needle) in [
            ("send-vs-write example-2", "<B>"),
            ("nope example-1 example-2", "no article \"nope\""),
            ("post-form example-1 3000", "is not a target"),
            ("post-form example-1 example-2 --wait soon", "--wait"),
            ("post-form example-1 example-2 --wait 0", "0.1 to 600"),
            (
                "post-form example-1 example-2 --node-port 70000",
                "--node-port",
            ),
            ("post-form example-1 example-2 --frobnicate", "--frobnicate"),
        ] {
            let error = parse(words).expect_err(words);
            assert_eq!(error.exit_code(), 2, "{words}");
            let text = error.to_string();
            assert!(text.contains(needle), "{words}: {text}");
        }
        let help = parse("--help").expect_err("help is not options");
        assert_eq!(help.exit_code(), 0);
        assert!(help.to_string().contains("--differences <FILE>"), "{help}");
    }
}
