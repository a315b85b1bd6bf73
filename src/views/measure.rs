//! One measure's page: its chart drawn large, its statistics per segment,
//! and its results (case audits with their grade counts).

use super::area::measure_chart_compared;
use super::blocks::{data_table, region_table, summary_list};
use super::charts::format_value;
use super::components::{date, tag};
use super::history::history_section;
use super::history::RecordParts;
use super::measure_figures::{published_section, reference_lines};
use super::{layout, Chrome};
use crate::domain::kinds::{Direction, MeasureKind};
use crate::read::measure_figures::Published;
use crate::read::measures::{MeasurePage, SegmentStats};
use maud::{html, Markup};

fn segments_table(page: &MeasurePage) -> Markup {
    let unit = page.chart.unit;
    let value = |v: Option<f64>| v.map_or_else(|| "–".to_string(), |v| format_value(v, unit));
    let pair = |p: Option<(f64, f64)>| {
        p.map_or_else(|| "–".to_string(), |(a, b)| format!("{} to {}", format_value(a, unit), format_value(b, unit)))
    };
    let limits_shown = !page.chart.analysis.too_few_points;
    let head = html! {
        th scope="col" { "Segment" } th scope="col" { "Points" } th scope="col" { "Mean" }
        th scope="col" { "Process limits" } th scope="col" { "Near-limit lines" }
        th scope="col" { "Improvements" } th scope="col" { "Concerns" }
    };
    let rows = html! {
        @for s in &page.segments {
            @let SegmentStats { from, to, points, .. } = s;
            tr {
                th scope="row" class="app-nowrap" { (date(*from)) " to " (date(*to)) }
                td class="app-numeric" { (points) }
                td { (value(s.mean)) }
                td { @if limits_shown { (pair(s.limits)) } @else { span class="app-hint" { "Not shown: too few points" } } }
                td { @if limits_shown { (pair(s.near_limits)) } @else { "–" } }
                td class="app-numeric" { (s.improvements) }
                td class="app-numeric" { (s.concerns + s.neutral) }
            }
        }
    };
    data_table("Statistics of each segment", head, rows)
}

fn results_table(page: &MeasurePage) -> Markup {
    let unit = page.chart.unit;
    let audit = page.chart.kind == MeasureKind::CaseAudit && page.results.iter().any(|r| r.grades.is_some());
    let samples = page.results.iter().any(|r| r.sample_size.is_some());
    let notes = page.results.iter().any(|r| r.note.as_deref().is_some_and(|n| !n.is_empty()));
    let head = html! {
        th scope="col" { "Period ending" }
        th scope="col" { @if audit { "% good or better" } @else { "Value" } }
        @if audit {
            th scope="col" { "Outstanding" } th scope="col" { "Good" } th scope="col" { "Requires improvement" }
            th scope="col" { "Inadequate" }
        }
        @if samples { th scope="col" { "Cases" } }
        th scope="col" { "Variation" }
        @if notes { th scope="col" { "Note" } }
    };
    let rows = html! {
        @for r in &page.results {
            tr {
                th scope="row" class="app-nowrap" { (date(r.period)) }
                td class="app-numeric" { (format_value(r.value, unit)) }
                @if audit {
                    @let g = r.grades.unwrap_or_default();
                    td class="app-numeric" { (g.outstanding) } td class="app-numeric" { (g.good) }
                    td class="app-numeric" { (g.requires_improvement) } td class="app-numeric" { (g.inadequate) }
                }
                @if samples { td class="app-numeric" { @match r.sample_size { Some(n) => (n), None => "–" } } }
                td {
                    @if let Some(why) = &r.left_out {
                        span class="app-hint app-left-out" { (why) }
                    } @else {
                        (super::charts::variation_words(r.kind, r.other_way))
                        @if !r.signals.is_empty() { br; span class="app-hint" { (r.signals.join("; ")) } }
                    }
                }
                @if notes { td { (r.note.as_deref().unwrap_or("")) } }
            }
        }
    };
    let caption = format!("Results of {}, newest first", page.chart.name);
    region_table(&format!("Results of {}", page.chart.name), &caption, head, rows)
}

