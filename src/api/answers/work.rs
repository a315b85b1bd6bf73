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
    pub reference: String,
    pub title: String,
    pub description: String,
    #[schema(value_type = Option<i64>)]
    pub owner_id: Option<OwnerId>,
    #[schema(value_type = i64)]
    pub practice_area_id: AreaId,
    pub start_date: Option<NaiveDate>,
    pub due_date: Option<NaiveDate>,
    pub completed_date: Option<NaiveDate>,
    #[schema(value_type = String)]
    pub state: ActionState,
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
    #[schema(value_type = i64)]
    pub action_id: ActionId,
    pub update_date: NaiveDate,
    #[schema(value_type = String)]
    pub rag: Rag,
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
    #[schema(value_type = i64)]
    pub finding_id: FindingId,
    #[schema(value_type = i64)]
    pub action_id: ActionId,
}

/// A measure of a practice area.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = measure)]
pub struct Measure {
    #[schema(value_type = i64)]
    pub id: MeasureId,
    #[schema(value_type = i64)]
    pub practice_area_id: AreaId,
    pub name: String,
    pub description: String,
    #[schema(value_type = String)]
    pub kind: MeasureKind,
    #[schema(value_type = String)]
    pub unit: Unit,
    #[schema(value_type = String)]
    pub direction: Direction,
    pub target: Option<f64>,
    #[schema(value_type = String)]
    pub frequency: Frequency,
    pub is_key: bool,
    pub baseline_points: Option<i32>,
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
    #[schema(value_type = i64)]
    pub measure_id: MeasureId,
    pub period_end: NaiveDate,
    pub value: f64,
    pub outstanding: Option<i32>,
    pub good: Option<i32>,
    pub requires_improvement: Option<i32>,
    pub inadequate: Option<i32>,
    pub sample_size: Option<i32>,
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
