//! Screenshots on disk: `screenshots/<crate>/<test>-<label>.png` at the workspace root (ignored
//! by git; `scripts/screenshots` copies the README's from there).

use std::path::{Path, PathBuf};

use base64::{Engine as _, engine::general_purpose::STANDARD};

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// Decodes WebDriver's answer to `GET /screenshot` (a PNG in standard base64) and saves it for
/// `test` (its name without the module path) of `package`; returns the path.
pub(super) fn save(encoded: &str, package: &str, test: &str, label: &str) -> PathBuf {
    let png = decode_png(encoded).unwrap_or_else(|reason| panic!("{test}: {reason}"));
    let dir = screenshots_dir().join(package);
    std::fs::create_dir_all(&dir)
        .unwrap_or_else(|error| panic!("cannot create {}: {error}", dir.display()));
    let short_name = test.rsplit("::").next().unwrap_or(test);
    let path = dir.join(format!("{short_name}-{label}.png"));
    std::fs::write(&path, png)
        .unwrap_or_else(|error| panic!("cannot write {}: {error}", path.display()));
    path
}

fn decode_png(encoded: &str) -> Result<Vec<u8>, String> {
    let png = STANDARD
        .decode(encoded)
        .map_err(|error| format!("the screenshot is not base64: {error}"))?;
    if png.starts_with(PNG_SIGNATURE) {
        Ok(png)
    } else {
        Err("the screenshot is not a PNG".to_owned())
    }
}

/// `screenshots/` at the workspace root.
fn screenshots_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("screenshots")
}

#[cfg(test)]
mod tests {
    use super::decode_png;

    #[test]
    fn accepts_a_base64_png_and_refuses_anything_else() {
        assert_eq!(
            decode_png("iVBORw0KGgo=").as_deref(),
            Ok(&b"\x89PNG\r\n\x1a\n"[..])
        );
        assert_eq!(
            decode_png("aGVsbG8="),
            Err("the screenshot is not a PNG".to_owned())
        );
        assert!(decode_png("a!==").is_err_and(|reason| reason.contains("not base64")));
    }
}
