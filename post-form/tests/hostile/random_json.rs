//! Random JSON bodies, written out with random whitespace and escapes, and what each means.

use crate::{oracle::Expected, random_cases::random_text, refusals::NOT_AN_OBJECT, rng::Rng};

/// A JSON value of a kind the generator picks, written out by [`write_json`].
#[derive(Debug, Clone)]
enum Node {
    Text(String),
    Null,
    Bool(bool),
    Number(&'static str),
    Array(Vec<Node>),
    Object(Vec<(String, Node)>),
}

/// Numbers serde_json reads (into an f64 when they are too large for an integer).
const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "36",
    "-1",
    "3.14",
    "1.5e3",
    "1E+2",
    "2e-3",
    "123456789012345678901234567890",
    "1.7976931348623157e308",
    "5e-324",
    "1e-400",
    "0.000000000000000000000000000001",
    "18446744073709551616",
];

const EXTRA_KEYS: &[&str] = &[
    "age",
    "firstname",
    "FirstName",
    "first_name",
    "firstName ",
    " lastName",
    "__proto__",
    "constructor",
    "",
    "firstName\u{0}",
    "😀",
    "a\"b",
    "lastName\\",
];

fn random_node(rng: &mut Rng, depth: usize) -> Node {
    match rng.below(if depth > 0 { 8 } else { 5 }) {
        0 | 1 => Node::Text(random_text(rng)),
        2 => Node::Null,
        3 => Node::Bool(rng.one_in(2)),
        4 => Node::Number(rng.pick(NUMBERS)),
        5 | 6 => Node::Array(
            (0..rng.below(4))
                .map(|_| random_node(rng, depth - 1))
                .collect(),
        ),
        _ => Node::Object(
            (0..rng.below(4))
                .map(|_| (rng.pick(EXTRA_KEYS).to_owned(), random_node(rng, depth - 1)))
                .collect(),
        ),
    }
}

/// An object with each field 0, 1 or 2 times (mostly strings, sometimes null or another type),
/// other fields, shuffled, written with random whitespace and escapes. Sometimes nested deep.
/// Also returns what it means by the crate's rules, worked out from the values it wrote.
pub fn json_object(rng: &mut Rng) -> (Vec<u8>, Expected) {
    let mut entries = Vec::new();
    for field in ["firstName", "lastName"] {
        for _ in 0..rng.pick(&[0, 1, 1, 1, 1, 1, 2]) {
            let value = match rng.below(10) {
                0 => Node::Null,
                1 | 2 => random_node(rng, 2),
                _ => Node::Text(random_text(rng)),
            };
            entries.push((field.to_owned(), value));
        }
    }
    for _ in 0..rng.below(4) {
        entries.push((rng.pick(EXTRA_KEYS).to_owned(), random_node(rng, 3)));
    }
    if rng.one_in(20) {
        // Deep, but within serde_json's 128 levels.
        let mut deep = Node::Number("1");
        for _ in 0..rng.below(120) {
            deep = if rng.one_in(2) {
                Node::Array(vec![deep])
            } else {
                Node::Object(vec![("x".to_owned(), deep)])
            };
        }
        entries.push(("deep".to_owned(), deep));
    }
    rng.shuffle(&mut entries);
    // What it means, read front to back: the first field sent twice, or first sent with another
    // type than a string or null, is refused.
    let (mut first, mut last) = (None, None);
    let mut intended = None;
    for (key, value) in &entries {
        let slot = match key.as_str() {
            "firstName" => &mut first,
            "lastName" => &mut last,
            _ => continue,
        };
        let refused = |sentence: String| Some(Expected::Refused(400, sentence));
        match value {
            _ if slot.is_some() => {
                intended = refused(format!(
                    "{key} was sent more than once; send each field once."
                ));
            }
            Node::Null => *slot = Some(None),
            Node::Text(text) => *slot = Some(Some(text.clone())),
            other => {
                intended = refused(format!(
                    "{key} must be a string or null, not {}.",
                    other.kind()
                ));
            }
        }
        if intended.is_some() {
            break;
        }
    }
    let intended = intended.unwrap_or(Expected::Fields {
        first: first.flatten(),
        last: last.flatten(),
        parsed_as: "json",
    });
    let mut out = Vec::new();
    write_json(rng, &Node::Object(entries), &mut out);
    (out, intended)
}

/// Valid JSON that is not an object: an array, a string, a number, a boolean or null.
pub fn json_top_level(rng: &mut Rng) -> (Vec<u8>, Expected) {
    let node = loop {
        match random_node(rng, 2) {
            Node::Object(_) => continue,
            other => break other,
        }
    };
    let intended = Expected::Refused(400, format!("{NOT_AN_OBJECT}{}.", node.kind()));
    let mut out = Vec::new();
    write_json(rng, &node, &mut out);
    (out, intended)
}

impl Node {
    /// What the crate calls it in a sentence.
    fn kind(&self) -> &'static str {
        match self {
            Node::Text(_) => "a string",
            Node::Null => "null",
            Node::Bool(_) => "a boolean",
            Node::Number(_) => "a number",
            Node::Array(_) => "an array",
            Node::Object(_) => "an object",
        }
    }
}

fn write_json(rng: &mut Rng, node: &Node, out: &mut Vec<u8>) {
    let space = |rng: &mut Rng, out: &mut Vec<u8>| {
        out.extend_from_slice(
            rng.pick(&["", "", "", " ", "\n", "\t", "\r\n  "])
                .as_bytes(),
        );
    };
    space(rng, out);
    match node {
        Node::Text(text) => write_json_string(rng, text, out),
        Node::Null => out.extend_from_slice(b"null"),
        Node::Bool(value) => out.extend_from_slice(if *value { b"true" } else { b"false" }),
        Node::Number(number) => out.extend_from_slice(number.as_bytes()),
        Node::Array(items) => {
            out.push(b'[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(b',');
                }
                write_json(rng, item, out);
            }
            space(rng, out);
            out.push(b']');
        }
        Node::Object(entries) => {
            out.push(b'{');
            for (index, (key, value)) in entries.iter().enumerate() {
                if index > 0 {
                    out.push(b',');
                }
                space(rng, out);
                write_json_string(rng, key, out);
                space(rng, out);
                out.push(b':');
                write_json(rng, value, out);
            }
            space(rng, out);
            out.push(b'}');
        }
    }
    space(rng, out);
}

/// A JSON string, each character written raw or escaped at random (surrogate pairs above the
/// BMP), the characters that must be escaped always escaped.
fn write_json_string(rng: &mut Rng, text: &str, out: &mut Vec<u8>) {
    out.push(b'"');
    for character in text.chars() {
        let code = u32::from(character);
        match character {
            '"' => out.extend_from_slice(b"\\\""),
            '\\' => out.extend_from_slice(b"\\\\"),
            '\n' if rng.one_in(2) => out.extend_from_slice(b"\\n"),
            '\t' if rng.one_in(2) => out.extend_from_slice(b"\\t"),
            '/' if rng.one_in(2) => out.extend_from_slice(b"\\/"),
            _ if code < 0x20 || rng.one_in(5) => {
                let mut units = [0_u16; 2];
                for unit in character.encode_utf16(&mut units) {
                    let escape = if rng.one_in(2) {
                        format!("\\u{unit:04x}")
                    } else {
                        format!("\\u{unit:04X}")
                    };
                    out.extend_from_slice(escape.as_bytes());
                }
            }
            _ => {
                let mut utf8 = [0_u8; 4];
                out.extend_from_slice(character.encode_utf8(&mut utf8).as_bytes());
            }
        }
    }
    out.push(b'"');
}
