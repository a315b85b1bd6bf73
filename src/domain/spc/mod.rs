//! Statistical process control on one measure, by NHS England's "Making Data
//! Count" rules: XmR limits per segment and the four special-cause signals.
//!
//! A series is split into segments at recalculation points; each segment has
//! its own mean and limits, and runs never cross from one segment to the next.
//! A segment of fewer than 2 points has no moving range, so it gets no mean,
//! no limits and no signals (every point is common cause).

use super::kinds::Direction;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

mod csv;
mod limits;
mod signals;

pub use self::csv::{series_from_csv, SeriesCsvError};
use limits::Limits;
pub use signals::PRECEDENCE;

/// Charts show process limits only from this many points; with fewer the
/// limits are still computed, and the analysis says there are too few.
pub const MIN_POINTS_FOR_LIMITS: usize = 15;

/// The largest value, either side of zero, that the statistics take: far
/// past any measure's range (`values::LARGEST_VALUE`), and small enough
/// that sums, moving ranges and limits of any series stay finite.
pub const LARGEST_MAGNITUDE: f64 = 1e12;

/// Whether the statistics can take a value: finite and within `LARGEST_MAGNITUDE`.
pub fn analysable(value: f64) -> bool {
    value.is_finite() && value.abs() <= LARGEST_MAGNITUDE
}

/// One dated value of a series.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SeriesPoint {
    /// The end of the period the value is for.
    pub period: NaiveDate,
    /// The value.
    pub value: f64,
    /// This point starts a new segment (limits are calculated afresh from it).
    pub recalculate: bool,
}

/// How a measure's series is analysed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SpcSettings {
    /// Which way is better; decides improvement against concern.
    pub direction: Direction,
    /// The target, for the assurance icon and the sustained test.
    pub target: Option<f64>,
    /// Points at the start of each segment that set its limits; none means all.
    /// Values below 2 are read as 2, the fewest that give a moving range.
    pub baseline: Option<usize>,
    /// Drop outlying moving ranges before averaging (on unless turned off).
    #[serde(default = "screen_by_default")]
    pub screen: bool,
}

fn screen_by_default() -> bool {
    true
}

impl Default for SpcSettings {
    fn default() -> Self {
        Self { direction: Direction::Neither, target: None, baseline: None, screen: true }
    }
}

/// A special-cause rule a point meets. The order of the variants is the
/// order signals are listed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
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
    /// The name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Signal::OutsideLimits => "outside_limits",
            Signal::Shift => "shift",
            Signal::Trend => "trend",
            Signal::TwoOfThree => "two_of_three",
        }
    }

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PointKind {
    /// No signal.
    CommonCause,
    /// A signal in the better direction.
    Improvement,
    /// A signal in the worse direction.
    Concern,
    /// A signal above the mean, for a measure with no direction.
    NeutralHigh,
    /// A signal at or below the mean, for a measure with no direction.
    NeutralLow,
}

impl PointKind {
    /// The name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            PointKind::CommonCause => "common_cause",
            PointKind::Improvement => "improvement",
            PointKind::Concern => "concern",
            PointKind::NeutralHigh => "neutral_high",
            PointKind::NeutralLow => "neutral_low",
        }
    }

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Assurance {
    /// The target lies beyond the worse limit: every expected value meets it.
    ConsistentPass,
    /// The target lies beyond the better limit: no expected value meets it.
    ConsistentFail,
    /// The target lies between the limits: hit and miss.
    Inconsistent,
}

impl Assurance {
    /// The name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Assurance::ConsistentPass => "consistent_pass",
            Assurance::ConsistentFail => "consistent_fail",
            Assurance::Inconsistent => "inconsistent",
        }
    }

    /// Words for people.
    pub fn label(self) -> &'static str {
        match self {
            Assurance::ConsistentPass => "will consistently meet the target",
            Assurance::ConsistentFail => "will consistently miss the target",
            Assurance::Inconsistent => "will hit and miss the target",
        }
    }
}

/// What a measure lacks for its assurance icon: nothing when it has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AssuranceNeeds {
    /// It has no target.
    pub target: bool,
    /// It has no direction, so meeting the target has no side.
    pub direction: bool,
    /// Its limits are not reliable: too few points, or a latest segment too short for limits.
    pub limits: bool,
}

impl AssuranceNeeds {
    /// Whether it lacks anything.
    pub fn any(&self) -> bool {
        self.target || self.direction || self.limits
    }
}

/// One point with its segment's statistics and its signals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnalysedPoint {
    /// The end of the period.
    pub period: NaiveDate,
    /// The value.
    pub value: f64,
    /// Which segment (0 first) the point is in.
    pub segment: usize,
    /// The segment's centre line; none for a segment of fewer than 2 points.
    pub mean: Option<f64>,
    /// Lower process limit.
    pub lower_limit: Option<f64>,
    /// Upper process limit.
    pub upper_limit: Option<f64>,
    /// Lower near-limit line (two thirds of the way to the limit).
    pub near_lower: Option<f64>,
    /// Upper near-limit line.
    pub near_upper: Option<f64>,
    /// The signals the point meets, in the order of `Signal`.
    pub signals: Vec<Signal>,
    /// What the point's variation says: when its signals point both ways,
    /// the way of the first in `PRECEDENCE` (see `other_way` for the rest).
    pub kind: PointKind,
    /// Which way the trend the point is in runs (true rising); none outside a
    /// trend. Not in the JSON, whose shape is documented.
    #[serde(skip)]
    pub rising: Option<bool>,
}

