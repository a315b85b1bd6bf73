//! Archiving: the confirmation that says what stays and what changes, and the
//! list of archived records with a way to restore each.

use super::super::components::{csrf_field, error_summary};
use super::super::{layout, Chrome};
use super::pagination;
use crate::domain::fields::FieldErrors;
use crate::read::archived::{ArchivedPage, RecordKind};
use maud::{html, Markup};

/// What archiving a record keeps and changes, or why it cannot be archived yet.
#[derive(Debug, Clone, Default)]
pub struct ArchiveNotes {
    /// What is kept (history, links, evidence...).
    pub stays: Vec<String>,
    /// What people will notice.
    pub changes: Vec<String>,
    /// Why it cannot be archived now, if so.
    pub blocked: Option<String>,
}

/// "Archive this inspection?": what stays, what changes, one button.
pub fn confirm_page(
    kind: RecordKind,
    id: &str,
    (title, version): (&str, i32),
    notes: &ArchiveNotes,
    errors: &FieldErrors,
    chrome: &Chrome,
) -> Markup {
    let heading = format!("Archive this {}?", kind.noun());
    let record = kind.path(id);
    layout(
        &if errors.is_empty() { heading.clone() } else { format!("Error: {heading}") },
        chrome,
        html! {
            a class="app-back-link" href=(record) { "Back" }
            (error_summary(errors))
            span class="app-caption" { (title) }
            h1 class="app-heading-l" { (heading) }
            @if let Some(blocked) = &notes.blocked {
                div class="app-warning-text" {
                    span class="app-warning-text__icon" aria-hidden="true" { "!" }
                    strong class="app-warning-text__text" { span class="app-visually-hidden" { "Warning: " } (blocked) }
                }
                p { a href=(record) { "Go back to the " (kind.noun()) } }
            } @else {
                h2 class="app-heading-m" { "What stays" }
                ul class="app-list" { @for line in &notes.stays { li { (line) } } }
                @if !notes.changes.is_empty() {
                    h2 class="app-heading-m" { "What changes" }
                    ul class="app-list" { @for line in &notes.changes { li { (line) } } }
                }
                p class="app-body" { "You can restore it at any time from the list of archived " (kind.plural_label().to_lowercase()) "." }
                form method="post" action={ (record) "/archive" } novalidate {
                    (csrf_field(&chrome.csrf))
                    input type="hidden" name="version" value=(version);
                    div class="app-button-group" {
                        button type="submit" id="archive" class="app-button app-button--warning" { "Archive " (kind.noun()) }
                        a class="app-link" href=(record) { "Cancel" }
                    }
                }
            }
        },
    )
}

/// The archived records of one kind, a page at a time, each with Restore for
/// those who may restore it.
pub fn archived_page(list: &ArchivedPage, may_restore: bool, chrome: &Chrome) -> Markup {
    let kind = list.kind;
    let title = format!("Archived {}", kind.plural_label().to_lowercase());
    layout(
        &title,
        chrome,
        html! {
            h1 class="app-heading-l" { (title) }
            form method="get" action="/archived" class="app-filter-row" {
                div class="app-form-group" {
                    label class="app-label" for="kind" { "Show archived" }
                    select class="app-select" id="kind" name="kind" {
                        @for k in RecordKind::ALL {
                            option value=(k.slug()) selected[k == kind] { (k.plural_label()) }
                        }
                    }
                }
                button type="submit" class="app-button app-button--secondary" { "Show" }
            }
            p class="app-body" {
                (list.total) " archived " (if list.total == 1 { kind.noun().to_string() } else { kind.plural_label().to_lowercase() }) "."
                @if !may_restore { " Only leaders can restore them." }
            }
            @if !list.lines.is_empty() {
                div class="app-table-wrap" role="region" aria-label=(title) tabindex="0" {
                    table class="app-table" {
                        caption class="app-visually-hidden" { (title) }
                        thead { tr { th scope="col" { "Name" } th scope="col" { "Archived" } @if may_restore { th scope="col" { span class="app-visually-hidden" { "Restore" } } } } }
                        tbody {
                            @for line in &list.lines {
                                tr {
                                    td { a href=(kind.path(line.id)) { (line.title) } }
                                    td { (line.archived_at.format("%-d %B %Y")) }
                                    @if may_restore {
                                        td {
                                            form method="post" action={ (kind.path(line.id)) "/restore" } class="app-inline-form" {
                                                (csrf_field(&chrome.csrf))
                                                input type="hidden" name="version" value=(line.version);
                                                button type="submit" class="app-button app-button--secondary app-button--small" {
                                                    "Restore" span class="app-visually-hidden" { " " (line.title) }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            (pagination(list.page, list.total, list.per_page, &|p| format!("/archived?kind={}&page={p}", kind.slug())))
        },
    )
}
