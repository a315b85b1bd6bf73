//! What the status engine says, read-only: every area's verdict as at a
//! date, one area's verdict and its status at past month ends, a measure's
//! statistics, and readiness per inspection. All from the cached plan.

use super::answers::{AreaVerdict, SlippingAhead};
use super::body::{Body, Field, Ty};
use super::records::QueryPairs;
use crate::auth::session::Generation;
use crate::domain::dates::AsAt;
use crate::domain::ids::{AreaId, InspectionId, MeasureId};
use crate::error::AppError;
use crate::read::cache::{Snapshot, VerdictsJson};
use crate::read::readiness::{self, InspectionReadiness};
use crate::read::rewind::{past_for, Past};
use crate::read::slipping::slip_of;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use serde_json::{json, Value};
use std::sync::Arc;

/// The `as_at` parameter every read takes.
pub const AS_AT: Field = Field::optional(
    "as_at",
    Ty::Date,
    "Show everything as it stood at the end of this day, as 2025-12-31 or 31/12/2025 (default today)",
);

/// The `as_recorded` parameter every read takes.
pub const AS_RECORDED: Field = Field::optional(
    "as_recorded",
    Ty::Date,
    "Show only what had been recorded by the end of this day, as it then stood (`as_at` defaults to it)",
);

/// The dates of a read: `as_at` (default `as_recorded`, else today) and the
/// past they ask for, none for today.
pub fn dates_of(query: &Body, today: NaiveDate) -> Result<(NaiveDate, Option<Past>), AppError> {
    let recorded = match query.opt_text("as_recorded") {
        Some(text) => Some(
            AsAt::parse_named(Some(&text), today, ("as_recorded", "The \"as recorded\" date"))
                .map_err(AppError::Invalid)?
                .date(),
        ),
        None => None,
    };
    let as_at = match (query.opt_text("as_at"), recorded) {
        (None, Some(recorded)) => recorded,
        (given, _) => AsAt::parse(given.as_deref(), today).map_err(AppError::Invalid)?.date(),
    };
    Ok((as_at, past_for(as_at, recorded, today).map_err(AppError::Invalid)?))
}

/// How many month ends a status history covers unless `months` says otherwise.
pub const HISTORY_MONTHS: u32 = 24;

/// The parameters of an area's status history.
pub const HISTORY_FIELDS: &[Field] = &[
    AS_AT,
    AS_RECORDED,
    Field::optional("months", Ty::Integer, "How many month ends before the date, 1 to 120 (default 24)"),
];

/// Reads the query and its `as_at` date (not after today), and the plan.
async fn read(
    state: &AppState,
    generation: Generation,
    pairs: &[(String, String)],
    fields: &[Field],
) -> Result<(Body, NaiveDate, Arc<Snapshot>), AppError> {
    let query = Body::query(pairs, fields)?;
    if !query.errors.is_empty() {
        return Err(AppError::Invalid(query.errors));
    }
    let (as_at, past) = dates_of(&query, state.today())?;
    let snapshot = state.plan_at(generation, past).await?;
    // Every answer here starts from the verdicts: worked out off the async workers.
    state.verdicts(&snapshot, as_at).await?;
    Ok((query, as_at, snapshot))
}

fn area_verdict(snapshot: &Snapshot, id: AreaId, as_at: NaiveDate) -> Result<AreaVerdict, AppError> {
    let area =
        snapshot.plan.area(id).ok_or_else(|| AppError::NotFound(format!("No live practice area with id {id}")))?;
    let verdict = snapshot.verdict(id, as_at).ok_or_else(|| AppError::NotFound(format!("No verdict for area {id}")))?;
    let slipping = slip_of(snapshot, id, as_at).map(|slip| SlippingAhead::new(&slip, as_at));
    Ok(AreaVerdict { area_id: id, name: area.name.clone(), as_at, status: verdict.status.as_str(), verdict, slipping })
}

