//! `req.body`: what the form posts, as serde reads it from either body type.

use serde::{
    Deserialize, Deserializer,
    de::{Error as _, IgnoredAny},
};
use serde_json::Value;

/// `req.body.firstName` and `req.body.lastName`, read by `web::Json<Posted>` from a JSON body
/// and by `web::Form<Posted>` from a form body. A field that was not sent, or sent as JSON
/// `null`, is `None`; an empty string stays `Some("")`. Any other field is read and dropped.
///
/// serde's derive does the reading and refuses, with a sentence, what body-parser would have
/// let through: a field sent twice (derive's own rule), a field that is not a string (the two
/// `deserialize_with` functions), and JSON that is not an object (`flatten`, below).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", expecting = "a JSON object")]
pub struct Posted {
    /// `req.body.firstName`.
    #[serde(default, deserialize_with = "first_name")]
    pub first_name: Option<String>,
    /// `req.body.lastName`.
    #[serde(default, deserialize_with = "last_name")]
    pub last_name: Option<String>,
    /// Every other field, read and dropped. `flatten` also makes serde accept only an object:
    /// a struct without it can be read from a JSON array too, field by position.
    #[serde(flatten)]
    _other_fields: IgnoredAny,
}

fn first_name<'de, D: Deserializer<'de>>(value: D) -> Result<Option<String>, D::Error> {
    text_or_null(value, "firstName")
}

fn last_name<'de, D: Deserializer<'de>>(value: D) -> Result<Option<String>, D::Error> {
    text_or_null(value, "lastName")
}

/// A string, or JSON `null`; anything else is refused with a sentence that names the field
/// (serde's own message would not). A form value is always a string.
fn text_or_null<'de, D: Deserializer<'de>>(
    value: D,
    field: &str,
) -> Result<Option<String>, D::Error> {
    let kind = match Value::deserialize(value)? {
        Value::Null => return Ok(None),
        Value::String(text) => return Ok(Some(text)),
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    };
    Err(D::Error::custom(format_args!(
        "{field} must be a string or null, not {kind}."
    )))
}
