//! Answers for actions, their progress updates and links to findings,
//! measures and their results.

use crate::db::actions::{ActionRow, UpdateRow};
use crate::db::measures::{MeasureRow, ResultRow};
use crate::db::sign_offs::SignOffRow;
use crate::domain::ids::{ActionId, AreaId, FindingId, MeasureId, OwnerId, ResultId, SignOffId, UpdateId, UserId};
use crate::domain::kinds::{ActionState, Direction, Frequency, MeasureKind, Rag, SignOffDecision, Unit};
use crate::domain::sign_off::Standing;
use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;
use utoipa::ToSchema;

/// Where an action's sign-off stands.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = action_sign_off)]
pub struct ActionSignOff {
    /// `awaiting` (completed, waiting for a leader), `signed_off` (counts as delivered from `signed_off_on`),
    /// `returned` (sent back to its owner, in progress again), `not_completed`, or `not_asked` (the council
    /// does not ask for sign-off: a completed action counts from its completed date).
    pub state: String,
    /// It had been signed off, and its completed date, due date or success measure changed since.
    pub changed_since_sign_off: bool,
    /// The day it was signed off as it stands: it counts as delivered from the later of this and its completed date.
    pub signed_off_on: Option<NaiveDate>,
    /// The latest sign-off or return.
    pub latest: Option<SignOffDecisionAnswer>,
}

answer! {
    /// A leader's sign-off or return of a completed action, with the action as it stood; only ever added.
    #[schema(as = sign_off_decision)]
    SignOffDecisionAnswer from SignOffRow {
        #[schema(value_type = i64)]
        id: SignOffId,
        /// `signed_off` or `returned`.
        #[schema(value_type = String)]
        decision: SignOffDecision,
        /// The leader's note; for a return, the reason.
        note: String,
        /// The leader, while their account is kept; none for an action completed before sign-off was kept.
        #[schema(value_type = Option<i64>)]
        decided_by: Option<UserId>,
        /// The leader owns the action themselves.
        own_action: bool,
        /// When it was decided (UTC).
        #[schema(value_type = String)]
        decided_at: NaiveDateTime,
        /// The completed date then.
        completed_date: Option<NaiveDate>,
        /// The due date then.
        due_date: Option<NaiveDate>,
        /// The success measure then.
        success_measure: String,
        /// The latest progress update then.
        #[schema(value_type = Option<i64>)]
        latest_update_id: Option<UpdateId>,
    }
}

/// A plan action, with where its sign-off stands.
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
    /// The day it was cancelled (set by Sustain when its state becomes cancelled; none when entered as
    /// cancelled): it counts on the dates before.
    pub cancelled_on: Option<NaiveDate>,
    /// How we will know it worked.
    pub success_measure: String,
    #[schema(value_type = String)]
    pub created_at: NaiveDateTime,
    #[schema(value_type = String)]
    pub updated_at: NaiveDateTime,
    pub version: i32,
    #[schema(value_type = Option<String>)]
    pub archived_at: Option<NaiveDateTime>,
    /// Where its sign-off stands, and the latest decision.
    pub sign_off: ActionSignOff,
}

impl Action {
    /// The action with its sign-off as it stands and the latest decision.
    pub fn of(row: &ActionRow, standing: Standing, latest: Option<&SignOffRow>) -> Self {
        Action {
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
            cancelled_on: row.cancelled_on,
            success_measure: row.success_measure.clone(),
            created_at: row.created_at,
            updated_at: row.updated_at,
            version: row.version,
            archived_at: row.archived_at,
            sign_off: ActionSignOff {
                state: standing.as_str().to_string(),
                changed_since_sign_off: standing == Standing::Awaiting { changed: true },
                signed_off_on: match standing {
                    Standing::SignedOff { on } => Some(on),
                    _ => None,
                },
                latest: latest.map(Into::into),
            },
        }
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
