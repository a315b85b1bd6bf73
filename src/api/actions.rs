//! Plan actions, their progress updates and the findings they answer.

use super::answers::{self, FindingAction};
use super::body::{Body, Field, Ty};
use super::records::{JsonRecord, Listed};
use crate::auth::session::Generation;
use crate::auth::CurrentUser;
use crate::db::actions::{self, ActionRow, UpdateRow};
use crate::db::{sign_offs, Actor, DbConnection, DbError};
use crate::domain::access::may_edit_action;
use crate::domain::drafts::plan::{ActionDraft, UpdateDraft};
use crate::domain::fields::FieldErrors;
use crate::domain::history::Entity;
use crate::domain::ids::*;
use crate::domain::kinds::SignOffDecision;
use crate::domain::kinds::{ActionState, Rag};
use crate::domain::sign_off::{SignOffInput, Standing};
use crate::domain::valid::{parse, Context};
use crate::error::AppError;
use crate::read::cache::Snapshot;
use crate::read::plan::PlanIndex;
use crate::read::tracker::{select, sort, SortKey, TrackerFilter};
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use serde_json::Value;

pub use crate::records::Actions;

const ACTION_SORTS: &[&str] = &["reference", "title", "owner", "area", "due", "state", "rag"];

/// An action in the cached plan, which knows where its sign-off stands.
pub struct Planned<'a>(&'a ActionRow, &'a PlanIndex);

impl From<Planned<'_>> for answers::Action {
    fn from(Planned(row, plan): Planned<'_>) -> Self {
        answers::Action::of(row, plan.sign_off(row), plan.latest_sign_off(row.id))
    }
}

impl Listed for Actions {
    type Item<'a> = Planned<'a>;
    type Answer = answers::Action;
    const PATH: &'static str = "actions";
    const FILTERS: &'static [Field] = &[
        Field::optional("owner", Ty::Id, "Only this owner's actions"),
        Field::optional("area", Ty::Id, "Only this practice area's actions"),
        Field::optional("finding", Ty::Id, "Only actions answering this finding"),
        Field::optional("inspection", Ty::Id, "Only actions answering this inspection's findings"),
        Field::optional("state", Ty::Choice(ActionState::NAMES), "Only actions in this state"),
        Field::optional("overdue", Ty::Bool, "Only actions due before today and still open"),
        Field::optional("due_soon", Ty::Bool, "Only open actions due in the next 30 days"),
        Field::optional("awaiting_sign_off", Ty::Bool, "Only completed actions waiting for a leader's sign-off"),
        Field::optional("q", Ty::Text, "Words to find in the reference, title, description or success measure"),
    ];
    const SORTS: &'static [&'static str] = ACTION_SORTS;

    /// The tracker's own filter and sort, over the cached plan.
    fn select<'a>(snapshot: &'a Snapshot, q: &Body, key: &str, today: NaiveDate) -> Vec<Planned<'a>> {
        let filter = TrackerFilter {
            owner: q.id("owner"),
            area: q.id("area"),
            finding: q.id("finding"),
            inspection: q.id("inspection"),
            states: q.choice("state").into_iter().collect(),
            overdue: q.flag("overdue"),
            due_soon: q.flag("due_soon"),
            awaiting_sign_off: q.flag("awaiting_sign_off"),
            text: q.text("q"),
        };
        let mut found = select(&snapshot.plan, &filter, today);
        sort(&snapshot.plan, &mut found, SortKey::from_name(key).unwrap_or_default(), false);
        found.into_iter().map(|row| Planned(row, &snapshot.plan)).collect()
    }
}

