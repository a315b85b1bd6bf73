//! The form to add evidence of practice change (with its files) or change it,
//! and the first question when adding it: which practice area it is about.

use super::super::components::error_summary;
use super::super::evidence::{verification_fields, VerificationValues};
use super::super::fields::{
    choices, date_input, grouped_checkboxes, input, long_text, radio_group, select_field, Choice, ChoiceGroups,
    DateInput, FormFields, Input, Layout,
};
use super::super::form_page::{buttons, form_layout, FormState};
use super::super::{layout, Chrome};
use super::id_options;
use super::inspection::label_of;
use crate::domain::fields::FieldErrors;
use crate::domain::ids::{AreaId, EvidenceId, RequestId};
use crate::domain::kinds::EvidenceKind;
use crate::domain::plan::TEXT_MAX;
use crate::domain::upload::ALLOWED_DESCRIPTION;
use maud::{html, Markup};

/// What the evidence form holds, as typed.
#[derive(Debug, Clone, Default)]
pub struct EvidenceValues {
    pub title: String,
    pub kind: String,
    pub practice_area_id: String,
    pub observed_on: DateInput,
    pub period_start: DateInput,
    pub period_end: DateInput,
    pub description: String,
    pub finding_ids: Vec<String>,
    pub action_ids: Vec<String>,
    /// A leader adding an item already verified: when and by whom.
    pub verification: VerificationValues,
    /// The request for evidence a new item answers, if any.
    pub request_id: String,
}

impl FormFields for EvidenceValues {
    fn fields(&self) -> Vec<(&'static str, &'static str, String)> {
        let sorted = |ids: &[String]| {
            let mut ids = ids.to_vec();
            ids.sort();
            ids.join(", ")
        };
        vec![
            ("title", "Title", self.title.clone()),
            ("kind", "Kind of evidence", label_of::<EvidenceKind>(&self.kind, EvidenceKind::label)),
            ("practice_area_id", "Practice area", self.practice_area_id.clone()),
            ("observed_on", "Date the practice was observed", self.observed_on.shown()),
            ("period_start", "Start of the period covered", self.period_start.shown()),
            ("period_end", "End of the period covered", self.period_end.shown()),
            ("description", "What it shows", self.description.clone()),
            ("action_ids", "Actions it speaks to", sorted(&self.action_ids)),
            ("finding_ids", "Findings it speaks to", sorted(&self.finding_ids)),
            ("file", "Files", String::new()),
            ("verified_on", "Date it was verified", self.verification.on.shown()),
            ("verified_by", "Who verified it", self.verification.by.clone()),
            ("verified_by_name", "Their name, if not a user", self.verification.by_name.clone()),
        ]
    }
}

/// What the evidence form offers.
#[derive(Debug, Clone, Default)]
pub struct EvidenceChoices {
    pub areas: Vec<(AreaId, String)>,
    /// The area's actions and any already linked.
    pub actions: ChoiceGroups,
    /// Every live finding by inspection, and any already linked.
    pub findings: ChoiceGroups,
    /// For a new item: what files may be attached ("up to 20 files, each smaller than 20 MB").
    pub upload_limit: Option<String>,
    /// For a new item added by a leader: the other users who may be named as
    /// having verified it already.
    pub verifiers: Option<Vec<(String, String)>>,
    /// For a new item: the requests for evidence still waiting, which it may answer.
    pub requests: Vec<(RequestId, String)>,
}

/// Kinds of evidence, each with a line on what it is.
pub fn kind_choices() -> Vec<Choice> {
    let mut all = choices(EvidenceKind::ALL, EvidenceKind::as_str, EvidenceKind::label);
    for (value, _, hint) in all.iter_mut() {
        *hint = match value.as_str() {
            "case_audit" => Some("Findings of case-file audits or dip-samples".into()),
            "performance_data" => Some("Figures from the case-management system".into()),
            "child_family_feedback" => Some("What children, young people and families said".into()),
            _ => None,
        };
    }
    all
}

