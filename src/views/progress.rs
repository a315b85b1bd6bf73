//! The lead-member progress report as HTML: the leaders' commentary and a
//! summary first, then a section per practice area (those needing attention
//! in full, embedded ones in a few lines); or the one-page summary.
//!
//! The body links to nothing, so the same markup serves the page in the app,
//! the file `sustain report progress --format html` writes and the copy in an
//! evidence pack, which must work offline.

use super::area::measure_chart;
use super::blocks::{criteria, status_tag, table_region};
use super::charts::ChartSize;
use super::components::date;
use super::fields::{date_input, DateInput};
use super::{layout, Chrome};
use crate::domain::fields::FieldErrors;
use crate::domain::kinds::{ReportForm, Role};
use crate::read::progress::compared::COMPARED_HEADERS;
use crate::read::progress::contents::{
    actions_line, summary_area_row, AreaSection, Listed, StatusCount, ACTION_HEADERS, AREA_ACTION_HEADERS,
    COMMENTARY_HEADING, COUNTS_CAPTION, EVIDENCE_HEADERS, READINESS_HEADERS, RULES_INTRO, SUMMARY_AREA_HEADERS,
};
use crate::read::progress::{ProgressReport, ReadinessChange};
use maud::{html, Markup, PreEscaped, DOCTYPE};

/// The report (whole or its summary) inside the app's frame, with links to
/// its other form, its downloads and, for leaders, the commentary form.
pub fn progress_page(report: &ProgressReport, chrome: &Chrome, form: ReportForm) -> Markup {
    let query = format!("as_at={}&since={}", report.as_at, report.since);
    let (other, other_label, form_query) = match form {
        ReportForm::Full => ("&form=summary", "One-page summary", ""),
        ReportForm::Summary => ("", "Full report", "&form=summary"),
    };
    let content = html! {
        div class="app-no-print" {
            form method="get" action="/reports/progress" class="app-report-dates" novalidate {
                (date_input("since", "Changes since", Some("The earlier date the report compares with. For example, 31 3 2025"), &DateInput::of(Some(report.since)), &FieldErrors::new()))
                input type="hidden" name="as_at" value=(report.as_at.format("%Y-%m-%d"));
                @if form == ReportForm::Summary { input type="hidden" name="form" value="summary"; }
                button type="submit" class="app-button app-button--secondary" { "Show" }
            }
            p {
                a href={ "/reports/progress?" (query) (other) } { (other_label) } " · Download: "
                a href={ "/reports/progress.pdf?" (query) (form_query) } { "PDF" } " · "
                a href={ "/reports/progress.docx?" (query) (form_query) } { "Word document" }
            }
            @if chrome.may(Role::Leader) {
                p {
                    a href={ "/reports/progress/commentary?as_at=" (report.as_at) "&since=" (report.since) } {
                        @if report.commentary.is_empty() { "Write the leaders' commentary" } @else { "Change the leaders' commentary" }
                        " for " (date(report.as_at))
                    }
                }
            }
        }
        (report_body(report, chrome.authority.as_str(), form))
    };
    let title = match form {
        ReportForm::Full => report.title(),
        ReportForm::Summary => report.summary_title(),
    };
    layout(&title, chrome, content)
}

/// The report as a document of its own, its stylesheets inside it, for a file
/// opened away from the app.
pub fn progress_document(report: &ProgressReport, authority: &str, form: ReportForm) -> Markup {
    let title = match form {
        ReportForm::Full => report.title(),
        ReportForm::Summary => report.summary_title(),
    };
    standalone(&title, authority, &report.dates_line(), report_body(report, authority, form))
}

