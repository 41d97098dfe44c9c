//! Text a client sent, made fit to show in a log line or a response body: escaped, then cut.
//!
//! Escaped: control characters (a newline would start a forged log line, ESC would recolour the
//! terminal) and Unicode format characters (U+202E and the other bidi controls reorder what a
//! terminal shows, zero-width ones hide text) are written as `\n`, `\u{202e}`. Cut: whatever the
//! client sent, what is shown is at most [`SHOWN_CHARS`] characters *after* escaping, so no value
//! comes back larger than a line.

/// The most characters of one client-supplied value that a log line or a response body repeats.
pub const SHOWN_CHARS: usize = 200;

/// `text` escaped for a log line and cut to [`SHOWN_CHARS`] characters (ending in `…` when cut).
pub fn shown(text: &str) -> String {
    escape_and_cut(text, |character, out| {
        if is_control_or_format(character) {
            out.extend(character.escape_default());
        } else {
            out.push(character);
        }
    })
}

/// Text made safe to put in HTML (`&`, `<`, `>`, `"`, `'` become entities), cut to
/// [`SHOWN_CHARS`] characters after escaping.
pub fn escape_html(text: &str) -> String {
    escape_and_cut(text, |character, out| match character {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '"' => out.push_str("&quot;"),
        '\'' => out.push_str("&#39;"),
        other => out.push(other),
    })
}

/// Escapes `text` one character at a time and stops before the escaped text would pass
/// [`SHOWN_CHARS`] characters: an escape is never cut in half.
fn escape_and_cut(text: &str, escape: impl Fn(char, &mut String)) -> String {
    let mut out = String::new();
    let mut shown_chars = 0;
    let mut piece = String::new();
    for character in text.chars() {
        piece.clear();
        escape(character, &mut piece);
        let piece_chars = piece.chars().count();
        if shown_chars + piece_chars > SHOWN_CHARS - 1 {
            out.push('…');
            return out;
        }
        shown_chars += piece_chars;
        out.push_str(&piece);
    }
    out
}

/// Control characters, the line and paragraph separators, and the Unicode format characters
/// (category Cf) that change how the text around them is shown.
fn is_control_or_format(character: char) -> bool {
    character.is_control()
        || matches!(
            character,
            '\u{00ad}'
                | '\u{061c}'
                | '\u{180e}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{206f}'
                | '\u{feff}'
                | '\u{fff9}'..='\u{fffb}'
                | '\u{e0000}'..='\u{e007f}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_cannot_start_a_new_log_line_or_recolour_it() {
        let hostile = "Ada\nyou posted: forged\r\u{1b}[31mred\u{7}\u{0}";
        assert_eq!(
            shown(hostile),
            r"Ada\nyou posted: forged\r\u{1b}[31mred\u{7}\u{0}"
        );
    }

    #[test]
    fn bidi_and_other_format_characters_are_escaped() {
        for (raw, escaped) in [
            ("a\u{202e}b", r"a\u{202e}b"),
            ("a\u{200e}b", r"a\u{200e}b"),
            ("a\u{2066}b\u{2069}", r"a\u{2066}b\u{2069}"),
            ("\u{feff}x", r"\u{feff}x"),
            ("a\u{200b}b", r"a\u{200b}b"),
        ] {
            assert_eq!(shown(raw), escaped);
        }
    }

    #[test]
    fn ordinary_text_and_unicode_are_left_alone() {
        assert_eq!(shown("Ada Byron é😀 \"q\""), "Ada Byron é😀 \"q\"");
    }

    #[test]
    fn what_is_shown_is_cut_after_escaping() {
        let escaped_controls = shown(&"\u{1}".repeat(100_000));
        assert!(escaped_controls.chars().count() <= SHOWN_CHARS);
        assert!(escaped_controls.ends_with("\\u{1}…"), "{escaped_controls}");
        let html = escape_html(&"<".repeat(100_000));
        assert_eq!(html.chars().count(), SHOWN_CHARS - 3);
        assert!(html.ends_with("&lt;…"));
        assert_eq!(
            shown(&"a".repeat(SHOWN_CHARS - 1)),
            "a".repeat(SHOWN_CHARS - 1)
        );
        assert_eq!(
            shown(&"a".repeat(SHOWN_CHARS)),
            format!("{}…", "a".repeat(SHOWN_CHARS - 1))
        );
    }

    #[test]
    fn html_special_characters_become_entities() {
        assert_eq!(
            escape_html(r#"/"'><script>&"#),
            "/&quot;&#39;&gt;&lt;script&gt;&amp;"
        );
    }
}
