//! Inspections: the list and the page of one inspection.

use super::page::Page;
use super::read::{as_at, built, record_parts, snapshot};
use crate::auth::session::Generation;
use crate::domain::ids::InspectionId;
use crate::error::AppError;
use crate::read::archived::RecordKind;
use crate::read::inspections::{inspection_page, list as inspections};
use crate::state::AppState;
use crate::views::inspections::{inspection_page as view, inspections_page};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};

/// Every live inspection as at the page's date.
pub async fn list(state: web::Data<AppState>, page: Page, generation: Generation) -> Result<HttpResponse, AppError> {
    let as_at = as_at(&page)?;
    let snapshot = snapshot(&state, &page, generation, as_at).await?;
    let date = as_at.date();
    let items = built(&state, &snapshot, move |snapshot| inspections(snapshot, date)).await?;
    Ok(super::html(StatusCode::OK, inspections_page(&items, &page.dated("/inspections", as_at))))
}

/// One inspection as at the page's date.
pub async fn show(
    state: web::Data<AppState>,
    page: Page,
    generation: Generation,
    path: web::Path<InspectionId>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let as_at = as_at(&page)?;
    let snapshot = snapshot(&state, &page, generation, as_at).await?;
    let date = as_at.date();
    let data = built(&state, &snapshot, move |snapshot| inspection_page(snapshot, id, date))
        .await?
        .ok_or_else(|| AppError::NotFound(format!("No inspection with id {id}: it may have been archived")))?;
    let version = snapshot.plan.inspection(id).map_or(0, |i| i.version);
    let parts = record_parts(&state, &snapshot, &page, (RecordKind::Inspection, id.0, version), as_at).await?;
    Ok(super::html(StatusCode::OK, view(&data, &parts, &page.dated("/inspections", as_at))))
}
