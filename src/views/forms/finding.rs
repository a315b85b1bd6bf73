//! The form to record or change a finding, with the actions that answer it.

use super::super::fields::{
    choices, grouped_checkboxes, input, long_text, radio_group, select_field, ChoiceGroups, FormFields, Input, Layout,
};
use super::super::form_page::{buttons, form_layout, FormState};
use super::id_options;
use super::inspection::label_of;
use crate::domain::ids::{AreaId, FindingId, InspectionId};
use crate::domain::kinds::FindingKind;
use crate::domain::plan::TEXT_MAX;
use maud::{html, Markup};

/// What the finding form holds, as typed.
#[derive(Debug, Clone, Default)]
pub struct FindingValues {
    pub inspection_id: String,
    pub practice_area_id: String,
    pub kind: String,
    pub reference: String,
    pub text: String,
    pub action_ids: Vec<String>,
}

impl FormFields for FindingValues {
    fn fields(&self) -> Vec<(&'static str, &'static str, String)> {
        let mut actions = self.action_ids.clone();
        actions.sort();
        vec![
            ("inspection_id", "Inspection", self.inspection_id.clone()),
            ("kind", "Kind of finding", label_of::<FindingKind>(&self.kind, FindingKind::label)),
            ("reference", "Reference", self.reference.clone()),
            ("text", "What the inspection said", self.text.clone()),
            ("practice_area_id", "Practice area", self.practice_area_id.clone()),
            ("action_ids", "Actions that answer it", actions.join(", ")),
        ]
    }
}

/// What the finding form offers.
#[derive(Debug, Clone, Default)]
pub struct FindingChoices {
    pub inspections: Vec<(InspectionId, String)>,
    pub areas: Vec<(AreaId, String)>,
    /// The chosen area's actions, and any already linked, by area.
    pub actions: ChoiceGroups,
}

/// The finding form page.
pub fn finding_form(view: FormState<'_, FindingId, FindingValues, FindingChoices>) -> Markup {
    let (v, c, errors) = (view.values, view.choices, view.errors);
    let title = if view.is_new() { "Record a finding" } else { "Change the finding" };
    let cancel = match (view.id, v.inspection_id.parse::<i64>()) {
        (Some(id), _) => format!("/findings/{id}"),
        (None, Ok(inspection)) => format!("/inspections/{inspection}"),
        (None, Err(_)) => "/inspections".into(),
    };
    let caption = c.inspections.iter().find(|(id, _)| id.to_string() == v.inspection_id).map(|(_, t)| t.as_str());
    let head = view.head(title, caption, &cancel);
    form_layout(
        head,
        view.chrome,
        html! {
            form method="post" action=(view.action("/findings")) novalidate class="app-form" {
                (view.hidden())
                (select_field("inspection_id", "Inspection", None, &id_options(Some("Choose the inspection"), &c.inspections), &v.inspection_id, errors))
                (radio_group("kind", "What kind of finding is it?", None, &choices(FindingKind::ALL, FindingKind::as_str, FindingKind::label), &v.kind, Layout::Stacked, errors))
                (input("reference", "Reference", Some("As the report numbers it, for example APA1 or R3"), &v.reference, Input::Short, errors))
                (long_text("text", "What the inspection said", Some("In the report's words."), &v.text, TEXT_MAX, errors))
                (select_field("practice_area_id", "Practice area", Some("The area whose status shows whether this finding has been addressed"), &id_options(Some("Choose a practice area"), &c.areas), &v.practice_area_id, errors))
                @if c.actions.is_empty() {
                    div id="action_ids" class="app-inset-text" {
                        @if v.practice_area_id.is_empty() {
                            "Once the finding is saved with its practice area, you can link the actions that answer it here, or from each action's form."
                        } @else {
                            "The chosen practice area has no actions yet. Link actions to this finding from each action's form."
                        }
                    }
                } @else {
                    (grouped_checkboxes("action_ids", "Which actions answer this finding? (optional)", Some("Actions of the finding's practice area, and any already linked. Tick every action that answers it."), &c.actions, &v.action_ids, errors))
                }
                (buttons(if view.is_new() { "Save finding" } else { "Save changes" }, &cancel))
            }
        },
    )
}
