//! Reading typed values from cells: text, dates (real spreadsheet dates, Excel
//! serial numbers, or text as day/month/year or ISO), whole numbers and numbers.
//! Each reader records a problem naming the row and column, and gives none.

use super::escape::unescape;
use super::{number_text, problem, Cell, Problems};
use chrono::{Duration, NaiveDate};

/// A cell as text, trimmed; numbers and dates as a person would type them.
/// A leading apostrophe that Sustain's own CSV added before `=`, `+`, `-` or
/// `@` (so that no spreadsheet runs it) is taken off again.
pub fn text(cell: &Cell) -> String {
    match cell {
        Cell::Text(t) => unescape(t.trim()).to_string(),
        other => other.shown(),
    }
}

/// Excel's day 0 in the 1900 date system (serial 1 is 1 January 1900, and
/// Excel counts a 29 February 1900 that never was; this base is right from
/// March 1900 on, long before any plausible date).
fn excel_epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or(NaiveDate::MIN)
}

/// The date of an Excel serial number (the time of day, if any, is dropped).
pub fn from_excel_serial(serial: f64) -> Option<NaiveDate> {
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    excel_epoch().checked_add_signed(Duration::days(serial.floor() as i64))
}

/// Reads text as a date: ISO `2025-03-31` (a time after it is ignored), or
/// day/month/year as `31/03/2025`, `31/3/2025`, `31.3.2025` or `31-3-2025`.
/// `03/04/2025` is 3 April: dates are read the UK way. A two-digit year is
/// in the 2000s.
pub fn parse_date_text(raw: &str) -> Option<NaiveDate> {
    let raw = raw.trim();
    let first = raw.split([' ', 'T']).next().unwrap_or(raw);
    if let Ok(d) = NaiveDate::parse_from_str(first, "%Y-%m-%d") {
        return Some(d);
    }
    let parts: Vec<&str> = first.split(['/', '.', '-']).collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit())) {
        return None;
    }
    let day: u32 = parts[0].parse().ok()?;
    let month: u32 = parts[1].parse().ok()?;
    let year: i32 = match parts[2].len() {
        2 => 2000 + parts[2].parse::<i32>().ok()?,
        4 => parts[2].parse().ok()?,
        _ => return None,
    };
    if parts[0].len() > 2 || parts[1].len() > 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day)
}

/// An optional date.
pub fn date(cell: &Cell, row: usize, column: &str, problems: &mut Problems) -> Option<NaiveDate> {
    match cell {
        c if c.is_blank() => None,
        Cell::Date(d) => Some(*d),
        Cell::Number(n) => from_excel_serial(*n).or_else(|| {
            problem(problems, row, column, format!("'{}' is not a date; enter it like 31/03/2025", number_text(*n)));
            None
        }),
        other => {
            let shown = other.shown();
            parse_date_text(&shown).or_else(|| {
                problem(
                    problems,
                    row,
                    column,
                    format!("'{shown}' is not a real date; enter it like 31/03/2025 or 2025-03-31"),
                );
                None
            })
        }
    }
}

/// A required date.
pub fn required_date(cell: &Cell, row: usize, column: &str, problems: &mut Problems) -> Option<NaiveDate> {
    if cell.is_blank() {
        problem(problems, row, column, "Enter a date, like 31/03/2025");
        return None;
    }
    date(cell, row, column, problems)
}

/// An optional number; a percentage sign after it is allowed ("80%" is 80).
pub fn number(cell: &Cell, row: usize, column: &str, problems: &mut Problems) -> Option<f64> {
    match cell {
        c if c.is_blank() => None,
        Cell::Number(n) if n.is_finite() => Some(*n),
        other => {
            let shown = other.shown();
            let trimmed = shown.trim_end_matches('%').trim();
            match trimmed.parse::<f64>() {
                Ok(n) if n.is_finite() => Some(n),
                _ => {
                    problem(problems, row, column, format!("'{shown}' is not a number"));
                    None
                }
            }
        }
    }
}

/// An optional number read by one of the domain's rules for it (a count of
/// cases, a sample size: `values::cases`, `values::sample_size`), whose
/// message is recorded against the row and column when it refuses.
pub fn checked<T>(
    cell: &Cell,
    row: usize,
    column: &str,
    problems: &mut Problems,
    rule: impl FnOnce(f64) -> Result<T, String>,
) -> Option<T> {
    let n = number(cell, row, column, problems)?;
    rule(n).map_err(|message| problem(problems, row, column, message)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_are_read_in_every_form_people_type_them() {
        assert_eq!(parse_date_text("2025-03-31"), Some(d(2025, 3, 31)));
        assert_eq!(parse_date_text("31/03/2025"), Some(d(2025, 3, 31)));
        assert_eq!(parse_date_text("31/3/2025"), Some(d(2025, 3, 31)));
        assert_eq!(parse_date_text("2025-03-31 00:00:00"), Some(d(2025, 3, 31)));
        assert_eq!(parse_date_text("31.3.25"), Some(d(2025, 3, 31)));
    }

    #[test]
    fn an_ambiguous_date_is_day_then_month() {
        assert_eq!(parse_date_text("03/04/2025"), Some(d(2025, 4, 3)));
    }

    #[test]
    fn an_impossible_date_is_refused_by_row_and_column() {
        let mut problems = Vec::new();
        assert_eq!(date(&Cell::Text("31/02/2025".into()), 7, "Due date", &mut problems), None);
        assert_eq!(
            problems[0].to_string(),
            "row 7, Due date: '31/02/2025' is not a real date; enter it like 31/03/2025 or 2025-03-31"
        );
    }

    #[test]
    fn excel_serial_numbers_are_dates() {
        assert_eq!(from_excel_serial(45747.0), Some(d(2025, 3, 31)));
        assert_eq!(from_excel_serial(45747.75), Some(d(2025, 3, 31)));
        let mut problems = Vec::new();
        assert_eq!(date(&Cell::Number(45747.0), 2, "Due date", &mut problems), Some(d(2025, 3, 31)));
        assert!(problems.is_empty());
    }

    #[test]
    fn counts_must_be_whole_and_not_negative() {
        let mut problems = Vec::new();
        let cases = |v| crate::domain::values::cases("Cases graded good", v);
        assert_eq!(checked(&Cell::Number(3.0), 2, "Good", &mut problems, cases), Some(3));
        assert_eq!(checked(&Cell::Text("2.5".into()), 2, "Good", &mut problems, cases), None);
        assert_eq!(checked(&Cell::Text("-1".into()), 2, "Good", &mut problems, cases), None);
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[1].to_string(), "row 2, Good: Cases graded good must be a whole number from 0 to 100,000");
        assert_eq!(number(&Cell::Text("80%".into()), 2, "Value", &mut problems), Some(80.0));
    }
}
