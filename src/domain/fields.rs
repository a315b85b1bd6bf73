//! Field-level messages for bad input, shared by forms, the API and the CLI.

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

    /// The first message about any of `fields`, in the order found.
    pub fn for_any(&self, fields: &[&str]) -> Option<&FieldError> {
        self.0.iter().find(|e| fields.contains(&e.field.as_str()))
    }

    /// `Ok(value)` when nothing was wrong, else the problems.
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
        } else if let Some(bad) = value.chars().find(|c| kind.refuses(*c)) {
            let what = if bad == '\0' { "a null character" } else { "a control character" };
            self.add(field, format!("{} contains {what}, which cannot be stored: remove it", capitalise(label)));
        } else if value.chars().count() > max {
            self.add(field, format!("{} must be {max} characters or fewer", capitalise(label)));
        }
    }
}

/// Which characters a text field keeps.
#[derive(Debug, Clone, Copy)]
enum TextKind {
    /// One line: no control characters at all.
    Line,
    /// Free text: tabs and line breaks allowed, other control characters not.
    Long,
}

impl TextKind {
    fn refuses(self, c: char) -> bool {
        match self {
            TextKind::Line => c.is_control(),
            TextKind::Long => c.is_control() && !matches!(c, '\t' | '\n' | '\r'),
        }
    }
}

/// Whether text holds a control character that no field accepts (anything
/// but tab, carriage return and line feed), for inputs read outside forms.
pub fn has_forbidden_control(text: &str) -> bool {
    text.chars().any(|c| TextKind::Long.refuses(c))
}

impl fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(|e| format!("{}: {}", e.field, e.message)).collect();
        f.write_str(&parts.join("; "))
    }
}

impl std::error::Error for FieldErrors {}

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
        assert!(has_forbidden_control("bell\u{7}") && !has_forbidden_control("tab\there"));
    }
}
