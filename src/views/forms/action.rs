//! The form to add or change a plan action: its owner, area, the findings it
//! answers, its dates and state, and how we will know it worked.

use super::super::fields::{
    choices, date_input, grouped_checkboxes, input, long_text, radio_group, select_field, ChoiceGroups, DateInput,
    FormFields, Input, Layout,
};
use super::super::form_page::{buttons, form_layout, FormState};
use super::id_options;
use super::inspection::label_of;
use crate::domain::ids::{ActionId, AreaId, OwnerId};
use crate::domain::kinds::ActionState;
use crate::domain::plan::TEXT_MAX;
use maud::{html, Markup};

/// What the action form holds, as typed.
#[derive(Debug, Clone, Default)]
pub struct ActionFormValues {
    pub reference: String,
    pub title: String,
    pub description: String,
    pub owner_id: String,
    pub practice_area_id: String,
    pub finding_ids: Vec<String>,
    pub start_date: DateInput,
    pub due_date: DateInput,
    pub state: String,
    pub completed_date: DateInput,
    pub success_measure: String,
}

impl FormFields for ActionFormValues {
    fn fields(&self) -> Vec<(&'static str, &'static str, String)> {
        let mut findings = self.finding_ids.clone();
        findings.sort();
        vec![
            ("reference", "Reference", self.reference.clone()),
            ("title", "Title", self.title.clone()),
            ("description", "Description", self.description.clone()),
            ("practice_area_id", "Practice area", self.practice_area_id.clone()),
            ("owner_id", "Owner", self.owner_id.clone()),
            ("finding_ids", "Findings it answers", findings.join(", ")),
            ("start_date", "Start date", self.start_date.shown()),
            ("due_date", "Due date", self.due_date.shown()),
            ("state", "State", label_of::<ActionState>(&self.state, ActionState::label)),
            ("completed_date", "Completed date", self.completed_date.shown()),
            ("success_measure", "How will we know", self.success_measure.clone()),
        ]
    }
}

/// What the action form offers.
#[derive(Debug, Clone, Default)]
pub struct ActionChoices {
    pub areas: Vec<(AreaId, String)>,
    pub owners: Vec<(OwnerId, String)>,
    /// Every live finding by inspection, and any already linked.
    pub findings: ChoiceGroups,
}

/// The action form page.
pub fn action_form(view: FormState<'_, ActionId, ActionFormValues, ActionChoices>) -> Markup {
    let (v, c, errors) = (view.values, view.choices, view.errors);
    let title = if view.is_new() { "Add an action".to_string() } else { format!("Change action {}", v.reference) };
    let cancel = view.back_to("/actions", "/actions");
    let head = view.head(&title, (!view.is_new()).then_some(v.title.as_str()), &cancel);
    let states = choices(ActionState::ALL, ActionState::as_str, ActionState::label);
    form_layout(
        head,
        view.chrome,
        html! {
            form method="post" action=(view.action("/actions")) novalidate class="app-form" {
                (view.hidden())
                (input("reference", "Reference", Some("Its number in the plan, for example 1.3"), &v.reference, Input::Short, errors))
                (input("title", "Title", Some("What will be done, in a line"), &v.title, Input::Text, errors))
                (long_text("description", "Description (optional)", Some("How it will be done."), &v.description, TEXT_MAX, errors))
                (select_field("practice_area_id", "Practice area", Some("The area whose status this action counts towards"), &id_options(Some("Choose a practice area"), &c.areas), &v.practice_area_id, errors))
                (select_field("owner_id", "Owner (optional)", Some("The person who answers for it; add owners, including partners who are not users, under Owners"), &id_options(Some("No owner yet"), &c.owners), &v.owner_id, errors))
                @if c.findings.is_empty() {
                    p class="app-inset-text" id="finding_ids" { "There are no findings to link yet. Record the inspection's findings first." }
                } @else {
                    (grouped_checkboxes("finding_ids", "Which findings does it answer? (optional)", Some("Tick every finding this action helps to address."), &c.findings, &v.finding_ids, errors))
                }
                (date_input("start_date", "Start date (optional)", None, &v.start_date, errors))
                (date_input("due_date", "Due date (optional)", None, &v.due_date, errors))
                (radio_group("state", "Where does it stand?", None, &states, &v.state, Layout::Stacked, errors))
                (date_input("completed_date", "Completed date", Some("Only for a completed action. For example, 27 3 2025"), &v.completed_date, errors))
                (long_text("success_measure", "How will we know it has worked? (optional)", Some("The success measure the plan gives."), &v.success_measure, TEXT_MAX, errors))
                (buttons(if view.is_new() { "Save action" } else { "Save changes" }, &cancel))
            }
        },
    )
}
