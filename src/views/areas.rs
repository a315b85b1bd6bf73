//! The list of practice areas, most urgent first, filtered by status or by
//! evidence gaps.

use super::blocks::{key_measure_icons, plural, region_table, status_tag};
use super::{layout, Chrome};
use crate::domain::status::AreaStatus;
use crate::read::areas::{embedded_words, AreaLine};
use maud::{html, Markup};

/// What the list is filtered by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AreaFilter {
    #[default]
    All,
    Status(AreaStatus),
    EvidenceGaps,
}

impl AreaFilter {
    /// Reads `?status=` and `?gaps=evidence`; anything else shows every area.
    pub fn parse(status: Option<&str>, gaps: Option<&str>) -> AreaFilter {
        if gaps == Some("evidence") {
            return AreaFilter::EvidenceGaps;
        }
        match status.and_then(|s| AreaStatus::ALL.iter().find(|a| a.as_str() == s)) {
            Some(status) => AreaFilter::Status(*status),
            None => AreaFilter::All,
        }
    }

    /// Whether an area is in the list.
    pub fn keeps(self, line: &AreaLine) -> bool {
        match self {
            AreaFilter::All => true,
            AreaFilter::Status(status) => line.status == status,
            AreaFilter::EvidenceGaps => !line.evidence_gaps.is_empty(),
        }
    }

    fn href(self) -> String {
        match self {
            AreaFilter::All => "/areas".into(),
            AreaFilter::Status(status) => format!("/areas?status={}", status.as_str()),
            AreaFilter::EvidenceGaps => "/areas?gaps=evidence".into(),
        }
    }

    fn label(self) -> &'static str {
        match self {
            AreaFilter::All => "All",
            AreaFilter::Status(status) => status.label(),
            AreaFilter::EvidenceGaps => "With evidence gaps",
        }
    }
}

/// The MOJ sub navigation of filters, each with how many areas it keeps.
fn filters(all: &[AreaLine], current: AreaFilter) -> Markup {
    let mut choices = vec![AreaFilter::All];
    choices.extend(
        [
            AreaStatus::Slipping,
            AreaStatus::NotYetSustained,
            AreaStatus::InProgress,
            AreaStatus::NotStarted,
            AreaStatus::Embedded,
        ]
        .map(AreaFilter::Status),
    );
    choices.push(AreaFilter::EvidenceGaps);
    html! {
        nav class="app-sub-nav" aria-label="Filter practice areas" {
            ul class="app-sub-nav__list" {
                @for choice in choices {
                    @let n = all.iter().filter(|l| choice.keeps(l)).count();
                    li class="app-sub-nav__item" {
                        @if choice == current {
                            a href=(choice.href()) aria-current="page" { (choice.label()) " (" (n) ")" }
                        } @else {
                            a href=(choice.href()) { (choice.label()) " (" (n) ")" }
                        }
                    }
                }
            }
        }
    }
}

/// Every area the filter keeps, most urgent first.
pub fn areas_page(all: &[AreaLine], filter: AreaFilter, chrome: &Chrome) -> Markup {
    let shown: Vec<&AreaLine> = all.iter().filter(|l| filter.keeps(l)).collect();
    let chrome = chrome.with_breadcrumbs(&[("/", "Dashboard")]);
    let head = html! {
        th scope="col" { "Practice area" } th scope="col" { "Status" } th scope="col" { "Actions" }
        th scope="col" { "Key measures" } th scope="col" { "Evidence gaps" }
    };
    let rows = html! {
        @for line in &shown {
            tr {
                th scope="row" {
                    a href={ "/areas/" (line.id) } { (line.name) }
                    @if let Some((id, lead)) = &line.lead {
                        br; span class="app-hint" { "Lead: " a href={ "/owners/" (id) } { (lead) } }
                    }
                }
                td {
                    (status_tag(line.status))
                    @if let Some(words) = embedded_words(line) { br; span class="app-hint" { (words) } }
                }
                td {
                    (plural(line.open_actions, "open", "open"))
                    @if line.overdue_actions > 0 { br; strong class="app-text-warning" { (line.overdue_actions) " overdue" } }
                }
                td { (key_measure_icons(&line.key_measures)) }
                td {
                    @if line.evidence_gaps.is_empty() { "None" }
                    @else { ul class="app-list app-list--tight" { @for gap in &line.evidence_gaps { li { (gap.text()) } } } }
                }
            }
        }
    };
    let table = region_table("Practice areas", "Practice areas, most urgent first", head, rows);
    layout(
        "Practice areas",
        &chrome,
        html! {
            h1 class="app-heading-l" { "Practice areas" }
            @if chrome.may_add(crate::domain::kinds::Role::Leader) { (super::components::add_button("/areas/new", "Add a practice area")) }
            (filters(all, filter))
            @if all.is_empty() {
                p class="app-body" {
                    "There are no practice areas yet. Each is a part of the service whose status Sustain shows, \
                     such as the front door or care leavers. "
                    @if chrome.may_add(crate::domain::kinds::Role::Leader) { "Add one for each part the inspection's findings are about." }
                }
            } @else if shown.is_empty() {
                p class="app-body" { "No practice area is " (filter.label().to_lowercase()) " on this date." }
            } @else {
                (table)
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_reads_from_the_query_and_links_back_to_itself() {
        let slipping = AreaFilter::parse(Some("slipping"), None);
        assert_eq!(slipping, AreaFilter::Status(AreaStatus::Slipping));
        assert_eq!(slipping.href(), "/areas?status=slipping");
        assert_eq!(AreaFilter::parse(None, Some("evidence")), AreaFilter::EvidenceGaps);
        assert_eq!(AreaFilter::parse(Some("nonsense"), None), AreaFilter::All);
    }
}
