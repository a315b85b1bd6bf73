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

/// A number that may have decimals ("80", "12.5"); blank is none. A "%" after
/// it is forgiven, since people type percentages that way.
pub fn decimal(errors: &mut FieldErrors, field: &str, label: &str, raw: &str) -> Option<f64> {
    let raw = raw.trim().trim_end_matches('%').trim().replace(',', "");
    if raw.is_empty() {
        return None;
    }
    match raw.parse::<f64>() {
        Ok(n) if n.is_finite() && raw.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-') => Some(n),
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
        assert_eq!(decimal(&mut errors, "u", "The value", "1e400"), None);
        assert_eq!(errors.iter().count(), 3);
    }
}
