//! Requests for evidence: listed, asked (leaders), and closed unanswered with
//! a reason (leaders). A request is answered by adding evidence with its
//! `request_id` (`POST /api/v1/evidence`).

use super::answers;
use super::body::{Body, Field, Ty};
use super::records::{at_version, Listed};
use crate::auth::CurrentUser;
use crate::db::requests::{self, RequestRow};
use crate::db::{Actor, DbConnection, DbError};
use crate::domain::fields::FieldErrors;
use crate::domain::ids::{OwnerId, RequestId};
use crate::domain::requests::{Closing, RequestDraft, Standing};
use crate::domain::valid::{finish, parse};
use crate::error::AppError;
use crate::read::cache::Snapshot;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use serde_json::Value;

/// The requests, as the list of requests shows them.
pub struct Requests;

/// Where each request stands today, by its `show` name.
const STANDINGS: &[&str] = &["open", "overdue", "answered", "closed"];

impl Listed for Requests {
    type Item<'a> = (&'a RequestRow, NaiveDate);
    type Answer = answers::EvidenceRequest;
    const PATH: &'static str = "requests";
    const FILTERS: &'static [Field] = &[
        Field::optional("owner", Ty::Id, "Only those asked of this owner"),
        Field::optional("show", Ty::Choice(STANDINGS), "Only those standing so today"),
    ];
    const SORTS: &'static [&'static str] = &["due_on", "asked_on"];

    fn select<'a>(snapshot: &'a Snapshot, q: &Body, sort: &str, today: NaiveDate) -> Vec<(&'a RequestRow, NaiveDate)> {
        let owner: Option<OwnerId> = q.id("owner");
        let shown = q.opt_text("show").and_then(|s| Standing::parse(&s));
        let mut rows: Vec<&RequestRow> = snapshot
            .plan
            .requests
            .iter()
            .filter(|r| owner.is_none_or(|o| r.owner_id == o))
            .filter(|r| shown.is_none_or(|s| Standing::on(r.dates(), today) == Some(s)))
            .collect();
        match sort {
            "asked_on" => rows.sort_by_key(|r| (r.asked_on, r.id)),
            _ => rows.sort_by_key(|r| (r.due_on, r.id)),
        }
        rows.into_iter().map(|r| (r, today)).collect()
    }
}

/// The body asking for evidence.
pub const ASK_FIELDS: &[Field] = &[
    Field::optional(
        "finding_id",
        Ty::Id,
        "The finding it is about (give one of finding_id, action_id, practice_area_id)",
    ),
    Field::optional("action_id", Ty::Id, "The action it is about"),
    Field::optional("practice_area_id", Ty::Id, "The practice area it is about"),
    Field::required("owner_id", Ty::Id, "The owner asked (they need not sign in)"),
    Field::required("due_on", Ty::Date, "The day it is needed by (today or later)"),
    Field::required("wanted", Ty::Text, "What evidence is wanted, in words"),
];

/// The body closing a request unanswered.
pub const CLOSE_FIELDS: &[Field] = &[
    Field::required("reason", Ty::Text, "Why it is closed without evidence"),
    Field::required("version", Ty::Integer, "The version the request was read at"),
];

/// `POST /api/v1/requests`: a leader asks an owner for evidence.
pub async fn create(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<Value>,
) -> Result<HttpResponse, AppError> {
    let b = Body::read(body.into_inner(), ASK_FIELDS);
    let draft = RequestDraft {
        finding_id: b.id("finding_id"),
        action_id: b.id("action_id"),
        practice_area_id: b.id("practice_area_id"),
        owner_id: b.id("owner_id"),
        due_on: b.date("due_on"),
        wanted: b.text("wanted"),
    };
    let context = state.context();
    let input = parse(b.errors, draft, &context).map_err(AppError::Invalid)?;
    let actor = Actor::user(user.id, &user.name);
    let row = state
        .db(move |conn| match requests::create(conn, &actor, &input, context.today) {
            // A subject or owner that does not exist is named by its field.
            Err(DbError::NotFound { entity, .. }) => Err(AppError::Invalid(FieldErrors::one(
                match entity {
                    crate::domain::history::Entity::Owner => "owner_id",
                    crate::domain::history::Entity::Finding => "finding_id",
                    crate::domain::history::Entity::Action => "action_id",
                    _ => "practice_area_id",
                },
                "No record has that id",
            ))),
            other => Ok(other?),
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/requests/{}", row.id)))
        .json(answers::EvidenceRequest::from((&row, context.today))))
}

/// `GET /api/v1/requests/{id}`: one request.
pub async fn get(state: web::Data<AppState>, path: web::Path<i64>) -> Result<HttpResponse, AppError> {
    let id = RequestId(path.into_inner());
    let row = state.db(move |conn| Ok(requests::get_any(conn, id)?)).await?;
    Ok(HttpResponse::Ok().json(answers::EvidenceRequest::from((&row, state.today()))))
}

/// `POST /api/v1/requests/{id}/close`: a leader closes a waiting request
/// without evidence, with the reason, at the version read.
pub async fn close(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<i64>,
    body: web::Json<Value>,
) -> Result<HttpResponse, AppError> {
    let id = RequestId(path.into_inner());
    let mut b = Body::read(body.into_inner(), CLOSE_FIELDS);
    let context = state.context();
    // A missing or bad version is already among the body's problems; the reason is checked all the same.
    let version = b.int("version").ok_or_else(FieldErrors::new);
    let reason = b.text("reason");
    let closing = finish(std::mem::take(&mut b.errors), Closing { reason }, &context);
    let (closing, version) = FieldErrors::both(closing, version).map_err(AppError::Invalid)?;
    let actor = Actor::user(user.id, &user.name);
    let today = context.today;
    let write = move |conn: &mut DbConnection| requests::close(conn, &actor, id, version, &closing, today);
    let answer = move |_: &mut DbConnection, row: &RequestRow| Ok(answers::EvidenceRequest::from((row, today)));
    at_version(&state, write, move |conn| requests::get_any(conn, id), answer, StatusCode::OK).await
}
