//! Compares two runs of a script aspect by aspect and prints the side-by-side table.

use std::{fmt::Write as _, time::Duration};

use harness::http::Framing;

use crate::{
    differences::Intended,
    probe::{Observation, Reply, seconds},
    script::Probe,
};

/// Response headers compared on every probe (besides those a probe asks for with `show`).
/// `Date` always differs; the security headers of our 404 page are in the READMEs.
pub const NOTABLE_HEADERS: [&str; 7] = [
    "cache-control",
    "etag",
    "last-modified",
    "accept-ranges",
    "content-range",
    "location",
    "x-powered-by",
];

/// The remark naming the path each side of a `linked` probe was asked for.
const ASKED_FOR: &str = "asked for";

/// The aspects every probe is compared on, before headers.
const BASIC_ASPECTS: [&str; 6] = ["status", "type", "framing", "end", "body", "log"];

/// How one probe compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Every aspect the same.
    Same,
    /// Differs only in ways a README row explains.
    Intended,
    /// Differs in a way nobody explained.
    Differs,
}

/// One aspect of one response: what to show, and what to compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Aspect {
    /// `status`, `end`, `etag`, ...
    pub name: String,
    /// What the table shows.
    pub shown: String,
    /// What is compared (e.g. only whether an `ETag` is weak or strong, not its value).
    pub key: String,
}

/// Something a row shows that is not a difference: what each side was asked for, or what an own
/// file's comparison by role left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remark {
    /// `asked for`, `body`, `type`.
    pub name: String,
    /// Each side's value.
    pub shown: [String; 2],
    /// Why it is no difference.
    pub note: String,
}

/// One row of the table.
#[derive(Debug, Clone)]
pub struct Row {
    /// The probe.
    pub probe: Probe,
    /// The row's verdict.
    pub verdict: Verdict,
    /// Short summaries of each side.
    pub summary: [String; 2],
    /// Differing aspects: name, each side's value, and the README entry that explains it.
    pub differences: Vec<(String, [String; 2], Option<Intended>)>,
    /// Every aspect of each side, for `--all`.
    pub aspects: [Vec<Aspect>; 2],
    /// What differs without being a difference (an own file's bytes, each side's own path).
    pub remarks: Vec<Remark>,
    /// Problems with each side's request (a placeholder without a value).
    pub notes: [Option<String>; 2],
}

/// Compares the observations of the two sides, probe by probe. With `own_files` (ours against
/// another server), an `own` probe that both sides answer with a file is compared by role:
/// status, media type family, framing, end, caching headers present or not; its bytes are each
/// side's own and only shown.
pub fn compare(
    probes: &[Probe],
    sides: [&[Observation]; 2],
    intended: &[Intended],
    own_files: bool,
) -> Vec<Row> {
    probes
        .iter()
        .enumerate()
        .map(|(index, probe)| {
            let [a, b] = sides.map(|observations| &observations[index]);
            let aspect_names = aspect_names(probe);
            let role = own_files && probe.own && is_file(a) && is_file(b);
            let aspects = [a, b].map(|side| aspects_of(probe, side, &aspect_names, role));
            let mut differences = Vec::new();
            for (name, (left, right)) in aspect_names
                .iter()
                .zip(aspects[0].iter().zip(aspects[1].iter()))
            {
                // A server whose output is not seen (a URL) says nothing about the log.
                if name == "log" && (a.log.is_none() || b.log.is_none()) {
                    continue;
                }
                // Without a response on one side, its status says it all.
                let answered = a.outcome.is_ok() && b.outcome.is_ok();
                if !answered && name != "status" && name != "log" {
                    continue;
                }
                if left.key != right.key {
                    let explained = intended
                        .iter()
                        .find(|entry| entry.covers(probe, name, &aspect_names))
                        .cloned();
                    differences.push((
                        name.clone(),
                        [left.shown.clone(), right.shown.clone()],
                        explained,
                    ));
                }
            }
            let verdict = if differences.is_empty() {
                Verdict::Same
            } else if differences
                .iter()
                .all(|(_, _, explained)| explained.is_some())
            {
                Verdict::Intended
            } else {
                Verdict::Differs
            };
            let mut remarks = asked_for(probe, [a, b]).into_iter().collect::<Vec<_>>();
            if role {
                remarks.extend(by_role_remarks(probe, [a, b]));
            }
            Row {
                probe: probe.clone(),
                verdict,
                summary: [summary(a), summary(b)],
                differences,
                aspects,
                remarks,
                notes: [a.note.clone(), b.note.clone()],
            }
        })
        .collect()
}