impl JsonRecord for Actions {
    const FIELDS: &'static [Field] = &[
        Field::required("reference", Ty::Text, "Reference, such as 1.3"),
        Field::required("title", Ty::Text, "What is to be done"),
        Field::optional("description", Ty::Text, "How"),
        Field::optional("owner_id", Ty::Id, "Who owns it"),
        Field::required("practice_area_id", Ty::Id, "The practice area it improves"),
        Field::optional("start_date", Ty::Date, "When it starts"),
        Field::optional("due_date", Ty::Date, "When it is due"),
        Field::optional("completed_date", Ty::Date, "When it was completed"),
        Field::required("state", Ty::Choice(ActionState::NAMES), "Where it stands"),
        Field::optional("success_measure", Ty::Text, "How we will know it worked"),
        Field::optional(
            "finding_ids",
            Ty::Ids,
            "The findings it answers (left out on an update: the links stay as they are)",
        ),
    ];

    /// The action's own fields; its sign-off as the row alone shows it (never
    /// answered: `answer_read` reads the rest).
    fn answer(row: &ActionRow) -> answers::Action {
        answers::Action::of(row, Standing::NotCompleted, None)
    }

    fn answer_read(conn: &mut DbConnection, row: &ActionRow) -> Result<answers::Action, DbError> {
        let (standing, latest) = sign_offs::standing_of(conn, row)?;
        Ok(answers::Action::of(row, standing, latest.as_ref()))
    }

    fn parse(b: Body, context: &Context) -> Result<Self::Input, FieldErrors> {
        let findings = b.has("finding_ids").then(|| b.ids("finding_ids"));
        let draft = ActionDraft {
            reference: b.text("reference"),
            title: b.text("title"),
            description: b.text("description"),
            owner_id: b.id("owner_id"),
            practice_area_id: b.id("practice_area_id"),
            start_date: b.date("start_date"),
            due_date: b.date("due_date"),
            completed_date: b.date("completed_date"),
            state: b.choice("state"),
            success_measure: b.text("success_measure"),
        };
        Ok((parse(b.errors, draft, context)?, findings))
    }
}

/// Progress updates: dated notes with a RAG rating, only ever added.
pub struct ProgressUpdates;

impl Listed for ProgressUpdates {
    type Item<'a> = &'a UpdateRow;
    type Answer = answers::ProgressUpdate;
    const PATH: &'static str = "progress-updates";
    const FILTERS: &'static [Field] = &[Field::optional("action", Ty::Id, "Only this action's updates")];
    const SORTS: &'static [&'static str] = &["update_date"];

    fn select<'a>(snapshot: &'a Snapshot, q: &Body, _: &str, _: NaiveDate) -> Vec<&'a UpdateRow> {
        let action: Option<ActionId> = q.id("action");
        let mut rows: Vec<_> = match action {
            Some(a) => snapshot.plan.updates.get(&a).into_iter().flatten().collect(),
            None => snapshot.plan.updates.all().iter().collect(),
        };
        rows.sort_by_key(|u| (u.update_date, u.id));
        rows
    }
}

/// The body of a progress update.
pub const UPDATE_FIELDS: &[Field] = &[
    Field::required("action_id", Ty::Id, "The action"),
    Field::required("update_date", Ty::Date, "The date of the update (today or earlier)"),
    Field::required("rag", Ty::Choice(Rag::NAMES), "Red, amber or green"),
    Field::required("note", Ty::Text, "What happened"),
];

/// `POST /api/v1/progress-updates`: adds a progress update to an action its
/// owner (or a leader) may change.
pub async fn add_update(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<Value>,
) -> Result<HttpResponse, AppError> {
    let b = Body::read(body.into_inner(), UPDATE_FIELDS);
    let draft = UpdateDraft {
        action_id: b.id("action_id"),
        update_date: b.date("update_date"),
        rag: b.choice("rag"),
        note: b.text("note"),
    };
    let input = parse(b.errors, draft, &state.context()).map_err(AppError::Invalid)?;
    let actor = Actor::user(user.id, &user.name);
    let row = state
        .db(move |conn| {
            let allow = |a: &ActionRow| may_edit_action(user.role, user.owner_id, a.owner_id);
            match actions::add_update(conn, &actor, &input, allow) {
                Err(DbError::NotFound { .. }) => {
                    Err(AppError::Invalid(FieldErrors::one("action_id", "No action has that id")))
                }
                other => Ok(other?),
            }
        })
        .await?;
    Ok(HttpResponse::Created().json(answers::ProgressUpdate::from(&row)))
}

/// The links between findings and the actions that answer them.
pub struct FindingActions;

impl Listed for FindingActions {
    type Item<'a> = FindingAction;
    type Answer = FindingAction;
    const PATH: &'static str = "finding-actions";
    const FILTERS: &'static [Field] = &[
        Field::optional("finding", Ty::Id, "Only this finding's links"),
        Field::optional("action", Ty::Id, "Only this action's links"),
    ];
    const SORTS: &'static [&'static str] = &["finding"];

    /// Links between live findings and live actions.
    fn select(snapshot: &Snapshot, q: &Body, _: &str, _: NaiveDate) -> Vec<FindingAction> {
        let (finding, action): (Option<FindingId>, Option<ActionId>) = (q.id("finding"), q.id("action"));
        let plan = &snapshot.plan;
        let mut rows: Vec<FindingAction> = plan
            .findings_of_action
            .iter()
            .filter(|(a, _)| action.is_none_or(|wanted| **a == wanted) && plan.action(**a).is_some())
            .flat_map(|(a, fs)| fs.iter().map(|f| FindingAction { finding_id: *f, action_id: *a }))
            .filter(|l| finding.is_none_or(|f| l.finding_id == f) && plan.finding(l.finding_id).is_some())
            .collect();
        rows.sort_by_key(|l| (l.finding_id, l.action_id));
        rows
    }
}

