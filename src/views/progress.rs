//! The lead-member progress report as HTML: a summary first, then one
//! section per practice area, each starting on a new printed page.
//!
//! The body links to nothing, so the same markup serves the page in the app,
//! the file `sustain report progress --format html` writes and the copy in an
//! evidence pack, which must work offline.

use super::area::measure_chart;
use super::blocks::{criteria, plural, status_tag, table_region};
use super::charts::ChartSize;
use super::components::date;
use super::fields::{date_input, DateInput};
use super::{layout, Chrome};
use crate::domain::fields::FieldErrors;
use crate::domain::status::AreaStatus;
use crate::read::areas::embedded_words;
use crate::read::lines::{ActionLine, EvidenceLine};
use crate::read::progress::{AreaChange, AreaSection, ProgressReport, ReadinessChange};
use maud::{html, Markup, PreEscaped, DOCTYPE};

/// The report inside the app's frame, with links to its other forms.
pub fn progress_page(report: &ProgressReport, chrome: &Chrome) -> Markup {
    let query = format!("as_at={}&since={}", report.as_at, report.since);
    let content = html! {
        div class="app-no-print" {
            form method="get" action="/reports/progress" class="app-report-dates" novalidate {
                (date_input("since", "Changes since", Some("The earlier date the report compares with. For example, 31 3 2025"), &DateInput::of(Some(report.since)), &FieldErrors::new()))
                input type="hidden" name="as_at" value=(report.as_at.format("%Y-%m-%d"));
                button type="submit" class="app-button app-button--secondary" { "Show" }
            }
            p {
                "Download: "
                a href={ "/reports/progress.pdf?" (query) } { "PDF" } " · "
                a href={ "/reports/progress.docx?" (query) } { "Word document" }
            }
        }
        (report_body(report, chrome.authority.as_str()))
    };
    layout(&report.title(), chrome, content)
}

