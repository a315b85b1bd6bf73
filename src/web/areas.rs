//! Practice areas: the list, most urgent first, and the page of one area.

use super::forms::RawForm;
use super::page::Page;
use super::read::{as_at, built, record_parts, snapshot};
use crate::auth::session::Generation;
use crate::domain::ids::AreaId;
use crate::domain::paging::PageWindow;
use crate::error::AppError;
use crate::read::archived::RecordKind;
use crate::read::area_page::{self, Asked};
use crate::read::areas;
use crate::read::cache::ChartKey;
use crate::state::AppState;
use crate::views::area::{area_page as view, measure_chart, AreaShown};
use crate::views::areas::{areas_page, AreaFilter};
use crate::views::charts::ChartSize;
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

fn no_area(id: AreaId) -> AppError {
    AppError::NotFound(format!("No practice area with id {id}: it may have been archived"))
}

/// Measures' charts on one page of an area: one. On the large authority each
/// is 60 to 90 KB (its points, data table and the area's 125 completed
/// actions on its time axis), and its areas have seven or eight measures: with
/// every chart, action and evidence item an area's page was 650 KB, and two
/// charts with the rest of the page can pass 200 KB.
const CHARTS_PER_PAGE: i64 = 1;

/// One area as at the page's date, its actions, evidence and measures' charts
/// a page at a time (`?actions_page=`, `?evidence_page=`, `?measures_page=`).
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
    // An area the plan does not hold is answered before its history is read.
    let version = snapshot.plan.area(id).map(|a| a.version).ok_or_else(|| no_area(id))?;
    let parts = record_parts(&state, &snapshot, &page, (RecordKind::Area, id.0, version), as_at).await?;
    let chrome = page.dated("/areas", as_at);
    let query = RawForm(page.query.clone());
    let number = |name: &str| page.param(name).and_then(|n| n.parse::<i64>().ok()).unwrap_or(1);
    let asked = Asked { actions: number("actions_page"), evidence: number("evidence_page") };
    let measures_asked = number("measures_page");
    let mut summary = url::form_urlencoded::Serializer::new(String::new());
    summary.append_pair("area", &id.to_string());
    if let Some(date) = page.param("as_at") {
        summary.append_pair("as_at", date);
    }
    let summary_href = format!("/measures?{}", summary.finish());
    // A large area's page takes a while to make and draw: off the async
    // workers, one per core at a time, in one turn.
    let markup = built(&state, &snapshot, move |snapshot| {
        let data = area_page::build_page(snapshot, id, date, asked).ok_or_else(|| no_area(id))?;
        let measures = PageWindow::new(data.measures.len(), measures_asked, CHARTS_PER_PAGE);
        let href = |name: &str, section: &str, n: i64| {
            format!("/areas/{id}?{}#{section}", query.with(name, Some(&n.to_string())).query())
        };
        let actions_href = |n| href("actions_page", "actions", n);
        let evidence_href = |n| href("evidence_page", "evidence", n);
        let measures_href = |n| href("measures_page", "measures", n);
        let charts: Vec<_> = measures
            .of(&data.measures)
            .iter()
            .map(|m| {
                let key = ChartKey { measure: m.id, as_at: date, small: true, near_limits: false };
                snapshot.chart(key, || measure_chart(m, ChartSize::Small, false).into_string())
            })
            .collect();
        let shown = AreaShown {
            measures,
            actions_href: &actions_href,
            evidence_href: &evidence_href,
            measures_href: &measures_href,
            summary_href,
            charts: &charts,
        };
        Ok::<_, AppError>(view(&data, &shown, &parts, &chrome))
    })
    .await??;
    Ok(super::html(StatusCode::OK, markup))
}
