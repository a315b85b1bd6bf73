//! Pages of signing in through an OpenID provider: coming back signed in,
//! a sign-in that could not be completed, and signing out of the provider too.

use super::{layout, Chrome};
use maud::{html, Markup};

/// Signed in: the browser goes on to `next` (by the response's `Refresh`, a
/// navigation from this site, so the session cookie goes with it).
pub fn signed_in_page(next: &str, chrome: &Chrome) -> Markup {
    layout(
        "Signed in",
        chrome,
        html! {
            h1 class="app-heading-l" { "You are signed in" }
            p class="app-body" { a href=(next) { "Continue to Sustain" } }
        },
    )
}

/// A sign-in through a provider that stopped: what happened and what to do.
pub fn sign_on_problem_page(heading: &str, message: &str, chrome: &Chrome) -> Markup {
    layout(
        heading,
        chrome,
        html! {
            h1 class="app-heading-l" { (heading) }
            p class="app-body" { (message) }
            p class="app-body" { a href="/sign-in" { "Go back to sign in" } }
        },
    )
}

/// Signed out of Sustain, while still signed in at the provider: signing out
/// there too is offered, not forced (others may share the provider's session).
pub fn signed_out_page(provider_name: &str, end_session: &str, chrome: &Chrome) -> Markup {
    layout(
        "Signed out",
        chrome,
        html! {
            h1 class="app-heading-l" { "You have signed out of Sustain" }
            p class="app-body" {
                "You may still be signed in to " (provider_name) " in this browser. On a shared computer, sign out there too."
            }
            p class="app-body" { a class="app-button" href=(end_session) { "Sign out of " (provider_name) } }
            p class="app-body" { a href="/sign-in" { "Sign in again" } }
        },
    )
}
