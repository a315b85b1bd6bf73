//! What forms offer to choose from: live inspections, areas, owners, users,
//! and findings and actions under headings. They come from the cached plan;
//! the database is read only for what the plan leaves out: users, and
//! archived records a saved link still names.
//!
//! Names are sorted by their bytes, as the databases' C collation sorts them.

use super::plan::PlanIndex;
use crate::db::actions::ActionRow;
use crate::db::findings::FindingRow;
use crate::db::{DbConnection, DbError};
use crate::domain::ids::{ActionId, AreaId, FindingId, InspectionId, OwnerId, UserId};

/// One choice: an id, what people see, and a line under it.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub id: i64,
    pub label: String,
    pub hint: Option<String>,
}

/// Choices under a heading.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub heading: String,
    pub items: Vec<Item>,
}

/// Live inspections, newest first, as (id, title and start date).
pub fn inspections(plan: &PlanIndex) -> Vec<(InspectionId, String)> {
    // The plan keeps inspections newest first, archived ones too.
    plan.inspections
        .iter()
        .filter(|i| i.archived_at.is_none())
        .map(|i| (i.id, format!("{} ({})", i.title, i.start_date.format("%B %Y"))))
        .collect()
}

/// Live practice areas by name.
pub fn areas(plan: &PlanIndex) -> Vec<(AreaId, String)> {
    let mut areas: Vec<(AreaId, String)> = plan.areas.iter().map(|a| (a.id, a.name.clone())).collect();
    areas.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    areas
}

/// Live owners as plans name them (job title first).
pub fn owners(plan: &PlanIndex) -> Vec<(OwnerId, String)> {
    let mut owners: Vec<_> = plan.owners.values().filter(|o| o.archived_at.is_none()).collect();
    owners.sort_by(|a, b| (&a.job_title, &a.name, a.id).cmp(&(&b.job_title, &b.name, b.id)));
    owners.into_iter().map(|o| (o.id, o.label())).collect()
}

/// Active users not linked to an owner, and `keep` (the one linked now), as
/// (id, "name (email)"); the plan holds no emails, so these are read.
pub fn unlinked_users(conn: &mut DbConnection, keep: Option<UserId>) -> Result<Vec<(UserId, String)>, DbError> {
    let rows = crate::db::users::linkable(conn, keep)?;
    Ok(rows.into_iter().map(|u| (u.id, format!("{} ({})", u.display_name, u.email))).collect())
}

/// Every live finding under its inspection's title, and `also` (findings
/// already linked) even if archived, so that a saved link is never dropped unseen.
pub fn findings_by_inspection(
    conn: &mut DbConnection,
    plan: &PlanIndex,
    also: &[FindingId],
) -> Result<Vec<Group>, DbError> {
    let mut archived: Vec<FindingRow> = Vec::new();
    for id in also {
        if plan.finding(*id).is_none() && !archived.iter().any(|f| f.id == *id) {
            match crate::db::findings::get_any(conn, *id) {
                Ok(found) => archived.push(found),
                Err(DbError::NotFound { .. }) => {}
                Err(other) => return Err(other),
            }
        }
    }
    let mut rows: Vec<&FindingRow> = plan.findings.iter().chain(&archived).collect();
    // Newest inspection first, as the plan keeps them; then by finding.
    let place = |id: InspectionId| plan.inspections.iter().position(|i| i.id == id).unwrap_or(usize::MAX);
    rows.sort_by_key(|f| (place(f.inspection_id), f.id));
    let mut groups: Vec<(InspectionId, Group)> = Vec::new();
    for finding in rows {
        let Some(inspection) = plan.inspection(finding.inspection_id) else { continue };
        let label = format!("{}: {}", finding.reference, super::archived::first_words(&finding.text));
        let hint = finding.archived_at.map(|_| "Archived".to_string());
        let item = Item { id: finding.id.0, label, hint };
        match groups.iter_mut().find(|(i, _)| *i == finding.inspection_id) {
            Some((_, group)) => group.items.push(item),
            None => {
                groups.push((finding.inspection_id, Group { heading: inspection.title.clone(), items: vec![item] }))
            }
        }
    }
    Ok(groups.into_iter().map(|(_, g)| g).collect())
}

