//! Measures: the indicator summary and the page of one measure.

use super::page::Page;
use super::read::{as_at, built, record_parts, snapshot};
use crate::auth::session::Generation;
use crate::domain::ids::{AreaId, MeasureId};
use crate::error::AppError;
use crate::read::archived::RecordKind;
use crate::read::measure_figures::published;
use crate::read::measures::{indicator_page, measure_page, IndicatorFilter, SortKey};
use crate::state::AppState;
use crate::views::measure::measure_page as view;
use crate::views::measures::summary_page;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};

/// The filter and order of `?area=&key=&sort=&dir=`; anything unreadable is left out.
fn filter_of(page: &Page) -> IndicatorFilter {
    IndicatorFilter {
        area: page.param("area").and_then(|a| a.parse::<AreaId>().ok()),
        key: match page.param("key") {
            Some("yes") => Some(true),
            Some("no") => Some(false),
            _ => None,
        },
        sort: SortKey::parse(page.param("sort")),
        descending: page.param("dir") == Some("desc"),
    }
}

/// Rows on a page of the indicator summary: the large authority's 300
/// measures, each with its icons, made over 500 KB on one page.
const PER_PAGE: i64 = 50;

/// Every measure as at the page's date, filtered and sorted, a page at a time (`?page=`).
pub async fn list(state: web::Data<AppState>, page: Page, generation: Generation) -> Result<HttpResponse, AppError> {
    let as_at = as_at(&page)?;
    let snapshot = snapshot(&state, &page, generation, as_at).await?;
    let (filter, date) = (filter_of(&page), as_at.date());
    let chrome = page.dated("/measures", as_at);
    let past = page.param("as_at").map(|_| as_at.to_string());
    let asked = page.param("page").and_then(|n| n.parse::<i64>().ok()).unwrap_or(1);
    // Made and drawn in one turn off the async workers.
    let markup = built(&state, &snapshot, move |snapshot| {
        let shown = indicator_page(snapshot, date, &filter, (asked, PER_PAGE));
        let areas: Vec<(AreaId, String)> = snapshot.plan.areas.iter().map(|a| (a.id, a.name.clone())).collect();
        summary_page(shown, &filter, &areas, past.as_deref(), &chrome)
    })
    .await?;
    Ok(super::html(StatusCode::OK, markup))
}

/// One measure as at the page's date; `?near=yes` draws the near-limit lines.
pub async fn show(
    state: web::Data<AppState>,
    page: Page,
    generation: Generation,
    path: web::Path<MeasureId>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let as_at = as_at(&page)?;
    let snapshot = snapshot(&state, &page, generation, as_at).await?;
    let date = as_at.date();
    let data = built(&state, &snapshot, move |snapshot| measure_page(snapshot, id, date))
        .await?
        .ok_or_else(|| AppError::NotFound(format!("No measure with id {id}: it may have been archived")))?;
    let version = snapshot.plan.measure(id).map_or(0, |m| m.version);
    let parts = record_parts(&state, &snapshot, &page, (RecordKind::Measure, id.0, version), as_at).await?;
    let entry = as_at.is_today(page.today).then(|| results_entry_for(&snapshot, id, &page)).flatten();
    let near = page.param("near") == Some("yes");
    let mut toggle = url::form_urlencoded::Serializer::new(String::new());
    if let Some(date) = page.param("as_at") {
        toggle.append_pair("as_at", date);
    }
    if !near {
        toggle.append_pair("near", "yes");
    }
    let query = toggle.finish();
    let toggle = if query.is_empty() { format!("/measures/{id}") } else { format!("/measures/{id}?{query}") };
    let published = match data.published_indicator {
        Some(indicator) => {
            let figures = state.own_figures(generation, &snapshot).await?;
            Some(published(indicator, data.chart.unit, snapshot.la_number().map(|code| (code, figures.as_deref()))))
        }
        None => None,
    };
    let markup = view(&data, (&parts, entry), (near, &toggle), published.as_ref(), &page.dated("/measures", as_at));
    Ok(super::html(StatusCode::OK, markup))
}

/// The results of a measure with the controls to add, correct and import
/// them, for today's view of its page.
fn results_entry_for(snapshot: &crate::read::cache::Snapshot, id: MeasureId, page: &Page) -> Option<maud::Markup> {
    use crate::domain::access::{may_add_recalculation, may_enter_results};
    use crate::views::results::{results_entry, ResultsEntry};
    let measure = snapshot.plan.measure(id)?;
    let results = snapshot.plan.results.get(&id).unwrap_or_default();
    let recalculations = snapshot.plan.recalculations.get(&id).unwrap_or_default();
    Some(results_entry(&ResultsEntry {
        measure,
        results,
        recalculations,
        may_enter: may_enter_results(page.user.role),
        may_recalculate: may_add_recalculation(page.user.role),
    }))
}
