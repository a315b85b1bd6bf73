//! The one shape every record takes in the API: list (filters, `page` and
//! `per_page` with a total and a `next` link, `sort` and `dir`), get, create,
//! update at a version (a stale one answers 409 with the record as it is now),
//! archive and restore.
//!
//! A kind of record implements `Record`: its fields, filters and sort keys,
//! how a body becomes its `Valid` input, which repository functions save it and
//! which access rules apply. Lists are read from the cached plan (live records
//! only: an archived one is still found by its id); single records from the
//! database, archived or not.

use super::body::{Body, Field, Ty};
use crate::auth::session::Generation;
use crate::auth::CurrentUser;
use crate::db::{Actor, DbConnection, DbError};
use crate::domain::access::Refusal;
use crate::domain::fields::FieldErrors;
use crate::domain::valid::Context;
use crate::error::AppError;
use crate::read::cache::Snapshot;
use crate::read::plan::PlanIndex;
use crate::state::AppState;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{json, Value};
use std::fmt::Display;

/// Records per page unless `per_page` says otherwise.
pub const PER_PAGE: usize = 25;
/// The most records one page holds.
pub const PER_PAGE_MAX: usize = 100;

/// A kind of record the API lists.
pub trait Listed: Sized + 'static {
    /// One record of the list, borrowed from the cached plan.
    type Item<'a>: Serialize;
    /// The records' name in the address: `/api/v1/{PATH}`.
    const PATH: &'static str;
    /// The list's filters, as on the record's page.
    const FILTERS: &'static [Field];
    /// The keys the list may be sorted by; the first is the default.
    const SORTS: &'static [&'static str];

    /// The live records the filters select, sorted ascending by `sort` (the list reverses them for `dir=desc`).
    fn select<'a>(snapshot: &'a Snapshot, filters: &Body, sort: &str, today: NaiveDate) -> Vec<Self::Item<'a>>;
}

/// A kind of record the API lists, reads and writes.
pub trait Record: Listed {
    type Id: Copy + Display + From<i64> + Send + 'static;
    type Row: Serialize + Send + 'static;
    /// The body read and checked, ready to save.
    type Parsed: Send + 'static;

    /// The entity's name in repository errors and change history.
    const ENTITY: &'static str;
    /// The fields of a create or update body (an update adds `version`).
    const FIELDS: &'static [Field];

    /// A body as the domain's checked input; `body.errors` are reported with the rest.
    fn parse(body: Body, context: &Context) -> Result<Self::Parsed, FieldErrors>;

    fn get(conn: &mut DbConnection, id: Self::Id) -> Result<Self::Row, DbError>;
    fn create(
        conn: &mut DbConnection,
        actor: &Actor,
        p: &Self::Parsed,
        user: &CurrentUser,
    ) -> Result<Self::Row, DbError>;
    fn update(
        conn: &mut DbConnection,
        actor: &Actor,
        id: Self::Id,
        version: i32,
        p: &Self::Parsed,
        user: &CurrentUser,
    ) -> Result<Self::Row, DbError>;
    fn archive(conn: &mut DbConnection, actor: &Actor, id: Self::Id, version: i32) -> Result<Self::Row, DbError>;
    fn restore(conn: &mut DbConnection, actor: &Actor, id: Self::Id, version: i32) -> Result<Self::Row, DbError>;

    /// Who may add one.
    fn may_create(user: &CurrentUser) -> Result<(), Refusal> {
        crate::domain::access::plan_edit(user.role)
    }
    /// Who may change this one.
    fn may_edit(_conn: &mut DbConnection, user: &CurrentUser, _row: &Self::Row) -> Result<(), DbError> {
        crate::domain::access::plan_edit(user.role).map_err(|_| DbError::Forbidden { entity: Self::ENTITY, id: 0 })
    }
    /// Who may archive and restore this one.
    fn may_archive(conn: &mut DbConnection, user: &CurrentUser, row: &Self::Row) -> Result<(), DbError> {
        Self::may_edit(conn, user, row)
    }
    /// Why this one cannot be archived yet, if it cannot.
    fn archive_blocked(_plan: &PlanIndex, _row: &Self::Row) -> Option<String> {
        None
    }
    /// The record as the API answers it.
    fn json(row: &Self::Row) -> Value {
        serde_json::to_value(row).unwrap_or(Value::Null)
    }
}

/// The parameters every list takes besides its filters.
pub fn paging_fields(sorts: &'static [&'static str]) -> [Field; 4] {
    [
        Field::optional("page", Ty::Integer, "Page number, from 1"),
        Field::optional("per_page", Ty::Integer, "Records per page, 1 to 100 (default 25)"),
        Field::optional("sort", Ty::Choice(sorts), "What to sort by"),
        Field::optional("dir", Ty::Choice(&["asc", "desc"]), "Sort ascending (default) or descending"),
    ]
}

