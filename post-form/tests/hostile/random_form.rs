//! Random form bodies, percent-encoded at random, and what each means.

use crate::{
    oracle::{Expected, empty},
    random_cases::random_text,
    rng::Rng,
};

/// A form body: each field 0, 1 or 2 times, other pairs, names and values percent-encoded at
/// random (or not at all where a byte may go raw), empty pairs, pairs without `=`. Also
/// returns what it means by the crate's rules, worked out from the pairs it wrote.
pub fn form_body(rng: &mut Rng) -> (Vec<u8>, Expected) {
    let mut pairs: Vec<(String, Option<String>)> = Vec::new();
    for field in ["firstName", "lastName"] {
        for _ in 0..rng.pick(&[0, 1, 1, 1, 1, 1, 2]) {
            let value = if rng.one_in(12) {
                None
            } else {
                Some(random_text(rng))
            };
            pairs.push((field.to_owned(), value));
        }
    }
    for _ in 0..rng.below(4) {
        let name = rng.pick(&[
            "age",
            "firstname",
            "firstName[]",
            "first Name",
            "firstName\u{0}",
            "",
            "lastName.",
            "😀",
            "=",
            "a&b",
        ]);
        pairs.push((name.to_owned(), Some(random_text(rng))));
    }
    rng.shuffle(&mut pairs);
    let mut out = Vec::new();
    for (index, (name, value)) in pairs.iter().enumerate() {
        if index > 0 || rng.one_in(10) {
            out.extend_from_slice(if rng.one_in(10) { b"&&" } else { b"&" });
        }
        percent_encode(rng, name, &mut out);
        if let Some(value) = value {
            out.push(b'=');
            percent_encode(rng, value, &mut out);
        }
    }
    if rng.one_in(10) {
        out.push(b'&');
    }
    // What it means: a pair without `=` is an empty value; a field twice is refused by name.
    let mut intended = if out.is_empty() {
        empty()
    } else {
        Expected::Fields {
            first: None,
            last: None,
            parsed_as: "urlencoded",
        }
    };
    for (name, value) in &pairs {
        let Expected::Fields { first, last, .. } = &mut intended else {
            break;
        };
        let slot = match name.as_str() {
            "firstName" => first,
            "lastName" => last,
            _ => continue,
        };
        if slot.is_some() {
            intended = Expected::Refused(
                400,
                format!("{name} was sent more than once; send each field once."),
            );
            break;
        }
        *slot = Some(value.clone().unwrap_or_default());
    }
    (out, intended)
}

/// Writes `text` so that a form decoder reads it back: `&`, `=`, `+` and `%` always encoded,
/// a space as `+` or `%20`, other bytes raw or `%XX` (upper or lower case) at random.
fn percent_encode(rng: &mut Rng, text: &str, out: &mut Vec<u8>) {
    for &byte in text.as_bytes() {
        match byte {
            b' ' if rng.one_in(2) => out.push(b'+'),
            b'&' | b'=' | b'+' | b'%' | b' ' => {
                out.extend_from_slice(format!("%{byte:02X}").as_bytes())
            }
            _ if rng.one_in(4) => {
                let escape = if rng.one_in(2) {
                    format!("%{byte:02x}")
                } else {
                    format!("%{byte:02X}")
                };
                out.extend_from_slice(escape.as_bytes());
            }
            _ => out.push(byte),
        }
    }
}