/// The evidence form page: a new item (with files) or a change to one.
pub fn evidence_form(view: FormState<'_, EvidenceId, EvidenceValues, EvidenceChoices>) -> Markup {
    let (v, c, errors) = (view.values, view.choices, view.errors);
    let new = view.is_new();
    let title = if new { "Add evidence of practice change" } else { "Change the evidence" };
    let cancel = view.back_to("/evidence", "/evidence");
    let head = view.head(title, (!new).then_some(v.title.as_str()), &cancel);
    let file_error = errors.for_field("file");
    form_layout(
        head,
        view.chrome,
        html! {
            @if !new { p class="app-body" { "Changing an item sends it back for review: a leader checks it again before it counts." } }
            form method="post" action=(view.action("/evidence")) enctype=[new.then_some("multipart/form-data")] novalidate class="app-form" {
                (view.hidden())
                @if new && !c.requests.is_empty() {
                    (select_field("request_id", "Does it answer a request for evidence? (optional)", Some("The request is marked answered by this item when it is added."), &id_options(Some("No, it answers no request"), &c.requests), &v.request_id, errors))
                }
                (input("title", "Title", Some("For example, \"MASH dip-sample, January\""), &v.title, Input::Text, errors))
                (radio_group("kind", "What kind of evidence is it?", Some("Practice has changed when at least two kinds show it"), &kind_choices(), &v.kind, Layout::Stacked, errors))
                (select_field("practice_area_id", "Practice area", None, &id_options(Some("Choose a practice area"), &c.areas), &v.practice_area_id, errors))
                (date_input("observed_on", "When was the practice observed?", Some("When the practice was seen, not when this is uploaded. For example, 27 3 2025"), &v.observed_on, errors))
                fieldset class="app-fieldset app-form-group" {
                    legend class="app-fieldset__legend" { "Period covered (optional)" }
                    p class="app-hint" { "For an audit or figures covering a stretch of time, such as a quarter." }
                    (date_input("period_start", "From", None, &v.period_start, errors))
                    (date_input("period_end", "To", None, &v.period_end, errors))
                }
                (long_text("description", "What does it show? (optional)", None, &v.description, TEXT_MAX, errors))
                @if c.actions.is_empty() {
                    p class="app-inset-text" id="action_ids" { "The chosen practice area has no actions to link." }
                } @else {
                    (grouped_checkboxes("action_ids", "Which actions does it speak to? (optional)", Some("Actions of its practice area, and any already linked."), &c.actions, &v.action_ids, errors))
                }
                @if !c.findings.is_empty() {
                    (grouped_checkboxes("finding_ids", "Which findings does it speak to? (optional)", None, &c.findings, &v.finding_ids, errors))
                }
                @if let Some(limit) = &c.upload_limit {
                    div class={ "app-form-group" @if file_error.is_some() { " app-form-group--error" } } {
                        label class="app-label" for="file" { "Attach files (optional)" }
                        p class="app-hint" id="file-hint" { (ALLOWED_DESCRIPTION) ": " (limit) ". You can choose several files at once." }
                        @if let Some(message) = file_error {
                            p class="app-error-message" id="file-error" { span class="app-visually-hidden" { "Error: " } (message) }
                        }
                        input class="app-file" type="file" id="file" name="file" multiple
                            aria-describedby={ "file-hint" @if file_error.is_some() { " file-error" } };
                    }
                }
                @if let Some(users) = &c.verifiers {
                    fieldset class="app-fieldset app-form-group" {
                        legend class="app-fieldset__legend" { "Already verified? (optional)" }
                        p class="app-hint" { "If a leader already verified this evidence, record when and by whom: it counts from that date. Leave the date blank to send it to the review queue." }
                        (verification_fields("", &v.verification, users, ("For example, 2 6 2025. Not before the practice was observed, and not after today.", errors)))
                    }
                }
                (buttons(if new { "Add evidence" } else { "Save changes" }, &cancel))
            }
        },
    )
}

/// The first question when adding evidence: which practice area it is about,
/// so that the form can offer that area's actions to link.
pub fn choose_area_page(areas: &[(AreaId, String)], errors: &FieldErrors, chrome: &Chrome) -> Markup {
    let options: Vec<Choice> = areas.iter().map(|(id, name)| (id.to_string(), name.clone(), None)).collect();
    let title = "Which practice area is the evidence about?";
    layout(
        if errors.is_empty() { "Add evidence" } else { "Error: Add evidence" },
        chrome,
        html! {
            a class="app-back-link" href="/evidence" { "Back" }
            (error_summary(errors))
            h1 class="app-heading-l" { "Add evidence of practice change" }
            form method="get" action="/evidence/new" novalidate class="app-form" {
                @if options.len() <= 12 {
                    (radio_group("area", title, Some("You can link it to that area's actions on the next page."), &options, "", Layout::Stacked, errors))
                } @else {
                    (select_field("area", title, None, &id_options(Some("Choose a practice area"), areas), "", errors))
                }
                button type="submit" class="app-button" { "Continue" }
            }
        },
    )
}
