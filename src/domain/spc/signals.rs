//! The four special-cause rules on one segment, and the kind of each point.
//!
//! Every rule looks only at the segment's own points, so a run never crosses
//! a recalculation point.

use super::limits::Limits;
use super::{AnalysedPoint, PointKind, Signal};
use crate::domain::kinds::Direction;

/// A run of this many points makes a shift or a trend.
const RUN_LENGTH: usize = 7;

/// Which side of a line (or which way a step goes): +1, -1, or none when equal.
fn sign(a: f64, b: f64) -> Option<i8> {
    if a > b {
        Some(1)
    } else if a < b {
        Some(-1)
    } else {
        None
    }
}

/// For each point, the direction of the run of at least `RUN_LENGTH` points it
/// belongs to, where consecutive points of a run share a key. `first_offset` says
/// whether a run starts one point before its first keyed point (for trends,
/// whose key is the step into a point).
fn runs(keys: &[Option<i8>], first_offset: usize) -> Vec<Option<i8>> {
    let n = keys.len();
    let mut out = vec![None; n];
    let mut start = 0;
    while start < n {
        let Some(k) = keys[start] else {
            start += 1;
            continue;
        };
        let mut end = start + 1;
        while end < n && keys[end] == Some(k) {
            end += 1;
        }
        let from = start - first_offset.min(start);
        if end - from >= RUN_LENGTH {
            // A point at a peak ends one trend and starts the next: it keeps the run that led to it.
            out[from..end].iter_mut().filter(|m| m.is_none()).for_each(|m| *m = Some(k));
        }
        start = end;
    }
    out
}

/// Signals and kinds of the points of one segment, in order.
pub(super) fn mark(values: &[f64], l: &Limits, direction: Direction) -> Vec<(Vec<Signal>, PointKind)> {
    let n = values.len();
    let sides: Vec<Option<i8>> = values.iter().map(|v| sign(*v, l.mean)).collect();
    let shift = runs(&sides, 0);
    // A trend of 7 points is 6 successive changes: point i carries the step into it.
    let steps: Vec<Option<i8>> = (0..n).map(|i| if i == 0 { None } else { sign(values[i], values[i - 1]) }).collect();
    let trend = runs(&steps, 1);
    let outside: Vec<bool> = values.iter().map(|v| *v > l.upper || *v < l.lower).collect();
    let near = |i: usize, s: i8| !outside[i] && if s > 0 { values[i] > l.near_upper } else { values[i] < l.near_lower };
    let mut two_of_three = vec![false; n];
    for w in 0..n.saturating_sub(2) {
        for s in [1i8, -1] {
            let window = w..w + 3;
            if window.clone().all(|i| sides[i] == Some(s)) && window.clone().filter(|i| near(*i, s)).count() >= 2 {
                window.filter(|i| near(*i, s)).for_each(|i| two_of_three[i] = true);
            }
        }
    }
    (0..n)
        .map(|i| {
            let signals: Vec<Signal> = [
                (outside[i], Signal::OutsideLimits),
                (shift[i].is_some(), Signal::Shift),
                (trend[i].is_some(), Signal::Trend),
                (two_of_three[i], Signal::TwoOfThree),
            ]
            .into_iter()
            .filter_map(|(on, s)| on.then_some(s))
            .collect();
            let kind = if signals.is_empty() {
                PointKind::CommonCause
            } else {
                // A trend says which way the process is moving even across the mean.
                let high = match trend[i] {
                    Some(d) => d > 0,
                    None => values[i] > l.mean,
                };
                match direction {
                    Direction::Neither if values[i] > l.mean => PointKind::NeutralHigh,
                    Direction::Neither => PointKind::NeutralLow,
                    Direction::HigherIsBetter if high => PointKind::Improvement,
                    Direction::LowerIsBetter if !high => PointKind::Improvement,
                    _ => PointKind::Concern,
                }
            };
            (signals, kind)
        })
        .collect()
}

impl AnalysedPoint {
    /// The point's signals in words that say which way, e.g. "shift below the
    /// mean", "falling trend", "above the upper limit". The way of a trend is
    /// read from the point's kind, so it is given only for a measure with a direction.
    pub fn signal_words(&self, direction: Direction) -> Vec<String> {
        let mean = self.mean.unwrap_or(self.value);
        let side = if self.value > mean { "above" } else { "below" };
        let rising =
            match (direction, self.kind) {
                (Direction::HigherIsBetter, PointKind::Improvement)
                | (Direction::LowerIsBetter, PointKind::Concern) => Some(true),
                (Direction::HigherIsBetter, PointKind::Concern)
                | (Direction::LowerIsBetter, PointKind::Improvement) => Some(false),
                _ => None,
            };
        self.signals
            .iter()
            .map(|s| match s {
                Signal::OutsideLimits if self.value > mean => "above the upper limit".to_string(),
                Signal::OutsideLimits => "below the lower limit".to_string(),
                Signal::Shift => format!("shift {side} the mean"),
                Signal::Trend => match rising {
                    Some(true) => "rising trend".to_string(),
                    Some(false) => "falling trend".to_string(),
                    None => "trend".to_string(),
                },
                Signal::TwoOfThree if self.value > mean => "two of three points near the upper limit".to_string(),
                Signal::TwoOfThree => "two of three points near the lower limit".to_string(),
            })
            .collect()
    }
}
