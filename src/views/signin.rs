//! The sign-in page.

use super::components::{error_summary, text_field};
use super::{layout, Chrome};
use crate::domain::fields::FieldErrors;
use maud::{html, Markup};

/// The sign-in form, with any problems shown at the top and beside the fields.
pub fn sign_in_page(email: &str, next: &str, errors: &FieldErrors, chrome: &Chrome) -> Markup {
    let title = if errors.is_empty() { "Sign in" } else { "Error: Sign in" };
    layout(
        title,
        chrome,
        html! {
            div class="app-grid-two-thirds" {
                (error_summary(errors))
                h1 class="app-heading-l" { "Sign in to Sustain" }
                form method="post" action="/sign-in" novalidate {
                    input type="hidden" name="csrf_token" value=(chrome.csrf);
                    input type="hidden" name="next" value=(next);
                    (text_field("email", "Email address", "email", email, "username", errors))
                    (text_field("password", "Password", "password", "", "current-password", errors))
                    button type="submit" class="app-button" { "Sign in" }
                }
            }
        },
    )
}
