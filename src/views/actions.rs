//! The action page: details, the progress timeline (MOJ pattern) with the
//! form to add an update, and the evidence linked to it.

use super::components::{csrf_field, date, error_summary, maybe_date, tag};
use super::fields::{choices, date_input, long_text, radio_group, DateInput, Layout};
use super::history::history_section;
use super::sign_off::{sign_off_section, SignOffFormValues};
use super::{layout, Chrome};
use crate::domain::access::Refusal;
use crate::domain::fields::FieldErrors;
use crate::domain::kinds::{ActionState, Rag, ReviewState};
use crate::domain::plan::TEXT_MAX;
use crate::read::action_page::ActionDetail;
use crate::read::history::HistoryEntry;
use crate::read::timeline::{Entry, Event};
use maud::{html, Markup};

/// What the progress-update form holds, as typed.
#[derive(Debug, Clone, Default)]
pub struct UpdateFormValues {
    pub update_date: DateInput,
    pub rag: String,
    pub note: String,
}

/// The colour of a RAG rating's tag.
pub fn rag_colour(rag: Rag) -> &'static str {
    match rag {
        Rag::Red => "red",
        Rag::Amber => "yellow",
        Rag::Green => "green",
    }
}

/// The colour of an action state's tag.
pub fn state_colour(state: ActionState) -> &'static str {
    match state {
        ActionState::Completed => "green",
        ActionState::InProgress => "blue",
        ActionState::Blocked => "red",
        ActionState::Cancelled | ActionState::Planned => "grey",
    }
}

/// The colour of a review state's tag.
pub fn review_colour(state: ReviewState) -> &'static str {
    match state {
        ReviewState::Draft => "grey",
        ReviewState::Verified => "green",
        ReviewState::Rejected => "red",
    }
}

/// What the signed-in person may do on the action page, and why not.
#[derive(Debug, Clone, Copy)]
pub struct ActionControls {
    /// Change it and add progress, or why not.
    pub edit: Result<(), Refusal>,
    /// Archive it (leaders).
    pub archive: bool,
    /// Add evidence for it (contributors and above).
    pub add_evidence: bool,
    /// Sign it off or return it (leaders).
    pub decide: bool,
}

fn timeline_entry(entry: &Entry) -> Markup {
    let (heading, extra): (Markup, Option<&str>) = match &entry.event {
        Event::Update(u) => {
            (html! { "Progress update " (tag(u.rag.label(), rag_colour(u.rag))) }, Some(u.note.as_str()))
        }
        Event::Added(state) => (html! { "Action added: " (state.label().to_lowercase()) }, None),
        Event::State { from, to } => (
            html! {
                "State changed"
                @if let Some(from) = from { " from " (from.label().to_lowercase()) }
                " to " (tag(to.label(), state_colour(*to)))
            },
            None,
        ),
        Event::Archived => (html! { "Action archived" }, None),
        Event::Restored => (html! { "Action restored" }, None),
    };
    html! {
        li class="app-timeline__item" {
            div class="app-timeline__header" {
                h3 class="app-timeline__title" { (heading) }
                p class="app-timeline__byline" { "by " (entry.by) }
            }
            p class="app-timeline__date" { time datetime=(entry.date.format("%Y-%m-%d")) { (date(entry.date)) } }
            @if let Some(text) = extra { div class="app-timeline__description" { (text) } }
        }
    }
}

/// The form to add a progress update; the rating is never chosen for you.
fn update_form(
    action_id: impl std::fmt::Display,
    values: &UpdateFormValues,
    errors: &FieldErrors,
    csrf: &str,
) -> Markup {
    html! {
        form method="post" action={ "/actions/" (action_id) "/updates" } novalidate class="app-form" {
            (csrf_field(csrf))
            (date_input("update_date", "Date of this update", None, &values.update_date, errors))
            (radio_group("rag", "RAG rating", Some("Red: off track. Amber: at risk. Green: on track."), &choices(Rag::ALL, Rag::as_str, Rag::label), &values.rag, Layout::Inline, errors))
            (long_text("note", "What has happened since the last update", None, &values.note, TEXT_MAX, errors))
            button type="submit" class="app-button" { "Add progress update" }
        }
    }
}

