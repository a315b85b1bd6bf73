//! Inviting people by email: the form, the invitations on the users page, and
//! the page a person's link opens to set their password.

use super::components::{csrf_field, error_summary, select, tag, text_field};
use super::{layout, Chrome};
use crate::db::invitations::{InvitationRow, InvitationState};
use crate::db::users::UserRow;
use crate::domain::fields::FieldErrors;
use crate::domain::kinds::Role;
use chrono::NaiveDateTime;
use maud::{html, Markup};
use serde::Deserialize;

/// What the invitation form holds.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct InviteValues {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub role: String,
    /// The owner record this person is, if any ("" for none).
    #[serde(default)]
    pub owner_id: String,
}

/// What the set-a-password form holds.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct NewPasswordValues {
    #[serde(default)]
    pub new_password: String,
    #[serde(default)]
    pub confirm_password: String,
}

/// The mail server invitations go through, or none configured.
pub enum MailServer<'a> {
    Configured(&'a str),
    Missing,
}

fn no_mail_server() -> Markup {
    html! {
        div class="app-panel app-panel--warning" role="alert" {
            h2 class="app-heading-m" { "Invitations cannot be sent yet" }
            p class="app-body" {
                "Invitations go by email, and no mail server is set up for Sustain. Ask whoever runs Sustain to set "
                code { "[smtp] host" } " and " code { "from" } " (or " code { "SUSTAIN_SMTP__HOST" } " and "
                code { "SUSTAIN_SMTP__FROM" } "), as the README's \"Configuration\" section explains, and restart it."
            }
            p class="app-body" {
                "Until then you can "
                a href="/users/new" { "add a user with a password made for them" }
                ", which you give them yourself."
            }
        }
    }
}

/// The form to invite a person: who they are, their role, and the owner
/// record they are, if any (`owners`: id and label of owners with no user).
pub fn invite_page(
    values: &InviteValues,
    owners: &[(String, String)],
    errors: &FieldErrors,
    mail: &MailServer<'_>,
    chrome: &Chrome,
) -> Markup {
    let roles = super::components::options(Role::ALL, Role::as_str, Role::label);
    let mut owner_options = vec![(String::new(), "None".to_string())];
    owner_options.extend(owners.iter().cloned());
    layout(
        if errors.is_empty() { "Invite someone" } else { "Error: Invite someone" },
        chrome,
        html! {
            (error_summary(errors))
            h1 class="app-heading-l" { "Invite someone" }
            @match mail {
                MailServer::Missing => (no_mail_server()),
                MailServer::Configured(server) => {
                    p class="app-body" {
                        "They get an email (sent through " (server) ") with a link to choose their own password. "
                        "The link works once, for 7 days. Nobody else sees their password."
                    }
                    form method="post" action="/users/invitations" novalidate {
                        (csrf_field(&chrome.csrf))
                        (text_field("email", "Email address", "email", &values.email, "off", errors))
                        (text_field("display_name", "Name", "text", &values.display_name, "off", errors))
                        (select("role", "Role", &roles, &values.role, errors))
                        (select("owner_id", "They are this owner (optional)", &owner_options, &values.owner_id, errors))
                        button type="submit" class="app-button" { "Send invitation" }
                    }
                }
            }
            p { a href="/users" { "Back to users" } }
        },
    )
}

fn when(t: NaiveDateTime) -> String {
    crate::domain::dates::long_date_time(t)
}

fn state_tag(state: InvitationState) -> Markup {
    let colour = match state {
        InvitationState::Pending => "blue",
        InvitationState::Accepted => "green",
        InvitationState::Revoked | InvitationState::Expired => "grey",
    };
    tag(state.label(), colour)
}

