//! Requests for evidence: asked by a leader, answered by an evidence item
//! (`db::evidence::create_linked`, in the item's own transaction) or closed
//! unanswered with a reason. A request is never changed otherwise, so its
//! dates alone say where it stood on any day.

use super::schema::evidence_requests;
use super::write::{self, stored_row};
use super::{Actor, DbConnection, DbError};
use crate::domain::fields::FieldErrors;
use crate::domain::history::{Change, Entity};
use crate::domain::ids::{ActionId, AreaId, EvidenceId, FindingId, OwnerId, RequestId, UserId};
use crate::domain::kinds::RequestState;
use crate::domain::requests::{Closing, RequestDates, RequestInput, Subject};
use crate::domain::valid::Valid;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

/// A stored request.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Serialize, Deserialize)]
#[diesel(table_name = evidence_requests)]
pub struct RequestRow {
    pub id: RequestId,
    pub finding_id: Option<FindingId>,
    pub action_id: Option<ActionId>,
    pub practice_area_id: Option<AreaId>,
    pub owner_id: OwnerId,
    pub asked_by: Option<UserId>,
    pub asked_on: NaiveDate,
    pub due_on: NaiveDate,
    pub wanted: String,
    pub state: RequestState,
    pub evidence_id: Option<EvidenceId>,
    pub answered_on: Option<NaiveDate>,
    pub closed_by: Option<UserId>,
    pub closed_on: Option<NaiveDate>,
    pub close_reason: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i32,
}

stored_row!(RequestRow, Entity::EvidenceRequest, version);

impl RequestRow {
    /// What the evidence is asked about (the database keeps exactly one).
    pub fn subject(&self) -> Option<Subject> {
        Subject::from_ids(self.finding_id, self.action_id, self.practice_area_id)
    }

    /// The days that say where it stood.
    pub fn dates(&self) -> RequestDates {
        RequestDates {
            asked_on: self.asked_on,
            due_on: self.due_on,
            answered_on: self.answered_on,
            closed_on: self.closed_on,
        }
    }
}

fn refused(field: &str, message: &str) -> DbError {
    DbError::Invalid(FieldErrors::one(field, message))
}

/// The subject and the owner must be live records: nobody is asked about
/// something taken out of the plan, or asked when they have left it.
fn check_links(conn: &mut DbConnection, input: &RequestInput) -> Result<(), DbError> {
    let archived = match input.subject {
        Subject::Finding(id) => super::findings::get_any(conn, id)?.archived_at,
        Subject::Action(id) => super::actions::get_any(conn, id)?.archived_at,
        Subject::Area(id) => super::areas::get_any(conn, id)?.archived_at,
    };
    if archived.is_some() {
        return Err(refused(input.subject.field(), "An archived record cannot be asked about: restore it first"));
    }
    if super::owners::get_any(conn, input.owner_id)?.archived_at.is_some() {
        return Err(refused("owner_id", "Choose an owner who is still in the plan"));
    }
    Ok(())
}

/// Asks an owner for evidence on `today`.
pub fn create(
    conn: &mut DbConnection,
    actor: &Actor,
    input: &Valid<RequestInput>,
    today: NaiveDate,
) -> Result<RequestRow, DbError> {
    check_links(conn, input)?;
    let (finding_id, action_id, practice_area_id) = input.subject.ids();
    write::create(conn, actor, |c| {
        Ok(write::insert_at_version_one!(
            c,
            actor,
            evidence_requests,
            evidence_requests::finding_id.eq(finding_id),
            evidence_requests::action_id.eq(action_id),
            evidence_requests::practice_area_id.eq(practice_area_id),
            evidence_requests::owner_id.eq(input.owner_id),
            evidence_requests::asked_by.eq(actor.user_id),
            evidence_requests::asked_on.eq(today),
            evidence_requests::due_on.eq(input.due_on),
            evidence_requests::wanted.eq(&input.wanted),
            evidence_requests::state.eq(RequestState::Open)
        )?)
    })
}

/// One request by id.
pub fn get_any(conn: &mut DbConnection, id: RequestId) -> Result<RequestRow, DbError> {
    evidence_requests::table
        .find(id)
        .select(RequestRow::as_select())
        .get_result(conn)
        .optional()?
        .ok_or(DbError::NotFound { entity: Entity::EvidenceRequest, id: id.0 })
}

/// Every request, oldest first (the plan index keeps them all: their dates
/// say which were asked by a past day).
pub fn all(conn: &mut DbConnection) -> Result<Vec<RequestRow>, DbError> {
    Ok(evidence_requests::table.order(evidence_requests::id.asc()).select(RequestRow::as_select()).load(conn)?)
}

/// Why a request that is not open cannot be answered or closed, against `field`.
fn still_open(row: &RequestRow, field: &str) -> Result<(), DbError> {
    match row.state {
        RequestState::Open => Ok(()),
        RequestState::Answered => Err(refused(field, "That request has already been answered")),
        RequestState::Closed => Err(refused(field, "That request was closed without evidence")),
    }
}

/// Closes an open request read at `expected_version` without evidence, with
/// the leader's reason, on `today`. Closing a closed request changes nothing
/// (two leaders closing it at once both see it closed); an answered one is refused.
pub fn close(
    conn: &mut DbConnection,
    actor: &Actor,
    id: RequestId,
    expected_version: i32,
    closing: &Valid<Closing>,
    today: NaiveDate,
) -> Result<RequestRow, DbError> {
    let now = get_any(conn, id)?;
    if now.state == RequestState::Closed {
        return Ok(now);
    }
    let open = |row: &RequestRow| still_open(row, "reason");
    write::update_if(conn, actor, Change::Close, id, expected_version, get_any, open, |c| {
        Ok(write::update_at_version!(
            c,
            actor,
            evidence_requests,
            id,
            expected_version,
            evidence_requests::state.eq(RequestState::Closed),
            evidence_requests::closed_by.eq(actor.user_id),
            evidence_requests::closed_on.eq(Some(today)),
            evidence_requests::close_reason.eq(Some(&closing.reason))
        )?)
    })
}

/// Marks an open request answered by an evidence item added on `on`; the
/// caller holds the item's write transaction, so both are saved or neither.
pub fn answer(
    conn: &mut DbConnection,
    actor: &Actor,
    id: RequestId,
    evidence: EvidenceId,
    on: NaiveDate,
) -> Result<RequestRow, DbError> {
    let row = match get_any(conn, id) {
        Err(DbError::NotFound { .. }) => return Err(refused("request_id", "Choose a request that exists")),
        other => other?,
    };
    still_open(&row, "request_id")?;
    write::update(conn, actor, Change::Answer, id, row.version, get_any, |c| {
        Ok(write::update_at_version!(
            c,
            actor,
            evidence_requests,
            id,
            row.version,
            evidence_requests::state.eq(RequestState::Answered),
            evidence_requests::evidence_id.eq(Some(evidence)),
            evidence_requests::answered_on.eq(Some(on))
        )?)
    })
}
