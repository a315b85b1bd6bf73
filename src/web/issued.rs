//! An issued report's page: what was issued, by whom and when, and (with
//! `?check=yes`) the report made again from what Sustain held at that moment
//! and compared with the SHA-256 recorded then.

use super::page::Page;
use crate::auth::session::Generation;
use crate::db;
use crate::domain::ids::{InspectionId, UserId};
use crate::error::AppError;
use crate::read::rewind::Past;
use crate::reports::remake;
use crate::state::AppState;
use crate::views::issued::{issued_page, IssuedReport};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};

/// `GET /reports/issued/{id}`.
pub async fn show(
    state: web::Data<AppState>,
    page: Page,
    generation: Generation,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    page.single("check")?;
    let report = state.db(move |conn| Ok(db::reports::get(conn, id)?)).await?;
    let snapshot = state.plan(generation).await?;
    let plan = &snapshot.plan;
    let issued_by = plan.user_name(report.issued_by.map(UserId));
    let inspection = report.inspection_id.and_then(|i| plan.inspection(InspectionId(i))).map(|i| i.title.clone());
    let check = match page.param("check") {
        Some("yes") => Some(check(&state, generation, report.clone()).await?),
        _ => None,
    };
    let issued = IssuedReport { report, issued_by, inspection, check };
    let chrome = page.chrome("/history").with_breadcrumbs(&[("/history", "History")]);
    Ok(super::html(StatusCode::OK, issued_page(&issued, &chrome)))
}

/// Makes the report again in a document turn, from the plan as recorded when
/// it was issued, reading a pack's files one at a time.
async fn check(
    state: &AppState,
    generation: Generation,
    report: db::reports::ReportRow,
) -> Result<remake::Check, AppError> {
    let turn = state.documents.turn().await?;
    let past = Past::issued(report.as_at, report.created_at);
    let snapshot = state.plan_at(generation, Some(past)).await?;
    let figures = state.own_figures(generation, &snapshot).await?;
    let pool = state.pool.pool().clone();
    let outcome = web::block(move || {
        let mut conn = pool.get_timeout(db::POOL_WAIT).map_err(|e| e.to_string());
        let outcome = remake::check(&snapshot, &report, figures.as_deref(), |file| match conn.as_mut() {
            Ok(conn) => db::attachments::get(conn, file).map(|row| row.content).map_err(|e| e.to_string()),
            Err(e) => Err(e.clone()),
        });
        drop(turn);
        outcome
    })
    .await?;
    Ok(outcome)
}
