//! What each output format can carry of stored text, in one small function
//! per format, used by every writer of that format.
//!
//! Text reaches documents from the database, and the database may hold
//! anything: text stored before the edge rule of `domain::fields`, or put in
//! by other means. A document must never fail, or stop short, because of it.
//! So each format keeps what it can hold and puts U+FFFD (the replacement
//! character, shown as a question mark in a diamond) where it cannot, so the
//! reader sees that a character was there.
//!
//! - XML (SVG charts, Word's parts) and HTML files: XML 1.0 has no place for
//!   most C0 controls or for U+FFFE and U+FFFF, and Word and HTML parsers
//!   refuse the rest of the controls and the non-characters, so controls
//!   other than tab, line feed and carriage return, and all 66
//!   non-characters, become U+FFFD ([`xml_text`]).
//! - PDF text: as XML (the font has no glyph for them, and the document's
//!   metadata is XML), and the line and paragraph separators become line
//!   breaks, tabs spaces ([`pdf_text`]).
//! - XLSX cells: the workbook writer escapes controls itself; a cell holds at
//!   most 32,767 UTF-16 units, so longer text is cut there and says so
//!   ([`xlsx_cell`]).
//! - CSV carries any text; only formulas are defused (`sheets::escape`).
//! - ZIP entry names keep letters, digits, `.`, `-` and `_` (`read::pack`).

use super::fields::is_non_character;
use std::borrow::Cow;

/// The character put where a format cannot hold the one stored.
pub const REPLACEMENT: char = '\u{FFFD}';

/// Whether XML and HTML documents cannot carry `c` as text.
fn not_for_xml(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || is_non_character(c)
}

/// Text as an XML or HTML document can hold it: controls other than tab,
/// line feed and carriage return, and non-characters, become U+FFFD. Markup
/// escaping (`&`, `<`...) is left to the writer, which does it already.
pub fn xml_text(text: &str) -> Cow<'_, str> {
    if text.chars().any(not_for_xml) {
        Cow::Owned(text.chars().map(|c| if not_for_xml(c) { REPLACEMENT } else { c }).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// Text as a PDF page draws it: line breaks as line feeds (a carriage return,
/// a line or paragraph separator, U+0085), tabs as spaces, and what the
/// font and the document's XML metadata cannot hold as U+FFFD.
pub fn pdf_text(text: &str) -> Cow<'_, str> {
    let changes = |c: char| matches!(c, '\r' | '\t' | '\u{85}' | '\u{2028}' | '\u{2029}') || not_for_xml(c);
    if !text.chars().any(changes) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => out.push('\n'),
            '\t' => out.push(' '),
            c if not_for_xml(c) => out.push(REPLACEMENT),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The most a spreadsheet cell holds, in UTF-16 units.
pub const XLSX_CELL_MAX: usize = 32_767;

/// Said at the end of a cell whose text was cut to fit.
pub const XLSX_CUT: &str = " [cut here: a spreadsheet cell holds at most 32,767 characters]";

/// Text as an XLSX cell holds it: whole when it fits, else cut at a character
/// so that it fits with a note saying so, never refused.
pub fn xlsx_cell(text: &str) -> Cow<'_, str> {
    let units = |s: &str| s.encode_utf16().count();
    if units(text) <= XLSX_CELL_MAX {
        return Cow::Borrowed(text);
    }
    let room = XLSX_CELL_MAX - units(XLSX_CUT);
    let mut used = 0;
    let end = text
        .char_indices()
        .find(|(_, c)| {
            used += c.len_utf16();
            used > room
        })
        .map_or(text.len(), |(at, _)| at);
    Cow::Owned(format!("{}{XLSX_CUT}", &text[..end]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_text_replaces_what_xml_cannot_hold_and_keeps_the_rest() {
        assert_eq!(
            xml_text("a\u{0}b\u{7}c\u{FFFE}d\u{FFFF}\u{85}\u{1FFFF}"),
            "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FFFD}\u{FFFD}\u{FFFD}"
        );
        let kept = "Tab\tline\nreturn\r مرحبا 👩🏽‍⚕️ e\u{301} \u{202E}\u{2028}\u{FFFD} & <b>";
        assert!(matches!(xml_text(kept), Cow::Borrowed(_)));
    }

    #[test]
    fn pdf_text_turns_separators_into_line_breaks() {
        assert_eq!(
            pdf_text("one\r\ntwo\rthree\u{2028}four\u{2029}five\u{85}six\tseven"),
            "one\ntwo\nthree\nfour\nfive\nsix seven"
        );
        assert_eq!(pdf_text("bell\u{7} and \u{FFFE}"), "bell\u{FFFD} and \u{FFFD}");
        assert!(matches!(pdf_text("Front door 1.3 – مرحبا"), Cow::Borrowed(_)));
    }

    #[test]
    fn a_cell_too_long_for_a_spreadsheet_is_cut_and_says_so() {
        assert!(matches!(xlsx_cell(&"a".repeat(XLSX_CELL_MAX)), Cow::Borrowed(_)));
        // Each emoji is two UTF-16 units: 20,000 of them are 40,000.
        let long = "😀".repeat(20_000);
        let cell = xlsx_cell(&long);
        assert!(cell.ends_with(XLSX_CUT));
        assert!(cell.encode_utf16().count() <= XLSX_CELL_MAX);
        assert!(cell.encode_utf16().count() > XLSX_CELL_MAX - 2 - XLSX_CUT.len());
        assert!(cell.starts_with("😀😀"));
    }
}
