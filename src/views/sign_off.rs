//! The action page's sign-off section: where the action's sign-off stands,
//! the latest decision with the action as it stood then (a return's reason
//! is what its owner reads), and for a leader, the form to sign it off or
//! return it.

use super::components::{csrf_field, date, maybe_date, tag};
use super::fields::{long_text, radio_group, Layout};
use crate::db::sign_offs::SignOffRow;
use crate::domain::dates::england_date;
use crate::domain::fields::FieldErrors;
use crate::domain::kinds::SignOffDecision;
use crate::domain::plan::TEXT_MAX;
use crate::domain::sign_off::Standing;
use crate::read::action_page::SignOffShown;
use maud::{html, Markup};

/// The sign-off form's fields as typed (named apart from the progress form's).
#[derive(Debug, Clone, Default)]
pub struct SignOffFormValues {
    pub decision: String,
    pub note: String,
}

/// The form's field names, in page order, for the error summary.
pub const FIELDS: &[&str] = &["decision", "sign_off_note"];

/// The colour of a standing's tag.
fn colour(standing: Standing) -> &'static str {
    match standing {
        Standing::Awaiting { .. } => "yellow",
        Standing::SignedOff { .. } => "green",
        Standing::Returned { .. } => "red",
        Standing::NotAsked | Standing::NotCompleted => "grey",
    }
}

/// The latest decision, who made it and on what day, and the action as it stood then.
fn decision(row: &SignOffRow, by: Option<&str>, kept: Option<&crate::db::actions::UpdateRow>) -> Markup {
    let on = england_date(row.decided_at);
    let what = match row.decision {
        SignOffDecision::SignedOff => "Signed off",
        SignOffDecision::Returned => "Returned to its owner",
    };
    html! {
        div class="app-inset-text" {
            p class="app-body" {
                strong { (what) }
                @match by {
                    Some(name) => { " by " (name) }
                    None => { " when sign-off began to be kept" }
                }
                " on " (date(on))
                @if row.own_action { " " (tag("Their own action", "blue")) }
            }
            @if !row.note.is_empty() {
                p class="app-body" {
                    @if row.decision == SignOffDecision::Returned { "Reason: " } @else { "Note: " }
                    (row.note)
                }
            }
            details class="app-details" {
                summary { "The action as it stood" }
                div class="app-details__text" {
                    dl class="app-summary-list" {
                        div { dt { "Completed" } dd { (maybe_date(row.completed_date)) } }
                        div { dt { "Due" } dd { (maybe_date(row.due_date)) } }
                        div { dt { "How we will know" } dd { @if row.success_measure.is_empty() { "Not given" } @else { (row.success_measure) } } }
                        div { dt { "Latest progress update" } dd {
                            @match kept {
                                Some(u) => { (date(u.update_date)) " (" (u.rag.label()) "): " (u.note) }
                                None => { "None" }
                            }
                        } }
                    }
                }
            }
        }
    }
}

/// The form a leader decides with; neither choice is made for them.
fn form(
    action_id: impl std::fmt::Display,
    version: i32,
    values: &SignOffFormValues,
    errors: &FieldErrors,
    csrf: &str,
) -> Markup {
    let choices = [
        ("sign_off".to_string(), "Sign it off: it is delivered as it stands".to_string(), None),
        ("return".to_string(), "Return it to its owner: it goes back in progress".to_string(), None),
    ];
    html! {
        form method="post" action={ "/actions/" (action_id) "/sign-off" } novalidate class="app-form" {
            (csrf_field(csrf))
            input type="hidden" name="version" value=(version);
            (radio_group("decision", "Your decision", None, &choices, &values.decision, Layout::Stacked, errors))
            (long_text("sign_off_note", "Note", Some("For a return, the reason its owner will read."), &values.note, TEXT_MAX, errors))
            button type="submit" class="app-button" { "Save decision" }
        }
    }
}

/// The section, or nothing when the council does not ask for sign-off and
/// nothing was ever decided.
pub fn sign_off_section(
    (action_id, version): (impl std::fmt::Display, i32),
    shown: &SignOffShown,
    may_decide: bool,
    (values, errors): (&SignOffFormValues, &FieldErrors),
    csrf: &str,
) -> Markup {
    let standing = shown.standing;
    if matches!(standing, Standing::NotAsked | Standing::NotCompleted) && shown.latest.is_none() {
        return html! {};
    }
    html! {
        h2 class="app-heading-m" id="sign-off" { "Sign-off" }
        @if !standing.label().is_empty() { p class="app-body" { (tag(standing.label(), colour(standing))) } }
        @match standing {
            Standing::Awaiting { .. } => p class="app-body" {
                "It counts as delivered from the day a leader signs it off. A leader may instead return it with a reason."
            },
            Standing::Returned { .. } => p class="app-body" {
                "It is in progress again. Mark it completed when the reason below is dealt with; it then waits for sign-off again."
            },
            Standing::NotAsked => p class="app-body" {
                "The council does not ask for sign-off: a completed action counts from its completed date."
            },
            _ => {}
        }
        @if let Some((row, by, kept)) = &shown.latest {
            h3 class="app-heading-s" { "Latest decision" }
            (decision(row, by.as_deref(), kept.as_ref()))
        }
        @if may_decide && standing.is_awaiting() {
            h3 class="app-heading-s" { "Sign off or return" }
            (form(action_id, version, values, errors, csrf))
        }
    }
}
