//! Inspections: the list with each one's readiness, and the page of one with
//! its judgements, plan deadlines, readiness and findings by kind.

use super::blocks::{plural, ready_tag, region_table, status_tag, summary_list, table_region};
use super::components::{add_button, date, maybe_date, next_steps, tag};
use super::dashboard::readiness_block;
use super::history::history_section;
use super::history::RecordParts;
use super::{layout, Chrome};
use crate::db::inspections::InspectionRow;
use crate::domain::kinds::{FindingKind, Role};
use crate::domain::status::FindingReadiness;
use crate::read::inspections::{Deadline, InspectionPage};
use crate::read::readiness::InspectionReadiness;
use maud::{html, Markup};

fn dates(row: &InspectionRow) -> String {
    if row.start_date == row.end_date {
        date(row.start_date)
    } else {
        format!("{} to {}", date(row.start_date), date(row.end_date))
    }
}

/// Every live inspection, newest first.
pub fn inspections_page(items: &[InspectionReadiness], chrome: &Chrome) -> Markup {
    let chrome = chrome.with_breadcrumbs(&[("/", "Dashboard")]);
    let head = html! {
        th scope="col" { "Inspection" } th scope="col" { "Kind" } th scope="col" { "Dates" }
        th scope="col" { "Overall judgement" } th scope="col" { "Ready" } th scope="col" { "Gaps" }
    };
    let rows = html! {
        @for item in items {
            @let row = &item.inspection;
            @let r = &item.readiness;
            tr {
                th scope="row" { a href={ "/inspections/" (row.id) } { (row.title) } br; span class="app-hint" { (row.inspectorate) } }
                td { (row.kind.label()) }
                td { (dates(row)) @if let Some(p) = row.published_on { br; span class="app-hint" { "Published " (date(p)) } } }
                td { @match row.overall_judgement { Some(g) => (g.label()), None => "No overall grade" } }
                td class="app-nowrap" {
                    strong { (r.percent_ready.round()) "%" } br;
                    span class="app-hint" { (r.findings_ready) " of " (plural(r.findings_total, "finding", "findings")) " ready" }
                }
                td class="app-numeric" { (item.gaps.len()) }
            }
        }
    };
    let table = region_table("Inspections", "Inspections, newest first", head, rows);
    layout(
        "Inspections",
        &chrome,
        html! {
            h1 class="app-heading-l" { "Inspections" }
            p class="app-body app-grid-two-thirds" {
                "Every inspection, visit and review. Ready is the share of its findings (strengths left out) that "
                "are ready: every action answering it completed, recent verified evidence linked to it or its "
                "actions, and its practice area embedded."
            }
            @if chrome.may_add(Role::Leader) { (add_button("/inspections/new", "Add an inspection")) }
            @if items.is_empty() {
                p class="app-body" {
                    "No inspections are recorded yet. "
                    @if chrome.may_add(Role::Leader) { "Add the inspection or visit the plan answers, then record its findings." }
                    @else { "A leader adds them." }
                }
            }
            @else { (table) }
        },
    )
}

fn deadline_row(d: &Deadline) -> (&str, Markup) {
    let passed = d.working_days_left < 0;
    (
        d.label,
        html! {
            (date(d.due)) " "
            @if passed { (tag(&d.words(), "grey")) } @else if d.working_days_left <= 5 { (tag(&d.words(), "red")) } @else { (tag(&d.words(), "blue")) }
            @if let Some(days) = d.worked_out { br; span class="app-hint" { (days) " working days after publication, skipping weekends and bank holidays" } }
        },
    )
}

fn group_heading(kind: FindingKind, n: usize) -> String {
    let name = match kind {
        FindingKind::PriorityAction => "Areas for priority action",
        FindingKind::AreaForImprovement => "Areas for improvement",
        FindingKind::Recommendation => "Recommendations",
        FindingKind::Strength => "Strengths",
    };
    format!("{name} ({n})")
}

/// Whether a finding is ready, and what stands in the way when it is not.
fn finding_state(judged: &FindingReadiness) -> Markup {
    let missing: Vec<&str> = judged.reasons_not_ready().collect();
    html! {
        div class="app-body-s" {
            span class="app-visually-hidden" { "Finding " (judged.reference) ": " }
            (ready_tag(judged))
            @if !missing.is_empty() {
                ul class="app-list--tight" { @for reason in missing { li { (reason) } } }
            }
        }
    }
}

