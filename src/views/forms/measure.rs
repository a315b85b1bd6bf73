//! The form to add or change a measure: a case-audit measure or a performance
//! indicator, its unit, direction, target, frequency and whether it is key.

use super::super::fields::{choices, input, long_text, radio_group, select_field, Choice, FormFields, Input, Layout};
use super::super::form_page::{buttons, form_layout, FormState};
use super::id_options;
use super::inspection::label_of;
use crate::domain::figures::catalogue;
use crate::domain::ids::{AreaId, MeasureId};
use crate::domain::kinds::{Direction, Frequency, MeasureKind, Unit};
use crate::domain::plan::TEXT_MAX;
use maud::{html, Markup};

/// What the measure form holds, as typed.
#[derive(Debug, Clone, Default)]
pub struct MeasureValues {
    pub practice_area_id: String,
    pub name: String,
    pub description: String,
    pub kind: String,
    pub unit: String,
    pub direction: String,
    pub target: String,
    pub frequency: String,
    /// "yes" or "no".
    pub is_key: String,
    pub baseline_points: String,
    /// "yes" or "no".
    pub screen_moving_ranges: String,
    /// A published indicator's code, or blank.
    pub published_indicator_code: String,
}

impl FormFields for MeasureValues {
    fn fields(&self) -> Vec<(&'static str, &'static str, String)> {
        vec![
            ("practice_area_id", "Practice area", self.practice_area_id.clone()),
            ("name", "Name", self.name.clone()),
            ("description", "Description", self.description.clone()),
            ("kind", "Kind of measure", label_of::<MeasureKind>(&self.kind, MeasureKind::label)),
            ("unit", "Unit", label_of::<Unit>(&self.unit, Unit::label)),
            ("direction", "Which way is better", label_of::<Direction>(&self.direction, Direction::label)),
            ("target", "Target", self.target.clone()),
            ("frequency", "How often it is reported", label_of::<Frequency>(&self.frequency, Frequency::label)),
            ("is_key", "Key measure", self.is_key.clone()),
            ("baseline_points", "Points that set the limits", self.baseline_points.clone()),
            ("screen_moving_ranges", "Screen out unusual moving ranges", self.screen_moving_ranges.clone()),
            ("published_indicator_code", "Published indicator", indicator_name(&self.published_indicator_code)),
        ]
    }
}

/// The name of the published indicator with this code, or the code as typed.
fn indicator_name(code: &str) -> String {
    catalogue::indicator(code).map_or_else(|| code.to_string(), |i| i.name.to_string())
}

/// What the measure form offers.
#[derive(Debug, Clone, Default)]
pub struct MeasureChoices {
    pub areas: Vec<(AreaId, String)>,
}

/// Every published indicator Sustain reads, by name, after "none".
fn indicators() -> Vec<(String, String)> {
    let mut options = vec![(String::new(), "None".to_string())];
    options.extend(catalogue::INDICATORS.iter().map(|i| (i.code.to_string(), i.name.to_string())));
    options
}

fn yes_no(yes: &str, no: &str) -> Vec<Choice> {
    vec![("yes".into(), yes.into(), None), ("no".into(), no.into(), None)]
}

fn units() -> Vec<Choice> {
    let words = |u: Unit| match u {
        Unit::Percent => "Percentage",
        Unit::Count => "Count",
        Unit::Days => "Days",
        Unit::Ratio => "Ratio",
    };
    Unit::ALL.iter().map(|u| (u.as_str().to_string(), words(*u).to_string(), None)).collect()
}

/// The measure form page.
pub fn measure_form(view: FormState<'_, MeasureId, MeasureValues, MeasureChoices>) -> Markup {
    let (v, c, errors) = (view.values, view.choices, view.errors);
    let title = if view.is_new() { "Add a measure" } else { "Change the measure" };
    let cancel = view.back_to("/measures", "/measures");
    let head = view.head(title, (!view.is_new()).then_some(v.name.as_str()), &cancel);
    let advanced_open =
        errors.for_field("baseline_points").is_some() || errors.for_field("screen_moving_ranges").is_some();
    let kinds = vec![
        (
            "case_audit".to_string(),
            MeasureKind::CaseAudit.label().to_string(),
            Some("Case-file audits graded on the Ofsted scale; results are \"% good or better\"".to_string()),
        ),
        (
            "indicator".to_string(),
            MeasureKind::Indicator.label().to_string(),
            Some("A figure from the case-management system, like referrals decided within 1 working day".to_string()),
        ),
    ];
    form_layout(
        head,
        view.chrome,
        html! {
            form method="post" action=(view.action("/measures")) novalidate class="app-form" {
                (view.hidden())
                (select_field("practice_area_id", "Practice area", None, &id_options(Some("Choose a practice area"), &c.areas), &v.practice_area_id, errors))
                (input("name", "Name", Some("For example, \"Referral decisions within 1 working day\""), &v.name, Input::Text, errors))
                (long_text("description", "Description (optional)", Some("How it is counted and where the figure comes from."), &v.description, TEXT_MAX, errors))
                (radio_group("kind", "What kind of measure is it?", None, &kinds, &v.kind, Layout::Stacked, errors))
                (radio_group("unit", "What unit are its values in?", Some("A case-audit measure is a percentage"), &units(), &v.unit, Layout::Inline, errors))
                (radio_group("direction", "Which way is better?", None, &choices(Direction::ALL, Direction::as_str, Direction::label), &v.direction, Layout::Stacked, errors))
                (input("target", "Target (optional)", Some("A number, like 80. A key measure needs one"), &v.target, Input::Decimal, errors))
                (radio_group("frequency", "How often is it reported?", None, &choices(Frequency::ALL, Frequency::as_str, Frequency::label), &v.frequency, Layout::Inline, errors))
                (select_field("published_indicator_code", "Compare with a published indicator (optional)", Some("The measure's page shows this indicator's latest published figures for the council, its statistical neighbours and England"), &indicators(), &v.published_indicator_code, errors))
                (radio_group("is_key", "Is it a key measure?", Some("A key measure counts towards whether the area's improvement is sustained: every result in the window must meet its target"), &yes_no("Yes, a key measure", "No"), &v.is_key, Layout::Inline, errors))
                details class="app-details" open[advanced_open] {
                    summary { "How its process limits are calculated" }
                    div class="app-details__text" {
                        (input("baseline_points", "Points that set the limits (optional)", Some("How many points from the start of each segment set the mean and limits; leave blank to use all"), &v.baseline_points, Input::Whole, errors))
                        (radio_group("screen_moving_ranges", "Screen out unusually large moving ranges?", Some("Making Data Count recommends it, so that one jump does not widen the limits"), &yes_no("Yes", "No"), &v.screen_moving_ranges, Layout::Inline, errors))
                    }
                }
                (buttons(if view.is_new() { "Save measure" } else { "Save changes" }, &cancel))
            }
        },
    )
}
