//! The review queue: drafts oldest first, each with who added it and when and
//! its own review form, a box to select it, and one decision for every item
//! selected; then the items returned for changes, waiting for their authors.

use super::components::{csrf_field, date, error_summary, tag};
use super::evidence::{decisions, review_form, review_names, verification_names, ReviewFormValues, REASON_HINT};
use super::fields::{long_text, radio_group, Layout};
use super::filters::showing;
use super::forms::pagination;
use super::{layout, Chrome};
use crate::domain::fields::FieldErrors;
use crate::domain::plan::TEXT_MAX;
use crate::read::evidence_library::LibraryLine;
use chrono::NaiveDate;
use maud::{html, Markup};

/// The id of the form that decides on every item selected: each item's box
/// and version belong to it (`form=`) while sitting inside the item.
const BULK: &str = "bulk-review";

/// One draft in the queue, with its review form.
pub struct QueueItem<'a> {
    pub line: &'a LibraryLine<'a>,
    /// Who added it, when known (none for the system: the demo, an import).
    pub added_by: Option<String>,
    pub files: Vec<(i64, String)>,
    pub links: Vec<(String, String)>,
    pub values: ReviewFormValues,
    pub errors: FieldErrors,
    /// Ticked again when the page is shown after a decision on several.
    pub selected: bool,
}

/// An item returned for changes: who returned it, when and why.
pub struct ReturnedItem<'a> {
    pub line: &'a LibraryLine<'a>,
    pub returned_by: Option<String>,
    pub returned_on: Option<NaiveDate>,
    pub reason: String,
}

/// The decision on several items, as typed, with its problems and those of
/// each item left as it was (`selected-{id}`).
#[derive(Debug, Clone, Default)]
pub struct BulkValues {
    pub decision: String,
    pub reason: String,
    pub errors: FieldErrors,
    /// What was done to the others, shown in the success banner.
    pub notice: Option<String>,
}

fn item_section(item: &QueueItem<'_>, bulk: &BulkValues, csrf: &str) -> Markup {
    let e = item.line.item;
    let select = format!("selected-{}", e.id);
    let problem = bulk.errors.for_field(&select);
    html! {
        section class="app-queue-item" aria-labelledby={ "item-" (e.id) } {
            h2 class="app-heading-m" id={ "item-" (e.id) } { a href={ "/evidence/" (e.id) } { (e.title) } }
            div class={ "app-form-group" @if problem.is_some() { " app-form-group--error" } } {
                @if let Some(message) = problem {
                    p class="app-error-message" id={ (select) "-error" } { span class="app-visually-hidden" { "Error: " } (message) }
                }
                div class="app-checkboxes" {
                    div class="app-checkboxes__item" {
                        input class="app-checkboxes__input" type="checkbox" form=(BULK) id=(select) name="selected"
                            value=(e.id) checked[item.selected]
                            aria-describedby=[problem.map(|_| format!("{select}-error"))];
                        label class="app-label app-checkboxes__label" for=(select) {
                            "Select" span class="app-visually-hidden" { " " (e.title) } " for a decision on several items"
                        }
                    }
                }
                input type="hidden" form=(BULK) name={ "version-" (e.id) } value=(e.version);
            }
            dl class="app-summary-list app-summary-list--compact" {
                div { dt { "Practice area" } dd { (item.line.area) } }
                div { dt { "Kind" } dd { (e.kind.label()) } }
                div { dt { "Observed" } dd { (date(e.observed_on)) @if item.line.stale { " " (tag("Too old to count", "yellow")) } } }
                div { dt { "Added" } dd {
                    (e.created_at.format("%-d %B %Y"))
                    @if let Some(by) = &item.added_by { " by " (by) }
                } }
                @if !e.description.is_empty() { div { dt { "What it shows" } dd { (e.description) } } }
                div { dt { "Links" } dd {
                    @if item.links.is_empty() { "None" }
                    ul class="app-inline-list" { @for (href, label) in &item.links { li { a href=(href) { (label) } } } }
                } }
                div { dt { "Files" } dd {
                    @if item.files.is_empty() { "None" }
                    ul class="app-inline-list" { @for (id, name) in &item.files { li { a href={ "/attachments/" (id) } download { (name) } } } }
                } }
            }
            details class="app-details" open[!item.errors.is_empty() || !item.values.decision.is_empty()] {
                summary class="app-details__summary" { "Decide on this item alone" }
                div class="app-details__text" { (review_form(e.id, &item.values, &item.errors, (csrf, true))) }
            }
        }
    }
}

