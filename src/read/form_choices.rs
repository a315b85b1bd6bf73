//! What forms offer to choose from: live inspections, areas, owners, users,
//! and findings and actions under headings, read only when a form is shown.

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
pub fn inspections(conn: &mut DbConnection) -> Result<Vec<(InspectionId, String)>, DbError> {
    let rows = crate::db::inspections::live_titles(conn)?;
    Ok(rows.into_iter().map(|(id, title, start)| (id, format!("{title} ({})", start.format("%B %Y")))).collect())
}

/// Live practice areas by name.
pub fn areas(conn: &mut DbConnection) -> Result<Vec<(AreaId, String)>, DbError> {
    crate::db::areas::live_names(conn)
}

/// Live owners as plans name them (job title first).
pub fn owners(conn: &mut DbConnection) -> Result<Vec<(OwnerId, String)>, DbError> {
    Ok(crate::db::owners::list(conn, crate::db::Archived::Hide)?.into_iter().map(|o| (o.id, o.label())).collect())
}

/// Active users not linked to an owner, and `keep` (the one linked now), as (id, "name (email)").
pub fn unlinked_users(conn: &mut DbConnection, keep: Option<UserId>) -> Result<Vec<(UserId, String)>, DbError> {
    let rows = crate::db::users::linkable(conn, keep)?;
    Ok(rows.into_iter().map(|u| (u.id, format!("{} ({})", u.display_name, u.email))).collect())
}

/// Every live finding under its inspection's title, and `also` (findings
/// already linked) even if archived, so that a saved link is never dropped unseen.
pub fn findings_by_inspection(conn: &mut DbConnection, also: &[FindingId]) -> Result<Vec<Group>, DbError> {
    let rows = crate::db::findings::live_or_linked(conn, also)?;
    let mut groups: Vec<(InspectionId, Group)> = Vec::new();
    for (finding, title) in rows {
        let label = format!("{}: {}", finding.reference, super::archived::first_words(&finding.text));
        let hint = finding.archived_at.map(|_| "Archived".to_string());
        let item = Item { id: finding.id.0, label, hint };
        match groups.iter_mut().find(|(i, _)| *i == finding.inspection_id) {
            Some((_, group)) => group.items.push(item),
            None => groups.push((finding.inspection_id, Group { heading: title, items: vec![item] })),
        }
    }
    Ok(groups.into_iter().map(|(_, g)| g).collect())
}

/// The live actions of an area, and `also` (actions already linked), under
/// their area's name.
pub fn actions_by_area(
    conn: &mut DbConnection,
    area: Option<AreaId>,
    also: &[ActionId],
) -> Result<Vec<Group>, DbError> {
    let rows = crate::db::actions::in_area_or_linked(conn, area, also)?;
    let mut groups: Vec<(AreaId, Group)> = Vec::new();
    for (action, area_name) in rows {
        let item = Item {
            id: action.id.0,
            label: format!("{} {}", action.reference, action.title),
            hint: action.archived_at.map(|_| "Archived".to_string()),
        };
        match groups.iter_mut().find(|(a, _)| *a == action.practice_area_id) {
            Some((_, group)) => group.items.push(item),
            None => groups.push((action.practice_area_id, Group { heading: area_name, items: vec![item] })),
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
