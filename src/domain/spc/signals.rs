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

/// What the rules say of one point: its signals, its kind, and which way the
/// trend it is in runs (true rising), if it is in one.
pub(super) struct Mark {
    pub signals: Vec<Signal>,
    pub kind: PointKind,
    pub rising: Option<bool>,
}

/// The order in which a point's signals decide its kind when they point both
/// ways: outside the limits, then a trend, then two of three near a limit,
/// then a shift. It is NHSRplotthedots' order (the R package that follows
/// Making Data Count's rules, `ptd_special_cause_type`): the most extreme
/// evidence speaks first. Making Data Count's own tools do not agree on one
/// rule (its Excel tool shows improvement, the Power BI visual differs), so
/// this one order is used everywhere: the point's colour and shape, its words,
/// the table, the counts, the variation icon and the verdict. A point whose
/// other signals point the other way keeps them, and is marked and described
/// as having signals both ways (`AnalysedPoint::other_way`).
pub const PRECEDENCE: [Signal; 4] = [Signal::OutsideLimits, Signal::Trend, Signal::TwoOfThree, Signal::Shift];

/// The kind of a signal that is high (above the mean, or rising) or low.
fn kind_of(high: bool, direction: Direction) -> PointKind {
    match direction {
        Direction::Neither if high => PointKind::NeutralHigh,
        Direction::Neither => PointKind::NeutralLow,
        Direction::HigherIsBetter if high => PointKind::Improvement,
        Direction::LowerIsBetter if !high => PointKind::Improvement,
        _ => PointKind::Concern,
    }
}

/// Whether a point's signal is high: a trend by the way it runs, the others
/// by the point's side of the mean.
fn signal_is_high(signal: Signal, value: f64, mean: f64, rising: Option<bool>) -> bool {
    match signal {
        Signal::Trend => rising.unwrap_or(value > mean),
        _ => value > mean,
    }
}

/// The kind of a point with these signals: the way of the first of them in `PRECEDENCE`.
fn first_way(signals: &[Signal], value: f64, mean: f64, rising: Option<bool>) -> Option<bool> {
    PRECEDENCE.iter().find(|s| signals.contains(s)).map(|s| signal_is_high(*s, value, mean, rising))
}

/// Signals and kinds of the points of one segment, in order.
pub(super) fn mark(values: &[f64], l: &Limits, direction: Direction) -> Vec<Mark> {
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
            let rising = trend[i].map(|d| d > 0);
            let kind = match first_way(&signals, values[i], l.mean, rising) {
                Some(high) => kind_of(high, direction),
                None => PointKind::CommonCause,
            };
            Mark { signals, kind, rising }
        })
        .collect()
}

impl AnalysedPoint {
    /// Whether one of the point's signals is high (above the mean, or a rising trend).
    fn is_high(&self, signal: Signal) -> bool {
        signal_is_high(signal, self.value, self.mean.unwrap_or(self.value), self.rising)
    }

    /// The kind the point's other signals say when they point the other way
    /// from its own kind (the way of its first signal in `PRECEDENCE`): e.g.
    /// an improvement for a point below the lower limit, counted as a concern,
    /// that is also in a rising trend. None when every signal points one way.
    pub fn other_way(&self, direction: Direction) -> Option<PointKind> {
        let mean = self.mean.unwrap_or(self.value);
        let first = first_way(&self.signals, self.value, mean, self.rising)?;
        self.signals.iter().any(|s| self.is_high(*s) != first).then(|| kind_of(!first, direction))
    }

    /// The point's signals in words that say which way, e.g. "shift below the
    /// mean", "falling trend", "above the upper limit".
    pub fn signal_words(&self) -> Vec<String> {
        let high = |s: Signal| self.is_high(s);
        self.signals
            .iter()
            .map(|s| match s {
                Signal::OutsideLimits if high(*s) => "above the upper limit".to_string(),
                Signal::OutsideLimits => "below the lower limit".to_string(),
                Signal::Shift if high(*s) => "shift above the mean".to_string(),
                Signal::Shift => "shift below the mean".to_string(),
                Signal::Trend if high(*s) => "rising trend".to_string(),
                Signal::Trend => "falling trend".to_string(),
                Signal::TwoOfThree if high(*s) => "two of three points near the upper limit".to_string(),
                Signal::TwoOfThree => "two of three points near the lower limit".to_string(),
            })
            .collect()
    }
}
