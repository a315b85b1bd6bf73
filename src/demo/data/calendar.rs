//! Dates counted back from the demo's "as at" date.

use crate::domain::calendar::{add_working_days, is_working_day};
use crate::domain::dates::{month_end, months_before};
use chrono::{Datelike, Days, Months, NaiveDate};

/// The demo's clock.
#[derive(Debug, Clone, Copy)]
pub struct Calendar {
    pub as_at: NaiveDate,
    /// The last month end on or before the date: the latest period with results.
    pub last: NaiveDate,
}

impl Calendar {
    /// A clock for a date.
    pub fn new(as_at: NaiveDate) -> Self {
        let end = month_end(as_at);
        let last = if end == as_at { end } else { month_end(months_before(end, 1)) };
        Self { as_at, last }
    }

    /// The month end `k` months before the latest one.
    pub fn m(&self, k: u32) -> NaiveDate {
        month_end(months_before(self.last, k))
    }

    /// Day `day` (1 to 28) of the month `k` months before the latest one.
    pub fn day(&self, k: u32, day: u32) -> NaiveDate {
        let end = self.m(k);
        NaiveDate::from_ymd_opt(end.year(), end.month(), day.clamp(1, 28)).unwrap_or(end)
    }

    /// The month end `k` months after the latest one (for plans still ahead).
    pub fn ahead(&self, k: u32) -> NaiveDate {
        month_end(self.last.checked_add_months(Months::new(k)).unwrap_or(self.last))
    }

    /// `n` days before the "as at" date.
    pub fn days_ago(&self, n: u64) -> NaiveDate {
        self.as_at.checked_sub_days(Days::new(n)).unwrap_or(self.as_at)
    }

    /// `n` days after a date.
    pub fn after(date: NaiveDate, n: u64) -> NaiveDate {
        date.checked_add_days(Days::new(n)).unwrap_or(date)
    }

    /// The date itself if it is a working day, otherwise the next working day
    /// (visits do not begin at a weekend or on a bank holiday).
    pub fn working_day_from(date: NaiveDate) -> NaiveDate {
        if is_working_day(date) {
            date
        } else {
            add_working_days(date, 1)
        }
    }
}
