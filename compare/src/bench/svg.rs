//! `bench --svg FILE`: the run as a chart. Per row, a bar for Node, Rust and nginx on a log scale
//! of requests per second, and beside it the server's CPU time per request, also on a log scale
//! (the servers differ by a factor of ten or more). Plain SVG, text and rectangles only.

use std::fmt::Write as _;

use super::{
    table::{Measured, Outcome, Report, RowResult, comparison},
    units,
};

const WIDTH: f64 = 1160.0;
const MARGIN: f64 = 16.0;
/// The row titles, on two lines.
const LABEL_WIDTH: f64 = 250.0;
/// The bars of the req/s panel, then room for their values.
const RATE_LEFT: f64 = MARGIN + LABEL_WIDTH;
const RATE_WIDTH: f64 = 400.0;
/// The bars of the CPU panel, then room for their values.
const CPU_LEFT: f64 = RATE_LEFT + RATE_WIDTH + 150.0;
const CPU_WIDTH: f64 = 230.0;
const TOP: f64 = 128.0;
const BAR: f64 = 13.0;
const BAR_STEP: f64 = 17.0;
/// Three bars and the space between rows.
const ROW_HEIGHT: f64 = 3.0 * BAR_STEP + 17.0;
const FONT: &str = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif";

/// One bar's server: its label in the legend, its colour.
struct Series {
    label: String,
    colour: &'static str,
}

/// The chart of `report`; `caption` says how it was run (cores, duration, build).
pub fn chart(report: &Report, caption: &str) -> String {
    let series = [
        Series {
            label: report.node_label.to_owned(),
            colour: "#3c873a",
        },
        Series {
            label: "Rust (actix-web)".into(),
            colour: "#c4501f",
        },
        Series {
            label: "nginx (the same files; return 200 for a page built in code)".into(),
            colour: "#2f6db5",
        },
    ];
    let rows = &report.rows;
    let height = TOP + ROW_HEIGHT * rows.len().max(1) as f64 + 78.0;
    let all: Vec<&Measured> = rows
        .iter()
        .flat_map(measured_sides)
        .chain(&report.ceiling)
        .collect();
    let rate_scale = LogScale::covering(
        all.iter().map(|side| side.figures.requests_per_second),
        RATE_LEFT,
        RATE_WIDTH,
    );
    let cpu_scale = LogScale::covering(
        all.iter()
            .map(|side| side.figures.cpu_per_request.as_secs_f64() * 1e6),
        CPU_LEFT,
        CPU_WIDTH,
    );

    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{height}\" \
         viewBox=\"0 0 {WIDTH} {height}\" font-family=\"{FONT}\" font-size=\"13\">\n\
         <rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
    );
    text(
        &mut svg,
        MARGIN,
        28.0,
        "start",
        "font-size=\"17\" font-weight=\"bold\"",
        "bench: requests per second and server CPU per request",
    );
    text(&mut svg, MARGIN, 48.0, "start", "fill=\"#444\"", caption);
    let mut legend_x = MARGIN;
    for one in &series {
        let _ = writeln!(
            svg,
            "<rect x=\"{legend_x}\" y=\"62\" width=\"14\" height=\"14\" fill=\"{}\"/>",
            one.colour
        );
        text(&mut svg, legend_x + 20.0, 74.0, "start", "", &one.label);
        legend_x += 40.0 + 7.5 * one.label.chars().count() as f64;
    }
    let panel_title_y = TOP - 26.0;
    text(
        &mut svg,
        RATE_LEFT,
        panel_title_y,
        "start",
        "font-weight=\"bold\"",
        "requests per second (log scale; longer is faster)",
    );
    text(
        &mut svg,
        CPU_LEFT,
        panel_title_y,
        "start",
        "font-weight=\"bold\"",
        "CPU per request (log; shorter is cheaper)",
    );
    let bottom = TOP + ROW_HEIGHT * rows.len() as f64;
    grid(&mut svg, &rate_scale, bottom, |value| {
        short_number(value).to_string()
    });
    grid(&mut svg, &cpu_scale, bottom, micros);

    // Before the bars, so that their values are drawn over it.
    if let Some(ceiling) = &report.ceiling {
        let x = rate_scale.x(ceiling.figures.requests_per_second);
        let _ = writeln!(
            svg,
            "<line x1=\"{x:.1}\" y1=\"{}\" x2=\"{x:.1}\" y2=\"{bottom}\" stroke=\"#555\" \
             stroke-width=\"1.5\" stroke-dasharray=\"5 4\"/>",
            TOP + 1.0
        );
        text(
            &mut svg,
            x,
            TOP - 4.0,
            "middle",
            "font-size=\"11\" fill=\"#333\"",
            &format!(
                "loopback ceiling {} req/s",
                units::thousands(ceiling.figures.requests_per_second)
            ),
        );
    }
    for (index, row) in rows.iter().enumerate() {
        let top = TOP + ROW_HEIGHT * index as f64;
        if index > 0 {
            let _ = writeln!(
                svg,
                "<line x1=\"{MARGIN}\" y1=\"{top}\" x2=\"{}\" y2=\"{top}\" stroke=\"#ddd\"/>",
                WIDTH - MARGIN
            );
        }
        let workload = &row.workload;
        text(
            &mut svg,
            MARGIN,
            top + 24.0,
            "start",
            "",
            &workload.server_name(),
        );
        let mut request = workload.request();
        if let Some(connections) = workload.connections {
            let _ = write!(request, ", {connections} conns");
        }
        text(
            &mut svg,
            MARGIN,
            top + 42.0,
            "start",
            "font-family=\"DejaVu Sans Mono, Liberation Mono, monospace\" fill=\"#333\"",
            &request,
        );
        // A server measured on a file of the same role under another name says so.
        let own_files = [(row.node.as_ref(), "Node"), (row.nginx.as_ref(), "nginx")]
            .into_iter()
            .filter_map(|(outcome, name)| {
                let answer = &outcome.and_then(Outcome::measured)?.answer;
                (answer.path != workload.path && answer.is_success())
                    .then(|| format!("{name}: its own {}", answer.path))
            })
            .collect::<Vec<_>>();
        if !own_files.is_empty() {
            text(
                &mut svg,
                MARGIN,
                top + 58.0,
                "start",
                "font-size=\"11\" fill=\"#555\"",
                &own_files.join(", "),
            );
        }
        let sides = [
            (&series[0], row.node.as_ref(), "Node"),
            (&series[1], None, "Rust"),
            (&series[2], row.nginx.as_ref(), "nginx"),
        ];
        for (slot, (one, outcome, name)) in sides.into_iter().enumerate() {
            let y = top + 9.0 + BAR_STEP * slot as f64;
            let side = if name == "Rust" {
                Some(&row.rust)
            } else {
                outcome.and_then(Outcome::measured)
            };
            match (side, outcome) {
                (Some(side), _) => {
                    // A side whose answers were not all 2xx, or whose sockets failed, is drawn
                    // pale and says why: its figures are not those of the row's request.
                    let problem = (name != "Rust")
                        .then(|| comparison(workload, &row.rust, side, name).err())
                        .flatten()
                        .or_else(|| own_problem(side));
                    bars(
                        &mut svg,
                        (y, one.colour),
                        side,
                        problem.as_deref(),
                        (&rate_scale, &cpu_scale),
                    );
                }
                (None, Some(Outcome::Skipped(why))) => text(
                    &mut svg,
                    RATE_LEFT + 4.0,
                    y + BAR - 2.0,
                    "start",
                    "font-size=\"11\" font-style=\"italic\" fill=\"#777\"",
                    &format!("{name}: not measured ({why})"),
                ),
                _ => {}
            }
        }
    }
    text(
        &mut svg,
        MARGIN,
        height - 16.0,
        "start",
        "font-size=\"11\" fill=\"#555\"",
        "Pale bars: that server's answers were not all 2xx, or its sockets failed, so the row \
         compares nothing there (see the table). CPU: the server's own time, all threads.",
    );
    svg.push_str("</svg>\n");
    svg
}

