//! Answers for actions, their progress updates and links to findings,
//! measures and their results.

use crate::db::actions::{ActionRow, UpdateRow};
use crate::db::measures::{MeasureRow, ResultRow};
use crate::domain::ids::{ActionId, AreaId, FindingId, MeasureId, OwnerId, ResultId, UpdateId, UserId};
use crate::domain::kinds::{ActionState, Direction, Frequency, MeasureKind, Rag, Unit};
use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;
use utoipa::ToSchema;

/// A plan action.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = action)]
pub struct Action {
    #[schema(value_type = i64)]
    pub id: ActionId,
    /// Reference, such as 1.3.
    pub reference: String,
    /// What is to be done.
    pub title: String,
    /// How.
    pub description: String,
    /// Who owns it.
    #[schema(value_type = Option<i64>)]
    pub owner_id: Option<OwnerId>,
    /// The practice area it improves.
    #[schema(value_type = i64)]
    pub practice_area_id: AreaId,
    /// When it starts.
    pub start_date: Option<NaiveDate>,
    /// When it is due.
    pub due_date: Option<NaiveDate>,
    /// When it was completed.
    pub completed_date: Option<NaiveDate>,
    /// Where it stands.
    #[schema(value_type = String)]
    pub state: ActionState,
    /// How we will know it worked.
    pub success_measure: String,
    #[schema(value_type = String)]
    pub created_at: NaiveDateTime,
    #[schema(value_type = String)]
    pub updated_at: NaiveDateTime,
    pub version: i32,
    #[schema(value_type = Option<String>)]
    pub archived_at: Option<NaiveDateTime>,
}

impl From<&ActionRow> for Action {
    fn from(row: &ActionRow) -> Self {
        Self {
            id: row.id,
            reference: row.reference.clone(),
            title: row.title.clone(),
            description: row.description.clone(),
            owner_id: row.owner_id,
            practice_area_id: row.practice_area_id,
            start_date: row.start_date,
            due_date: row.due_date,
            completed_date: row.completed_date,
            state: row.state,
            success_measure: row.success_measure.clone(),
            created_at: row.created_at,
            updated_at: row.updated_at,
            version: row.version,
            archived_at: row.archived_at,
        }
    }
}

/// A dated progress note on an action, with its RAG rating; only ever added.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = progress_update)]
pub struct ProgressUpdate {
    #[schema(value_type = i64)]
    pub id: UpdateId,
    /// The action.
    #[schema(value_type = i64)]
    pub action_id: ActionId,
    /// The date of the update.
    pub update_date: NaiveDate,
    /// Red, amber or green.
    #[schema(value_type = String)]
    pub rag: Rag,
    /// What happened.
    pub note: String,
    /// The user who wrote it, while their account is kept.
    #[schema(value_type = Option<i64>)]
    pub author_id: Option<UserId>,
    #[schema(value_type = String)]
    pub created_at: NaiveDateTime,
    #[schema(value_type = String)]
    pub updated_at: NaiveDateTime,
}

impl From<&UpdateRow> for ProgressUpdate {
    fn from(row: &UpdateRow) -> Self {
        Self {
            id: row.id,
            action_id: row.action_id,
            update_date: row.update_date,
            rag: row.rag,
            note: row.note.clone(),
            author_id: row.author_id,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

/// A link between a finding and an action that answers it (it has no id of its own).
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[schema(as = finding_action)]
pub struct FindingAction {
    /// The finding.
    #[schema(value_type = i64)]
    pub finding_id: FindingId,
    /// The action that answers it.
    #[schema(value_type = i64)]
    pub action_id: ActionId,
}

/// A measure of a practice area.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = measure)]
pub struct Measure {
    #[schema(value_type = i64)]
    pub id: MeasureId,
    /// The practice area it measures.
    #[schema(value_type = i64)]
    pub practice_area_id: AreaId,
    /// Name.
    pub name: String,
    /// What it counts and where from.
    pub description: String,
    /// Case audit or indicator.
    #[schema(value_type = String)]
    pub kind: MeasureKind,
    /// The unit of its values.
    #[schema(value_type = String)]
    pub unit: Unit,
    /// Which way is better.
    #[schema(value_type = String)]
    pub direction: Direction,
    /// The target, in its unit.
    pub target: Option<f64>,
    /// How often it is reported.
    #[schema(value_type = String)]
    pub frequency: Frequency,
    /// Whether it counts towards sustainment.
    pub is_key: bool,
    /// Points that set the process limits.
    pub baseline_points: Option<i32>,
    /// Whether unusual moving ranges are screened out of the limits.
    pub screen_moving_ranges: bool,
    #[schema(value_type = String)]
    pub created_at: NaiveDateTime,
    #[schema(value_type = String)]
    pub updated_at: NaiveDateTime,
    pub version: i32,
    #[schema(value_type = Option<String>)]
    pub archived_at: Option<NaiveDateTime>,
}

impl From<&MeasureRow> for Measure {
    fn from(row: &MeasureRow) -> Self {
        Self {
            id: row.id,
            practice_area_id: row.practice_area_id,
            name: row.name.clone(),
            description: row.description.clone(),
            kind: row.kind,
            unit: row.unit,
            direction: row.direction,
            target: row.target,
            frequency: row.frequency,
            is_key: row.is_key,
            baseline_points: row.baseline_points,
            screen_moving_ranges: row.screen_moving_ranges,
            created_at: row.created_at,
            updated_at: row.updated_at,
            version: row.version,
            archived_at: row.archived_at,
        }
    }
}

/// A result of a measure for a period; a case audit's also carries its grade counts.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = result)]
pub struct MeasureResult {
    #[schema(value_type = i64)]
    pub id: ResultId,
    /// The measure.
    #[schema(value_type = i64)]
    pub measure_id: MeasureId,
    /// The last day of the period it covers.
    pub period_end: NaiveDate,
    /// The value, in its measure's unit.
    pub value: f64,
    /// Case audit: cases graded outstanding.
    pub outstanding: Option<i32>,
    /// Case audit: cases graded good.
    pub good: Option<i32>,
    /// Case audit: cases graded requires improvement.
    pub requires_improvement: Option<i32>,
    /// Case audit: cases graded inadequate.
    pub inadequate: Option<i32>,
    /// How many cases or records were looked at (for a case audit, the number graded).
    pub sample_size: Option<i32>,
    /// A note.
    pub note: Option<String>,
    #[schema(value_type = String)]
    pub created_at: NaiveDateTime,
    #[schema(value_type = String)]
    pub updated_at: NaiveDateTime,
    pub version: i32,
    #[schema(value_type = Option<String>)]
    pub archived_at: Option<NaiveDateTime>,
}

impl From<&ResultRow> for MeasureResult {
    fn from(row: &ResultRow) -> Self {
        Self {
            id: row.id,
            measure_id: row.measure_id,
            period_end: row.period_end,
            value: row.value,
            outstanding: row.outstanding,
            good: row.good,
            requires_improvement: row.requires_improvement,
            inadequate: row.inadequate,
            sample_size: row.sample_size,
            note: row.note.clone(),
            created_at: row.created_at,
            updated_at: row.updated_at,
            version: row.version,
            archived_at: row.archived_at,
        }
    }
}
