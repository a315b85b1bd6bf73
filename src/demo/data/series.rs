//! Monthly results for the demo's measures: a shape over time plus a fixed
//! wobble, so the series look real and are the same for the same date.

use super::calendar::Calendar;
use super::{DemoMeasure, DemoResult};
use crate::domain::audit::GradeCounts;
use crate::domain::kinds::{Direction, Frequency, MeasureKind, Unit};

/// How many monthly results each measure has.
pub const MONTHS: u32 = 30;

/// A fixed value in -1.0..=1.0 for point `i` of the series `seed`.
pub fn wobble(seed: u32, i: u32) -> f64 {
    let x = seed.wrapping_mul(2_654_435_761) ^ i.wrapping_mul(40_503).wrapping_add(seed);
    let x = x.wrapping_mul(2_246_822_519) >> 7;
    f64::from(x % 2001) / 1000.0 - 1.0
}

/// A shape: from `start` 29 months back, moving evenly to `level` at `reached`
/// months back, then holding there. `k` is months back from the latest result.
pub fn ramp(start: f64, level: f64, reached: u32) -> impl Fn(u32) -> f64 {
    move |k| {
        if k <= reached {
            level
        } else {
            let span = f64::from(MONTHS - 1 - reached);
            level + (start - level) * f64::from(k - reached) / span
        }
    }
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// What a measure is, before its results.
pub struct Spec<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub unit: Unit,
    pub direction: Direction,
    pub target: Option<f64>,
    pub key: bool,
}

/// An indicator with a value a month, shaped by `shape(k)` with a wobble of ±`spread`.
pub fn indicator(cal: &Calendar, spec: Spec, seed: u32, spread: f64, shape: impl Fn(u32) -> f64) -> DemoMeasure {
    let results = (0..MONTHS)
        .rev()
        .map(|k| {
            let value = round1(shape(k) + spread * wobble(seed, k));
            let value = match spec.unit {
                Unit::Percent => value.clamp(0.0, 100.0),
                Unit::Count => value.max(0.0).round(),
                _ => value.max(0.0),
            };
            DemoResult { period_end: cal.m(k), value, grades: None, sample_size: None, note: None }
        })
        .collect();
    measure(spec, MeasureKind::Indicator, results)
}

/// Grade counts for a sample whose share good or better is about `percent`.
pub fn grades(percent: f64, sample: u32) -> GradeCounts {
    let good_or_better = ((percent.clamp(0.0, 100.0) / 100.0) * f64::from(sample)).round() as u32;
    let below = sample - good_or_better.min(sample);
    let outstanding = good_or_better / 6;
    let inadequate = below / 4;
    GradeCounts {
        outstanding,
        good: good_or_better.min(sample) - outstanding,
        requires_improvement: below - inadequate,
        inadequate,
    }
}

/// A monthly case-file audit: 20 to 28 cases a month, graded on the Ofsted scale.
pub fn audit(cal: &Calendar, spec: Spec, seed: u32, spread: f64, shape: impl Fn(u32) -> f64) -> DemoMeasure {
    let results = (0..MONTHS)
        .rev()
        .map(|k| {
            let sample = 24 + (wobble(seed + 7, k) * 4.0).round() as i32;
            let sample = u32::try_from(sample).unwrap_or(24);
            let counts = grades(shape(k) + spread * wobble(seed, k), sample);
            DemoResult {
                period_end: cal.m(k),
                value: counts.percent_good_or_better().unwrap_or(0.0),
                grades: Some(counts),
                sample_size: Some(counts.total()),
                note: None,
            }
        })
        .collect();
    measure(spec, MeasureKind::CaseAudit, results)
}

fn measure(spec: Spec, kind: MeasureKind, results: Vec<DemoResult>) -> DemoMeasure {
    DemoMeasure {
        name: spec.name.into(),
        description: spec.description.into(),
        kind,
        unit: spec.unit,
        direction: spec.direction,
        target: spec.target,
        frequency: Frequency::Monthly,
        key: spec.key,
        recalculation_points: vec![],
        results,
        published_indicator: None,
    }
}

/// The measure with its SPC limits restarting from `from`: used where a known,
/// sustained change (the plan's main actions done) moved the process to a new level.
pub fn recalculated(mut measure: DemoMeasure, from: chrono::NaiveDate) -> DemoMeasure {
    measure.recalculation_points.push(from);
    measure
}

/// The measure compared with a published indicator (its catalogue code).
pub fn compared_with(mut measure: DemoMeasure, code: &'static str) -> DemoMeasure {
    measure.published_indicator = Some(code);
    measure
}

/// The measure without its latest `months` results: not entered yet.
pub fn not_entered_for(mut measure: DemoMeasure, months: usize) -> DemoMeasure {
    measure.results.truncate(measure.results.len().saturating_sub(months));
    measure
}