/// The servers of a row that were measured.
fn measured_sides(row: &RowResult) -> Vec<&Measured> {
    [
        row.node.as_ref().and_then(Outcome::measured),
        Some(&row.rust),
        row.nginx.as_ref().and_then(Outcome::measured),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Why a server's own figures do not stand for the row, if they do not.
fn own_problem(side: &Measured) -> Option<String> {
    if !side.answer.is_success() {
        Some(format!("answered {}", side.answer.status))
    } else if side.figures.status_errors + side.figures.socket_errors > 0 {
        Some("errors".into())
    } else {
        None
    }
}

/// One server's two bars: req/s and CPU per request, each with its value at the end. A server
/// with a problem is drawn pale, and the problem follows its req/s.
fn bars(
    svg: &mut String,
    (y, colour): (f64, &str),
    side: &Measured,
    problem: Option<&str>,
    (rate_scale, cpu_scale): (&LogScale, &LogScale),
) {
    let opacity = if problem.is_some() { "0.3" } else { "1" };
    let rate = side.figures.requests_per_second;
    let mut rate_shown = units::thousands(rate);
    if let Some(problem) = problem {
        let _ = write!(rate_shown, " ({problem})");
    }
    let cpu = side.figures.cpu_per_request.as_secs_f64() * 1e6;
    for (scale, value, shown) in [
        (rate_scale, rate, rate_shown),
        (cpu_scale, cpu, units::cpu(side.figures.cpu_per_request)),
    ] {
        let end = scale.x(value);
        let _ = writeln!(
            svg,
            "<rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{BAR}\" fill=\"{colour}\" \
             fill-opacity=\"{opacity}\"/>",
            scale.left,
            (end - scale.left).max(1.0)
        );
        text(
            svg,
            end + 4.0,
            y + BAR - 2.0,
            "start",
            // A white halo keeps the value readable where the ceiling's line crosses it.
            "font-size=\"11\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\"",
            &shown,
        );
    }
}

/// Vertical lines at each power of ten of `scale`, labelled under the last row.
fn grid(svg: &mut String, scale: &LogScale, bottom: f64, label: impl Fn(f64) -> String) {
    let mut exponent = scale.low_exponent;
    while exponent <= scale.high_exponent {
        let value = 10f64.powi(exponent);
        let x = scale.x(value);
        let _ = writeln!(
            svg,
            "<line x1=\"{x:.1}\" y1=\"{}\" x2=\"{x:.1}\" y2=\"{bottom}\" stroke=\"#e4e4e4\"/>",
            TOP - 14.0
        );
        text(
            svg,
            x,
            bottom + 16.0,
            "middle",
            "font-size=\"11\" fill=\"#555\"",
            &label(value),
        );
        exponent += 1;
    }
}

/// `100`, `1k`, `10k`, `100k`, `1M`.
fn short_number(value: f64) -> String {
    match value {
        v if v >= 1e6 => format!("{}M", v / 1e6),
        v if v >= 1e3 => format!("{}k", v / 1e3),
        v => format!("{v}"),
    }
}

/// `1 µs`, `100 µs`, `1 ms`.
fn micros(value: f64) -> String {
    if value >= 1000.0 {
        format!("{} ms", value / 1000.0)
    } else {
        format!("{value} µs")
    }
}

/// A log scale from one power of ten to another, over `width` pixels from `left`.
#[derive(Debug)]
struct LogScale {
    left: f64,
    width: f64,
    low_exponent: i32,
    high_exponent: i32,
}

impl LogScale {
    /// The powers of ten just below the least and just above the greatest positive value.
    fn covering(values: impl Iterator<Item = f64>, left: f64, width: f64) -> Self {
        let positive: Vec<f64> = values.filter(|value| *value > 0.0).collect();
        let least = positive.iter().copied().fold(f64::INFINITY, f64::min);
        let greatest = positive.iter().copied().fold(0.0, f64::max);
        let (low, high) = if positive.is_empty() {
            (0, 1)
        } else {
            let low = least.log10().floor() as i32;
            (low, (greatest.log10().ceil() as i32).max(low + 1))
        };
        Self {
            left,
            width,
            low_exponent: low,
            high_exponent: high,
        }
    }

    /// Where `value` lies (values at or below the lowest power sit at the left edge).
    fn x(&self, value: f64) -> f64 {
        let span = f64::from(self.high_exponent - self.low_exponent);
        let at = if value > 0.0 {
            (value.log10() - f64::from(self.low_exponent)) / span
        } else {
            0.0
        };
        self.left + self.width * at.clamp(0.0, 1.0)
    }
}

/// A `<text>` element; `extra` holds more attributes.
fn text(svg: &mut String, x: f64, y: f64, anchor: &str, extra: &str, content: &str) {
    let _ = writeln!(
        svg,
        "<text x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"{anchor}\" {extra}>{}</text>",
        escape(content)
    );
}

/// Text for XML: `&`, `<`, `>` and `"` escaped.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::{CEILING, WORKLOADS, table::tests::measured};

    /// Checks that `svg` is well-formed XML of the kind written here (elements, attributes in
    /// double quotes, escaped text) and returns the names of its elements, in order.
    fn elements(svg: &str) -> Result<Vec<String>, String> {
        let mut open: Vec<String> = Vec::new();
        let mut names = Vec::new();
        let mut rest = svg.trim();
        while let Some(start) = rest.find('<') {
            let text = &rest[..start];
            if text.contains('>')
                || text
                    .replace("&amp;", "")
                    .replace("&lt;", "")
                    .replace("&gt;", "")
                    .replace("&quot;", "")
                    .contains('&')
            {
                return Err(format!("unescaped text {text:?}"));
            }
            let end = rest[start..].find('>').ok_or("a tag that does not end")? + start;
            let tag = &rest[start + 1..end];
            if !tag.matches('"').count().is_multiple_of(2) || tag.contains('<') {
                return Err(format!("a broken tag <{tag}>"));
            }
            if let Some(name) = tag.strip_prefix('/') {
                match open.pop() {
                    Some(opened) if opened == name => {}
                    other => return Err(format!("</{name}> closes {other:?}")),
                }
            } else {
                let name: String = tag
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect();
                if name.is_empty() {
                    return Err(format!("a tag without a name <{tag}>"));
                }
                if open.is_empty() && !names.is_empty() {
                    return Err(format!("a second root <{name}>"));
                }
                names.push(name.clone());
                if !tag.ends_with('/') {
                    open.push(name);
                }
            }
            rest = &rest[end + 1..];
        }
        if !open.is_empty() || !rest.trim().is_empty() {
            return Err(format!(
                "unclosed {open:?}, or text after the root: {rest:?}"
            ));
        }
        Ok(names)
    }

    #[test]
    fn the_checker_catches_what_it_should() {
        assert!(elements("<svg><text>a &amp; b</text><rect/></svg>").is_ok());
        for broken in [
            "<svg><text>a</svg>",
            "<svg><text>a & b</text></svg>",
            "<svg><rect x=\"1/></svg>",
            "<svg/><svg/>",
        ] {
            assert!(elements(broken).is_err(), "{broken}");
        }
    }

    #[test]
    fn the_chart_is_well_formed_svg_with_a_group_of_bars_per_row() {
        let css = WORKLOADS[2];
        let logo = WORKLOADS[3];
        let form = WORKLOADS[6];
        let mut node_404 = measured(&logo, 9_000.0, "Cannot GET");
        node_404.answer.status = 404;
        let report = Report {
            rows: vec![
                RowResult {
                    workload: css,
                    rust: measured(&css, 120_000.0, "body{}"),
                    node: Some(Outcome::Measured(measured(&css, 10_000.0, "body{}"))),
                    nginx: Some(Outcome::Measured(measured(&css, 150_000.0, "body{}"))),
                },
                RowResult {
                    workload: logo,
                    rust: measured(&logo, 110_000.0, "<svg/>"),
                    node: Some(Outcome::Measured(node_404)),
                    nginx: Some(Outcome::Skipped("nginx is not installed".into())),
                },
                RowResult {
                    workload: form,
                    rust: measured(&form, 890.0, "{}"),
                    node: None,
                    nginx: None,
                },
            ],
            ceiling: Some(measured(&CEILING, 170_000.0, "x")),
            node_label: "Node (stand-in)",
        };
        let mut report = report;
        let mut own_logo = measured(&logo, 9_500.0, "PNG");
        own_logo.answer.path = "/images/nodejs-logo.png".into();
        report.rows.push(RowResult {
            workload: logo,
            rust: measured(&logo, 100_000.0, "<svg/>"),
            node: Some(Outcome::Measured(own_logo)),
            nginx: None,
        });
        let svg = chart(&report, "6 s per run, server on CPU 0, wrk on CPU 1 & more");
        // `BENCH_SVG_SAMPLE=chart.svg cargo test -p compare --lib svg` keeps it, to look at.
        if let Some(file) = std::env::var_os("BENCH_SVG_SAMPLE") {
            std::fs::write(file, &svg).expect("write the sample");
        }
        let names = elements(&svg).unwrap_or_else(|error| panic!("{error}:\n{svg}"));
        assert_eq!(names[0], "svg");
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1160\""));
        assert!(svg.contains("wrk on CPU 1 &amp; more"), "{svg}");
        for needle in [
            ">intro-express example-2</text>",
            ">GET /css/style.css</text>",
            ">GET /images/logo.svg</text>",
            ">post-form example-3</text>",
            ">POST /form, 1000 conns</text>",
            ">nginx: not measured (nginx is not installed)</text>",
            ">9,000 (Node answered 404 to GET /images/logo.svg)</text>",
            ">loopback ceiling 170,000 req/s</text>",
            ">1M</text>",
            ">Node: its own /images/nodejs-logo.png</text>",
            ">100 µs</text>",
        ] {
            assert!(svg.contains(needle), "no {needle} in:\n{svg}");
        }
        // Two bars (req/s, CPU) per measured server: 3 + 2 + 1 + 2, and the legend's three.
        let bars = svg.matches("<rect x=\"").count();
        assert_eq!(bars, 2 * 8 + 3, "{svg}");
        assert_eq!(
            svg.matches("fill-opacity=\"0.3\"").count(),
            2,
            "the 404's two bars are pale"
        );
    }

    #[test]
    fn log_scales_span_whole_powers_of_ten() {
        let scale = LogScale::covering([950.0, 120_000.0, 0.0].into_iter(), 100.0, 500.0);
        assert_eq!((scale.low_exponent, scale.high_exponent), (2, 6));
        assert_eq!(scale.x(100.0), 100.0);
        assert_eq!(scale.x(1e6), 600.0);
        assert_eq!(scale.x(1e4), 350.0);
        assert_eq!(scale.x(0.0), 100.0);
        assert_eq!(short_number(1e5), "100k");
        assert_eq!(micros(1000.0), "1 ms");
    }
}
