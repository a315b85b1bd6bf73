//! Evidence of practice change: items, their review, and their links to
//! findings and actions. Files attached to evidence are in `attachments`.

use super::schema::{evidence, evidence_actions, evidence_findings};
use super::write::{self, archivable, Stored};
use super::{Actor, Archived, DbConnection, DbError};
use crate::domain::evidence::{EvidenceInput, Review};
use crate::domain::kinds::{EvidenceKind, ReviewState};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

/// A stored evidence item.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Serialize, Deserialize)]
#[diesel(table_name = evidence)]
pub struct EvidenceRow {
    pub id: i64,
    pub title: String,
    pub kind: String,
    pub description: String,
    pub observed_on: NaiveDate,
    pub period_start: Option<NaiveDate>,
    pub period_end: Option<NaiveDate>,
    pub practice_area_id: i64,
    pub review_state: String,
    pub reviewed_by: Option<i64>,
    pub reviewed_on: Option<NaiveDate>,
    pub rejection_reason: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i32,
    pub archived_at: Option<NaiveDateTime>,
}

impl Stored for EvidenceRow {
    const ENTITY: &'static str = "evidence";
    fn id(&self) -> i64 {
        self.id
    }
    fn version(&self) -> i32 {
        self.version
    }
}

impl EvidenceRow {
    /// The kind of evidence; the column's check constraint keeps it one of the names.
    pub fn kind(&self) -> EvidenceKind {
        self.kind.parse().unwrap_or(EvidenceKind::Other)
    }

    /// The review state; the column's check constraint keeps it one of the names.
    pub fn review_state(&self) -> ReviewState {
        self.review_state.parse().unwrap_or(ReviewState::Draft)
    }
}

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = evidence, treat_none_as_null = true)]
struct EvidenceValues<'a> {
    title: &'a str,
    kind: &'a str,
    description: &'a str,
    observed_on: NaiveDate,
    period_start: Option<NaiveDate>,
    period_end: Option<NaiveDate>,
    practice_area_id: i64,
}

impl<'a> From<&'a EvidenceInput> for EvidenceValues<'a> {
    fn from(input: &'a EvidenceInput) -> Self {
        Self {
            title: input.title.trim(),
            kind: input.kind.as_str(),
            description: input.description.trim(),
            observed_on: input.observed_on,
            period_start: input.period_start,
            period_end: input.period_end,
            practice_area_id: input.practice_area_id,
        }
    }
}

/// Adds an evidence item as a draft awaiting review.
pub fn create(conn: &mut DbConnection, actor: &Actor, input: &EvidenceInput) -> Result<EvidenceRow, DbError> {
    input.check(actor.at.date()).map_err(DbError::Invalid)?;
    super::areas::get_any(conn, input.practice_area_id)?;
    write::create(conn, actor, |c| {
        Ok(diesel::insert_into(evidence::table)
            .values((
                EvidenceValues::from(input),
                evidence::review_state.eq(ReviewState::Draft.as_str()),
                evidence::created_at.eq(actor.at),
                evidence::updated_at.eq(actor.at),
                evidence::version.eq(1),
            ))
            .returning(evidence::all_columns)
            .get_result(c)?)
    })
}

/// Changes an item's details. A changed item goes back to draft: what was
/// verified is no longer what is there.
pub fn update(
    conn: &mut DbConnection,
    actor: &Actor,
    id: i64,
    expected_version: i32,
    input: &EvidenceInput,
) -> Result<EvidenceRow, DbError> {
    input.check(actor.at.date()).map_err(DbError::Invalid)?;
    super::areas::get_any(conn, input.practice_area_id)?;
    write::update(conn, actor, "update", id, expected_version, get_any, |c| {
        Ok(diesel::update(evidence::table.filter(evidence::id.eq(id)).filter(evidence::version.eq(expected_version)))
            .set((
                EvidenceValues::from(input),
                evidence::review_state.eq(ReviewState::Draft.as_str()),
                evidence::reviewed_by.eq(None::<i64>),
                evidence::reviewed_on.eq(None::<NaiveDate>),
                evidence::rejection_reason.eq(None::<String>),
                evidence::version.eq(expected_version + 1),
                evidence::updated_at.eq(actor.at),
            ))
            .execute(c)?)
    })
}

