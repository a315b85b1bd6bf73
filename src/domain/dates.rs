//! Calendar helpers: month ends, month arithmetic and dates in words.

use chrono::{Datelike, Months, NaiveDate};

/// The last day of the date's month.
pub fn month_end(date: NaiveDate) -> NaiveDate {
    let first = date.with_day(1).unwrap_or(date);
    first.checked_add_months(Months::new(1)).and_then(|d| d.pred_opt()).unwrap_or(date)
}

/// The date `months` months earlier, clamped to the end of a shorter month.
pub fn months_before(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_sub_months(Months::new(months)).unwrap_or(NaiveDate::MIN)
}

/// Every month end strictly before `date` and on or after `earliest`, newest first.
pub fn month_ends_before(date: NaiveDate, earliest: NaiveDate) -> Vec<NaiveDate> {
    let mut ends = Vec::new();
    let mut end = month_end(date);
    if end >= date {
        end = month_end(months_before(date.with_day(1).unwrap_or(date), 1));
    }
    while end >= earliest && end < date {
        ends.push(end);
        end = month_end(months_before(end.with_day(1).unwrap_or(end), 1));
    }
    ends
}

/// A date as people read it: "1 October 2024".
pub fn long_date(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn month_end_knows_leap_years() {
        assert_eq!(month_end(d(2024, 2, 10)), d(2024, 2, 29));
        assert_eq!(month_end(d(2025, 12, 31)), d(2025, 12, 31));
    }

    #[test]
    fn months_before_clamps_to_a_shorter_month() {
        assert_eq!(months_before(d(2025, 3, 31), 1), d(2025, 2, 28));
        assert_eq!(months_before(d(2025, 3, 31), 6), d(2024, 9, 30));
    }

    #[test]
    fn month_ends_before_a_date_exclude_it() {
        assert_eq!(
            month_ends_before(d(2025, 3, 31), d(2024, 12, 1)),
            vec![d(2025, 2, 28), d(2025, 1, 31), d(2024, 12, 31)]
        );
        assert_eq!(month_ends_before(d(2025, 3, 15), d(2025, 2, 1)), vec![d(2025, 2, 28)]);
    }

    #[test]
    fn long_dates_have_no_leading_zero() {
        assert_eq!(long_date(d(2024, 10, 1)), "1 October 2024");
    }
}
