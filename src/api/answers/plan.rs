//! Answers for inspections, judgements, findings, practice areas and owners.
//!
//! Ids are sent as integers and kinds as their names. A moment (`created_at`,
//! `updated_at`, `archived_at`) is UTC without an offset, as
//! `2025-01-31T09:30:00`, which is not an RFC 3339 date-time: it is described
//! as a string.

use crate::db::areas::AreaRow;
use crate::db::findings::FindingRow;
use crate::db::inspections::{InspectionRow, JudgementRow};
use crate::db::owners::OwnerRow;
use crate::domain::ids::{AreaId, FindingId, InspectionId, JudgementId, OwnerId, UserId};
use crate::domain::kinds::{FindingKind, Grade, InspectionKind};
use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;
use utoipa::ToSchema;

/// An inspection, visit or review.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = inspection)]
pub struct Inspection {
    #[schema(value_type = i64)]
    pub id: InspectionId,
    /// Kind of visit or review.
    #[schema(value_type = String)]
    pub kind: InspectionKind,
    /// Title.
    pub title: String,
    /// Who inspected (Ofsted, the council itself...).
    pub inspectorate: String,
    /// First day of the visit.
    pub start_date: NaiveDate,
    /// Last day of the visit.
    pub end_date: NaiveDate,
    /// When the report was published.
    pub published_on: Option<NaiveDate>,
    /// Overall judgement, if graded.
    #[schema(value_type = Option<String>)]
    pub overall_judgement: Option<Grade>,
    /// Link to the published report.
    pub report_url: Option<String>,
    /// When the draft action plan is due.
    pub draft_plan_due: Option<NaiveDate>,
    /// When the final action plan is due.
    pub final_plan_due: Option<NaiveDate>,
    #[schema(value_type = String)]
    pub created_at: NaiveDateTime,
    #[schema(value_type = String)]
    pub updated_at: NaiveDateTime,
    pub version: i32,
    #[schema(value_type = Option<String>)]
    pub archived_at: Option<NaiveDateTime>,
}

impl From<&InspectionRow> for Inspection {
    fn from(row: &InspectionRow) -> Self {
        Self {
            id: row.id,
            kind: row.kind,
            title: row.title.clone(),
            inspectorate: row.inspectorate.clone(),
            start_date: row.start_date,
            end_date: row.end_date,
            published_on: row.published_on,
            overall_judgement: row.overall_judgement,
            report_url: row.report_url.clone(),
            draft_plan_due: row.draft_plan_due,
            final_plan_due: row.final_plan_due,
            created_at: row.created_at,
            updated_at: row.updated_at,
            version: row.version,
            archived_at: row.archived_at,
        }
    }
}

/// One graded judgement of an inspection.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = judgement)]
pub struct Judgement {
    #[schema(value_type = i64)]
    pub id: JudgementId,
    /// The inspection judged.
    #[schema(value_type = i64)]
    pub inspection_id: InspectionId,
    /// The judgement area.
    pub area: String,
    /// The grade.
    #[schema(value_type = String)]
    pub grade: Grade,
    #[schema(value_type = String)]
    pub created_at: NaiveDateTime,
    #[schema(value_type = String)]
    pub updated_at: NaiveDateTime,
    pub version: i32,
    #[schema(value_type = Option<String>)]
    pub archived_at: Option<NaiveDateTime>,
}

impl From<&JudgementRow> for Judgement {
    fn from(row: &JudgementRow) -> Self {
        Self {
            id: row.id,
            inspection_id: row.inspection_id,
            area: row.area.clone(),
            grade: row.grade,
            created_at: row.created_at,
            updated_at: row.updated_at,
            version: row.version,
            archived_at: row.archived_at,
        }
    }
}

