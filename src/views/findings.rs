//! One finding: its text, whether it is ready for inspection and why, the
//! actions and evidence that answer it, and its area's verdict.

use super::blocks::{
    actions_table, criteria, evidence_table, finding_checks, ready_tag, status_tag, summary_list, ActionColumns,
};
use super::components::next_steps;
use super::history::history_section;
use super::history::RecordParts;
use super::{layout, Chrome};
use crate::domain::kinds::Role;
use crate::read::areas::embedded_words;
use crate::read::findings::FindingPage;
use maud::{html, Markup};

/// A finding's page as at its date, with its latest changes.
pub fn finding_page(page: &FindingPage, parts: &RecordParts, chrome: &Chrome) -> Markup {
    let f = &page.finding;
    let area = &page.area;
    let inspection_href = format!("/inspections/{}", f.inspection.0);
    let chrome = chrome.with_breadcrumbs(&[
        ("/", "Dashboard"),
        ("/inspections", "Inspections"),
        (inspection_href.as_str(), f.inspection.1.as_str()),
    ]);
    let mut rows = vec![
        ("Inspection", html! { a href=(inspection_href) { (f.inspection.1) } }),
        ("Practice area", html! { a href={ "/areas/" (area.id) } { (area.name) } }),
        ("Area status", html! { (status_tag(area.status)) @if let Some(words) = embedded_words(area) { " " (words) } }),
    ];
    if let Some(judged) = &page.readiness {
        let missing = judged.checks.iter().filter(|c| !c.met).count();
        let words = if judged.ready {
            "Delivered, evidenced and its area embedded".to_string()
        } else {
            format!("{missing} of {} tests not met", judged.checks.len())
        };
        rows.push(("Ready for inspection", html! { (ready_tag(judged)) " " a href="#ready" { (words) } }));
    }
    layout(
        &format!("Finding {}", f.reference),
        &chrome,
        html! {
            span class="app-caption" { (f.kind.label()) }
            h1 class="app-heading-l" { "Finding " (f.reference) }
            (parts.controls)
            (next_steps("Next steps", &finding_steps(f.id, area.id, &chrome)))
            blockquote class="app-quote" { p { (f.text) } }
            (summary_list(&rows))
            @if let Some(judged) = &page.readiness {
                section class="app-section" aria-labelledby="ready" {
                    h2 class="app-heading-m" id="ready" { "Is it ready for inspection?" }
                    p class="app-body-s" {
                        "A finding is ready when every action that answers it is completed, verified evidence of "
                        "practice linked to it or its actions was observed recently, and its practice area is embedded."
                    }
                    (finding_checks(judged))
                }
            }
            section class="app-section" aria-labelledby="verdict" {
                h2 class="app-heading-m" id="verdict" { "Its area's verdict" }
                p class="app-body-s" { "The status of its practice area, " (area.name) "." }
                (criteria(&page.verdict))
            }
            section class="app-section" aria-labelledby="actions" {
                h2 class="app-heading-m" id="actions" { "Actions that answer it (" (page.actions.len()) ")" }
                @if page.actions.is_empty() {
                    p class="app-body app-text-warning" { strong { "No plan action answers this finding." } }
                    @if chrome.may_add(Role::Leader) {
                        p class="app-body" { a href={ "/actions/new?finding=" (f.id) "&area=" (area.id) "&return=/findings/" (f.id) } { "Add an action that answers it" } }
                    }
                }
                @else { (actions_table(&page.actions, "Actions that answer this finding", ActionColumns { area: false, owner: true })) }
            }
            section class="app-section" aria-labelledby="evidence" {
                h2 class="app-heading-m" id="evidence" { "Evidence linked to it (" (page.evidence.len()) ")" }
                @if page.evidence.is_empty() {
                    p class="app-body" {
                        "No evidence is linked to this finding by this date. "
                        @if chrome.may_add(Role::Contributor) {
                            a href={ "/evidence/new?finding=" (f.id) "&return=/findings/" (f.id) } { "Add evidence for it" }
                        }
                    }
                }
                @else { (evidence_table(&page.evidence, "Evidence linked to this finding", false)) }
            }
            (history_section(&parts.history, &format!("/history?entity=finding&id={}", f.id)))
        },
    )
}

/// What a finding offers next: an action that answers it (leaders) and
/// evidence for it (contributors and above), each coming back here.
fn finding_steps<I: std::fmt::Display, A: std::fmt::Display>(
    id: I,
    area: A,
    chrome: &Chrome,
) -> Vec<(String, &'static str)> {
    let mut steps = Vec::new();
    if chrome.may_add(Role::Leader) {
        steps.push((
            format!("/actions/new?finding={id}&area={area}&return=/findings/{id}"),
            "Add an action for this finding",
        ));
    }
    if chrome.may_add(Role::Contributor) {
        steps.push((format!("/evidence/new?finding={id}&return=/findings/{id}"), "Add evidence for this finding"));
    }
    if chrome.may_add(Role::Leader) {
        steps.push((format!("/requests/new?finding={id}&return=/findings/{id}"), "Ask for evidence"));
    }
    steps
}
