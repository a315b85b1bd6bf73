//! The one shape every record takes in the API: list (filters, `page` and
//! `per_page` with a total and a `next` link, `sort` and `dir`), get, create,
//! update at a version (a stale one answers 409 with the record as it is now),
//! archive and restore.
//!
//! A kind of record implements `JsonRecord`: its fields, filters and sort keys,
//! how a body becomes its `Valid` input, which repository functions save it and
//! which access rules apply. Lists are read from the cached plan (live records
//! only: an archived one is still found by its id); single records from the
//! database, archived or not.

use super::body::{Body, Field, Ty};
use crate::auth::session::Generation;
use crate::auth::CurrentUser;
use crate::db::{Actor, DbConnection, DbError};
use crate::domain::fields::FieldErrors;
use crate::domain::valid::Context;
use crate::error::{AppError, CHANGED_SINCE_OPENED};
use crate::read::cache::Snapshot;
/// The route table lists archiving only for records that are archived.
pub use crate::records::Archivable;
use crate::records::{self, Record};
use crate::state::AppState;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{json, Value};
use utoipa::ToSchema;

/// Records per page unless `per_page` says otherwise.
pub const PER_PAGE: usize = 25;
/// The most records one page holds.
pub const PER_PAGE_MAX: usize = 100;

/// A kind of record the API lists.
pub trait Listed: Sized + 'static {
    /// One record of the list, borrowed from the cached plan.
    type Item<'a>: Into<Self::Answer>;
    /// What the API sends of one record (`api::answers`); its schema is the document's.
    type Answer: Serialize + ToSchema + Send + 'static;
    /// The records' name in the address: `/api/v1/{PATH}`.
    const PATH: &'static str;
    /// The list's filters, as on the record's page.
    const FILTERS: &'static [Field];
    /// The keys the list may be sorted by; the first is the default.
    const SORTS: &'static [&'static str];

    /// The live records the filters select, sorted ascending by `sort` (the list reverses them for `dir=desc`).
    fn select<'a>(snapshot: &'a Snapshot, filters: &Body, sort: &str, today: NaiveDate) -> Vec<Self::Item<'a>>;
}

/// A kind of record the API lists, reads and writes: the shared record
/// model (`records::Record`) read from a JSON body.
pub trait JsonRecord: Record<New = <Self as Record>::Input> + Listed {
    /// The fields of a create or update body (an update adds `version`).
    const FIELDS: &'static [Field];

    /// A body as the record's checked input; `body.errors` are reported with the rest.
    fn parse(body: Body, context: &Context) -> Result<Self::Input, FieldErrors>;

    /// The record as the API answers it.
    fn answer(row: &Self::Row) -> Self::Answer;

