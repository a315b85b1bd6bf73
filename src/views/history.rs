//! Change history: the whole history with its filters and pages, and the
//! "History" section every record's page ends with.

use super::blocks::pagination;
use super::components::select;
use super::fields::{date_input, DateInput};
use super::{layout, Chrome};
use crate::domain::dates::long_date_time;
use crate::domain::fields::FieldErrors;
use crate::read::history::{FieldChange, HistoryEntry, RECORD_KINDS};
use maud::{html, Markup};

/// One field's change: "31 March 2026 → 30 April 2026", read as "changed to".
fn change(c: &FieldChange) -> Markup {
    html! {
        @match (&c.before, &c.after) {
            (Some(was), Some(now)) => {
                span class="app-history__was" { (was) }
                span aria-hidden="true" { " → " }
                span class="app-visually-hidden" { ", changed to " }
                span { (now) }
            }
            (None, Some(now)) => { (now) }
            (Some(was), None) => {
                span class="app-history__was" { (was) }
                span aria-hidden="true" { " → " }
                "cleared"
            }
            (None, None) => {}
        }
    }
}

/// The entries as a timeline, newest first.
pub fn entries(items: &[HistoryEntry]) -> Markup {
    html! {
        ol class="app-history" {
            @for entry in items {
                li class="app-history__entry" {
                    p class="app-history__head" {
                        strong { (entry.what) }
                        " · " (entry.record.kind) ": "
                        @match &entry.record.href {
                            Some(href) => a href=(href) { (entry.record.name) },
                            None => (entry.record.name),
                        }
                    }
                    p class="app-history__meta" { "By " (entry.who) ", " (long_date_time(entry.at)) }
                    @if !entry.changes.is_empty() {
                        dl class="app-history__changes" {
                            @for c in &entry.changes {
                                div { dt { (c.label) } dd { (change(c)) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The "History" section at the end of a record's page: its latest changes
/// and a link to all of them.
/// What every record page shows beside its own content: the controls to change
/// or archive it (or why they are absent), and its latest changes.
#[derive(Debug, Default)]
pub struct RecordParts {
    pub controls: Markup,
    pub history: Vec<HistoryEntry>,
}

pub fn history_section(items: &[HistoryEntry], all_href: &str) -> Markup {
    html! {
        section class="app-section" aria-labelledby="history" {
            h2 class="app-heading-m" id="history" { "History" }
            @if items.is_empty() {
                p class="app-body" { "No changes recorded." }
            } @else {
                (entries(items))
                p class="app-body" { a href=(all_href) { "See every change to this record" } }
            }
        }
    }
}

/// What the history page's filters hold, as typed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HistoryFilterValues {
    pub user: String,
    pub kind: String,
    pub from: DateInput,
    pub to: DateInput,
    /// Set when the page is about one record.
    pub entity: String,
    pub id: String,
}

/// One page of change history, with what it is filtered by.
#[derive(Clone)]
pub struct HistoryPageView<'a> {
    pub entries: &'a [HistoryEntry],
    pub total: i64,
    pub page: u32,
    pub pages: u32,
    pub filters: &'a HistoryFilterValues,
    /// The users to filter by: (id, name).
    pub users: &'a [(String, String)],
    /// The record the page is about, when it is about one: (kind, name, link).
    pub record: Option<(String, String, Option<String>)>,
    pub errors: &'a FieldErrors,
    /// A page's link with the filters kept.
    pub href: &'a dyn Fn(u32) -> String,
}

/// The change history page.
pub fn history_page(view: &HistoryPageView, chrome: &Chrome) -> Markup {
    let f = view.filters;
    let mut users = vec![(String::new(), "Anyone".to_string())];
    users.extend(view.users.iter().cloned());
    let mut kinds = vec![(String::new(), "Every kind".to_string())];
    kinds.extend(RECORD_KINDS.iter().map(|(v, l)| (v.to_string(), l.to_string())));
    let chrome = chrome.with_breadcrumbs(&[("/", "Dashboard")]);
    layout(
        "Change history",
        &chrome,
        html! {
            h1 class="app-heading-l" { "Change history" }
            p class="app-body app-grid-two-thirds" {
                "Who changed what, and when: every change to the plan, every account change and every sign-in, newest first."
            }
            @if let Some((kind, name, href)) = &view.record {
                p class="app-body" {
                    "Showing changes to " (kind.to_lowercase()) " "
                    @match href { Some(href) => a href=(href) { (name) }, None => strong { (name) } }
                    ". " a href="/history" { "Show every change" }
                }
            }
            form method="get" action="/history" class="app-filter" novalidate {
                @if !f.entity.is_empty() {
                    input type="hidden" name="entity" value=(f.entity);
                    input type="hidden" name="id" value=(f.id);
                }
                div class="app-filter__fields" {
                    (select("user", "Changed by", &users, &f.user, view.errors))
                    @if f.entity.is_empty() { (select("kind", "Kind of record", &kinds, &f.kind, view.errors)) }
                    (date_input("from", "From", Some("For example, 1 3 2025"), &f.from, view.errors))
                    (date_input("to", "To", Some("For example, 31 3 2025"), &f.to, view.errors))
                }
                button type="submit" class="app-button app-button--secondary" { "Apply filters" }
                " "
                a class="app-filter__clear" href="/history" { "Clear filters" }
            }
            p class="app-body" role="status" {
                @match view.total {
                    0 => "No changes match these filters.",
                    1 => "1 change",
                    n => { (n) " changes" @if view.pages > 1 { ", page " (view.page) " of " (view.pages) } }
                }
            }
            (entries(view.entries))
            (pagination(view.page, view.pages, view.href))
        },
    )
}
