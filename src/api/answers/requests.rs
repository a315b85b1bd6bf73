//! Answers for requests for evidence.

use crate::db::requests::RequestRow;
use crate::domain::ids::{ActionId, AreaId, EvidenceId, FindingId, OwnerId, RequestId, UserId};
use crate::domain::kinds::RequestState;
use crate::domain::requests::Standing;
use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;
use utoipa::ToSchema;

/// A leader's request to an owner for evidence about one finding, action or
/// practice area, and where it stands today.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = evidence_request)]
pub struct EvidenceRequest {
    #[schema(value_type = i64)]
    pub id: RequestId,
    /// The finding it is about (one of the three ids is set).
    #[schema(value_type = Option<i64>)]
    pub finding_id: Option<FindingId>,
    /// The action it is about.
    #[schema(value_type = Option<i64>)]
    pub action_id: Option<ActionId>,
    /// The practice area it is about.
    #[schema(value_type = Option<i64>)]
    pub practice_area_id: Option<AreaId>,
    /// The owner asked.
    #[schema(value_type = i64)]
    pub owner_id: OwnerId,
    /// The user who asked.
    #[schema(value_type = Option<i64>)]
    pub asked_by: Option<UserId>,
    pub asked_on: NaiveDate,
    /// The day the evidence is needed by.
    pub due_on: NaiveDate,
    /// What is wanted, in words.
    pub wanted: String,
    /// open, answered or closed (unanswered).
    #[schema(value_type = String)]
    pub state: RequestState,
    /// Today: open, overdue, answered or closed.
    #[schema(value_type = String)]
    pub standing: &'static str,
    /// The evidence item that answered it.
    #[schema(value_type = Option<i64>)]
    pub evidence_id: Option<EvidenceId>,
    pub answered_on: Option<NaiveDate>,
    /// The user who closed it unanswered.
    #[schema(value_type = Option<i64>)]
    pub closed_by: Option<UserId>,
    pub closed_on: Option<NaiveDate>,
    /// Why it was closed unanswered.
    pub close_reason: Option<String>,
    #[schema(value_type = String)]
    pub created_at: NaiveDateTime,
    #[schema(value_type = String)]
    pub updated_at: NaiveDateTime,
    pub version: i32,
}

impl From<(&RequestRow, NaiveDate)> for EvidenceRequest {
    fn from((row, today): (&RequestRow, NaiveDate)) -> Self {
        // A request recorded with a date ahead of today (a clock set back) reads as open.
        let standing = Standing::on(row.dates(), today).unwrap_or(Standing::Open);
        Self {
            id: row.id,
            finding_id: row.finding_id,
            action_id: row.action_id,
            practice_area_id: row.practice_area_id,
            owner_id: row.owner_id,
            asked_by: row.asked_by,
            asked_on: row.asked_on,
            due_on: row.due_on,
            wanted: row.wanted.clone(),
            state: row.state,
            standing: standing.as_str(),
            evidence_id: row.evidence_id,
            answered_on: row.answered_on,
            closed_by: row.closed_by,
            closed_on: row.closed_on,
            close_reason: row.close_reason.clone(),
            created_at: row.created_at,
            updated_at: row.updated_at,
            version: row.version,
        }
    }
}
