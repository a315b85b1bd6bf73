//! Formula injection: a text cell that begins with `=`, `+`, `-` or `@` (or a
//! tab or carriage return) is run as a formula by spreadsheets that open a CSV.
//! Sustain writes such text with a leading apostrophe in CSV, which
//! spreadsheets show as text, and takes the apostrophe off when it reads the
//! file back. XLSX cells are written as strings, never formulas, so they need
//! no prefix.

use std::borrow::Cow;

/// Characters that make a spreadsheet treat a cell as a formula.
const TRIGGERS: &[char] = &['=', '+', '-', '@', '\t', '\r'];

/// Whether a text would be taken for a formula.
pub fn looks_like_formula(text: &str) -> bool {
    text.starts_with(TRIGGERS)
}

/// The text as it is safe to write in a CSV cell.
pub fn for_csv(text: &str) -> Cow<'_, str> {
    if looks_like_formula(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// The text as it was before `for_csv`: an apostrophe before a formula
/// character is taken off; any other text is left as it is.
pub fn unescape(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if looks_like_formula(rest) => rest,
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_a_spreadsheet_would_run_is_prefixed() {
        for bad in ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(for_csv(bad), format!("'{bad}"));
            assert_eq!(unescape(&for_csv(bad)), bad);
        }
        assert_eq!(for_csv("Train MASH managers"), "Train MASH managers");
        assert_eq!(unescape("'quoted' text"), "'quoted' text");
    }
}
