//! User administration and changing one's own password.

use super::components::{
    csrf_field, error_summary, notice, options, radios, select, stale_edit_panel, tag, text_field, StaleEdit,
};
use super::invitations::invitations_table;
use super::{layout, Chrome};
use crate::auth::CurrentUser;
use crate::db::invitations::InvitationRow;
use crate::db::sessions::{handle, SessionRow};
use crate::db::users::UserRow;
use crate::domain::fields::FieldErrors;
use crate::domain::kinds::Role;
use chrono::NaiveDateTime;
use maud::{html, Markup};
use serde::Deserialize;

/// What the new-user form holds.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct NewUserValues {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub role: String,
}

/// What the user form holds.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct UserValues {
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub active: String,
}

/// What the change-password form holds.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PasswordValues {
    #[serde(default)]
    pub current_password: String,
    #[serde(default)]
    pub new_password: String,
    #[serde(default)]
    pub confirm_password: String,
}

fn role_options() -> Vec<(String, String)> {
    options(Role::ALL, Role::as_str, Role::label)
}

/// Every user, with a link to change each, and the invitations sent (as at
/// `now`). With a mail server (`mail`) people are invited; without one an
/// admin may add them with a password made for them, shown once.
pub fn users_page(
    users: &[UserRow],
    (invitations, now): (&[(InvitationRow, UserRow)], NaiveDateTime),
    mail: bool,
    chrome: &Chrome,
) -> Markup {
    layout(
        "Users",
        chrome,
        html! {
            h1 class="app-heading-l" { "Users" }
            div class="app-button-group" {
                a class="app-button-link" href="/users/invite" { "Invite someone" }
                @if !mail { a href="/users/new" { "Add a user with a password made for them" } }
            }
            table class="app-table" {
                caption class="app-visually-hidden" { "Users" }
                thead { tr { th scope="col" { "Name" } th scope="col" { "Email" } th scope="col" { "Role" } th scope="col" { "Status" } th scope="col" { "Last sign-in" } } }
                tbody {
                    @for user in users {
                        tr {
                            td { a href={ "/users/" (user.id) } { (user.display_name) } }
                            td { (user.email) }
                            td { (user.role.label()) }
                            td {
                                @if !user.active { (tag("Deactivated", "grey")) }
                                @else if user.password_hash.is_none() { (tag("No password yet", "blue")) }
                                @else { (tag("Active", "green")) }
                            }
                            td { (user.last_login_at.map(|t| t.format("%-d %B %Y %H:%M").to_string()).unwrap_or_else(|| "Never".into())) }
                        }
                    }
                }
            }
            (invitations_table(invitations, now, chrome))
        },
    )
}

/// The form to add a user.
pub fn new_user_page(values: &NewUserValues, errors: &FieldErrors, chrome: &Chrome) -> Markup {
    layout(
        if errors.is_empty() { "Add a user" } else { "Error: Add a user" },
        chrome,
        html! {
            (error_summary(errors))
            h1 class="app-heading-l" { "Add a user" }
            form method="post" action="/users" novalidate {
                (csrf_field(&chrome.csrf))
                (text_field("email", "Email address", "email", &values.email, "off", errors))
                (text_field("display_name", "Name", "text", &values.display_name, "off", errors))
                (select("role", "Role", &role_options(), &values.role, errors))
                button type="submit" class="app-button" { "Add user" }
            }
        },
    )
}

/// A password shown once, after adding a user or resetting a password.
pub fn password_shown_once(user: &UserRow, password: &str, chrome: &Chrome) -> Markup {
    layout(
        "Password",
        chrome,
        html! {
            (notice(&format!("Give this password to {} ({}). It is shown only once.", user.display_name, user.email)))
            h1 class="app-heading-l" { "Password for " (user.display_name) }
            p { span class="app-password" { (password) } }
            p class="app-body" { "Ask them to change it after they sign in, under Account." }
            p { a href="/users" { "Back to users" } }
        },
    )
}

/// The form to change a user's name, role or status; a new password for
/// them (a link by email when there is a mail server, `mail`, else one made
/// and shown once); and ending their sessions.
pub fn user_page(
    user: &UserRow,
    values: &UserValues,
    (errors, stale): (&FieldErrors, Option<&StaleEdit>),
    mail: bool,
    chrome: &Chrome,
) -> Markup {
    let statuses = vec![
        ("true".to_string(), "Active: can sign in".to_string()),
        ("false".to_string(), "Deactivated: cannot sign in".to_string()),
    ];
    layout(
        if errors.is_empty() && stale.is_none() { "Change user" } else { "Error: Change user" },
        chrome,
        html! {
            @if let Some(stale) = stale { (stale_edit_panel(stale)) }
            (error_summary(errors))
            span class="app-caption" { (user.email) }
            h1 class="app-heading-l" { (user.display_name) }
            form method="post" action={ "/users/" (user.id) } novalidate {
                (csrf_field(&chrome.csrf))
                input type="hidden" name="version" value=(values.version);
                (text_field("display_name", "Name", "text", &values.display_name, "off", errors))
                (select("role", "Role", &role_options(), &values.role, errors))
                (radios("active", "Status", &statuses, &values.active, errors))
                p class="app-hint" { "Changing the role or deactivating ends the user's sessions at once." }
                button type="submit" class="app-button" { "Save changes" }
            }
            @if mail {
                h2 class="app-heading-m" { "New password" }
                form method="post" action={ "/users/" (user.id) "/invitation" } {
                    (csrf_field(&chrome.csrf))
                    p class="app-body" {
                        "An email goes to " (user.email) " with a link to choose a new password (it works once, for "
                        "7 days). Their sessions end when they use it."
                    }
                    button type="submit" class="app-button app-button--secondary" { "Email a link to set a password" }
                }
            } @else {
                h2 class="app-heading-m" { "Reset password" }
                form method="post" action={ "/users/" (user.id) "/password" } {
                    (csrf_field(&chrome.csrf))
                    p class="app-body" { "A new password is made and shown once; the user's sessions end." }
                    button type="submit" class="app-button app-button--secondary" { "Reset password" }
                }
            }
            h2 class="app-heading-m" { "Sessions" }
            form method="post" action={ "/users/" (user.id) "/sessions" } {
                (csrf_field(&chrome.csrf))
                p class="app-body" {
                    "Ends every session and API token of " (user.display_name) " at once, on every device: they must "
                    "sign in again. Use it when a device is lost or shared."
                }
                button type="submit" class="app-button app-button--warning" { "End all their sessions" }
            }
        },
    )
}