/// A document that needs nothing outside itself: the app's stylesheets and
/// a page frame printing the council and the dates on every page.
pub fn standalone(title: &str, authority: &str, dates: &str, body: Markup) -> Markup {
    let frame = format!(
        "@media print {{ @page {{ @bottom-left {{ content: \"{}\"; }} @bottom-right {{ content: \"Page \" counter(page) \" of \" counter(pages); }} }} }}",
        css_text(&format!("{authority} · {dates}"))
    );
    html! {
        (DOCTYPE)
        html lang="en-GB" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " – " (authority) }
                style { (PreEscaped(include_str!("../../assets/sustain.css"))) }
                style media="print" { (PreEscaped(include_str!("../../assets/print.css"))) (PreEscaped(frame)) }
            }
            body {
                main id="main-content" class="app-width app-main" { (body) }
            }
        }
    }
}

/// Text safe inside a CSS string.
fn css_text(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() && *c != '<')
        .flat_map(|c| if c == '"' || c == '\\' { vec!['\\', c] } else { vec![c] })
        .collect()
}

/// Words that may run to several paragraphs (a commentary), one per line typed.
fn paragraphs(text: &str) -> Markup {
    html! { @for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) { p { (line) } } }
}

/// Everything the report says, without the app's frame: the summary (with
/// its tables of actions, published figures and rules when whole), then each
/// area; or, as the one-page summary, the summary with each area's status and
/// commentary in a table.
pub fn report_body(r: &ProgressReport, authority: &str, form: ReportForm) -> Markup {
    let summary = form == ReportForm::Summary;
    html! {
        div class={ "app-report" @if summary { " app-report--summary" } } {
            header class="app-report__header" {
                p class="app-report__authority" { (authority) }
                h1 class="app-heading-l" { @if summary { (r.summary_title()) } @else { (r.title()) } }
                p class="app-report__dates" { (r.dates_line()) }
            }
            @if let Some(words) = &r.commentary.overall {
                section aria-labelledby="commentary" class="app-report__commentary" {
                    h2 class="app-heading-m" id="commentary" { (COMMENTARY_HEADING) }
                    (paragraphs(words))
                }
            }
            section aria-labelledby="summary" {
                h2 class="app-heading-m" id="summary" { "Summary" }
                @if summary {
                    p { (r.counts_line()) }
                    p { (r.changes_line()) }
                    p { (actions_line(&r.actions)) }
                } @else {
                    (counts_table(r))
                    @for list in &r.changes { (change_list(list)) }
                    @for list in &r.actions { (action_rows(list)) }
                }
                @if summary {
                    h3 class="app-heading-s" { (r.readiness.title) }
                    @if r.readiness.items.is_empty() { p { (r.readiness.none) } } @else {
                        ul class="app-list app-list--bullet" { @for item in &r.readiness.items { li { (item.line(r.since)) } } }
                    }
                } @else { (readiness_table(r)) }
                @if summary {
                    h3 class="app-heading-s" { "Practice areas" }
                    @let rows: Vec<Vec<String>> = r.areas.iter().map(summary_area_row).collect();
                    (rows_table("Practice areas", &SUMMARY_AREA_HEADERS, &rows, &[]))
                    p class="app-body-s" { (r.rules_line()) }
                } @else {
                    h3 class="app-heading-s" { (r.compared.table.title) }
                    p { (r.compared.whose) }
                    @if r.compared.table.items.is_empty() { p { (r.compared.table.none) } } @else {
                        (rows_table(r.compared.table.title, &COMPARED_HEADERS, &r.compared.table.items, &[1]))
                    }
                }
            }
            @if !summary {
                section aria-labelledby="rules" class="app-report__rules" {
                    h2 class="app-heading-m" id="rules" { "The rules in force" }
                    p { (RULES_INTRO) }
                    ul class="app-list app-list--bullet" { @for rule in &r.rules { li { (rule) } } }
                }
                @for area in &r.areas { (area_section(area, r)) }
            }
        }
    }
}

fn counts_table(r: &ProgressReport) -> Markup {
    table_region(
        COUNTS_CAPTION,
        html! {
            table class="app-table" {
                caption class="app-table__caption" { (COUNTS_CAPTION) }
                thead { tr { th scope="col" { "Status" } th scope="col" class="app-numeric" { (date(r.since)) }
                    th scope="col" class="app-numeric" { (date(r.as_at)) } } }
                tbody {
                    @for row in r.counts.iter().map(StatusCount::row) {
                        tr { th scope="row" { (row[0]) } td class="app-numeric" { (row[1]) }
                            td class="app-numeric" { (row[2]) } }
                    }
                }
            }
        },
    )
}

