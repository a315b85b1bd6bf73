//! The form to record or change an inspection, with its judgements per area.

use super::super::fields::{choices, date_input, input, radio_group, Choice, DateInput, FormFields, Input, Layout};
use super::super::form_page::{buttons, form_layout, FormState};
use crate::domain::frameworks::Framework;
use crate::domain::ids::InspectionId;
use crate::domain::kinds::{Grade, InspectionKind};
use maud::{html, Markup};

/// Whether the form asks for an overall grade: when the framework gives one,
/// before the kind and date are known, or when one is recorded already.
fn offers_overall(v: &InspectionValues) -> bool {
    Framework::from_key(&v.framework).is_none_or(Framework::grades_overall)
        || v.overall_judgement.parse::<Grade>().is_ok()
}

/// What the inspection form holds, as typed.
#[derive(Debug, Clone, Default)]
pub struct InspectionValues {
    pub kind: String,
    pub title: String,
    pub inspectorate: String,
    pub start_date: DateInput,
    pub end_date: DateInput,
    pub published_on: DateInput,
    pub overall_judgement: String,
    pub report_url: String,
    pub draft_plan_due: DateInput,
    pub final_plan_due: DateInput,
    /// (judgement area, grade as typed: a grade's name, "none" or blank).
    pub judgements: Vec<(String, String)>,
    /// The key of the framework the judgement areas were drawn for; blank
    /// until the kind and start date are known.
    pub framework: String,
    /// The kind or start date now asks for areas the form did not show.
    pub areas_changed: bool,
    /// An area added by name, and its grade, as typed.
    pub new_area: String,
    pub new_grade: String,
}

impl FormFields for InspectionValues {
    fn fields(&self) -> Vec<(&'static str, &'static str, String)> {
        let judged: Vec<String> = self
            .judgements
            .iter()
            .filter_map(|(area, grade)| grade.parse::<Grade>().ok().map(|g| format!("{area}: {}", g.label())))
            .collect();
        vec![
            ("kind", "Kind of visit", label_of::<InspectionKind>(&self.kind, InspectionKind::label)),
            ("title", "Title", self.title.clone()),
            ("inspectorate", "Inspectorate", self.inspectorate.clone()),
            ("start_date", "Start date", self.start_date.shown()),
            ("end_date", "End date", self.end_date.shown()),
            ("published_on", "Publication date", self.published_on.shown()),
            ("overall_judgement", "Overall judgement", label_of::<Grade>(&self.overall_judgement, Grade::label)),
            ("judgements", "Judgements", judged.join("; ")),
            ("judgement-new-area", "Judgement area added by name", self.new_area.clone()),
            ("report_url", "Link to the report", self.report_url.clone()),
            ("draft_plan_due", "Draft plan due", self.draft_plan_due.shown()),
            ("final_plan_due", "Final plan due", self.final_plan_due.shown()),
        ]
    }
}

/// A stored name shown as its label, or as typed when it is not a name.
pub fn label_of<T: std::str::FromStr + Copy>(raw: &str, label: fn(T) -> &'static str) -> String {
    raw.parse::<T>().map(label).map(str::to_string).unwrap_or_else(|_| raw.to_string())
}

fn grade_choices(none: &str) -> Vec<Choice> {
    let mut all = choices(Grade::ALL, Grade::as_str, Grade::label);
    all.push(("none".into(), none.into(), None));
    all
}

/// The inspection form page.
pub fn inspection_form(view: FormState<'_, InspectionId, InspectionValues, ()>) -> Markup {
    let (v, errors) = (view.values, view.errors);
    let title = if view.is_new() { "Record an inspection or review" } else { "Change the inspection" };
    let cancel = view.back_to("/inspections", "/inspections");
    let head = view.head(title, (!view.is_new()).then_some(v.title.as_str()), &cancel);
    form_layout(
        head,
        view.chrome,
        html! {
            form method="post" action=(view.action("/inspections")) novalidate class="app-form" {
                (view.hidden())
                (radio_group("kind", "What kind of visit or review was it?", None, &choices(InspectionKind::ALL, InspectionKind::as_str, InspectionKind::label), &v.kind, Layout::Stacked, errors))
                (input("title", "Title", Some("As the report names it, for example \"Focused visit: the front door\""), &v.title, Input::Text, errors))
                (input("inspectorate", "Inspectorate", Some("For example, Ofsted, or Ofsted with CQC and HMICFRS"), &v.inspectorate, Input::Text, errors))
                (date_input("start_date", "Start date", None, &v.start_date, errors))
                (date_input("end_date", "End date", Some("The last day inspectors were on site. For example, 28 3 2025"), &v.end_date, errors))
                (date_input("published_on", "Publication date (optional)", Some("Leave blank until the report or letter is published"), &v.published_on, errors))
                input type="hidden" name="judgement_framework" value=(v.framework);
                @if offers_overall(v) {
                    (radio_group("overall_judgement", "Overall judgement (optional)", Some("Focused visits, monitoring visits and inspections from April 2026 give no overall grade: choose \"No overall grade\""), &grade_choices("No overall grade"), &v.overall_judgement, Layout::Stacked, errors))
                }
                div id="judgements" class={ "app-form-group" @if errors.for_field("judgements").is_some() { " app-form-group--error" } } {
                    h2 class="app-heading-m" { "Judgements" }
                    @match Framework::from_key(&v.framework) {
                        Some(framework) => p class="app-hint" { (framework.describe()) " Choose \"Not judged\" for areas this visit did not grade." },
                        None => p class="app-hint" { "The judgement areas follow the kind of visit and the day it started. Choose both above, and the form asks for the grades of the areas it judged when you save." },
                    }
                    @if let Some(message) = errors.for_field("judgements") {
                        p class="app-error-message" id="judgements-error" { span class="app-visually-hidden" { "Error: " } (message) }
                    }
                    @for (i, (area, grade)) in v.judgements.iter().enumerate() {
                        input type="hidden" name={ "judgement-" (i) "-area" } value=(area);
                        (radio_group(&format!("judgement-{i}"), area, None, &grade_choices("Not judged"), grade, Layout::Stacked, errors))
                    }
                    fieldset class="app-fieldset app-form-group" {
                        legend class="app-fieldset__legend" { "Add a judgement area by name (optional)" }
                        (input("judgement-new-area", "Judgement area", Some("For example, an area a report judged that is not listed above"), &v.new_area, Input::Text, errors))
                        (radio_group("judgement-new", "Its grade", None, &grade_choices("Not judged"), &v.new_grade, Layout::Stacked, errors))
                    }
                }
                (input("report_url", "Link to the report (optional)", Some("A web address starting https://"), &v.report_url, Input::Url, errors))
                (date_input("draft_plan_due", "Draft action plan due (optional)", Some("After areas for priority action, a draft plan is due within 20 working days of publication"), &v.draft_plan_due, errors))
                (date_input("final_plan_due", "Final action plan due (optional)", Some("Usually within 70 working days of publication"), &v.final_plan_due, errors))
                (buttons(if view.is_new() { "Save inspection" } else { "Save changes" }, &cancel))
            }
        },
    )
}
