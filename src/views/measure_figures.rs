//! The measure page's "How we compare (published)" panel: the linked
//! indicator's latest published year for the council, its neighbours' median
//! and England, and those figures as reference lines on the measure's chart
//! when they are in the measure's unit.

use super::blocks::summary_list;
use super::charts::{ReferenceKind, ReferenceLine};
use super::Chrome;
use crate::domain::figures::compare::{number_in_words, Judgement};
use crate::domain::kinds::Role;
use crate::read::measure_figures::{Published, PublishedFigures};
use maud::{html, Markup};

/// England's figure and the neighbours' median of the latest year, to draw on
/// the chart; none when the figures are not in the measure's unit.
pub fn reference_lines(figures: &PublishedFigures) -> Vec<ReferenceLine> {
    if !figures.comparable {
        return Vec::new();
    }
    let latest = &figures.latest;
    let year = || latest.time_period.clone();
    let england = latest.england.value().map(|value| ReferenceLine {
        kind: ReferenceKind::England,
        value,
        year: year(),
        note: None,
    });
    let median = latest.median.map(|m| ReferenceLine {
        kind: ReferenceKind::NeighboursMedian,
        value: m.value,
        year: year(),
        note: Some(m.label()),
    });
    england.into_iter().chain(median).collect()
}

/// "better than", "the same as", "higher than".
fn against(judgement: Option<Judgement>) -> Option<String> {
    judgement.map(|j| match j {
        Judgement::Same => "the same as".to_string(),
        other => format!("{} than", other.as_str()),
    })
}

fn figures_panel(figures: &PublishedFigures) -> Markup {
    let latest = &figures.latest;
    let unit = figures.unit;
    let council = latest.council.in_words(unit);
    let median = latest.median.map_or_else(
        || "No neighbours' median".to_string(),
        |m| format!("{} ({})", number_in_words(m.value, unit), m.label()),
    );
    html! {
        p class="app-body" {
            a href={ "/figures/" (figures.indicator_id) } { (figures.name) } ": the latest published year is " strong { (latest.time_period) } "."
        }
        (summary_list(&[
            (figures.council_name.as_str(), html! { (council) }),
            ("Statistical neighbours", html! {
                (median)
                @if let Some(words) = against(latest.against_neighbours) { br; span class="app-hint" { (figures.council_name) " is " (words) " the median" } }
            }),
            ("England", html! {
                (latest.england.in_words(unit))
                @if let Some(words) = against(latest.against_england) { br; span class="app-hint" { (figures.council_name) " is " (words) " England" } }
            }),
        ]))
        p class="app-body-s app-hint" {
            "Published yearly by the Department for Education, for the year " (latest.time_period) "; the chart shows this measure's own results. "
            @if !figures.comparable { "They are not drawn on the chart: the indicator is not in the measure's unit." }
            @else if !reference_lines(figures).is_empty() { "England's figure and the neighbours' median are drawn on the chart as labelled lines." }
        }
    }
}

/// The panel, for a measure linked to a published indicator.
pub fn published_section(published: &Published, chrome: &Chrome) -> Markup {
    html! {
        section class="app-section" aria-labelledby="published" {
            h2 class="app-heading-m" id="published" { "How we compare (published)" }
            @match published {
                Published::Figures(figures) => (figures_panel(figures)),
                Published::NoLaNumber => p class="app-body" {
                    "The council's local authority number is not set, so its published figures cannot be found. "
                    @if chrome.may_add(Role::Admin) { a href="/council" { "Set the local authority number in council details" } "." }
                    @else { "An admin sets it in council details." }
                },
                Published::NoFigures { la_code } => p class="app-body" {
                    "The loaded published files hold no figures of this indicator for local authority " (la_code) ". "
                    @if chrome.may_add(Role::Admin) { a href="/figures/import" { "Load the DfE's published files" } "." }
                },
            }
        }
    }
}
