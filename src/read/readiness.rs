//! Readiness of each inspection as at a date, with every gap linked to the
//! page where it is fixed.

use super::cache::Snapshot;
use super::overview::gap_text;
use crate::db::findings::FindingRow;
use crate::db::inspections::InspectionRow;
use crate::domain::ids::AreaId;
use crate::domain::kinds::FindingKind;
use crate::domain::status::{finding_readiness, readiness, FindingFacts, FindingReadiness, Gap, Readiness};
use chrono::NaiveDate;
use std::sync::Arc;

/// A gap in words and the page where it is put right.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkedGap {
    pub text: String,
    pub href: String,
}

/// How ready one inspection's findings are.
#[derive(Debug, Clone)]
pub struct InspectionReadiness {
    pub inspection: InspectionRow,
    pub readiness: Readiness,
    pub gaps: Vec<LinkedGap>,
}

/// Where a gap is fixed: the finding, the area's evidence or measures, or the action.
fn href(snapshot: &Snapshot, inspection: &InspectionRow, gap: &Gap) -> String {
    let plan = &snapshot.plan;
    match gap {
        Gap::FindingWithoutAction { finding } => plan
            .findings_of_inspection(inspection.id)
            .find(|f| &f.reference == finding)
            .map_or_else(|| format!("/inspections/{}", inspection.id), |f| format!("/findings/{}", f.id)),
        Gap::AreaWithoutVerifiedEvidence { area_id } => format!("/areas/{area_id}#evidence"),
        Gap::AreaWithoutKeyMeasure { area_id } => format!("/areas/{area_id}#measures"),
        Gap::OverdueAction { area_id, action, .. } => plan
            .actions_of_area(*area_id)
            .find(|a| &a.reference == action)
            .map_or_else(|| format!("/areas/{area_id}#actions"), |a| format!("/actions/{}", a.id)),
    }
}

/// One inspection's readiness as at `as_at`: each of its findings (strengths
/// left out) judged on its own, the share ready and the share whose area is
/// embedded, and the gaps.
pub fn for_inspection(snapshot: &Snapshot, inspection: &InspectionRow, as_at: NaiveDate) -> InspectionReadiness {
    let plan = &snapshot.plan;
    let verdicts = snapshot.verdicts(as_at);
    let findings: Vec<FindingFacts> = plan
        .findings_of_inspection(inspection.id)
        .filter(|f| f.kind != FindingKind::Strength)
        .map(|f| plan.finding_facts(f))
        .collect();
    let readiness = readiness(&findings, &verdicts, snapshot.all_facts(), &snapshot.rules, as_at);
    let area_name = |id: AreaId| plan.area(id).map(|a| a.name.clone()).unwrap_or_default();
    let gaps = readiness
        .gaps
        .iter()
        .map(|g| LinkedGap { text: gap_text(g, &area_name), href: href(snapshot, inspection, g) })
        .collect();
    InspectionReadiness { inspection: inspection.clone(), readiness, gaps }
}

/// The live inspections (newest first) with their readiness as at `as_at`,
/// worked out once per date and snapshot (every dashboard shows it).
pub fn all(snapshot: &Snapshot, as_at: NaiveDate) -> Arc<Vec<InspectionReadiness>> {
    snapshot.derived(as_at, || {
        let mut inspections: Vec<&InspectionRow> =
            snapshot.plan.inspections.iter().filter(|i| i.archived_at.is_none()).collect();
        inspections.sort_by_key(|i| std::cmp::Reverse((i.start_date, i.id)));
        inspections.into_iter().map(|i| for_inspection(snapshot, i, as_at)).collect()
    })
}

/// One finding judged on its own as at `as_at`; none for a strength, which
/// asks for nothing to be done.
pub fn for_finding(snapshot: &Snapshot, finding: &FindingRow, as_at: NaiveDate) -> Option<FindingReadiness> {
    if finding.kind == FindingKind::Strength {
        return None;
    }
    let verdicts = snapshot.verdicts(as_at);
    let facts = snapshot.plan.finding_facts(finding);
    Some(finding_readiness(
        &facts,
        verdicts.get(&finding.practice_area_id),
        snapshot.rules.evidence_window_months,
        as_at,
    ))
}
