//! The frame every form page shares: "Error: " in the title when something is
//! wrong, a refused stale edit with their values beside yours, the error
//! summary in the order of the form, the heading, and the buttons at the end.

use super::components::{error_summary, stale_edit_panel, StaleEdit};
use super::fields::FormFields;
use super::{layout, Chrome};
use crate::domain::fields::FieldErrors;
use maud::{html, Markup};

/// What the top of a form page shows.
#[derive(Debug, Clone)]
pub struct FormHead<'a> {
    /// The page's heading and title.
    pub title: &'a str,
    /// A line above the heading naming what the form belongs to.
    pub caption: Option<&'a str>,
    pub errors: &'a FieldErrors,
    pub stale: Option<&'a StaleEdit>,
    /// The form's field names in order, so the summary reads top to bottom.
    pub order: Vec<&'static str>,
    /// Where "Back" goes.
    pub back: Option<String>,
}

/// A form page: title, back link, stale edit, error summary, heading, body.
pub fn form_layout(head: FormHead, chrome: &Chrome, body: Markup) -> Markup {
    let problem = !head.errors.is_empty() || head.stale.is_some();
    let title = if problem { format!("Error: {}", head.title) } else { head.title.to_string() };
    layout(
        &title,
        chrome,
        html! {
            @if let Some(back) = &head.back { a class="app-back-link" href=(back) { "Back" } }
            @if let Some(stale) = head.stale { (stale_edit_panel(stale)) }
            (error_summary(&head.errors.in_order(&head.order)))
            @if let Some(caption) = head.caption { span class="app-caption" { (caption) } }
            h1 class="app-heading-l" { (head.title) }
            (body)
        },
    )
}

/// The button that sends a form, with a way out beside it.
pub fn buttons(submit: &str, cancel: &str) -> Markup {
    html! {
        div class="app-button-group" {
            button type="submit" class="app-button" { (submit) }
            a class="app-link" href=(cancel) { "Cancel" }
        }
    }
}

/// The hidden version a form was read at, for the stale-edit check.
pub fn version_field(version: &str) -> Markup {
    html! { input type="hidden" name="version" value=(version); }
}

/// Everything a record's form page shows: which record (none for a new one),
/// the version it was read at, the values as typed, what can be chosen, and
/// what went wrong.
#[derive(Debug)]
pub struct FormState<'a, I, V, C> {
    pub id: Option<I>,
    pub version: Option<&'a str>,
    pub values: &'a V,
    pub choices: &'a C,
    pub errors: &'a FieldErrors,
    pub stale: Option<&'a super::components::StaleEdit>,
    pub chrome: &'a Chrome,
    /// The page to go back to after saving (a plain local path), when the
    /// form was opened from one; carried by the form as `return`.
    pub return_to: Option<&'a str>,
}

impl<I: Copy, V, C> Clone for FormState<'_, I, V, C> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<I: Copy, V, C> Copy for FormState<'_, I, V, C> {}

impl<I: std::fmt::Display + Copy, V, C> FormState<'_, I, V, C> {
    /// Where the form posts: the record (`/owners/3`) or its list (`/owners`) for a new one.
    pub fn action(&self, list: &str) -> String {
        match self.id {
            Some(id) => format!("{list}/{id}"),
            None => list.to_string(),
        }
    }

    /// Whether the form makes a new record.
    pub fn is_new(&self) -> bool {
        self.id.is_none()
    }

    /// Where "Back" and "Cancel" go: the page the form was opened from, else
    /// the record (`{list}/{id}`), or `otherwise` for a new one.
    pub fn back_to(&self, list: &str, otherwise: &str) -> String {
        match (self.return_to, self.id) {
            (Some(page), _) => page.to_string(),
            (None, Some(id)) => format!("{list}/{id}"),
            (None, None) => otherwise.to_string(),
        }
    }

    /// The hidden fields every form carries: the CSRF token, the version, and
    /// the page to return to.
    pub fn hidden(&self) -> Markup {
        html! {
            (super::components::csrf_field(&self.chrome.csrf))
            @if let Some(v) = self.version { (version_field(v)) }
            @if let Some(page) = self.return_to { input type="hidden" name="return" value=(page); }
        }
    }
}

impl<'a, I, V: FormFields, C> FormState<'a, I, V, C> {
    /// The top of a record's form: its title, a caption naming what it belongs
    /// to, the errors in the form's order, a refused stale edit, and "Back".
    pub fn head(&self, title: &'a str, caption: Option<&'a str>, back: &str) -> FormHead<'a> {
        FormHead {
            title,
            caption,
            errors: self.errors,
            stale: self.stale,
            order: self.values.order(),
            back: Some(back.into()),
        }
    }
}
