//! One practice area's page: its verdict and why, its status over the last
//! 24 month ends, the rules in force, its findings, actions and evidence,
//! and a chart per measure.

use super::blocks::{
    actions_table, criteria, evidence_table, findings_table, status_colour, status_tag, summary_list, ActionColumns,
};
use super::charts::{spc_chart, ChartInput, ChartSize, ReferenceLine};
use super::components::{date, next_steps, tag};
use super::filters::showing;
use super::forms::pagination_of;
use super::history::history_section;
use super::history::RecordParts;
use super::{layout, Chrome};
use crate::domain::kinds::Role;
use crate::domain::paging::PageWindow;
use crate::domain::status::AreaStatus;
use crate::read::area_page::{AreaPage, MeasureChart, RuleLine};
use crate::read::areas::embedded_words;
use crate::read::cache::StatusHistory;
use maud::{html, Markup, PreEscaped};

/// A measure's chart, drawn at a size; the near-limit lines when asked for.
pub fn measure_chart(m: &MeasureChart, size: ChartSize, near_limits: bool) -> Markup {
    let id = format!("measure-{}", m.id);
    spc_chart(&measure_chart_input(m, &id, size, near_limits))
}

/// A measure's chart with published figures drawn across it to compare with.
pub fn measure_chart_compared(m: &MeasureChart, near_limits: bool, references: &[ReferenceLine]) -> Markup {
    let id = format!("measure-{}", m.id);
    spc_chart(&ChartInput { references, ..measure_chart_input(m, &id, ChartSize::Large, near_limits) })
}

/// What a measure's chart is drawn from, wherever it is drawn (pages, PDF, Word).
pub fn measure_chart_input<'a>(m: &'a MeasureChart, id: &'a str, size: ChartSize, near_limits: bool) -> ChartInput<'a> {
    ChartInput {
        id,
        title: &m.name,
        unit: m.unit,
        direction: m.direction,
        target: m.target,
        analysis: &m.analysis,
        completed_actions: &m.completed_actions,
        size,
        show_near_limits: near_limits,
        references: &[],
    }
}

/// A letter for each status, so the strip reads in black and white too.
fn status_letter(status: AreaStatus) -> &'static str {
    match status {
        AreaStatus::Embedded => "E",
        AreaStatus::Slipping => "S",
        AreaStatus::NotYetSustained => "N",
        AreaStatus::InProgress => "P",
        AreaStatus::NotStarted => "–",
    }
}

/// The status at each month end, oldest first, as a strip of cells with the
/// month under each; each cell says its date and status in words.
pub fn status_strip(history: &StatusHistory) -> Markup {
    let embedded = history.iter().filter(|(_, s)| *s == AreaStatus::Embedded).count();
    let legend = [
        AreaStatus::Embedded,
        AreaStatus::Slipping,
        AreaStatus::NotYetSustained,
        AreaStatus::InProgress,
        AreaStatus::NotStarted,
    ];
    html! {
        p class="app-body-s" {
            "Embedded at " (embedded) " of the last " (history.len()) " month ends."
        }
        ol class="app-status-strip" {
            @for (end, status) in history.iter() {
                li class={ "app-status-strip__month app-status-strip__month--" (status_colour(*status)) } {
                    span class="app-status-strip__cell" aria-hidden="true" { (status_letter(*status)) }
                    span class="app-status-strip__label" aria-hidden="true" { (end.format("%b %y")) }
                    span class="app-visually-hidden" { (date(*end)) ": " (status.label()) }
                }
            }
        }
        ul class="app-status-strip__key" aria-label="Key to the strip" {
            @for status in legend {
                li {
                    span class={ "app-status-strip__cell app-status-strip__cell--key app-status-strip__month--" (status_colour(status)) } aria-hidden="true" { (status_letter(status)) }
                    (status.label())
                }
            }
        }
    }
}

fn rules(lines: &[RuleLine]) -> Markup {
    let rows: Vec<(&str, Markup)> = lines
        .iter()
        .map(|l| {
            (
                l.label,
                html! {
                    (l.value)
                    @if l.overridden { " " (tag("Set for this area", "blue")) " " span class="app-hint" { "(default " (l.default) ")" } }
                },
            )
        })
        .collect();
    summary_list(&rows)
}

