//! `bench [options]`: the command line around [`crate::bench`].

use std::{process::ExitCode, time::Duration};

use clap::Parser;

use crate::{
    article,
    bench::{self, BenchOptions, CEILING, NodeFolder, WORKLOADS, Workload},
    target::Profile,
};

/// Each example under the same wrk load, beside its Node original, as a Markdown table.
///
/// Builds the examples (release), then for each row starts the server afresh, times its first
/// answer, drives it with wrk on loopback, reads its CPU time and peak memory, and stops it.
/// With Node folders it runs the Node server of the same row under the same load and adds the
/// ratio Rust/Node.
#[derive(Debug, Parser)]
#[command(name = "bench", verbatim_doc_comment)]
pub struct BenchArguments {
    /// A checkout of a Node original (npm install done);
    /// repeatable
    #[arg(
        long,
        verbatim_doc_comment,
        value_name = "ARTICLE=FOLDER",
        value_parser = bench::parse_node_folder
    )]
    node: Vec<NodeFolder>,
    /// The stand-ins in compare/node-standins for all three
    /// articles (npm ci is run there first if needed)
    #[arg(long, verbatim_doc_comment)]
    node_standins: bool,
    /// Only these rows [default: all]: intro-root, intro-css,
    /// intro-logo, stream, form-200, form-1000, ceiling (a
    /// server that only reads and writes canned bytes, best of
    /// three runs: how far any server could get here)
    #[arg(
        long,
        verbatim_doc_comment,
        value_name = "ID,ID,...",
        value_delimiter = ',',
        value_parser = bench::find_row
    )]
    rows: Vec<Workload>,
    /// How long wrk drives each server, 1 to 600
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 10,
        value_parser = clap::value_parser!(u64).range(1..=600)
    )]
    duration: u64,
    /// Connections for the GET rows (the form rows fix theirs)
    #[arg(
        long,
        value_name = "N",
        default_value_t = 50,
        value_parser = clap::value_parser!(u32).range(1..=10_000)
    )]
    connections: u32,
    /// wrk threads
    #[arg(
        long,
        value_name = "N",
        default_value_t = 2,
        value_parser = clap::value_parser!(u32).range(1..=64)
    )]
    threads: u32,
    /// Build without --release (quick; for trying the command)
    #[arg(long)]
    debug: bool,
}

impl BenchArguments {
    /// The options to run with; `--node-standins` installs the stand-ins' Express when missing.
    pub fn into_options(self, progress: &mut dyn FnMut(&str)) -> Result<BenchOptions, String> {
        let mut node = self.node;
        if self.node_standins {
            let dir = bench::prepare_standins(progress)?;
            node.extend(article::ARTICLES.iter().map(|article| NodeFolder {
                article,
                folder: dir.join(article.name),
                any_port: true,
            }));
        }
        let (ceiling, workloads) = if self.rows.is_empty() {
            (true, WORKLOADS.to_vec())
        } else {
            (
                self.rows.iter().any(|row| row.id == CEILING.id),
                self.rows
                    .into_iter()
                    .filter(|row| row.id != CEILING.id)
                    .collect(),
            )
        };
        Ok(BenchOptions {
            workloads,
            duration: Duration::from_secs(self.duration),
            connections: self.connections,
            threads: self.threads,
            profile: if self.debug {
                Profile::Debug
            } else {
                Profile::Release
            },
            node,
            standins: self.node_standins,
            ceiling,
        })
    }
}

/// Runs `bench` with the process's arguments; returns the exit code. `--help` and usage errors
/// end the process as clap does (0 and 2).
pub fn run_bench() -> ExitCode {
    let mut progress = |message: &str| eprintln!("bench: {message}");
    let options = match BenchArguments::parse().into_options(&mut progress) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    match bench::run(&options, &mut progress) {
        Ok(table) => {
            println!(
                "{} s per run, wrk {} threads, {} cores, {} build\n",
                options.duration.as_secs(),
                options.threads,
                std::thread::available_parallelism().map_or(0, usize::from),
                if options.profile == Profile::Release {
                    "release"
                } else {
                    "debug"
                }
            );
            print!("{table}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(words: &str) -> Result<BenchArguments, clap::Error> {
        BenchArguments::try_parse_from(std::iter::once("bench").chain(words.split_whitespace()))
    }

    fn options(words: &str) -> BenchOptions {
        parse(words)
            .expect("parses")
            .into_options(&mut |_| {})
            .expect("options")
    }

    #[test]
    fn without_options_every_row_runs_for_ten_seconds_in_release() {
        let options = options("");
        assert_eq!(options.workloads.len(), WORKLOADS.len());
        assert!(options.ceiling && options.node.is_empty() && !options.standins);
        assert_eq!(options.duration, Duration::from_secs(10));
        assert_eq!((options.connections, options.threads), (50, 2));
        assert_eq!(options.profile, Profile::Release);
    }

    #[test]
    fn rows_are_chosen_by_id_and_the_ceiling_only_when_named() {
        let options = options("--rows stream,intro-root --debug --duration 3");
        let ids: Vec<&str> = options.workloads.iter().map(|row| row.id).collect();
        assert_eq!(ids, ["stream", "intro-root"]);
        assert!(!options.ceiling);
        assert_eq!(options.profile, Profile::Debug);
        assert_eq!(options.duration, Duration::from_secs(3));
        let options = self::options("--rows ceiling --rows intro-css");
        assert!(options.ceiling);
        assert_eq!(options.workloads.len(), 1);
    }

    #[test]
    fn mistakes_are_usage_errors_that_say_what_is_wrong() {
        for (words, needle) in [
            ("--rows intro-root,nope", "no row \"nope\""),
            ("--duration 0", "--duration"),
            ("--connections many", "--connections"),
            ("--threads 65", "--threads"),
            ("--node intro-express", "expected <article>=<folder>"),
            ("--node nope=.", "no article"),
            ("--node-standin", "--node-standins"),
        ] {
            let error = parse(words).expect_err(words);
            assert_eq!(error.exit_code(), 2, "{words}");
            let text = error.to_string();
            assert!(text.contains(needle), "{words}: {text}");
        }
        let help = parse("--help").expect_err("help is not options");
        assert_eq!(help.exit_code(), 0);
        assert!(
            help.to_string().contains("--node <ARTICLE=FOLDER>"),
            "{help}"
        );
    }
}
