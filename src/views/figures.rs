//! How we compare: the DfE's published figures of a council beside its
//! statistical neighbours, its region and England. The list of indicators
//! with their latest year and trend, and the page of one indicator with its
//! chart, its figures in words and as tables, and every neighbour with its
//! latest Ofsted inspection.

use super::blocks::{summary_list, table_region};
use super::charts::comparison::{comparison_chart, trend_line};
use super::components::{date, tag};
use super::{layout, Chrome};
use crate::db::published_inspections::PublishedInspectionRow;
use crate::domain::figures::compare::{Figure, Judgement, YearComparison};
use crate::domain::figures::{Polarity, Unit};
use crate::domain::kinds::Role;
use crate::read::figures::{Chosen, CouncilFigures, IndicatorFigures, NeighbourPlace, Place};
use maud::{html, Markup};

/// What the figures pages show.
#[derive(Debug, Clone)]
pub struct FiguresPage {
    pub chosen: Chosen,
    /// Every council with published figures, for the chooser.
    pub councils: std::sync::Arc<Vec<Place>>,
    /// The council's own name, from council details.
    pub authority: String,
}

fn judgement_tag(judgement: Option<Judgement>, against: &str) -> Markup {
    match judgement {
        None => html! { span class="app-hint" { "not compared" } },
        Some(j) => {
            let colour = match j {
                Judgement::Better => "green",
                Judgement::Worse => "red",
                _ => "grey",
            };
            html! { (tag(&format!("{} than {against}", j.as_str()), colour)) }
        }
    }
}

fn figure(f: &Figure, unit: Unit) -> Markup {
    match f {
        Figure::Published(_) => html! { (f.in_words(unit)) },
        _ => html! { span class="app-hint" { (f.in_words(unit)) } },
    }
}

fn council_link(code: &str, path: &str) -> String {
    format!("{path}?la={code}")
}

/// The chooser: any council's comparison can be viewed.
fn chooser(page: &FiguresPage, action: &str, current: Option<&str>) -> Markup {
    html! {
        form method="get" action=(action) class="app-filter-row" novalidate {
            div class="app-form-group" {
                label class="app-label" for="la" { "Council" }
                p class="app-hint" id="la-hint" { "View any council's published figures beside its own neighbours." }
                select class="app-select" id="la" name="la" aria-describedby="la-hint" {
                    @if current.is_none() { option value="" selected { "Choose a council" } }
                    @for c in page.councils.iter() {
                        option value=(c.code) selected[current == Some(c.code.as_str())] { (c.name) " (" (c.code) ")" }
                    }
                }
            }
            button type="submit" class="app-button app-button--secondary" { "Show" }
        }
    }
}

/// What the page says when there is no council to show.
fn no_council(page: &FiguresPage, chrome: &Chrome) -> Markup {
    html! {
        @match &page.chosen {
            Chosen::Unknown { code, asked } => p class="app-body" {
                @if page.councils.is_empty() {
                    "No published figures are loaded yet. "
                    @if chrome.may_add(Role::Admin) { a href="/figures/import" { "Load the DfE's published files" } "." }
                    @else { "An admin loads them." }
                } @else {
                    "The published files name no council with local authority number " (code)
                    @if !asked { " (the number in council details)" }
                    ". Choose a council below."
                }
            },
            _ => p class="app-body" {
                "Council details give no local authority number, so there is no council of your own to compare. "
                @if chrome.may_add(Role::Admin) { a href="/council" { "Set the local authority number in council details" } "." }
                @else { "An admin sets it in council details." }
            },
        }
    }
}

/// Says whose figures these are when the council details name another council (the demo's fictional one).
fn whose(figures: &CouncilFigures, own: bool, authority: &str) -> Markup {
    let name = &figures.council.name;
    html! {
        @if own && !authority.contains(name.as_str()) {
            div class="app-inset-text" {
                p class="app-body" {
                    "These are " strong { (name) "'s published figures" } ": council details give "
                    (authority) " the local authority number " (figures.council.code) ", which the DfE's files name "
                    (name) ". A council the DfE does not publish figures for (such as a fictional demo authority) "
                    "has none of its own."
                }
            }
        }
        @if figures.model.is_none() {
            div class="app-warning-text" {
                span class="app-warning-text__icon" aria-hidden="true" { "!" }
                p class="app-warning-text__text" {
                    (name) " is not in the DfE's statistical-neighbour model. Councils reorganised (abolished, "
                    "split or merged) since the model was made are named as not in it rather than matched by guess, "
                    "so no neighbours are compared and there is no neighbours' median or rank."
                }
            }
        }
    }
}