/// Which of an area's measures one page shows, with each chart already drawn
/// (they are kept per data generation, not drawn per request), and the
/// addresses of the pages of its lists (the page of actions and of evidence
/// it shows are in `AreaPage`).
pub struct AreaShown<'a> {
    /// The measures whose charts this page shows.
    pub measures: PageWindow,
    /// The address of a page of the actions, of the evidence and of the measures.
    pub actions_href: &'a dyn Fn(i64) -> String,
    pub evidence_href: &'a dyn Fn(i64) -> String,
    pub measures_href: &'a dyn Fn(i64) -> String,
    /// The indicator summary of the area's measures, as at the page's date.
    pub summary_href: String,
    /// The chart of each measure on this page (`measures`), as SVG, in order.
    pub charts: &'a [std::sync::Arc<str>],
}

/// A long list's count, its pages and a link to the whole list where it can
/// be filtered, sorted and downloaded; nothing when the list fits on one page.
fn pages_of(shown: PageWindow, (noun, plural): (&str, &str), href: &dyn Fn(i64) -> String) -> (Markup, Markup) {
    if shown.pages <= 1 {
        return (html! {}, html! {});
    }
    // One to a page (a measure's chart) is "Measure 3 of 8", not "Showing 3 to 3 of 8 measures".
    let count = match shown.per_page {
        1 => format!("{}{} {} of {}", noun[..1].to_uppercase(), &noun[1..], shown.number, shown.total),
        _ => showing(shown.number, shown.per_page, shown.total, noun, plural),
    };
    let count = html! { p class="app-body" { strong { (count) } } };
    let label = format!("Pages of {plural}");
    (count, pagination_of(&label, shown.number, shown.total as i64, shown.per_page, href))
}

