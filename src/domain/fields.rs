//! Field-level messages for bad input, shared by forms, the API and the CLI,
//! and the one rule for which characters stored text may hold.
//!
//! Text is checked once, where it enters (a form, a JSON body, a spreadsheet
//! or JSON import, a command), by [`FieldErrors::line`] and
//! [`FieldErrors::text`] or, for imports that are not read field by field,
//! [`refused_character`]. Every field refuses:
//! - C0 and C1 control characters (U+0000 to U+001F, U+007F to U+009F,
//!   U+0085 included), except that long text keeps tab, line feed and
//!   carriage return;
//! - the 66 non-characters (U+FDD0 to U+FDEF, and U+FFFE and U+FFFF of every
//!   plane), which are not text;
//! - the line and paragraph separators (U+2028, U+2029): long text takes its
//!   line breaks as line feeds, so that every output breaks lines the same way;
//! - the bidi embeddings and overrides (U+202A to U+202E), which make text
//!   read otherwise than it is stored.
//!
//! One-line fields (titles, names, references, emails) are what people find,
//! match and sort records by, so they also refuse what cannot be seen: tabs
//! and line breaks, bidi isolates (U+2066 to U+2069), direction marks (U+200E,
//! U+200F, U+061C), zero-width and invisible formatting characters (U+200B to
//! U+200D, U+2060 to U+2064, U+206A to U+206F, U+180E, U+FEFF, U+FFF9 to
//! U+FFFB). Long text (descriptions, notes, reasons) keeps those: direction
//! marks and isolates set out right-to-left text among English, and the
//! zero-width joiners are part of emoji and of scripts such as Persian.
//!
//! Each refusal names the field and the character ("Title contains a line
//! separator (U+2028), which cannot be stored: remove it"). Text stored before
//! this rule, or put in by other means, may still hold anything: every output
//! carries it (see `domain::formats`).

use serde::Serialize;
use std::fmt;

/// One message about one input field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The field's name as the form or JSON body names it.
    pub field: String,
    /// What is wrong, in words a person can act on.
    pub message: String,
}

/// Every problem found in one piece of input; empty means it is good.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    /// No problems yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// A single problem.
    pub fn one(field: &str, message: impl Into<String>) -> Self {
        let mut errors = Self::new();
        errors.add(field, message);
        errors
    }

    /// Records a problem with a field.
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError { field: field.to_string(), message: message.into() });
    }

    /// Adds every problem from another check.
    pub fn merge(&mut self, other: FieldErrors) {
        self.0.extend(other.0);
    }

    /// Whether nothing was wrong.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The first message about a field, for showing beside it.
    pub fn for_field(&self, field: &str) -> Option<&str> {
        self.0.iter().find(|e| e.field == field).map(|e| e.message.as_str())
    }

    /// All problems in the order found.
    pub fn iter(&self) -> impl Iterator<Item = &FieldError> {
        self.0.iter()
    }

    /// The problems in the order a form shows its fields, one per field (the
    /// first found), for an error summary that reads top to bottom. A field
    /// named `due_date-month` belongs to `due_date`; fields not in `order`
    /// come last, in the order found.
    pub fn in_order(&self, order: &[&str]) -> FieldErrors {
        let base = |field: &str| -> usize {
            let stem = field.strip_suffix("-month").or_else(|| field.strip_suffix("-year")).unwrap_or(field);
            let stem = stem.strip_suffix("-day").unwrap_or(stem);
            order.iter().position(|name| *name == stem).unwrap_or(order.len())
        };
        let mut seen = std::collections::HashSet::new();
        let mut kept: Vec<FieldError> = self.0.iter().filter(|e| seen.insert(e.field.clone())).cloned().collect();
        kept.sort_by_key(|e| base(&e.field));
        FieldErrors(kept)
    }

    /// Whether any message is about `field` or a part of it (`due_date-month`).
    pub fn names(&self, field: &str) -> bool {
        self.0.iter().any(|e| e.field.strip_prefix(field).is_some_and(|rest| rest.is_empty() || rest.starts_with('-')))
    }

    /// The first message about any of `fields`, in the order found.
    pub fn for_any(&self, fields: &[&str]) -> Option<&FieldError> {
        self.0.iter().find(|e| fields.contains(&e.field.as_str()))
    }

    /// `Ok(value)` when nothing was wrong, else the problems.
    /// Two values read whole, or every problem of both.
    pub fn both<A, B>(a: Result<A, FieldErrors>, b: Result<B, FieldErrors>) -> Result<(A, B), FieldErrors> {
        match (a, b) {
            (Ok(a), Ok(b)) => Ok((a, b)),
            (a, b) => {
                let mut errors = a.err().unwrap_or_default();
                errors.merge(b.err().unwrap_or_default());
                Err(errors)
            }
        }
    }

    pub fn into_result<T>(self, value: T) -> Result<T, FieldErrors> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }

    /// Tidies and checks a one-line text field (a title, name or reference):
    /// trimmed in place; no control characters at all; at most `max` characters.
    pub fn line(&mut self, field: &str, label: &str, value: &mut String, max: usize, required: bool) {
        self.text_with(field, label, value, max, required, TextKind::Line);
    }

    /// Tidies and checks a long text field (a description or note): as `line`,
    /// but tabs and line breaks are kept.
    pub fn text(&mut self, field: &str, label: &str, value: &mut String, max: usize, required: bool) {
        self.text_with(field, label, value, max, required, TextKind::Long);
    }

    /// Tidies and checks an optional one-line field; blank becomes none.
    pub fn optional_line(&mut self, field: &str, label: &str, value: &mut Option<String>, max: usize) {
        if let Some(text) = value.as_mut() {
            self.line(field, label, text, max, false);
        }
        if value.as_deref().is_some_and(str::is_empty) {
            *value = None;
        }
    }

    /// Tidies and checks an optional long text field; blank becomes none.
    pub fn optional_text(&mut self, field: &str, label: &str, value: &mut Option<String>, max: usize) {
        if let Some(text) = value.as_mut() {
            self.text(field, label, text, max, false);
        }
        if value.as_deref().is_some_and(str::is_empty) {
            *value = None;
        }
    }

    fn text_with(&mut self, field: &str, label: &str, value: &mut String, max: usize, required: bool, kind: TextKind) {
        let trimmed = value.trim();
        if trimmed.len() != value.len() {
            *value = trimmed.to_string();
        }
        if value.is_empty() {
            if required {
                self.add(field, format!("Enter {label}"));
            }
        } else if let Some(refused) = refused_character(value, kind) {
            self.add(field, format!("{} contains {refused}, which cannot be stored: remove it", subject(label)));
        } else if value.chars().count() > max {
            self.add(field, format!("{} must be {max} characters or fewer", capitalise(label)));
        }
    }
}

