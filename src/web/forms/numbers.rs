//! Reading numbers typed into text inputs, with messages that say what to type.

use crate::domain::fields::FieldErrors;

/// A whole number from `min` to `max`; blank is none.
pub fn whole_number(errors: &mut FieldErrors, field: &str, label: &str, raw: &str, range: (i64, i64)) -> Option<i64> {
    let raw = raw.trim().replace(',', "");
    if raw.is_empty() {
        return None;
    }
    let (min, max) = range;
    match raw.parse::<i64>() {
        Ok(n) if (min..=max).contains(&n) => Some(n),
        Ok(_) => {
            errors.add(field, format!("{label} must be from {min} to {max}"));
            None
        }
        Err(_) => {
            errors.add(field, format!("{label} must be a whole number, like 12"));
            None
        }
    }
}

/// A number that may have decimals ("80", "12.5", "1.2e3"); blank is none. A
/// "%" after it is forgiven, since people type percentages that way. Words
/// ("NaN", "inf") are not numbers; the range (a number too large, even
/// beyond what a float holds) is the caller's rule to check, so that it can
/// say what the range is.
pub fn decimal(errors: &mut FieldErrors, field: &str, label: &str, raw: &str) -> Option<f64> {
    let raw = raw.trim().trim_end_matches('%').trim().replace(',', "");
    if raw.is_empty() {
        return None;
    }
    let numeric = raw.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'));
    match raw.parse::<f64>() {
        Ok(n) if numeric && !n.is_nan() => Some(n),
        _ => {
            errors.add(field, format!("{label} must be a number, like 80 or 12.5"));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_forgivingly_and_nonsense_is_named() {
        let mut errors = FieldErrors::new();
        assert_eq!(whole_number(&mut errors, "n", "The count", " 1,200 ", (0, 5000)), Some(1200));
        assert_eq!(decimal(&mut errors, "t", "The target", "80 %"), Some(80.0));
        assert!(errors.is_empty());
        assert_eq!(whole_number(&mut errors, "n", "The count", "-1", (0, 10)), None);
        assert_eq!(decimal(&mut errors, "t", "The target", "NaN"), None);
        assert_eq!(decimal(&mut errors, "u", "The value", "inf"), None);
        assert_eq!(errors.iter().count(), 3);
        assert_eq!(decimal(&mut errors, "u", "The value", "1e308"), Some(1e308), "the range is the caller's to check");
        assert_eq!(decimal(&mut errors, "u", "The value", "1e400"), Some(f64::INFINITY));
    }
}
