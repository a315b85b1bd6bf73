//! Evidence's review (verified, rejected or returned for changes; one item or
//! several at once), who added items, and items recorded from case audits.

use super::evidence::{create_from, get_any, EvidenceRow, ReviewValues};
use super::schema::evidence;
use super::write::{self, Stored};
use super::{Actor, DbConnection, DbError};
use crate::domain::evidence::{AuditResult, Review, Verification, Verifier};
use crate::domain::fields::FieldErrors;
use crate::domain::history::Change;
use crate::domain::ids::{EvidenceId, ResultId, UserId};
use crate::domain::kinds::{MeasureKind, ReviewState};
use crate::domain::valid::{finish, Context, Valid, Validate};
use chrono::NaiveDate;
use diesel::prelude::*;
use std::collections::HashMap;

/// Records a leader's review: verified (today by the reviewer, or on a day
/// of its own by whoever verified it), or rejected with the reason. A
/// verification is refused if it falls before the practice was observed,
/// as the item stands when written.
pub fn review(
    conn: &mut DbConnection,
    actor: &Actor,
    id: EvidenceId,
    expected_version: i32,
    decision: &Valid<Review>,
    reviewed_on: NaiveDate,
) -> Result<EvidenceRow, DbError> {
    let values = match &**decision {
        Review::Verify => ReviewValues {
            review_state: ReviewState::Verified,
            reviewed_by: actor.user_id,
            reviewed_on: Some(reviewed_on),
            ..ReviewValues::DRAFT
        },
        Review::Verified(verification) => {
            let (reviewed_by, reviewed_by_name) = match &verification.by {
                Verifier::Recorder => (actor.user_id, None),
                Verifier::User(user) => (Some(*user), None),
                Verifier::Named(name) => (None, Some(name.as_str())),
            };
            ReviewValues {
                review_state: ReviewState::Verified,
                reviewed_by,
                reviewed_by_name,
                reviewed_on: Some(verification.on),
                ..ReviewValues::DRAFT
            }
        }
        Review::Reject { reason } => ReviewValues {
            review_state: ReviewState::Rejected,
            reviewed_by: actor.user_id,
            reviewed_on: Some(reviewed_on),
            rejection_reason: Some(reason),
            ..ReviewValues::DRAFT
        },
        // Still a draft, so it counts for nothing, but out of the queue until it is changed.
        Review::Return { reason } => ReviewValues {
            returned_by: actor.user_id,
            returned_on: Some(reviewed_on),
            return_reason: Some(reason),
            ..ReviewValues::DRAFT
        },
    };
    let what = match &**decision {
        Review::Verify | Review::Verified(_) => Change::Verify,
        Review::Reject { .. } => Change::Reject,
        Review::Return { .. } => Change::Return,
    };
    if let Review::Verified(Verification { by: Verifier::User(user), .. }) = &**decision {
        let user = *user;
        if let Err(DbError::NotFound { .. }) = super::users::get(conn, user) {
            return Err(DbError::Invalid(crate::domain::fields::FieldErrors::one(
                "verified_by",
                "Choose a user of Sustain, or give the name of someone who is not one",
            )));
        }
    }
    let fits = |row: &EvidenceRow| match &**decision {
        Review::Verified(verification) => {
            let errors = verification.after_observation(row.observed_on);
            if errors.is_empty() {
                Ok(())
            } else {
                Err(DbError::Invalid(errors))
            }
        }
        _ => Ok(()),
    };
    write::update_if(conn, actor, what, id, expected_version, get_any, fits, |c| {
        Ok(write::update_at_version!(c, actor, evidence, id, expected_version, values)?)
    })
}

/// What became of one decision: the item as written, or why it was left as it is.
pub type Decided = (EvidenceId, Result<EvidenceRow, DbError>);

