//! One finding as at a date: its text, whether it is ready for inspection
//! and why, the actions and evidence linked to it, and its area's verdict.

use super::areas::{area_line, AreaLine};
use super::cache::Snapshot;
use super::lines::{action_lines, evidence_lines, finding_lines, ActionLine, EvidenceLine, FindingLine};
use super::plan::PlanIndex;
use crate::domain::ids::FindingId;
use crate::domain::status::{FindingReadiness, Verdict};
use chrono::NaiveDate;

/// Everything a finding's page shows.
#[derive(Debug, Clone)]
pub struct FindingPage {
    pub as_at: NaiveDate,
    pub finding: FindingLine,
    pub area: AreaLine,
    pub verdict: Verdict,
    /// Judged on its own; none for a strength.
    pub readiness: Option<FindingReadiness>,
    pub actions: Vec<ActionLine>,
    pub evidence: Vec<EvidenceLine>,
}

/// The page of a live finding as at `as_at`.
pub fn finding_page(snapshot: &Snapshot, id: FindingId, as_at: NaiveDate) -> Option<FindingPage> {
    let plan = &snapshot.plan;
    let row = plan.finding(id)?;
    let verdict = snapshot.verdict(row.practice_area_id, as_at)?;
    let actions = PlanIndex::linked(&plan.actions_of_finding, id);
    let evidence = PlanIndex::linked(&plan.evidence_of_finding, id);
    Some(FindingPage {
        as_at,
        finding: finding_lines(plan, std::iter::once(row)).pop()?,
        area: area_line(snapshot, &verdict, row.practice_area_id)?,
        actions: action_lines(plan, actions.into_iter().filter_map(|a| plan.action(a)), as_at),
        evidence: evidence_lines(plan, evidence.into_iter().filter_map(|e| plan.evidence_item(e)), as_at),
        verdict,
        readiness: super::readiness::for_finding(snapshot, row, as_at),
    })
}
