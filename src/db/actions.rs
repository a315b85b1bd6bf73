//! Plan actions, their links to findings, and their progress updates.

use super::schema::{action_updates, actions, finding_actions};
use super::versioned::versioned_row;
use super::write::{self, archivable, stored_row, Stored};
use super::{Actor, DbConnection, DbError};
use crate::domain::history::{Change, Entity};
use crate::domain::ids::{ActionId, AreaId, FindingId, OwnerId, UpdateId, UserId};
use crate::domain::kinds::{ActionState, Rag};
use crate::domain::plan::{ActionInput, UpdateInput};
use crate::domain::valid::Valid;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

versioned_row! {
    /// A stored plan action.
    pub struct ActionRow in actions as Entity::Action {
        id: ActionId,
        written from ActionInput as ActionValues {
            reference: String,
            title: String,
            description: String,
            owner_id: Option<OwnerId>,
            practice_area_id: AreaId,
            start_date: Option<NaiveDate>,
            due_date: Option<NaiveDate>,
            completed_date: Option<NaiveDate>,
            state: ActionState,
            success_measure: String,
        }
        added later {
            /// The day it was cancelled, when that is known: it counts on the dates
            /// before. None for one not cancelled, or entered as cancelled.
            #[serde(default)]
            cancelled_on: Option<NaiveDate>,
        }
    }
}

impl ActionRow {
    /// Due before `today` and neither completed nor cancelled.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        let open = !matches!(self.state, ActionState::Completed | ActionState::Cancelled);
        open && self.due_date.is_some_and(|due| due < today)
    }
}

fn check_links(conn: &mut DbConnection, input: &ActionInput) -> Result<(), DbError> {
    super::areas::get_any(conn, input.practice_area_id)?;
    if let Some(owner) = input.owner_id {
        super::owners::get_any(conn, owner)?;
    }
    Ok(())
}

/// Adds a plan action.
pub fn create(conn: &mut DbConnection, actor: &Actor, input: &Valid<ActionInput>) -> Result<ActionRow, DbError> {
    check_links(conn, input)?;
    write::create(conn, actor, |c| Ok(write::insert_at_version_one!(c, actor, actions, ActionValues::from(&**input))?))
}

/// Changes an action read at `expected_version`, if `allow` approves the
/// action as it stands (read in the same transaction).
pub fn update(
    conn: &mut DbConnection,
    actor: &Actor,
    id: ActionId,
    expected_version: i32,
    input: &Valid<ActionInput>,
    allow: impl FnOnce(&ActionRow) -> bool,
) -> Result<ActionRow, DbError> {
    check_links(conn, input)?;
    let permit = |row: &ActionRow| match allow(row) {
        true => Ok(()),
        false => Err(DbError::Forbidden { entity: ActionRow::ENTITY, id: id.0 }),
    };
    write::update_if(conn, actor, Change::Update, id, expected_version, get_any, permit, |c| {
        let was: (ActionState, Option<NaiveDate>) =
            actions::table.find(id).select((actions::state, actions::cancelled_on)).get_result(c)?;
        Ok(write::update_at_version!(
            c,
            actor,
            actions,
            id,
            expected_version,
            ActionValues::from(&**input),
            actions::cancelled_on.eq(cancelled_on(was, input.state, actor))
        )?)
    })
}

/// The cancellation day an action keeps after a change from `was` (its state
/// and cancellation day) to `state`: the day of the change when it is
/// cancelled by it, the day it had when it stays cancelled, none otherwise.
fn cancelled_on((was, day): (ActionState, Option<NaiveDate>), state: ActionState, actor: &Actor) -> Option<NaiveDate> {
    match (was, state) {
        (ActionState::Cancelled, ActionState::Cancelled) => day,
        (_, ActionState::Cancelled) => Some(crate::domain::dates::england_date(actor.at)),
        _ => None,
    }
}

