//! Reading form fields typed by people into values, with a message per field.

use crate::domain::fields::FieldErrors;
use chrono::NaiveDate;
use std::str::FromStr;

/// An optional date typed as YYYY-MM-DD (what a date input sends).
pub fn optional_date(errors: &mut FieldErrors, field: &str, label: &str, raw: &str) -> Option<NaiveDate> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    match NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
        Ok(d) => Some(d),
        Err(_) => {
            errors.add(field, format!("{label} must be a real date, like 2025-03-31"));
            None
        }
    }
}

/// A required date.
pub fn required_date(errors: &mut FieldErrors, field: &str, label: &str, raw: &str) -> Option<NaiveDate> {
    if raw.trim().is_empty() {
        errors.add(field, format!("Enter {}", label.to_lowercase()));
        return None;
    }
    optional_date(errors, field, label, raw)
}

/// An optional id chosen from a list; empty means none.
pub fn optional_id(errors: &mut FieldErrors, field: &str, raw: &str) -> Option<i64> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    raw.parse().map_err(|_| errors.add(field, "Choose one of the options")).ok()
}

/// A required id chosen from a list.
pub fn required_id(errors: &mut FieldErrors, field: &str, label: &str, raw: &str) -> Option<i64> {
    if raw.trim().is_empty() {
        errors.add(field, format!("Choose {label}"));
        return None;
    }
    optional_id(errors, field, raw)
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

/// The version a form was read at, carried in a hidden field.
pub fn version(errors: &mut FieldErrors, raw: &str) -> i32 {
    raw.trim().parse().unwrap_or_else(|_| {
        errors.add("version", "The form is missing its version: reload the page and try again");
        0
    })
}