/// The action page. `update_form` is shown to people who may add progress.
pub fn action_page(
    detail: &ActionDetail,
    (timeline, history): (&[Entry], &[HistoryEntry]),
    update: (&UpdateFormValues, &FieldErrors),
    sign_off: (&SignOffFormValues, &FieldErrors),
    controls: ActionControls,
    chrome: &Chrome,
) -> Markup {
    let a = &detail.action;
    let title = format!("{} {}", a.reference, a.title);
    let (values, update_errors) = update;
    let mut errors = update_errors.clone();
    errors.merge(sign_off.1.clone());
    let errors = &errors;
    // The frame carries today (England's date, from the application's clock).
    let today = chrome.printed_on.unwrap_or(chrono::NaiveDate::MIN);
    layout(
        &if errors.is_empty() { title.clone() } else { format!("Error: {title}") },
        chrome,
        html! {
            (error_summary(&errors.in_order(&["update_date", "rag", "note", "decision", "sign_off_note"])))
            span class="app-caption" { a href={ "/areas/" (a.practice_area_id) } { (detail.area_name) } }
            h1 class="app-heading-l" { (a.reference) " " (a.title) }
            @if a.archived_at.is_some() { p { (tag("Archived", "grey")) } }
            div class="app-button-group" {
                @if controls.edit.is_ok() { a class="app-button app-button--secondary" href={ "/actions/" (a.id) "/edit" } { "Change this action" } }
                @if controls.add_evidence { a class="app-button app-button--secondary" href={ "/evidence/new?action=" (a.id) } { "Add evidence for this action" } }
                @if chrome.may_add(crate::domain::kinds::Role::Leader) && a.archived_at.is_none() { a class="app-link" href={ "/requests/new?action=" (a.id) "&return=/actions/" (a.id) } { "Ask for evidence" } }
                @if controls.archive && a.archived_at.is_none() { a class="app-link" href={ "/actions/" (a.id) "/archive" } { "Archive this action" } }
            }
            @if let Err(why) = controls.edit { p class="app-hint" { (why) } }
            dl class="app-summary-list" {
                div { dt { "State" } dd { (tag(a.state.label(), state_colour(a.state))) } }
                div { dt { "Owner" } dd { (detail.owner.as_deref().unwrap_or("No owner")) } }
                div { dt { "Start" } dd { (maybe_date(a.start_date)) } }
                div { dt { "Due" } dd { (maybe_date(a.due_date)) @if a.is_overdue(today) { " " (tag("Overdue", "red")) } } }
                div { dt { "Completed" } dd { (maybe_date(a.completed_date)) } }
                div { dt { "How we will know" } dd { @if a.success_measure.is_empty() { "Not given" } @else { (a.success_measure) } } }
                @if !a.description.is_empty() { div { dt { "Description" } dd { (a.description) } } }
            }
            (sign_off_section((a.id, a.version), &detail.sign_off, controls.decide && a.archived_at.is_none(), sign_off, &chrome.csrf))
            h2 class="app-heading-m" { "Findings this action answers" }
            @if detail.findings.is_empty() { p class="app-body" { "None linked." } }
            ul class="app-list" { @for f in &detail.findings { li { a href={ "/findings/" (f.id) } { strong { (f.reference) } } " " (f.text) } } }
            h2 class="app-heading-m" id="progress" { "Progress" }
            @if controls.edit.is_ok() && a.archived_at.is_none() {
                h3 class="app-heading-s" { "Add a progress update" }
                (update_form(a.id, values, update_errors, &chrome.csrf))
                h3 class="app-heading-s" { "Timeline" }
            }
            @if timeline.is_empty() { p class="app-body" { "No progress updates yet." } }
            @else { ol class="app-timeline" { @for entry in timeline { (timeline_entry(entry)) } } }
            h2 class="app-heading-m" { "Evidence" }
            @if detail.evidence.is_empty() { p class="app-body" { "No evidence linked." } }
            ul class="app-list" {
                @for e in &detail.evidence {
                    li {
                        a href={ "/evidence/" (e.id) } { (e.title) } " (" (e.kind.label()) ", " (date(e.observed_on)) ") "
                        (tag(e.review_state.label(), review_colour(e.review_state)))
                    }
                }
            }
            (history_section(history, &format!("/history?entity=action&id={}", a.id)))
        },
    )
}
