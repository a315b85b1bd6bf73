//! Error pages.

use super::components::error_summary;
use super::fields::{date_input, DateInput};
use super::{layout, Chrome};
use crate::domain::fields::FieldErrors;
use maud::{html, Markup};

/// A refused date's form, to try another: the page's address, its other
/// parameters, and each refused date as typed with its legend.
#[derive(Debug, Clone)]
pub struct DateRetry<'a> {
    pub path: &'a str,
    pub params: Vec<(String, String)>,
    /// (name, legend, as typed).
    pub dates: Vec<(&'static str, &'static str, DateInput)>,
    pub errors: &'a FieldErrors,
}

/// The page for a date a page cannot be shown at: the problem in the error
/// summary, the date's three fields again with the message beside them, and
/// a link to the page as it is today.
pub fn date_error_page(heading: &str, retry: &DateRetry, today: &str, chrome: &Chrome) -> Markup {
    layout(
        &format!("Error: {heading}"),
        chrome,
        html! {
            (error_summary(retry.errors))
            h1 class="app-heading-l" { (heading) }
            form method="get" action=(retry.path) class="app-form" novalidate {
                @for (name, value) in &retry.params { input type="hidden" name=(name) value=(value); }
                @for (name, legend, typed) in &retry.dates {
                    (date_input(name, legend, Some("For example, 31 3 2025. It must be today or in the past."), typed, retry.errors))
                }
                button type="submit" class="app-button" { "Show" }
            }
            p class="app-body" { a href=(today) { "See this page as it is today" } }
            p class="app-body" { a href="/" { "Go to the dashboard" } }
        },
    )
}

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
