//! Error pages.

use super::{layout, Chrome};
use maud::{html, Markup};

/// A page explaining what went wrong and what to do next.
pub fn error_page(status: u16, heading: &str, message: &str, chrome: &Chrome) -> Markup {
    layout(
        heading,
        chrome,
        html! {
            h1 class="app-heading-l" { (heading) }
            p class="app-body" { (message) }
            @if status == 404 {
                p class="app-body" { "If you typed the web address, check it is correct." }
            }
            p class="app-body" { a href="/" { "Go to the practice areas" } }
        },
    )
}
