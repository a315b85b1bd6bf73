//! Calendar helpers: month ends, month arithmetic and dates in words.
//!
//! Every "window" in the status rules is counted in calendar months, and every
//! look-back steps over month ends, so these few helpers are shared by the
//! engine, the demo data and the reports.

use super::fields::FieldErrors;
use chrono::{Datelike, Months, NaiveDate, NaiveDateTime, TimeZone, Timelike};
use chrono_tz::Europe::London;
use serde::Serialize;

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

/// An overdue action's state in words, the one wording every page and report
/// uses: "Overdue since 31 March 2020" (its due date). A count of days ("Overdue
/// by 2531 days") means nothing to a reader without doing sums.
pub fn overdue_since(due: NaiveDate) -> String {
    format!("Overdue since {}", long_date(due))
}

/// The UTC moment a day in England starts. Midnight exists on every English
/// day: the clocks change at 1 am.
pub fn start_of(day: NaiveDate) -> NaiveDateTime {
    let midnight = day.and_time(chrono::NaiveTime::MIN);
    London.from_local_datetime(&midnight).earliest().map_or(midnight, |t| t.naive_utc())
}

/// The UTC moment the day after `day` starts in England: changes before it
/// were made by the end of `day`.
pub fn end_of(day: NaiveDate) -> NaiveDateTime {
    start_of(day.succ_opt().unwrap_or(day))
}

/// A UTC moment as the clock read in England: Greenwich Mean Time, or
/// British Summer Time (an hour on) in summer, from the time zone database.
pub fn uk_local(utc: NaiveDateTime) -> NaiveDateTime {
    London.from_utc_datetime(&utc).naive_local()
}

/// The date in England at a UTC moment: what "today" means everywhere in
/// Sustain. Between midnight and 1 am in summer it is a day ahead of UTC's.
pub fn england_date(utc: NaiveDateTime) -> NaiveDate {
    uk_local(utc).date()
}

/// A date as people write it in an address or a command: `2025-12-31`, or
/// `31/12/2025` in UK order (`31/3/2025` too). Anything else is none.
pub fn parse_written(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let digits = |part: &str, lengths: std::ops::RangeInclusive<usize>| {
        (lengths.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit())).then(|| part.parse::<u32>().ok())?
    };
    let parts: Vec<&str>;
    let (day, month, year) = if text.contains('/') {
        parts = text.split('/').collect();
        match parts.as_slice() {
            [d, m, y] => (digits(d, 1..=2)?, digits(m, 1..=2)?, digits(y, 4..=4)?),
            _ => return None,
        }
    } else {
        parts = text.split('-').collect();
        match parts.as_slice() {
            [y, m, d] => (digits(d, 2..=2)?, digits(m, 2..=2)?, digits(y, 4..=4)?),
            _ => return None,
        }
    };
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// A UTC moment in words, in English clock time: "24 November 2026 at 8:05am".
pub fn long_date_time(utc: NaiveDateTime) -> String {
    let local = uk_local(utc);
    let hour = local.hour() % 12;
    let hour = if hour == 0 { 12 } else { hour };
    let half = if local.hour() < 12 { "am" } else { "pm" };
    format!("{} at {hour}:{:02}{half}", long_date(local.date()), local.minute())
}

/// The date a page, report or answer is "as at": today or a day in the past,
/// inclusive. Everything shown is as it stood at the end of that day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct AsAt(NaiveDate);

impl AsAt {
    /// Today, the default.
    pub fn today(today: NaiveDate) -> Self {
        Self(today)
    }

    /// Reads `2025-03-31` or `31/03/2025`; blank means today. A date after
    /// today is refused, since nothing is known about it yet.
    pub fn parse(raw: Option<&str>, today: NaiveDate) -> Result<Self, FieldErrors> {
        Self::parse_named(raw, today, ("as_at", "The \"as at\" date"))
    }

    /// As `parse`, for a date given under another name (`since`), with its
    /// messages naming it.
    pub fn parse_named(raw: Option<&str>, today: NaiveDate, (field, label): (&str, &str)) -> Result<Self, FieldErrors> {
        let Some(text) = raw.map(str::trim).filter(|s| !s.is_empty()) else { return Ok(Self(today)) };
        match parse_written(text) {
            Some(date) => Self::check(date, today, (field, label)),
            None => Err(FieldErrors::one(field, format!("{label} must be a real date, like 31/3/2025 or 2025-03-31"))),
        }
    }