    /// The record as answered, with what other tables add (an action's
    /// sign-off), read in the same connection.
    fn answer_read(_conn: &mut DbConnection, row: &Self::Row) -> Result<Self::Answer, DbError> {
        Ok(Self::answer(row))
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
    let total = rows.len();
    let (_, per_page, start) = window(&query);
    // Only the page shown is made into answers.
    let shown: Vec<R::Answer> = rows.into_iter().skip(start).take(per_page).map(Into::into).collect();
    Ok(HttpResponse::Ok().json(page_of(&req, &pairs, &query, total, &shown)))
}

/// `GET /api/v1/{things}/{id}`: one record, archived or not.
pub async fn get<R: JsonRecord>(state: web::Data<AppState>, path: web::Path<i64>) -> Result<HttpResponse, AppError> {
    let id = R::Id::from(path.into_inner());
    let answer = state
        .db(move |conn| {
            let row = R::get(conn, id)?;
            Ok(R::answer_read(conn, &row)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// A save as the API answers it: a missing linked record is a field error;
/// someone else's save first is a conflict carrying the record now.
fn reply<R: JsonRecord>((saved, answer): (records::Saved<R>, Option<R::Answer>)) -> Result<Reply<R>, AppError> {
    // The answer was read with the row; without it, the row's own fields answer.
    match saved {
        records::Saved::Done(row) => Ok(Reply::Saved(R::id_of(&row), answer.unwrap_or_else(|| R::answer(&row)))),
        records::Saved::Stale { now, .. } => Ok(Reply::Stale(answer.unwrap_or_else(|| R::answer(&now)))),
        records::Saved::Missing { field, entity, .. } => Err(AppError::Invalid(FieldErrors::one(
            field.unwrap_or("body"),
            format!("No {} has that id", entity.as_str().replace('_', " ")),
        ))),
        records::Saved::Invalid(errors) => Err(AppError::Invalid(errors)),
        records::Saved::Blocked(reason) => Err(AppError::Conflict(reason)),
    }
}

/// A save with the answer for the row it saved or found newer, read in the same connection.
fn answered<R: JsonRecord>(
    conn: &mut DbConnection,
    saved: records::Saved<R>,
) -> Result<(records::Saved<R>, Option<R::Answer>), DbError> {
    let answer = match &saved {
        records::Saved::Done(row) | records::Saved::Stale { now: row, .. } => Some(R::answer_read(conn, row)?),
        _ => None,
    };
    Ok((saved, answer))
}

enum Reply<R: JsonRecord> {
    Saved(R::Id, R::Answer),
    Stale(R::Answer),
}

/// 409 with the record as it is now, so a client can merge and try again.
pub fn stale(current: impl Serialize) -> HttpResponse {
    let message = AppError::Conflict(CHANGED_SINCE_OPENED.into()).public_message();
    HttpResponse::Conflict().json(json!({
        "error": { "code": "conflict", "message": message },
        "current": current,
    }))
}

/// Answers a write made at the version the client read: `done` with the
/// record as written, or 409 with the record as it is now (read by `now`)
/// when someone changed it first. `answer` turns a row into what is sent.
pub async fn at_version<R, A>(
    state: &AppState,
    write: impl FnOnce(&mut DbConnection) -> Result<R, DbError> + Send + 'static,
    now: impl FnOnce(&mut DbConnection) -> Result<R, DbError> + Send + 'static,
    answer: impl Fn(&mut DbConnection, &R) -> Result<A, DbError> + Send + 'static,
    done: actix_web::http::StatusCode,
) -> Result<HttpResponse, AppError>
where
    A: Serialize + Send + 'static,
{
    let (written, sent) = state
        .db(move |conn| {
            let (written, row) = match write(conn) {
                Err(DbError::Conflict { .. }) => (false, now(conn)?),
                other => (true, other?),
            };
            Ok((written, answer(conn, &row)?))
        })
        .await?;
    Ok(if written { HttpResponse::build(done).json(sent) } else { stale(sent) })
}

fn respond<R: JsonRecord>(reply: Reply<R>, mut ok: actix_web::HttpResponseBuilder) -> HttpResponse {
    match reply {
        Reply::Saved(_, answer) => ok.json(answer),
        Reply::Stale(current) => stale(current),
    }
}

/// `POST /api/v1/{things}`: adds a record from a JSON body.
pub async fn create<R: JsonRecord>(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<Value>,
) -> Result<HttpResponse, AppError> {
    R::may_create(&user).map_err(|_| AppError::Forbidden)?;
    let parsed = R::parse(Body::read(body.into_inner(), R::FIELDS), &state.context()).map_err(AppError::Invalid)?;
    let saved = state
        .db(move |conn| {
            let saved = records::create::<R>(conn, &actor(&user), &user, &parsed)?;
            Ok(answered(conn, saved)?)
        })
        .await?;
    let reply = reply(saved)?;
    let mut created = HttpResponse::Created();
    if let Reply::Saved(id, _) = &reply {
        created.insert_header(("Location", format!("/api/v1/{}/{}", R::PATH, id)));
    }
    Ok(respond(reply, created))
}

/// The fields of an update: the record's, and the version it was read at.
pub fn with_version(fields: &[Field]) -> Vec<Field> {
    let mut all = fields.to_vec();
    all.push(Field::required("version", Ty::Integer, "The version the change was made from"));
    all
}

/// `PUT /api/v1/{things}/{id}`: replaces a record's fields, at the version in the body.
pub async fn update<R: JsonRecord>(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<i64>,
    body: web::Json<Value>,
) -> Result<HttpResponse, AppError> {
    let id = R::Id::from(path.into_inner());
    let body = Body::read(body.into_inner(), &with_version(R::FIELDS));
    // A missing or bad version is already among the body's problems.
    let version = body.int("version").ok_or_else(FieldErrors::new);
    let (version, parsed) = FieldErrors::both(version, R::parse(body, &state.context())).map_err(AppError::Invalid)?;
    let saved = state
        .db(move |conn| {
            let saved = records::update::<R>(conn, (&actor(&user), &user), id, version, &parsed)?;
            Ok(answered(conn, saved)?)
        })
        .await?;
    Ok(respond(reply(saved)?, HttpResponse::Ok()))
}

/// The body of archive and restore: the version the record was read at.
pub const VERSION_ONLY: &[Field] = &[Field::required("version", Ty::Integer, "The version the record was read at")];

fn version_of(body: Value) -> Result<i32, AppError> {
    let body = Body::read(body, VERSION_ONLY);
    match body.int("version") {
        Some(version) if body.errors.is_empty() => Ok(version),
        _ => Err(AppError::Invalid(body.errors)),
    }
}

/// `POST /api/v1/{things}/{id}/archive`: takes a record out of the live plan, keeping it.
pub async fn archive<R: JsonRecord + Archivable>(
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
            let saved = records::archive::<R>(conn, (&actor(&user), &user), &snapshot.plan, id, version)?;
            Ok(answered(conn, saved)?)
        })
        .await?;
    Ok(respond(reply(saved)?, HttpResponse::Ok()))
}

/// `POST /api/v1/{things}/{id}/restore`: brings an archived record back.
pub async fn restore<R: JsonRecord + Archivable>(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<i64>,
    body: web::Json<Value>,
) -> Result<HttpResponse, AppError> {
    let id = R::Id::from(path.into_inner());
    let version = version_of(body.into_inner())?;
    let saved = state
        .db(move |conn| {
            let saved = records::restore::<R>(conn, (&actor(&user), &user), id, version)?;
            Ok(answered(conn, saved)?)
        })
        .await?;
    Ok(respond(reply(saved)?, HttpResponse::Ok()))
}