fn trend_words(i: &IndicatorFigures) -> String {
    let series = i.comparison.council_series();
    // The years between the first and the last published that were not: the line breaks there.
    let published: Vec<bool> = i.comparison.years.iter().map(|y| y.council.value().is_some()).collect();
    let missing = match (published.iter().position(|p| *p), published.iter().rposition(|p| *p)) {
        (Some(first), Some(last)) => published[first..last].iter().filter(|p| !**p).count(),
        _ => 0,
    };
    let gaps = match missing {
        0 => String::new(),
        1 => " (1 year between not published)".to_string(),
        n => format!(" ({n} years between not published)"),
    };
    match (series.first(), series.last()) {
        (Some((from, a)), Some((to, b))) if series.len() > 1 => format!(
            "Trend from {from} to {to}: {} to {}{gaps}",
            Figure::Published(*a).in_words(i.unit),
            Figure::Published(*b).in_words(i.unit)
        ),
        (Some((year, a)), _) => format!("Only {year} is published: {}", Figure::Published(*a).in_words(i.unit)),
        _ => "No published figures of the council".to_string(),
    }
}

/// `/figures`: every indicator's latest year for the chosen council.
pub fn figures_list(page: &FiguresPage, chrome: &Chrome) -> Markup {
    let chrome = chrome.with_breadcrumbs(&[("/", "Dashboard")]);
    let current = match &page.chosen {
        Chosen::Council { figures, .. } => Some(figures.council.code.as_str()),
        _ => None,
    };
    layout(
        "How we compare",
        &chrome,
        html! {
            h1 class="app-heading-l" {
                @if let Chosen::Council { figures, .. } = &page.chosen {
                    span class="app-caption" { (figures.council.name) }
                }
                "How we compare"
            }
            p class="app-body app-grid-two-thirds" {
                "The Department for Education's published figures of a council beside its ten statistical "
                "neighbours (the councils most like it in the DfE's model), its region and England. Each "
                "indicator's latest year is the newest the DfE has published; it differs between publications."
            }
            @match &page.chosen {
                Chosen::Council { figures, own } => {
                    (whose(figures, *own, &page.authority))
                    (indicator_table(figures))
                    h2 class="app-heading-m" { "Statistical neighbours" }
                    (neighbour_table(figures, None))
                }
                _ => (no_council(page, &chrome)),
            }
            @if !page.councils.is_empty() {
                div class="app-no-print" {
                    h2 class="app-heading-m" { "Another council" }
                    (chooser(page, "/figures", current))
                }
            }
            p class="app-body" {
                "The figures come from the DfE's published files, loaded into Sustain. "
                @if chrome.may_add(Role::Admin) { a href="/figures/import" { "Load newer published files" } }
            }
        },
    )
}

fn indicator_table(figures: &CouncilFigures) -> Markup {
    let code = &figures.council.code;
    let table = html! {
        table class="app-table app-table--figures" {
            caption class="app-visually-hidden" { "Published indicators, latest year" }
            thead { tr {
                th scope="col" { "Indicator" } th scope="col" { "Year" } th scope="col" { (figures.council.name) }
                th scope="col" { "Neighbours' median" } th scope="col" { "England" }
                th scope="col" { "Compared" } th scope="col" { "Trend" }
            } }
            tbody {
                @for i in &figures.indicators {
                    @let latest = i.comparison.latest();
                    tr {
                        th scope="row" {
                            a href=(council_link(code, &format!("/figures/{}", i.indicator.id))) { (i.indicator.name) }
                            br; span class="app-hint" { (i.polarity.in_words()) }
                        }
                        @match latest {
                            Some(y) => {
                                td { (y.time_period) }
                                td { (figure(&y.council, i.unit)) }
                                td { (median_cell(y, i.unit)) }
                                td { (figure(&y.england, i.unit)) }
                                td { (judgement_tag(y.against_neighbours, "neighbours")) br; (judgement_tag(y.against_england, "England")) }
                            }
                            None => { td colspan="5" { span class="app-hint" { "No figures loaded" } } }
                        }
                        @let words = trend_words(i);
                        td {
                            @let series: Vec<Option<f64>> = i.comparison.years.iter().map(|y| y.council.value()).collect();
                            @if series.iter().flatten().count() > 1 { (trend_line(&series, &words)) }
                            @else { span class="app-hint" { (words) } }
                        }
                    }
                }
            }
        }
    };
    table_region("Published indicators", table)
}

