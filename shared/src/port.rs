//! `PORT` from the environment, like `process.env.PORT || 3000` but strict about typos.

/// Parses the value of `PORT`; `None` (unset) or an empty value means `default`.
///
/// `PORT=0` is allowed: the operating system picks a free port and the banner shows which.
/// The error says what was wrong in one line.
pub(crate) fn port_from_env(value: Option<&str>, default: u16) -> Result<u16, String> {
    match value.map(str::trim) {
        None | Some("") => Ok(default),
        Some(text) => text.parse().map_err(|_| {
            format!("PORT must be a number from 0 to 65535, got {text:?} (0 picks any free port)")
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unset_or_empty_port_means_the_default() {
        assert_eq!(port_from_env(None, 3000), Ok(3000));
        assert_eq!(port_from_env(Some(""), 5000), Ok(5000));
        assert_eq!(port_from_env(Some("  "), 5000), Ok(5000));
    }

    #[test]
    fn a_number_is_used_as_given() {
        assert_eq!(port_from_env(Some("8080"), 3000), Ok(8080));
        assert_eq!(port_from_env(Some(" 8080\n"), 3000), Ok(8080));
        assert_eq!(port_from_env(Some("0"), 3000), Ok(0));
        assert_eq!(port_from_env(Some("65535"), 3000), Ok(65535));
    }

    #[test]
    fn anything_else_is_an_error_that_names_the_value() {
        for bad in ["abc", "-1", "65536", "3000x", "3.5", "0x10"] {
            let error = port_from_env(Some(bad), 3000).expect_err(bad);
            let message = error.to_string();
            assert!(message.contains(&format!("{bad:?}")), "{message}");
            assert!(message.starts_with("PORT must be a number"), "{message}");
        }
    }
}