    /// A date that was read, refused when it is after today or implausibly early.
    pub fn check(date: NaiveDate, today: NaiveDate, (field, label): (&str, &str)) -> Result<Self, FieldErrors> {
        if date > today {
            Err(FieldErrors::one(field, format!("{label} must be today ({}) or in the past", long_date(today))))
        } else if date.year() < 1990 {
            Err(FieldErrors::one(field, format!("{label} must be in 1990 or later")))
        } else {
            Ok(Self(date))
        }
    }

    /// The date itself.
    pub fn date(self) -> NaiveDate {
        self.0
    }

    /// Whether this is today rather than a date in the past.
    pub fn is_today(self, today: NaiveDate) -> bool {
        self.0 == today
    }
}

impl std::fmt::Display for AsAt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
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

    #[test]
    fn times_are_shown_on_the_english_clock() {
        let at = |y, m, day, h, min| d(y, m, day).and_hms_opt(h, min, 0).unwrap();
        assert_eq!(long_date_time(at(2026, 1, 15, 8, 5)), "15 January 2026 at 8:05am");
        assert_eq!(long_date_time(at(2026, 7, 1, 12, 30)), "1 July 2026 at 1:30pm", "summer time is an hour on");
        // Summer time in 2026 starts at 01:00 UTC on 29 March and ends at 01:00 UTC on 25 October.
        assert_eq!(uk_local(at(2026, 3, 29, 0, 59)), at(2026, 3, 29, 0, 59));
        assert_eq!(uk_local(at(2026, 3, 29, 1, 0)), at(2026, 3, 29, 2, 0));
        assert_eq!(uk_local(at(2026, 10, 25, 0, 59)), at(2026, 10, 25, 1, 59));
        assert_eq!(uk_local(at(2026, 10, 25, 1, 0)), at(2026, 10, 25, 1, 0));
        assert_eq!(long_date_time(at(2026, 12, 1, 0, 0)), "1 December 2026 at 12:00am");
    }

    #[test]
    fn an_as_at_date_in_the_future_is_refused_by_name() {
        let today = d(2025, 3, 31);
        let errors = AsAt::parse(Some("2025-04-01"), today).unwrap_err();
        assert!(errors.for_field("as_at").is_some_and(|m| m.contains("today")));
        assert_eq!(AsAt::parse(Some("2025-03-31"), today).map(AsAt::date), Ok(today));
    }

    #[test]
    fn a_blank_as_at_date_means_today_and_nonsense_is_refused() {
        let today = d(2025, 3, 31);
        assert_eq!(AsAt::parse(Some("  "), today).map(AsAt::date), Ok(today));
        assert!(AsAt::parse(Some("31/02/2025"), today).is_err());
        assert!(AsAt::parse(Some("-2025-01-01"), today).is_err());
        assert!(AsAt::parse(Some("2025-3-1"), today).is_err(), "the ISO spelling has two-digit parts");
    }

    #[test]
    fn an_as_at_date_is_read_in_either_spelling() {
        let today = d(2025, 12, 31);
        for text in ["2025-12-31", "31/12/2025", " 31/12/2025 "] {
            assert_eq!(AsAt::parse(Some(text), today).map(AsAt::date), Ok(today), "{text}");
        }
        assert_eq!(parse_written("3/4/2025"), Some(d(2025, 4, 3)), "UK order: 3 April");
        assert_eq!(parse_written("03/04/2025"), Some(d(2025, 4, 3)));
        for nonsense in ["31/12/25", "12/31/2025", "2025/12/31", "31-12-2025", "31/12/2025/1", "+1/12/2025", ""] {
            assert_eq!(parse_written(nonsense), None, "{nonsense}");
        }
    }

    #[test]
    fn today_is_the_date_in_england() {
        let at = |y, m, day, h, min| d(y, m, day).and_hms_opt(h, min, 0).unwrap();
        // 00:30 BST on 1 July is 23:30 UTC on 30 June: England is already on 1 July.
        assert_eq!(england_date(at(2026, 6, 30, 23, 30)), d(2026, 7, 1));
        assert_eq!(england_date(at(2026, 1, 15, 23, 30)), d(2026, 1, 15), "in winter England keeps UTC's date");
        assert_eq!(start_of(d(2026, 7, 1)), at(2026, 6, 30, 23, 0));
        assert_eq!(end_of(d(2026, 3, 28)), at(2026, 3, 29, 0, 0), "the night the clocks go forward starts at GMT");
        assert_eq!(end_of(d(2026, 3, 29)), at(2026, 3, 29, 23, 0));
    }
}
