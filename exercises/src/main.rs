//! `cargo run -q -p exercises -- check <exercise>`: tells a learner whether an exercise is done.
//!
//! `list` shows the exercises and their check commands; `check` builds and starts the example the
//! exercise changes, asks it questions over HTTP, and prints a to-do list of what is still missing.
//! Exit status: 0 done, 1 not yet, 2 a mistake on the command line.

use std::{path::PathBuf, process::ExitCode};

use clap::{CommandFactory, Parser, Subcommand, error::ErrorKind};
use exercises::{ARTICLES, Exercise, Workspace};

/// Workshop exercises for the three articles, each with a check that says when it is done.
#[derive(Debug, Parser)]
#[command(
    name = "exercises",
    verbatim_doc_comment,
    arg_required_else_help = true,
    after_help = "\
The exercises, with their goals and hints: exercises/README.md

Exit status: 0 done, 1 not yet, 2 a mistake on the command line."
)]
struct Arguments {
    /// Check the workspace in DIR instead of this one (e.g. a
    /// learner's copy)
    #[arg(long, verbatim_doc_comment, value_name = "DIR", global = true)]
    root: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// The exercises, in workshop order, with the command that checks each
    List,
    /// Build and start the example the exercise changes and check it over HTTP
    ///
    /// The example runs on a free port of its own, so your own `cargo run` may keep running.
    #[command(
        verbatim_doc_comment,
        after_help = "\
Example: cargo run -q -p exercises -- check send-vs-write/finish-the-response"
    )]
    Check {
        /// An exercise, e.g. send-vs-write/finish-the-response (the
        /// part after the slash is enough when it is unique), or an
        /// article for all of its exercises: intro-express,
        /// send-vs-write, post-form
        #[arg(verbatim_doc_comment, value_name = "EXERCISE", value_parser = select)]
        exercises: Selection,
    },
}

/// The exercises one `check` argument names.
#[derive(Debug, Clone)]
struct Selection(Vec<&'static Exercise>);

fn select(name: &str) -> Result<Selection, String> {
    exercises::select(name).map(Selection)
}

fn main() -> ExitCode {
    let arguments = Arguments::try_parse().unwrap_or_else(|error| {
        // The only required argument is check's EXERCISE: the likeliest mistake gets an answer
        // that says where to look.
        if error.kind() == ErrorKind::MissingRequiredArgument {
            which_exercise().exit()
        }
        error.exit()
    });
    let workspace = arguments
        .root
        .map_or_else(Workspace::this_one, Workspace::at);
    match arguments.command {
        Command::List => {
            list();
            ExitCode::SUCCESS
        }
        Command::Check {
            exercises: Selection(chosen),
        } => check(&workspace, &chosen),
    }
}

/// The usage error of `check` without an exercise, with `check`'s usage line under it.
fn which_exercise() -> clap::Error {
    let mut command = Arguments::command();
    command.build();
    let message = "which exercise? `cargo run -q -p exercises -- list` shows them, e.g. `check \
                   send-vs-write/finish-the-response`";
    match command.find_subcommand_mut("check") {
        Some(check) => check.error(ErrorKind::MissingRequiredArgument, message),
        None => command.error(ErrorKind::MissingRequiredArgument, message),
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

fn check(workspace: &Workspace, chosen: &[&Exercise]) -> ExitCode {
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