/// Whether a side answered with a file: a success that says when the file last changed (static
/// files and `sendFile` do; a route's `res.send` does not).
fn is_file(observation: &Observation) -> bool {
    observation.outcome.as_ref().is_ok_and(|reply| {
        (200..300).contains(&reply.status) && reply.header("last-modified").is_some()
    })
}

/// `image/*` for any image (an SVG of ours is a PNG of the original's), else the media type
/// without parameters: `text/css`, `text/html`.
pub fn media_family(content_type: &str) -> String {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    match essence.split_once('/') {
        Some((kind @ ("image" | "audio" | "video" | "font"), _)) => format!("{kind}/*"),
        _ => essence,
    }
}

/// For a `linked` probe, the path each side was asked for, when the two sides (or the script)
/// differ.
fn asked_for(probe: &Probe, [a, b]: [&Observation; 2]) -> Option<Remark> {
    let link = probe.linked.as_ref()?;
    if a.target == b.target && a.target == probe.target {
        return None;
    }
    let element = match &link.class {
        Some(class) => format!("{}.{class}", link.element),
        None => link.element.clone(),
    };
    Some(Remark {
        name: ASKED_FOR.into(),
        shown: [a.target.clone(), b.target.clone()],
        note: format!(
            "each side's own, from its `{}` <{element} {}>",
            link.page, link.attribute
        ),
    })
}

/// What comparing an own file by role left out: its bytes, and a media type of the same family.
fn by_role_remarks(probe: &Probe, sides: [&Observation; 2]) -> Vec<Remark> {
    let [Ok(a), Ok(b)] = sides.map(|side| side.outcome.as_ref()) else {
        return Vec::new();
    };
    let mut remarks = Vec::new();
    let types = [a, b].map(|reply| reply.header("content-type").unwrap_or("(none)"));
    // Another family is a difference, listed as one; the same family is worth a remark.
    let same_family = media_family(types[0]) == media_family(types[1]);
    if same_family
        && types[0].to_ascii_lowercase().replace("; ", ";")
            != types[1].to_ascii_lowercase().replace("; ", ";")
    {
        remarks.push(Remark {
            name: "type".into(),
            shown: types.map(str::to_owned),
            note: format!("same family, {}", media_family(types[0])),
        });
    }
    if a.body != b.body {
        remarks.push(Remark {
            name: "body".into(),
            shown: [a, b].map(|reply| reply_aspect(probe, reply, "body", true).0),
            note: "each side's own file: not compared".into(),
        });
    }
    remarks
}

fn aspect_names(probe: &Probe) -> Vec<String> {
    let mut names: Vec<String> = BASIC_ASPECTS
        .iter()
        .map(|name| (*name).to_owned())
        .collect();
    for header in NOTABLE_HEADERS
        .iter()
        .copied()
        .chain(probe.show.iter().map(String::as_str))
    {
        if !names.iter().any(|name| name == header) {
            names.push(header.to_owned());
        }
    }
    names
}

fn aspects_of(
    probe: &Probe,
    observation: &Observation,
    names: &[String],
    role: bool,
) -> Vec<Aspect> {
    names
        .iter()
        .map(|name| {
            let (shown, key) = match (&observation.outcome, name.as_str()) {
                (_, "log") => {
                    let lines = observation.log.clone().unwrap_or_default();
                    let meaningful = meaningful_log_lines(&lines);
                    (log_summary(&meaningful, lines.len()), meaningful.join("\n"))
                }
                (Err(error), "status") => (format!("no response: {error}"), no_response(error)),
                (Err(_), _) => ("-".into(), "-".into()),
                (Ok(reply), aspect) => reply_aspect(probe, reply, aspect, role),
            };
            Aspect {
                name: name.clone(),
                shown,
                key,
            }
        })
        .collect()
}

fn no_response(error: &str) -> String {
    if error.starts_with("no response within") {
        "no response".into()
    } else {
        error.into()
    }
}