/// A finding of an inspection.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = finding)]
pub struct Finding {
    #[schema(value_type = i64)]
    pub id: FindingId,
    /// The inspection that found it.
    #[schema(value_type = i64)]
    pub inspection_id: InspectionId,
    /// The practice area it belongs to.
    #[schema(value_type = i64)]
    pub practice_area_id: AreaId,
    /// Kind of finding.
    #[schema(value_type = String)]
    pub kind: FindingKind,
    /// Reference, such as APA1 or R3.
    pub reference: String,
    /// What the inspectors wrote.
    pub text: String,
    #[schema(value_type = String)]
    pub created_at: NaiveDateTime,
    #[schema(value_type = String)]
    pub updated_at: NaiveDateTime,
    pub version: i32,
    #[schema(value_type = Option<String>)]
    pub archived_at: Option<NaiveDateTime>,
}

impl From<&FindingRow> for Finding {
    fn from(row: &FindingRow) -> Self {
        Self {
            id: row.id,
            inspection_id: row.inspection_id,
            practice_area_id: row.practice_area_id,
            kind: row.kind,
            reference: row.reference.clone(),
            text: row.text.clone(),
            created_at: row.created_at,
            updated_at: row.updated_at,
            version: row.version,
            archived_at: row.archived_at,
        }
    }
}

/// A practice area, with its overrides of the sustainment rules (null: the council's rule).
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = practice_area)]
pub struct PracticeArea {
    #[schema(value_type = i64)]
    pub id: AreaId,
    /// Name.
    pub name: String,
    /// What the area covers.
    pub description: String,
    /// The owner who leads it.
    #[schema(value_type = Option<i64>)]
    pub lead_owner_id: Option<OwnerId>,
    /// Override: months of evidence counted.
    pub evidence_window_months: Option<i32>,
    /// Override: verified evidence items needed.
    pub evidence_min_items: Option<i32>,
    /// Override: kinds of evidence needed.
    pub evidence_min_kinds: Option<i32>,
    /// Override: months of results counted.
    pub results_window_months: Option<i32>,
    /// Override: results needed.
    pub results_min_count: Option<i32>,
    /// Override: months looked back for slipping.
    pub slipping_lookback_months: Option<i32>,
    #[schema(value_type = String)]
    pub created_at: NaiveDateTime,
    #[schema(value_type = String)]
    pub updated_at: NaiveDateTime,
    pub version: i32,
    #[schema(value_type = Option<String>)]
    pub archived_at: Option<NaiveDateTime>,
}

impl From<&AreaRow> for PracticeArea {
    fn from(row: &AreaRow) -> Self {
        Self {
            id: row.id,
            name: row.name.clone(),
            description: row.description.clone(),
            lead_owner_id: row.lead_owner_id,
            evidence_window_months: row.evidence_window_months,
            evidence_min_items: row.evidence_min_items,
            evidence_min_kinds: row.evidence_min_kinds,
            results_window_months: row.results_window_months,
            results_min_count: row.results_min_count,
            slipping_lookback_months: row.slipping_lookback_months,
            created_at: row.created_at,
            updated_at: row.updated_at,
            version: row.version,
            archived_at: row.archived_at,
        }
    }
}

/// A person or team who owns actions or leads areas.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = owner)]
pub struct Owner {
    #[schema(value_type = i64)]
    pub id: OwnerId,
    /// Name (a name or a job title is given).
    pub name: String,
    /// Job title.
    pub job_title: String,
    /// Team, or partner agency.
    pub team: String,
    /// Email address.
    pub email: Option<String>,
    /// The user account of this person, if any.
    #[schema(value_type = Option<i64>)]
    pub user_id: Option<UserId>,
    #[schema(value_type = String)]
    pub created_at: NaiveDateTime,
    #[schema(value_type = String)]
    pub updated_at: NaiveDateTime,
    pub version: i32,
    #[schema(value_type = Option<String>)]
    pub archived_at: Option<NaiveDateTime>,
}

impl From<&OwnerRow> for Owner {
    fn from(row: &OwnerRow) -> Self {
        Self {
            id: row.id,
            name: row.name.clone(),
            job_title: row.job_title.clone(),
            team: row.team.clone(),
            email: row.email.clone(),
            user_id: row.user_id,
            created_at: row.created_at,
            updated_at: row.updated_at,
            version: row.version,
            archived_at: row.archived_at,
        }
    }
}