fn median_cell(y: &YearComparison, unit: Unit) -> Markup {
    match y.median {
        Some(m) => html! { (Figure::Published(m.value).in_words(unit)) br; span class="app-hint" { (m.label()) } },
        None => html! { span class="app-hint" { "no neighbours' figures" } },
    }
}

fn inspection_cell(inspection: Option<&PublishedInspectionRow>) -> Markup {
    match inspection {
        Some(i) => html! {
            (i.overall)
            @if let Some(d) = i.start_date.or(i.published_date) { br; span class="app-hint" { (i.inspection_type) ", " (date(d)) } }
        },
        None => html! { span class="app-hint" { "No inspection in Ofsted's outcomes" } },
    }
}

/// The neighbours nearest first; with an indicator, each one's figure in its latest year.
fn neighbour_table(figures: &CouncilFigures, indicator: Option<&IndicatorFigures>) -> Markup {
    if figures.neighbours.is_empty() {
        return html! { p class="app-body" { "No statistical neighbours: the council is not in the model." } };
    }
    let latest = indicator.and_then(|i| i.comparison.latest().map(|y| (i, y)));
    let path = indicator.map_or("/figures".to_string(), |i| format!("/figures/{}", i.indicator.id));
    let own = |n: &NeighbourPlace| n.place.code == figures.council.code;
    let table = html! {
        table class="app-table app-table--figures" {
            caption class="app-visually-hidden" { "Statistical neighbours, nearest first" }
            thead { tr {
                th scope="col" { "Council" } th scope="col" { "Closeness" } th scope="col" { "Region" }
                @if let Some((_, y)) = latest { th scope="col" { (y.time_period) } }
                th scope="col" { "Latest Ofsted inspection" }
            } }
            tbody {
                @for (n, position) in figures.neighbours.iter().zip(0..) {
                    tr {
                        th scope="row" {
                            (n.position) ". "
                            @if own(n) { (n.place.name) } @else { a href=(council_link(&n.place.code, &path)) { (n.place.name) } }
                        }
                        td { (n.closeness) }
                        td { (n.place.region_name.as_deref().unwrap_or("")) }
                        @if let Some((i, y)) = latest {
                            td { @if let Some(f) = y.neighbours.get(position) { (figure(f, i.unit)) } }
                        }
                        td { (inspection_cell(n.inspection.as_ref())) }
                    }
                }
            }
        }
    };
    table_region("Statistical neighbours", table)
}