/// One aspect of a reply: what to show, and what to compare. `role`: the reply is an own file,
/// compared by role ([`compare`]): its media type by family, its body not at all, its caching
/// headers by presence.
fn reply_aspect(probe: &Probe, reply: &Reply, aspect: &str, role: bool) -> (String, String) {
    let same = |text: String| (text.clone(), text);
    match aspect {
        "status" => same(reply.status.to_string()),
        "type" if role => {
            let value = reply.header("content-type").unwrap_or("(none)");
            (value.to_owned(), media_family(value))
        }
        "body" if role => {
            let shown = if reply.body.is_empty() {
                "(empty)".to_owned()
            } else {
                format!("{}, own file", size(reply.body.len()))
            };
            let key = if reply.body.is_empty() {
                "(empty)"
            } else {
                "own file"
            };
            (shown, key.into())
        }
        "etag" | "cache-control" | "last-modified" if role => {
            let value = reply.header(aspect);
            let key = if value.is_some() { "present" } else { "(none)" };
            (value.unwrap_or("(none)").to_owned(), key.into())
        }
        "type" => {
            let value = reply.header("content-type").unwrap_or("(none)");
            // Media types and charset names are case-insensitive: `UTF-8` is `utf-8`.
            let key = value.to_ascii_lowercase().replace("; ", ";");
            (value.to_owned(), key)
        }
        "framing" => {
            let kind = framing_name(reply.framing);
            let shown = match reply.framing {
                Framing::Chunked => format!("chunked ({} chunks)", reply.chunks),
                Framing::Length(length) => format!("length {length}"),
                _ => kind.to_owned(),
            };
            (shown, kind.to_owned())
        }
        "end" => {
            let shown = if reply.complete {
                format!("complete in {}", milliseconds(reply.elapsed))
            } else {
                format!("still open after {}", seconds(reply.waited))
            };
            (shown, end_class(reply))
        }
        "body" => {
            let empty_because_head = probe.method == "HEAD";
            let shown = if empty_because_head && reply.body.is_empty() {
                "(HEAD: no body)".to_owned()
            } else {
                body_summary(&reply.body)
            };
            (shown, digest(&reply.body))
        }
        header => {
            let value = reply.header(header);
            let shown = value.unwrap_or("(none)").to_owned();
            let key = match (header, value) {
                (_, None) => "(none)".to_owned(),
                // Each server makes its own validators: compare their kind, not their value.
                ("etag", Some(tag)) if tag.starts_with("W/") => "weak".into(),
                ("etag", Some(_)) => "strong".into(),
                ("last-modified", Some(_)) => "present".into(),
                // `bytes 0-99/1234`: the range, not the file's size (the body shows that).
                ("content-range", Some(range)) => {
                    range.split('/').next().unwrap_or(range).to_owned()
                }
                (_, Some(value)) => value.to_owned(),
            };
            (shown, key)
        }
    }
}

fn framing_name(framing: Framing) -> &'static str {
    match framing {
        Framing::Length(_) => "length",
        Framing::Chunked => "chunked",
        Framing::CloseDelimited => "close",
        Framing::NoBody => "no body",
    }
}

/// Timing compared coarsely: at once, after about N seconds (to the half second), or not at all.
fn end_class(reply: &Reply) -> String {
    if !reply.complete {
        return "still open".into();
    }
    let elapsed = reply.elapsed.as_secs_f64();
    if elapsed < 0.25 {
        "at once".into()
    } else {
        format!("after ~{:.1} s", (elapsed * 2.0).round() / 2.0)
    }
}

/// `200 text/html chunked OPEN 170 B`: one side of a row.
fn summary(observation: &Observation) -> String {
    match &observation.outcome {
        Err(error) => clip(&format!("- {}", no_response(error)), 40),
        Ok(reply) => {
            let media = reply
                .header("content-type")
                .map_or("-", |value| value.split(';').next().unwrap_or(value).trim());
            let end = if !reply.complete {
                "OPEN".to_owned()
            } else if reply.elapsed >= Duration::from_millis(250) {
                format!("done {:.1}s", reply.elapsed.as_secs_f64())
            } else {
                "done".to_owned()
            };
            format!(
                "{} {media} {} {end} {}",
                reply.status,
                framing_name(reply.framing),
                size(reply.body.len())
            )
        }
    }
}

fn milliseconds(duration: Duration) -> String {
    let millis = duration.as_secs_f64() * 1000.0;
    if millis < 10.0 {
        format!("{millis:.1} ms")
    } else {
        format!("{millis:.0} ms")
    }
}

