//! Calendar helpers: month ends, month arithmetic and dates in words.
//!
//! Every "window" in the status rules is counted in calendar months, and every
//! look-back steps over month ends, so these few helpers are shared by the
//! engine, the demo data and the reports.

use chrono::{Datelike, Months, NaiveDate};

/// The last day of the date's month.
pub fn month_end(date: NaiveDate) -> NaiveDate {
    let first = date.with_day(1).unwrap_or(date);
    first.checked_add_months(Months::new(1)).and_then(|d| d.pred_opt()).unwrap_or(date)
}

/// Whether the date is the last day of its month.
pub fn is_month_end(date: NaiveDate) -> bool {
    month_end(date) == date
}

/// The date `months` months earlier, clamped to the end of a shorter month
/// (31 March less one month is 28 or 29 February).
pub fn months_before(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_sub_months(Months::new(months)).unwrap_or(NaiveDate::MIN)
}

/// The month end of the month before the date's month.
fn previous_month_end(date: NaiveDate) -> NaiveDate {
    date.with_day(1).and_then(|first| first.pred_opt()).unwrap_or(NaiveDate::MIN)
}

/// Every month end strictly before `date` and on or after `earliest`, newest first.
pub fn month_ends_before(date: NaiveDate, earliest: NaiveDate) -> Vec<NaiveDate> {
    let mut ends = Vec::new();
    // The latest month end strictly before any date is the end of the month before its own.
    let mut end = previous_month_end(date);
    while end >= earliest && end < date && end > NaiveDate::MIN {
        ends.push(end);
        end = previous_month_end(end);
    }
    ends
}

/// Every month end on or after `from` and on or before `to`, oldest first.
pub fn month_ends_between(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let mut ends = Vec::new();
    let mut end = month_end(from);
    while end <= to {
        ends.push(end);
        match end.succ_opt() {
            Some(next) => end = month_end(next),
            None => break,
        }
    }
    ends
}

/// Whole months from `from` to `to` (0 when `to` is not after `from`); a month
/// counts when its day is reached or `to` is the end of a shorter month, so
/// 31 January to 28 February is one month.
pub fn whole_months(from: NaiveDate, to: NaiveDate) -> u32 {
    if to <= from {
        return 0;
    }
    let months = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32;
    let short = to.day() < from.day() && !is_month_end(to);
    u32::try_from(if short { months - 1 } else { months }).unwrap_or(0)
}

/// A date as people read it, in GOV.UK style: "1 October 2024".
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
        assert_eq!(month_end(d(2023, 2, 1)), d(2023, 2, 28));
        assert_eq!(month_end(d(2025, 12, 31)), d(2025, 12, 31));
        assert!(is_month_end(d(2024, 2, 29)) && !is_month_end(d(2024, 2, 28)));
    }

    #[test]
    fn months_before_clamps_to_a_shorter_month() {
        assert_eq!(months_before(d(2025, 3, 31), 1), d(2025, 2, 28));
        assert_eq!(months_before(d(2024, 3, 31), 1), d(2024, 2, 29));
        assert_eq!(months_before(d(2025, 3, 31), 6), d(2024, 9, 30));
        assert_eq!(months_before(d(2025, 3, 31), 12), d(2024, 3, 31));
    }

    #[test]
    fn month_ends_before_a_date_exclude_it() {
        assert_eq!(
            month_ends_before(d(2025, 3, 31), d(2024, 12, 1)),
            vec![d(2025, 2, 28), d(2025, 1, 31), d(2024, 12, 31)]
        );
        assert_eq!(month_ends_before(d(2025, 3, 15), d(2025, 2, 1)), vec![d(2025, 2, 28)]);
        assert!(month_ends_before(d(2025, 3, 15), d(2025, 3, 1)).is_empty());
    }

    #[test]
    fn month_ends_between_two_dates_include_both_ends() {
        assert_eq!(
            month_ends_between(d(2024, 11, 30), d(2025, 1, 31)),
            vec![d(2024, 11, 30), d(2024, 12, 31), d(2025, 1, 31)]
        );
        assert_eq!(month_ends_between(d(2024, 11, 15), d(2025, 1, 30)), vec![d(2024, 11, 30), d(2024, 12, 31)]);
        assert!(month_ends_between(d(2025, 1, 1), d(2025, 1, 30)).is_empty());
    }

    #[test]
    fn whole_months_count_a_month_reached_at_a_shorter_month_end() {
        assert_eq!(whole_months(d(2025, 1, 31), d(2025, 2, 28)), 1);
        assert_eq!(whole_months(d(2025, 1, 31), d(2025, 3, 15)), 1);
        assert_eq!(whole_months(d(2024, 9, 30), d(2025, 3, 31)), 6);
        assert_eq!(whole_months(d(2025, 3, 31), d(2025, 3, 31)), 0);
        assert_eq!(whole_months(d(2025, 3, 31), d(2025, 1, 31)), 0);
    }

    #[test]
    fn long_dates_have_no_leading_zero() {
        assert_eq!(long_date(d(2024, 10, 1)), "1 October 2024");
        assert_eq!(long_date(d(2025, 3, 31)), "31 March 2025");
    }
}