/// The form to change one's own password.
pub fn change_password_page(errors: &FieldErrors, done: bool, chrome: &Chrome) -> Markup {
    layout(
        if errors.is_empty() { "Change your password" } else { "Error: Change your password" },
        chrome,
        html! {
            (error_summary(errors))
            @if done { (notice("Your password has been changed. Sign in again on your other devices.")) }
            h1 class="app-heading-l" { "Change your password" }
            form method="post" action="/account/password" novalidate {
                (csrf_field(&chrome.csrf))
                (text_field("current_password", "Current password", "password", "", "current-password", errors))
                (text_field("new_password", "New password (12 characters or more)", "password", "", "new-password", errors))
                (text_field("confirm_password", "New password again", "password", "", "new-password", errors))
                button type="submit" class="app-button" { "Change password" }
            }
        },
    )
}

/// The account page: the signed-in person, their live sessions, and a button
/// to sign out of every other one.
pub fn account_page(user: &CurrentUser, sessions: &[SessionRow], chrome: &Chrome) -> Markup {
    let others = sessions.iter().filter(|s| s.id != user.session_id).count();
    layout(
        "Your account",
        chrome,
        html! {
            h1 class="app-heading-l" { "Your account" }
            dl class="app-summary-list" {
                div { dt { "Name" } dd { (user.name) } }
                div { dt { "Email" } dd { (user.email) } }
                div { dt { "Role" } dd { (user.role.label()) } }
            }
            p class="app-body" { a href="/account/password" { "Change your password" } }
            h2 class="app-heading-m" { "Where you are signed in" }
            p class="app-body" {
                "Each sign-in and each API token is a session. A session ends when you sign out, when it expires, "
                "or when your password or role changes."
            }
            div class="app-table-wrap" role="region" aria-label="Your sessions" tabindex="0" {
                table class="app-table" {
                    thead { tr {
                        th scope="col" { "Device" } th scope="col" { "Address" } th scope="col" { "Started" }
                        th scope="col" { "Last seen" } th scope="col" { "Expires" }
                        th scope="col" { span class="app-visually-hidden" { "Sign out" } }
                    } }
                    tbody {
                        @for s in sessions {
                            tr {
                                td {
                                    (device(&s.user_agent)) " (" (s.kind.label()) ")"
                                    @if s.id == user.session_id { " " (tag("This session", "blue")) }
                                    @if !s.user_agent.is_empty() { br; span class="app-hint" { (s.user_agent) } }
                                }
                                td { (s.client_address) }
                                td { (s.created_at.format("%-d %b %Y %H:%M")) }
                                td { (s.last_seen_at.format("%-d %b %Y %H:%M")) }
                                td { (s.expires_at.format("%-d %b %Y %H:%M")) }
                                td {
                                    form method="post" action={ "/account/sessions/" (handle(&s.id)) "/end" } class="app-inline-form" {
                                        (csrf_field(&chrome.csrf))
                                        button type="submit" class="app-button app-button--secondary app-button--small" {
                                            "Sign out"
                                            span class="app-visually-hidden" { " of the session started " (s.created_at.format("%-d %b %Y %H:%M")) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @if others > 0 {
                form method="post" action="/account/sessions" {
                    (csrf_field(&chrome.csrf))
                    button type="submit" class="app-button app-button--secondary" {
                        "Sign out of " (others) @if others == 1 { " other session" } @else { " other sessions" }
                    }
                }
            } @else {
                p class="app-body" { "You are not signed in anywhere else." }
            }
        },
    )
}

/// A session's device in words, from its browser's user agent: the browser
/// and the system it runs on, as far as they can be told.
pub fn device(user_agent: &str) -> String {
    let browser = [("Edg/", "Edge"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Safari/", "Safari")]
        .iter()
        .find(|(mark, _)| user_agent.contains(mark))
        .map(|(_, name)| *name);
    let system = [
        ("Windows", "Windows"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Android", "Android"),
        ("Mac OS X", "Mac"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ]
    .iter()
    .find(|(mark, _)| user_agent.contains(mark))
    .map(|(_, name)| *name);
    match (browser, system) {
        (Some(b), Some(s)) => format!("{b} on {s}"),
        (Some(one), None) | (None, Some(one)) => one.to_string(),
        (None, None) if user_agent.is_empty() => "Unknown device".to_string(),
        (None, None) => "Other device".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::device;

    #[test]
    fn a_session_names_its_browser_and_system_as_people_say_them() {
        let firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
        assert_eq!(device(firefox), "Firefox on Windows");
        let edge = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) \
                    Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0";
        assert_eq!(device(edge), "Edge on Windows");
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) \
                      Version/17.5 Mobile/15E148 Safari/604.1";
        assert_eq!(device(iphone), "Safari on iPhone");
        assert_eq!(device("sustain-sync/1.0"), "Other device");
        assert_eq!(device(""), "Unknown device");
    }
}
