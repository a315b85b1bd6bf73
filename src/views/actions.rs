//! The action page (details, progress timeline, evidence) and its edit form.

use super::components::{
    csrf_field, date, date_field, error_summary, maybe_date, options, select, tag, text_area, text_field,
};
use super::{layout, Chrome};
use crate::domain::fields::FieldErrors;
use crate::domain::kinds::{ActionState, Rag};
use crate::reports::action_page::{ActionChoices, ActionDetail};
use maud::{html, Markup};
use serde::Deserialize;

/// What the progress-update form holds, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct UpdateFormValues {
    #[serde(default)]
    pub update_date: String,
    #[serde(default)]
    pub rag: String,
    #[serde(default)]
    pub note: String,
}

/// What went wrong with a submitted form: field messages, or a refused stale edit.
#[derive(Debug, Clone, Default)]
pub struct FormProblems {
    pub errors: FieldErrors,
    pub conflict: Option<String>,
}

/// What the action form holds, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ActionFormValues {
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub reference: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub owner_id: String,
    #[serde(default)]
    pub practice_area_id: String,
    #[serde(default)]
    pub start_date: String,
    #[serde(default)]
    pub due_date: String,
    #[serde(default)]
    pub completed_date: String,
    #[serde(default)]
    pub state: String,
    #[serde(default)]
    pub success_measure: String,
}

fn rag_colour(rag: Rag) -> &'static str {
    match rag {
        Rag::Red => "red",
        Rag::Amber => "yellow",
        Rag::Green => "green",
    }
}

/// The action page. `update_form` is shown to people who may add progress.
pub fn action_page(
    detail: &ActionDetail,
    update_form: Option<(&UpdateFormValues, &FieldErrors)>,
    may_edit: bool,
    chrome: &Chrome,
) -> Markup {
    let a = &detail.action;
    let title = format!("{} {}", a.reference, a.title);
    let errors = update_form.map(|(_, e)| e.clone()).unwrap_or_default();
    layout(
        &if errors.is_empty() { title.clone() } else { format!("Error: {title}") },
        chrome,
        html! {
            (error_summary(&errors))
            span class="app-caption" { (detail.area_name) }
            h1 class="app-heading-l" { (a.reference) " " (a.title) }
            @if a.archived_at.is_some() { p { (tag("Archived", "grey")) } }
            @if may_edit { a class="app-button-link" href={ "/actions/" (a.id) "/edit" } { "Edit this action" } }
            dl class="app-summary-list" {
                div { dt { "State" } dd { (tag(a.state().label(), "blue")) } }
                div { dt { "Owner" } dd { (detail.owner.as_deref().unwrap_or("No owner")) } }
                div { dt { "Start" } dd { (maybe_date(a.start_date)) } }
                div { dt { "Due" } dd { (maybe_date(a.due_date)) } }
                div { dt { "Completed" } dd { (maybe_date(a.completed_date)) } }
                div { dt { "How we will know" } dd { (a.success_measure) } }
                @if !a.description.is_empty() { div { dt { "Description" } dd { (a.description) } } }
            }
            h2 class="app-heading-m" { "Findings this action answers" }
            @if detail.findings.is_empty() { p class="app-body" { "None linked." } }
            ul class="app-list" { @for f in &detail.findings { li { strong { (f.reference) } " " (f.text) } } }
            h2 class="app-heading-m" { "Progress" }
            @if let Some((values, errors)) = update_form {
                form method="post" action={ "/actions/" (a.id) "/updates" } novalidate {
                    (csrf_field(&chrome.csrf))
                    (date_field("update_date", "Date of this update", &values.update_date, errors))
                    (select("rag", "RAG rating", &options(Rag::ALL, Rag::as_str, Rag::label), &values.rag, errors))
                    (text_area("note", "What has happened since the last update", &values.note, None, errors))
                    button type="submit" class="app-button" { "Add progress update" }
                }
            }
            @if detail.updates.is_empty() { p class="app-body" { "No progress updates yet." } }
            ol class="app-timeline" reversed {
                @for (update, author) in &detail.updates {
                    li {
                        strong { (date(update.update_date)) } " " (tag(update.rag().label(), rag_colour(update.rag())))
                        p class="app-body-s" { (update.note) }
                        p class="app-body-s app-hint" { "By " (author) }
                    }
                }
            }
            h2 class="app-heading-m" { "Evidence" }
            @if detail.evidence.is_empty() { p class="app-body" { "No evidence linked." } }
            ul class="app-list" {
                @for e in &detail.evidence {
                    li { a href={ "/evidence/" (e.id) } { (e.title) } " (" (e.kind().label()) ", " (date(e.observed_on)) ")" }
                }
            }
        },
    )
}

/// The form to edit an action; `conflict` explains a refused stale edit.
pub fn action_edit_page(
    id: i64,
    values: &ActionFormValues,
    choices: &ActionChoices,
    problems: &FormProblems,
    chrome: &Chrome,
) -> Markup {
    let (areas, owners) = (&choices.areas, &choices.owners);
    let (errors, conflict) = (&problems.errors, problems.conflict.as_deref());
    let with_ids =
        |items: &[(i64, String)]| items.iter().map(|(id, l)| (id.to_string(), l.clone())).collect::<Vec<_>>();
    let mut owner_options = vec![(String::new(), "No owner".to_string())];
    owner_options.extend(with_ids(owners));
    let has_problem = !errors.is_empty() || conflict.is_some();
    layout(
        if has_problem { "Error: Edit action" } else { "Edit action" },
        chrome,
        html! {
            @if let Some(message) = conflict {
                div class="app-error-summary" role="alert" tabindex="-1" {
                    h2 class="app-error-summary__title" { "This action was changed by someone else" }
                    p { (message) }
                    p { a href={ "/actions/" (id) "/edit" } { "Reload the latest version" } }
                }
            }
            (error_summary(errors))
            h1 class="app-heading-l" { "Edit action " (values.reference) }
            form method="post" action={ "/actions/" (id) } novalidate {
                (csrf_field(&chrome.csrf))
                input type="hidden" name="version" value=(values.version);
                (text_field("reference", "Reference", "text", &values.reference, "off", errors))
                (text_field("title", "Title", "text", &values.title, "off", errors))
                (text_area("description", "Description", &values.description, None, errors))
                (select("practice_area_id", "Practice area", &with_ids(areas), &values.practice_area_id, errors))
                (select("owner_id", "Owner", &owner_options, &values.owner_id, errors))
                (date_field("start_date", "Start date", &values.start_date, errors))
                (date_field("due_date", "Due date", &values.due_date, errors))
                (select("state", "State", &options(ActionState::ALL, ActionState::as_str, ActionState::label), &values.state, errors))
                (date_field("completed_date", "Completed date", &values.completed_date, errors))
                (text_area("success_measure", "How will we know (success measure)", &values.success_measure, None, errors))
                button type="submit" class="app-button" { "Save changes" }
                " "
                a href={ "/actions/" (id) } { "Cancel" }
            }
        },
    )
}
