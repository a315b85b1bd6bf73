//! A user's allowance of API requests: a burst of the per-minute quota,
//! refilled evenly (one request every minute / quota). Kept as one moment per
//! user, when the allowance is full again (the cell-rate algorithm's
//! "theoretical arrival time"), so that any instance can decide from the
//! stored moment alone.

use chrono::{NaiveDateTime, TimeDelta};
use std::num::NonZeroU32;

/// What one request does to a user's allowance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Served; the allowance is now full again at this moment (to be stored).
    Allowed { full_at: NaiveDateTime },
    /// Refused; the next request is allowed after this many whole seconds (at
    /// least 1). Nothing is spent, so the stored moment stays as it was.
    Wait { seconds: u64 },
}

/// How long one request takes to refill, in microseconds: a minute over the
/// quota, rounded up, so the rate never exceeds the quota.
fn refill_micros(per_minute: NonZeroU32) -> i64 {
    60_000_000_u64.div_ceil(u64::from(per_minute.get())) as i64
}

/// Decides one request, at `now`, by the user's stored `full_at` (none when
/// they have never used the API, or the row was cleared: a full allowance).
///
/// A request is allowed while at least one request's worth remains, that is
/// while `full_at` is at most a minute less one request's refill ahead of
/// `now`; each allowed request moves `full_at` on by one refill from whichever
/// is later, `full_at` or `now`. So a user with a full allowance may make
/// `per_minute` requests at once, then one each `60 s / per_minute`.
pub fn decide(full_at: Option<NaiveDateTime>, now: NaiveDateTime, per_minute: NonZeroU32) -> Decision {
    let refill = TimeDelta::microseconds(refill_micros(per_minute));
    // How far ahead `full_at` may be with one request still left.
    let burst = TimeDelta::microseconds(refill_micros(per_minute) * (i64::from(per_minute.get()) - 1));
    let full_at = full_at.map_or(now, |at| at.max(now));
    let ahead = full_at - now;
    if ahead <= burst {
        return Decision::Allowed { full_at: full_at + refill };
    }
    let wait = (ahead - burst).num_microseconds().unwrap_or(i64::MAX).max(0) as u64;
    Decision::Wait { seconds: wait.div_ceil(1_000_000).max(1) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn quota(n: u32) -> NonZeroU32 {
        NonZeroU32::new(n).unwrap()
    }

    fn start() -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap().and_hms_opt(9, 0, 0).unwrap()
    }

    /// Runs requests at the given moments (microseconds after `start`) in
    /// order; returns which were allowed, and the last refusal's wait.
    fn run(per_minute: u32, moments: &[i64]) -> (Vec<bool>, Option<u64>) {
        let (mut stored, mut allowed, mut last_wait) = (None, Vec::new(), None);
        for &micros in moments {
            match decide(stored, start() + TimeDelta::microseconds(micros), quota(per_minute)) {
                Decision::Allowed { full_at } => {
                    stored = Some(full_at);
                    allowed.push(true);
                }
                Decision::Wait { seconds } => {
                    last_wait = Some(seconds);
                    allowed.push(false);
                }
            }
        }
        (allowed, last_wait)
    }

    #[test]
    fn a_user_gets_their_burst_then_waits_for_one_request_to_refill() {
        let (allowed, wait) = run(60, &[0; 61]);
        assert!(allowed[..60].iter().all(|&a| a), "the whole burst at once");
        assert!(!allowed[60]);
        assert_eq!(wait, Some(1), "one a second refills");
    }

    #[test]
    fn after_the_wait_it_was_told_the_next_request_is_allowed() {
        let (allowed, wait) = run(5, &[0, 0, 0, 0, 0, 0]);
        assert_eq!((allowed[5], wait), (false, Some(12)), "five a minute: one each 12 seconds");
        let (allowed, _) = run(5, &[0, 0, 0, 0, 0, 11_999_999, 12_000_000, 12_000_000]);
        assert_eq!(&allowed[5..], &[false, true, false]);
    }

    #[test]
    fn a_refusal_spends_nothing() {
        let spent = decide(None, start(), quota(1));
        let Decision::Allowed { full_at } = spent else { panic!("{spent:?}") };
        assert_eq!(full_at, start() + TimeDelta::minutes(1));
        let later = start() + TimeDelta::seconds(30);
        assert_eq!(decide(Some(full_at), later, quota(1)), Decision::Wait { seconds: 30 });
        assert_eq!(
            decide(Some(full_at), later, quota(1)),
            Decision::Wait { seconds: 30 },
            "asking again does not push it back"
        );
    }

    #[test]
    fn a_quiet_minute_fills_the_allowance_again() {
        let mut moments = vec![0; 10];
        moments.extend([60_000_000; 10]);
        moments.push(60_000_000);
        let (allowed, _) = run(10, &moments);
        assert_eq!(allowed.iter().filter(|&&a| a).count(), 20);
        assert!(!allowed[20]);
    }

    #[test]
    fn a_moment_stored_long_ago_is_a_full_allowance() {
        let (allowed, _) = run(3, &[0]);
        assert!(allowed[0]);
        let long_ago = start() - TimeDelta::days(400);
        assert_eq!(decide(Some(long_ago), start(), quota(3)), decide(None, start(), quota(3)));
    }

    proptest! {
        /// In any span of `L` seconds a user is served at most the quota plus
        /// what refills in `L` (so at most the quota at once, and never more
        /// than twice the quota in any one minute).
        #[test]
        fn never_more_than_the_burst_plus_what_refills(
            per_minute in 1u32..200,
            gaps in proptest::collection::vec(0i64..3_000_000, 1..400),
        ) {
            let moments: Vec<i64> = gaps.iter().scan(0, |at, gap| { *at += gap; Some(*at) }).collect();
            let (allowed, _) = run(per_minute, &moments);
            let served: Vec<i64> = moments.iter().zip(&allowed).filter(|(_, &a)| a).map(|(&m, _)| m).collect();
            for (i, &from) in served.iter().enumerate() {
                for (j, &to) in served.iter().enumerate().skip(i) {
                    let bound = f64::from(per_minute) + (to - from) as f64 * f64::from(per_minute) / 60e6;
                    prop_assert!((j - i + 1) as f64 <= bound + 1e-9, "{} served in {} µs at {per_minute} a minute", j - i + 1, to - from);
                }
            }
        }

        /// From a full allowance the whole quota is served at once, and the
        /// next one is told to wait one refill, rounded up to a second.
        #[test]
        fn a_full_allowance_serves_the_whole_quota_at_once(per_minute in 1u32..2_000) {
            let (allowed, wait) = run(per_minute, &vec![0; per_minute as usize + 1]);
            prop_assert!(allowed[..per_minute as usize].iter().all(|&a| a));
            prop_assert!(!allowed[per_minute as usize]);
            prop_assert_eq!(wait, Some(60u64.div_ceil(u64::from(per_minute)).max(1)));
        }

        /// A refused request is told a wait after which it would be served,
        /// and one second less would not have been enough (bar the first second).
        #[test]
        fn the_wait_told_is_long_enough_and_no_longer(
            per_minute in 1u32..200,
            gaps in proptest::collection::vec(0i64..2_000_000, 1..300),
        ) {
            let mut stored = None;
            let mut at = start();
            for gap in gaps {
                at += TimeDelta::microseconds(gap);
                match decide(stored, at, quota(per_minute)) {
                    Decision::Allowed { full_at } => stored = Some(full_at),
                    Decision::Wait { seconds } => {
                        prop_assert!(seconds >= 1);
                        let after = at + TimeDelta::seconds(seconds as i64);
                        let allowed_after = matches!(decide(stored, after, quota(per_minute)), Decision::Allowed { .. });
                        prop_assert!(allowed_after, "still refused after the {seconds} s it was told");
                        if seconds > 1 {
                            let sooner = after - TimeDelta::seconds(1);
                            let refused_sooner = matches!(decide(stored, sooner, quota(per_minute)), Decision::Wait { .. });
                            prop_assert!(refused_sooner, "{seconds} s was longer than needed");
                        }
                    }
                }
            }
        }
    }
}
