//! Error pages.

use super::{layout, Chrome};
use maud::{html, Markup};

/// A page explaining what went wrong and what to do next; `today` links to
/// the page asked for as it is today, when its date was refused.
pub fn error_page(status: u16, (heading, message): (&str, &str), today: Option<&str>, chrome: &Chrome) -> Markup {
    layout(
        heading,
        chrome,
        html! {
            h1 class="app-heading-l" { (heading) }
            p class="app-body" { (message) }
            @if status == 404 {
                p class="app-body" { "If you typed the web address, check it is correct." }
            }
            @if let Some(href) = today { p class="app-body" { a href=(href) { "See this page as it is today" } } }
            p class="app-body" { a href="/" { "Go to the dashboard" } }
        },
    )
}
