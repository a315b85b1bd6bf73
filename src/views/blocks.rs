//! Blocks the read pages share: tags for statuses and states, the verdict's
//! criteria, tables of actions, evidence and findings, key measures' icons,
//! summary lists, tables that scroll in a labelled region, and pagination.

use super::charts::{assurance_icon, variation_icon};
use super::components::{date, tag};
use crate::domain::kinds::{ActionState, ReviewState};
use crate::domain::status::{AreaStatus, FindingReadiness, Verdict};
use crate::read::areas::KeyMeasure;
use crate::read::lines::{ActionLine, EvidenceLine, FindingLine};
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

/// An area's status as a tag.
pub fn status_tag(status: AreaStatus) -> Markup {
    tag(status.label(), status_colour(status))
}

fn state_colour(state: ActionState) -> &'static str {
    match state {
        ActionState::Completed => "green",
        ActionState::InProgress => "blue",
        ActionState::Blocked => "red",
        ActionState::Cancelled | ActionState::Planned => "grey",
    }
}

/// An evidence item's review state as a tag.
pub fn review_tag(state: ReviewState) -> Markup {
    match state {
        ReviewState::Draft => tag("Waiting for review", "grey"),
        ReviewState::Verified => tag("Verified", "green"),
        ReviewState::Rejected => tag("Rejected", "red"),
    }
}

/// "1 action", "2 actions".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The verdict's criteria as a checklist with the numbers behind each.
pub fn criteria(verdict: &Verdict) -> Markup {
    checklist(verdict.criteria.iter().map(|c| (c.criterion.label(), c.met, c.reasons.as_slice())))
}

/// Tests met or not, each with its reasons: a tick or a cross, then the words.
fn checklist<'a>(tests: impl Iterator<Item = (&'a str, bool, &'a [String])>) -> Markup {
    html! {
        ul class="app-criteria" {
            @for (label, met, reasons) in tests {
                li class={ "app-criteria__item app-criteria__item--" (if met { "met" } else { "not-met" }) } {
                    span class="app-criteria__mark" aria-hidden="true" { (if met { "✓" } else { "✗" }) }
                    strong { (label) ": " (if met { "met" } else { "not met" }) }
                    @if !reasons.is_empty() {
                        ul class="app-criteria__reasons" {
                            @for reason in reasons { li { (reason) } }
                        }
                    }
                }
            }
        }
    }
}

/// Whether a finding is ready for inspection, as a tag.
pub fn ready_tag(readiness: &FindingReadiness) -> Markup {
    if readiness.ready {
        tag("Ready", "green")
    } else {
        tag("Not ready", "grey")
    }
}

/// A finding's tests, each met or not with its reasons, as the verdict's criteria are shown.
pub fn finding_checks(readiness: &FindingReadiness) -> Markup {
    checklist(readiness.checks.iter().map(|c| (c.test.label(), c.met, c.reasons.as_slice())))
}

/// A table that scrolls sideways inside a labelled, focusable region on
/// narrow screens, never the page.
pub fn table_region(label: &str, table: Markup) -> Markup {
    html! {
        div class="app-table-wrap" role="region" aria-label=(label) tabindex="0" { (table) }
    }
}

/// A table in its scrolling region with a caption for screen readers:
/// `head` is the header row's cells, `rows` the body's rows.
pub fn data_table(caption: &str, head: Markup, rows: Markup) -> Markup {
    region_table(caption, caption, head, rows)
}

/// As `data_table`, the region labelled apart from the caption (a page's
/// one table: "Owners", captioned with the order it is in).
pub fn region_table(label: &str, caption: &str, head: Markup, rows: Markup) -> Markup {
    let table = html! {
        table class="app-table" {
            caption class="app-visually-hidden" { (caption) }
            thead { tr { (head) } }
            tbody { (rows) }
        }
    };
    table_region(label, table)
}

/// A GOV.UK summary list of (key, value) rows.
pub fn summary_list(rows: &[(&str, Markup)]) -> Markup {
    html! {
        dl class="app-summary-list" {
            @for (key, value) in rows { div { dt { (key) } dd { (value) } } }
        }
    }
}

/// An action's state on the page's date: completed (with its date), not yet
/// completed then (for one completed later), or its state now, with
/// "Overdue" beside it when it is.
pub fn action_state(line: &ActionLine) -> Markup {
    html! {
        @match (line.open, line.completed) {
            (false, Some(done)) if line.state == ActionState::Completed => {
                (tag("Completed", "green")) " " span class="app-hint app-nowrap" { (date(done)) }
            }
            (true, Some(_)) => { (tag("Not yet completed", "blue")) }
            _ => { (tag(line.state.label(), state_colour(line.state))) }
        }
        @if line.overdue { " " (tag("Overdue", "red")) }
    }
}

/// Which columns an actions table shows beside reference, title, due and state.
#[derive(Debug, Clone, Copy, Default)]
pub struct ActionColumns {
    pub area: bool,
    pub owner: bool,
}

