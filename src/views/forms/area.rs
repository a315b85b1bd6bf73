//! The form to add or change a practice area: its lead, and its own rules
//! where they differ from the defaults, each beside the default it replaces.

use super::super::fields::{input, long_text, select_field, FormFields, Input};
use super::super::form_page::{buttons, form_layout, FormState};
use super::id_options;
use crate::domain::ids::{AreaId, OwnerId};
use crate::domain::plan::TEXT_MAX;
use crate::domain::status::Rules;
use maud::{html, Markup};

/// The rules an area may override: (field, what it is, unit, range allowed).
pub const OVERRIDES: [(&str, &str, &str, (i64, i64)); 6] = [
    ("evidence_window_months", "Evidence counts if observed within", "months", (1, 60)),
    ("evidence_min_items", "Verified evidence items needed", "items", (1, 50)),
    ("evidence_min_kinds", "Different kinds of evidence needed", "kinds", (1, 10)),
    ("results_window_months", "Results count if their period ended within", "months", (1, 36)),
    ("results_min_count", "Results each key measure needs in that window", "results", (1, 36)),
    ("slipping_lookback_months", "An area once embedded counts as slipping for", "months", (1, 60)),
];

/// The default of one overridable rule.
pub fn default_of(rules: &Rules, field: &str) -> u32 {
    match field {
        "evidence_window_months" => rules.evidence_window_months,
        "evidence_min_items" => rules.evidence_min_items,
        "evidence_min_kinds" => rules.evidence_min_kinds,
        "results_window_months" => rules.results_window_months,
        "results_min_count" => rules.results_min_count,
        _ => rules.slipping_lookback_months,
    }
}

/// What the practice-area form holds, as typed.
#[derive(Debug, Clone, Default)]
pub struct AreaValues {
    pub name: String,
    pub description: String,
    pub lead_owner_id: String,
    /// The overrides as typed, in the order of `OVERRIDES`; blank uses the default.
    pub overrides: [String; 6],
}

impl FormFields for AreaValues {
    fn fields(&self) -> Vec<(&'static str, &'static str, String)> {
        let mut fields = vec![
            ("name", "Name", self.name.clone()),
            ("description", "Description", self.description.clone()),
            ("lead_owner_id", "Lead owner", self.lead_owner_id.clone()),
        ];
        for (i, (field, label, _, _)) in OVERRIDES.iter().enumerate() {
            fields.push((field, label, self.overrides[i].clone()));
        }
        fields
    }
}

/// What the area form offers.
#[derive(Debug, Clone, Default)]
pub struct AreaChoices {
    pub owners: Vec<(OwnerId, String)>,
    /// The defaults the overrides replace.
    pub rules: Rules,
}

/// The practice-area form page.
pub fn area_form(view: FormState<'_, AreaId, AreaValues, AreaChoices>) -> Markup {
    let (v, c, errors) = (view.values, view.choices, view.errors);
    let title = if view.is_new() { "Add a practice area" } else { "Change the practice area" };
    let cancel = view.back_to("/areas", "/");
    let head = view.head(title, (!view.is_new()).then_some(v.name.as_str()), &cancel);
    form_layout(
        head,
        view.chrome,
        html! {
            form method="post" action=(view.action("/areas")) novalidate class="app-form" {
                (view.hidden())
                (input("name", "Name", Some("For example, \"Front door: identification of risk\""), &v.name, Input::Text, errors))
                (long_text("description", "Description (optional)", Some("What practice this area covers."), &v.description, TEXT_MAX, errors))
                (select_field("lead_owner_id", "Lead owner (optional)", Some("Who answers for this area to the improvement board"), &id_options(Some("No lead owner"), &c.owners), &v.lead_owner_id, errors))
                fieldset class="app-fieldset app-form-group" aria-describedby="overrides-hint" {
                    legend class="app-fieldset__legend app-fieldset__legend--m" { "Rules for this area (optional)" }
                    p class="app-hint" id="overrides-hint" {
                        "Each area is judged by the default rules. Enter a number only where this area should differ; leave it blank to use the default shown."
                    }
                    @for (i, (field, label, unit, _)) in OVERRIDES.iter().enumerate() {
                        @let hint = format!("Default: {} {unit}", default_of(&c.rules, field));
                        (input(field, &format!("{label} ({unit})"), Some(&hint), &v.overrides[i], Input::Whole, errors))
                    }
                }
                (buttons(if view.is_new() { "Save practice area" } else { "Save changes" }, &cancel))
            }
        },
    )
}
