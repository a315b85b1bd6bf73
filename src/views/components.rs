//! Small pieces that pages share: tags, error summaries, form fields, dates.

use crate::domain::fields::FieldErrors;
use maud::{html, Markup};

/// A coloured label, e.g. a status or state.
pub fn tag(text: &str, colour: &str) -> Markup {
    html! { strong class={ "app-tag app-tag--" (colour) } { (text) } }
}

/// The error summary at the top of a form, linking to each field. It takes
/// focus when the page loads (`autofocus`, no script needed), so a keyboard or
/// screen-reader user starts at the list of problems.
pub fn error_summary(errors: &FieldErrors) -> Markup {
    html! {
        @if !errors.is_empty() {
            div class="app-error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus {
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

/// A group of radios (GOV.UK pattern) for a short choice; nothing is chosen
/// unless `selected` names an option, so a judgement is never preselected.
pub fn radios(name: &str, legend: &str, options: &[(String, String)], selected: &str, errors: &FieldErrors) -> Markup {
    let error = errors.for_field(name);
    html! {
        div class=(group_class(error)) {
            fieldset class="app-fieldset" aria-describedby=[error.map(|_| format!("{name}-error"))] {
                legend class="app-fieldset__legend" { (legend) }
                (error_line(name, error))
                div class="app-radios app-radios--inline" {
                    @for (i, (value, text)) in options.iter().enumerate() {
                        @let id = if i == 0 { name.to_string() } else { format!("{name}-{i}") };
                        div class="app-radios__item" {
                            input class="app-radios__input" type="radio" id=(id) name=(name) value=(value)
                                checked[value == selected];
                            label class="app-label app-radios__label" for=(id) { (text) }
                        }
                    }
                }
            }
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

/// One field where the saved record and a person's edit differ.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    pub field: &'static str,
    pub label: &'static str,
    /// The value saved by someone else since the form was opened.
    pub theirs: String,
    /// The value this person typed.
    pub yours: String,
}

/// A refused stale edit: the fields where the saved record now differs from
/// what was typed. The form is shown again with what was typed, so nothing is lost.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StaleEdit {
    pub changes: Vec<FieldChange>,
}

/// The one display of a stale edit, used by every form: their values beside
/// yours, and what saving again will do.
pub fn stale_edit_panel(stale: &StaleEdit) -> Markup {
    html! {
        div class="app-error-summary" role="alert" aria-labelledby="stale-edit-title" tabindex="-1" id="stale-edit" autofocus {
            h2 class="app-error-summary__title" id="stale-edit-title" { "This was changed by someone else since you opened it" }
            p class="app-body" {
                "Nothing has been saved. Your changes are still in the form below. "
                @if stale.changes.is_empty() {
                    "Their changes do not touch the fields you edited."
                } @else {
                    "These fields now differ from what you entered:"
                }
            }
            @if !stale.changes.is_empty() {
                div class="app-table-wrap" role="region" aria-label="Their changes beside yours" tabindex="0" {
                    table class="app-table" {
                        thead { tr { th scope="col" { "Field" } th scope="col" { "Saved by them" } th scope="col" { "Entered by you" } } }
                        tbody {
                            @for change in &stale.changes {
                                tr {
                                    th scope="row" { a href={ "#" (change.field) } { (change.label) } }
                                    td { @if change.theirs.is_empty() { "(blank)" } @else { (change.theirs) } }
                                    td { @if change.yours.is_empty() { "(blank)" } @else { (change.yours) } }
                                }
                            }
                        }
                    }
                }
            }
            p class="app-body" { "Save again to replace their values with yours, or change the form first." }
        }
    }
}

/// The GOV.UK success banner shown after a save.
pub fn success_banner(text: &str) -> Markup {
    html! {
        div class="app-notification-banner app-notification-banner--success" role="alert"
            aria-labelledby="notification-banner-title" tabindex="-1" data-module="notification-banner" {
            div class="app-notification-banner__header" {
                h2 class="app-notification-banner__title" id="notification-banner-title" { "Success" }
            }
            div class="app-notification-banner__content" {
                p class="app-notification-banner__heading" { (text) }
            }
        }
    }
}

/// The next steps a record offers (add a finding, an action...), each a
/// link with the form filled in for it; nothing when there are none.
pub fn next_steps(label: &str, steps: &[(String, &str)]) -> Markup {
    html! {
        @if !steps.is_empty() {
            div class="app-button-group app-no-print app-next-steps" role="group" aria-label=(label) {
                @for (href, text) in steps { a class="app-button app-button--secondary" href=(href) { (text) } }
            }
        }
    }
}

/// A link styled as the page's main button ("Add an inspection").
pub fn add_button(href: &str, text: &str) -> Markup {
    html! { p class="app-no-print" { a class="app-button" href=(href) { (text) } } }
}
