//! The oracles: what the crate's rules (post-form/README.md, "Bodies that cannot be used") say.

use std::fmt;

use serde::{
    Deserializer as _,
    de::{self, Error as _, MapAccess, SeqAccess, Visitor},
};
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

/// `application/json`, for a body that was sent (a length above 0, or chunked): read front to
/// back as serde reads it, the first problem met is the answer. A JSON object whose
/// `firstName`/`lastName` are strings, null or absent, each at most once; other fields any
/// valid JSON.
///
/// Written here as a serde visitor of its own over serde_json, not with the crate's derive: the
/// crate's attributes and error handlers must come to the same answers.
pub fn json_rules(body: &[u8]) -> Expected {
    let body = without_byte_order_mark(body);
    let mut reader = serde_json::Deserializer::from_slice(body);
    let read = reader
        .deserialize_any(Rules)
        .and_then(|fields| reader.end().map(|()| fields));
    match read {
        Ok((first, last)) => Expected::Fields {
            first,
            last,
            parsed_as: "json",
        },
        // The rules' own sentences, without serde_json's position.
        Err(error) if error.is_data() => {
            let message = error.to_string();
            let position = format!(" at line {} column {}", error.line(), error.column());
            let sentence = message.strip_suffix(&position).unwrap_or(&message);
            Expected::Refused(400, sentence.to_owned())
        }
        Err(error) => Expected::Refused(400, format!("The body is not valid JSON: {error}.")),
    }
}

/// The crate's rules for a JSON body, as a visitor: see [`json_rules`].
struct Rules;

impl<'de> Visitor<'de> for Rules {
    type Value = (Option<String>, Option<String>);

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut fields: A) -> Result<Self::Value, A::Error> {
        // `Some(value)` once the field was sent, `null` included.
        let (mut first, mut last) = (None, None);
        while let Some(name) = fields.next_key::<String>()? {
            let slot = match name.as_str() {
                "firstName" => &mut first,
                "lastName" => &mut last,
                _ => {
                    fields.next_value::<Value>()?;
                    continue;
                }
            };
            if slot.is_some() {
                return Err(A::Error::custom(format!(
                    "{name} was sent more than once; send each field once."
                )));
            }
            *slot = Some(match fields.next_value::<Value>()? {
                Value::Null => None,
                Value::String(text) => Some(text),
                other => {
                    return Err(A::Error::custom(format!(
                        "{name} must be a string or null, not {}.",
                        kind_of(&other)
                    )));
                }
            });
        }
        Ok((first.flatten(), last.flatten()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
        Err(not_an_object("an array"))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Err(not_an_object("a string"))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Err(not_an_object("a boolean"))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Err(not_an_object("a number"))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Err(not_an_object("a number"))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Err(not_an_object("a number"))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Err(not_an_object("null"))
    }
}

fn not_an_object<E: de::Error>(kind: &str) -> E {
    E::custom(format!("{NOT_AN_OBJECT}{kind}."))
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

/// `application/x-www-form-urlencoded`, for a body that was sent, decoded as the WHATWG URL
/// standard says (and written here independently of the crate's decoder): pairs split on `&`,
/// name and value on the first `=`, `+` is a space, `%XX` a byte, bytes read as UTF-8 with U+FFFD
/// for what is not. A field sent twice is refused.
pub fn form_rules(body: &[u8]) -> Expected {
    let body = without_byte_order_mark(body);
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

/// A post without a body (`Content-Length: 0`), whatever its type: both fields missing.
pub fn empty() -> Expected {
    Expected::Fields {
        first: None,
        last: None,
        parsed_as: "empty",
    }
}
