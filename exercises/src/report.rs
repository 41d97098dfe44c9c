//! What a check found, printed as a to-do list as it goes: `[x]` done, `[ ]` still to do.

use crate::Exercise;

/// Width the report is wrapped to, so it reads in a terminal beside the editor.
const WIDTH: usize = 100;

/// The items of one check, printed as they are noted.
#[derive(Debug, Default)]
pub struct Report {
    done: usize,
    to_do: usize,
}

impl Report {
    /// An empty report.
    pub fn new() -> Self {
        Self::default()
    }

    /// Notes something the example already does.
    pub fn done(&mut self, text: impl AsRef<str>) {
        self.done += 1;
        print_wrapped("  [x] ", "      ", text.as_ref());
    }

    /// Notes something still missing, said so that the learner knows what to do next.
    pub fn todo(&mut self, text: impl AsRef<str>) {
        self.to_do += 1;
        print_wrapped("  [ ] ", "      ", text.as_ref());
    }

    /// Notes `done` when `ok`, else the text `todo` makes; returns `ok`.
    pub fn expect(
        &mut self,
        ok: bool,
        done: impl AsRef<str>,
        todo: impl FnOnce() -> String,
    ) -> bool {
        if ok {
            self.done(done);
        } else {
            self.todo(todo());
        }
        ok
    }

    /// Whether every item noted is done (and there was at least one).
    pub fn passed(&self) -> bool {
        self.to_do == 0 && self.done > 0
    }

    /// Prints the verdict; returns whether the exercise is done.
    pub fn finish(self, exercise: &Exercise) -> bool {
        println!();
        if self.passed() {
            print_wrapped("", "", &format!("Well done! {}", exercise.well_done));
            print_wrapped(
                "",
                "",
                &format!(
                    "(The check built and ran its own copy. If you have {} {} running, stop it and \
                     `cargo run` it again to see your change in the browser.)",
                    exercise.article, exercise.binary
                ),
            );
        } else {
            let things = if self.to_do == 1 { "thing" } else { "things" };
            print_wrapped(
                "",
                "",
                &format!(
                    "Not yet: {} {things} to do (the [ ] lines above). Hints: exercises/README.md, \
                     \"{}\". Check again with:",
                    self.to_do, exercise.title,
                ),
            );
            println!("  {}", exercise.command());
        }
        self.passed()
    }
}

/// Prints `text` wrapped at [`WIDTH`], the first line after `first`, the others after `rest`.
/// Words are never split, so a long URL or command stays whole (and copyable) on its line.
pub(crate) fn print_wrapped(first: &str, rest: &str, text: &str) {
    for line in wrap(first, rest, text) {
        println!("{line}");
    }
}

fn wrap(first: &str, rest: &str, text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = first.to_owned();
    let mut empty = true;
    for word in text.split_whitespace() {
        if !empty && line.chars().count() + 1 + word.chars().count() > WIDTH {
            lines.push(std::mem::replace(&mut line, rest.to_owned()));
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    lines.push(line);
    lines
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn long_text_wraps_between_words_with_a_hanging_indent() {
        let text = "word ".repeat(30);
        let lines = wrap("  [ ] ", "      ", &text);
        assert!(lines.len() > 1);
        assert!(lines[0].starts_with("  [ ] word"));
        assert!(lines[1].starts_with("      word"));
        assert!(lines.iter().all(|line| line.chars().count() <= 100));
    }

    #[test]
    fn a_word_longer_than_the_width_stays_whole() {
        let url = format!("http://{}", "x".repeat(120));
        let lines = wrap("", "", &format!("see {url} now"));
        assert_eq!(lines, ["see", url.as_str(), "now"]);
    }
}
