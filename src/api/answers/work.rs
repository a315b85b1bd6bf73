//! Answers for actions, their progress updates and links to findings,
//! measures and their results.

use crate::db::actions::{ActionRow, UpdateRow};
use crate::db::measures::{MeasureRow, ResultRow};
use crate::domain::ids::{ActionId, AreaId, FindingId, MeasureId, OwnerId, ResultId, UpdateId, UserId};
use crate::domain::kinds::{ActionState, Direction, Frequency, MeasureKind, Rag, Unit};
use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;
use utoipa::ToSchema;

answer! {
    /// A plan action.
    #[schema(as = action)]
    Action from ActionRow {
        #[schema(value_type = i64)]
        id: ActionId,
        /// Reference, such as 1.3.
        reference: String,
        /// What is to be done.
        title: String,
        /// How.
        description: String,
        /// Who owns it.
        #[schema(value_type = Option<i64>)]
        owner_id: Option<OwnerId>,
        /// The practice area it improves.
        #[schema(value_type = i64)]
        practice_area_id: AreaId,
        /// When it starts.
        start_date: Option<NaiveDate>,
        /// When it is due.
        due_date: Option<NaiveDate>,
        /// When it was completed.
        completed_date: Option<NaiveDate>,
        /// Where it stands.
        #[schema(value_type = String)]
        state: ActionState,
        /// The day it was cancelled (set by Sustain when its state becomes cancelled; none when entered as
        /// cancelled): it counts on the dates before.
        cancelled_on: Option<NaiveDate>,
        /// How we will know it worked.
        success_measure: String,
        ..record,
    }
}

answer! {
    /// A dated progress note on an action, with its RAG rating; only ever added.
    #[schema(as = progress_update)]
    ProgressUpdate from UpdateRow {
        #[schema(value_type = i64)]
        id: UpdateId,
        /// The action.
        #[schema(value_type = i64)]
        action_id: ActionId,
        /// The date of the update.
        update_date: NaiveDate,
        /// Red, amber or green.
        #[schema(value_type = String)]
        rag: Rag,
        /// What happened.
        note: String,
        /// The user who wrote it, while their account is kept.
        #[schema(value_type = Option<i64>)]
        author_id: Option<UserId>,
        #[schema(value_type = String)]
        created_at: NaiveDateTime,
        #[schema(value_type = String)]
        updated_at: NaiveDateTime,
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

answer! {
    /// A measure of a practice area.
    #[schema(as = measure)]
    Measure from MeasureRow {
        #[schema(value_type = i64)]
        id: MeasureId,
        /// The practice area it measures.
        #[schema(value_type = i64)]
        practice_area_id: AreaId,
        /// Name.
        name: String,
        /// What it counts and where from.
        description: String,
        /// Case audit or indicator.
        #[schema(value_type = String)]
        kind: MeasureKind,
        /// The unit of its values.
        #[schema(value_type = String)]
        unit: Unit,
        /// Which way is better.
        #[schema(value_type = String)]
        direction: Direction,
        /// The target, in its unit.
        target: Option<f64>,
        /// How often it is reported.
        #[schema(value_type = String)]
        frequency: Frequency,
        /// Whether it counts towards sustainment.
        is_key: bool,
        /// Points that set the process limits.
        baseline_points: Option<i32>,
        /// Whether unusual moving ranges are screened out of the limits.
        screen_moving_ranges: bool,
        /// The code of the published indicator it is compared with, if any.
        published_indicator_code: Option<String>,
        ..record,
    }
}

answer! {
    /// A result of a measure for a period; a case audit's also carries its grade counts.
    #[schema(as = result)]
    MeasureResult from ResultRow {
        #[schema(value_type = i64)]
        id: ResultId,
        /// The measure.
        #[schema(value_type = i64)]
        measure_id: MeasureId,
        /// The last day of the period it covers.
        period_end: NaiveDate,
        /// The value, in its measure's unit.
        value: f64,
        /// Case audit: cases graded outstanding.
        outstanding: Option<i32>,
        /// Case audit: cases graded good.
        good: Option<i32>,
        /// Case audit: cases graded requires improvement.
        requires_improvement: Option<i32>,
        /// Case audit: cases graded inadequate.
        inadequate: Option<i32>,
        /// How many cases or records were looked at (for a case audit, the number graded).
        sample_size: Option<i32>,
        /// A note.
        note: Option<String>,
        ..record,
    }
}
