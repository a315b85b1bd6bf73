//! What the status engine needs from stored rows: an area's rule overrides and
//! a measure's facts.

use super::areas::AreaRow;
use super::measures::{MeasureRow, RecalculationRow, ResultRow};
use crate::domain::spc::SpcSettings;
use crate::domain::status::{MeasureFacts, RuleOverrides};
use crate::domain::values;

/// An area's own overrides of the rules.
pub fn overrides(area: &AreaRow) -> RuleOverrides {
    let months = |v: Option<i32>| v.and_then(|n| u32::try_from(n).ok());
    RuleOverrides {
        evidence_window_months: months(area.evidence_window_months),
        evidence_min_items: months(area.evidence_min_items),
        evidence_min_kinds: months(area.evidence_min_kinds),
        results_window_months: months(area.results_window_months),
        results_min_count: months(area.results_min_count),
        slipping_lookback_months: months(area.slipping_lookback_months),
    }
}

/// The facts of one measure from its own recalculation points and results.
/// A value or target stored before the unit's rules, outside its range, is
/// left out (`values::left_out` says why, where the result is shown).
pub fn measure_facts(measure: &MeasureRow, recalculations: &[RecalculationRow], results: &[ResultRow]) -> MeasureFacts {
    let unit = measure.unit;
    MeasureFacts {
        name: measure.name.clone(),
        key: measure.is_key,
        unit,
        settings: SpcSettings {
            direction: measure.direction,
            target: measure.target.filter(|t| values::in_range(unit, *t)),
            baseline: measure.baseline_points.and_then(|n| usize::try_from(n).ok()),
            screen: measure.screen_moving_ranges,
        },
        recalculation_points: recalculations.iter().map(|r| r.starts_on).collect(),
        results: results.iter().filter(|r| values::in_range(unit, r.value)).map(|r| (r.period_end, r.value)).collect(),
    }
}