/// The practice area page as at its date, with the area's latest changes.
pub fn area_page(page: &AreaPage, shown: &AreaShown<'_>, parts: &RecordParts, chrome: &Chrome) -> Markup {
    let line = &page.line;
    let (actions, evidence) = (&page.actions, &page.evidence);
    let (actions_count, actions_pages) = pages_of(actions.window, ("action", "actions"), shown.actions_href);
    let (evidence_count, evidence_pages) =
        pages_of(evidence.window, ("evidence item", "evidence items"), shown.evidence_href);
    let (measures_count, measures_pages) = pages_of(shown.measures, ("measure", "measures"), shown.measures_href);
    let chrome = chrome.with_breadcrumbs(&[("/", "Dashboard"), ("/areas", "Practice areas")]);
    layout(
        &line.name,
        &chrome,
        html! {
            span class="app-caption" { "Practice area" }
            div class="app-title-with-tag" {
                h1 class="app-heading-l" { (line.name) }
            (parts.controls)
                (status_tag(line.status))
            }
            @if !page.description.is_empty() { p class="app-body app-grid-two-thirds" { (page.description) } }
            @if let Some(slip) = &page.slip { (super::slipping::slip_warning(slip, page.as_at)) }
            (next_steps("Next steps", &area_steps(line.id, &chrome)))
            (summary_list(&[
                ("Embedded", html! { @match embedded_words(line) { Some(words) => (words), None => "Not embedded on this date" } }),
                ("Lead", html! { @match &line.lead { Some((id, lead)) => a href={ "/owners/" (id) } { (lead) }, None => "No lead" } }),
                ("Actions", html! { (line.open_actions) " open" @if line.overdue_actions > 0 { ", " strong class="app-text-warning" { (line.overdue_actions) " overdue" } } }),
            ]))
            section class="app-section" aria-labelledby="verdict" {
                h2 class="app-heading-m" id="verdict" { "Why it is " (line.status.label().to_lowercase()) }
                (criteria(&page.verdict))
            }
            section class="app-section" aria-labelledby="status-history" {
                h2 class="app-heading-m" id="status-history" { "Status over the last 24 month ends" }
                (status_strip(&page.history))
            }
            section class="app-section" aria-labelledby="rules" {
                h2 class="app-heading-m" id="rules" { "Rules in force" }
                (rules(&page.rules))
            }
            section class="app-section" aria-labelledby="findings" {
                h2 class="app-heading-m" id="findings" { "Findings (" (page.findings.len()) ")" }
                @if page.findings.is_empty() { p class="app-body" { "No findings are placed in this area." } }
                @else { (findings_table(&page.findings, &format!("Findings in {}", line.name), true, false)) }
            }
            section class="app-section" aria-labelledby="actions" {
                h2 class="app-heading-m" id="actions" { "Actions (" (actions.window.total) ")" }
                @if actions.window.total == 0 {
                    p class="app-body" {
                        "No actions yet. "
                        @if chrome.may_add(Role::Leader) { a href={ "/actions/new?area=" (line.id) "&return=/areas/" (line.id) } { "Add the first action" } ", or import the plan from a workbook." }
                    }
                }
                @else {
                    (actions_count)
                    (actions_table(&actions.lines, &format!("Actions in {}", line.name), ActionColumns { area: false, owner: true }))
                    (actions_pages)
                    @if actions.window.pages > 1 {
                        p class="app-body" { a href={ "/actions?area=" (line.id) } { "Filter, sort or download this area's actions in the action tracker" } }
                    }
                }
            }
            section class="app-section" aria-labelledby="evidence" {
                h2 class="app-heading-m" id="evidence" { "Evidence (" (evidence.window.total) ")" }
                @for gap in &line.evidence_gaps { p class="app-body-s app-text-warning" { strong { (gap.text()) } } }
                @if evidence.window.total == 0 {
                    p class="app-body" {
                        "No evidence observed by this date. "
                        @if chrome.may_add(Role::Contributor) { a href={ "/evidence/new?area=" (line.id) "&return=/areas/" (line.id) } { "Add evidence of practice change" } }
                    }
                }
                @else {
                    (evidence_count)
                    (evidence_table(&evidence.lines, &format!("Evidence in {}", line.name), false))
                    (evidence_pages)
                    @if evidence.window.pages > 1 {
                        p class="app-body" { a href={ "/evidence?area=" (line.id) } { "Filter or search this area's evidence in the evidence library" } }
                    }
                }
            }
            section class="app-section" aria-labelledby="measures" {
                h2 class="app-heading-m" id="measures" { "Measures (" (page.measures.len()) ")" }
                @if page.measures.is_empty() {
                    p class="app-body" {
                        "No measures yet: an area is sustained only when it has a key measure. "
                        @if chrome.may_add(Role::Leader) { a href={ "/measures/new?area=" (line.id) "&return=/areas/" (line.id) } { "Add a measure" } }
                    }
                }
                @if shown.measures.pages > 1 {
                    // A chart to a page: the measures by name, each a link to its chart, so none is hidden.
                    ul class="app-list" aria-label="Charts of this area's measures" {
                        @for (i, m) in page.measures.iter().enumerate() {
                            @let number = i as i64 + 1;
                            li {
                                @if number == shown.measures.number {
                                    a href=((shown.measures_href)(number)) aria-current="true" { strong { (m.name) } }
                                } @else {
                                    a href=((shown.measures_href)(number)) { (m.name) }
                                }
                                @if m.key { " (key measure)" }
                            }
                        }
                    }
                }
                (measures_count)
                @for (m, chart) in shown.measures.of(&page.measures).iter().zip(shown.charts) {
                    div class="app-measure" {
                        p class="app-body-s app-measure__about" {
                            @if m.key { (tag("Key measure", "blue")) " " } @else { (tag("Not a key measure", "grey")) " " }
                            a href={ "/measures/" (m.id) } { "More about " (m.name) }
                        }
                        (PreEscaped(&**chart))
                    }
                }
                (measures_pages)
                @if shown.measures.pages > 1 {
                    p class="app-body" { a href=(shown.summary_href) { "Every measure of this area in one table, in the indicator summary" } }
                }
            }
            (history_section(&parts.history, &format!("/history?entity=practice_area&id={}", line.id)))
        },
    )
}

/// What an area offers next: an action or a measure (leaders), evidence
/// (contributors and above), each form filled in with the area and coming back here.
fn area_steps(area: crate::domain::ids::AreaId, chrome: &Chrome) -> Vec<(String, &'static str)> {
    let back = format!("area={area}&return=/areas/{area}");
    let mut steps = Vec::new();
    if chrome.may_add(Role::Leader) {
        steps.push((format!("/actions/new?{back}"), "Add an action"));
        steps.push((format!("/measures/new?{back}"), "Add a measure"));
    }
    if chrome.may_add(Role::Contributor) {
        steps.push((format!("/evidence/new?{back}"), "Add evidence"));
    }
    if chrome.may_add(Role::Leader) {
        steps.push((format!("/requests/new?{back}"), "Ask for evidence"));
    }
    steps
}