/// The query parameters of a list: its filters and paging.
pub fn list_fields<R: Listed>() -> Vec<Field> {
    let mut fields = R::FILTERS.to_vec();
    fields.extend(paging_fields(R::SORTS));
    fields
}

/// The field a missing linked record is reported against.
pub fn link_field(entity: &str) -> &'static str {
    match entity {
        "practice_area" => "practice_area_id",
        "owner" => "owner_id",
        "inspection" => "inspection_id",
        "finding" => "finding_id",
        "action" => "action_id",
        "user" => "user_id",
        "measure" => "measure_id",
        "evidence" => "evidence_id",
        _ => "body",
    }
}

/// Query pairs as given, in order (a parameter given twice is kept twice, to be refused).
pub type QueryPairs = web::Query<Vec<(String, String)>>;

/// Where a list starts and how many it shows, from `page` and `per_page`.
pub fn window(query: &Body) -> (usize, usize, usize) {
    let per_page = query.int("per_page").map_or(PER_PAGE, |n| n as usize);
    let page = query.int("page").map_or(1, |n| n as usize);
    (page, per_page, (page - 1).saturating_mul(per_page))
}

/// One page of a list, with the total and the address of the next page.
#[derive(Serialize)]
pub struct ListPage<'a, T> {
    items: &'a [T],
    total: usize,
    page: usize,
    per_page: usize,
    next: Option<String>,
}

/// The page of `shown` items out of `total`, written straight to JSON.
pub fn page_of<'a, T: Serialize>(
    req: &HttpRequest,
    pairs: &[(String, String)],
    query: &Body,
    total: usize,
    shown: &'a [T],
) -> ListPage<'a, T> {
    let (page, per_page, start) = window(query);
    let next = (start + per_page < total).then(|| {
        let mut next: Vec<(String, String)> = pairs.iter().filter(|(k, _)| k != "page").cloned().collect();
        next.push(("page".into(), (page + 1).to_string()));
        format!("{}?{}", req.path(), serde_urlencoded::to_string(&next).unwrap_or_default())
    });
    ListPage { items: shown, total, page, per_page, next }
}

/// Checks the paging parameters' ranges, adding to the query's problems.
pub fn check_paging(query: &mut Body) {
    if query.int("page").is_some_and(|p| p < 1) {
        query.errors.add("page", "page must be 1 or more");
    }
    if query.int("per_page").is_some_and(|p| !(1..=PER_PAGE_MAX as i32).contains(&p)) {
        query.errors.add("per_page", format!("per_page must be between 1 and {PER_PAGE_MAX}"));
    }
}

fn actor(user: &CurrentUser) -> Actor {
    Actor::user(user.id, &user.name)
}

/// `GET /api/v1/{things}`: the live records the filters select, a page at a time.
pub async fn list<R: Listed>(
    state: web::Data<AppState>,
    generation: Generation,
    req: HttpRequest,
    pairs: QueryPairs,
) -> Result<HttpResponse, AppError> {
    let mut query = Body::query(&pairs, &list_fields::<R>())?;
    check_paging(&mut query);
    if !query.errors.is_empty() {
        return Err(AppError::Invalid(std::mem::take(&mut query.errors)));
    }
    let snapshot = state.plan(generation).await?;
    let sort = query.opt_text("sort").unwrap_or_else(|| R::SORTS[0].to_string());
    let descending = query.opt_text("dir").as_deref() == Some("desc");
    let mut rows = R::select(&snapshot, &query, &sort, state.today());
    if descending {
        rows.reverse();
    }
    let (_, per_page, start) = window(&query);
    // Only the page shown is turned into JSON.
    let shown = &rows[start.min(rows.len())..start.saturating_add(per_page).min(rows.len())];
    Ok(HttpResponse::Ok().json(page_of(&req, &pairs, &query, rows.len(), shown)))
}

/// `GET /api/v1/{things}/{id}`: one record, archived or not.
pub async fn get<R: Record>(state: web::Data<AppState>, path: web::Path<i64>) -> Result<HttpResponse, AppError> {
    let id = R::Id::from(path.into_inner());
    let row = state.db(move |conn| Ok(R::get(conn, id)?)).await?;
    Ok(HttpResponse::Ok().json(R::json(&row)))
}

/// A repository error as the API answers it: a missing linked record is a
/// field error; someone else's save first is a conflict carrying the record now.
fn answer<R: Record>(
    conn: &mut DbConnection,
    id: Option<R::Id>,
    result: Result<R::Row, DbError>,
) -> Result<Saved, AppError> {
    match result {
        Ok(row) => Ok(Saved::Row(R::json(&row))),
        Err(DbError::NotFound { entity, .. }) if entity != R::ENTITY || id.is_none() => Err(AppError::Invalid(
            FieldErrors::one(link_field(entity), format!("No {} has that id", entity.replace('_', " "))),
        )),
        Err(DbError::Conflict { .. }) if id.is_some() => {
            let now = R::get(conn, id.expect("an id"))?;
            Ok(Saved::Stale(R::json(&now)))
        }
        Err(other) => Err(other.into()),
    }
}