/// The analysis of a whole series. Its JSON is the documented shape
/// `{points, variation, assurance}`; `too_few_points` is left out of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpcAnalysis {
    /// Every point, oldest first.
    pub points: Vec<AnalysedPoint>,
    /// The kind of the latest point; none for an empty series.
    pub variation: Option<PointKind>,
    /// Whether the latest segment's limits lie clear of the target.
    pub assurance: Option<Assurance>,
    /// Fewer than `MIN_POINTS_FOR_LIMITS` points: a chart should show a run
    /// chart (or warn) rather than rely on the limits.
    #[serde(skip)]
    pub too_few_points: bool,
}

impl SpcAnalysis {
    /// The latest point, if any.
    pub fn latest(&self) -> Option<&AnalysedPoint> {
        self.points.last()
    }

    /// What the measure with this target and direction lacks for assurance,
    /// read from what it has: its target, its direction, and limits reliable
    /// enough to show.
    pub fn assurance_needs(&self, target: Option<f64>, direction: Direction) -> AssuranceNeeds {
        AssuranceNeeds {
            target: target.is_none(),
            direction: direction == Direction::Neither,
            limits: self.too_few_points || self.latest().and_then(|p| p.lower_limit).is_none(),
        }
    }
}

/// Analyses a series given in any order: points are sorted by period and
/// split into segments at each point marked `recalculate` (the first point
/// always starts segment 0). A point whose value is not `analysable` is left
/// out, so that no mean or limit is ever infinite or not a number; callers
/// screen stored values first (`values::left_out`) to say which and why.
pub fn analyse(points: &[SeriesPoint], settings: &SpcSettings) -> SpcAnalysis {
    // The status engine passes series already in order, many times over; only copy when needed.
    let usable = points.iter().all(|p| analysable(p.value));
    let sorted: Cow<'_, [SeriesPoint]> = if usable && points.is_sorted_by_key(|p| p.period) {
        Cow::Borrowed(points)
    } else {
        let mut owned: Vec<SeriesPoint> = points.iter().copied().filter(|p| analysable(p.value)).collect();
        owned.sort_by_key(|p| p.period);
        Cow::Owned(owned)
    };
    let mut analysed = Vec::with_capacity(sorted.len());
    let mut last_limits = None;
    for (segment, range) in segments(&sorted).into_iter().enumerate() {
        let part = &sorted[range];
        let values: Vec<f64> = part.iter().map(|p| p.value).collect();
        let seg_limits = Limits::from_values(&values, settings.baseline, settings.screen);
        let marks = match &seg_limits {
            Some(l) => signals::mark(&values, l, settings.direction),
            None => values
                .iter()
                .map(|_| signals::Mark { signals: Vec::new(), kind: PointKind::CommonCause, rising: None })
                .collect(),
        };
        for (p, signals::Mark { signals, kind, rising }) in part.iter().zip(marks) {
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
                rising,
            });
        }
        last_limits = seg_limits;
    }
    SpcAnalysis {
        variation: analysed.last().map(|p| p.kind),
        assurance: last_limits.and_then(|l| assurance(settings, &l)),
        too_few_points: analysed.len() < MIN_POINTS_FOR_LIMITS,
        points: analysed,
    }
}

/// Index ranges of the segments of a sorted series.
fn segments(sorted: &[SeriesPoint]) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    for i in 1..=sorted.len() {
        if i == sorted.len() || sorted[i].recalculate {
            if start < i {
                ranges.push(start..i);
            }
            start = i;
        }
    }
    ranges
}

/// Assurance from a target and the latest segment's limits; strict
/// comparisons, so a target exactly on a limit is hit and miss.
fn assurance(settings: &SpcSettings, l: &Limits) -> Option<Assurance> {
    let target = settings.target?;
    let (pass, fail) = match settings.direction {
        Direction::HigherIsBetter => (target < l.lower, target > l.upper),
        Direction::LowerIsBetter => (target > l.upper, target < l.lower),
        Direction::Neither => return None,
    };
    Some(if pass {
        Assurance::ConsistentPass
    } else if fail {
        Assurance::ConsistentFail
    } else {
        Assurance::Inconsistent
    })
}

/// Builds a sorted series from dated values and the dates limits restart
/// from: the first point on or after each recalculation date starts a new
/// segment (so a date between two periods works as well as an exact one).
/// A recalculation date on or before the first point changes nothing.
pub fn series(results: &[(NaiveDate, f64)], recalculation_points: &[NaiveDate]) -> Vec<SeriesPoint> {
    let mut sorted = results.to_vec();
    sorted.sort_by_key(|r| r.0);
    let mut points: Vec<SeriesPoint> = sorted
        .iter()
        .map(|(period, value)| SeriesPoint { period: *period, value: *value, recalculate: false })
        .collect();
    for date in recalculation_points {
        let at = points.partition_point(|p| p.period < *date);
        if at > 0 && at < points.len() {
            points[at].recalculate = true;
        }
    }
    points
}

#[cfg(test)]
mod tests;
