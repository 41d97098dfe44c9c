//! The oracles: what the crate's rules (post-form/README.md, "Bodies that cannot be used") say.

use serde_json::Value;

use crate::refusals::NOT_AN_OBJECT;

/// What the crate's rules say the answer to a body is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    /// `200` with the fields as the handler gets them.
    Fields {
        first: Option<String>,
        last: Option<String>,
        parsed_as: &'static str,
    },
    /// A refusal with this status and exactly this sentence.
    Refused(u16, String),
    /// A refusal with this status and any sentence of the crate's (it names client input).
    AnyRefusal(u16),
}

/// `application/json`: a JSON object whose `firstName`/`lastName` are strings, null or absent
/// (a repeated key: the last one counts, as in `JSON.parse`).
pub fn json_rules(body: &[u8]) -> Expected {
    let body = without_byte_order_mark(body);
    if body.is_empty() {
        return empty();
    }
    let value = match serde_json::from_slice::<Value>(body) {
        Ok(value) => value,
        Err(error) => {
            return Expected::Refused(400, format!("The body is not valid JSON: {error}."));
        }
    };
    let Value::Object(fields) = value else {
        return Expected::Refused(400, format!("{NOT_AN_OBJECT}{}.", kind_of(&value)));
    };
    let mut strings = [None, None];
    for (slot, name) in strings.iter_mut().zip(["firstName", "lastName"]) {
        match fields.get(name) {
            None | Some(Value::Null) => {}
            Some(Value::String(text)) => *slot = Some(text.clone()),
            Some(other) => {
                return Expected::Refused(
                    400,
                    format!("{name} must be a string or null, not {}.", kind_of(other)),
                );
            }
        }
    }
    let [first, last] = strings;
    Expected::Fields {
        first,
        last,
        parsed_as: "json",
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// `application/x-www-form-urlencoded`, decoded as the WHATWG URL standard says (and written
/// here independently of the crate's decoder): pairs split on `&`, name and value on the first
/// `=`, `+` is a space, `%XX` a byte, bytes read as UTF-8 with U+FFFD for what is not. A field
/// sent twice is refused.
pub fn form_rules(body: &[u8]) -> Expected {
    let body = without_byte_order_mark(body);
    if body.is_empty() {
        return empty();
    }
    let (mut first, mut last) = (None, None);
    for pair in body
        .split(|byte| *byte == b'&')
        .filter(|pair| !pair.is_empty())
    {
        let (name, value) = match pair.iter().position(|byte| *byte == b'=') {
            Some(at) => (&pair[..at], &pair[at + 1..]),
            None => (pair, &[][..]),
        };
        let name = percent_decode(name);
        let slot = match name.as_str() {
            "firstName" => &mut first,
            "lastName" => &mut last,
            _ => continue,
        };
        if slot.is_some() {
            return Expected::Refused(
                400,
                format!("{name} was sent more than once; send each field once."),
            );
        }
        *slot = Some(percent_decode(value));
    }
    Expected::Fields {
        first,
        last,
        parsed_as: "urlencoded",
    }
}

fn percent_decode(bytes: &[u8]) -> String {
    let hex = |byte: u8| char::from(byte).to_digit(16);
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        match byte {
            b'+' => decoded.push(b' '),
            b'%' => match (bytes.get(index + 1), bytes.get(index + 2)) {
                (Some(&high), Some(&low)) if hex(high).is_some() && hex(low).is_some() => {
                    let value = hex(high).unwrap_or(0) * 16 + hex(low).unwrap_or(0);
                    decoded.push(u8::try_from(value).unwrap_or(0));
                    index += 2;
                }
                _ => decoded.push(b'%'),
            },
            other => decoded.push(other),
        }
        index += 1;
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

/// Either type: a leading UTF-8 byte order mark is dropped first, as body-parser does.
fn without_byte_order_mark(body: &[u8]) -> &[u8] {
    body.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(body)
}

pub fn empty() -> Expected {
    Expected::Fields {
        first: None,
        last: None,
        parsed_as: "empty",
    }
}