/// The measure page as at its date; `near_limits` draws the near-limit lines,
/// and `toggle` is the link that turns them on or off.
pub fn measure_page(
    page: &MeasurePage,
    (parts, entry): (&RecordParts, Option<Markup>),
    (near_limits, toggle): (bool, &str),
    published: Option<&Published>,
    chrome: &Chrome,
) -> Markup {
    let references = match published {
        Some(Published::Figures(figures)) => reference_lines(figures),
        _ => Vec::new(),
    };
    let m = &page.chart;
    let chrome = chrome.with_breadcrumbs(&[("/", "Dashboard"), ("/measures", "Measures")]);
    let better = match m.direction {
        Direction::HigherIsBetter => "Higher is better",
        Direction::LowerIsBetter => "Lower is better",
        Direction::Neither => "Neither (no direction)",
    };
    let (in_window, meeting) = page.window;
    layout(
        &m.name,
        &chrome,
        html! {
            span class="app-caption" { (page.area.1) }
            div class="app-title-with-tag" {
                h1 class="app-heading-l" { (m.name) }
                @if m.key { (tag("Key measure", "blue")) }
            }
            (parts.controls)
            @if !page.description.is_empty() { p class="app-body app-grid-two-thirds" { (page.description) } }
            (summary_list(&[
                ("Practice area", html! { a href={ "/areas/" (page.area.0) } { (page.area.1) } }),
                ("Kind", html! { (m.kind.label()) ", " (page.frequency.label().to_lowercase()) }),
                ("Which way is better", html! { (better) }),
                ("Target", html! {
                    @match &page.stored_target {
                        Some((t, None)) => (format_value(*t, m.unit)),
                        Some((t, Some(why))) => { (format_value(*t, m.unit)) br; span class="app-hint app-left-out" { (why) } },
                        None => "No target",
                    }
                }),
                ("Counts towards sustainment", html! {
                    @if m.key {
                        @if m.met { (tag("Met", "green")) } @else { (tag("Not met", "red")) }
                        " Target met in " (meeting) " of " (in_window) " results in the window"
                    } @else { "No: not a key measure" }
                }),
                ("Limits", html! {
                    @match page.baseline_points { Some(n) => { "Set from the first " (n) " points of each segment" }, None => "Set from every point of each segment" }
                    @if page.screen_moving_ranges { "; outlying moving ranges screened out" }
                }),
                ("Compared with", html! {
                    @match page.published_indicator {
                        Some(indicator) => { (indicator.name) " (published)" },
                        None => "No published indicator",
                    }
                }),
                ("Limits recalculated", html! {
                    @if page.recalculations.is_empty() { "Never" }
                    @else { ul class="app-list app-list--tight" { @for (on, why) in &page.recalculations { li { "From " (date(*on)) @if !why.is_empty() { ": " (why) } } } } }
                }),
            ]))
            p class="app-body-s app-no-print" {
                a href=(toggle) { @if near_limits { "Hide the near-limit lines" } @else { "Show the near-limit lines" } }
            }
            (measure_chart_compared(m, near_limits, &references))
            @if let Some(published) = published { (published_section(published, &chrome)) }
            section class="app-section" aria-labelledby="segments" {
                h2 class="app-heading-m" id="segments" { "Statistics by segment" }
                @if page.segments.is_empty() { p class="app-body" { "No results by this date." } } @else { (segments_table(page)) }
            }
            // Today, people who may enter results do it here; a past date shows the results as they were.
            @if let Some(entry) = entry {
                (entry)
            } @else {
                section class="app-section" aria-labelledby="results" {
                    h2 class="app-heading-m" id="results" { "Results (" (page.results.len()) ")" }
                    @if page.results.is_empty() { p class="app-body" { "No results by this date." } } @else { (results_table(page)) }
                }
            }
            (history_section(&parts.history, &format!("/history?entity=measure&id={}", m.id)))
        },
    )
}
