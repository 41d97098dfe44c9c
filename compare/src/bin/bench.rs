//! `cargo run -p compare --bin bench -- [--node-standins | --node <article>=<checkout>]...`:
//! each example under the same wrk load, Rust beside Node, as a Markdown table. `--help` for more.

use std::{process::ExitCode, time::Duration};

use compare::{
    bench::{self, BenchOptions, CEILING, NodeFolder, WORKLOADS},
    target::Profile,
};

const USAGE: &str = "\
usage: bench [options]

Builds the examples (release), then for each row starts the server afresh, times its first
answer, drives it with wrk on loopback, reads its peak memory and stops it. With Node folders it
runs the Node server of the same row under the same load and adds the ratio Rust/Node.

options:
  --node <article>=<folder>  a checkout of a Node original (npm install done); repeatable
  --node-standins            the stand-ins in compare/node-standins for all three articles
                             (npm ci is run there first if needed)
  --rows <id,id,...>         only these rows: intro-root, intro-css, intro-logo, stream,
                             form-200, form-1000, ceiling (default all); ceiling is a server
                             that only reads and writes canned bytes (best of three runs):
                             how far any server could get on this machine
  --duration <seconds>       how long wrk drives each server (default 10)
  --connections <n>          connections for the GET rows (default 50; the form rows fix theirs)
  --threads <n>              wrk threads (default 2)
  --debug                    build without --release (quick; for trying the command)";

fn main() -> ExitCode {
    let options = match compare::options_or_exit(parse(std::env::args().skip(1).collect()), USAGE) {
        Ok(options) => options,
        Err(code) => return code,
    };
    let mut progress = |message: &str| eprintln!("bench: {message}");
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

fn parse(arguments: Vec<String>) -> Result<Option<BenchOptions>, String> {
    let mut options = BenchOptions {
        workloads: WORKLOADS.to_vec(),
        duration: Duration::from_secs(10),
        connections: 50,
        threads: 2,
        profile: Profile::Release,
        node: Vec::new(),
        standins: false,
        ceiling: true,
    };
    let mut arguments = arguments.into_iter();
    while let Some(argument) = arguments.next() {
        let mut value = |name: &str| {
            arguments
                .next()
                .ok_or_else(|| format!("{name} needs a value"))
        };
        let number = |name: &str, text: String, range: std::ops::RangeInclusive<u32>| {
            text.parse::<u32>()
                .ok()
                .filter(|number| range.contains(number))
                .ok_or_else(|| format!("{name} {text:?}: give a number from {range:?}"))
        };
        match argument.as_str() {
            "-h" | "--help" => return Ok(None),
            "--node" => options
                .node
                .push(bench::parse_node_folder(&value("--node")?)?),
            "--node-standins" => {
                let dir = bench::prepare_standins(&mut |message| eprintln!("bench: {message}"))?;
                for article in &compare::article::ARTICLES {
                    options.node.push(NodeFolder {
                        article,
                        folder: dir.join(article.name),
                        any_port: true,
                    });
                }
                options.standins = true;
            }
            "--rows" => {
                let ids = value("--rows")?;
                options.ceiling = ids.split(',').any(|id| id == CEILING.id);
                options.workloads = ids
                    .split(',')
                    .filter(|id| *id != CEILING.id)
                    .map(|id| {
                        WORKLOADS
                            .iter()
                            .find(|workload| workload.id == id)
                            .copied()
                            .ok_or_else(|| format!("--rows: no row {id:?}"))
                    })
                    .collect::<Result<_, _>>()?;
            }
            "--duration" => {
                let seconds = number("--duration", value("--duration")?, 1..=600)?;
                options.duration = Duration::from_secs(u64::from(seconds));
            }
            "--connections" => {
                options.connections = number("--connections", value("--connections")?, 1..=10_000)?;
            }
            "--threads" => options.threads = number("--threads", value("--threads")?, 1..=64)?,
            "--debug" => options.profile = Profile::Debug,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(Some(options))
}