/// The parameters of the list of every verdict.
pub const LIST_FIELDS: &[Field] = &[
    AS_AT,
    AS_RECORDED,
    Field::optional(
        "points",
        Ty::Bool,
        "Include each measure's charted points, as one area's verdict gives them (left out by default: they are most of the answer)",
    ),
];

/// `GET /api/v1/verdicts`: every live area's verdict and reasons, as at a date.
pub async fn list(
    state: web::Data<AppState>,
    generation: Generation,
    pairs: QueryPairs,
) -> Result<HttpResponse, AppError> {
    let (query, as_at, snapshot) = read(&state, generation, &pairs, LIST_FIELDS).await?;
    if query.flag("points") {
        // With the points the answer runs to megabytes for a large authority:
        // written an area at a time as it is sent, a few at a time.
        let turn = state.documents.turn().await?;
        let mut response = HttpResponse::Ok();
        response.content_type("application/json");
        return Ok(crate::blocking::streamed(response, move |out| {
            let written = write_verdicts(out, &snapshot, as_at, true).map_err(|e| e.to_string());
            drop(turn);
            written
        }));
    }
    // Without the points the answer is small enough to keep once per date
    // and data generation, and is what board-paper tools ask for again and
    // again.
    let body = state
        .derived(&snapshot, as_at, move |snapshot| {
            let mut bytes = Vec::new();
            // Writing to memory cannot fail.
            let _ = write_verdicts(&mut bytes, snapshot, as_at, false);
            VerdictsJson(bytes)
        })
        .await?;
    Ok(HttpResponse::Ok().content_type("application/json").body(web::Bytes::from_owner(Kept(body))))
}

/// Kept verdicts sent without copying them.
struct Kept(Arc<VerdictsJson>);

impl AsRef<[u8]> for Kept {
    fn as_ref(&self) -> &[u8] {
        self.0.as_ref().as_ref()
    }
}

/// `{"as_at", "verdicts"}`, each live area's verdict in name order, with or
/// without each measure's charted points.
fn write_verdicts(
    out: &mut impl std::io::Write,
    snapshot: &Snapshot,
    as_at: NaiveDate,
    points: bool,
) -> std::io::Result<()> {
    let mut areas: Vec<_> = snapshot.plan.areas.iter().collect();
    areas.sort_by(|a, b| super::plan::by_text(&a.name, &b.name).then(a.id.cmp(&b.id)));
    write!(out, "{{\"as_at\":{},\"verdicts\":[", json!(as_at))?;
    // Every live area has facts, so each has a verdict.
    let verdicts = areas.iter().filter_map(|a| area_verdict(snapshot, a.id, as_at).ok());
    for (i, verdict) in verdicts.enumerate() {
        let mut verdict = serde_json::to_value(verdict)?;
        if !points {
            for measure in verdict["verdict"]["measures"].as_array_mut().into_iter().flatten() {
                if let Some(analysis) = measure["analysis"].as_object_mut() {
                    analysis.remove("points");
                }
            }
        }
        if i > 0 {
            out.write_all(b",")?;
        }
        serde_json::to_writer(&mut *out, &verdict)?;
    }
    out.write_all(b"]}")
}

/// `GET /api/v1/areas/{id}/verdict`: one area's verdict, as at a date.
pub async fn one(
    state: web::Data<AppState>,
    generation: Generation,
    path: web::Path<i64>,
    pairs: QueryPairs,
) -> Result<HttpResponse, AppError> {
    let (_, as_at, snapshot) = read(&state, generation, &pairs, &[AS_AT, AS_RECORDED]).await?;
    // Written straight from the answer: one area's verdict with its charted
    // points is large, and a JSON tree of it first doubled the work.
    Ok(HttpResponse::Ok().json(area_verdict(&snapshot, AreaId(path.into_inner()), as_at)?))
}

