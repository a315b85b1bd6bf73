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

    /// `Ok(value)` when nothing was wrong, else the problems.
    pub fn into_result<T>(self, value: T) -> Result<T, FieldErrors> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }

    /// Reads a required text field: trimmed, not empty, at most `max` characters.
    pub fn required_text(&mut self, field: &str, label: &str, raw: &str, max: usize) -> String {
        let text = raw.trim();
        if text.is_empty() {
            self.add(field, format!("Enter {label}"));
        } else if text.chars().count() > max {
            self.add(field, format!("{} must be {max} characters or fewer", capitalise(label)));
        }
        text.to_string()
    }

    /// Reads an optional text field: trimmed, empty means none.
    pub fn optional_text(&mut self, field: &str, label: &str, raw: Option<&str>, max: usize) -> Option<String> {
        let text = raw.map(str::trim).filter(|t| !t.is_empty())?;
        if text.chars().count() > max {
            self.add(field, format!("{} must be {max} characters or fewer", capitalise(label)));
        }
        Some(text.to_string())
    }
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
        let value = errors.required_text("title", "a title", "   ", 200);
        assert_eq!(value, "");
        assert_eq!(errors.for_field("title"), Some("Enter a title"));
    }

    #[test]
    fn a_long_field_says_its_limit() {
        let mut errors = FieldErrors::new();
        errors.required_text("reference", "a reference", "abcdef", 3);
        assert_eq!(errors.for_field("reference"), Some("A reference must be 3 characters or fewer"));
    }
}
