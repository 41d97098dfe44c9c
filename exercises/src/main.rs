//! `cargo run -q -p exercises -- check <exercise>`: tells a learner whether an exercise is done.
//!
//! `list` shows the exercises and their check commands; `check` builds and starts the example the
//! exercise changes, asks it questions over HTTP, and prints a to-do list of what is still missing.
//! Exit status: 0 done, 1 not yet, 2 a mistake on the command line.

use std::process::ExitCode;

use exercises::{ARTICLES, Workspace};

const USAGE: &str = "\
usage: cargo run -q -p exercises -- <command>

commands:
  list                  the exercises, in workshop order, with the command that checks each
  check <exercise>      builds and starts the example the exercise changes (on a free port, so
                        your own `cargo run` may keep running) and checks it over HTTP, e.g.
                          cargo run -q -p exercises -- check send-vs-write/finish-the-response
                        (the part after the slash is enough when it is unique)
  check <article>       every exercise of one article: intro-express, send-vs-write, post-form

options:
  --root <dir>          check the workspace in <dir> instead of this one (e.g. a learner's copy)

The exercises, with their goals and hints: exercises/README.md";

fn main() -> ExitCode {
    let mut arguments: Vec<String> = std::env::args().skip(1).collect();
    let mut workspace = Workspace::this_one();
    if let Some(at) = arguments.iter().position(|argument| argument == "--root") {
        let Some(root) = arguments.get(at + 1).cloned() else {
            return usage_error("--root needs a folder");
        };
        workspace = Workspace::at(root);
        arguments.drain(at..at + 2);
    }
    let arguments: Vec<&str> = arguments.iter().map(String::as_str).collect();
    match arguments.as_slice() {
        ["list"] => {
            list();
            ExitCode::SUCCESS
        }
        ["check", name] => check(&workspace, name),
        ["check"] => usage_error(
            "which exercise? `cargo run -q -p exercises -- list` shows them, e.g. `check \
             send-vs-write/finish-the-response`",
        ),
        ["help" | "--help" | "-h"] | [] => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => usage_error(&format!("unexpected arguments: {}", arguments.join(" "))),
    }
}

fn list() {
    for article in ARTICLES {
        println!("{article}");
        for (number, exercise) in exercises::all()
            .into_iter()
            .filter(|exercise| exercise.article == article)
            .enumerate()
        {
            println!(
                "  {}. {} ({}, {})",
                number + 1,
                exercise.title,
                exercise.article,
                exercise.binary
            );
            println!("     {}", exercise.command());
        }
    }
    println!("\nGoals and hints: exercises/README.md");
}

fn check(workspace: &Workspace, name: &str) -> ExitCode {
    let chosen = match exercises::select(name) {
        Ok(chosen) => chosen,
        Err(problem) => return usage_error(&problem),
    };
    let mut all_done = true;
    for (index, exercise) in chosen.iter().enumerate() {
        if index > 0 {
            println!();
        }
        all_done &= exercises::run_check(workspace, exercise);
    }
    if all_done {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn usage_error(problem: &str) -> ExitCode {
    eprintln!("error: {problem}\n\n{USAGE}");
    ExitCode::from(2)
}