fn change_list(list: &Listed<String>) -> Markup {
    html! {
        h3 class="app-heading-s" { (list.heading()) }
        @if list.items.is_empty() { p { (list.none) } } @else {
            ul class="app-list app-list--bullet" { @for item in &list.items { li { (item) } } }
        }
    }
}

/// A table of rows of text; the columns listed in `nowrap` keep to one line.
fn rows_table(caption: &str, headers: &[&str], rows: &[Vec<String>], nowrap: &[usize]) -> Markup {
    table_region(
        caption,
        html! {
            table class="app-table" {
                caption class="app-visually-hidden" { (caption) }
                thead { tr { @for h in headers { th scope="col" { (h) } } } }
                tbody {
                    @for row in rows {
                        tr {
                            @for (i, cell) in row.iter().enumerate() {
                                @if nowrap.contains(&i) { td class="app-nowrap" { (cell) } } @else { td { (cell) } }
                            }
                        }
                    }
                }
            }
        },
    )
}

fn action_rows(list: &Listed<Vec<String>>) -> Markup {
    html! {
        h3 class="app-heading-s" { (list.heading()) }
        @if list.items.is_empty() { p { (list.none) } } @else {
            (rows_table(list.title, &ACTION_HEADERS, &list.items, &[0, 4]))
        }
    }
}

fn readiness_table(r: &ProgressReport) -> Markup {
    let list = &r.readiness;
    let rows: Vec<Vec<String>> = list.items.iter().map(ReadinessChange::row).collect();
    let (first, last) = READINESS_HEADERS;
    let (since, as_at) = (date(r.since), date(r.as_at));
    html! {
        h3 class="app-heading-s" { (list.title) }
        @if rows.is_empty() { p { (list.none) } } @else {
            (rows_table(list.title, &[first, since.as_str(), as_at.as_str(), last], &rows, &[]))
        }
    }
}

/// A table of rows under its heading, or what to say when there are none.
fn listed_table(list: &Listed<Vec<String>>, headers: &[&str], nowrap: &[usize]) -> Markup {
    html! {
        h3 class="app-heading-s" { (list.title) }
        @if list.items.is_empty() { p { (list.none) } } @else { (rows_table(list.title, headers, &list.items, nowrap)) }
    }
}

fn area_section(area: &AreaSection, r: &ProgressReport) -> Markup {
    let heading = format!("area-{}", area.id);
    let class = if area.compact { "app-report__area app-report__area--brief" } else { "app-report__area" };
    html! {
        section class=(class) aria-labelledby=(heading) {
            @if !area.compact { p class="app-print-only app-report__running" { (r.dates_line()) } }
            h2 class="app-heading-m" id=(heading) { (area.name) " " (status_tag(area.status)) }
            p class="app-report__change" { (area.change) }
            @if let Some(words) = &area.embedded { p { (words) } }
            @if let Some(words) = &area.own_rules { p { (words) } }
            @if let Some(words) = &area.commentary {
                div class="app-report__area-commentary" {
                    p { strong { (COMMENTARY_HEADING) } }
                    (paragraphs(words))
                }
            }
            @if area.compact {
                p { (area.brief()) }
            } @else {
                h3 class="app-heading-s" { (r.verdict_heading()) }
                (criteria(&area.verdict))
                h3 class="app-heading-s" { (area.key_measures.title) }
                @if area.key_measures.items.is_empty() { p { (area.key_measures.none) } }
                @for m in &area.key_measures.items { (measure_chart(m, ChartSize::Small, false)) }
                (listed_table(&area.actions, &AREA_ACTION_HEADERS, &[0, 3]))
                (listed_table(&area.counted_evidence, &EVIDENCE_HEADERS, &[2]))
            }
        }
    }
}
