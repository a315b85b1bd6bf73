//! The indicator summary: every measure in one table, sortable and
//! filterable with links and a form (no JavaScript), in the MOJ sortable
//! table pattern, a page of 50 at a time.

use super::blocks::table_region;
use super::charts::{assurance_icon, format_value, variation_icon};
use super::components::{date, select, tag};
use super::filters::showing;
use super::forms::pagination;
use super::{layout, Chrome};
use crate::domain::fields::FieldErrors;
use crate::domain::ids::AreaId;
use crate::domain::paging::PageWindow;
use crate::read::measures::{IndicatorFilter, IndicatorRow, SortKey};
use maud::{html, Markup};

/// The summary's query string for a filter, sort and date.
pub fn summary_href(filter: &IndicatorFilter, as_at: Option<&str>) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    if let Some(area) = filter.area {
        query.append_pair("area", &area.to_string());
    }
    match filter.key {
        Some(true) => {
            query.append_pair("key", "yes");
        }
        Some(false) => {
            query.append_pair("key", "no");
        }
        None => {}
    }
    query.append_pair("sort", filter.sort.as_str());
    query.append_pair("dir", if filter.descending { "desc" } else { "asc" });
    if let Some(as_at) = as_at {
        query.append_pair("as_at", as_at);
    }
    format!("/measures?{}", query.finish())
}

/// A column heading that sorts by its column: a link to the same table
/// sorted by it (the other way when it is already), with `aria-sort` saying
/// how it is sorted now.
fn sort_heading(label: &str, key: SortKey, filter: &IndicatorFilter, as_at: Option<&str>) -> Markup {
    let current = filter.sort == key;
    let sort = if !current {
        "none"
    } else if filter.descending {
        "descending"
    } else {
        "ascending"
    };
    // Counts and values are most useful largest first; names from A.
    let first_descending = matches!(key, SortKey::Latest | SortKey::Improvements | SortKey::Concerns);
    let next = IndicatorFilter {
        sort: key,
        descending: if current { !filter.descending } else { first_descending },
        ..*filter
    };
    html! {
        th scope="col" aria-sort=(sort) class="app-sortable" {
            a class="app-sortable__link" href=(summary_href(&next, as_at)) {
                (label)
                span class="app-visually-hidden" {
                    ", sort " (if next.descending { "descending" } else { "ascending" })
                }
            }
        }
    }
}

fn row(r: &IndicatorRow) -> Markup {
    let value = |v: Option<f64>| v.map_or_else(|| "–".to_string(), |v| format_value(v, r.unit));
    html! {
        tr {
            th scope="row" { a href={ "/measures/" (r.id) } { (r.name) } @if r.key { " " (tag("Key", "blue")) } }
            td { a href={ "/areas/" (r.area.0) } { (r.area.1) } }
            td class="app-nowrap" {
                @match r.latest {
                    Some((period, v)) => { strong { (format_value(v, r.unit)) } br; span class="app-hint" { (date(period)) } }
                    None => "No results",
                }
            }
            td class="app-nowrap" { (value(r.target)) }
            td class="app-nowrap" { (value(r.mean)) }
            td class="app-nowrap" {
                @match r.limits {
                    Some((lower, upper)) => { (format_value(lower, r.unit)) " to " (format_value(upper, r.unit)) }
                    None if r.too_few_points && r.latest.is_some() => span class="app-hint" { "Too few points" },
                    None => "–",
                }
            }
            td class="app-icon-cell" { (variation_icon(r.variation, r.direction)) }
            td class="app-icon-cell" { (assurance_icon(r.assurance, r.assurance_needs)) }
            td class="app-numeric" { (r.improvements) }
            td class="app-numeric" { (r.concerns + r.neutral) }
        }
    }
}

/// One page of the indicator summary as at its date: `rows` are the page's
/// rows, and `shown` says where the page stands among all the rows kept.
pub fn summary_page(
    (rows, shown): (Vec<IndicatorRow>, PageWindow),
    filter: &IndicatorFilter,
    areas: &[(AreaId, String)],
    as_at: Option<&str>,
    chrome: &Chrome,
) -> Markup {
    let chrome = chrome.with_breadcrumbs(&[("/", "Dashboard")]);
    let mut area_options = vec![(String::new(), "All areas".to_string())];
    area_options.extend(areas.iter().map(|(id, name)| (id.to_string(), name.clone())));
    let key_options = vec![
        (String::new(), "All measures".to_string()),
        ("yes".to_string(), "Key measures only".to_string()),
        ("no".to_string(), "Other measures only".to_string()),
    ];
    let selected_area = filter.area.map(|a| a.to_string()).unwrap_or_default();
    let selected_key = match filter.key {
        Some(true) => "yes",
        Some(false) => "no",
        None => "",
    };
    let none = FieldErrors::new();
    let table = html! {
        table class="app-table app-table--indicators" {
            caption class="app-visually-hidden" { "Every measure with its latest value, limits, icons and signals" }
            thead {
                tr {
                    (sort_heading("Measure", SortKey::Measure, filter, as_at))
                    (sort_heading("Practice area", SortKey::Area, filter, as_at))
                    (sort_heading("Latest", SortKey::Latest, filter, as_at))
                    th scope="col" { "Target" }
                    th scope="col" { "Mean" }
                    th scope="col" { "Process limits" }
                    (sort_heading("Variation", SortKey::Variation, filter, as_at))
                    (sort_heading("Assurance", SortKey::Assurance, filter, as_at))
                    (sort_heading("Improvements", SortKey::Improvements, filter, as_at))
                    (sort_heading("Concerns", SortKey::Concerns, filter, as_at))
                }
            }
            tbody { @for r in &rows { (row(r)) } }
        }
    };
    layout(
        "Measures",
        &chrome,
        html! {
            h1 class="app-heading-l" { "Measures" }
            p class="app-body app-grid-two-thirds" {
                "Every case-audit measure and performance indicator with its latest value, its process limits and what its "
                "statistical process control says. Improvements and concerns count the points that show special cause."
            }
            @if chrome.may_add(crate::domain::kinds::Role::Leader) { (super::components::add_button("/measures/new", "Add a measure")) }
            form method="get" action="/measures" class="app-filter" {
                input type="hidden" name="sort" value=(filter.sort.as_str());
                input type="hidden" name="dir" value=(if filter.descending { "desc" } else { "asc" });
                @if let Some(as_at) = as_at { input type="hidden" name="as_at" value=(as_at); }
                div class="app-filter__fields" {
                    (select("area", "Practice area", &area_options, &selected_area, &none))
                    (select("key", "Key measures", &key_options, selected_key, &none))
                }
                button type="submit" class="app-button app-button--secondary" { "Apply filters" }
                " " a class="app-filter__clear" href="/measures" { "Clear filters" }
            }
            p class="app-body" role="status" {
                @if shown.total == 0 { "0 measures" } @else { (showing(shown.number, shown.per_page, shown.total, "measure", "measures")) }
            }
            @if shown.total > 0 {
                (table_region("Measures", table))
                (pagination(shown.number, shown.total as i64, shown.per_page, &|n| format!("{}&page={n}", summary_href(filter, as_at))))
            }
            @else if area_options.len() <= 1 {
                p class="app-body" { "No measures are recorded yet. A practice area is sustained only when its key measures meet their targets, so give each area at least one key measure, then its results." }
            }
        },
    )
}
