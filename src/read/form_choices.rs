//! What forms offer to choose from: live inspections, areas, owners, users,
//! and findings and actions under headings. Each is one query (or a few for
//! the grouped lists), read only when a form is shown.

use crate::db::schema::{actions, findings, inspections, owners, practice_areas, users};
use crate::db::{DbConnection, DbError};
use crate::domain::ids::{ActionId, AreaId, FindingId, InspectionId, OwnerId, UserId};
use diesel::prelude::*;

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
    let rows: Vec<(InspectionId, String, chrono::NaiveDate)> = inspections::table
        .filter(inspections::archived_at.is_null())
        .order((inspections::start_date.desc(), inspections::id.desc()))
        .select((inspections::id, inspections::title, inspections::start_date))
        .load(conn)?;
    Ok(rows.into_iter().map(|(id, title, start)| (id, format!("{title} ({})", start.format("%B %Y")))).collect())
}

/// Live practice areas by name.
pub fn areas(conn: &mut DbConnection) -> Result<Vec<(AreaId, String)>, DbError> {
    Ok(practice_areas::table
        .filter(practice_areas::archived_at.is_null())
        .order(practice_areas::name.asc())
        .select((practice_areas::id, practice_areas::name))
        .load(conn)?)
}

/// Live owners as plans name them (job title first).
pub fn owners(conn: &mut DbConnection) -> Result<Vec<(OwnerId, String)>, DbError> {
    Ok(crate::db::owners::list(conn, crate::db::Archived::Hide)?.into_iter().map(|o| (o.id, o.label())).collect())
}

/// Active users not linked to an owner, and `keep` (the one linked now), as (id, "name (email)").
pub fn unlinked_users(conn: &mut DbConnection, keep: Option<UserId>) -> Result<Vec<(UserId, String)>, DbError> {
    let linked: Vec<Option<UserId>> = owners::table.select(owners::user_id).load(conn)?;
    let rows: Vec<(UserId, String, String)> = users::table
        .filter(users::active.eq(true))
        .order(users::display_name.asc())
        .select((users::id, users::display_name, users::email))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter(|(id, _, _)| Some(*id) == keep || !linked.contains(&Some(*id)))
        .map(|(id, name, email)| (id, format!("{name} ({email})")))
        .collect())
}

/// Every live finding under its inspection's title, and `also` (findings
/// already linked) even if archived, so that a saved link is never dropped unseen.
pub fn findings_by_inspection(conn: &mut DbConnection, also: &[FindingId]) -> Result<Vec<Group>, DbError> {
    let rows: Vec<(FindingId, String, String, InspectionId, String, Option<chrono::NaiveDateTime>)> = findings::table
        .inner_join(inspections::table)
        .filter(findings::archived_at.is_null().or(findings::id.eq_any(also.to_vec())))
        .order((inspections::start_date.desc(), inspections::id.desc(), findings::id.asc()))
        .select((
            findings::id,
            findings::reference,
            findings::text,
            inspections::id,
            inspections::title,
            findings::archived_at,
        ))
        .load(conn)?;
    let mut groups: Vec<(InspectionId, Group)> = Vec::new();
    for (id, reference, text, inspection, title, archived) in rows {
        let label = format!("{reference}: {}", super::archived::first_words(&text));
        let hint = archived.map(|_| "Archived".to_string());
        let item = Item { id: id.0, label, hint };
        match groups.iter_mut().find(|(i, _)| *i == inspection) {
            Some((_, group)) => group.items.push(item),
            None => groups.push((inspection, Group { heading: title, items: vec![item] })),
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
    let in_area = actions::archived_at.is_null().and(actions::practice_area_id.nullable().eq(area));
    let rows: Vec<(ActionId, String, String, AreaId, String, Option<chrono::NaiveDateTime>)> = actions::table
        .inner_join(practice_areas::table)
        .filter(in_area.or(actions::id.eq_any(also.to_vec())))
        .order((practice_areas::name.asc(), actions::id.asc()))
        .select((
            actions::id,
            actions::reference,
            actions::title,
            practice_areas::id,
            practice_areas::name,
            actions::archived_at,
        ))
        .load(conn)?;
    let mut groups: Vec<(AreaId, Group)> = Vec::new();
    for (id, reference, title, area_id, area_name, archived) in rows {
        let item =
            Item { id: id.0, label: format!("{reference} {title}"), hint: archived.map(|_| "Archived".to_string()) };
        match groups.iter_mut().find(|(a, _)| *a == area_id) {
            Some((_, group)) => group.items.push(item),
            None => groups.push((area_id, Group { heading: area_name, items: vec![item] })),
        }
    }
    Ok(groups.into_iter().map(|(_, g)| g).collect())
}

/// The findings an action answers.
pub fn findings_of_action(conn: &mut DbConnection, id: ActionId) -> Result<Vec<FindingId>, DbError> {
    use crate::db::schema::finding_actions as fa;
    Ok(fa::table.filter(fa::action_id.eq(id)).order(fa::finding_id.asc()).select(fa::finding_id).load(conn)?)
}

/// The actions that answer a finding.
pub fn actions_of_finding(conn: &mut DbConnection, id: FindingId) -> Result<Vec<ActionId>, DbError> {
    use crate::db::schema::finding_actions as fa;
    Ok(fa::table.filter(fa::finding_id.eq(id)).order(fa::action_id.asc()).select(fa::action_id).load(conn)?)
}