/// `/figures/{id}`: one indicator for the chosen council over every year.
pub fn figure_page(
    page: &FiguresPage,
    figures: &CouncilFigures,
    i: &IndicatorFigures,
    own: bool,
    chrome: &Chrome,
) -> Markup {
    let chrome = chrome
        .with_breadcrumbs(&[("/", "Dashboard"), (&council_link(&figures.council.code, "/figures"), "How we compare")]);
    let path = format!("/figures/{}", i.indicator.id);
    let summary_id = "figure-summary";
    let rank_order = match i.polarity {
        Polarity::Low => "1st is the lowest",
        _ => "1st is the highest",
    };
    layout(
        &i.indicator.name,
        &chrome,
        html! {
            h1 class="app-heading-l" { span class="app-caption" { (figures.council.name) } (i.indicator.name) }
            (whose(figures, own, &page.authority))
            (summary_list(&[
                ("Publication", html! { (i.indicator.publication) }),
                ("Which way is better", html! { (i.polarity.in_words()) }),
                ("Source", html! { (i.indicator.source_file) ", column " code { (i.indicator.column_name) } }),
                ("Region", html! { (figures.council.region_name.as_deref().unwrap_or("none named")) }),
            ]))
            @if let Some(y) = i.comparison.latest() {
                h2 class="app-heading-m" { "In " (y.time_period) }
                (summary_list(&[
                    (figures.council.name.as_str(), figure(&y.council, i.unit)),
                    ("Neighbours' median", median_cell(y, i.unit)),
                    ("Region", figure(&y.region, i.unit)),
                    ("England", figure(&y.england, i.unit)),
                    ("Rank among neighbours", html! {
                        @match y.rank { Some(r) => { (r.in_words()) " (" (rank_order) ")" }, None => span class="app-hint" { "not ranked" } }
                    }),
                    ("Compared", html! { (judgement_tag(y.against_neighbours, "neighbours")) " " (judgement_tag(y.against_england, "England")) }),
                ]))
                figure class="app-chart app-chart--large" id="figure-chart" {
                    figcaption class="app-chart__title" { (i.indicator.name) " by year" }
                    (comparison_chart("figure-chart", &i.indicator.name, &figures.council.name, &i.comparison, summary_id))
                    div class="app-chart__summary" id=(summary_id) { p { (chart_words(figures, i)) } }
                    (year_table(figures, i))
                }
            } @else {
                p class="app-body" { "No figures of this indicator are loaded." }
            }
            h2 class="app-heading-m" { "Statistical neighbours" }
            (neighbour_table(figures, Some(i)))
            p class="app-body app-grid-two-thirds" {
                "A figure the DfE did not publish (to protect children's privacy, or because it was not collected) is "
                "shown as not published and is left out of the neighbours' median and the rank; the median then says "
                "how many neighbours it is of."
            }
            div class="app-no-print" {
                h2 class="app-heading-m" { "Another council" }
                (chooser(page, &path, Some(&figures.council.code)))
            }
        },
    )
}

/// The chart in words: where the council started and ended, against its neighbours and England.
fn chart_words(figures: &CouncilFigures, i: &IndicatorFigures) -> String {
    let series = i.comparison.council_series();
    let mut words = match (series.first(), series.last()) {
        (Some((from, a)), Some((to, b))) => format!(
            "{} was {} in {from} and {} in {to}.",
            figures.council.name,
            Figure::Published(*a).in_words(i.unit),
            Figure::Published(*b).in_words(i.unit)
        ),
        _ => format!("{} has no published figures of this indicator.", figures.council.name),
    };
    if let Some(y) = i.comparison.latest() {
        if let Some(m) = y.median {
            // The label says how many neighbours the median is of: "the median of 8 of 10 neighbours (2 ...)".
            words.push_str(&format!(
                " In {} the {} was {}",
                y.time_period,
                m.label(),
                Figure::Published(m.value).in_words(i.unit)
            ));
        } else {
            words.push_str(&format!(" In {} no neighbours' median is given", y.time_period));
        }
        words.push_str(&format!(" and England's figure {}.", y.england.in_words(i.unit)));
    }
    words.push_str(" Every figure is in the table.");
    words
}

fn year_table(figures: &CouncilFigures, i: &IndicatorFigures) -> Markup {
    let label = format!("Data for {}", i.indicator.name);
    html! {
        details class="app-details app-chart__data" open {
            summary { (label) }
            div class="app-table-wrap" role="region" aria-label=(label) tabindex="0" {
                table class="app-table app-table--figures app-chart__table" {
                    caption class="app-visually-hidden" { (label) ", by year" }
                    thead { tr {
                        th scope="col" { "Year" } th scope="col" { (figures.council.name) }
                        th scope="col" { "Neighbours' median" } th scope="col" { "Region" } th scope="col" { "England" }
                        th scope="col" { "Rank" }
                    } }
                    tbody {
                        @for y in i.comparison.years.iter().rev() {
                            tr {
                                th scope="row" { (y.time_period) }
                                td { (figure(&y.council, i.unit)) }
                                td { (median_cell(y, i.unit)) }
                                td { (figure(&y.region, i.unit)) }
                                td { (figure(&y.england, i.unit)) }
                                td { @if let Some(r) = y.rank { (r.in_words()) } }
                            }
                        }
                    }
                }
            }
        }
    }
}
