//! `bench [options]`: the command line around [`crate::bench`].

use std::{path::PathBuf, process::ExitCode, time::Duration};

use clap::{CommandFactory, Parser, error::ErrorKind};

use crate::{
    article,
    bench::{self, BenchOptions, CEILING, Cores, NodeFolder, WORKLOADS, Workload},
    target::Profile,
};

/// Each example under the same wrk load, beside its Node original and nginx, as a Markdown
/// table.
///
/// Builds the examples (release), then for each row starts the server afresh, times its first
/// answer, asks the row's request once, drives it with wrk on loopback, reads its CPU time and
/// peak memory, and stops it. With Node folders it runs the Node server of the same row under
/// the same load, and on the GET rows nginx serves the same files (or, for a page the example
/// builds in code, the same answer with `return 200`); each adds its ratio Rust/Node, Rust/nginx.
/// A row where either side answered other than 2xx, or had socket errors, shows no ratio.
///
/// With two CPUs or more, the server (every thread of it) runs on one CPU and wrk, with one
/// thread, on another (taskset, from util-linux).
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
    /// Only these rows [default: all]: intro-root, intro-index,
    /// intro-css, intro-logo, stream, form-200, form-1000, ceiling
    /// (a server that only reads and writes canned bytes, best of
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
    /// wrk threads [default: 1 per core, 2 with --shared-cores]
    #[arg(
        long,
        value_name = "N",
        value_parser = clap::value_parser!(u32).range(1..=64)
    )]
    threads: Option<u32>,
    /// Server and wrk share all CPUs, as the scheduler decides
    /// (the default on a machine with one CPU)
    #[arg(long, verbatim_doc_comment, conflicts_with_all = ["server_cpu", "wrk_cpu"])]
    shared_cores: bool,
    /// The CPU the server runs on [default: 0]
    #[arg(long, value_name = "CPU")]
    server_cpu: Option<usize>,
    /// The CPU wrk runs on [default: 1]
    #[arg(long, value_name = "CPU")]
    wrk_cpu: Option<usize>,
    /// Also draw the run as a chart (req/s and CPU per request)
    #[arg(long, value_name = "FILE")]
    svg: Option<PathBuf>,
    /// Build without --release (quick; for trying the command)
    #[arg(long)]
    debug: bool,
}

impl BenchArguments {
    /// Where the server and wrk run: per core unless `--shared-cores`, or when the machine has
    /// one CPU and no CPU was named. A usage error when both are named the same.
    pub fn cores(&self, cpus: usize) -> Result<Cores, String> {
        let named = self.server_cpu.is_some() || self.wrk_cpu.is_some();
        if self.shared_cores || (cpus < 2 && !named) {
            return Ok(Cores::Shared);
        }
        let server = self.server_cpu.unwrap_or(0);
        let wrk = self.wrk_cpu.unwrap_or(if server == 1 { 0 } else { 1 });
        if server == wrk {
            return Err(format!(
                "--server-cpu and --wrk-cpu are both {server}: name two CPUs, or use --shared-cores"
            ));
        }
        Ok(Cores::PerCore { server, wrk })
    }

