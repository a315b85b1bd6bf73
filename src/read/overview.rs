//! Every practice area as at a date: its verdict, findings and actions, and
//! each inspection's readiness; built from a snapshot of the plan.

use super::cache::Snapshot;
use crate::db::actions::ActionRow;
use crate::db::areas::AreaRow;
use crate::db::findings::FindingRow;
use crate::db::inspections::InspectionRow;
use crate::domain::ids::AreaId;
use crate::domain::status::{Gap, Readiness, Rules, Verdict};
use chrono::NaiveDate;

/// One finding as the overview lists it.
#[derive(Debug, Clone)]
pub struct FindingLine {
    pub finding: FindingRow,
    pub inspection_title: String,
}

/// One action as the overview lists it.
#[derive(Debug, Clone)]
pub struct ActionLine {
    pub action: ActionRow,
    pub owner: Option<String>,
    pub overdue: bool,
}

/// One practice area with everything the overview shows about it.
#[derive(Debug, Clone)]
pub struct AreaSummary {
    pub area: AreaRow,
    pub lead: Option<String>,
    pub verdict: Verdict,
    pub findings: Vec<FindingLine>,
    pub actions: Vec<ActionLine>,
}

/// How ready one inspection's findings are, with its gaps in words.
#[derive(Debug, Clone)]
pub struct InspectionReadiness {
    pub inspection: InspectionRow,
    pub readiness: Readiness,
    pub gaps: Vec<String>,
}

/// The overview as at a date.
#[derive(Debug, Clone)]
pub struct Overview {
    pub as_at: NaiveDate,
    pub rules: Rules,
    /// Whether completed actions count only once signed off (the rules' words say so).
    pub sign_off: bool,
    pub areas: Vec<AreaSummary>,
    pub inspections: Vec<InspectionReadiness>,
}

/// A gap in words, naming the area.
pub fn gap_text(gap: &Gap, area_name: &dyn Fn(AreaId) -> String) -> String {
    match gap {
        Gap::FindingWithoutAction { finding } => format!("Finding {finding} has no plan action"),
        Gap::AreaWithoutVerifiedEvidence { area_id } => format!("{} has no verified evidence", area_name(*area_id)),
        Gap::AreaWithoutKeyMeasure { area_id } => format!("{} has no key measure", area_name(*area_id)),
        Gap::OverdueAction { area_id, action, due } => {
            format!(
                "Action {action} ({}) is overdue since {}",
                area_name(*area_id),
                crate::domain::dates::long_date(*due)
            )
        }
    }
}

/// Readiness of each live inspection as at `as_at`, newest first, with its gaps in words.
pub fn readiness_by_inspection(snapshot: &Snapshot, as_at: NaiveDate) -> Vec<InspectionReadiness> {
    super::readiness::all(snapshot, as_at)
        .iter()
        .map(|r| InspectionReadiness {
            inspection: r.inspection.clone(),
            readiness: r.readiness.clone(),
            gaps: r.gaps.iter().map(|g| g.text.clone()).collect(),
        })
        .collect()
}

/// The overview as at `as_at`, from a snapshot of the plan.
pub fn build(snapshot: &Snapshot, as_at: NaiveDate) -> Overview {
    let plan = &snapshot.plan;
    let verdicts = snapshot.verdicts(as_at);
    let areas = plan
        .areas
        .iter()
        .filter_map(|area| {
            let verdict = verdicts.get(&area.id)?.clone();
            let findings = plan
                .findings_of_area(area.id)
                .map(|f| FindingLine {
                    finding: f.clone(),
                    inspection_title: plan.inspection(f.inspection_id).map(|i| i.title.clone()).unwrap_or_default(),
                })
                .collect();
            let actions = plan
                .actions_of_area(area.id)
                .map(|a| ActionLine {
                    action: a.clone(),
                    owner: plan.owner_label(a.owner_id),
                    overdue: a.is_overdue(as_at),
                })
                .collect();
            Some(AreaSummary {
                area: area.clone(),
                lead: plan.owner_label(area.lead_owner_id),
                verdict,
                findings,
                actions,
            })
        })
        .collect();
    Overview {
        as_at,
        rules: snapshot.rules.clone(),
        sign_off: snapshot.plan.sign_off_asked(),
        areas,
        inspections: readiness_by_inspection(snapshot, as_at),
    }
}