archivable!(actions, ActionRow, ActionId, #[doc = "Actions in area and reference order."] listed by (actions::practice_area_id.asc(), actions::id.asc()));

/// A link between a finding and an action.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Serialize, Deserialize)]
#[diesel(table_name = finding_actions)]
pub struct FindingActionRow {
    pub finding_id: FindingId,
    pub action_id: ActionId,
    pub created_at: NaiveDateTime,
}

/// Links an action to a finding it answers; linking twice is harmless.
pub fn link_finding(
    conn: &mut DbConnection,
    actor: &Actor,
    action_id: ActionId,
    finding_id: FindingId,
) -> Result<(), DbError> {
    get_any(conn, action_id)?;
    super::findings::get_any(conn, finding_id)?;
    write::append(conn, actor, ActionRow::ENTITY, action_id.0, Change::LinkFinding, |c| {
        let exists = finding_actions::table.find((finding_id, action_id)).count().get_result::<i64>(c)? > 0;
        if !exists {
            diesel::insert_into(finding_actions::table)
                .values(FindingActionRow { finding_id, action_id, created_at: actor.at })
                .execute(c)?;
        }
        Ok(serde_json::json!({ "finding_id": finding_id }))
    })?;
    Ok(())
}

/// Removes a link between an action and a finding.
pub fn unlink_finding(
    conn: &mut DbConnection,
    actor: &Actor,
    action_id: ActionId,
    finding_id: FindingId,
) -> Result<(), DbError> {
    write::append(conn, actor, ActionRow::ENTITY, action_id.0, Change::UnlinkFinding, |c| {
        diesel::delete(finding_actions::table.find((finding_id, action_id))).execute(c)?;
        Ok(serde_json::json!({ "finding_id": finding_id }))
    })?;
    Ok(())
}

/// Every finding-action link.
pub fn finding_links(conn: &mut DbConnection) -> Result<Vec<FindingActionRow>, DbError> {
    Ok(finding_actions::table
        .order((finding_actions::finding_id.asc(), finding_actions::action_id.asc()))
        .select(FindingActionRow::as_select())
        .load(conn)?)
}

/// A dated progress note on an action; updates are never edited, only added.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Serialize, Deserialize)]
#[diesel(table_name = action_updates)]
pub struct UpdateRow {
    pub id: UpdateId,
    pub action_id: ActionId,
    pub update_date: NaiveDate,
    pub rag: Rag,
    pub note: String,
    pub author_id: Option<UserId>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

stored_row!(UpdateRow, Entity::ActionUpdate);

/// Adds a progress update to an action, if `allow` approves the action as it
/// stands (read in the same transaction).
pub fn add_update(
    conn: &mut DbConnection,
    actor: &Actor,
    input: &Valid<UpdateInput>,
    allow: impl FnOnce(&ActionRow) -> bool,
) -> Result<UpdateRow, DbError> {
    write::create(conn, actor, |c| {
        if !allow(&get_any(c, input.action_id)?) {
            return Err(DbError::Forbidden { entity: ActionRow::ENTITY, id: input.action_id.0 });
        }
        Ok(diesel::insert_into(action_updates::table)
            .values((
                action_updates::action_id.eq(input.action_id),
                action_updates::update_date.eq(input.update_date),
                action_updates::rag.eq(input.rag),
                action_updates::note.eq(&input.note),
                action_updates::author_id.eq(actor.user_id),
                action_updates::created_at.eq(actor.at),
                action_updates::updated_at.eq(actor.at),
            ))
            .returning(action_updates::all_columns)
            .get_result(c)?)
    })
}

/// Progress updates, oldest first; for one action or all.
pub fn updates(conn: &mut DbConnection, action_id: Option<ActionId>) -> Result<Vec<UpdateRow>, DbError> {
    let mut query = action_updates::table.into_boxed();
    if let Some(id) = action_id {
        query = query.filter(action_updates::action_id.eq(id));
    }
    Ok(query
        .order((action_updates::action_id.asc(), action_updates::update_date.asc(), action_updates::id.asc()))
        .select(UpdateRow::as_select())
        .load(conn)?)
}

/// The live findings an action answers.
pub fn findings_of(conn: &mut DbConnection, action_id: ActionId) -> Result<Vec<super::findings::FindingRow>, DbError> {
    use super::schema::findings;
    Ok(findings::table
        .inner_join(finding_actions::table.on(finding_actions::finding_id.eq(findings::id)))
        .filter(finding_actions::action_id.eq(action_id))
        .filter(findings::archived_at.is_null())
        .order(findings::id.asc())
        .select(super::findings::FindingRow::as_select())
        .load(conn)?)
}

/// The live actions of `area` and those in `also` (archived or not), each with
/// its area's name, by area name: what a form offers to link.
pub fn in_area_or_linked(
    conn: &mut DbConnection,
    area: Option<AreaId>,
    also: &[ActionId],
) -> Result<Vec<(ActionRow, String)>, DbError> {
    use super::schema::practice_areas;
    let in_area = actions::archived_at.is_null().and(actions::practice_area_id.nullable().eq(area));
    Ok(actions::table
        .inner_join(practice_areas::table)
        .filter(in_area.or(actions::id.eq_any(also.to_vec())))
        .order((practice_areas::name.asc(), actions::id.asc()))
        .select((ActionRow::as_select(), practice_areas::name))
        .load(conn)?)
}

/// The ids of the findings an action answers, archived or not.
pub fn finding_ids_of(conn: &mut DbConnection, id: ActionId) -> Result<Vec<FindingId>, DbError> {
    Ok(finding_actions::table
        .filter(finding_actions::action_id.eq(id))
        .order(finding_actions::finding_id.asc())
        .select(finding_actions::finding_id)
        .load(conn)?)
}

/// The ids of the actions that answer a finding, archived or not.
pub fn action_ids_of(conn: &mut DbConnection, id: FindingId) -> Result<Vec<ActionId>, DbError> {
    Ok(finding_actions::table
        .filter(finding_actions::finding_id.eq(id))
        .order(finding_actions::action_id.asc())
        .select(finding_actions::action_id)
        .load(conn)?)
}

/// An action's progress updates, newest first, each with its author's name
/// (none when no one signed in made it); authors are named through a join,
/// not by reading every user.
pub fn updates_with_authors(
    conn: &mut DbConnection,
    id: ActionId,
) -> Result<Vec<(UpdateRow, Option<String>)>, DbError> {
    use super::schema::users;
    Ok(action_updates::table
        .left_join(users::table.on(users::id.nullable().eq(action_updates::author_id)))
        .filter(action_updates::action_id.eq(id))
        .order((action_updates::update_date.desc(), action_updates::id.desc()))
        .select((UpdateRow::as_select(), users::display_name.nullable()))
        .load(conn)?)
}

/// Adds an action and links it to the findings it answers, in one transaction.
pub fn create_answering(
    conn: &mut DbConnection,
    actor: &Actor,
    input: &Valid<ActionInput>,
    finding_ids: &[FindingId],
) -> Result<ActionRow, DbError> {
    super::connection::write_transaction(conn, |c| {
        let row = create(c, actor, input)?;
        set_links(c, actor, Side::Action(row.id), finding_ids.iter().map(|f| (*f, row.id)).collect())?;
        Ok(row)
    })
}

/// Changes an action (if `allow` approves it as it stands) and, when
/// `finding_ids` is given, makes them the findings it answers, in one transaction.
pub fn update_answering(
    conn: &mut DbConnection,
    actor: &Actor,
    id: ActionId,
    expected_version: i32,
    input: &Valid<ActionInput>,
    finding_ids: Option<&[FindingId]>,
    allow: impl FnOnce(&ActionRow) -> bool,
) -> Result<ActionRow, DbError> {
    super::connection::write_transaction(conn, |c| {
        let row = update(c, actor, id, expected_version, input, allow)?;
        if let Some(wanted) = finding_ids {
            set_links(c, actor, Side::Action(id), wanted.iter().map(|f| (*f, id)).collect())?;
        }
        Ok(row)
    })
}

/// Which end of the finding-action links is being set.
#[derive(Debug, Clone, Copy)]
pub enum Side {
    /// The findings an action answers.
    Action(ActionId),
    /// The actions that answer a finding.
    Finding(FindingId),
}

/// Makes `wanted` the links of one action or one finding: adds the missing,
/// removes the rest, and records both lists in change history when they
/// differ. Only live findings and actions can be newly linked. A list of ids
/// is a set: a link named twice is one link. The caller holds the write
/// transaction.
pub fn set_links(
    conn: &mut DbConnection,
    actor: &Actor,
    side: Side,
    mut wanted: Vec<(FindingId, ActionId)>,
) -> Result<(), DbError> {
    let mut seen = std::collections::HashSet::new();
    wanted.retain(|link| seen.insert(*link));
    let current: Vec<(FindingId, ActionId)> = match side {
        Side::Action(id) => finding_actions::table
            .filter(finding_actions::action_id.eq(id))
            .select((finding_actions::finding_id, finding_actions::action_id))
            .load(conn)?,
        Side::Finding(id) => finding_actions::table
            .filter(finding_actions::finding_id.eq(id))
            .select((finding_actions::finding_id, finding_actions::action_id))
            .load(conn)?,
    };
    let added: Vec<(FindingId, ActionId)> = wanted.iter().filter(|w| !current.contains(w)).copied().collect();
    let removed: Vec<(FindingId, ActionId)> = current.iter().filter(|c| !wanted.contains(c)).copied().collect();
    if added.is_empty() && removed.is_empty() {
        return Ok(());
    }
    for (finding_id, action_id) in &added {
        let live = match side {
            Side::Action(_) => super::findings::get_any(conn, *finding_id)?.archived_at.is_none(),
            Side::Finding(_) => get_any(conn, *action_id)?.archived_at.is_none(),
        };
        if !live {
            let field = if matches!(side, Side::Action(_)) { "finding_ids" } else { "action_ids" };
            return Err(DbError::Invalid(crate::domain::fields::FieldErrors::one(
                field,
                "An archived record cannot be linked: restore it first",
            )));
        }
        diesel::insert_into(finding_actions::table)
            .values(FindingActionRow { finding_id: *finding_id, action_id: *action_id, created_at: actor.at })
            .execute(conn)?;
    }
    for (finding_id, action_id) in &removed {
        diesel::delete(finding_actions::table.find((*finding_id, *action_id))).execute(conn)?;
    }
    let (entity, entity_id, before, after) = match side {
        Side::Action(id) => (
            ActionRow::ENTITY,
            id.0,
            current.iter().map(|(f, _)| f.0).collect::<Vec<_>>(),
            wanted.iter().map(|(f, _)| f.0).collect::<Vec<_>>(),
        ),
        Side::Finding(id) => (
            super::findings::FindingRow::ENTITY,
            id.0,
            current.iter().map(|(_, a)| a.0).collect(),
            wanted.iter().map(|(_, a)| a.0).collect(),
        ),
    };
    let key = if matches!(side, Side::Action(_)) { "finding_ids" } else { "action_ids" };
    super::history::record(
        conn,
        actor,
        entity,
        entity_id,
        Change::SetLinks,
        Some(serde_json::json!({ key: before })),
        Some(serde_json::json!({ key: after })),
    )
}