/// The body of a link.
pub const LINK_FIELDS: &[Field] = &[
    Field::required("finding_id", Ty::Id, "The finding"),
    Field::required("action_id", Ty::Id, "The action that answers it"),
];

/// `POST /api/v1/finding-actions`: links an action to a finding it answers (linking twice is harmless).
pub async fn link(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<Value>,
) -> Result<HttpResponse, AppError> {
    let b = Body::read(body.into_inner(), LINK_FIELDS);
    if !b.errors.is_empty() {
        return Err(AppError::Invalid(b.errors));
    }
    let (Some(finding), Some(action)) = (b.id::<FindingId>("finding_id"), b.id::<ActionId>("action_id")) else {
        return Err(AppError::Invalid(b.errors));
    };
    let actor = Actor::user(user.id, &user.name);
    state
        .db(move |conn| match actions::link_finding(conn, &actor, action, finding) {
            Err(DbError::NotFound { entity, .. }) => Err(AppError::Invalid(FieldErrors::one(
                if entity == Entity::Finding { "finding_id" } else { "action_id" },
                format!("No {entity} has that id"),
            ))),
            other => Ok(other?),
        })
        .await?;
    Ok(HttpResponse::Created().json(FindingAction { finding_id: finding, action_id: action }))
}

/// `DELETE /api/v1/finding-actions/{finding_id}/{action_id}`: removes a link;
/// removing one that is not there is harmless (204), as linking twice is.
/// A finding or action that does not exist (or is archived) is 404.
pub async fn unlink(
    state: web::Data<AppState>,
    user: CurrentUser,
    generation: Generation,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, AppError> {
    let (finding, action) = path.into_inner();
    let (finding, action) = (FindingId(finding), ActionId(action));
    let snapshot = state.plan(generation).await?;
    if snapshot.plan.finding(finding).is_none() {
        return Err(AppError::NotFound(format!("No live finding with id {finding}")));
    }
    if snapshot.plan.action(action).is_none() {
        return Err(AppError::NotFound(format!("No live action with id {action}")));
    }
    let actor = Actor::user(user.id, &user.name);
    state.db(move |conn| Ok(actions::unlink_finding(conn, &actor, action, finding)?)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The body of a sign-off or return.
pub const SIGN_OFF_FIELDS: &[Field] = &[
    Field::required(
        "decision",
        Ty::Choice(&["sign_off", "return"]),
        "Sign the completed action off as it stands, or return it to its owner",
    ),
    Field::required("note", Ty::Text, "A note for the sign-off, or the reason for the return (its owner reads it)"),
    Field::required("version", Ty::Integer, "The version the action was read at"),
];

/// `POST /api/v1/actions/{id}/sign-off`: a leader signs off a completed
/// action awaiting sign-off, or returns it to its owner (in progress again,
/// without its completed date), at the version read.
pub async fn sign_off(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<i64>,
    body: web::Json<Value>,
) -> Result<HttpResponse, AppError> {
    let id = ActionId(path.into_inner());
    let b = Body::read(body.into_inner(), SIGN_OFF_FIELDS);
    let decision = match b.opt_text("decision").as_deref() {
        Some("sign_off") => Some(SignOffDecision::SignedOff),
        Some("return") => Some(SignOffDecision::Returned),
        // Left out or not one of the two: already among the body's problems.
        _ => None,
    };
    let note = b.text("note");
    let version = b.int("version").ok_or_else(FieldErrors::new);
    let input = match decision {
        Some(decision) => crate::domain::valid::finish(b.errors, SignOffInput { decision, note }, &state.context()),
        None => Err(b.errors),
    };
    let (input, version) = FieldErrors::both(input, version).map_err(AppError::Invalid)?;
    let actor = Actor::user(user.id, &user.name);
    let write = move |conn: &mut DbConnection| sign_offs::decide(conn, &actor, id, version, &input);
    let now = move |conn: &mut DbConnection| actions::get_any(conn, id);
    super::records::at_version(&state, write, now, Actions::answer_read, actix_web::http::StatusCode::OK).await
}