/// A table of actions with their due dates and states.
pub fn actions_table(lines: &[ActionLine], caption: &str, columns: ActionColumns) -> Markup {
    let head = html! {
        th scope="col" { "Ref" } th scope="col" { "Action" }
        @if columns.area { th scope="col" { "Practice area" } }
        @if columns.owner { th scope="col" { "Owner" } }
        th scope="col" { "Due" } th scope="col" { "State" }
    };
    let rows = html! {
        @for line in lines {
            tr {
                td class="app-nowrap" { (line.reference) }
                td { a href={ "/actions/" (line.id) } { (line.title) } }
                @if columns.area { td { a href={ "/areas/" (line.area.0) } { (line.area.1) } } }
                @if columns.owner {
                    td {
                        @match &line.owner {
                            Some((id, label)) => a href={ "/owners/" (id) } { (label) },
                            None => "No owner",
                        }
                    }
                }
                td class="app-nowrap" { @match line.due { Some(due) => (date(due)), None => "–" } }
                td { (action_state(line)) }
            }
        }
    };
    data_table(caption, head, rows)
}

/// A table of evidence items with their kind, observed date and review state.
pub fn evidence_table(lines: &[EvidenceLine], caption: &str, show_area: bool) -> Markup {
    let head = html! {
        th scope="col" { "Evidence" } th scope="col" { "Kind" }
        @if show_area { th scope="col" { "Practice area" } }
        th scope="col" { "Observed" } th scope="col" { "Review" }
    };
    let rows = html! {
        @for line in lines {
            tr {
                td { a href={ "/evidence/" (line.id) } { (line.title) } }
                td { (line.kind.label()) }
                @if show_area { td { a href={ "/areas/" (line.area.0) } { (line.area.1) } } }
                td class="app-nowrap" { (date(line.observed_on)) }
                td { (review_tag(line.review)) }
            }
        }
    };
    data_table(caption, head, rows)
}

/// A table of findings; the area or the inspection column can be left out
/// when the page is about it.
pub fn findings_table(lines: &[FindingLine], caption: &str, show_inspection: bool, show_area: bool) -> Markup {
    let head = html! {
        th scope="col" { "Ref" } th scope="col" { "Finding" } th scope="col" { "Kind" }
        @if show_inspection { th scope="col" { "Inspection" } }
        @if show_area { th scope="col" { "Practice area" } }
    };
    let rows = html! {
        @for line in lines {
            tr {
                td class="app-nowrap" { a href={ "/findings/" (line.id) } { (line.reference) } }
                td { (line.text) }
                td { (line.kind.label()) }
                @if show_inspection { td { a href={ "/inspections/" (line.inspection.0) } { (line.inspection.1) } } }
                @if show_area { td { a href={ "/areas/" (line.area.0) } { (line.area.1) } } }
            }
        }
    };
    data_table(caption, head, rows)
}

/// Each key measure's name with its variation and assurance icons, small.
pub fn key_measure_icons(measures: &[KeyMeasure]) -> Markup {
    html! {
        @if measures.is_empty() {
            p class="app-body-s app-hint" { "No key measure" }
        } @else {
            ul class="app-key-measures" {
                @for m in measures {
                    li class="app-key-measures__item" {
                        span class="app-spc-icons app-spc-icons--compact" {
                            (variation_icon(m.variation, m.direction))
                            (assurance_icon(m.assurance, m.assurance_needs))
                        }
                        a class="app-key-measures__name" href={ "/measures/" (m.id) } { (m.name) }
                    }
                }
            }
        }
    }
}

/// GOV.UK pagination: previous, numbered pages (the first, the last and
/// those near the current one), next. `href` gives a page's link.
pub fn pagination(current: u32, pages: u32, href: impl Fn(u32) -> String) -> Markup {
    let shown: Vec<u32> = (1..=pages).filter(|p| *p == 1 || *p == pages || p.abs_diff(current) <= 1).collect();
    html! {
        @if pages > 1 {
            nav class="app-pagination" aria-label="Pages of results" {
                @if current > 1 {
                    a class="app-pagination__prev" href=(href(current - 1)) rel="prev" { "Previous" span class="app-visually-hidden" { " page" } }
                }
                ul class="app-pagination__list" {
                    @for (i, page) in shown.iter().enumerate() {
                        @if i > 0 && shown[i - 1] + 1 < *page { li class="app-pagination__ellipsis" aria-hidden="true" { "⋯" } }
                        li class="app-pagination__item" {
                            @if *page == current {
                                a href=(href(*page)) aria-current="page" aria-label={ "Page " (page) } { (page) }
                            } @else {
                                a href=(href(*page)) aria-label={ "Page " (page) } { (page) }
                            }
                        }
                    }
                }
                @if current < pages {
                    a class="app-pagination__next" href=(href(current + 1)) rel="next" { "Next" span class="app-visually-hidden" { " page" } }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagination_shows_the_ends_and_the_pages_near_the_current_one() {
        let markup = pagination(5, 10, |p| format!("/history?page={p}")).into_string();
        for page in ["Page 1", "Page 4", "Page 5", "Page 6", "Page 10"] {
            assert!(markup.contains(&format!("aria-label=\"{page}\"")), "{page} is linked");
        }
        assert!(!markup.contains("aria-label=\"Page 3\""));
        assert!(markup.contains(r#"href="/history?page=5" aria-current="page""#));
        assert!(pagination(1, 1, |p| p.to_string()).into_string().is_empty(), "one page needs no pagination");
    }
}
