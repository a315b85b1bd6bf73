//! Evidence pages: adding an item with a file, and an item with its review.

use super::components::{
    csrf_field, date, date_field, error_summary, maybe_date, options, select, tag, text_area, text_field,
};
use super::{layout, Chrome};
use crate::domain::fields::FieldErrors;
use crate::domain::kinds::{EvidenceKind, ReviewState};
use crate::domain::upload::ALLOWED_DESCRIPTION;
use crate::reports::evidence_page::EvidenceDetail;
use maud::{html, Markup};
use serde::Deserialize;

/// What the new-evidence form holds, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct EvidenceFormValues {
    pub title: String,
    pub kind: String,
    pub description: String,
    pub observed_on: String,
    pub practice_area_id: String,
}

/// What the review form holds.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ReviewFormValues {
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub decision: String,
    #[serde(default)]
    pub reason: String,
}

fn review_colour(state: ReviewState) -> &'static str {
    match state {
        ReviewState::Draft => "grey",
        ReviewState::Verified => "green",
        ReviewState::Rejected => "red",
    }
}

/// The form to add evidence, with an optional file.
pub fn new_evidence_page(
    values: &EvidenceFormValues,
    areas: &[(i64, String)],
    errors: &FieldErrors,
    upload_limit: &str,
    chrome: &Chrome,
) -> Markup {
    let area_options: Vec<(String, String)> = areas.iter().map(|(id, n)| (id.to_string(), n.clone())).collect();
    layout(
        if errors.is_empty() { "Add evidence" } else { "Error: Add evidence" },
        chrome,
        html! {
            (error_summary(errors))
            h1 class="app-heading-l" { "Add evidence of practice change" }
            form method="post" action="/evidence" enctype="multipart/form-data" novalidate {
                (csrf_field(&chrome.csrf))
                (text_field("title", "Title", "text", &values.title, "off", errors))
                (select("kind", "Kind of evidence", &options(EvidenceKind::ALL, EvidenceKind::as_str, EvidenceKind::label), &values.kind, errors))
                (select("practice_area_id", "Practice area", &area_options, &values.practice_area_id, errors))
                (date_field("observed_on", "Date the practice was observed", &values.observed_on, errors))
                (text_area("description", "What it shows", &values.description, None, errors))
                div class={ "app-form-group" @if errors.for_field("file").is_some() { " app-form-group--error" } } {
                    label class="app-label" for="file" { "Attach a file (optional)" }
                    p class="app-hint" id="file-hint" { (ALLOWED_DESCRIPTION) ", smaller than " (upload_limit) }
                    @if let Some(message) = errors.for_field("file") {
                        p class="app-error-message" id="file-error" { span class="app-visually-hidden" { "Error: " } (message) }
                    }
                    input class="app-file" type="file" id="file" name="file" aria-describedby="file-hint";
                }
                button type="submit" class="app-button" { "Add evidence" }
            }
        },
    )
}

/// One evidence item, its files, and the review form for those who may review.
pub fn evidence_page(
    detail: &EvidenceDetail,
    review: Option<(&ReviewFormValues, &FieldErrors)>,
    chrome: &Chrome,
) -> Markup {
    let item = &detail.item;
    let errors = review.map(|(_, e)| e.clone()).unwrap_or_default();
    layout(
        &if errors.is_empty() { item.title.clone() } else { format!("Error: {}", item.title) },
        chrome,
        html! {
            (error_summary(&errors))
            span class="app-caption" { (detail.area_name) }
            h1 class="app-heading-l" { (item.title) }
            dl class="app-summary-list" {
                div { dt { "Kind" } dd { (item.kind().label()) } }
                div { dt { "Observed" } dd { (date(item.observed_on)) } }
                @if let (Some(start), Some(end)) = (item.period_start, item.period_end) {
                    div { dt { "Period covered" } dd { (date(start)) " to " (date(end)) } }
                }
                div { dt { "Review" } dd {
                    (tag(item.review_state().label(), review_colour(item.review_state())))
                    @if let Some(by) = &detail.reviewer { " by " (by) " on " (maybe_date(item.reviewed_on)) }
                } }
                @if let Some(reason) = &item.rejection_reason { div { dt { "Reason for rejection" } dd { (reason) } } }
                @if !item.description.is_empty() { div { dt { "What it shows" } dd { (item.description) } } }
            }
            h2 class="app-heading-m" { "Files" }
            @if detail.attachments.is_empty() { p class="app-body" { "No files attached." } }
            ul class="app-list" {
                @for file in &detail.attachments {
                    li { a href={ "/attachments/" (file.id) } download { (file.file_name) } " (" (file.size_bytes / 1024 + 1) " KB)" }
                }
            }
            @if let Some((values, errors)) = review {
                h2 class="app-heading-m" { "Review" }
                form method="post" action={ "/evidence/" (item.id) "/review" } novalidate {
                    (csrf_field(&chrome.csrf))
                    input type="hidden" name="version" value=(values.version);
                    (select("decision", "Decision", &[("verify".into(), "Verified: it shows the practice change".into()), ("reject".into(), "Rejected".into())], &values.decision, errors))
                    (text_area("reason", "Reason, if rejected", &values.reason, None, errors))
                    button type="submit" class="app-button" { "Save review" }
                }
            }
        },
    )
}
