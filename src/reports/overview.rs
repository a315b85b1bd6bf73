//! Every practice area as at a date: its verdict, findings and actions.

use crate::db::actions::ActionRow;
use crate::db::areas::AreaRow;
use crate::db::facts::{self, PlanRows};
use crate::db::findings::FindingRow;
use crate::db::inspections::InspectionRow;
use crate::db::owners::OwnerRow;
use crate::db::{findings, inspections, owners, Archived, DbConnection, DbError};
use crate::domain::status::{readiness, verdict, FindingFacts, Gap, Readiness, Rules, Verdict};
use chrono::NaiveDate;
use std::collections::HashMap;

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
    pub areas: Vec<AreaSummary>,
    pub inspections: Vec<InspectionReadiness>,
}

fn gap_text(gap: &Gap, area_name: &dyn Fn(i64) -> String) -> String {
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

/// Every live area's verdict as at `as_at`, by area id, from rows already loaded.
pub fn verdicts(rows: &PlanRows, rules: &Rules, as_at: NaiveDate) -> HashMap<i64, Verdict> {
    verdicts_from(rows, &facts::area_facts(rows), rules, as_at)
}

fn verdicts_from(
    rows: &PlanRows,
    facts: &std::collections::BTreeMap<i64, crate::domain::status::AreaFacts>,
    rules: &Rules,
    as_at: NaiveDate,
) -> HashMap<i64, Verdict> {
    rows.areas
        .iter()
        .filter_map(|area| {
            let area_rules = rules.with_overrides(&facts::overrides(area));
            facts.get(&area.id).map(|f| (area.id, verdict(f, &area_rules, as_at)))
        })
        .collect()
}

/// Loads and computes the overview.
pub fn load(conn: &mut DbConnection, rules: &Rules, as_at: NaiveDate) -> Result<Overview, DbError> {
    let rows = facts::load_plan(conn)?;
    let owners: HashMap<i64, OwnerRow> =
        owners::list(conn, Archived::Include)?.into_iter().map(|o| (o.id, o)).collect();
    let inspections: HashMap<i64, InspectionRow> =
        inspections::list(conn, Archived::Include)?.into_iter().map(|i| (i.id, i)).collect();
    let all_findings = findings::list(conn, Archived::Hide)?;
    let links = crate::db::actions::finding_links(conn)?;
    let live_actions: std::collections::HashSet<i64> = rows.actions.iter().map(|a| a.id).collect();
    let by_area = facts::area_facts(&rows);
    let mut verdicts = verdicts_from(&rows, &by_area, rules, as_at);
    let area_facts: HashMap<i64, _> = by_area.into_iter().collect();
    let names: HashMap<i64, String> = rows.areas.iter().map(|a| (a.id, a.name.clone())).collect();
    let area_name = |id: i64| names.get(&id).cloned().unwrap_or_default();
    let mut by_inspection: Vec<&InspectionRow> = inspections.values().filter(|i| i.archived_at.is_none()).collect();
    by_inspection.sort_by_key(|i| std::cmp::Reverse((i.start_date, i.id)));
    let readiness_list = by_inspection
        .into_iter()
        .map(|inspection| {
            let findings: Vec<FindingFacts> = all_findings
                .iter()
                .filter(|f| f.inspection_id == inspection.id && f.kind() != crate::domain::kinds::FindingKind::Strength)
                .map(|f| FindingFacts {
                    reference: f.reference.clone(),
                    area_id: f.practice_area_id,
                    linked_actions: links
                        .iter()
                        .filter(|l| l.finding_id == f.id && live_actions.contains(&l.action_id))
                        .count(),
                })
                .collect();
            let readiness = readiness(&findings, &verdicts, &area_facts, as_at);
            let gaps = readiness.gaps.iter().map(|g| gap_text(g, &area_name)).collect();
            InspectionReadiness { inspection: inspection.clone(), readiness, gaps }
        })
        .collect();
    let owner_label = |id: Option<i64>| id.and_then(|id| owners.get(&id)).map(OwnerRow::label);
    let areas = rows
        .areas
        .iter()
        .filter_map(|area| {
            let verdict = verdicts.remove(&area.id)?;
            let findings = all_findings
                .iter()
                .filter(|f| f.practice_area_id == area.id)
                .map(|f| FindingLine {
                    finding: f.clone(),
                    inspection_title: inspections.get(&f.inspection_id).map(|i| i.title.clone()).unwrap_or_default(),
                })
                .collect();
            let actions = rows
                .actions
                .iter()
                .filter(|a| a.practice_area_id == area.id)
                .map(|a| ActionLine { action: a.clone(), owner: owner_label(a.owner_id), overdue: a.is_overdue(as_at) })
                .collect();
            Some(AreaSummary { area: area.clone(), lead: owner_label(area.lead_owner_id), verdict, findings, actions })
        })
        .collect();
    Ok(Overview { as_at, rules: rules.clone(), areas, inspections: readiness_list })
}