fn size(bytes: usize) -> String {
    if bytes < 10 * 1024 {
        format!("{bytes} B")
    } else {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    }
}

/// Text bodies abbreviated and quoted, binary ones as a size and a digest.
pub fn body_summary(body: &[u8]) -> String {
    const SHOWN: usize = 44;
    if body.is_empty() {
        return "(empty)".into();
    }
    let Ok(text) = std::str::from_utf8(body) else {
        return format!("{} {}", size(body.len()), digest(body));
    };
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return format!("{} {}", size(body.len()), digest(body));
    }
    let mut shown: String = text.chars().take(SHOWN).collect::<String>();
    shown = shown.escape_debug().to_string();
    let more = if text.chars().count() > SHOWN {
        "…"
    } else {
        ""
    };
    format!("{} \"{shown}{more}\"", size(body.len()))
}

/// FNV-1a, 64 bits: enough to tell two bodies apart on screen (not a security hash).
fn digest(bytes: &[u8]) -> String {
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("fnv:{hash:016x}")
}

/// What a server printed, less what says nothing about the request: stack frames
/// (`    at f (file.js:1:2)`) and Node's own warnings (`(node:1234) DeprecationWarning: ...`).
fn meaningful_log_lines(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .filter(|line| {
            let trimmed = line.trim_start();
            !(trimmed.starts_with("at ") && trimmed.len() < line.len()
                || line.starts_with("(node:")
                || line.starts_with("(Use `node --trace-"))
        })
        .cloned()
        .collect()
}

fn log_summary(meaningful: &[String], all: usize) -> String {
    const SHOWN: usize = 70;
    let Some(first) = meaningful.first() else {
        return if all == 0 {
            "(nothing)".into()
        } else {
            format!("({all} lines of warnings or stack)")
        };
    };
    let mut shown: String = first.chars().take(SHOWN).collect();
    if first.chars().count() > SHOWN {
        shown.push('…');
    }
    if all > 1 {
        shown.push_str(&format!(" (+{} lines)", all - 1));
    }
    shown
}

/// How the table is printed.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    /// Show every aspect of every probe, not only the differing ones.
    pub all: bool,
}