enum Saved {
    Row(Value),
    Stale(Value),
}

/// 409 with the record as it is now, so a client can merge and try again.
pub fn stale(current: Value) -> HttpResponse {
    let message = AppError::from(DbError::Conflict { entity: "", id: 0, expected: 0, current: 0 }).public_message();
    HttpResponse::Conflict().json(json!({
        "error": { "code": "conflict", "message": message },
        "current": current,
    }))
}

fn respond(saved: Saved, mut ok: actix_web::HttpResponseBuilder) -> HttpResponse {
    match saved {
        Saved::Row(row) => ok.json(row),
        Saved::Stale(current) => stale(current),
    }
}

/// `POST /api/v1/{things}`: adds a record from a JSON body.
pub async fn create<R: Record>(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<Value>,
) -> Result<HttpResponse, AppError> {
    R::may_create(&user).map_err(|_| AppError::Forbidden)?;
    let parsed = R::parse(Body::read(body.into_inner(), R::FIELDS), &state.context()).map_err(AppError::Invalid)?;
    let saved = state
        .db(move |conn| {
            let result = R::create(conn, &actor(&user), &parsed, &user);
            answer::<R>(conn, None, result)
        })
        .await?;
    let mut created = HttpResponse::Created();
    if let Saved::Row(row) = &saved {
        created.insert_header(("Location", format!("/api/v1/{}/{}", R::PATH, row["id"])));
    }
    Ok(respond(saved, created))
}

/// The fields of an update: the record's, and the version it was read at.
pub fn with_version(fields: &[Field]) -> Vec<Field> {
    let mut all = fields.to_vec();
    all.push(Field::required("version", Ty::Integer, "The version the change was made from"));
    all
}

/// `PUT /api/v1/{things}/{id}`: replaces a record's fields, at the version in the body.
pub async fn update<R: Record>(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<i64>,
    body: web::Json<Value>,
) -> Result<HttpResponse, AppError> {
    let id = R::Id::from(path.into_inner());
    let body = Body::read(body.into_inner(), &with_version(R::FIELDS));
    let version = body.int("version").unwrap_or(0);
    let parsed = R::parse(body, &state.context()).map_err(AppError::Invalid)?;
    let saved = state
        .db(move |conn| {
            let row = R::get(conn, id)?;
            R::may_edit(conn, &user, &row)?;
            let result = R::update(conn, &actor(&user), id, version, &parsed, &user);
            answer::<R>(conn, Some(id), result)
        })
        .await?;
    Ok(respond(saved, HttpResponse::Ok()))
}

/// The body of archive and restore: the version the record was read at.
pub const VERSION_ONLY: &[Field] = &[Field::required("version", Ty::Integer, "The version the record was read at")];

fn version_of(body: Value) -> Result<i32, AppError> {
    let body = Body::read(body, VERSION_ONLY);
    if !body.errors.is_empty() {
        return Err(AppError::Invalid(body.errors));
    }
    Ok(body.int("version").unwrap_or(0))
}

/// `POST /api/v1/{things}/{id}/archive`: takes a record out of the live plan, keeping it.
pub async fn archive<R: Record>(
    state: web::Data<AppState>,
    user: CurrentUser,
    generation: Generation,
    path: web::Path<i64>,
    body: web::Json<Value>,
) -> Result<HttpResponse, AppError> {
    let id = R::Id::from(path.into_inner());
    let version = version_of(body.into_inner())?;
    let snapshot = state.plan(generation).await?;
    let saved = state
        .db(move |conn| {
            let row = R::get(conn, id)?;
            R::may_archive(conn, &user, &row)?;
            if let Some(blocked) = R::archive_blocked(&snapshot.plan, &row) {
                return Err(AppError::Conflict(blocked));
            }
            let result = R::archive(conn, &actor(&user), id, version);
            answer::<R>(conn, Some(id), result)
        })
        .await?;
    Ok(respond(saved, HttpResponse::Ok()))
}

/// `POST /api/v1/{things}/{id}/restore`: brings an archived record back.
pub async fn restore<R: Record>(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<i64>,
    body: web::Json<Value>,
) -> Result<HttpResponse, AppError> {
    let id = R::Id::from(path.into_inner());
    let version = version_of(body.into_inner())?;
    let saved = state
        .db(move |conn| {
            let row = R::get(conn, id)?;
            R::may_archive(conn, &user, &row)?;
            let result = R::restore(conn, &actor(&user), id, version);
            answer::<R>(conn, Some(id), result)
        })
        .await?;
    Ok(respond(saved, HttpResponse::Ok()))
}
