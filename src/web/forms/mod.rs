//! Reading form fields typed by people into values, with a message per field,
//! and showing a stale edit: the other person's values beside yours.
//!
//! A form arrives as a `RawForm` (URL-encoded, through `CheckedForm`) or as an
//! `Upload` (multipart); both are a `FormSource`, so a form's values are read
//! the same way whichever encoding carried them.

mod dates;
mod numbers;

pub use crate::views::fields::FormFields;
pub use dates::{date, optional_date, required_date};
pub use numbers::{decimal, whole_number};

use crate::domain::fields::FieldErrors;
use crate::views::components::{FieldChange, StaleEdit};
use crate::views::fields::DateInput;
use serde::Deserialize;
use std::str::FromStr;

/// A submitted URL-encoded form: every (name, value) pair in the order sent, so
/// that a name sent twice (checkboxes) keeps every value.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(transparent)]
pub struct RawForm(pub Vec<(String, String)>);

/// Where a form's typed values come from.
pub trait FormSource {
    /// Every value sent under a name, in order.
    fn all(&self, name: &str) -> Vec<String>;

    /// The first value sent under a name, or empty.
    fn text(&self, name: &str) -> String {
        self.all(name).into_iter().next().unwrap_or_default()
    }

    /// The three fields of a GOV.UK date input named `name`.
    fn date(&self, name: &str) -> DateInput {
        DateInput {
            day: self.text(&format!("{name}-day")),
            month: self.text(&format!("{name}-month")),
            year: self.text(&format!("{name}-year")),
        }
    }
}

impl RawForm {
    /// Whether a name was sent at all, even empty.
    pub fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(k, _)| k == name)
    }

    /// The pairs with every value of `name` replaced by `value` (none: removed).
    pub fn with(&self, name: &str, value: Option<&str>) -> RawForm {
        let mut pairs: Vec<(String, String)> = self.0.iter().filter(|(k, _)| k != name).cloned().collect();
        if let Some(v) = value {
            pairs.push((name.to_string(), v.to_string()));
        }
        RawForm(pairs)
    }

    /// The pairs without one (name, value) pair.
    pub fn without(&self, name: &str, value: &str) -> RawForm {
        RawForm(self.0.iter().filter(|(k, v)| !(k == name && v == value)).cloned().collect())
    }

    /// The pairs as a query string, blank values left out.
    pub fn query(&self) -> String {
        let mut out = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in self.0.iter().filter(|(_, v)| !v.trim().is_empty()) {
            out.append_pair(k, v);
        }
        out.finish()
    }
}

impl FormSource for RawForm {
    fn all(&self, name: &str) -> Vec<String> {
        self.0.iter().filter(|(k, _)| k == name).map(|(_, v)| v.clone()).collect()
    }
}

impl FormSource for crate::files::upload::Upload {
    fn all(&self, name: &str) -> Vec<String> {
        self.fields.get(name).cloned().unwrap_or_default()
    }
}

/// An optional id chosen from a list; empty means none.
pub fn optional_id<T: FromStr>(errors: &mut FieldErrors, field: &str, raw: &str) -> Option<T> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    raw.parse().map_err(|_| errors.add(field, "Choose one of the options")).ok()
}

/// A required id chosen from a list.
pub fn required_id<T: FromStr>(errors: &mut FieldErrors, field: &str, label: &str, raw: &str) -> Option<T> {
    if raw.trim().is_empty() {
        errors.add(field, format!("Choose {label}"));
        return None;
    }
    optional_id(errors, field, raw)
}

/// Ids ticked in a group of checkboxes; one that is not an id is a problem.
pub fn ids<T: FromStr + PartialEq>(errors: &mut FieldErrors, field: &str, raw: &[String]) -> Vec<T> {
    let mut found: Vec<T> = Vec::new();
    for value in raw.iter().map(|v| v.trim()).filter(|v| !v.is_empty()) {
        match value.parse() {
            Ok(id) if !found.contains(&id) => found.push(id),
            Ok(_) => {}
            Err(_) => {
                errors.add(field, "Choose from the options shown");
                break;
            }
        }
    }
    found
}

/// One of a vocabulary's names.
pub fn choice<T: FromStr>(errors: &mut FieldErrors, field: &str, label: &str, raw: &str) -> Option<T> {
    match raw.trim().parse() {
        Ok(v) => Some(v),
        Err(_) => {
            errors.add(field, format!("Choose {label}"));
            None
        }
    }
}

/// One of a vocabulary's names, or none when left blank.
pub fn optional_choice<T: FromStr>(errors: &mut FieldErrors, field: &str, label: &str, raw: &str) -> Option<T> {
    if raw.trim().is_empty() {
        return None;
    }
    choice(errors, field, label, raw)
}

/// A yes-or-no radio ("yes" or "no").
pub fn yes_no(errors: &mut FieldErrors, field: &str, message: &str, raw: &str) -> Option<bool> {
    match raw.trim() {
        "yes" => Some(true),
        "no" => Some(false),
        _ => {
            errors.add(field, message);
            None
        }
    }
}

/// The version a form was read at, carried in a hidden field.
pub fn version(raw: &str) -> Result<i32, FieldErrors> {
    raw.trim()
        .parse()
        .map_err(|_| FieldErrors::one("version", "The form is missing its version: reload the page and try again"))
}

/// What changed between the values a person submitted and the record as it is
/// now, after someone else saved first: every field where the two differ.
pub fn stale_edit<F: FormFields>(theirs: &F, yours: &F) -> StaleEdit {
    let now = theirs.fields();
    let changes = yours
        .fields()
        .into_iter()
        .filter_map(|(name, label, mine)| {
            let current = now.iter().find(|(n, _, _)| *n == name).map(|(_, _, v)| v.clone()).unwrap_or_default();
            (current.trim() != mine.trim()).then_some(FieldChange { field: name, label, theirs: current, yours: mine })
        })
        .collect();
    StaleEdit { changes }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_raw_form_keeps_every_value_of_a_repeated_name() {
        let form: RawForm = serde_urlencoded::from_str("finding_ids=3&title=A&finding_ids=5&due_date-day=7").unwrap();
        assert_eq!(form.all("finding_ids"), ["3", "5"]);
        assert_eq!(form.text("title"), "A");
        assert_eq!(form.date("due_date").day, "7");
        assert_eq!(form.text("missing"), "");
    }

    #[test]
    fn ticked_ids_are_read_once_each_and_nonsense_is_a_problem() {
        let mut errors = FieldErrors::new();
        let found: Vec<i64> = ids(&mut errors, "finding_ids", &["3".into(), "3".into(), " 5 ".into()]);
        assert_eq!(found, [3, 5]);
        assert!(errors.is_empty());
        let _: Vec<i64> = ids(&mut errors, "finding_ids", &["<script>".into()]);
        assert!(errors.for_field("finding_ids").is_some());
    }
}
