//! Random posts: JSON and form bodies, valid or damaged, with random content types and framing.

use crate::{
    FORM, JSON,
    case::Case,
    random_form::form_body,
    random_json::{json_object, json_top_level},
    rng::Rng,
};

/// Pieces of names: ordinary, empty, look-alikes of other types, control characters, markup,
/// separators of either syntax, non-BMP and invisible characters.
const PIECES: &[&str] = &[
    "Ada",
    "Lovelace",
    "Byron",
    " ",
    "",
    "0",
    "false",
    "null",
    "undefined",
    "é",
    "😀",
    "\u{202e}",
    "\u{200b}",
    "\u{0}",
    "\n",
    "\r\n",
    "\t",
    "\u{1b}[31m",
    "<script>alert(1)</script>",
    "\"",
    "\\",
    "'",
    "&",
    "=",
    "+",
    "%",
    "%zz",
    "%2",
    "\u{fffd}",
    "\u{ffff}",
    "\u{10ffff}",
    "../x",
    "${x}",
    "{}",
    "[]",
    "firstName",
    "\u{7f}",
    "ß",
    "中文",
];

pub fn random_text(rng: &mut Rng) -> String {
    let mut text: String = (0..rng.below(6)).map(|_| rng.pick(PIECES)).collect();
    if rng.one_in(40) {
        let piece = rng.pick(PIECES);
        text.push_str(&piece.repeat(1 + rng.below(2_000)));
    }
    text
}

/// Every generated post: both types, valid and not, with random content types and framing.
pub fn random_case(rng: &mut Rng) -> Case {
    let mut case = match rng.below(20) {
        0..=6 => {
            let (body, intended) = json_object(rng);
            Case::json(body).meant(intended)
        }
        7 => {
            let (body, intended) = json_top_level(rng);
            Case::json(body).meant(intended)
        }
        8..=10 => {
            let (body, _) = json_object(rng);
            Case::json(mutate(rng, body))
        }
        11 => Case::json(random_bytes(rng, b"{}[]\":,\\u0123456789eE+-.tfn ")),
        12..=16 => {
            let (body, intended) = form_body(rng);
            Case::form(body).meant(intended)
        }
        17 => {
            let (body, _) = form_body(rng);
            Case::form(mutate(rng, body))
        }
        _ => Case::form(random_bytes(
            rng,
            b"%&=+firstNamelastName0123456789abcdefABCDEF",
        )),
    };
    let types: &[&str] = if case.json {
        &[
            JSON,
            JSON,
            JSON,
            "application/json; charset=utf-8",
            "application/json;charset=UTF-8",
            "Application/JSON",
            r#"application/json; charset="utf-8""#,
        ]
    } else {
        &[
            FORM,
            FORM,
            FORM,
            "application/x-www-form-urlencoded; charset=UTF-8",
            "APPLICATION/X-WWW-FORM-URLENCODED",
        ]
    };
    case.content_type = Some(rng.pick(types).to_owned());
    if rng.one_in(6) {
        case = case.in_chunks(Some(1 + rng.below(64)));
    }
    if rng.one_in(20) {
        case.headers.push((
            "Content-Encoding".into(),
            rng.pick(&["identity", "Identity"]).into(),
        ));
    }
    case
}

/// Damage to a body: cut it, flip, drop or add bytes (broken UTF-8 and NULs included), or
/// splice in a token that breaks either syntax.
fn mutate(rng: &mut Rng, mut body: Vec<u8>) -> Vec<u8> {
    const TOKENS: &[&[u8]] = &[
        b"[",
        b"]",
        b"{",
        b"}",
        b",",
        b":",
        b"\"",
        b"\\",
        b"\\u",
        b"\\ud800",
        b"\\udc00",
        b"\0",
        b"\xff",
        b"\xc0\xae",
        b"\xed\xa0\x80",
        b"\xf4\x90\x80\x80",
        b"\xe2\x82",
        b"1e999",
        b"-1e99999",
        b"NaN",
        b"Infinity",
        b"-",
        b"/*",
        b"'",
        b"%",
        b"%zz",
        b"%ff%fe",
        b"&",
        b"=",
        b"+",
        b"firstName=",
        b"\"firstName\":1,",
        b"\r\n",
    ];
    for _ in 0..1 + rng.below(3) {
        let at = rng.below(body.len() + 1);
        match rng.below(6) {
            0 => body.truncate(at),
            1 if at < body.len() => body[at] = rng.below(256) as u8,
            2 if at < body.len() => {
                body.remove(at);
            }
            3 => body.insert(at, rng.below(256) as u8),
            4 => {
                let end = (at + rng.below(16)).min(body.len());
                let copy = body[at..end].to_vec();
                body.splice(at..at, copy);
            }
            _ => {
                body.splice(at..at, rng.pick(TOKENS).iter().copied());
            }
        }
    }
    body
}

/// Up to 300 bytes, mostly from `alphabet`, some of any value.
fn random_bytes(rng: &mut Rng, alphabet: &[u8]) -> Vec<u8> {
    (0..rng.below(300))
        .map(|_| {
            if rng.one_in(8) {
                rng.below(256) as u8
            } else {
                rng.pick(alphabet)
            }
        })
        .collect()
}
