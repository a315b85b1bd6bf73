//! Form fields in the GOV.UK Design System's patterns: the date input as three
//! fields, a text area that states its limit (the character count without
//! JavaScript), radios, checkboxes and short inputs. Each shows its own error
//! beside it and is named so that the error summary's links land on it.

use crate::domain::fields::FieldErrors;
use chrono::NaiveDate;
use maud::{html, Markup};

/// A form's fields as (name, label, value typed), in the order the form shows
/// them: used to put someone else's newer values beside yours after a stale
/// edit, and to list errors in the order of the form.
pub trait FormFields {
    /// Every field a person edits (not the hidden version).
    fn fields(&self) -> Vec<(&'static str, &'static str, String)>;

    /// Field names in the order the form shows them, for the error summary.
    fn order(&self) -> Vec<&'static str> {
        self.fields().into_iter().map(|(name, _, _)| name).collect()
    }
}

/// A date as typed into the three fields of the GOV.UK date input.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DateInput {
    pub day: String,
    pub month: String,
    pub year: String,
}

impl DateInput {
    /// The fields filled with a stored date, or blank.
    pub fn of(date: Option<NaiveDate>) -> Self {
        match date {
            Some(d) => Self {
                day: d.format("%-d").to_string(),
                month: d.format("%-m").to_string(),
                year: d.format("%Y").to_string(),
            },
            None => Self::default(),
        }
    }

    /// Whether nothing was typed in any of the three fields.
    pub fn is_blank(&self) -> bool {
        self.day.trim().is_empty() && self.month.trim().is_empty() && self.year.trim().is_empty()
    }

    /// The date typed, if the three fields make a real date.
    pub fn date(&self) -> Option<NaiveDate> {
        let (d, m, y) =
            (self.day.trim().parse().ok()?, self.month.trim().parse().ok()?, self.year.trim().parse().ok()?);
        NaiveDate::from_ymd_opt(y, m, d)
    }

    /// The date as people read it ("1 October 2024"), or as typed when it is
    /// not a real date; blank when nothing was typed.
    pub fn shown(&self) -> String {
        match self.date() {
            Some(d) => super::components::date(d),
            None if self.is_blank() => String::new(),
            None => format!("{} / {} / {}", self.day.trim(), self.month.trim(), self.year.trim()),
        }
    }
}

/// The three fields of a date in a one-line form (the "Show as at" bar): the
/// legend beside Day, Month and Year, no hint. Errors are shown on the page
/// the form leads to, where the same fields carry them.
pub fn date_fields_inline(name: &str, legend: &str, value: &DateInput) -> Markup {
    let (month_key, year_key) = (format!("{name}-month"), format!("{name}-year"));
    let part = |id: &str, field: String, label: &str, value: &str, width: &str| {
        html! {
            div class="app-date-input__item" {
                label class="app-label app-date-input__label" for=(id) { (label) }
                input class={ "app-input app-input--width-" (width) } id=(id) name=(field) type="text"
                    inputmode="numeric" value=(value) autocomplete="off";
            }
        }
    };
    html! {
        fieldset class="app-fieldset app-date-inline" role="group" {
            legend class="app-fieldset__legend app-date-inline__legend" { (legend) }
            div class="app-date-input" {
                (part(name, format!("{name}-day"), "Day", &value.day, "2"))
                (part(&month_key, month_key.clone(), "Month", &value.month, "2"))
                (part(&year_key, year_key.clone(), "Year", &value.year, "4"))
            }
        }
    }
}

fn group_class(error: bool) -> &'static str {
    if error {
        "app-form-group app-form-group--error"
    } else {
        "app-form-group"
    }
}

fn error_line(name: &str, message: Option<&str>) -> Markup {
    html! {
        @if let Some(message) = message {
            p class="app-error-message" id={ (name) "-error" } { span class="app-visually-hidden" { "Error: " } (message) }
        }
    }
}