/// Records a decision on each of several items, each at the version the
/// reviewer saw, in one transaction: an item changed since (stale), gone, or
/// whose own dates refuse the decision is left as it is, with why, and the
/// others are written, each with its entry in change history.
pub fn review_each(
    conn: &mut DbConnection,
    actor: &Actor,
    items: &[(EvidenceId, i32, Valid<Review>)],
    reviewed_on: NaiveDate,
) -> Result<Vec<Decided>, DbError> {
    super::connection::write_transaction(conn, |c| {
        let mut outcomes = Vec::with_capacity(items.len());
        for (id, version, decision) in items {
            let (id, version) = (*id, *version);
            // Each in a transaction of its own inside this one, so a refused item leaves no trace.
            match super::connection::write_transaction(c, |c| review(c, actor, id, version, decision, reviewed_on)) {
                Err(e @ (DbError::Conflict { .. } | DbError::NotFound { .. } | DbError::Invalid(_))) => {
                    outcomes.push((id, Err(e)))
                }
                Err(e) => return Err(e),
                Ok(row) => outcomes.push((id, Ok(row))),
            }
        }
        Ok(outcomes)
    })
}

/// Who added each of these items, from change history (none for an item
/// added by the system: the demo, an import).
pub fn added_by_each(
    conn: &mut DbConnection,
    ids: &[EvidenceId],
) -> Result<HashMap<EvidenceId, Option<UserId>>, DbError> {
    use super::schema::change_history as h;
    let raw: Vec<i64> = ids.iter().map(|id| id.0).collect();
    let rows: Vec<(i64, Option<UserId>)> = h::table
        .filter(h::entity.eq(EvidenceRow::ENTITY))
        .filter(h::entity_id.eq_any(&raw))
        .filter(h::what.eq(Change::Create))
        .order(h::id.desc())
        .select((h::entity_id, h::user_id))
        .load(conn)?;
    // Oldest last, so the first creation of each is the one kept.
    Ok(rows.into_iter().map(|(id, by)| (EvidenceId(id), by)).collect())
}

/// What recording a result as evidence did.
#[derive(Debug, Clone, PartialEq)]
pub enum Recorded {
    /// A new case-audit item.
    Added(EvidenceRow),
    /// The result had its item already: an audit is entered once.
    Already(EvidenceRow),
}

impl Recorded {
    pub fn item(&self) -> &EvidenceRow {
        match self {
            Recorded::Added(row) | Recorded::Already(row) => row,
        }
    }
}

/// Records a case audit's result as a case-audit evidence item of its
/// measure's area, linked to the result, in one transaction: a draft for
/// review, or verified today by the leader recording it when `verified` (the
/// caller checks the role). A result that has a live item already keeps it.
pub fn from_audit(
    conn: &mut DbConnection,
    actor: &Actor,
    result_id: ResultId,
    verified: bool,
    context: &Context,
) -> Result<Recorded, DbError> {
    super::connection::write_transaction(conn, |c| {
        let result = super::measures::result::get_any(c, result_id)?;
        let measure = super::measures::get_any(c, result.measure_id)?;
        if measure.kind != MeasureKind::CaseAudit {
            return Err(DbError::Invalid(FieldErrors::one(
                "result_id",
                "Only a case audit's result can be recorded as case-audit evidence",
            )));
        }
        let existing = evidence::table
            .filter(evidence::result_id.eq(result_id))
            .filter(evidence::archived_at.is_null())
            .order(evidence::id.asc())
            .select(EvidenceRow::as_select())
            .first(c)
            .optional()?;
        if let Some(row) = existing {
            return Ok(Recorded::Already(row));
        }
        let grades = match (result.outstanding, result.good, result.requires_improvement, result.inadequate) {
            (Some(o), Some(g), Some(r), Some(i)) => Some(crate::domain::audit::GradeCounts::from_counts(
                [o, g, r, i].map(|n| u32::try_from(n).unwrap_or(0)),
            )),
            _ => None,
        };
        let audit = AuditResult {
            measure_name: &measure.name,
            practice_area_id: measure.practice_area_id,
            period_end: result.period_end,
            grades,
            value: result.value,
            note: result.note.as_deref(),
        };
        let input = audit.as_evidence(context.today).validate(context).map_err(DbError::Invalid)?;
        let item = create_from(c, actor, &input, &[], Some(result_id))?;
        if !verified {
            return Ok(Recorded::Added(item));
        }
        let decision = finish(FieldErrors::new(), Review::Verify, context).map_err(DbError::Invalid)?;
        Ok(Recorded::Added(review(c, actor, item.id, item.version, &decision, context.today)?))
    })
}
