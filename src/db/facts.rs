//! Loads what the status engine needs about every practice area.

use super::actions::ActionRow;
use super::areas::AreaRow;
use super::evidence::EvidenceRow;
use super::measures::{MeasureRow, RecalculationRow, ResultRow};
use super::{actions, areas, evidence, measures, Archived, DbConnection, DbError};
use crate::domain::kinds::ReviewState;
use crate::domain::spc::SpcSettings;
use crate::domain::status::{ActionFact, AreaFacts, EvidenceFact, MeasureFacts, RuleOverrides};
use std::collections::BTreeMap;

/// Live rows of the plan, grouped by practice area.
#[derive(Debug, Clone, Default)]
pub struct PlanRows {
    pub areas: Vec<AreaRow>,
    pub actions: Vec<ActionRow>,
    pub evidence: Vec<EvidenceRow>,
    pub measures: Vec<MeasureRow>,
    pub recalculations: Vec<RecalculationRow>,
    pub results: Vec<ResultRow>,
}

/// Reads every live row the engine looks at, in a handful of queries.
pub fn load_plan(conn: &mut DbConnection) -> Result<PlanRows, DbError> {
    Ok(PlanRows {
        areas: areas::list(conn, Archived::Hide)?,
        actions: actions::list(conn, Archived::Hide)?,
        evidence: evidence::list(conn, Archived::Hide)?,
        measures: measures::list(conn, Archived::Hide)?,
        recalculations: measures::recalculations(conn)?,
        results: measures::results(conn, None, Archived::Hide)?,
    })
}

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

/// The facts of one measure: its settings and its whole series.
pub fn measure_facts(measure: &MeasureRow, recalculations: &[RecalculationRow], results: &[ResultRow]) -> MeasureFacts {
    MeasureFacts {
        name: measure.name.clone(),
        key: measure.is_key,
        unit: measure.unit(),
        settings: SpcSettings {
            direction: measure.direction(),
            target: measure.target,
            baseline: measure.baseline_points.and_then(|n| usize::try_from(n).ok()),
            screen: measure.screen_moving_ranges,
        },
        recalculation_points: recalculations
            .iter()
            .filter(|r| r.measure_id == measure.id)
            .map(|r| r.starts_on)
            .collect(),
        results: results.iter().filter(|r| r.measure_id == measure.id).map(|r| (r.period_end, r.value)).collect(),
    }
}

/// The engine's facts for each area, by area id.
pub fn area_facts(rows: &PlanRows) -> BTreeMap<i64, AreaFacts> {
    let mut by_area: BTreeMap<i64, AreaFacts> =
        rows.areas.iter().map(|a| (a.id, AreaFacts { actions: vec![], evidence: vec![], measures: vec![] })).collect();
    for action in &rows.actions {
        if let Some(facts) = by_area.get_mut(&action.practice_area_id) {
            facts.actions.push(ActionFact {
                reference: action.reference.clone(),
                state: action.state(),
                start_date: action.start_date,
                due_date: action.due_date,
                completed_date: action.completed_date,
            });
        }
    }
    for item in &rows.evidence {
        if let Some(facts) = by_area.get_mut(&item.practice_area_id) {
            let verified_on = (item.review_state() == ReviewState::Verified).then_some(item.reviewed_on).flatten();
            facts.evidence.push(EvidenceFact { kind: item.kind(), observed_on: item.observed_on, verified_on });
        }
    }
    for measure in &rows.measures {
        if let Some(facts) = by_area.get_mut(&measure.practice_area_id) {
            facts.measures.push(measure_facts(measure, &rows.recalculations, &rows.results));
        }
    }
    by_area
}
