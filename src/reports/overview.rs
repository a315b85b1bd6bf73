//! Every practice area as at a date: its verdict, findings and actions.

use crate::db::actions::ActionRow;
use crate::db::areas::AreaRow;
use crate::db::facts::{self, PlanRows};
use crate::db::findings::FindingRow;
use crate::db::inspections::InspectionRow;
use crate::db::owners::OwnerRow;
use crate::db::{findings, inspections, owners, Archived, DbConnection, DbError};
use crate::domain::status::{verdict, Rules, Verdict};
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

/// The overview as at a date.
#[derive(Debug, Clone)]
pub struct Overview {
    pub as_at: NaiveDate,
    pub rules: Rules,
    pub areas: Vec<AreaSummary>,
}

/// Every live area's verdict as at `as_at`, by area id, from rows already loaded.
pub fn verdicts(rows: &PlanRows, rules: &Rules, as_at: NaiveDate) -> HashMap<i64, Verdict> {
    let facts = facts::area_facts(rows);
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
    let mut verdicts = verdicts(&rows, rules, as_at);
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
    Ok(Overview { as_at, rules: rules.clone(), areas })
}
