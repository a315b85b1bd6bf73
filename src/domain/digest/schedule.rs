//! When `serve` sends the digest: once a week, on a weekday at a time of day
//! in English clock time ("monday 07:00").

use chrono::{Datelike, Days, NaiveDateTime, NaiveTime, Weekday};
use std::fmt;
use std::str::FromStr;
use std::time::Duration;

/// A weekday and a time of day, in English clock time (GMT or BST).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Weekly {
    pub weekday: Weekday,
    pub time: NaiveTime,
}

/// Why a schedule could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a weekly schedule such as \"monday 07:00\" (a weekday, then a 24-hour time)")]
pub struct BadSchedule(pub String);

impl FromStr for Weekly {
    type Err = BadSchedule;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || BadSchedule(text.to_string());
        let mut words = text.split_whitespace();
        let (Some(day), Some(time), None) = (words.next(), words.next(), words.next()) else { return Err(bad()) };
        let weekday: Weekday = day.parse().map_err(|_| bad())?;
        let time = NaiveTime::parse_from_str(time, "%H:%M").map_err(|_| bad())?;
        Ok(Weekly { weekday, time })
    }
}

impl fmt::Display for Weekly {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let day = match self.weekday {
            Weekday::Mon => "Monday",
            Weekday::Tue => "Tuesday",
            Weekday::Wed => "Wednesday",
            Weekday::Thu => "Thursday",
            Weekday::Fri => "Friday",
            Weekday::Sat => "Saturday",
            Weekday::Sun => "Sunday",
        };
        write!(f, "{day} at {}", self.time.format("%H:%M"))
    }
}

impl Weekly {
    /// The latest scheduled moment at or before `local` (English clock time).
    pub fn latest_at_or_before(&self, local: NaiveDateTime) -> NaiveDateTime {
        let back = (7 + local.weekday().num_days_from_monday() - self.weekday.num_days_from_monday()) % 7;
        let candidate =
            local.date().checked_sub_days(Days::new(u64::from(back))).unwrap_or(local.date()).and_time(self.time);
        if candidate <= local {
            candidate
        } else {
            candidate.checked_sub_days(Days::new(7)).unwrap_or(candidate)
        }
    }

    /// How long to wait at `local` before looking again: until the next
    /// scheduled moment, so that the digest goes at its minute, but never
    /// longer than `longest`. Local clock time skips an hour in March, so a
    /// wait worked out in it can be an hour long; the cap keeps a look due soon.
    pub fn next_look(&self, local: NaiveDateTime, longest: Duration) -> Duration {
        let next = self.latest_at_or_before(local).checked_add_days(Days::new(7)).unwrap_or(local);
        let until = (next - local).to_std().unwrap_or_default();
        until.clamp(Duration::from_millis(10), longest.max(Duration::from_millis(10)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(h, min, 0).unwrap()
    }

    #[test]
    fn a_schedule_is_a_weekday_and_a_24_hour_time() {
        let weekly: Weekly = "monday 07:00".parse().unwrap();
        assert_eq!(weekly, Weekly { weekday: Weekday::Mon, time: NaiveTime::from_hms_opt(7, 0, 0).unwrap() });
        assert_eq!("Fri 16:30".parse::<Weekly>().unwrap().to_string(), "Friday at 16:30");
        for bad in ["", "monday", "07:00", "someday 07:00", "monday 7am", "monday 25:00", "monday 07:00 extra"] {
            assert!(bad.parse::<Weekly>().is_err(), "{bad}");
        }
    }

    #[test]
    fn the_latest_run_is_this_weeks_once_its_time_has_come_and_last_weeks_before() {
        let weekly: Weekly = "monday 07:00".parse().unwrap();
        // 30 November 2026 is a Monday.
        assert_eq!(weekly.latest_at_or_before(at(2026, 11, 30, 7, 0)), at(2026, 11, 30, 7, 0));
        assert_eq!(weekly.latest_at_or_before(at(2026, 11, 30, 6, 59)), at(2026, 11, 23, 7, 0));
        assert_eq!(weekly.latest_at_or_before(at(2026, 12, 3, 12, 0)), at(2026, 11, 30, 7, 0));
        assert_eq!(weekly.latest_at_or_before(at(2026, 11, 29, 23, 0)), at(2026, 11, 23, 7, 0));
    }

    #[test]
    fn the_next_look_is_at_the_moment_when_it_is_near_and_capped_when_far() {
        let weekly: Weekly = "monday 07:00".parse().unwrap();
        let minute = Duration::from_secs(60);
        let three_seconds_before = at(2026, 11, 30, 6, 59) + chrono::TimeDelta::seconds(57);
        assert_eq!(weekly.next_look(three_seconds_before, minute), Duration::from_secs(3));
        // At the moment itself the next one is a week away.
        assert_eq!(weekly.next_look(at(2026, 11, 30, 7, 0), minute), minute);
        assert_eq!(weekly.next_look(at(2026, 12, 3, 12, 0), minute), minute);
    }
}
