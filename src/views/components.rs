//! Small pieces that pages share: tags, error summaries, form fields, dates.

use crate::domain::fields::FieldErrors;
use maud::{html, Markup};

/// A coloured label, e.g. a status or state.
pub fn tag(text: &str, colour: &str) -> Markup {
    html! { strong class={ "app-tag app-tag--" (colour) } { (text) } }
}

/// The error summary at the top of a form, linking to each field.
pub fn error_summary(errors: &FieldErrors) -> Markup {
    html! {
        @if !errors.is_empty() {
            div class="app-error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" {
                h2 class="app-error-summary__title" id="error-summary-title" { "There is a problem" }
                ul class="app-error-summary__list" {
                    @for error in errors.iter() {
                        li { a href={ "#" (error.field) } { (error.message) } }
                    }
                }
            }
        }
    }
}

/// A labelled text input with its error beside it.
pub fn text_field(
    name: &str,
    label: &str,
    kind: &str,
    value: &str,
    autocomplete: &str,
    errors: &FieldErrors,
) -> Markup {
    let error = errors.for_field(name);
    html! {
        div class={ "app-form-group" @if error.is_some() { " app-form-group--error" } } {
            label class="app-label" for=(name) { (label) }
            @if let Some(message) = error {
                p class="app-error-message" id={ (name) "-error" } {
                    span class="app-visually-hidden" { "Error: " } (message)
                }
            }
            input class="app-input" id=(name) name=(name) type=(kind) value=(value)
                autocomplete=(autocomplete) spellcheck="false"
                aria-describedby=[error.map(|_| format!("{name}-error"))];
        }
    }
}

/// A date as people read it: "1 October 2024".
pub fn date(d: chrono::NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// An optional date, or a dash.
pub fn maybe_date(d: Option<chrono::NaiveDate>) -> String {
    d.map(date).unwrap_or_else(|| "–".into())
}

fn group_class(error: Option<&str>) -> &'static str {
    if error.is_some() {
        "app-form-group app-form-group--error"
    } else {
        "app-form-group"
    }
}

fn error_line(name: &str, error: Option<&str>) -> Markup {
    html! {
        @if let Some(message) = error {
            p class="app-error-message" id={ (name) "-error" } { span class="app-visually-hidden" { "Error: " } (message) }
        }
    }
}

/// A labelled text area with its error beside it.
pub fn text_area(name: &str, label: &str, value: &str, hint: Option<&str>, errors: &FieldErrors) -> Markup {
    let error = errors.for_field(name);
    html! {
        div class=(group_class(error)) {
            label class="app-label" for=(name) { (label) }
            @if let Some(hint) = hint { p class="app-hint" id={ (name) "-hint" } { (hint) } }
            (error_line(name, error))
            textarea class="app-textarea" id=(name) name=(name) rows="4"
                aria-describedby=[error.map(|_| format!("{name}-error"))] { (value) }
        }
    }
}

/// A labelled select with its error beside it; options are (value, label).
pub fn select(name: &str, label: &str, options: &[(String, String)], selected: &str, errors: &FieldErrors) -> Markup {
    let error = errors.for_field(name);
    html! {
        div class=(group_class(error)) {
            label class="app-label" for=(name) { (label) }
            (error_line(name, error))
            select class="app-select" id=(name) name=(name) aria-describedby=[error.map(|_| format!("{name}-error"))] {
                @for (value, text) in options {
                    option value=(value) selected[value == selected] { (text) }
                }
            }
        }
    }
}

/// A labelled date input (YYYY-MM-DD) with its error beside it.
pub fn date_field(name: &str, label: &str, value: &str, errors: &FieldErrors) -> Markup {
    let error = errors.for_field(name);
    html! {
        div class=(group_class(error)) {
            label class="app-label" for=(name) { (label) }
            (error_line(name, error))
            input class="app-input app-input--date" type="date" id=(name) name=(name) value=(value)
                aria-describedby=[error.map(|_| format!("{name}-error"))];
        }
    }
}

/// The hidden CSRF field every form carries.
pub fn csrf_field(token: &str) -> Markup {
    html! { input type="hidden" name="csrf_token" value=(token); }
}

/// Options for a vocabulary, for `select`.
pub fn options<T: Copy>(
    all: &[T],
    value: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
) -> Vec<(String, String)> {
    all.iter().map(|v| (value(*v).to_string(), label(*v).to_string())).collect()
}

/// A notice at the top of a page (a success or something to note).
pub fn notice(text: &str) -> Markup {
    html! { div class="app-notice" role="status" { p { (text) } } }
}