/// Which characters a text field keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// One line (a title, name, reference or email): no control or invisible
    /// characters at all.
    Line,
    /// Free text (a description, note or reason): tabs and line breaks,
    /// direction marks and isolates, and zero-width characters are kept.
    Long,
}

/// A character that a field refuses, told in words ("a line separator
/// (U+2028)") for its message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused(pub char);

impl Refused {
    /// What the character is, in words a person can look for.
    fn what(self) -> &'static str {
        match self.0 {
            '\0' => "a null character",
            '\t' => "a tab",
            '\n' | '\r' => "a line break",
            c if c.is_control() => "a control character",
            '\u{2028}' => "a line separator",
            '\u{2029}' => "a paragraph separator",
            '\u{202A}'..='\u{202E}' => "a text direction override",
            '\u{2066}'..='\u{2069}' => "a text direction isolate",
            '\u{200E}' | '\u{200F}' | '\u{061C}' => "a text direction mark",
            '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{180E}' => "a zero-width character",
            c if is_non_character(c) => "a non-character",
            _ => "an invisible formatting character",
        }
    }
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            // These three are known by name; the code point would only puzzle.
            '\0' | '\t' | '\n' | '\r' => f.write_str(self.what()),
            c => write!(f, "{} (U+{:04X})", self.what(), u32::from(c)),
        }
    }
}

/// Whether `c` is one of Unicode's 66 non-characters: U+FDD0 to U+FDEF, and
/// the last two code points of every plane.
pub fn is_non_character(c: char) -> bool {
    let n = u32::from(c);
    (0xFDD0..=0xFDEF).contains(&n) || n & 0xFFFE == 0xFFFE
}

/// Whether a field of `kind` refuses `c`.
fn refuses(kind: TextKind, c: char) -> bool {
    let everywhere = (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || is_non_character(c)
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}');
    let unseen = matches!(c,
        '\t' | '\n' | '\r'
        | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}');
    everywhere || kind == TextKind::Line && unseen
}

/// The first character of `text` that a field of `kind` refuses, for inputs
/// that are not read field by field (a JSON import names table, row and
/// column instead).
pub fn refused_character(text: &str, kind: TextKind) -> Option<Refused> {
    text.chars().find(|c| refuses(kind, *c)).map(Refused)
}

impl fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(|e| format!("{}: {}", e.field, e.message)).collect();
        f.write_str(&parts.join("; "))
    }
}

impl std::error::Error for FieldErrors {}