/// One inspection as at its date, with its latest changes.
pub fn inspection_page(page: &InspectionPage, parts: &RecordParts, chrome: &Chrome) -> Markup {
    let row = &page.readiness.inspection;
    let chrome = chrome.with_breadcrumbs(&[("/", "Dashboard"), ("/inspections", "Inspections")]);
    let mut facts: Vec<(&str, Markup)> = vec![
        ("Kind", html! { (row.kind.label()) }),
        ("Inspectorate", html! { (row.inspectorate) }),
        ("Dates", html! { (dates(row)) }),
        ("Published", html! { (maybe_date(row.published_on)) }),
        (
            "Overall judgement",
            html! { @match row.overall_judgement { Some(g) => (g.label()), None => "No overall grade" } },
        ),
    ];
    if let Some(url) = &row.report_url {
        facts.push(("Report", html! { a href=(url) rel="noreferrer" { "Read the published report" } }));
    }
    facts.extend(page.deadlines.iter().map(deadline_row));
    let as_at = chrome.as_at.as_ref().filter(|f| f.is_past()).map(|f| format!("?as_at={}", f.date.format("%Y-%m-%d")));
    facts.push((
        "Evidence pack",
        html! {
            a href={ "/inspections/" (row.id) "/pack" (as_at.clone().unwrap_or_default()) } { "Evidence pack" }
            " (printable, or "
            a href={ "/inspections/" (row.id) "/pack.zip" (as_at.unwrap_or_default()) } { "a ZIP with every file" } ")"
        },
    ));
    layout(
        &row.title,
        &chrome,
        html! {
            span class="app-caption" { (row.kind.label()) }
            h1 class="app-heading-l" { (row.title) }
            (parts.controls)
            @if row.archived_at.is_some() { p { (tag("Archived", "grey")) } }
            @else if chrome.may_add(Role::Leader) {
                (next_steps("Next steps", &[
                    (format!("/findings/new?inspection={}&return=/inspections/{}", row.id, row.id), "Add a finding"),
                    (format!("/inspections/{}/edit?return=/inspections/{}", row.id, row.id), "Record judgements"),
                ]))
            }
            (summary_list(&facts))
            @if !page.judgements.is_empty() {
                section class="app-section" aria-labelledby="judgements" {
                    h2 class="app-heading-m" id="judgements" { "Judgements" }
                    (table_region("Judgements", html! {
                        table class="app-table" {
                            caption class="app-visually-hidden" { "Judgements" }
                            thead { tr { th scope="col" { "Judgement area" } th scope="col" { "Grade" } } }
                            tbody { @for (area, grade) in &page.judgements { tr { th scope="row" { (area) } td { (grade.label()) } } } }
                        }
                    }))
                }
            }
            section class="app-section" aria-labelledby="readiness" {
                h2 class="app-heading-m" id="readiness" { "Readiness" }
                (readiness_block(&page.readiness, usize::MAX, false))
            }
            section class="app-section" aria-labelledby="findings" {
                h2 class="app-heading-m" id="findings" { "Findings" }
                @if page.groups.is_empty() {
                    p class="app-body" {
                        "No findings are recorded for this inspection. "
                        @if chrome.may_add(Role::Leader) && row.archived_at.is_none() {
                            a href={ "/findings/new?inspection=" (row.id) "&return=/inspections/" (row.id) } { "Add its first finding" }
                            ": each area for priority action, area for improvement, recommendation or strength in the report."
                        }
                    }
                }
                @for (kind, items) in &page.groups {
                    h3 class="app-heading-s" { (group_heading(*kind, items.len())) }
                    ul class="app-findings" {
                        @for item in items {
                            @let f = &item.finding;
                            li class="app-findings__item" {
                                p class="app-findings__head" {
                                    a href={ "/findings/" (f.id) } { strong { (f.reference) } }
                                    " · " a href={ "/areas/" (f.area.0) } { (f.area.1) } " "
                                    @if let Some(status) = item.status { (status_tag(status)) }
                                }
                                p class="app-body-s" { (f.text) }
                                @if let Some(judged) = &item.readiness { (finding_state(judged)) }
                            }
                        }
                    }
                }
            }
            (history_section(&parts.history, &format!("/history?entity=inspection&id={}", row.id)))
        },
    )
}
