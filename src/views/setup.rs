//! The first-run checklist on the dashboard (the GOV.UK task list): each
//! step of setting up a council, ticked when done, linking to where it is
//! done for the roles that may do it.

use super::components::tag;
use super::Chrome;
use crate::domain::kinds::Role;
use crate::read::setup::{Setup, Step};
use maud::{html, Markup};

/// A step's name, what it asks for, and where it is done with the least role that may do it.
fn about(step: Step, setup: &Setup) -> (&'static str, &'static str, Vec<(String, &'static str, Role)>) {
    match step {
        Step::Council => (
            "Council details",
            "The council's name for every page and report, its DfE local authority number and its colour.",
            vec![("/council".into(), "Council details", Role::Admin)],
        ),
        Step::Inspection => {
            let findings = match setup.first_inspection {
                Some(id) => (format!("/findings/new?inspection={id}&return=/inspections/{id}"), "Add its findings"),
                None => ("/inspections/new".into(), "Add an inspection"),
            };
            (
                "An inspection and its findings",
                "The visit the plan answers, with each area for priority action, area for improvement and recommendation.",
                vec![(findings.0, findings.1, Role::Leader)],
            )
        }
        Step::Areas => (
            "Practice areas",
            "The parts of the service whose status Sustain shows, such as the front door.",
            vec![("/areas/new".into(), "Add a practice area", Role::Leader)],
        ),
        Step::Owners => (
            "Owners",
            "The people who answer for actions, by job title or name; a partner's officer need not sign in.",
            vec![("/owners/new".into(), "Add an owner", Role::Leader)],
        ),
        Step::Plan => (
            "The plan",
            "Its actions, with their owners, due dates and the findings they answer.",
            vec![
                ("/actions/new".into(), "Add an action", Role::Leader),
                ("/plan/import".into(), "Import the plan from a workbook", Role::Leader),
            ],
        ),
        Step::Measures => (
            "Measures and results",
            "A key measure for each area, with a target, and its results (case audits or indicators).",
            vec![("/measures/new".into(), "Add a measure", Role::Leader)],
        ),
        Step::Evidence => (
            "Evidence",
            "Evidence that practice has changed: audits, case examples, feedback from children and families.",
            vec![("/evidence/new".into(), "Add evidence", Role::Contributor)],
        ),
    }
}

/// The checklist while the plan is empty.
pub fn setup_checklist(setup: &Setup, chrome: &Chrome) -> Markup {
    html! {
        section class="app-panel app-setup" aria-labelledby="setup" {
            h2 class="app-heading-m" id="setup" { "Set up your improvement plan" }
            p class="app-body" {
                "The dashboard shows each practice area's status once the plan has practice areas and actions. "
                (setup.done()) " of " (setup.steps.len()) " steps done."
            }
            ul class="app-task-list" {
                @for (i, (step, done)) in setup.steps.iter().enumerate() {
                    @let (name, hint, links) = about(*step, setup);
                    @let links: Vec<_> = links.into_iter().filter(|(_, _, role)| chrome.may(*role)).collect();
                    @let status = format!("setup-step-{i}-status");
                    li class="app-task-list__item" {
                        div class="app-task-list__name-and-hint" {
                            span class="app-task-list__name" { (name) }
                            div class="app-task-list__hint" { (hint) }
                            @if !links.is_empty() {
                                div class="app-task-list__links" {
                                    @for (href, text, _) in &links {
                                        a class="app-link" href=(href) aria-describedby=(status) { (text) }
                                    }
                                }
                            }
                        }
                        div class="app-task-list__status" id=(status) {
                            @if *done { "Done" } @else { (tag("Not done yet", "blue")) }
                        }
                    }
                }
            }
        }
    }
}
