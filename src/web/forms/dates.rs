//! Reading the GOV.UK date input (day, month and year typed separately), with
//! the pattern's messages. An error about one part is filed under that part
//! (`due_date-month`), so the summary links to it; an error about the whole
//! date is filed under the date's name, which is the day field's id.

use crate::domain::fields::FieldErrors;
use crate::views::fields::DateInput;
use chrono::NaiveDate;

fn lower_first(label: &str) -> String {
    let mut chars = label.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Reads a date typed into three fields. Blank is none, or a problem when
/// `required`; a missing part, a part that is not a number, or a date that
/// does not exist (31 2 2025) is a problem named as the pattern names it.
pub fn date(errors: &mut FieldErrors, name: &str, label: &str, input: &DateInput, required: bool) -> Option<NaiveDate> {
    if input.is_blank() {
        if required {
            errors.add(name, format!("Enter the {}", lower_first(label)));
        }
        return None;
    }
    let parts = [
        ("day", name.to_string(), &input.day),
        ("month", format!("{name}-month"), &input.month),
        ("year", format!("{name}-year"), &input.year),
    ];
    let missing: Vec<&(&str, String, &String)> = parts.iter().filter(|(_, _, v)| v.trim().is_empty()).collect();
    if let Some((_, key, _)) = missing.first() {
        let words: Vec<&str> = missing.iter().map(|(w, _, _)| *w).collect();
        errors.add(key, format!("{label} must include a {}", words.join(" and ")));
        return None;
    }
    let number = |v: &str| -> Option<u32> {
        let v = v.trim();
        (v.len() <= 4 && v.chars().all(|c| c.is_ascii_digit())).then(|| v.parse().ok()).flatten()
    };
    let (day, month, year) = (number(&input.day), number(&input.month), number(&input.year));
    let real = format!("{label} must be a real date");
    match (day, month, year) {
        (Some(d), _, _) if !(1..=31).contains(&d) => errors.add(name, real),
        (None, _, _) => errors.add(name, real),
        (_, Some(m), _) if !(1..=12).contains(&m) => errors.add(&format!("{name}-month"), real),
        (_, None, _) => errors.add(&format!("{name}-month"), real),
        (_, _, None) => errors.add(&format!("{name}-year"), real),
        (_, _, Some(_)) if input.year.trim().len() != 4 => {
            errors.add(&format!("{name}-year"), format!("{label} must have a year with 4 numbers, like 2025"))
        }
        (Some(d), Some(m), Some(y)) => match NaiveDate::from_ymd_opt(y as i32, m, d) {
            Some(date) => return Some(date),
            None => errors.add(name, real),
        },
    }
    None
}

/// An optional date.
pub fn optional_date(errors: &mut FieldErrors, name: &str, label: &str, input: &DateInput) -> Option<NaiveDate> {
    date(errors, name, label, input, false)
}

/// A required date.
pub fn required_date(errors: &mut FieldErrors, name: &str, label: &str, input: &DateInput) -> Option<NaiveDate> {
    date(errors, name, label, input, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(d: &str, m: &str, y: &str) -> DateInput {
        DateInput { day: d.into(), month: m.into(), year: y.into() }
    }

    fn problem(input: DateInput) -> (String, String) {
        let mut errors = FieldErrors::new();
        assert_eq!(required_date(&mut errors, "due_date", "Due date", &input), None);
        let e = errors.iter().next().expect("a problem");
        (e.field.clone(), e.message.clone())
    }

    #[test]
    fn a_real_date_is_read() {
        let mut errors = FieldErrors::new();
        let read = required_date(&mut errors, "due_date", "Due date", &typed(" 7 ", "03", "2025"));
        assert_eq!(read, NaiveDate::from_ymd_opt(2025, 3, 7));
        assert!(errors.is_empty());
    }

    #[test]
    fn a_blank_date_is_none_unless_required() {
        let mut errors = FieldErrors::new();
        assert_eq!(optional_date(&mut errors, "due_date", "Due date", &typed("", " ", "")), None);
        assert!(errors.is_empty());
        assert_eq!(problem(typed("", "", "")), ("due_date".into(), "Enter the due date".into()));
    }

    #[test]
    fn a_missing_part_is_named_and_linked() {
        assert_eq!(problem(typed("7", "", "2025")), ("due_date-month".into(), "Due date must include a month".into()));
        assert_eq!(problem(typed("", "", "2025")), ("due_date".into(), "Due date must include a day and month".into()));
        assert_eq!(problem(typed("7", "3", "")), ("due_date-year".into(), "Due date must include a year".into()));
    }

    #[test]
    fn a_date_that_does_not_exist_is_not_real() {
        assert_eq!(problem(typed("31", "2", "2025")), ("due_date".into(), "Due date must be a real date".into()));
        assert_eq!(problem(typed("1", "13", "2025")), ("due_date-month".into(), "Due date must be a real date".into()));
        assert_eq!(problem(typed("-1", "1", "2025")).1, "Due date must be a real date");
        assert_eq!(problem(typed("<b>", "1", "2025")).1, "Due date must be a real date");
        assert_eq!(problem(typed("1", "1", "25")).0, "due_date-year");
        assert_eq!(problem(typed("31/02/2025", "", "")).0, "due_date-month");
    }
}