/// Records a leader's review: verified, or rejected with the reason.
pub fn review(
    conn: &mut DbConnection,
    actor: &Actor,
    id: i64,
    expected_version: i32,
    decision: &Review,
    reviewed_on: NaiveDate,
) -> Result<EvidenceRow, DbError> {
    decision.check().map_err(DbError::Invalid)?;
    let (state, reason, what) = match decision {
        Review::Verify => (ReviewState::Verified, None, "verify"),
        Review::Reject { reason } => (ReviewState::Rejected, Some(reason.trim()), "reject"),
    };
    write::update(conn, actor, what, id, expected_version, get_any, |c| {
        Ok(diesel::update(evidence::table.filter(evidence::id.eq(id)).filter(evidence::version.eq(expected_version)))
            .set((
                evidence::review_state.eq(state.as_str()),
                evidence::reviewed_by.eq(actor.user_id),
                evidence::reviewed_on.eq(Some(reviewed_on)),
                evidence::rejection_reason.eq(reason),
                evidence::version.eq(expected_version + 1),
                evidence::updated_at.eq(actor.at),
            ))
            .execute(c)?)
    })
}

archivable!(evidence, EvidenceRow);

/// Evidence, most recently observed first.
pub fn list(conn: &mut DbConnection, archived: Archived) -> Result<Vec<EvidenceRow>, DbError> {
    let mut query = evidence::table.into_boxed();
    if archived == Archived::Hide {
        query = query.filter(evidence::archived_at.is_null());
    }
    Ok(query.order((evidence::observed_on.desc(), evidence::id.desc())).select(EvidenceRow::as_select()).load(conn)?)
}

/// A link between evidence and a finding.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Serialize, Deserialize)]
#[diesel(table_name = evidence_findings)]
pub struct EvidenceFindingRow {
    pub evidence_id: i64,
    pub finding_id: i64,
    pub created_at: NaiveDateTime,
}

/// A link between evidence and an action.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Serialize, Deserialize)]
#[diesel(table_name = evidence_actions)]
pub struct EvidenceActionRow {
    pub evidence_id: i64,
    pub action_id: i64,
    pub created_at: NaiveDateTime,
}

/// Links evidence to the findings and actions it speaks to; existing links stay.
pub fn link(
    conn: &mut DbConnection,
    actor: &Actor,
    evidence_id: i64,
    finding_ids: &[i64],
    action_ids: &[i64],
) -> Result<(), DbError> {
    get_any(conn, evidence_id)?;
    for id in finding_ids {
        super::findings::get_any(conn, *id)?;
    }
    for id in action_ids {
        super::actions::get_any(conn, *id)?;
    }
    write::append(conn, actor, EvidenceRow::ENTITY, evidence_id, "link", |c| {
        for &finding_id in finding_ids {
            let exists: i64 = evidence_findings::table.find((evidence_id, finding_id)).count().get_result(c)?;
            if exists == 0 {
                diesel::insert_into(evidence_findings::table)
                    .values(EvidenceFindingRow { evidence_id, finding_id, created_at: actor.at })
                    .execute(c)?;
            }
        }
        for &action_id in action_ids {
            let exists: i64 = evidence_actions::table.find((evidence_id, action_id)).count().get_result(c)?;
            if exists == 0 {
                diesel::insert_into(evidence_actions::table)
                    .values(EvidenceActionRow { evidence_id, action_id, created_at: actor.at })
                    .execute(c)?;
            }
        }
        Ok(serde_json::json!({ "finding_ids": finding_ids, "action_ids": action_ids }))
    })?;
    Ok(())
}

/// Every evidence-finding link.
pub fn finding_links(conn: &mut DbConnection) -> Result<Vec<EvidenceFindingRow>, DbError> {
    Ok(evidence_findings::table
        .order((evidence_findings::evidence_id.asc(), evidence_findings::finding_id.asc()))
        .select(EvidenceFindingRow::as_select())
        .load(conn)?)
}

/// Every evidence-action link.
pub fn action_links(conn: &mut DbConnection) -> Result<Vec<EvidenceActionRow>, DbError> {
    Ok(evidence_actions::table
        .order((evidence_actions::evidence_id.asc(), evidence_actions::action_id.asc()))
        .select(EvidenceActionRow::as_select())
        .load(conn)?)
}

/// The live evidence linked to an action.
pub fn for_action(conn: &mut DbConnection, action_id: i64) -> Result<Vec<EvidenceRow>, DbError> {
    Ok(evidence::table
        .inner_join(evidence_actions::table.on(evidence_actions::evidence_id.eq(evidence::id)))
        .filter(evidence_actions::action_id.eq(action_id))
        .filter(evidence::archived_at.is_null())
        .order((evidence::observed_on.desc(), evidence::id.desc()))
        .select(EvidenceRow::as_select())
        .load(conn)?)
}
