//! Leaders' sign-offs and returns of completed actions: each a row only ever
//! added, keeping the action as it stood, written with the action's own
//! version check and filed in change history under the action.

use super::actions::{self, ActionRow};
use super::schema::{action_sign_offs, action_updates, actions as actions_table, owners};
use super::write::{self, stored_row, Stored};
use super::{Actor, DbConnection, DbError};
use crate::domain::fields::FieldErrors;
use crate::domain::history::{Change, Entity};
use crate::domain::ids::{ActionId, SignOffId, UpdateId, UserId};
use crate::domain::kinds::{ActionState, SignOffDecision};
use crate::domain::sign_off::{standing, AsItStands, Latest, SignOffInput, Standing};
use crate::domain::valid::Valid;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

/// A leader's decision on a completed action, with the action as it stood.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Serialize, Deserialize)]
#[diesel(table_name = action_sign_offs)]
pub struct SignOffRow {
    pub id: SignOffId,
    pub action_id: ActionId,
    pub decision: SignOffDecision,
    /// The leader's note; for a return, the reason its owner sees.
    pub note: String,
    /// Who decided; none for an action completed before sign-off was kept.
    pub decided_by: Option<UserId>,
    /// The leader signed off (or returned) an action they own themselves.
    pub own_action: bool,
    pub completed_date: Option<NaiveDate>,
    pub due_date: Option<NaiveDate>,
    pub success_measure: String,
    /// The latest progress update then (updates are never changed).
    pub latest_update_id: Option<UpdateId>,
    pub decided_at: NaiveDateTime,
}

stored_row!(SignOffRow, Entity::ActionSignOff);

impl SignOffRow {
    /// The decision as the sign-off rule reads it.
    pub fn latest(&self) -> Latest<'_> {
        Latest {
            decision: self.decision,
            on: crate::domain::dates::england_date(self.decided_at),
            as_it_stood: AsItStands {
                completed_date: self.completed_date,
                due_date: self.due_date,
                success_measure: &self.success_measure,
            },
        }
    }
}

/// How an action stands now, as a sign-off keeps it.
pub fn as_it_stands(action: &ActionRow) -> AsItStands<'_> {
    AsItStands {
        completed_date: action.completed_date,
        due_date: action.due_date,
        success_measure: &action.success_measure,
    }
}

/// Every decision, oldest first, for the plan index.
pub fn list(conn: &mut DbConnection) -> Result<Vec<SignOffRow>, DbError> {
    Ok(action_sign_offs::table
        .order((action_sign_offs::action_id.asc(), action_sign_offs::decided_at.asc(), action_sign_offs::id.asc()))
        .select(SignOffRow::as_select())
        .load(conn)?)
}

/// The latest decision on an action, if any.
pub fn latest_of(conn: &mut DbConnection, id: ActionId) -> Result<Option<SignOffRow>, DbError> {
    Ok(action_sign_offs::table
        .filter(action_sign_offs::action_id.eq(id))
        .order((action_sign_offs::decided_at.desc(), action_sign_offs::id.desc()))
        .select(SignOffRow::as_select())
        .first(conn)
        .optional()?)
}

/// Where an action's sign-off stands, read from the council's setting and
/// the latest decision (for an answer given without the cached plan).
pub fn standing_of(conn: &mut DbConnection, row: &ActionRow) -> Result<(Standing, Option<SignOffRow>), DbError> {
    let asked = super::council::find(conn)?.is_none_or(|council| council.sign_off);
    let latest = latest_of(conn, row.id)?;
    let now = standing(asked, row.state, &as_it_stands(row), latest.as_ref().map(SignOffRow::latest).as_ref());
    Ok((now, latest))
}

fn refused(message: &str) -> DbError {
    DbError::Invalid(FieldErrors::one("decision", message))
}

/// Whether the action can be decided on now (else why not), and whether it is
/// the deciding leader's own.
fn may_decide(c: &mut DbConnection, actor: &Actor, row: &ActionRow) -> Result<bool, DbError> {
    if row.archived_at.is_some() {
        return Err(DbError::NotFound { entity: <ActionRow as Stored>::ENTITY, id: row.id.0 });
    }
    match standing_of(c, row)?.0 {
        Standing::NotAsked => {
            return Err(refused("The council does not ask for sign-off: a completed action counts as it is"))
        }
        Standing::SignedOff { .. } => return Err(refused("It is already signed off as it stands")),
        Standing::Awaiting { .. } => {}
        _ => return Err(refused("Only a completed action can be signed off or returned")),
    }
    Ok(match row.owner_id {
        Some(owner) => {
            let user: Option<UserId> = owners::table.find(owner).select(owners::user_id).get_result(c)?;
            user.is_some() && user == actor.user_id
        }
        None => false,
    })
}

/// Signs off or returns an action read at `expected_version`, as it stands
/// when written. Only a completed, live action awaiting sign-off can be
/// decided on, and only while the council asks for sign-off. A return puts
/// the action back in progress without its completed date; the decision
/// keeps the date it had.
pub fn decide(
    conn: &mut DbConnection,
    actor: &Actor,
    id: ActionId,
    expected_version: i32,
    input: &Valid<SignOffInput>,
) -> Result<ActionRow, DbError> {
    let decision = input.decision;
    let what = match decision {
        SignOffDecision::SignedOff => Change::SignOff,
        SignOffDecision::Returned => Change::Return,
    };
    write::update_noting(
        conn,
        actor,
        what,
        id,
        expected_version,
        actions::get_any,
        |_| Ok(()),
        |c| {
            let row = actions::get_any(c, id)?;
            let own = may_decide(c, actor, &row)?;
            let latest_update: Option<UpdateId> = action_updates::table
                .filter(action_updates::action_id.eq(id))
                .order((action_updates::update_date.desc(), action_updates::id.desc()))
                .select(action_updates::id)
                .first(c)
                .optional()?;
            diesel::insert_into(action_sign_offs::table)
                .values((
                    action_sign_offs::action_id.eq(id),
                    action_sign_offs::decision.eq(decision),
                    action_sign_offs::note.eq(&input.note),
                    action_sign_offs::decided_by.eq(actor.user_id),
                    action_sign_offs::own_action.eq(own),
                    action_sign_offs::completed_date.eq(row.completed_date),
                    action_sign_offs::due_date.eq(row.due_date),
                    action_sign_offs::success_measure.eq(&row.success_measure),
                    action_sign_offs::latest_update_id.eq(latest_update),
                    action_sign_offs::decided_at.eq(actor.at),
                ))
                .execute(c)?;
            let target = actions_table::table
                .filter(actions_table::id.eq(id))
                .filter(actions_table::version.eq(expected_version));
            let changed = match decision {
                SignOffDecision::SignedOff => diesel::update(target)
                    .set((actions_table::version.eq(expected_version + 1), actions_table::updated_at.eq(actor.at)))
                    .execute(c)?,
                SignOffDecision::Returned => diesel::update(target)
                    .set((
                        actions_table::state.eq(ActionState::InProgress),
                        actions_table::completed_date.eq(None::<NaiveDate>),
                        actions_table::version.eq(expected_version + 1),
                        actions_table::updated_at.eq(actor.at),
                    ))
                    .execute(c)?,
            };
            let mut noted = serde_json::Map::new();
            noted.insert("note".into(), input.note.clone().into());
            noted.insert("own_action".into(), own.into());
            Ok((changed, noted))
        },
    )
}