fn bulk_form(bulk: &BulkValues, page: i64, csrf: &str) -> Markup {
    html! {
        form id=(BULK) method="post" action="/evidence/review" novalidate class="app-form app-bulk-decision" {
            (csrf_field(csrf))
            input type="hidden" name="page" value=(page);
            h2 class="app-heading-m" id="decide-selected" { "Decide on the items you selected" }
            @if let Some(message) = bulk.errors.for_field("selected") {
                p class="app-error-message" id="selected" tabindex="-1" { span class="app-visually-hidden" { "Error: " } (message) }
            }
            p class="app-body" { "Each item is saved as you saw it on this page: one changed by someone else since is named and left as it is." }
            (radio_group("bulk_decision", "Your decision", None, &decisions(), &bulk.decision, Layout::Stacked, &bulk.errors))
            (long_text("bulk_reason", "Reason for rejecting or returning them", Some(REASON_HINT), &bulk.reason, TEXT_MAX, &bulk.errors))
            button type="submit" class="app-button" { "Save decision for the selected items" }
        }
    }
}

fn returned_section(returned: &[ReturnedItem<'_>]) -> Markup {
    html! {
        @if !returned.is_empty() {
            h2 class="app-heading-m" id="returned" { "Returned for changes" }
            p class="app-body" { "Waiting for the people who added them. Each comes back to this queue when it is changed." }
            div class="app-table-wrap" role="region" aria-labelledby="returned" tabindex="0" {
                table class="app-table" {
                    thead { tr {
                        th scope="col" { "Evidence" } th scope="col" { "Practice area" } th scope="col" { "Returned" } th scope="col" { "Why" }
                    } }
                    tbody { @for r in returned {
                        tr {
                            td { a href={ "/evidence/" (r.line.item.id) } { (r.line.item.title) } }
                            td { (r.line.area) }
                            td class="app-nowrap" {
                                @if let Some(on) = r.returned_on { (date(on)) }
                                @if let Some(by) = &r.returned_by { br; "by " (by) }
                            }
                            td { (r.reason) }
                        }
                    } }
                }
            }
        }
    }
}

/// The review queue.
pub fn queue_page(
    (items, returned): (&[QueueItem<'_>], &[ReturnedItem<'_>]),
    bulk: &BulkValues,
    (page, total, per_page): (i64, usize, i64),
    page_href: &dyn Fn(i64) -> String,
    chrome: &Chrome,
) -> Markup {
    let mut errors = bulk.errors.in_order(&["selected", "bulk_decision", "bulk_reason"]);
    for item in items {
        let id = item.line.item.id;
        if let Some(message) = bulk.errors.for_field(&format!("selected-{id}")) {
            errors.add(&format!("selected-{id}"), message);
        }
        let (decision, reason) = review_names(id, true);
        let [on, by, name] = verification_names(&format!("-{id}"));
        errors.merge(item.errors.in_order(&[&decision, &reason, &on, &by, &name]));
    }
    layout(
        if errors.is_empty() { "Review queue" } else { "Error: Review queue" },
        chrome,
        html! {
            (error_summary(&errors))
            h1 class="app-heading-l" { "Review queue" }
            p class="app-body" { "Evidence added but not yet reviewed, oldest first. Verified items count towards whether practice has changed; rejected items do not, and the reason is shown to the person who added them. An item returned for changes goes back to them, with your reason, until they change it." }
            p class="app-body" role="status" { strong { (showing(page, per_page, total, "draft awaits review", "drafts await review")) } }
            @if items.is_empty() { p class="app-body" { "There is nothing to review." } }
            @else { p class="app-body" { "Select several items, then " a href="#decide-selected" { "decide on them all at once" } " at the end of the list, or decide on one item alone." } }
            @for item in items { (item_section(item, bulk, &chrome.csrf)) }
            @if !items.is_empty() { (bulk_form(bulk, page, &chrome.csrf)) }
            (pagination(page, total as i64, per_page, page_href))
            (returned_section(returned))
        },
    )
}