/// The table, the notes explaining intended differences, and a closing count.
pub fn render(rows: &[Row], labels: [&str; 2], style: Style) -> String {
    let id_width = rows
        .iter()
        .map(|row| row.probe.id.chars().count())
        .max()
        .unwrap_or(0)
        // Wide enough for the aspect names under it (`content-range`).
        .max("content-range".len());
    let request_width = rows
        .iter()
        .map(|row| row.probe.request_line().chars().count().min(34))
        .max()
        .unwrap_or(0)
        .max("request".len());
    let a_width = rows
        .iter()
        .map(|row| row.summary[0].chars().count())
        .max()
        .unwrap_or(0)
        .max(labels[0].chars().count().min(40) + "A: ".len())
        .max(1);
    let mut out = String::new();
    let heading_a = format!("A: {}", labels[0]);
    let _ = writeln!(
        out,
        "  {:id_width$}  {:request_width$}  {heading_a:a_width$}  B: {}",
        "probe", "request", labels[1]
    );
    let mut notes: Vec<Intended> = Vec::new();
    for row in rows {
        let mark = match row.verdict {
            Verdict::Same => '=',
            Verdict::Intended => '~',
            Verdict::Differs => '!',
        };
        let request: String = clip(&row.probe.request_line(), request_width);
        let _ = writeln!(
            out,
            "{mark} {:id_width$}  {request:request_width$}  {:a_width$}  {}",
            row.probe.id, row.summary[0], row.summary[1]
        );
        let indent = id_width + request_width + 4;
        let remark_line = |remark: &Remark| {
            let note = Detail::Remark(format!("   ({})", remark.note));
            (remark.name.clone(), remark.shown.clone(), note)
        };
        let is_asked_for = |remark: &&Remark| remark.name == ASKED_FOR;
        // What each side was asked for comes first: the rest of the row is about those paths.
        let mut detail_lines: Vec<(String, [String; 2], Detail)> = row
            .remarks
            .iter()
            .filter(is_asked_for)
            .map(remark_line)
            .collect();
        if style.all {
            detail_lines.extend(row.aspects[0].iter().zip(&row.aspects[1]).map(|(a, b)| {
                let detail = match row.differences.iter().find(|(name, _, _)| *name == a.name) {
                    Some((_, _, explained)) => Detail::Difference(explained.clone()),
                    None => Detail::Remark(
                        row.remarks
                            .iter()
                            .find(|remark| remark.name == a.name)
                            .map(|remark| format!("   ({})", remark.note))
                            .unwrap_or_default(),
                    ),
                };
                (a.name.clone(), [a.shown.clone(), b.shown.clone()], detail)
            }));
        } else {
            let other_remarks = row.remarks.iter().filter(|remark| !is_asked_for(remark));
            detail_lines.extend(other_remarks.map(remark_line));
            detail_lines.extend(row.differences.iter().map(|(name, shown, explained)| {
                (
                    name.clone(),
                    shown.clone(),
                    Detail::Difference(explained.clone()),
                )
            }));
        }
        for (name, [a, b], detail) in detail_lines {
            let note = match detail {
                Detail::Remark(note) => note,
                Detail::Difference(None) => "   (differs)".to_owned(),
                Detail::Difference(Some(entry)) => {
                    let number = match notes.iter().position(|note| *note == entry) {
                        Some(position) => position + 1,
                        None => {
                            notes.push(entry);
                            notes.len()
                        }
                    };
                    format!("   (intended [{number}])")
                }
            };
            let _ = writeln!(
                out,
                "    {:>width$}  {a:a_width$}  {b}{note}",
                clip(&name, indent.saturating_sub(4)),
                width = indent.saturating_sub(4)
            );
        }
        for (side, note) in ["A", "B"].iter().zip(&row.notes) {
            if let Some(note) = note {
                let _ = writeln!(out, "    note: {side}'s request had {note}");
            }
        }
    }
    if !notes.is_empty() {
        out.push('\n');
        for (number, entry) in notes.iter().enumerate() {
            let scope = if entry.examples.is_empty() {
                String::new()
            } else {
                format!(" ({})", entry.examples.join(", "))
            };
            let _ = writeln!(
                out,
                "[{}] `{}`{scope}: {}",
                number + 1,
                entry.name,
                entry.reason
            );
        }
    }
    let count = |verdict| rows.iter().filter(|row| row.verdict == verdict).count();
    let _ = writeln!(
        out,
        "\n{} probes: {} the same, {} differ as the README says (~), {} differ (!)",
        rows.len(),
        count(Verdict::Same),
        count(Verdict::Intended),
        count(Verdict::Differs)
    );
    out
}

/// What a detail line of the table is.
enum Detail {
    /// A remark, or an aspect that is the same (`--all`): its note, possibly empty.
    Remark(String),
    /// A difference, and the README entry that explains it, if any.
    Difference(Option<Intended>),
}

fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_owned();
    }
    let mut clipped: String = text.chars().take(width.saturating_sub(1)).collect();
    clipped.push('…');
    clipped
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script;

    fn reply(status: u16, body: &str, framing: Framing, complete: bool) -> Observation {
        Observation {
            outcome: Ok(Reply {
                status,
                headers: vec![("content-type".into(), "text/html".into())],
                body: body.as_bytes().to_vec(),
                framing,
                chunks: 5,
                complete,
                elapsed: Duration::from_millis(3),
                waited: Duration::from_secs(2),
            }),
            log: Some(Vec::new()),
            note: None,
            target: "/".into(),
        }
    }

    /// A file as a static file service sends it: `Last-Modified`, `ETag`, `Cache-Control`.
    fn file(status: u16, media_type: &str, body: &str, etag: &str, target: &str) -> Observation {
        let mut observation = reply(status, body, Framing::Length(body.len()), true);
        observation.target = target.into();
        if let Ok(reply) = &mut observation.outcome {
            reply.headers = [
                ("content-type", media_type),
                ("last-modified", "Mon, 01 Jan 2024 00:00:00 GMT"),
                ("etag", etag),
                ("cache-control", "public, max-age=0"),
            ]
            .map(|(name, value)| (name.to_owned(), value.to_owned()))
            .to_vec();
        }
        observation
    }

    fn verdicts(probes: &[Probe], a: &[Observation], b: &[Observation], own: bool) -> Vec<Verdict> {
        compare(probes, [a, b], &[], own)
            .iter()
            .map(|row| row.verdict)
            .collect()
    }

    #[test]
    fn own_files_are_compared_by_role_and_their_bytes_are_only_shown() {
        let probes = script::parse(
            "root GET /\n  own\nlogo GET /images/logo.svg\n  own\n  linked root img src\n",
        )
        .expect("parses");
        let ours = [
            file(
                200,
                "text/html; charset=utf-8",
                "<img src=/images/logo.svg>",
                "\"1:2\"",
                "/",
            ),
            file(
                200,
                "image/svg+xml",
                "<svg/>",
                "\"3:4\"",
                "/images/logo.svg",
            ),
        ];
        let theirs = [
            file(
                200,
                "text/html; charset=UTF-8",
                "<img src=images/a.png>",
                "W/\"5\"",
                "/",
            ),
            file(200, "image/png", "\u{89}PNG", "W/\"6\"", "/images/a.png"),
        ];
        assert_eq!(
            verdicts(&probes, &ours, &theirs, true),
            [Verdict::Same, Verdict::Same]
        );
        // Between two of ours (no own files), bytes and media types are compared as they are.
        assert_eq!(
            verdicts(&probes, &ours, &theirs, false),
            [Verdict::Differs, Verdict::Differs]
        );
        let rows = compare(&probes, [&ours, &theirs], &[], true);
        let table = render(&rows, ["ours", "theirs"], Style::default());
        for expected in [
            "asked for",
            "/images/a.png   (each side's own, from its `root` <img src>)",
            "image/png   (same family, image/*)",
            "6 B, own file",
            "(each side's own file: not compared)",
        ] {
            assert!(table.contains(expected), "{expected:?} in:\n{table}");
        }
        assert!(!table.contains("(differs)"), "{table}");
    }

    #[test]
    fn an_own_file_of_another_family_or_status_or_without_caching_headers_differs() {
        let probes = script::parse("logo GET /logo\n  own\n").expect("parses");
        let svg = [file(200, "image/svg+xml", "<svg/>", "\"1\"", "/logo")];
        let differing_aspect = |other: Observation| {
            let rows = compare(&probes, [&svg, &[other]], &[], true);
            assert_eq!(rows[0].verdict, Verdict::Differs);
            rows[0]
                .differences
                .iter()
                .map(|(name, _, _)| name.clone())
                .collect::<Vec<_>>()
        };
        let text = file(200, "text/plain", "svg", "\"2\"", "/logo");
        let rows = compare(&probes, [&svg, std::slice::from_ref(&text)], &[], true);
        assert!(
            rows[0].remarks.iter().all(|remark| remark.name != "type"),
            "another family is a difference, not a remark: {:?}",
            rows[0].remarks
        );
        assert_eq!(differing_aspect(text), ["type"]);
        // A 404 is no file: everything is compared, the body too.
        let missing = reply(404, "Cannot GET /logo", Framing::Length(16), true);
        assert_eq!(differing_aspect(missing)[..3], ["status", "type", "body"]);
        let mut uncached = file(200, "image/png", "png", "\"2\"", "/logo");
        if let Ok(reply) = &mut uncached.outcome {
            reply
                .headers
                .retain(|(name, _)| name != "etag" && name != "cache-control");
        }
        assert_eq!(differing_aspect(uncached), ["cache-control", "etag"]);
    }

    #[test]
    fn a_route_is_not_a_file_so_its_body_is_compared_even_when_the_probe_says_own() {
        let probes = script::parse("root GET /\n  own\n").expect("parses");
        let ours = [reply(200, "<h1>1</h1>", Framing::Length(10), true)];
        let theirs = [reply(
            200,
            "<!DOCTYPE html><h1>1</h1>",
            Framing::Length(25),
            true,
        )];
        assert_eq!(verdicts(&probes, &ours, &theirs, true), [Verdict::Differs]);
    }

    #[test]
    fn a_response_that_never_ends_differs_from_one_that_does() {
        let probes = script::parse("root GET /\n").expect("parses");
        let open = [reply(200, "<h1>1</h1>", Framing::Chunked, false)];
        let done = [reply(200, "<h1>1</h1>", Framing::Chunked, true)];
        let rows = compare(&probes, [&open, &done], &[], true);
        assert_eq!(rows[0].verdict, Verdict::Differs);
        let names: Vec<&str> = rows[0]
            .differences
            .iter()
            .map(|(name, _, _)| name.as_str())
            .collect();
        assert_eq!(names, ["end"]);
        let table = render(&rows, ["a", "b"], Style::default());
        assert!(table.contains("still open after 2 s"), "{table}");
        assert!(
            table.lines().any(|line| line.starts_with("! root")),
            "{table}"
        );
    }

    #[test]
    fn identical_runs_are_the_same_and_a_readme_row_makes_a_difference_intended() {
        let probes = script::parse("root GET /\nmissing GET /x\n").expect("parses");
        let a = [
            reply(200, "x", Framing::Length(1), true),
            reply(404, "no", Framing::Length(2), true),
        ];
        let b = [
            reply(200, "x", Framing::Length(1), true),
            reply(404, "gone", Framing::Length(4), true),
        ];
        let same = compare(&probes, [&a, &a], &[], true);
        assert!(same.iter().all(|row| row.verdict == Verdict::Same));
        let intended = [Intended {
            name: "missing".into(),
            reason: "our 404 says gone".into(),
            examples: Vec::new(),
        }];
        let rows = compare(&probes, [&a, &b], &intended, true);
        assert_eq!(rows[1].verdict, Verdict::Intended);
        let table = render(&rows, ["a", "b"], Style::default());
        assert!(
            table.contains("[1] `missing`: our 404 says gone"),
            "{table}"
        );
        assert!(
            table.contains("1 the same, 1 differ as the README says"),
            "{table}"
        );
    }

    #[test]
    fn validators_are_compared_by_kind_and_timing_by_class() {
        let probes = script::parse("css GET /css\n").expect("parses");
        let with = |etag: &str, millis: u64| {
            let mut observation = reply(200, "x", Framing::Length(1), true);
            if let Ok(reply) = &mut observation.outcome {
                reply.headers.push(("etag".into(), etag.into()));
                reply.elapsed = Duration::from_millis(millis);
            }
            observation
        };
        let a = [with("\"1:2:3\"", 2)];
        let b = [with("\"9:9:9\"", 40)];
        assert_eq!(
            compare(&probes, [&a, &b], &[], true)[0].verdict,
            Verdict::Same
        );
        let weak = [with("W/\"3-abc\"", 2)];
        let slow = [with("\"1:2:3\"", 1000)];
        assert_eq!(
            compare(&probes, [&a, &weak], &[], true)[0].verdict,
            Verdict::Differs
        );
        assert_eq!(
            compare(&probes, [&a, &slow], &[], true)[0].verdict,
            Verdict::Differs
        );
    }

    #[test]
    fn logs_are_compared_without_stack_frames_or_node_warnings() {
        let probes = script::parse("root GET /\n").expect("parses");
        let logged = |lines: &[&str]| {
            let mut observation = reply(200, "x", Framing::Length(1), true);
            observation.log = Some(lines.iter().map(|line| (*line).to_owned()).collect());
            observation
        };
        let ours = [logged(&[
            "Error [ERR_HTTP_HEADERS_SENT]: Cannot set headers",
        ])];
        let node = [logged(&[
            "(node:42) [DEP0066] DeprecationWarning: OutgoingMessage.prototype._headers",
            "(Use `node --trace-deprecation ...` to show where the warning was created)",
            "Error [ERR_HTTP_HEADERS_SENT]: Cannot set headers",
            "    at ServerResponse.setHeader (node:_http_outgoing:659:11)",
        ])];
        let other = [logged(&["Error: something else"])];
        assert_eq!(
            compare(&probes, [&ours, &node], &[], true)[0].verdict,
            Verdict::Same
        );
        assert_eq!(
            compare(&probes, [&ours, &other], &[], true)[0].verdict,
            Verdict::Differs
        );
    }

    #[test]
    fn binary_bodies_show_a_digest_and_text_is_abbreviated() {
        assert!(body_summary(&[0, 159, 146, 150]).contains("fnv:"));
        let long = "x".repeat(100);
        let shown = body_summary(long.as_bytes());
        assert!(
            shown.starts_with("100 B \"xxx") && shown.ends_with("…\""),
            "{shown}"
        );
        assert_eq!(body_summary(b"Cannot GET /\n"), "13 B \"Cannot GET /\\n\"");
    }
}