/// `GET /api/v1/areas/{id}/status-history`: the area's status at each month end before the date.
pub async fn status_history(
    state: web::Data<AppState>,
    generation: Generation,
    path: web::Path<i64>,
    pairs: QueryPairs,
) -> Result<HttpResponse, AppError> {
    let (query, as_at, snapshot) = read(&state, generation, &pairs, HISTORY_FIELDS).await?;
    let months = query.int("months").unwrap_or(HISTORY_MONTHS as i32);
    if !(1..=120).contains(&months) {
        return Err(AppError::Invalid(crate::domain::fields::FieldErrors::one(
            "months",
            "months must be between 1 and 120",
        )));
    }
    let id = AreaId(path.into_inner());
    // Up to 120 verdicts for the area: worked out off the async workers.
    let history = state
        .rendering
        .draw(move || snapshot.status_history(id, as_at, months as u32))
        .await?
        .ok_or_else(|| AppError::NotFound(format!("No live practice area with id {id}")))?;
    let points: Vec<Value> =
        history.iter().map(|(date, status)| json!({ "month_end": date, "status": status.as_str() })).collect();
    Ok(HttpResponse::Ok().json(json!({ "area_id": id, "as_at": as_at, "months": points })))
}

/// `GET /api/v1/measures/{id}/statistics`: the measure's SPC analysis as at a
/// date, in the shape `sustain spc` prints, with whether its target was met.
pub async fn statistics(
    state: web::Data<AppState>,
    generation: Generation,
    path: web::Path<i64>,
    pairs: QueryPairs,
) -> Result<HttpResponse, AppError> {
    let (_, as_at, snapshot) = read(&state, generation, &pairs, &[AS_AT, AS_RECORDED]).await?;
    let id = MeasureId(path.into_inner());
    let missing = || AppError::NotFound(format!("No live measure with id {id}"));
    let plan = &snapshot.plan;
    let measure = plan.measure(id).ok_or_else(missing)?;
    let verdict = snapshot.verdict(measure.practice_area_id, as_at).ok_or_else(missing)?;
    let position = plan.measures_of_area(measure.practice_area_id).position(|m| m.id == id).ok_or_else(missing)?;
    let judged = verdict.measures.get(position).ok_or_else(missing)?;
    Ok(HttpResponse::Ok().json(json!({
        "measure_id": id,
        "as_at": as_at,
        "analysis": judged.analysis,
        "met": judged.met,
        "results_in_window": judged.results_in_window,
        "results_meeting_target": judged.results_meeting_target,
    })))
}

fn readiness_json(r: &InspectionReadiness) -> Value {
    json!({
        "inspection_id": r.inspection.id,
        "title": r.inspection.title,
        "readiness": r.readiness,
        "gaps": r.gaps.iter().map(|g| json!({ "text": g.text, "href": g.href })).collect::<Vec<_>>(),
    })
}

/// `GET /api/v1/readiness`: every live inspection's readiness, newest first.
pub async fn readiness_all(
    state: web::Data<AppState>,
    generation: Generation,
    pairs: QueryPairs,
) -> Result<HttpResponse, AppError> {
    let (_, as_at, snapshot) = read(&state, generation, &pairs, &[AS_AT, AS_RECORDED]).await?;
    let all: Vec<Value> = readiness::all(&snapshot, as_at).iter().map(readiness_json).collect();
    Ok(HttpResponse::Ok().json(json!({ "as_at": as_at, "inspections": all })))
}

/// `GET /api/v1/inspections/{id}/readiness`: one inspection's readiness with its gaps.
pub async fn readiness_one(
    state: web::Data<AppState>,
    generation: Generation,
    path: web::Path<i64>,
    pairs: QueryPairs,
) -> Result<HttpResponse, AppError> {
    let (_, as_at, snapshot) = read(&state, generation, &pairs, &[AS_AT, AS_RECORDED]).await?;
    let id = InspectionId(path.into_inner());
    let inspection = snapshot
        .plan
        .inspection(id)
        .filter(|i| i.archived_at.is_none())
        .ok_or_else(|| AppError::NotFound(format!("No live inspection with id {id}")))?;
    let mut answer = readiness_json(&readiness::for_inspection(&snapshot, inspection, as_at));
    answer["as_at"] = json!(as_at);
    Ok(HttpResponse::Ok().json(answer))
}
