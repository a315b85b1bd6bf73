//! Practice areas: the list, most urgent first, and the page of one area.

use super::page::Page;
use super::read::{as_at, built, record_parts, snapshot};
use crate::auth::session::Generation;
use crate::domain::ids::AreaId;
use crate::error::AppError;
use crate::read::archived::RecordKind;
use crate::read::{area_page, areas};
use crate::state::AppState;
use crate::views::area::area_page as view;
use crate::views::areas::{areas_page, AreaFilter};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};

/// Every area as at the page's date, filtered by `?status=` or `?gaps=evidence`.
pub async fn list(state: web::Data<AppState>, page: Page, generation: Generation) -> Result<HttpResponse, AppError> {
    let as_at = as_at(&page)?;
    let snapshot = snapshot(&state, &page, generation, as_at).await?;
    let date = as_at.date();
    let lines = built(&state, &snapshot, move |snapshot| areas::area_lines(snapshot, date)).await?;
    let filter = AreaFilter::parse(page.param("status"), page.param("gaps"));
    Ok(super::html(StatusCode::OK, areas_page(&lines, filter, &page.dated("/areas", as_at))))
}

/// One area as at the page's date.
pub async fn show(
    state: web::Data<AppState>,
    page: Page,
    generation: Generation,
    path: web::Path<AreaId>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let as_at = as_at(&page)?;
    let snapshot = snapshot(&state, &page, generation, as_at).await?;
    let date = as_at.date();
    let data = built(&state, &snapshot, move |snapshot| area_page::build(snapshot, id, date))
        .await?
        .ok_or_else(|| AppError::NotFound(format!("No practice area with id {id}: it may have been archived")))?;
    let version = snapshot.plan.area(id).map_or(0, |a| a.version);
    let parts = record_parts(&state, &snapshot, &page, (RecordKind::Area, id.0, version), as_at).await?;
    let chrome = page.dated("/areas", as_at);
    // A large area's page (its actions, evidence and every chart) takes a while to draw: off the async workers,
    // one per core at a time.
    let markup = state.rendering.draw(move || view(&data, &parts, &chrome)).await?;
    Ok(super::html(StatusCode::OK, markup))
}