    /// The options to run with on a machine of `cpus` CPUs; `--node-standins` installs the
    /// stand-ins' Express when missing.
    pub fn into_options(
        self,
        cores: Cores,
        progress: &mut dyn FnMut(&str),
    ) -> Result<BenchOptions, String> {
        let mut node = self.node;
        if self.node_standins {
            let dir = crate::standins::install(progress)?;
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
            threads: self.threads.unwrap_or(cores.default_wrk_threads()),
            cores,
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

/// The line above the table: how the run was made.
pub fn caption(options: &BenchOptions, cpus: usize) -> String {
    format!(
        "{} s per run, wrk {} thread{}, {}, {cpus} CPUs, {} build",
        options.duration.as_secs(),
        options.threads,
        if options.threads == 1 { "" } else { "s" },
        options.cores.describe(),
        if options.profile == Profile::Release {
            "release"
        } else {
            "debug"
        }
    )
}

/// Runs `bench` with the process's arguments; returns the exit code. `--help` and usage errors
/// end the process as clap does (0 and 2).
pub fn run_bench() -> ExitCode {
    let mut progress = |message: &str| eprintln!("bench: {message}");
    let arguments = BenchArguments::parse();
    let cpus = std::thread::available_parallelism().map_or(1, usize::from);
    let cores = arguments.cores(cpus).unwrap_or_else(|message| {
        BenchArguments::command()
            .error(ErrorKind::ArgumentConflict, message)
            .exit()
    });
    let svg_file = arguments.svg.clone();
    let options = match arguments.into_options(cores, &mut progress) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    let report = match bench::run(&options, &mut progress) {
        Ok(report) => report,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    let caption = caption(&options, cpus);
    println!("{caption}\n");
    print!("{}", bench::table::table(&report));
    if let Some(file) = svg_file {
        if let Err(error) = std::fs::write(&file, bench::svg::chart(&report, &caption)) {
            eprintln!("error: cannot write {}: {error}", file.display());
            return ExitCode::FAILURE;
        }
        progress(&format!("chart written to {}", file.display()));
    }
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(words: &str) -> Result<BenchArguments, clap::Error> {
        BenchArguments::try_parse_from(std::iter::once("bench").chain(words.split_whitespace()))
    }

    /// The options on a machine of two CPUs.
    fn options(words: &str) -> BenchOptions {
        let arguments = parse(words).expect("parses");
        let cores = arguments.cores(2).expect("cores");
        arguments.into_options(cores, &mut |_| {}).expect("options")
    }

    #[test]
    fn without_options_every_row_runs_for_ten_seconds_in_release_server_and_wrk_per_core() {
        let options = options("");
        assert_eq!(options.workloads.len(), WORKLOADS.len());
        assert!(options.ceiling && options.node.is_empty() && !options.standins);
        assert_eq!(options.duration, Duration::from_secs(10));
        assert_eq!(options.connections, 50);
        assert_eq!(options.cores, Cores::PerCore { server: 0, wrk: 1 });
        assert_eq!(options.threads, 1, "one wrk thread for its one CPU");
        assert_eq!(options.profile, Profile::Release);
        assert_eq!(
            caption(&options, 2),
            "10 s per run, wrk 1 thread, server on CPU 0, wrk on CPU 1, 2 CPUs, release build"
        );
    }

    #[test]
    fn shared_cores_is_the_old_mode_and_the_only_one_on_one_cpu() {
        let options = options("--shared-cores");
        assert_eq!(options.cores, Cores::Shared);
        assert_eq!(options.threads, 2);
        assert_eq!(options.cores.server_cpu(), None);
        let one_cpu = parse("").expect("parses").cores(1).expect("cores");
        assert_eq!(one_cpu, Cores::Shared);
        assert_eq!(options_threads("--shared-cores --threads 4"), 4);
        assert_eq!(options_threads("--threads 3"), 3);
    }

    fn options_threads(words: &str) -> u32 {
        options(words).threads
    }

    #[test]
    fn the_cpus_can_be_chosen_and_must_differ() {
        let cores = |words: &str, cpus| parse(words).expect("parses").cores(cpus);
        assert_eq!(
            cores("--server-cpu 3 --wrk-cpu 2", 4),
            Ok(Cores::PerCore { server: 3, wrk: 2 })
        );
        assert_eq!(
            cores("--server-cpu 1", 2),
            Ok(Cores::PerCore { server: 1, wrk: 0 })
        );
        let same = cores("--wrk-cpu 0", 1).expect_err("the server's default CPU is 0 too");
        assert!(same.contains("both 0"), "{same}");
        let conflict = parse("--shared-cores --wrk-cpu 1").expect_err("conflict");
        assert_eq!(conflict.exit_code(), 2);
        assert!(
            conflict.to_string().contains("--shared-cores"),
            "{conflict}"
        );
    }

    #[test]
    fn rows_are_chosen_by_id_and_the_ceiling_only_when_named() {
        let options = options("--rows stream,intro-root --debug --duration 3 --svg /tmp/x.svg");
        let ids: Vec<&str> = options.workloads.iter().map(|row| row.id).collect();
        assert_eq!(ids, ["stream", "intro-root"]);
        assert!(!options.ceiling);
        assert_eq!(options.profile, Profile::Debug);
        assert_eq!(options.duration, Duration::from_secs(3));
        let options = self::options("--rows ceiling --rows intro-css");
        assert!(options.ceiling);
        assert_eq!(options.workloads.len(), 1);
        assert_eq!(
            parse("--svg chart.svg").expect("parses").svg,
            Some(PathBuf::from("chart.svg"))
        );
    }

    #[test]
    fn mistakes_are_usage_errors_that_say_what_is_wrong() {
        for (words, needle) in [
            ("--rows intro-root,nope", "no row \"nope\""),
            ("--duration 0", "--duration"),
            ("--connections many", "--connections"),
            ("--threads 65", "--threads"),
            ("--server-cpu first", "--server-cpu"),
            ("--node intro-express", "expected <article>=<folder>"),
            ("--node nope=.", "no article"),
            ("--node-standin", "--node-standins"),
            ("--svg", "--svg"),
        ] {
            let error = parse(words).expect_err(words);
            assert_eq!(error.exit_code(), 2, "{words}");
            let text = error.to_string();
            assert!(text.contains(needle), "{words}: {text}");
        }
        let help = parse("--help").expect_err("help is not options");
        assert_eq!(help.exit_code(), 0);
        for needle in ["--node <ARTICLE=FOLDER>", "--shared-cores", "--svg <FILE>"] {
            assert!(help.to_string().contains(needle), "{help}");
        }
    }
}
