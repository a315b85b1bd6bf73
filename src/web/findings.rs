//! The page of one finding.

use super::page::Page;
use super::read::{as_at, built, record_parts, snapshot};
use crate::auth::session::Generation;
use crate::domain::ids::FindingId;
use crate::error::AppError;
use crate::read::archived::RecordKind;
use crate::read::findings::finding_page;
use crate::state::AppState;
use crate::views::findings::finding_page as view;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};

/// One finding as at the page's date.
pub async fn show(
    state: web::Data<AppState>,
    page: Page,
    generation: Generation,
    path: web::Path<FindingId>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let as_at = as_at(&page)?;
    let snapshot = snapshot(&state, &page, generation, as_at).await?;
    let date = as_at.date();
    let data = built(&state, &snapshot, move |snapshot| finding_page(snapshot, id, date))
        .await?
        .ok_or_else(|| AppError::NotFound(format!("No finding with id {id}: it may have been archived")))?;
    let version = snapshot.plan.finding(id).map_or(0, |f| f.version);
    let parts = record_parts(&state, &snapshot, &page, (RecordKind::Finding, id.0, version), as_at).await?;
    Ok(super::html(StatusCode::OK, view(&data, &parts, &page.dated("/inspections", as_at))))
}
