//! Archived records of each kind, behind a filter, each with Restore.

use crate::auth::session::Generation;
use crate::domain::kinds::Role;
use crate::error::AppError;
use crate::read::archived::{archived, RecordKind};
use crate::state::AppState;
use crate::views::forms::archive::archived_page;
use crate::web::forms::{FormSource, RawForm};
use crate::web::html;
use crate::web::page::Page;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};

/// `/archived?kind=actions&page=2`.
pub async fn list(
    state: web::Data<AppState>,
    page: Page,
    _: Generation,
    query: web::Query<RawForm>,
) -> Result<HttpResponse, AppError> {
    let kind = RecordKind::from_slug(&query.text("kind")).unwrap_or(RecordKind::Action);
    let number = query.text("page").trim().parse::<i64>().unwrap_or(1).clamp(1, 100_000);
    let list = state.db(move |conn| Ok(archived(conn, kind, number)?)).await?;
    // Contributors may restore their own drafts from the item's page; the list is for leaders.
    let may_restore = page.user.may(Role::Leader);
    Ok(html(StatusCode::OK, archived_page(&list, may_restore, &page.chrome("/archived"))))
}