/// A field's label as the subject of a sentence: "a reference, like 1.3"
/// becomes "Reference", "the title" "The title".
fn subject(label: &str) -> String {
    let label = label.split(',').next().unwrap_or(label);
    let label = label.strip_prefix("a ").or_else(|| label.strip_prefix("an ")).unwrap_or(label);
    capitalise(label)
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blank_required_field_asks_for_it() {
        let mut errors = FieldErrors::new();
        let mut value = "   ".to_string();
        errors.line("title", "a title", &mut value, 200, true);
        assert_eq!(value, "");
        assert_eq!(errors.for_field("title"), Some("Enter a title"));
    }

    #[test]
    fn a_long_field_says_its_limit() {
        let mut errors = FieldErrors::new();
        errors.line("reference", "a reference", &mut "abcdef".to_string(), 3, true);
        assert_eq!(errors.for_field("reference"), Some("A reference must be 3 characters or fewer"));
    }

    #[test]
    fn a_null_byte_is_refused_in_any_text_field() {
        let mut errors = FieldErrors::new();
        errors.line("title", "the title", &mut "a\u{0}b".to_string(), 200, true);
        errors.text("note", "the note", &mut "a\u{0}b".to_string(), 200, true);
        assert!(errors.for_field("title").is_some_and(|m| m.contains("null character")));
        assert!(errors.for_field("note").is_some());
    }

    #[test]
    fn errors_are_put_in_the_forms_order_with_one_per_field() {
        let mut errors = FieldErrors::new();
        errors.add("note", "Enter a note");
        errors.add("due_date-month", "Due date must include a month");
        errors.add("title", "Enter a title");
        errors.add("title", "A second problem with the title");
        errors.add("file", "Select the file again");
        let ordered = errors.in_order(&["title", "due_date", "note"]);
        let fields: Vec<&str> = ordered.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["title", "due_date-month", "note", "file"]);
        assert_eq!(ordered.for_field("title"), Some("Enter a title"));
    }

    #[test]
    fn long_text_keeps_tabs_and_line_breaks_but_a_line_does_not() {
        let mut errors = FieldErrors::new();
        let mut note = "first\r\nsecond\tthird".to_string();
        errors.text("note", "the note", &mut note, 200, true);
        assert!(errors.is_empty(), "{errors}");
        errors.line("title", "the title", &mut "first\nsecond".to_string(), 200, true);
        assert!(errors.for_field("title").is_some());
        assert_eq!(
            errors.for_field("title"),
            Some("The title contains a line break, which cannot be stored: remove it")
        );
        assert!(refused_character("bell\u{7}", TextKind::Long).is_some());
        assert_eq!(refused_character("tab\there", TextKind::Long), None);
    }

    #[test]
    fn every_field_refuses_non_characters_separators_and_overrides() {
        for (c, words) in [
            ('\u{FFFE}', "a non-character (U+FFFE)"),
            ('\u{FFFF}', "a non-character (U+FFFF)"),
            ('\u{FDD0}', "a non-character (U+FDD0)"),
            ('\u{10FFFF}', "a non-character (U+10FFFF)"),
            ('\u{1FFFE}', "a non-character (U+1FFFE)"),
            ('\u{85}', "a control character (U+0085)"),
            ('\u{9B}', "a control character (U+009B)"),
            ('\u{7F}', "a control character (U+007F)"),
            ('\u{1B}', "a control character (U+001B)"),
            ('\u{2028}', "a line separator (U+2028)"),
            ('\u{2029}', "a paragraph separator (U+2029)"),
            ('\u{202E}', "a text direction override (U+202E)"),
            ('\u{202A}', "a text direction override (U+202A)"),
        ] {
            for kind in [TextKind::Line, TextKind::Long] {
                let mut errors = FieldErrors::new();
                let mut value = format!("Front{c}door");
                errors.text_with("title", "the title", &mut value, 200, true, kind);
                let expected = format!("The title contains {words}, which cannot be stored: remove it");
                assert_eq!(errors.for_field("title"), Some(expected.as_str()), "{kind:?}");
            }
        }
        let non_characters = (0..=0x10FFFF).filter_map(char::from_u32).filter(|c| is_non_character(*c)).count();
        assert_eq!(non_characters, 66);
    }

    #[test]
    fn a_line_refuses_what_cannot_be_seen_that_long_text_keeps() {
        for (c, words) in [
            ('\u{200B}', "a zero-width character (U+200B)"),
            ('\u{200D}', "a zero-width character (U+200D)"),
            ('\u{2060}', "a zero-width character (U+2060)"),
            ('\u{FEFF}', "a zero-width character (U+FEFF)"),
            ('\u{2066}', "a text direction isolate (U+2066)"),
            ('\u{2069}', "a text direction isolate (U+2069)"),
            ('\u{200F}', "a text direction mark (U+200F)"),
            ('\u{061C}', "a text direction mark (U+061C)"),
            ('\u{2063}', "an invisible formatting character (U+2063)"),
            ('\u{FFF9}', "an invisible formatting character (U+FFF9)"),
        ] {
            let mut errors = FieldErrors::new();
            errors.line("name", "the name", &mut format!("Front{c}door"), 200, true);
            errors.text("note", "the note", &mut format!("Front{c}door"), 200, true);
            let expected = format!("The name contains {words}, which cannot be stored: remove it");
            assert_eq!(errors.for_field("name"), Some(expected.as_str()));
            assert_eq!(errors.for_field("note"), None, "long text keeps {words}");
        }
    }

    #[test]
    fn text_in_any_language_with_emoji_and_accents_is_kept() {
        let mut errors = FieldErrors::new();
        for text in ["مكتب الاستقبال", "שלום", "Café crème", "e\u{301}", "👩🏽‍⚕️ team", "🏴󠁧󠁢󠁥󠁮󠁧󠁿", "日本語", "\u{FFFD}"]
        {
            errors.line("title", "the title", &mut text.replace('\u{200D}', ""), 200, true);
            errors.text("note", "the note", &mut text.to_string(), 200, true);
        }
        assert!(errors.is_empty(), "{errors}");
    }
}
