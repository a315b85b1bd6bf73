//! Answers for evidence items and their attachments.

use crate::db::attachments::AttachmentSummary;
use crate::db::evidence::EvidenceRow;
use crate::domain::ids::{AreaId, AttachmentId, EvidenceId, UserId};
use crate::domain::kinds::{EvidenceKind, ReviewState};
use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;
use utoipa::ToSchema;

/// An evidence item of practice change and where its review stands.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = evidence)]
pub struct Evidence {
    #[schema(value_type = i64)]
    pub id: EvidenceId,
    /// Title.
    pub title: String,
    /// Kind of evidence.
    #[schema(value_type = String)]
    pub kind: EvidenceKind,
    /// What it shows.
    pub description: String,
    /// When the practice was seen.
    pub observed_on: NaiveDate,
    /// Start of the period it covers.
    pub period_start: Option<NaiveDate>,
    /// End of the period it covers.
    pub period_end: Option<NaiveDate>,
    /// The practice area.
    #[schema(value_type = i64)]
    pub practice_area_id: AreaId,
    #[schema(value_type = String)]
    pub review_state: ReviewState,
    /// The user who verified or rejected it.
    #[schema(value_type = Option<i64>)]
    pub reviewed_by: Option<UserId>,
    pub reviewed_on: Option<NaiveDate>,
    pub rejection_reason: Option<String>,
    #[schema(value_type = String)]
    pub created_at: NaiveDateTime,
    #[schema(value_type = String)]
    pub updated_at: NaiveDateTime,
    pub version: i32,
    #[schema(value_type = Option<String>)]
    pub archived_at: Option<NaiveDateTime>,
    /// Who verified it, when they are not a user (`reviewed_by` is then null).
    pub reviewed_by_name: Option<String>,
}

impl From<&EvidenceRow> for Evidence {
    fn from(row: &EvidenceRow) -> Self {
        Self {
            id: row.id,
            title: row.title.clone(),
            kind: row.kind,
            description: row.description.clone(),
            observed_on: row.observed_on,
            period_start: row.period_start,
            period_end: row.period_end,
            practice_area_id: row.practice_area_id,
            review_state: row.review_state,
            reviewed_by: row.reviewed_by,
            reviewed_on: row.reviewed_on,
            rejection_reason: row.rejection_reason.clone(),
            created_at: row.created_at,
            updated_at: row.updated_at,
            version: row.version,
            archived_at: row.archived_at,
            reviewed_by_name: row.reviewed_by_name.clone(),
        }
    }
}

/// A file attached to an evidence item, without its content.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = attachment)]
pub struct Attachment {
    #[schema(value_type = i64)]
    pub id: AttachmentId,
    #[schema(value_type = i64)]
    pub evidence_id: EvidenceId,
    pub file_name: String,
    pub media_type: String,
    pub size_bytes: i64,
    /// The content's SHA-256, in hexadecimal.
    pub sha256: String,
}

impl From<&AttachmentSummary> for Attachment {
    fn from(file: &AttachmentSummary) -> Self {
        Self {
            id: file.id,
            evidence_id: file.evidence_id,
            file_name: file.file_name.clone(),
            media_type: file.media_type.clone(),
            size_bytes: file.size_bytes,
            sha256: file.sha256.clone(),
        }
    }
}

/// An evidence item's files.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = attachments)]
pub struct Attachments {
    pub items: Vec<Attachment>,
}
