//! Plan actions, their links to findings, and their progress updates.

use super::schema::{action_updates, actions, finding_actions};
use super::write::{self, archivable, Stored};
use super::{Actor, Archived, DbConnection, DbError};
use crate::domain::kinds::{ActionState, Rag};
use crate::domain::plan::{ActionInput, UpdateInput};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

/// A stored plan action.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Serialize, Deserialize)]
#[diesel(table_name = actions)]
pub struct ActionRow {
    pub id: i64,
    pub reference: String,
    pub title: String,
    pub description: String,
    pub owner_id: Option<i64>,
    pub practice_area_id: i64,
    pub start_date: Option<NaiveDate>,
    pub due_date: Option<NaiveDate>,
    pub completed_date: Option<NaiveDate>,
    pub state: String,
    pub success_measure: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i32,
    pub archived_at: Option<NaiveDateTime>,
}

impl Stored for ActionRow {
    const ENTITY: &'static str = "action";
    fn id(&self) -> i64 {
        self.id
    }
    fn version(&self) -> i32 {
        self.version
    }
}

impl ActionRow {
    /// The action's state; the column's check constraint keeps it one of the names.
    pub fn state(&self) -> ActionState {
        self.state.parse().unwrap_or(ActionState::Planned)
    }

    /// Due before `today` and neither completed nor cancelled.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        let open = !matches!(self.state(), ActionState::Completed | ActionState::Cancelled);
        open && self.due_date.is_some_and(|due| due < today)
    }
}

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = actions, treat_none_as_null = true)]
struct ActionValues<'a> {
    reference: &'a str,
    title: &'a str,
    description: &'a str,
    owner_id: Option<i64>,
    practice_area_id: i64,
    start_date: Option<NaiveDate>,
    due_date: Option<NaiveDate>,
    completed_date: Option<NaiveDate>,
    state: &'a str,
    success_measure: &'a str,
}

impl<'a> From<&'a ActionInput> for ActionValues<'a> {
    fn from(input: &'a ActionInput) -> Self {
        Self {
            reference: input.reference.trim(),
            title: input.title.trim(),
            description: input.description.trim(),
            owner_id: input.owner_id,
            practice_area_id: input.practice_area_id,
            start_date: input.start_date,
            due_date: input.due_date,
            completed_date: input.completed_date,
            state: input.state.as_str(),
            success_measure: input.success_measure.trim(),
        }
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
pub fn create(conn: &mut DbConnection, actor: &Actor, input: &ActionInput) -> Result<ActionRow, DbError> {
    input.check().map_err(DbError::Invalid)?;
    check_links(conn, input)?;
    write::create(conn, actor, |c| {
        Ok(diesel::insert_into(actions::table)
            .values((
                ActionValues::from(input),
                actions::created_at.eq(actor.at),
                actions::updated_at.eq(actor.at),
                actions::version.eq(1),
            ))
            .returning(actions::all_columns)
            .get_result(c)?)
    })
}

/// Changes an action read at `expected_version`.
pub fn update(
    conn: &mut DbConnection,
    actor: &Actor,
    id: i64,
    expected_version: i32,
    input: &ActionInput,
) -> Result<ActionRow, DbError> {
    input.check().map_err(DbError::Invalid)?;
    check_links(conn, input)?;
    write::update(conn, actor, "update", id, expected_version, get_any, |c| {
        Ok(diesel::update(actions::table.filter(actions::id.eq(id)).filter(actions::version.eq(expected_version)))
            .set((
                ActionValues::from(input),
                actions::version.eq(expected_version + 1),
                actions::updated_at.eq(actor.at),
            ))
            .execute(c)?)
    })
}

archivable!(actions, ActionRow);

/// Actions in area and reference order.
pub fn list(conn: &mut DbConnection, archived: Archived) -> Result<Vec<ActionRow>, DbError> {
    let mut query = actions::table.into_boxed();
    if archived == Archived::Hide {
        query = query.filter(actions::archived_at.is_null());
    }
    Ok(query.order((actions::practice_area_id.asc(), actions::id.asc())).select(ActionRow::as_select()).load(conn)?)
}

/// A link between a finding and an action.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Serialize, Deserialize)]
#[diesel(table_name = finding_actions)]
pub struct FindingActionRow {
    pub finding_id: i64,
    pub action_id: i64,
    pub created_at: NaiveDateTime,
}

/// Links an action to a finding it answers; linking twice is harmless.
pub fn link_finding(conn: &mut DbConnection, actor: &Actor, action_id: i64, finding_id: i64) -> Result<(), DbError> {
    get_any(conn, action_id)?;
    super::findings::get_any(conn, finding_id)?;
    write::append(conn, actor, ActionRow::ENTITY, action_id, "link_finding", |c| {
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
pub fn unlink_finding(conn: &mut DbConnection, actor: &Actor, action_id: i64, finding_id: i64) -> Result<(), DbError> {
    write::append(conn, actor, ActionRow::ENTITY, action_id, "unlink_finding", |c| {
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
    pub id: i64,
    pub action_id: i64,
    pub update_date: NaiveDate,
    pub rag: String,
    pub note: String,
    pub author_id: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Stored for UpdateRow {
    const ENTITY: &'static str = "action_update";
    fn id(&self) -> i64 {
        self.id
    }
}

impl UpdateRow {
    /// The RAG rating; the column's check constraint keeps it one of the names.
    pub fn rag(&self) -> Rag {
        self.rag.parse().unwrap_or(Rag::Amber)
    }
}

/// Adds a progress update to an action.
pub fn add_update(conn: &mut DbConnection, actor: &Actor, input: &UpdateInput) -> Result<UpdateRow, DbError> {
    input.check().map_err(DbError::Invalid)?;
    get_any(conn, input.action_id)?;
    write::create(conn, actor, |c| {
        Ok(diesel::insert_into(action_updates::table)
            .values((
                action_updates::action_id.eq(input.action_id),
                action_updates::update_date.eq(input.update_date),
                action_updates::rag.eq(input.rag.as_str()),
                action_updates::note.eq(input.note.trim()),
                action_updates::author_id.eq(actor.user_id),
                action_updates::created_at.eq(actor.at),
                action_updates::updated_at.eq(actor.at),
            ))
            .returning(action_updates::all_columns)
            .get_result(c)?)
    })
}

/// Progress updates, oldest first; for one action or all.
pub fn updates(conn: &mut DbConnection, action_id: Option<i64>) -> Result<Vec<UpdateRow>, DbError> {
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
pub fn findings_of(conn: &mut DbConnection, action_id: i64) -> Result<Vec<super::findings::FindingRow>, DbError> {
    use super::schema::findings;
    Ok(findings::table
        .inner_join(finding_actions::table.on(finding_actions::finding_id.eq(findings::id)))
        .filter(finding_actions::action_id.eq(action_id))
        .filter(findings::archived_at.is_null())
        .order(findings::id.asc())
        .select(super::findings::FindingRow::as_select())
        .load(conn)?)
}
