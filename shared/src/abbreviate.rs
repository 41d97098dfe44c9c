//! Cutting client-supplied text down to a size fit for a log line or an error page.

use std::borrow::Cow;

/// `text` if it has at most `max_chars` characters, else its first `max_chars` followed by `…`.
pub fn abbreviate(text: &str, max_chars: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max_chars) {
        None => Cow::Borrowed(text),
        Some((cut, _)) => Cow::Owned(format!("{}…", &text[..cut])),
    }
}

#[cfg(test)]
mod tests {
    use super::abbreviate;

    #[test]
    fn short_text_is_kept_whole() {
        assert_eq!(abbreviate("/about", 200), "/about");
        assert_eq!(abbreviate("abc", 3), "abc");
    }

    #[test]
    fn long_text_is_cut_on_a_character_boundary() {
        assert_eq!(abbreviate("abcdef", 3), "abc…");
        assert_eq!(abbreviate("éé😀😀", 3), "éé😀…");
    }
}
