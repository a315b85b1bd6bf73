//! An owner's reminder digest on their page: what their email holds (or,
//! without an email, what the leaders are told), and when one was last sent.

use super::blocks::plural;
use super::components::date;
use super::components::tag;
use crate::db::digests::DigestRow;
use crate::domain::digest::slipping::SlippingItem;
use crate::domain::digest::text::{needed, when};
use crate::domain::digest::{ActionItem, Digest, RequestItem};
use maud::{html, Markup};

/// What the digest section shows.
#[derive(Debug, Clone)]
pub struct DigestPanel {
    /// The owner's digest as at the page's date.
    pub digest: Option<Digest>,
    /// The latest digest emailed to them.
    pub last_sent: Option<DigestRow>,
}

fn action_items(items: &[ActionItem]) -> Markup {
    html! {
        ul class="app-list" {
            @for item in items {
                li {
                    a href={ "/actions/" (item.action.id) } { (item.action.reference) " " (item.action.title) }
                    ", due " (date(item.action.due)) " (" (when(item.days_left)) ")"
                }
            }
        }
    }
}

fn group(heading: &str, items: &[ActionItem]) -> Markup {
    html! {
        @if !items.is_empty() {
            h3 class="app-heading-s" { (heading) " (" (items.len()) ")" }
            (action_items(items))
        }
    }
}

fn request_items(items: &[RequestItem]) -> Markup {
    html! {
        @if !items.is_empty() {
            ul class="app-list" {
                @for item in items {
                    li {
                        a href={ "/requests/" (item.request.id) } { (item.request.about) } ": " (item.request.wanted.trim_end_matches('.'))
                        ", by " (date(item.request.due)) " (" (needed(item.days_left)) ")"
                    }
                }
            }
        }
    }
}

fn requests(heading: &str, items: &[RequestItem]) -> Markup {
    html! {
        @if !items.is_empty() {
            h3 class="app-heading-s" { (heading) " (" (items.len()) ")" }
            (request_items(items))
        }
    }
}

/// The areas the owner leads that would stop being embedded within 30 days,
/// those within a week flagged.
fn slipping_group(items: &[SlippingItem]) -> Markup {
    html! {
        @if !items.is_empty() {
            h3 class="app-heading-s" { "Areas led at risk of slipping (" (items.len()) ")" }
            ul class="app-list" {
                @for item in items {
                    li {
                        @if item.within_week() { (tag("Within 7 days", "red")) " " }
                        a href={ "/areas/" (item.area.id) "#slipping" } { (item.area.name) } ": " (item.area.reason)
                    }
                }
            }
        }
    }
}

/// The "Reminder digest" section of an owner's page.
pub fn digest_section(panel: &DigestPanel) -> Markup {
    let Some(digest) = &panel.digest else { return html! {} };
    html! {
        section class="app-section" aria-labelledby="digest" {
            h2 class="app-heading-m" id="digest" { "Reminder digest" }
            p class="app-body app-grid-two-thirds" {
                @match &digest.recipient.email {
                    Some(email) => {
                        "Emailed to " (email) " when something in it is new: 30, 7 and 1 days before a due date, "
                        "each week an action is overdue, when evidence is asked for, and 30 and 7 days before an area they lead "
                        "would stop being embedded."
                    }
                    None => "No email address: these reminders are listed to the leaders in their digests.",
                }
            }
            p class="app-body" {
                @match &panel.last_sent {
                    Some(last) => {
                        "Last sent on " (date(last.sent_on)) " to " (last.email) ", with "
                        (plural(usize::try_from(last.reminder_count).unwrap_or(0), "new reminder", "new reminders")) "."
                    }
                    None => "No digest has been sent yet.",
                }
            }
            @if digest.is_empty() {
                p class="app-body" { "Nothing is overdue or due in the next 30 days." }
            }
            (group("Overdue", &digest.actions.overdue))
            (group("Due in the next 14 days", &digest.actions.due_soon))
            (group("Due in 15 to 30 days", &digest.actions.coming_up))
            (requests("Evidence asked for", &digest.requests))
            (slipping_group(&digest.slipping))
            @if !digest.evidence.is_empty() {
                h3 class="app-heading-s" { "Evidence waiting for review (" (digest.evidence.len()) ")" }
                ul class="app-list" {
                    @for item in &digest.evidence {
                        li {
                            a href={ "/evidence/" (item.evidence.id) } { (item.evidence.title) }
                            ", observed " (date(item.evidence.observed_on))
                        }
                    }
                }
            }
            @if !digest.unreachable.is_empty() {
                h3 class="app-heading-s" { "Owners without an email address (" (digest.unreachable.len()) ")" }
                @for u in &digest.unreachable {
                    p class="app-body" { a href={ "/owners/" (u.owner.id) } { (u.owner.label) } }
                    (action_items(&u.actions.all().cloned().collect::<Vec<_>>()))
                    (request_items(&u.requests))
                }
            }
        }
    }
}
