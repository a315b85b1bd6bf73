//! The sign-in page.

use super::components::{error_summary, text_field};
use super::{layout, Chrome};
use crate::domain::fields::FieldErrors;
use maud::{html, Markup};

/// How the page offers to sign in: each provider's button (its id and
/// name), and whether the password form is for admins only.
#[derive(Debug, Clone, Default)]
pub struct SignInChoices {
    pub providers: Vec<(String, String)>,
    pub passwords_for_admins_only: bool,
}

/// The sign-in form, with any problems shown at the top and beside the fields.
pub fn sign_in_page(email: &str, next: &str, errors: &FieldErrors, choices: &SignInChoices, chrome: &Chrome) -> Markup {
    let title = if errors.is_empty() { "Sign in" } else { "Error: Sign in" };
    let encoded_next = percent_encoding::utf8_percent_encode(next, percent_encoding::NON_ALPHANUMERIC).to_string();
    layout(
        title,
        chrome,
        html! {
            div class="app-grid-two-thirds" {
                (error_summary(errors))
                h1 class="app-heading-l" { "Sign in to Sustain" }
                @if !choices.providers.is_empty() {
                    div class="app-button-group" {
                        @for (id, name) in &choices.providers {
                            a class="app-button" href={ "/auth/oidc/" (id) "?next=" (encoded_next) } { "Sign in with " (name) }
                        }
                    }
                    h2 class="app-heading-m" {
                        @if choices.passwords_for_admins_only { "Admins: sign in with a password" } @else { "Or sign in with a password" }
                    }
                }
                form method="post" action="/sign-in" novalidate {
                    input type="hidden" name="csrf_token" value=(chrome.csrf);
                    input type="hidden" name="next" value=(next);
                    (text_field("email", "Email address", "email", email, "username", errors))
                    (text_field("password", "Password", "password", "", "current-password", errors))
                    button type="submit" class=(if choices.providers.is_empty() { "app-button" } else { "app-button app-button--secondary" }) { "Sign in" }
                }
            }
        },
    )
}
