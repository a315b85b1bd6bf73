//! Working days in England and Wales: bank holidays, and deadlines counted in
//! working days.
//!
//! After a visit sets areas for priority action, the council owes a draft
//! action plan within 20 working days and the final plan within 70 working
//! days of publication (DOMAIN.md, "Deadlines"). A working day is Monday to
//! Friday and not a bank holiday in England and Wales.
//!
//! Bank holidays are held as data: the dates for 2015 to 2035 are an explicit
//! table (`england_and_wales.rs`), because one-off days (jubilees, a state
//! funeral, a coronation, a moved early May holiday) are proclaimed, not
//! computed. Outside the table the standard pattern is computed: New Year's
//! Day, Good Friday, Easter Monday, the first Monday of May, the last Mondays
//! of May and August, Christmas Day and Boxing Day, with a substitute Monday or
//! Tuesday when any of New Year's Day, Christmas Day or Boxing Day falls at a
//! weekend. A test checks that the rule and the table agree in every year
//! without a one-off change, so a typo in the table cannot hide.
//!
//! The counting convention: the day a report is published does not count, so
//! the first working day after publication is day 1.

use chrono::{Datelike, Days, NaiveDate, Weekday};

mod england_and_wales;

use england_and_wales::{BankHoliday, BANK_HOLIDAYS, FIRST_LISTED_YEAR, LAST_LISTED_YEAR};

/// Working days from publication to the draft action plan after areas for priority action.
pub const DRAFT_PLAN_WORKING_DAYS: u32 = 20;

/// Working days from publication to the final action plan.
pub const FINAL_PLAN_WORKING_DAYS: u32 = 70;

/// Whether the date is a bank holiday in England and Wales (from the table for
/// 2015 to 2035, otherwise from the standard pattern).
pub fn is_bank_holiday(d: NaiveDate) -> bool {
    bank_holiday_name(d).is_some()
}

/// The bank holiday's name as GOV.UK gives it ("Easter Monday", "Boxing Day
/// (substitute day)"), or `None` when the date is not a bank holiday.
pub fn bank_holiday_name(d: NaiveDate) -> Option<&'static str> {
    if (FIRST_LISTED_YEAR..=LAST_LISTED_YEAR).contains(&d.year()) {
        let found = BANK_HOLIDAYS.binary_search_by_key(&d, |h| h.date).ok()?;
        BANK_HOLIDAYS.get(found).map(|h| h.name)
    } else {
        standard_bank_holidays(d.year()).into_iter().find(|h| h.date == d).map(|h| h.name)
    }
}

/// Whether the date is a working day: Monday to Friday and not a bank holiday.
pub fn is_working_day(d: NaiveDate) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !is_bank_holiday(d)
}

/// The `n`-th working day after `from`: `from` itself never counts, whatever
/// day it is, so `add_working_days(friday, 1)` is the next Monday (or Tuesday
/// after a bank holiday Monday). Zero working days after a date is the date
/// itself. At the end of the calendar (`NaiveDate::MAX`) the count stops there.
pub fn add_working_days(from: NaiveDate, n: u32) -> NaiveDate {
    let mut day = from;
    let mut left = n;
    while left > 0 {
        match day.succ_opt() {
            Some(next) => day = next,
            None => return day,
        }
        if is_working_day(day) {
            left -= 1;
        }
    }
    day
}

/// Working days after `from` up to and including `to`: "how many working days
/// are left" from today to a deadline. Zero when `to` is `from`; negative, by
/// the same count taken the other way, when `to` is before `from` (a deadline
/// already passed). For any `n`,
/// `working_days_between(from, add_working_days(from, n)) == n`.
pub fn working_days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    if to < from {
        return -working_days_between(to, from);
    }
    let count = from.iter_days().skip(1).take_while(|d| *d <= to).filter(|d| is_working_day(*d)).count();
    i64::try_from(count).unwrap_or(i64::MAX)
}

/// When the action plans are due after a report with areas for priority action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanDeadlines {
    /// The draft action plan: 20 working days after publication.
    pub draft: NaiveDate,
    /// The final action plan: 70 working days after publication.
    pub final_plan: NaiveDate,
}

/// The draft and final plan deadlines for a report published on the date
/// (20 and 70 working days after it; the day of publication does not count).
pub fn plan_deadlines(published_on: NaiveDate) -> PlanDeadlines {
    PlanDeadlines {
        draft: add_working_days(published_on, DRAFT_PLAN_WORKING_DAYS),
        final_plan: add_working_days(published_on, FINAL_PLAN_WORKING_DAYS),
    }
}

/// The standard pattern of England and Wales bank holidays for a year, in
/// date order, with substitute days for New Year's Day, Christmas Day and
/// Boxing Day at a weekend. One-off proclamations are not in it: that is what
/// the table is for. Dates beyond chrono's range are left out.
fn standard_bank_holidays(year: i32) -> Vec<BankHoliday> {
    let date = |month, day| NaiveDate::from_ymd_opt(year, month, day);
    let holiday = |date: Option<NaiveDate>, name| date.map(|date| BankHoliday { date, name });
    let easter = easter_sunday(year);
    let new_year = match date(1, 1).map(|d| d.weekday()) {
        Some(Weekday::Sat) => holiday(date(1, 3), "New Year's Day (substitute day)"),
        Some(Weekday::Sun) => holiday(date(1, 2), "New Year's Day (substitute day)"),
        _ => holiday(date(1, 1), "New Year's Day"),
    };
    let christmas = match date(12, 25).map(|d| d.weekday()) {
        Some(Weekday::Fri) => {
            [holiday(date(12, 25), "Christmas Day"), holiday(date(12, 28), "Boxing Day (substitute day)")]
        }
        Some(Weekday::Sat) => [
            holiday(date(12, 27), "Christmas Day (substitute day)"),
            holiday(date(12, 28), "Boxing Day (substitute day)"),
        ],
        Some(Weekday::Sun) => {
            [holiday(date(12, 26), "Boxing Day"), holiday(date(12, 27), "Christmas Day (substitute day)")]
        }
        _ => [holiday(date(12, 25), "Christmas Day"), holiday(date(12, 26), "Boxing Day")],
    };
    [
        new_year,
        holiday(easter.and_then(|e| e.checked_sub_days(Days::new(2))), "Good Friday"),
        holiday(easter.and_then(|e| e.checked_add_days(Days::new(1))), "Easter Monday"),
        holiday(NaiveDate::from_weekday_of_month_opt(year, 5, Weekday::Mon, 1), "Early May bank holiday"),
        holiday(last_monday(year, 5), "Spring bank holiday"),
        holiday(last_monday(year, 8), "Summer bank holiday"),
    ]
    .into_iter()
    .chain(christmas)
    .flatten()
    .collect()
}

/// The last Monday of a month that has 31 days (May and August are the only
/// ones asked for).
fn last_monday(year: i32, month: u32) -> Option<NaiveDate> {
    let last = NaiveDate::from_ymd_opt(year, month, 31)?;
    last.checked_sub_days(Days::new(u64::from(last.weekday().num_days_from_monday())))
}

/// Easter Sunday in the Gregorian calendar, by the anonymous Gregorian
/// algorithm (Meeus/Jones/Butcher), valid for any Gregorian year.
fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let (d, e) = (b.div_euclid(4), b.rem_euclid(4));
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let n = h + l - 7 * m + 114;
    NaiveDate::from_ymd_opt(year, u32::try_from(n / 31).ok()?, u32::try_from(n % 31 + 1).ok()?)
}

#[cfg(test)]
mod tests;