/// The invitations on the users page, newest first, with revoke and send again.
pub fn invitations_table(invitations: &[(InvitationRow, UserRow)], now: NaiveDateTime, chrome: &Chrome) -> Markup {
    html! {
        h2 class="app-heading-m" id="invitations" { "Invitations" }
        @if invitations.is_empty() {
            p class="app-body" { "Nobody has been invited yet." }
        } @else {
            div class="app-table-wrap" role="region" aria-label="Invitations" tabindex="0" {
                table class="app-table" {
                    thead { tr {
                        th scope="col" { "Person" } th scope="col" { "Sent to" } th scope="col" { "State" }
                        th scope="col" { "Link works until" } th scope="col" { span class="app-visually-hidden" { "Actions" } }
                    } }
                    tbody {
                        @for (invitation, user) in invitations {
                            @let state = invitation.state(now);
                            tr {
                                td { a href={ "/users/" (user.id) } { (user.display_name) } }
                                td { (invitation.sent_to) }
                                td { (state_tag(state)) }
                                td {
                                    @match state {
                                        InvitationState::Accepted => { "Used " (invitation.accepted_at.map(when).unwrap_or_default()) }
                                        InvitationState::Revoked => { "Revoked " (invitation.revoked_at.map(when).unwrap_or_default()) }
                                        _ => (when(invitation.expires_at)),
                                    }
                                }
                                td {
                                    @if state != InvitationState::Accepted && user.active {
                                        form method="post" action={ "/users/invitations/" (invitation.id) "/resend" } class="app-inline-form" {
                                            (csrf_field(&chrome.csrf))
                                            button type="submit" class="app-button app-button--secondary app-button--small" {
                                                "Send again" span class="app-visually-hidden" { " to " (user.display_name) }
                                            }
                                        }
                                    }
                                    @if state == InvitationState::Pending {
                                        form method="post" action={ "/users/invitations/" (invitation.id) "/revoke" } class="app-inline-form" {
                                            (csrf_field(&chrome.csrf))
                                            button type="submit" class="app-button app-button--warning app-button--small" {
                                                "Revoke" span class="app-visually-hidden" { " the invitation of " (user.display_name) }
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
    }
}

/// The invitation was saved but its email could not be sent.
pub fn not_sent_page(user: &UserRow, invitation: &InvitationRow, reason: &str, chrome: &Chrome) -> Markup {
    layout(
        "Invitation not sent",
        chrome,
        html! {
            h1 class="app-heading-l" { "The invitation to " (user.display_name) " was not sent" }
            p class="app-body" { "The invitation is saved, but its email could not be sent: " (reason) "." }
            p class="app-body" { "Check the mail server, then send it again." }
            form method="post" action={ "/users/invitations/" (invitation.id) "/resend" } {
                (csrf_field(&chrome.csrf))
                button type="submit" class="app-button" { "Send again" }
            }
            p { a href="/users" { "Back to users" } }
        },
    )
}

/// The page an invitation's link opens: choose a password or, where the
/// council has a sign-in provider, sign in with it instead (the account is
/// linked when the provider vouches for the same email address).
pub fn set_password_page(
    user: &UserRow,
    token: &str,
    providers: &[(String, String)],
    errors: &FieldErrors,
    chrome: &Chrome,
) -> Markup {
    layout(
        if errors.is_empty() { "Choose your password" } else { "Error: Choose your password" },
        chrome,
        html! {
            div class="app-grid-two-thirds" {
                (error_summary(errors))
                span class="app-caption" { (user.email) }
                h1 class="app-heading-l" { "Choose your password" }
                p class="app-body" {
                    "Welcome to Sustain, " (user.display_name) ". Choose a password of 12 characters or more: "
                    "a few unrelated words make a good one. You will then be signed in."
                }
                form method="post" action={ "/invitations/" (token) } novalidate {
                    (csrf_field(&chrome.csrf))
                    (text_field("new_password", "Password (12 characters or more)", "password", "", "new-password", errors))
                    (text_field("confirm_password", "Password again", "password", "", "new-password", errors))
                    button type="submit" class="app-button" { "Set password and sign in" }
                }
                @if !providers.is_empty() {
                    h2 class="app-heading-m" { "Or sign in with your organisation's account" }
                    p class="app-body" { "Use the account your organisation gave you for " (user.email) "." }
                    div class="app-button-group" {
                        @for (id, name) in providers {
                            a class="app-button app-button--secondary" href={ "/auth/oidc/" (id) } { "Sign in with " (name) }
                        }
                    }
                }
            }
        },
    )
}
