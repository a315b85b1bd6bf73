//! Statistical process control on one measure, by NHS England's "Making Data
//! Count" rules: XmR limits per segment and the four special-cause signals.

use super::kinds::Direction;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

mod csv_input;
pub use csv_input::{series_from_csv, SeriesCsvError};

/// Charts show process limits only from this many points; fewer gives a warning.
pub const MIN_POINTS_FOR_LIMITS: usize = 15;
/// Limits are mean ± this × mean moving range.
const LIMIT_FACTOR: f64 = 2.66;
/// Moving ranges at or above this × their mean are screened out as outliers.
const SCREEN_FACTOR: f64 = 3.267;
/// A run of this many points makes a shift or a trend.
const RUN_LENGTH: usize = 7;

/// One dated value of a series.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SeriesPoint {
    pub period: NaiveDate,
    pub value: f64,
    /// This point starts a new segment (limits are calculated afresh from it).
    pub recalculate: bool,
}

/// How a measure's series is analysed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SpcSettings {
    pub direction: Direction,
    pub target: Option<f64>,
    /// Points at the start of each segment that set its limits; none means all.
    pub baseline: Option<usize>,
    /// Drop outlying moving ranges before averaging (on unless turned off).
    pub screen: bool,
}

/// A special-cause rule a point meets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Signal {
    /// Beyond a process limit.
    OutsideLimits,
    /// In a run of 7 or more on one side of the mean.
    Shift,
    /// In a run of 7 or more each rising, or each falling.
    Trend,
    /// Two of three consecutive points beyond the near-limit line on one side.
    TwoOfThree,
}

impl Signal {
    /// Words for people.
    pub fn label(self) -> &'static str {
        match self {
            Signal::OutsideLimits => "outside the process limits",
            Signal::Shift => "a shift of 7 or more points on one side of the mean",
            Signal::Trend => "a trend of 7 or more points",
            Signal::TwoOfThree => "two of three points near a process limit",
        }
    }
}

/// What a point's variation says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PointKind {
    CommonCause,
    Improvement,
    Concern,
    NeutralHigh,
    NeutralLow,
}

impl PointKind {
    /// Words for people.
    pub fn label(self) -> &'static str {
        match self {
            PointKind::CommonCause => "common cause variation",
            PointKind::Improvement => "special cause: improvement",
            PointKind::Concern => "special cause: concern",
            PointKind::NeutralHigh => "special cause: high",
            PointKind::NeutralLow => "special cause: low",
        }
    }
}

/// Whether the process can be relied on to meet its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Assurance {
    ConsistentPass,
    ConsistentFail,
    Inconsistent,
}

impl Assurance {
    /// Words for people.
    pub fn label(self) -> &'static str {
        match self {
            Assurance::ConsistentPass => "will consistently meet the target",
            Assurance::ConsistentFail => "will consistently miss the target",
            Assurance::Inconsistent => "will hit and miss the target",
        }
    }
}

/// One point with its segment's statistics and its signals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnalysedPoint {
    pub period: NaiveDate,
    pub value: f64,
    pub segment: usize,
    pub mean: Option<f64>,
    pub lower_limit: Option<f64>,
    pub upper_limit: Option<f64>,
    pub near_lower: Option<f64>,
    pub near_upper: Option<f64>,
    pub signals: Vec<Signal>,
    pub kind: PointKind,
}

/// The analysis of a whole series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpcAnalysis {
    pub points: Vec<AnalysedPoint>,
    /// The kind of the latest point; none for an empty series.
    pub variation: Option<PointKind>,
    pub assurance: Option<Assurance>,
    /// Fewer than 15 points: limits are computed but not reliable (shown as a warning).
    #[serde(skip)]
    pub too_few_points: bool,
}

/// Statistics of one segment.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Limits {
    mean: f64,
    lower: f64,
    upper: f64,
    near_lower: f64,
    near_upper: f64,
}

