//! The practice-area overview page.

use super::components::{date, maybe_date, tag};
use super::{layout, Chrome};
use crate::domain::kinds::ActionState;
use crate::domain::status::{AreaStatus, Verdict};
use crate::reports::overview::{AreaSummary, Overview};
use maud::{html, Markup};

/// The colour of a status tag.
pub fn status_colour(status: AreaStatus) -> &'static str {
    match status {
        AreaStatus::Embedded => "green",
        AreaStatus::NotYetSustained => "yellow",
        AreaStatus::Slipping => "red",
        AreaStatus::InProgress => "blue",
        AreaStatus::NotStarted => "grey",
    }
}

fn state_colour(state: ActionState) -> &'static str {
    match state {
        ActionState::Completed => "green",
        ActionState::InProgress => "blue",
        ActionState::Blocked => "red",
        ActionState::Cancelled | ActionState::Planned => "grey",
    }
}

/// The verdict's criteria as a checklist with the numbers behind each.
pub fn criteria(verdict: &Verdict) -> Markup {
    html! {
        ul class="app-criteria" {
            @for criterion in &verdict.criteria {
                li class={ "app-criteria__item app-criteria__item--" (if criterion.met { "met" } else { "not-met" }) } {
                    span class="app-criteria__mark" aria-hidden="true" { (if criterion.met { "✓" } else { "✗" }) }
                    strong { (criterion.criterion.label()) ": " (if criterion.met { "met" } else { "not met" }) }
                    @if !criterion.reasons.is_empty() {
                        ul class="app-criteria__reasons" {
                            @for reason in &criterion.reasons { li { (reason) } }
                        }
                    }
                }
            }
        }
    }
}

fn area_section(summary: &AreaSummary) -> Markup {
    let verdict = &summary.verdict;
    let id = format!("area-{}", summary.area.id);
    html! {
        section class="app-area" aria-labelledby=(id) {
            div class="app-area__head" {
                h2 class="app-heading-m" id=(id) { (summary.area.name) }
                (tag(verdict.status.label(), status_colour(verdict.status)))
            }
            @if let Some(lead) = &summary.lead { p class="app-body-s" { "Lead: " (lead) } }
            @if let Some(since) = verdict.embedded_since {
                p class="app-body-s" {
                    "Embedded since " (date(since))
                    @if let Some(months) = verdict.months_embedded { " (" (months) " months)" }
                }
            }
            (criteria(verdict))
            details class="app-details" {
                summary { "Findings (" (summary.findings.len()) ")" }
                @if summary.findings.is_empty() {
                    p class="app-body-s" { "No findings are placed in this area." }
                } @else {
                    table class="app-table" {
                        caption class="app-visually-hidden" { "Findings for " (summary.area.name) }
                        thead { tr { th scope="col" { "Inspection" } th scope="col" { "Reference" } th scope="col" { "Kind" } th scope="col" { "Finding" } } }
                        tbody {
                            @for line in &summary.findings {
                                tr {
                                    td { (line.inspection_title) }
                                    td { (line.finding.reference) }
                                    td { (line.finding.kind().label()) }
                                    td { (line.finding.text) }
                                }
                            }
                        }
                    }
                }
            }
            h3 class="app-heading-s" { "Actions" }
            @if summary.actions.is_empty() {
                p class="app-body-s" { "No actions yet." }
            } @else {
                table class="app-table" {
                    caption class="app-visually-hidden" { "Actions for " (summary.area.name) }
                    thead {
                        tr {
                            th scope="col" { "Reference" } th scope="col" { "Action" } th scope="col" { "Owner" }
                            th scope="col" { "Due" } th scope="col" { "State" }
                        }
                    }
                    tbody {
                        @for line in &summary.actions {
                            tr {
                                td { (line.action.reference) }
                                td { a href={ "/actions/" (line.action.id) } { (line.action.title) } }
                                td { (line.owner.as_deref().unwrap_or("–")) }
                                td {
                                    (maybe_date(line.action.due_date))
                                    @if line.overdue { " " (tag("Overdue", "red")) }
                                }
                                td { (tag(line.action.state().label(), state_colour(line.action.state()))) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Every area with its status, reasons, findings and actions.
pub fn overview_page(overview: &Overview, chrome: &Chrome) -> Markup {
    let count = |status: AreaStatus| overview.areas.iter().filter(|a| a.verdict.status == status).count();
    layout(
        "Practice areas",
        chrome,
        html! {
            span class="app-caption" { "As at " (date(overview.as_at)) }
            h1 class="app-heading-l" { "Practice areas" }
            form method="get" action="/" class="app-as-at" {
                label class="app-label" for="as_at" { "Show as at" }
                input class="app-input app-input--date" type="date" id="as_at" name="as_at" value=(overview.as_at.format("%Y-%m-%d"));
                button type="submit" class="app-button app-button--secondary" { "Show" }
            }
            ul class="app-summary-counts" {
                @for status in [AreaStatus::Embedded, AreaStatus::NotYetSustained, AreaStatus::Slipping, AreaStatus::InProgress, AreaStatus::NotStarted] {
                    li { (tag(status.label(), status_colour(status))) " " strong { (count(status)) } }
                }
            }
            @if overview.areas.is_empty() {
                p class="app-body" { "There are no practice areas yet." }
            }
            @if !overview.inspections.is_empty() {
                h2 class="app-heading-m" { "Readiness for inspection" }
                table class="app-table" {
                    caption class="app-visually-hidden" { "Share of each inspection's findings whose area is embedded" }
                    thead { tr { th scope="col" { "Inspection" } th scope="col" { "Findings in embedded areas" } th scope="col" { "Gaps" } } }
                    tbody {
                        @for item in &overview.inspections {
                            tr {
                                td { (item.inspection.title) br; span class="app-hint" { (date(item.inspection.start_date)) } }
                                td { (item.readiness.findings_embedded) " of " (item.readiness.findings_total)
                                    " (" (format!("{:.0}", item.readiness.percent_embedded)) "%)" }
                                td {
                                    @if item.gaps.is_empty() { "None" }
                                    @else { details { summary { (item.gaps.len()) " gaps" } ul class="app-list" { @for gap in &item.gaps { li { (gap) } } } } }
                                }
                            }
                        }
                    }
                }
            }
            @for summary in &overview.areas { (area_section(summary)) }
            details class="app-details" {
                summary { "The rules behind these statuses" }
                ul class="app-list" { @for line in overview.rules.describe() { li { (line) } } }
            }
        },
    )
}
