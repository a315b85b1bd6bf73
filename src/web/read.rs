//! What every read page does first: read its "as at" date (refusing one in
//! the future), take the cached plan, and read a record's latest changes.

use super::page::Page;
use crate::auth::session::Generation;
use crate::db::history::{self, HistoryQuery};
use crate::domain::dates::AsAt;
use crate::domain::history::Entity;
use crate::domain::kinds::Role;
use crate::error::AppError;
use crate::read::archived::RecordKind;
use crate::read::cache::{RecordHistoryKey, Snapshot};
use crate::read::history::{describe, HistoryEntry};
use crate::read::rewind::Past;
use crate::state::AppState;
use crate::views::history::RecordParts;
use chrono::NaiveDate;
use std::sync::Arc;

/// Changes shown in a record page's "History" section.
pub const RECORD_HISTORY: i64 = 10;

/// The page's "as at" date: `?as_at=2025-03-31` or `?as_at=31/03/2025`
/// (or the form's three fields), else the `?as_recorded=` date, else today;
/// a date in the future or one that cannot be read is refused (422).
pub fn as_at(page: &Page) -> Result<AsAt, AppError> {
    page.single("as_at")?;
    match (super::dates::given(page, "as_at").map_err(AppError::Invalid)?, as_recorded(page)?) {
        (None, Some(recorded)) => Ok(AsAt::today(recorded)),
        _ => super::dates::as_at_given(page, "as_at").map_err(AppError::Invalid),
    }
}

/// `?as_recorded=`: the page shows only what had been recorded by the end of
/// that day, as it then stood.
pub fn as_recorded(page: &Page) -> Result<Option<NaiveDate>, AppError> {
    page.single("as_recorded")?;
    if super::dates::given(page, "as_recorded").map_err(AppError::Invalid)?.is_none() {
        return Ok(None);
    }
    Ok(Some(super::dates::as_at_given(page, "as_recorded").map_err(AppError::Invalid)?.date()))
}

/// The past a dated page shows: what had been recorded by its "as recorded"
/// date, or the plan as it stood on a past "as at" date; none for today.
pub fn past(page: &Page, as_at: AsAt) -> Result<Option<Past>, AppError> {
    crate::read::rewind::past_for(as_at.date(), as_recorded(page)?, page.today).map_err(AppError::Invalid)
}

pub use crate::domain::dates::{end_of, start_of};

/// The plan as the page's dates ask for it (as it stood on a past "as at"
/// date, or as recorded), at the request's generation.
pub async fn snapshot(
    state: &AppState,
    page: &Page,
    generation: Generation,
    as_at: AsAt,
) -> Result<Arc<Snapshot>, AppError> {
    state.plan_at(generation, past(page, as_at)?).await
}

/// A page's read model, built in a rendering turn off the async workers:
/// building it may work out the date's verdicts (each measure's SPC
/// analysis) or an area's status history when the snapshot does not keep
/// them yet, which on a large plan would hold an async worker (and every
/// request waiting on it) for the whole run, as `AppState::verdicts` says.
pub async fn built<T, F>(state: &AppState, snapshot: &Arc<Snapshot>, build: F) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce(&Snapshot) -> T + Send + 'static,
{
    let snapshot = snapshot.clone();
    state.rendering.draw(move || build(&snapshot)).await
}

/// History entries in words; sign-in details (client addresses) are shown to admins only.
pub fn in_words(snapshot: &Snapshot, rows: &[history::HistoryRow], viewer: Role) -> Vec<HistoryEntry> {
    rows.iter()
        .map(|row| {
            let mut entry = describe(&snapshot.plan, row);
            if viewer != Role::Admin {
                entry.changes.retain(|c| c.label != "Client address");
            }
            entry
        })
        .collect()
}

/// A record's latest changes by the end of the "as at" date, in words: read
/// once per snapshot for a plan record (see `Snapshot::keep_record_history`).
pub async fn record_history(
    state: &AppState,
    snapshot: &Snapshot,
    page: &Page,
    (entity, id): (Entity, i64),
    as_at: NaiveDate,
) -> Result<Vec<HistoryEntry>, AppError> {
    let kept = history::PLAN_ENTITIES.contains(&entity).then(|| RecordHistoryKey::Record(entity.clone(), id, as_at));
    let query = HistoryQuery {
        entities: vec![entity],
        entity_id: Some(id),
        before: Some(end_of(as_at)),
        ..HistoryQuery::default()
    };
    let rows = latest_changes(state, snapshot, kept, query, RECORD_HISTORY).await?;
    Ok(in_words(snapshot, &rows, page.user.role))
}

/// The latest `limit` changes the query keeps: those kept with the snapshot
/// under `key` if it has them, else read, and kept when there is a key.
pub async fn latest_changes(
    state: &AppState,
    snapshot: &Snapshot,
    key: Option<RecordHistoryKey>,
    query: HistoryQuery,
    limit: i64,
) -> Result<Arc<[history::HistoryRow]>, AppError> {
    if let Some(rows) = key.as_ref().and_then(|k| snapshot.kept_record_history(k)) {
        return Ok(rows);
    }
    let rows = state.db(move |conn| Ok(history::latest(conn, &query, limit)?)).await?;
    Ok(match key {
        Some(key) => snapshot.keep_record_history(key, rows),
        None => rows.into(),
    })
}

/// A record page's controls and history: the controls only on today's view
/// (a past date is read-only), with the reason when the role may not change it.
pub async fn record_parts(
    state: &AppState,
    snapshot: &Snapshot,
    page: &Page,
    (kind, id, version): (RecordKind, i64, i32),
    as_at: AsAt,
) -> Result<RecordParts, AppError> {
    let history = record_history(state, snapshot, page, (kind.entity(), id), as_at.date()).await?;
    let controls = if as_at.is_today(page.today) {
        let permission = crate::domain::access::plan_edit(page.user.role);
        crate::views::forms::record_controls(kind, (id, version), false, permission, &page.csrf.0)
    } else {
        maud::html! {}
    };
    Ok(RecordParts { controls, history })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_in_summer_starts_an_hour_earlier_in_utc() {
        let winter = NaiveDate::from_ymd_opt(2026, 1, 15).unwrap();
        assert_eq!(start_of(winter), winter.and_hms_opt(0, 0, 0).unwrap());
        let summer = NaiveDate::from_ymd_opt(2026, 7, 1).unwrap();
        assert_eq!(start_of(summer), NaiveDate::from_ymd_opt(2026, 6, 30).unwrap().and_hms_opt(23, 0, 0).unwrap());
        assert_eq!(end_of(winter), NaiveDate::from_ymd_opt(2026, 1, 16).unwrap().and_hms_opt(0, 0, 0).unwrap());
    }
}
