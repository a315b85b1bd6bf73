//! An inspection's evidence pack: the printable page and the streamed ZIP.

use super::downloads::{download, streamed};
use super::page::Page;
use super::read::{as_at, snapshot};
use crate::auth::session::Generation;
use crate::db::DbPool;
use crate::domain::ids::InspectionId;
use crate::error::AppError;
use crate::read::pack::{self, EvidencePack};
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use maud::Markup;

fn missing(id: InspectionId) -> AppError {
    AppError::NotFound(format!("No inspection with id {id}: it may have been archived"))
}

/// The pack of an inspection as at a date.
pub async fn load(
    state: &AppState,
    generation: Generation,
    id: InspectionId,
    as_at: NaiveDate,
) -> Result<EvidencePack, AppError> {
    let snapshot = snapshot(state, generation).await?;
    pack::build(&snapshot, id, as_at).ok_or_else(|| missing(id))
}

/// The pack as a page, with the links shared for it (for leaders).
pub async fn show(
    state: web::Data<AppState>,
    page: Page,
    generation: Generation,
    path: web::Path<InspectionId>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let as_at = as_at(&page)?;
    let data = load(&state, generation, id, as_at.date()).await?;
    let panel = share_panel(&state, &page, id).await?;
    let chrome = page.dated("/inspections", as_at).with_breadcrumbs(&[
        ("/inspections", "Inspections"),
        (&format!("/inspections/{id}"), &data.readiness.inspection.title),
    ]);
    Ok(super::html(StatusCode::OK, crate::views::pack::pack_page(&data, panel, &chrome)))
}

async fn share_panel(state: &AppState, page: &Page, id: InspectionId) -> Result<Markup, AppError> {
    super::shares::panel(state, page, id).await
}

/// The pack as a ZIP, streamed.
pub async fn zip(
    state: web::Data<AppState>,
    page: Page,
    generation: Generation,
    path: web::Path<InspectionId>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let as_at = as_at(&page)?;
    let data = load(&state, generation, id, as_at.date()).await?;
    Ok(stream_zip(&state, data))
}

/// Streams a pack's ZIP, reading each attachment from the database in its turn.
pub fn stream_zip(state: &AppState, data: EvidencePack) -> HttpResponse {
    let pool: DbPool = state.pool.pool().clone();
    let authority = state.authority();
    let name = crate::reports::pack::zip_name(&data);
    streamed(download("application/zip", name), move |out| {
        let mut conn = pool.get().map_err(|e| e.to_string())?;
        crate::reports::pack::write_zip(out, &data, &authority, |file| {
            crate::db::attachments::get(&mut conn, file).map(|row| row.content).map_err(|e| e.to_string())
        })
        .map(|_| ())
    })
}