fn average(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

/// Mean and limits from a segment's baseline; none with fewer than 2 points.
fn limits(values: &[f64], baseline: Option<usize>, screen: bool) -> Option<Limits> {
    if values.len() < 2 {
        return None;
    }
    let base = &values[..baseline.unwrap_or(values.len()).clamp(2, values.len())];
    let mean = average(base);
    let ranges: Vec<f64> = base.windows(2).map(|w| (w[1] - w[0]).abs()).collect();
    let mut mean_range = average(&ranges);
    if screen {
        let kept: Vec<f64> = ranges.iter().copied().filter(|r| *r < SCREEN_FACTOR * mean_range).collect();
        if !kept.is_empty() {
            mean_range = average(&kept);
        }
    }
    let width = LIMIT_FACTOR * mean_range;
    let near = 2.0 / 3.0 * width;
    Some(Limits { mean, lower: mean - width, upper: mean + width, near_lower: mean - near, near_upper: mean + near })
}

/// Marks every index in runs of at least `RUN_LENGTH` where `same(i)` holds for
/// consecutive indices (`same(i)` relates point i to the run it continues).
fn mark_runs(len: usize, key: impl Fn(usize) -> Option<i8>, out: &mut [bool]) {
    let mut start = 0;
    while start < len {
        let Some(k) = key(start) else {
            start += 1;
            continue;
        };
        let mut end = start + 1;
        while end < len && key(end) == Some(k) {
            end += 1;
        }
        if end - start >= RUN_LENGTH {
            out[start..end].iter_mut().for_each(|m| *m = true);
        }
        start = end;
    }
}

/// Signals and kinds of the points of one segment.
fn segment_signals(values: &[f64], l: &Limits, direction: Direction) -> Vec<(Vec<Signal>, PointKind)> {
    let n = values.len();
    let side = |i: usize| -> Option<i8> {
        if values[i] > l.mean {
            Some(1)
        } else if values[i] < l.mean {
            Some(-1)
        } else {
            None
        }
    };
    let mut shift = vec![false; n];
    mark_runs(n, side, &mut shift);
    // A trend of 7 points is 6 successive changes in one direction: index i
    // carries the direction of the step into it; the run starts one earlier.
    let step = |i: usize| -> Option<i8> {
        if i == 0 {
            return None;
        }
        if values[i] > values[i - 1] {
            Some(1)
        } else if values[i] < values[i - 1] {
            Some(-1)
        } else {
            None
        }
    };
    let mut trend = vec![false; n];
    let mut trend_dir = vec![0i8; n];
    let mut i = 1;
    while i < n {
        let Some(d) = step(i) else {
            i += 1;
            continue;
        };
        let mut end = i + 1;
        while end < n && step(end) == Some(d) {
            end += 1;
        }
        // Points i-1 ..= end-1 form the run.
        if end - (i - 1) >= RUN_LENGTH {
            for j in (i - 1)..end {
                trend[j] = true;
                trend_dir[j] = d;
            }
        }
        i = end;
    }
    let outside = |i: usize| values[i] > l.upper || values[i] < l.lower;
    let near = |i: usize, s: i8| !outside(i) && if s > 0 { values[i] > l.near_upper } else { values[i] < l.near_lower };
    let mut two_of_three = vec![false; n];
    for w in 0..n.saturating_sub(2) {
        for s in [1i8, -1] {
            let window = w..w + 3;
            if window.clone().all(|i| side(i) == Some(s)) && window.clone().filter(|i| near(*i, s)).count() >= 2 {
                window.filter(|i| near(*i, s)).for_each(|i| two_of_three[i] = true);
            }
        }
    }
    (0..n)
        .map(|i| {
            let mut signals = Vec::new();
            if outside(i) {
                signals.push(Signal::OutsideLimits);
            }
            if shift[i] {
                signals.push(Signal::Shift);
            }
            if trend[i] {
                signals.push(Signal::Trend);
            }
            if two_of_three[i] {
                signals.push(Signal::TwoOfThree);
            }
            let kind = if signals.is_empty() {
                PointKind::CommonCause
            } else {
                let high = if trend[i] { trend_dir[i] > 0 } else { values[i] > l.mean };
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

/// Analyses a series: points sorted by period, split into segments at each
/// point marked `recalculate`.
pub fn analyse(points: &[SeriesPoint], settings: &SpcSettings) -> SpcAnalysis {
    let mut sorted = points.to_vec();
    sorted.sort_by_key(|p| p.period);
    let mut analysed = Vec::with_capacity(sorted.len());
    let mut last_limits = None;
    let mut segment = 0;
    let mut start = 0;
    while start < sorted.len() {
        let mut end = start + 1;
        while end < sorted.len() && !sorted[end].recalculate {
            end += 1;
        }
        let values: Vec<f64> = sorted[start..end].iter().map(|p| p.value).collect();
        let seg_limits = limits(&values, settings.baseline, settings.screen);
        let marks = match &seg_limits {
            Some(l) => segment_signals(&values, l, settings.direction),
            None => vec![(Vec::new(), PointKind::CommonCause); values.len()],
        };
        for (p, (signals, kind)) in sorted[start..end].iter().zip(marks) {
            analysed.push(AnalysedPoint {
                period: p.period,
                value: p.value,
                segment,
                mean: seg_limits.map(|l| l.mean),
                lower_limit: seg_limits.map(|l| l.lower),
                upper_limit: seg_limits.map(|l| l.upper),
                near_lower: seg_limits.map(|l| l.near_lower),
                near_upper: seg_limits.map(|l| l.near_upper),
                signals,
                kind,
            });
        }
        last_limits = seg_limits;
        segment += 1;
        start = end;
    }
    let assurance = match (settings.target, last_limits, settings.direction) {
        (Some(target), Some(l), Direction::HigherIsBetter) => Some(if target < l.lower {
            Assurance::ConsistentPass
        } else if target > l.upper {
            Assurance::ConsistentFail
        } else {
            Assurance::Inconsistent
        }),
        (Some(target), Some(l), Direction::LowerIsBetter) => Some(if target > l.upper {
            Assurance::ConsistentPass
        } else if target < l.lower {
            Assurance::ConsistentFail
        } else {
            Assurance::Inconsistent
        }),
        _ => None,
    };
    SpcAnalysis {
        variation: analysed.last().map(|p| p.kind),
        too_few_points: analysed.len() < MIN_POINTS_FOR_LIMITS,
        points: analysed,
        assurance,
    }
}

/// Builds a series from dated values and the dates limits restart from: the
/// first point on or after each recalculation date starts a segment.
pub fn series(results: &[(NaiveDate, f64)], recalculation_points: &[NaiveDate]) -> Vec<SeriesPoint> {
    let mut sorted = results.to_vec();
    sorted.sort_by_key(|r| r.0);
    let mut points: Vec<SeriesPoint> = sorted
        .iter()
        .map(|(period, value)| SeriesPoint { period: *period, value: *value, recalculate: false })
        .collect();
    for date in recalculation_points {
        if let Some(p) = points.iter_mut().find(|p| p.period >= *date) {
            p.recalculate = true;
        }
    }
    if let Some(first) = points.first_mut() {
        first.recalculate = false;
    }
    points
}

#[cfg(test)]
mod tests;
