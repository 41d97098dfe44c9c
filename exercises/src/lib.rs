//! Workshop exercises for the three articles, and the checks that tell a learner when one is done.
//!
//! Each [`Exercise`] changes one example binary. Its check builds exactly that binary
//! (`cargo build -p <article> --bin example-N`: three crates own an `example-1`, cargo issue 6313),
//! starts it on a free port, and asks it questions over HTTP only, so any correct solution passes,
//! not just the reference one in `exercises/solutions/`. What is still missing is printed as a to-do
//! list in plain words; the exit code says whether the exercise is done.
//!
//! The exercises themselves, with goals and hints, are in `exercises/README.md`; the checks are in
//! [`checks`], one module per article.

pub mod checks;
mod html;
mod report;
mod runner;
mod web;

pub use report::Report;
pub use runner::Workspace;

use std::time::Duration;

use harness::RunningExample;

/// How many lines of the example's stderr a failed check shows.
const SAID_LINES: usize = 10;

/// One exercise: the example it changes, what it asks, and its check.
#[derive(Debug, Clone, Copy)]
pub struct Exercise {
    /// The article's crate: `send-vs-write`.
    pub article: &'static str,
    /// The exercise's name within the article: `finish-the-response`.
    pub slug: &'static str,
    /// Its title in `exercises/README.md`: "Finish the response".
    pub title: &'static str,
    /// The binary it changes: `example-2`.
    pub binary: &'static str,
    /// What to do, in one sentence.
    pub goal: &'static str,
    /// Asks the running example its questions and notes the answers in the report.
    pub check: fn(&RunningExample, &mut Report),
    /// Said when every item of the check is done: what the learner just saw happen.
    pub well_done: &'static str,
}

impl Exercise {
    /// `send-vs-write/finish-the-response`: what `check` is given.
    pub fn id(&self) -> String {
        format!("{}/{}", self.article, self.slug)
    }

    /// The command a learner types to check this exercise.
    pub fn command(&self) -> String {
        format!("cargo run -q -p exercises -- check {}", self.id())
    }
}

/// Every exercise, article by article, each article's from easy to stretching.
pub fn all() -> Vec<&'static Exercise> {
    checks::intro_express::EXERCISES
        .iter()
        .chain(checks::send_vs_write::EXERCISES)
        .chain(checks::post_form::EXERCISES)
        .collect()
}

/// The three articles, in workshop order.
pub const ARTICLES: [&str; 3] = ["intro-express", "send-vs-write", "post-form"];

/// The exercises `name` stands for: an id (`send-vs-write/finish-the-response`), a name alone
/// when only one exercise has it (`finish-the-response`), or an article (`send-vs-write`: all of its
/// exercises, in order).
pub fn select(name: &str) -> Result<Vec<&'static Exercise>, String> {
    let name = name.trim().trim_end_matches('/');
    let exercises = all();
    if ARTICLES.contains(&name) {
        return Ok(exercises
            .into_iter()
            .filter(|exercise| exercise.article == name)
            .collect());
    }
    let chosen: Vec<_> = exercises
        .iter()
        .copied()
        .filter(|exercise| exercise.id() == name || exercise.slug == name)
        .collect();
    if !chosen.is_empty() {
        return Ok(chosen);
    }
    let near: Vec<String> = exercises
        .iter()
        .filter(|exercise| {
            let slug_word = name.rsplit('/').next().unwrap_or(name);
            exercise.id().contains(slug_word)
                || slug_word
                    .split('-')
                    .any(|word| word.len() > 3 && exercise.slug.contains(word))
        })
        .map(|exercise| exercise.id())
        .collect();
    let mut message = format!("there is no exercise called {name:?}.");
    if near.is_empty() {
        message.push_str(" `cargo run -q -p exercises -- list` shows them all.");
    } else {
        message.push_str(&format!(" Did you mean {}?", near.join(" or ")));
    }
    Err(message)
}

/// Builds and starts the exercise's example in `workspace`, runs its check and prints the
/// report. Returns whether every item is done.
pub fn run_check(workspace: &Workspace, exercise: &Exercise) -> bool {
    println!("{}: {}", exercise.id(), exercise.title);
    report::print_wrapped("  ", "  ", exercise.goal);
    let mut report = Report::new();
    match workspace.start(exercise.article, exercise.binary) {
        Ok(example) => {
            (exercise.check)(&example, &mut report);
            // What the server said that no check item explained already: a panic in a handler,
            // for one, shows on the wire only as a dropped connection.
            let said: Vec<String> = example
                .stderr_within(Duration::from_millis(100))
                .into_iter()
                .filter(|line| !line.trim().is_empty())
                .collect();
            if let Some(at) = said.iter().position(|line| line.contains(" panicked at ")) {
                let place = said[at].rsplit(" panicked at ").next().unwrap_or_default();
                let message = said.get(at + 1).map_or("", String::as_str);
                report.todo(format!(
                    "The server panicked while answering, at {} {message}",
                    place.trim()
                ));
            }
            if !report.passed() && !said.is_empty() {
                println!("  The example printed on stderr:");
                for line in said.iter().take(SAID_LINES) {
                    println!("    {line}");
                }
                if said.len() > SAID_LINES {
                    println!("    ({} more lines)", said.len() - SAID_LINES);
                }
            }
        }
        Err(problem) => report.todo(problem),
    }
    report.finish(exercise)
}
