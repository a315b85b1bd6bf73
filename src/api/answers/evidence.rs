//! Answers for evidence items and their attachments.

use crate::db::attachments::AttachmentSummary;
use crate::db::evidence::EvidenceRow;
use crate::domain::ids::{AreaId, AttachmentId, EvidenceId, ResultId, UserId};
use crate::domain::kinds::{EvidenceKind, ReviewState};
use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

answer! {
    /// An evidence item of practice change and where its review stands.
    #[schema(as = evidence)]
    Evidence from EvidenceRow {
        #[schema(value_type = i64)]
        id: EvidenceId,
        /// Title.
        title: String,
        /// Kind of evidence.
        #[schema(value_type = String)]
        kind: EvidenceKind,
        /// What it shows.
        description: String,
        /// When the practice was seen.
        observed_on: NaiveDate,
        /// Start of the period it covers.
        period_start: Option<NaiveDate>,
        /// End of the period it covers.
        period_end: Option<NaiveDate>,
        /// The practice area.
        #[schema(value_type = i64)]
        practice_area_id: AreaId,
        #[schema(value_type = String)]
        review_state: ReviewState,
        /// The user who verified or rejected it.
        #[schema(value_type = Option<i64>)]
        reviewed_by: Option<UserId>,
        reviewed_on: Option<NaiveDate>,
        rejection_reason: Option<String>,
        ..record,
        /// Who verified it, when they are not a user (`reviewed_by` is then null).
        reviewed_by_name: Option<String>,
        /// Who returned it to the person who added it, for changes (it is a
        /// draft out of the review queue until it is changed).
        #[schema(value_type = Option<i64>)]
        returned_by: Option<UserId>,
        returned_on: Option<NaiveDate>,
        /// What should change before it is reviewed again.
        return_reason: Option<String>,
        /// The case-audit result it was recorded from.
        #[schema(value_type = Option<i64>)]
        result_id: Option<ResultId>,
    }
}

answer! {
    /// A file attached to an evidence item, without its content.
    #[schema(as = attachment)]
    Attachment from AttachmentSummary {
        #[schema(value_type = i64)]
        id: AttachmentId,
        #[schema(value_type = i64)]
        evidence_id: EvidenceId,
        file_name: String,
        media_type: String,
        size_bytes: i64,
        /// The content's SHA-256, in hexadecimal.
        sha256: String,
    }
}

/// An evidence item's files.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = attachments)]
pub struct Attachments {
    pub items: Vec<Attachment>,
}
