//! The links shared with inspectors for one pack: each with whom it is for,
//! its expiry, how often it was used and a revoke button, and the form that
//! makes a new one (for leaders).

use super::components::{csrf_field, date, error_summary};
use super::fields::{date_input, input, DateInput, Input};
use crate::db::shares::ShareRow;
use crate::domain::fields::FieldErrors;
use chrono::NaiveDate;
use maud::{html, Markup};

/// What the form to share a pack was given.
#[derive(Debug, Clone, Default)]
pub struct ShareForm {
    pub label: String,
    pub expires_on: DateInput,
}

/// A link just made: who it is for and its secret address, shown once on
/// the page that made it (never carried to another page).
#[derive(Debug, Clone)]
pub struct MadeLink {
    pub label: String,
    pub address: String,
}

/// The share panel of an inspection's pack page.
pub fn share_panel(
    inspection: i64,
    shares: &[ShareRow],
    (form, errors, made): (&ShareForm, &FieldErrors, Option<&MadeLink>),
    (csrf, today): (&str, NaiveDate),
) -> Markup {
    let action = format!("/inspections/{inspection}/shares");
    html! {
        section class="app-no-print app-panel" aria-labelledby="share" {
            h2 class="app-heading-m" id="share" { "Share with an inspector" }
            @if let Some(made) = made {
                div class="app-notification-banner app-notification-banner--success" role="alert"
                    aria-labelledby="link-made-title" tabindex="-1" {
                    div class="app-notification-banner__header" {
                        h3 class="app-notification-banner__title" id="link-made-title" { "Link made for " (made.label) }
                    }
                    div class="app-notification-banner__content" {
                        p class="app-notification-banner__heading" { "Copy it now: it is not shown again." }
                        p { code class="app-share-link" { (made.address) } }
                    }
                }
            }
            (error_summary(&errors.in_order(&["label", "expires_on"])))
            p { "A link opens this pack, read-only, without signing in, until the end of its expiry date \
                 (at most 90 days ahead) or until you revoke it. Each use is recorded in change history. \
                 It opens nothing else." }
            @if !shares.is_empty() {
                table class="app-table" {
                    caption class="app-table__caption" { "Links made" }
                    thead { tr { th scope="col" { "For" } th scope="col" { "Expires" } th scope="col" { "Uses" }
                        th scope="col" { "State" } th scope="col" { span class="app-visually-hidden" { "Revoke" } } } }
                    tbody {
                        @for s in shares {
                            tr {
                                td { (s.label) } td class="app-nowrap" { (date(s.expires_on)) } td { (s.uses) }
                                td { @if s.revoked_at.is_some() { "Revoked" } @else if s.is_live(today) { "Live" } @else { "Expired" } }
                                td {
                                    @if s.is_live(today) {
                                        form method="post" action={ "/shares/" (s.id) "/revoke" } class="app-inline-form" {
                                            (csrf_field(csrf))
                                            button type="submit" class="app-button app-button--warning" { "Revoke" span class="app-visually-hidden" { " the link for " (s.label) } }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            form method="post" action=(action) novalidate {
                (csrf_field(csrf))
                (input("label", "Who the link is for", Some("For example, Ofsted inspection team"), &form.label, Input::Text, errors))
                (date_input("expires_on", "Expires at the end of", Some("At most 90 days from today. For example, 27 3 2026"), &form.expires_on, errors))
                button type="submit" class="app-button" { "Make a link" }
            }
        }
    }
}
