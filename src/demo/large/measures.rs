//! An area's measures, each with five years of monthly results: its
//! template's (the key measures that give it its status), with the 30 months
//! before the improvement programme put in front of them as a segment of their
//! own, then measures of its theme, none of them key, up to seven or eight.

use super::rng::Rng;
use super::themes::{MeasureSpec, SHARED_MEASURES};
use super::Place;
use crate::demo::data::series::grades;
use crate::demo::data::{Calendar, DemoMeasure, DemoResult};
use crate::domain::kinds::{Frequency, MeasureKind, Unit};
use crate::domain::status::AreaStatus;

/// Monthly results of every measure: five years.
pub const MONTHS: u32 = 60;

/// The area's measures: eight in even-numbered areas, seven in odd ones (300 in all).
pub(super) fn measures(cal: &Calendar, place: &Place, rng: &mut Rng) -> Vec<DemoMeasure> {
    let mut out: Vec<DemoMeasure> = place.template.measures.iter().map(|m| lengthened(cal, m, rng)).collect();
    let total = if place.number.is_multiple_of(2) { 8 } else { 7 };
    let more = total - out.len().min(total);
    for spec in place.theme.measures.iter().chain(SHARED_MEASURES).take(more) {
        out.push(generated(cal, place, spec, rng));
    }
    out
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// A value in range for its unit; counts are whole.
fn tidy(unit: Unit, v: f64) -> f64 {
    match unit {
        Unit::Percent => round1(v.clamp(0.0, 100.0)),
        Unit::Count => v.max(0.0).round(),
        _ => round1(v.max(0.0)),
    }
}

/// One monthly result around `level`: a value, or for an audit the grades of
/// a sample of 18 to 30 cases.
fn result(kind: MeasureKind, unit: Unit, period_end: chrono::NaiveDate, level: f64, rng: &mut Rng) -> DemoResult {
    if kind == MeasureKind::CaseAudit {
        let counts = grades(level, rng.between(18, 30));
        return DemoResult {
            period_end,
            value: counts.percent_good_or_better().unwrap_or(0.0),
            grades: Some(counts),
            sample_size: Some(counts.total()),
            note: None,
        };
    }
    DemoResult { period_end, value: tidy(unit, level), grades: None, sample_size: None, note: None }
}

/// A template measure with the months before its first result filled in
/// around that first value, and its limits restarting where the template's
/// results begin, so that its recent SPC, and the area's status, are the
/// template's own. A template measure not entered lately (the normal demo's
/// area at risk of slipping) has its latest months filled in around its last
/// value too, so every measure here has five years of results.
fn lengthened(cal: &Calendar, template: &DemoMeasure, rng: &mut Rng) -> DemoMeasure {
    let mut m = template.clone();
    let (Some(first), Some(last)) = (m.results.first().cloned(), m.results.last().cloned()) else { return m };
    let back = |period| (0..MONTHS).find(|k| cal.m(*k) == period).unwrap_or(0);
    let (from, to) = (back(first.period_end), back(last.period_end));
    let spread = |value: f64| if m.unit == Unit::Percent { 1.5 } else { 0.04 * value.abs().max(1.0) };
    let around =
        |k: u32, value: f64, rng: &mut Rng| result(m.kind, m.unit, cal.m(k), value + spread(value) * rng.wobble(), rng);
    let mut before: Vec<DemoResult> = (from + 1..MONTHS).rev().map(|k| around(k, first.value, rng)).collect();
    let after: Vec<DemoResult> = (0..to).rev().map(|k| around(k, last.value, rng)).collect();
    before.append(&mut m.results);
    before.extend(after);
    m.results = before;
    m.recalculation_points.insert(0, cal.day(from, 1));
    m
}

/// The level of a measure of an area with a status, `k` months back: steady
/// before the programme, then moving from `from` to `to` at a pace that
/// matches the area's story.
fn level(status: AreaStatus, spec: &MeasureSpec, k: u32) -> f64 {
    let ramp = |began: u32, reached: u32| {
        if k >= began {
            spec.from
        } else if k <= reached {
            spec.to
        } else {
            spec.to + (spec.from - spec.to) * f64::from(k - reached) / f64::from(began - reached)
        }
    };
    match status {
        AreaStatus::Embedded => ramp(40, 16),
        AreaStatus::NotYetSustained => ramp(30, 10),
        AreaStatus::Slipping if k <= 4 => (spec.from + spec.to) / 2.0,
        AreaStatus::Slipping => ramp(44, 20),
        AreaStatus::InProgress => ramp(24, 0),
        AreaStatus::NotStarted => spec.from,
    }
}

fn generated(cal: &Calendar, place: &Place, spec: &MeasureSpec, rng: &mut Rng) -> DemoMeasure {
    let status = place.status();
    let spread = if spec.unit == Unit::Percent { 2.0 } else { (0.05 * spec.from.max(spec.to)).max(0.5) };
    let results = (0..MONTHS)
        .rev()
        .map(|k| result(spec.kind, spec.unit, cal.m(k), level(status, spec, k) + spread * rng.wobble(), rng))
        .collect();
    let description = match spec.kind {
        MeasureKind::CaseAudit => {
            format!(
                "Monthly audit in the {} locality, graded on the Ofsted scale: the share of cases good or better.",
                place.locality
            )
        }
        MeasureKind::Indicator => {
            format!("{}, for the {} locality, from the case management system each month.", spec.name, place.locality)
        }
    };
    DemoMeasure {
        name: spec.name.into(),
        description,
        kind: spec.kind,
        unit: spec.unit,
        direction: spec.direction,
        target: spec.target,
        frequency: Frequency::Monthly,
        key: false,
        recalculation_points: vec![],
        published_indicator: None,
        results,
    }
}
