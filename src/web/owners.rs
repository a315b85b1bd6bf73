//! Owners: the list, the page of one owner, and a person's own actions.

use super::page::Page;
use super::read::{as_at, built, record_parts, snapshot};
use crate::auth::session::Generation;
use crate::db::digests;
use crate::domain::digest::digest_for;
use crate::domain::ids::OwnerId;
use crate::error::AppError;
use crate::read::archived::RecordKind;
use crate::read::digest::input;
use crate::read::owners::{owner_lines, owner_page};
use crate::state::AppState;
use crate::views::digest::DigestPanel;
use crate::views::owners::{no_owner_page, owner_page as view, owners_page};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};

/// Every live owner as at the page's date.
pub async fn list(state: web::Data<AppState>, page: Page, generation: Generation) -> Result<HttpResponse, AppError> {
    let as_at = as_at(&page)?;
    let snapshot = snapshot(&state, &page, generation, as_at).await?;
    let lines = owner_lines(&snapshot, as_at.date());
    Ok(super::html(StatusCode::OK, owners_page(&lines, &page.dated("/owners", as_at))))
}

async fn render(
    state: &AppState,
    (page, generation): (&Page, Generation),
    id: OwnerId,
    section: &'static str,
) -> Result<HttpResponse, AppError> {
    let as_at = as_at(page)?;
    let snapshot = snapshot(state, page, generation, as_at).await?;
    let date = as_at.date();
    let data = built(state, &snapshot, move |snapshot| owner_page(snapshot, id, date))
        .await?
        .ok_or_else(|| AppError::NotFound(format!("No owner with id {id}")))?;
    let version = snapshot.plan.owners.get(&id).map_or(0, |o| o.version);
    let parts = record_parts(state, &snapshot, page, (RecordKind::Owner, id.0, version), as_at).await?;
    let (leaders, last_sent) =
        state.db(move |conn| Ok((digests::leader_owners(conn)?, digests::last_sent(conn, id)?))).await?;
    let on = as_at.date();
    let digest = DigestPanel { digest: digest_for(on, &input(&snapshot, &leaders, on), id), last_sent };
    let mine = section == "/owners/me";
    Ok(super::html(StatusCode::OK, view(&data, &digest, &parts, mine, &page.dated(section, as_at))))
}

/// One owner as at the page's date.
pub async fn show(
    state: web::Data<AppState>,
    page: Page,
    generation: Generation,
    path: web::Path<OwnerId>,
) -> Result<HttpResponse, AppError> {
    render(&state, (&page, generation), path.into_inner(), "/owners").await
}

/// "My actions": the owner page of the signed-in person, or a page saying
/// their account is linked to no owner.
pub async fn me(state: web::Data<AppState>, page: Page, generation: Generation) -> Result<HttpResponse, AppError> {
    match page.user.owner_id {
        Some(id) => render(&state, (&page, generation), id, "/owners/me").await,
        None => Ok(super::html(StatusCode::OK, no_owner_page(&page.dated("/owners/me", as_at(&page)?)))),
    }
}