/// The report as a document of its own, its stylesheets inside it, for a file
/// opened away from the app.
pub fn progress_document(report: &ProgressReport, authority: &str) -> Markup {
    standalone(&report.title(), authority, &report.dates_line(), report_body(report, authority))
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

/// Everything the report says, without the app's frame.
pub fn report_body(r: &ProgressReport, authority: &str) -> Markup {
    html! {
        div class="app-report" {
            header class="app-report__header" {
                p class="app-report__authority" { (authority) }
                h1 class="app-heading-l" { (r.title()) }
                p class="app-report__dates" { (r.dates_line()) }
            }
            section aria-labelledby="summary" {
                h2 class="app-heading-m" id="summary" { "Summary" }
                (counts_table(r))
                (changes(r))
                (actions_summary(r))
                (readiness_table(&r.readiness, r))
            }
            section aria-labelledby="rules" class="app-report__rules" {
                h2 class="app-heading-m" id="rules" { "The rules in force" }
                p { "Every status is worked out from these rules, as at the date, never typed in. \
                    An area that sets its own values says so in its section." }
                ul class="app-list app-list--bullet" { @for rule in &r.rules { li { (rule) } } }
            }
            @for area in &r.areas { (area_section(area, r)) }
        }
    }
}

fn counts_table(r: &ProgressReport) -> Markup {
    let then = |status: AreaStatus| r.counts_then.iter().find(|(s, _)| *s == status).map_or(0, |(_, n)| *n);
    table_region(
        "Practice areas by status",
        html! {
            table class="app-table" {
                caption class="app-table__caption" { "Practice areas by status" }
                thead { tr { th scope="col" { "Status" } th scope="col" class="app-numeric" { (date(r.since)) }
                    th scope="col" class="app-numeric" { (date(r.as_at)) } } }
                tbody {
                    @for (status, now) in &r.counts_now {
                        tr { th scope="row" { (status.label()) } td class="app-numeric" { (then(*status)) }
                            td class="app-numeric" { (now) } }
                    }
                }
            }
        },
    )
}

fn change_list(heading: &str, none: &str, changes: &[AreaChange]) -> Markup {
    html! {
        h3 class="app-heading-s" { (heading) " (" (changes.len()) ")" }
        @if changes.is_empty() { p { (none) } } @else {
            ul class="app-list app-list--bullet" {
                @for c in changes {
                    li { (c.name) ": " (c.then.label().to_lowercase()) " then, " (c.now.label().to_lowercase()) " now" }
                }
            }
        }
    }
}

fn changes(r: &ProgressReport) -> Markup {
    html! {
        (change_list("Became embedded", "No area became embedded.", &r.became_embedded))
        (change_list("Slipped", "No area slipped.", &r.slipped))
        (change_list("Stalled: same status, no action completed", "No area stalled.", &r.stalled))
    }
}

fn action_rows(caption: &str, lines: &[ActionLine], none: &str) -> Markup {
    html! {
        h3 class="app-heading-s" { (caption) " (" (lines.len()) ")" }
        @if lines.is_empty() { p { (none) } } @else {
            (table_region(caption, html! {
                table class="app-table" {
                    caption class="app-visually-hidden" { (caption) }
                    thead { tr { th scope="col" { "Ref" } th scope="col" { "Action" } th scope="col" { "Practice area" }
                        th scope="col" { "Owner" } th scope="col" { "Due" } th scope="col" { "State" } } }
                    tbody {
                        @for a in lines {
                            tr {
                                td class="app-nowrap" { (a.reference) } td { (a.title) } td { (a.area.1) }
                                td { (a.owner.as_ref().map_or("No owner", |(_, label)| label.as_str())) }
                                td class="app-nowrap" { @match a.due { Some(d) => (date(d)), None => "–" } }
                                td { (action_state_words(a)) }
                            }
                        }
                    }
                }
            }))
        }
    }
}

fn actions_summary(r: &ProgressReport) -> Markup {
    html! {
        (action_rows("Actions completed", &r.completed, "No action was completed between the dates."))
        (action_rows("Newly overdue", &r.newly_overdue, "No action became overdue."))
        (action_rows("Still overdue", &r.still_overdue, "No action was overdue on both dates."))
    }
}

fn readiness_table(items: &[ReadinessChange], r: &ProgressReport) -> Markup {
    let percent = |embedded: usize, total: usize| format!("{embedded} of {total} findings embedded");
    html! {
        h3 class="app-heading-s" { "Readiness for inspection" }
        @if items.is_empty() { p { "No inspection had started by the date." } } @else {
            (table_region("Readiness for inspection", html! {
                table class="app-table" {
                    caption class="app-visually-hidden" { "Readiness for inspection" }
                    thead { tr { th scope="col" { "Inspection" } th scope="col" { (date(r.since)) }
                        th scope="col" { (date(r.as_at)) } th scope="col" { "Gaps" } } }
                    tbody {
                        @for item in items {
                            tr {
                                td { (item.now.inspection.title) }
                                td { @match &item.then { Some(t) => (percent(t.findings_embedded, t.findings_total)), None => "Not started" } }
                                td { (percent(item.now.readiness.findings_embedded, item.now.readiness.findings_total)) }
                                td { (item.now.gaps.len()) }
                            }
                        }
                    }
                }
            }))
        }
    }
}

fn evidence_rows(lines: &[EvidenceLine]) -> Markup {
    html! {
        @if lines.is_empty() { p { "No verified evidence counted." } } @else {
            (table_region("Verified evidence that counted", html! {
                table class="app-table" {
                    caption class="app-visually-hidden" { "Verified evidence that counted" }
                    thead { tr { th scope="col" { "Evidence" } th scope="col" { "Kind" } th scope="col" { "Observed" } } }
                    tbody { @for e in lines { tr { td { (e.title) } td { (e.kind.label()) } td class="app-nowrap" { (date(e.observed_on)) } } } }
                }
            }))
        }
    }
}

fn area_section(area: &AreaSection, r: &ProgressReport) -> Markup {
    let page = &area.page;
    let heading = format!("area-{}", page.line.id);
    let key: Vec<_> = page.measures.iter().filter(|m| m.key).collect();
    let overridden: Vec<_> = page.rules.iter().filter(|l| l.overridden).collect();
    html! {
        section class="app-report__area" aria-labelledby=(heading) {
            p class="app-print-only app-report__running" { (r.dates_line()) }
            h2 class="app-heading-m" id=(heading) { (page.line.name) " " (status_tag(page.line.status)) }
            p class="app-report__change" { (area.change) }
            @if let Some(words) = embedded_words(&page.line) { p { (words) } }
            @if !overridden.is_empty() {
                p { "This area sets its own rules: "
                    @for (i, l) in overridden.iter().enumerate() { @if i > 0 { "; " } (l.label) " " (l.value) " (default " (l.default) ")" } "." }
            }
            h3 class="app-heading-s" { "Verdict as at " (date(r.as_at)) }
            (criteria(&page.verdict))
            h3 class="app-heading-s" { "Key measures" }
            @if key.is_empty() { p { "No key measure." } }
            @for m in &key { (measure_chart(m, ChartSize::Small, false)) }
            h3 class="app-heading-s" { "Actions" }
            (action_rows_plain(&page.actions))
            h3 class="app-heading-s" { "Verified evidence that counted" }
            (evidence_rows(&area.counted_evidence))
        }
    }
}

fn action_rows_plain(lines: &[ActionLine]) -> Markup {
    html! {
        @if lines.is_empty() { p { "No actions." } } @else {
            (table_region("Actions", html! {
                table class="app-table" {
                    caption class="app-visually-hidden" { "Actions" }
                    thead { tr { th scope="col" { "Ref" } th scope="col" { "Action" } th scope="col" { "Owner" }
                        th scope="col" { "Due" } th scope="col" { "State" } } }
                    tbody {
                        @for a in lines {
                            tr {
                                td class="app-nowrap" { (a.reference) } td { (a.title) }
                                td { (a.owner_name.as_deref().unwrap_or("No owner")) }
                                td class="app-nowrap" { @match a.due { Some(d) => (date(d)), None => "–" } }
                                td { (action_state_words(a)) }
                            }
                        }
                    }
                }
            }))
        }
    }
}

/// An action's state on the date in words, as every form of the report prints it.
pub fn action_state_words(a: &ActionLine) -> String {
    match (a.open, a.completed) {
        (false, Some(done)) => format!("Completed {}", date(done)),
        (false, None) => a.state.label().to_string(),
        (true, _) if a.overdue => format!("Overdue by {}", plural(a.days_overdue as usize, "day", "days")),
        (true, _) => "Open".to_string(),
    }
}