fn described_by(name: &str, hint: bool, error: bool) -> Option<String> {
    let mut ids = Vec::new();
    if hint {
        ids.push(format!("{name}-hint"));
    }
    if error {
        ids.push(format!("{name}-error"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// The GOV.UK date input: a fieldset with Day, Month and Year. The fields are
/// sent as `{name}-day`, `{name}-month` and `{name}-year`; the day field's id is
/// `name`, so an error about the whole date links to it, and an error about
/// one part (`{name}-month`) links to that part and marks only it.
pub fn date_input(name: &str, legend: &str, hint: Option<&str>, value: &DateInput, errors: &FieldErrors) -> Markup {
    let (month_key, year_key) = (format!("{name}-month"), format!("{name}-year"));
    let error = errors.for_any(&[name, &month_key, &year_key]);
    let whole = error.is_some_and(|e| e.field == name);
    let marked = |key: &str| whole || error.is_some_and(|e| e.field == key);
    let hint = hint.unwrap_or("For example, 27 3 2025");
    let part = |id: String, field: String, label: &str, value: &str, width: &str, bad: bool| {
        html! {
            div class="app-date-input__item" {
                label class="app-label app-date-input__label" for=(id) { (label) }
                input class={ "app-input app-input--width-" (width) @if bad { " app-input--error" } }
                    id=(id) name=(field) type="text" inputmode="numeric" value=(value) autocomplete="off";
            }
        }
    };
    html! {
        div class=(group_class(error.is_some())) {
            fieldset class="app-fieldset" role="group" aria-describedby=[described_by(name, true, error.is_some())] {
                legend class="app-fieldset__legend" { (legend) }
                p class="app-hint" id={ (name) "-hint" } { (hint) }
                (error_line(name, error.map(|e| e.message.as_str())))
                div class="app-date-input" {
                    (part(name.to_string(), format!("{name}-day"), "Day", &value.day, "2", marked(name)))
                    (part(month_key.clone(), month_key.clone(), "Month", &value.month, "2", marked(&month_key)))
                    (part(year_key.clone(), year_key.clone(), "Year", &value.year, "4", marked(&year_key)))
                }
            }
        }
    }
}

/// A text area that says how much it holds (the GOV.UK character count, which
/// without JavaScript states the limit in the hint); the server enforces it.
pub fn long_text(name: &str, label: &str, hint: Option<&str>, value: &str, max: usize, errors: &FieldErrors) -> Markup {
    let error = errors.for_field(name);
    let limit = format!("You can enter up to {} characters.", thousands(max));
    html! {
        div class=(group_class(error.is_some())) {
            label class="app-label" for=(name) { (label) }
            p class="app-hint" id={ (name) "-hint" } { @if let Some(hint) = hint { (hint) " " } (limit) }
            (error_line(name, error))
            textarea class={ "app-textarea" @if error.is_some() { " app-textarea--error" } } id=(name) name=(name) rows="5"
                aria-describedby=[described_by(name, true, error.is_some())] { (value) }
        }
    }
}

/// `20000` as `20,000`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// How a short input is typed, for the keyboard a phone shows and its width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// A line of text, full width.
    Text,
    /// A short reference ("APA1", "1.3").
    Short,
    /// A whole number.
    Whole,
    /// A number that may have decimals.
    Decimal,
    /// An email address.
    Email,
    /// A web address.
    Url,
}

/// A labelled one-line input with an optional hint and its error beside it.
pub fn input(name: &str, label: &str, hint: Option<&str>, value: &str, kind: Input, errors: &FieldErrors) -> Markup {
    let error = errors.for_field(name);
    let (kind_attr, mode, width) = match kind {
        Input::Text => ("text", None, ""),
        Input::Short => ("text", None, " app-input--width-10"),
        Input::Whole => ("text", Some("numeric"), " app-input--width-5"),
        Input::Decimal => ("text", Some("decimal"), " app-input--width-5"),
        Input::Email => ("email", None, ""),
        Input::Url => ("url", None, ""),
    };
    html! {
        div class=(group_class(error.is_some())) {
            label class="app-label" for=(name) { (label) }
            @if let Some(hint) = hint { p class="app-hint" id={ (name) "-hint" } { (hint) } }
            (error_line(name, error))
            input class={ "app-input" (width) @if error.is_some() { " app-input--error" } } id=(name) name=(name)
                type=(kind_attr) inputmode=[mode] value=(value) autocomplete="off" spellcheck="false"
                aria-describedby=[described_by(name, hint.is_some(), error.is_some())];
        }
    }
}

/// How a group of radios or checkboxes is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Side by side, for two or three short options.
    Inline,
    /// One under another.
    Stacked,
}

/// A choice's value, its label, and an optional hint under it.
pub type Choice = (String, String, Option<String>);

/// Options for a vocabulary, as radios or checkboxes take them.
pub fn choices<T: Copy>(
    all: &[T],
    value: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
) -> Vec<Choice> {
    all.iter().map(|v| (value(*v).to_string(), label(*v).to_string(), None)).collect()
}

/// GOV.UK radios: nothing is chosen unless `selected` names an option, so a
/// judgement (a rating, a decision) is never made by default.
pub fn radio_group(
    name: &str,
    legend: &str,
    hint: Option<&str>,
    options: &[Choice],
    selected: &str,
    layout: Layout,
    errors: &FieldErrors,
) -> Markup {
    group("radio", name, legend, hint, options, &[selected.to_string()], layout, errors)
}

/// GOV.UK checkboxes; `chosen` are the values ticked.
pub fn checkboxes(
    name: &str,
    legend: &str,
    hint: Option<&str>,
    options: &[Choice],
    chosen: &[String],
    errors: &FieldErrors,
) -> Markup {
    group("checkbox", name, legend, hint, options, chosen, Layout::Stacked, errors)
}

/// Checkboxes side by side, for a filter's short choices.
pub fn inline_checkboxes(
    name: &str,
    legend: &str,
    options: &[Choice],
    chosen: &[String],
    errors: &FieldErrors,
) -> Markup {
    group("checkbox", name, legend, None, options, chosen, Layout::Inline, errors)
}

/// Choices under headings (findings by inspection, actions by area).
pub type ChoiceGroups = Vec<(String, Vec<Choice>)>;

/// Checkboxes in groups under small headings, as one question: every box
/// has the same name, and the first box's id is `name` for the error link.
pub fn grouped_checkboxes(
    name: &str,
    legend: &str,
    hint: Option<&str>,
    groups: &[(String, Vec<Choice>)],
    chosen: &[String],
    errors: &FieldErrors,
) -> Markup {
    let error = errors.for_field(name);
    let mut n = 0usize;
    let mut next_id = || {
        let id = if n == 0 { name.to_string() } else { format!("{name}-{n}") };
        n += 1;
        id
    };
    let inputs = html! {
        @for (heading, options) in groups {
            p class="app-checkboxes__heading" { (heading) }
            div class="app-checkboxes" {
                @for (value, text, item_hint) in options {
                    @let id = next_id();
                    div class="app-checkboxes__item" {
                        input class="app-checkboxes__input" type="checkbox" id=(id) name=(name) value=(value)
                            checked[chosen.iter().any(|c| c == value)]
                            aria-describedby=[item_hint.as_ref().map(|_| format!("{id}-item-hint"))];
                        label class="app-label app-checkboxes__label" for=(id) { (text) }
                        @if let Some(h) = item_hint { p class="app-hint app-checkboxes__hint" id={ (id) "-item-hint" } { (h) } }
                    }
                }
            }
        }
    };
    fieldset(name, legend, hint, error, inputs)
}

/// A labelled select with a hint and its error beside it; options are (value, label).
pub fn select_field(
    name: &str,
    label: &str,
    hint: Option<&str>,
    options: &[(String, String)],
    selected: &str,
    errors: &FieldErrors,
) -> Markup {
    let error = errors.for_field(name);
    html! {
        div class=(group_class(error.is_some())) {
            label class="app-label" for=(name) { (label) }
            @if let Some(hint) = hint { p class="app-hint" id={ (name) "-hint" } { (hint) } }
            (error_line(name, error))
            select class={ "app-select" @if error.is_some() { " app-select--error" } } id=(name) name=(name)
                aria-describedby=[described_by(name, hint.is_some(), error.is_some())] {
                @for (value, text) in options {
                    option value=(value) selected[value == selected] { (text) }
                }
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn group(
    kind: &str,
    name: &str,
    legend: &str,
    hint: Option<&str>,
    options: &[Choice],
    chosen: &[String],
    layout: Layout,
    errors: &FieldErrors,
) -> Markup {
    let error = errors.for_field(name);
    let class = if kind == "radio" { "app-radios" } else { "app-checkboxes" };
    let inputs = html! {
        div class={ (class) @if layout == Layout::Inline { " " (class) "--inline" } } {
            @for (i, (value, text, item_hint)) in options.iter().enumerate() {
                @let id = if i == 0 { name.to_string() } else { format!("{name}-{i}") };
                div class={ (class) "__item" } {
                    input class={ (class) "__input" } type=(kind) id=(id) name=(name) value=(value)
                        checked[chosen.iter().any(|c| c == value)]
                        aria-describedby=[item_hint.as_ref().map(|_| format!("{id}-item-hint"))];
                    label class={ "app-label " (class) "__label" } for=(id) { (text) }
                    @if let Some(h) = item_hint { p class={ "app-hint " (class) "__hint" } id={ (id) "-item-hint" } { (h) } }
                }
            }
        }
    };
    fieldset(name, legend, hint, error, inputs)
}

/// A question answered in several inputs, as one fieldset: its legend, hint
/// and error above them.
fn fieldset(name: &str, legend: &str, hint: Option<&str>, error: Option<&str>, inputs: Markup) -> Markup {
    html! {
        div class=(group_class(error.is_some())) {
            fieldset class="app-fieldset" aria-describedby=[described_by(name, hint.is_some(), error.is_some())] {
                legend class="app-fieldset__legend" { (legend) }
                @if let Some(hint) = hint { p class="app-hint" id={ (name) "-hint" } { (hint) } }
                (error_line(name, error))
                (inputs)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_fills_the_three_fields_without_leading_zeros() {
        let d = NaiveDate::from_ymd_opt(2025, 3, 7).unwrap();
        assert_eq!(DateInput::of(Some(d)), DateInput { day: "7".into(), month: "3".into(), year: "2025".into() });
        assert_eq!(DateInput::of(Some(d)).shown(), "7 March 2025");
        assert_eq!(DateInput { day: "31".into(), month: "2".into(), year: "2025".into() }.shown(), "31 / 2 / 2025");
    }

    #[test]
    fn an_error_on_one_part_marks_only_that_part_and_links_to_it() {
        let errors = FieldErrors::one("due_date-month", "Due date must include a month");
        let html = date_input("due_date", "Due date", None, &DateInput::default(), &errors).into_string();
        assert!(html.contains("id=\"due_date-error\""));
        assert!(html.contains("class=\"app-input app-input--width-2 app-input--error\" id=\"due_date-month\""));
        assert!(html.contains("class=\"app-input app-input--width-2\" id=\"due_date\""));
    }

    #[test]
    fn the_limit_is_said_with_thousands_separated() {
        assert_eq!(thousands(20_000), "20,000");
        assert_eq!(thousands(300), "300");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }
}
