//! Change history: every change, filtered by user, kind of record, record
//! and dates, a page at a time, newest first.

use super::dates::{given, typed_again};
use super::page::Page;
use super::read::{as_at, end_of, in_words, snapshot, start_of};
use crate::auth::session::Generation;
use crate::db::history::{self, HistoryQuery};
use crate::domain::fields::FieldErrors;
use crate::domain::history::Entity;
use crate::domain::ids::UserId;
use crate::domain::paging::page_count;
use crate::error::AppError;
use crate::read::history::{query_for_kind, record_named, RECORD_KINDS};
use crate::state::AppState;
use crate::views::fields::DateInput;
use crate::views::history::{history_page, HistoryFilterValues, HistoryPageView};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use chrono::NaiveDate;

/// Entries on one page.
pub const PER_PAGE: i64 = 25;

fn filters_of(page: &Page) -> HistoryFilterValues {
    let value = |name: &str| page.param(name).unwrap_or_default().to_string();
    HistoryFilterValues {
        user: value("user"),
        kind: value("kind"),
        from: typed_again(&page.query, "from"),
        to: typed_again(&page.query, "to"),
        entity: value("entity"),
        id: value("id"),
    }
}

/// A date filter as given (three fields or the address), none when not given
/// or when it cannot be read, which is named in the errors.
fn date_filter(page: &Page, errors: &mut FieldErrors, name: &str) -> Option<NaiveDate> {
    given(page, name).unwrap_or_else(|problems| {
        errors.merge(problems);
        None
    })
}

/// The query the filters describe, up to the end of the "as at" date.
fn query_of(
    f: &HistoryFilterValues,
    (from, to): (Option<NaiveDate>, Option<NaiveDate>),
    as_at: NaiveDate,
    errors: &mut FieldErrors,
) -> HistoryQuery {
    // A record's entity, when one is named, else the kind chosen; a name that
    // is no kind of record keeps every kind.
    let record = !f.entity.is_empty();
    let kind = if record { &f.entity } else { &f.kind };
    let mut query = query_for_kind(kind.parse::<Entity>().ok().as_ref());
    if record {
        query.entity_id = f.id.parse().ok();
    }
    query.user_id = f.user.parse::<UserId>().ok();
    if let (Some(from), Some(to)) = (from, to) {
        if from > to {
            errors.add("to", "The end date must be the same as or after the start date");
        }
    }
    query.from = from.map(start_of);
    query.before = Some(end_of(to.map_or(as_at, |to| to.min(as_at))));
    query
}

/// The link to a page of the history with the same filters and date.
fn page_href(f: &HistoryFilterValues, as_at: Option<&str>, page: u32) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    let iso = |d: &DateInput| d.date().map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
    let (from, to) = (iso(&f.from), iso(&f.to));
    for (name, value) in
        [("entity", &f.entity), ("id", &f.id), ("user", &f.user), ("kind", &f.kind), ("from", &from), ("to", &to)]
    {
        if !value.is_empty() {
            query.append_pair(name, value);
        }
    }
    if let Some(as_at) = as_at {
        query.append_pair("as_at", as_at);
    }
    if page > 1 {
        query.append_pair("page", &page.to_string());
    }
    let query = query.finish();
    if query.is_empty() {
        "/history".to_string()
    } else {
        format!("/history?{query}")
    }
}

/// One page of change history.
pub async fn list(state: web::Data<AppState>, page: Page, generation: Generation) -> Result<HttpResponse, AppError> {
    let as_at = as_at(&page)?;
    let snapshot = snapshot(&state, &page, generation, as_at).await?;
    let filters = filters_of(&page);
    let mut errors = FieldErrors::new();
    let dates = (date_filter(&page, &mut errors, "from"), date_filter(&page, &mut errors, "to"));
    let query = query_of(&filters, dates, as_at.date(), &mut errors);
    let wanted: u32 = page.param("page").and_then(|p| p.parse().ok()).filter(|p| *p >= 1).unwrap_or(1);
    let offset = i64::from(wanted - 1) * PER_PAGE;
    let (rows, total) = state.db(move |conn| Ok(history::page(conn, &query, offset, PER_PAGE)?)).await?;
    let pages = u32::try_from(page_count(total, PER_PAGE)).unwrap_or(u32::MAX);
    let entries = in_words(&snapshot, &rows, page.user.role);
    let mut users: Vec<(String, String)> =
        snapshot.plan.user_names.iter().map(|(id, name)| (id.to_string(), name.clone())).collect();
    users.sort_by_key(|a| a.1.to_lowercase());
    let entity = filters.entity.parse::<Entity>().ok().filter(|e| RECORD_KINDS.iter().any(|(k, _)| k == e));
    let record = entity.zip(filters.id.parse::<i64>().ok()).map(|(entity, id)| {
        let named = record_named(&snapshot.plan, &entity, id);
        (named.kind, named.name, named.href)
    });
    let past = page.param("as_at").map(|_| as_at.to_string());
    let href = |n: u32| page_href(&filters, past.as_deref(), n);
    let view = HistoryPageView {
        entries: &entries,
        total,
        page: wanted,
        pages,
        filters: &filters,
        users: &users,
        record,
        errors: &errors,
        href: &href,
    };
    Ok(super::html(StatusCode::OK, history_page(&view, &page.dated("/history", as_at))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_link_keeps_the_filters() {
        let f = HistoryFilterValues { entity: "action".into(), id: "4".into(), ..HistoryFilterValues::default() };
        assert_eq!(page_href(&f, None, 2), "/history?entity=action&id=4&page=2");
        assert_eq!(page_href(&HistoryFilterValues::default(), Some("2025-03-31"), 1), "/history?as_at=2025-03-31");
    }

    #[test]
    fn an_end_date_before_the_start_is_named() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 1, d);
        let mut errors = FieldErrors::new();
        let query = query_of(&HistoryFilterValues::default(), (day(20), day(10)), day(31).unwrap(), &mut errors);
        assert!(errors.for_field("to").is_some());
        assert_eq!(query.from, day(20).map(start_of));
        assert_eq!(query.before, day(10).map(end_of));
    }
}
