//! `GET /api/v1/history`: change history, newest first, with the filters of
//! its page (record kind, record, user, dates, "as at") and the API's paging.

use super::body::{Body, Field, Ty};
use super::records::{check_paging, page_of, window, QueryPairs};
use super::verdicts::AS_AT;
use crate::auth::CurrentUser;
use crate::db::history::{self, HistoryRow};
use crate::domain::dates::{end_of, start_of, AsAt};
use crate::domain::fields::FieldErrors;
use crate::domain::history::Entity;
use crate::domain::kinds::Role;
use crate::error::AppError;
use crate::read::history::{query_for_kind, RECORD_KINDS};
use crate::state::AppState;
use actix_web::{web, HttpRequest, HttpResponse};
use serde_json::{json, Value};

/// Every kind of record change history names, and sign-ins.
pub fn kinds() -> &'static [&'static str] {
    static KINDS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    KINDS.get_or_init(|| RECORD_KINDS.iter().map(|(k, _)| k.as_str()).collect()).as_slice()
}

/// The filters of change history.
pub fn fields() -> Vec<Field> {
    let kinds = kinds();
    vec![
        Field::optional("kind", Ty::Choice(kinds), "Only changes to this kind of record (or sign_in)"),
        Field::optional("entity", Ty::Choice(kinds), "With id: only changes to this record"),
        Field::optional("id", Ty::Integer, "With entity: the record's id"),
        Field::optional("user", Ty::Id, "Only changes made by this user"),
        Field::optional("from", Ty::Date, "Only changes on or after this day"),
        Field::optional("to", Ty::Date, "Only changes on or before this day"),
        AS_AT,
        Field::optional("page", Ty::Integer, "Page number, from 1"),
        Field::optional("per_page", Ty::Integer, "Entries per page, 1 to 100 (default 25)"),
    ]
}

fn entry(row: &HistoryRow, role: Role) -> Value {
    let parse = |text: &Option<String>| text.as_deref().and_then(|t| serde_json::from_str::<Value>(t).ok());
    let (mut before, mut after) = (parse(&row.before_json), parse(&row.after_json));
    // As on the page, where a sign-in came from is for admins only.
    if role != Role::Admin {
        for side in [&mut before, &mut after].into_iter().flatten() {
            if let Some(map) = side.as_object_mut() {
                map.remove("client_address");
            }
        }
    }
    json!({
        "id": row.id,
        "at": row.at,
        "user_id": row.user_id,
        "actor": row.actor,
        "entity": row.entity,
        "entity_id": row.entity_id,
        "what": row.what,
        "before": before,
        "after": after,
    })
}

/// One page of change history.
pub async fn list(
    state: web::Data<AppState>,
    user: CurrentUser,
    req: HttpRequest,
    pairs: QueryPairs,
) -> Result<HttpResponse, AppError> {
    let mut q = Body::query(&pairs, &fields())?;
    check_paging(&mut q);
    let as_at = AsAt::parse(q.opt_text("as_at").as_deref(), state.today());
    if let Err(more) = &as_at {
        q.errors.merge(more.clone());
    }
    let (from, to) = (q.date("from"), q.date("to"));
    if let (Some(from), Some(to)) = (from, to) {
        if from > to {
            q.errors.add("to", "to must be the same day as from or after it");
        }
    }
    let entity = q.opt_text("entity");
    if entity.is_some() != q.has("id") {
        q.errors.merge(FieldErrors::one("id", "Give entity and id together, to name one record"));
    }
    if !q.errors.is_empty() {
        return Err(AppError::Invalid(std::mem::take(&mut q.errors)));
    }
    let as_at = as_at.map_err(AppError::Invalid)?.date();
    // Both are checked against `kinds()` above, so each names an entity.
    let kind = entity.clone().or_else(|| q.opt_text("kind")).and_then(|k| k.parse::<Entity>().ok());
    let mut query = query_for_kind(kind.as_ref());
    if entity.is_some() {
        query.entity_id = q.int("id").map(i64::from);
    }
    query.user_id = q.id("user");
    query.from = from.map(start_of);
    query.before = Some(end_of(to.map_or(as_at, |to| to.min(as_at))));
    let (_, per_page, start) = window(&q);
    let (rows, total) = state.db(move |conn| Ok(history::page(conn, &query, start as i64, per_page as i64)?)).await?;
    let shown: Vec<_> = rows.iter().map(|r| entry(r, user.role)).collect();
    Ok(HttpResponse::Ok().json(page_of(&req, &pairs, &q, total as usize, &shown)))
}
