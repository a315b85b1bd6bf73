//! An inspection's evidence pack: the printable page and the ZIP, both
//! written as they are sent and made a few at a time (`blocking::Documents`):
//! a large authority's pack runs to tens of megabytes.

use super::downloads::{download, streamed};
use super::page::Page;
use super::read::{as_at, built, past};
use crate::auth::session::Generation;
use crate::blocking::Turn;
use crate::db::DbPool;
use crate::domain::ids::InspectionId;
use crate::error::AppError;
use crate::read::pack::{self, EvidencePack};
use crate::state::AppState;
use crate::views::pack::{finding_section, PackLinks, PackParts};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use maud::Markup;
use std::io::Write;

fn missing(id: InspectionId) -> AppError {
    AppError::NotFound(format!("No inspection with id {id}: it may have been archived"))
}

/// The pack of an inspection as at a date, gathered in a rendering turn off
/// the async workers: it holds every finding's verdict and charts.
pub async fn load(
    state: &AppState,
    past: Option<crate::read::rewind::Past>,
    generation: Generation,
    id: InspectionId,
    as_at: NaiveDate,
) -> Result<EvidencePack, AppError> {
    let snapshot = state.plan_at(generation, past).await?;
    built(state, &snapshot, move |snapshot| pack::build(snapshot, id, as_at)).await?.ok_or_else(|| missing(id))
}

/// The pack a page asks for, as at its date, with the rendering turn it is
/// made and sent in.
async fn requested(
    state: &AppState,
    page: &Page,
    generation: Generation,
    id: InspectionId,
) -> Result<(EvidencePack, Turn), AppError> {
    let as_at = as_at(page)?;
    let turn = state.documents.turn().await?;
    let data = load(state, past(page, as_at)?, generation, id, as_at.date()).await?;
    Ok((data, turn))
}

/// The pack as a page, with the links shared for it (for leaders).
pub async fn show(
    state: web::Data<AppState>,
    page: Page,
    generation: Generation,
    path: web::Path<InspectionId>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (data, turn) = requested(&state, &page, generation, id).await?;
    let panel = share_panel(&state, &page, id).await?;
    let chrome = page.dated("/inspections", as_at(&page)?).with_breadcrumbs(&[
        ("/inspections", "Inspections"),
        (&format!("/inspections/{id}"), &data.readiness.inspection.title),
    ]);
    let parts = crate::views::pack::pack_page(&data, panel, &chrome);
    Ok(stream_page(StatusCode::OK, parts, data, PackLinks::App, turn))
}

async fn share_panel(state: &AppState, page: &Page, id: InspectionId) -> Result<Markup, AppError> {
    super::shares::panel(state, page, id).await
}

/// Writes a pack's page a finding at a time, holding `turn` until the end.
pub fn stream_page(
    status: StatusCode,
    parts: PackParts,
    data: EvidencePack,
    links: PackLinks,
    turn: Turn,
) -> HttpResponse {
    let mut response = HttpResponse::build(status);
    response.content_type("text/html; charset=utf-8");
    streamed(response, move |out| {
        let written = write_page(out, &parts, &data, &links);
        // The pack is let go before the turn, which gives its memory back.
        drop((parts, data));
        drop(turn);
        written
    })
}

fn write_page(out: &mut impl Write, parts: &PackParts, data: &EvidencePack, links: &PackLinks) -> Result<(), String> {
    let failed = |e: std::io::Error| e.to_string();
    out.write_all(parts.head.as_bytes()).map_err(failed)?;
    for f in &data.findings {
        out.write_all(finding_section(f, links).into_string().as_bytes()).map_err(failed)?;
    }
    out.write_all(parts.tail.as_bytes()).map_err(failed)
}

/// The pack as a ZIP, streamed.
pub async fn zip(
    state: web::Data<AppState>,
    page: Page,
    generation: Generation,
    path: web::Path<InspectionId>,
) -> Result<HttpResponse, AppError> {
    let (data, turn) = requested(&state, &page, generation, path.into_inner()).await?;
    Ok(stream_zip(&state, data, turn))
}

/// Streams a pack's ZIP, reading each attachment from the database in its
/// turn, and holding `turn` until the last byte is written.
pub fn stream_zip(state: &AppState, data: EvidencePack, turn: Turn) -> HttpResponse {
    let pool: DbPool = state.pool.pool().clone();
    let authority = state.authority();
    let name = crate::reports::pack::zip_name(&data);
    streamed(download("application/zip", name), move |out| {
        let written = pool.get_timeout(crate::db::POOL_WAIT).map_err(|e| e.to_string()).and_then(|mut conn| {
            crate::reports::pack::write_zip(out, &data, &authority, |file| {
                crate::db::attachments::get(&mut conn, file).map(|row| row.content).map_err(|e| e.to_string())
            })
            .map(|_| ())
        });
        drop(data);
        drop(turn);
        written
    })
}