/// The live actions of an area, and `also` (actions already linked), under
/// their area's name.
pub fn actions_by_area(
    conn: &mut DbConnection,
    plan: &PlanIndex,
    area: Option<AreaId>,
    also: &[ActionId],
) -> Result<Vec<Group>, DbError> {
    let mut archived: Vec<ActionRow> = Vec::new();
    for id in also {
        if plan.action(*id).is_none() && !archived.iter().any(|a| a.id == *id) {
            match crate::db::actions::get_any(conn, *id) {
                Ok(found) => archived.push(found),
                Err(DbError::NotFound { .. }) => {}
                Err(other) => return Err(other),
            }
        }
    }
    let mut rows: Vec<&ActionRow> = area.map(|a| plan.actions_of_area(a).collect()).unwrap_or_default();
    for id in also {
        if let Some(live) = plan.action(*id) {
            if !rows.iter().any(|a| a.id == *id) {
                rows.push(live);
            }
        }
    }
    rows.extend(&archived);
    // An action may sit in an archived area, which the plan leaves out.
    let mut names: Vec<(AreaId, String)> = Vec::new();
    for action in &rows {
        let id = action.practice_area_id;
        if !names.iter().any(|(a, _)| *a == id) {
            let name = match plan.area(id) {
                Some(live) => live.name.clone(),
                None => crate::db::areas::get_any(conn, id)?.name,
            };
            names.push((id, name));
        }
    }
    let name_of = |id: AreaId| names.iter().find(|(a, _)| *a == id).map(|(_, n)| n.as_str()).unwrap_or_default();
    rows.sort_by(|a, b| name_of(a.practice_area_id).cmp(name_of(b.practice_area_id)).then(a.id.cmp(&b.id)));
    let mut groups: Vec<(AreaId, Group)> = Vec::new();
    for action in rows {
        let item = Item {
            id: action.id.0,
            label: format!("{} {}", action.reference, action.title),
            hint: action.archived_at.map(|_| "Archived".to_string()),
        };
        match groups.iter_mut().find(|(a, _)| *a == action.practice_area_id) {
            Some((_, group)) => group.items.push(item),
            None => {
                let heading = name_of(action.practice_area_id).to_string();
                groups.push((action.practice_area_id, Group { heading, items: vec![item] }))
            }
        }
    }
    Ok(groups.into_iter().map(|(_, g)| g).collect())
}

/// The findings an action answers.
pub fn findings_of_action(conn: &mut DbConnection, id: ActionId) -> Result<Vec<FindingId>, DbError> {
    crate::db::actions::finding_ids_of(conn, id)
}

/// The actions that answer a finding.
pub fn actions_of_finding(conn: &mut DbConnection, id: FindingId) -> Result<Vec<ActionId>, DbError> {
    crate::db::actions::action_ids_of(conn, id)
}

/// Findings a list's "finding" filter offers in one drop-down before it asks
/// for an inspection or area first: past this, a list of them is longer to
/// scroll than to narrow, and on the largest authority (2,000 findings) it
/// alone made the tracker's page over 200 KB.
pub const FINDINGS_LISTED_AT_MOST: usize = 200;

/// What a list's "finding" filter offers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FindingFilter {
    /// (id, "reference – inspection title").
    pub options: Vec<(String, String)>,
    /// Set when it offers only some findings.
    pub narrowed: Option<Narrowed>,
}

/// Why a finding filter offers only some findings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Narrowed {
    /// Live findings in all.
    pub total: usize,
    /// Whether an area or inspection is chosen (its findings are offered);
    /// if not, only the finding already chosen is.
    pub by_choice: bool,
}

/// The findings a filter offers: every live one while there are at most
/// `FINDINGS_LISTED_AT_MOST`; past that, those of the practice area and
/// inspection chosen beside it (either narrows), and always the one chosen.
/// Ids are compared as the query gives them, so a stray value narrows nothing.
pub fn finding_filter(plan: &PlanIndex, area: &str, inspection: &str, chosen: &str) -> FindingFilter {
    let (area, inspection, chosen) = (area.trim(), inspection.trim(), chosen.trim());
    let total = plan.findings.len();
    let by_choice = !area.is_empty() || !inspection.is_empty();
    let narrowed = (total > FINDINGS_LISTED_AT_MOST).then_some(Narrowed { total, by_choice });
    let offered = |f: &FindingRow| {
        narrowed.is_none()
            || f.id.to_string() == chosen
            || (by_choice
                && (area.is_empty() || f.practice_area_id.to_string() == area)
                && (inspection.is_empty() || f.inspection_id.to_string() == inspection))
    };
    let options = plan
        .findings
        .iter()
        .filter(|f| offered(f))
        .map(|f| {
            let title = plan.inspection(f.inspection_id).map(|i| i.title.as_str()).unwrap_or("");
            (f.id.to_string(), format!("{} – {}", f.reference, title))
        })
        .collect();
    FindingFilter { options, narrowed }
}
