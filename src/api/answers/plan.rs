//! Answers for inspections, judgements, findings, practice areas and owners.
//!
//! Ids are sent as integers and kinds as their names.

use crate::db::areas::AreaRow;
use crate::db::findings::FindingRow;
use crate::db::inspections::{InspectionRow, JudgementRow};
use crate::db::owners::OwnerRow;
use crate::domain::ids::{AreaId, FindingId, InspectionId, JudgementId, OwnerId, UserId};
use crate::domain::kinds::{FindingKind, Grade, InspectionKind};
use chrono::NaiveDate;

answer! {
    /// An inspection, visit or review.
    #[schema(as = inspection)]
    Inspection from InspectionRow {
        #[schema(value_type = i64)]
        id: InspectionId,
        /// Kind of visit or review.
        #[schema(value_type = String)]
        kind: InspectionKind,
        /// Title.
        title: String,
        /// Who inspected (Ofsted, the council itself...).
        inspectorate: String,
        /// First day of the visit.
        start_date: NaiveDate,
        /// Last day of the visit.
        end_date: NaiveDate,
        /// When the report was published.
        published_on: Option<NaiveDate>,
        /// Overall judgement, if graded.
        #[schema(value_type = Option<String>)]
        overall_judgement: Option<Grade>,
        /// Link to the published report.
        report_url: Option<String>,
        /// When the draft action plan is due.
        draft_plan_due: Option<NaiveDate>,
        /// When the final action plan is due.
        final_plan_due: Option<NaiveDate>,
        ..record,
    }
}

answer! {
    /// One graded judgement of an inspection.
    #[schema(as = judgement)]
    Judgement from JudgementRow {
        #[schema(value_type = i64)]
        id: JudgementId,
        /// The inspection judged.
        #[schema(value_type = i64)]
        inspection_id: InspectionId,
        /// The judgement area.
        area: String,
        /// The grade.
        #[schema(value_type = String)]
        grade: Grade,
        ..record,
    }
}

answer! {
    /// A finding of an inspection.
    #[schema(as = finding)]
    Finding from FindingRow {
        #[schema(value_type = i64)]
        id: FindingId,
        /// The inspection that found it.
        #[schema(value_type = i64)]
        inspection_id: InspectionId,
        /// The practice area it belongs to.
        #[schema(value_type = i64)]
        practice_area_id: AreaId,
        /// Kind of finding.
        #[schema(value_type = String)]
        kind: FindingKind,
        /// Reference, such as APA1 or R3.
        reference: String,
        /// What the inspectors wrote.
        text: String,
        ..record,
    }
}

answer! {
    /// A practice area, with its overrides of the sustainment rules (null: the council's rule).
    #[schema(as = practice_area)]
    PracticeArea from AreaRow {
        #[schema(value_type = i64)]
        id: AreaId,
        /// Name.
        name: String,
        /// What the area covers.
        description: String,
        /// The owner who leads it.
        #[schema(value_type = Option<i64>)]
        lead_owner_id: Option<OwnerId>,
        /// Override: months of evidence counted.
        evidence_window_months: Option<i32>,
        /// Override: verified evidence items needed.
        evidence_min_items: Option<i32>,
        /// Override: kinds of evidence needed.
        evidence_min_kinds: Option<i32>,
        /// Override: months of results counted.
        results_window_months: Option<i32>,
        /// Override: results needed.
        results_min_count: Option<i32>,
        /// Override: months looked back for slipping.
        slipping_lookback_months: Option<i32>,
        ..record,
    }
}

answer! {
    /// A person or team who owns actions or leads areas.
    #[schema(as = owner)]
    Owner from OwnerRow {
        #[schema(value_type = i64)]
        id: OwnerId,
        /// Name (a name or a job title is given).
        name: String,
        /// Job title.
        job_title: String,
        /// Team, or partner agency.
        team: String,
        /// Email address.
        email: Option<String>,
        /// The user account of this person, if any.
        #[schema(value_type = Option<i64>)]
        user_id: Option<UserId>,
        ..record,
    }
}
