//! The dashboard: what needs attention first.

use super::page::Page;
use super::read::{as_at, end_of, in_words, latest_changes, snapshot};
use crate::auth::session::Generation;
use crate::db::history;
use crate::error::AppError;
use crate::read::cache::RecordHistoryKey;
use crate::read::dashboard;
use crate::read::history::plan_changes;
use crate::state::AppState;
use crate::views::dashboard::dashboard_page;
use actix_web::{web, HttpResponse};

/// Plan changes the dashboard lists.
const RECENT_CHANGES: i64 = 6;

/// The dashboard as at the page's date, with the latest plan changes up to it.
pub async fn show(state: web::Data<AppState>, page: Page, generation: Generation) -> Result<HttpResponse, AppError> {
    let as_at = as_at(&page)?;
    let snapshot = snapshot(&state, &page, generation, as_at).await?;
    // The same for everyone until the plan changes: worked out once per date.
    let date = as_at.date();
    let data = state.derived(&snapshot, date, move |snapshot| dashboard::build(snapshot, date)).await?;
    // The plan's latest changes are final for the snapshot (see `Snapshot::keep_record_history`).
    let query = history::HistoryQuery { before: Some(end_of(date)), ..plan_changes() };
    let rows = latest_changes(&state, &snapshot, Some(RecordHistoryKey::Plan(date)), query, RECENT_CHANGES).await?;
    let changes = in_words(&snapshot, &rows, page.user.role);
    let markup = dashboard_page(&data, &changes, &page.dated("/", as_at));
    Ok(super::html(actix_web::http::StatusCode::OK, markup))
}
