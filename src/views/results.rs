//! Results entry for a measure: the section the measure page embeds
//! (`results_entry`), the form to add or correct one result, the import of
//! many from CSV with a preview of what will change, and recalculation points.

use super::components::{csrf_field, date, error_summary, tag};
use super::fields::{date_input, input, long_text, DateInput, FormFields, Input};
use super::form_page::{buttons, form_layout, version_field, FormHead};
use super::{layout, Chrome};
use crate::db::measures::{Change, MeasureRow, RecalculationRow, ResultRow};
use crate::domain::fields::FieldErrors;
use crate::domain::kinds::MeasureKind;
use crate::domain::plan::TEXT_MAX;
use crate::domain::results_csv::{ImportRow, RowProblem};
use crate::domain::upload::human_size;
use crate::domain::values;
use maud::{html, Markup};

/// A value with its unit, as the results table shows it: "82%", "12.5 days".
pub fn format_value(value: f64, unit: crate::domain::kinds::Unit) -> String {
    use crate::domain::kinds::Unit;
    // A value stored before the rules is shown as stored, never as a wrong figure.
    if !value.is_finite() || value.abs() >= 1e15 {
        return super::charts::format_value(value, unit);
    }
    let rounded = (value * 100.0).round() / 100.0;
    let number = if rounded.fract() == 0.0 { format!("{rounded:.0}") } else { format!("{rounded}") };
    match unit {
        Unit::Percent => format!("{number}%"),
        Unit::Days if number == "1" => "1 day".into(),
        Unit::Days => format!("{number} days"),
        Unit::Count | Unit::Ratio => number,
    }
}

/// What results entry shows on the measure page.
pub struct ResultsEntry<'a> {
    pub measure: &'a MeasureRow,
    /// Live results, oldest first.
    pub results: &'a [ResultRow],
    pub recalculations: &'a [RecalculationRow],
    /// May add, correct and import results (contributors and above).
    pub may_enter: bool,
    /// May add recalculation points (leaders).
    pub may_recalculate: bool,
}

fn grades_of(r: &ResultRow) -> Option<String> {
    match (r.outstanding, r.good, r.requires_improvement, r.inadequate) {
        (Some(o), Some(g), Some(ri), Some(i)) => {
            Some(format!("{o} outstanding, {g} good, {ri} requires improvement, {i} inadequate"))
        }
        _ => None,
    }
}

/// The results section of the measure page: the results with a way to add,
/// correct and import them, and the recalculation points with their reasons.
pub fn results_entry(entry: &ResultsEntry<'_>) -> Markup {
    let m = entry.measure;
    let base = format!("/measures/{}", m.id);
    let audit = m.kind == MeasureKind::CaseAudit;
    html! {
        section class="app-results-entry" aria-labelledby="results-heading" {
            h2 class="app-heading-m" id="results-heading" { "Results" }
            @if entry.may_enter && m.archived_at.is_none() {
                div class="app-button-group" {
                    a class="app-button app-button--secondary" href={ (base) "/results/new" } { "Add a result" }
                    a class="app-button app-button--secondary" href={ (base) "/results/import" } { "Import results from a spreadsheet" }
                    @if entry.may_recalculate { a class="app-link" href={ (base) "/recalculations/new" } { "Add a recalculation point" } }
                }
            } @else if !entry.may_enter {
                p class="app-hint" { "Your role lets you read results but not enter them." }
            }
            @if entry.results.is_empty() {
                p class="app-body" { "No results yet." }
            } @else {
                div class="app-table-wrap" role="region" aria-label={ "Results of " (m.name) } tabindex="0" {
                    table class="app-table" {
                        caption class="app-visually-hidden" { "Results of " (m.name) ", most recent first" }
                        thead { tr {
                            th scope="col" { "Period ending" }
                            th scope="col" { @if audit { "Good or better" } @else { "Value" } }
                            @if audit { th scope="col" { "Grades" } }
                            th scope="col" { "Sample" }
                            th scope="col" { "Note" }
                            @if entry.may_enter { th scope="col" { span class="app-visually-hidden" { "Change" } } }
                        } }
                        tbody {
                            @for r in entry.results.iter().rev() {
                                tr {
                                    th scope="row" class="app-nowrap" { (date(r.period_end)) }
                                    td {
                                        (format_value(r.value, m.unit))
                                        @if let Some(why) = values::left_out(m.unit, r.value) {
                                            br; span class="app-hint app-left-out" { (why) }
                                        } @else if let Some(target) = m.target.filter(|t| values::in_range(m.unit, *t)) {
                                            @let met = match m.direction { crate::domain::kinds::Direction::LowerIsBetter => r.value <= target, _ => r.value >= target };
                                            " " @if met { (tag("Met target", "green")) } @else { (tag("Missed target", "red")) }
                                        }
                                    }
                                    @if audit { td { (grades_of(r).unwrap_or_else(|| "–".into())) } }
                                    td { (r.sample_size.map(|n| n.to_string()).unwrap_or_else(|| "–".into())) }
                                    td { (r.note.as_deref().unwrap_or("")) }
                                    @if entry.may_enter {
                                        td { a href={ (base) "/results/" (r.id) "/edit" } { "Correct" span class="app-visually-hidden" { " the result for " (date(r.period_end)) } } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            h3 class="app-heading-s" { "Recalculation points" }
            @if entry.recalculations.is_empty() {
                p class="app-body-s" { "None: the limits are worked out from all the results." }
            } @else {
                ul class="app-list app-body-s" {
                    @for p in entry.recalculations { li { "From " (date(p.starts_on)) ": " (p.reason) } }
                }
            }
        }
    }
}

/// What the result form holds, as typed.
#[derive(Debug, Clone, Default)]
pub struct ResultValues {
    pub period_end: DateInput,
    pub value: String,
    pub outstanding: String,
    pub good: String,
    pub requires_improvement: String,
    pub inadequate: String,
    pub sample_size: String,
    pub note: String,
    /// Also record a case audit as evidence: blank or `no`, `draft`, `verified`.
    pub as_evidence: String,
}

/// Whether to record a case audit's result as case-audit evidence of its area
/// too, so it is entered once: as a draft for review, or, for a leader,
/// verified by them. `may_verify` is whether the person may verify.
pub fn as_evidence_field(value: &str, may_verify: bool, errors: &FieldErrors) -> Markup {
    let mut options: Vec<super::fields::Choice> =
        vec![("no".into(), "No".into(), None), ("draft".into(), "Yes, as a draft for a leader to review".into(), None)];
    if may_verify {
        options.push((
            "verified".into(),
            "Yes, verified by me today".into(),
            Some("Only if you have checked the audit: it counts towards practice changed from today".into()),
        ));
    }
    let chosen = if value.is_empty() { "no" } else { value };
    super::fields::radio_group(
        "as_evidence",
        "Also record it as case-audit evidence of practice change?",
        Some("One item for this measure's practice area, linked to the result, so the audit is not entered twice"),
        &options,
        chosen,
        super::fields::Layout::Stacked,
        errors,
    )
}

impl FormFields for ResultValues {
    fn fields(&self) -> Vec<(&'static str, &'static str, String)> {
        vec![
            ("period_end", "End of the period", self.period_end.shown()),
            ("value", "Value", self.value.clone()),
            (
                "grades",
                "Grades",
                format!("{} / {} / {} / {}", self.outstanding, self.good, self.requires_improvement, self.inadequate),
            ),
            ("sample_size", "Sample size", self.sample_size.clone()),
            ("note", "Note", self.note.clone()),
        ]
    }
}

/// The form to add or correct one result; a case audit takes grade counts,
/// and "Work out" shows the "% good or better" they give before saving.
pub struct ResultForm<'a> {
    pub measure: &'a MeasureRow,
    /// The result being corrected and the version it was read at.
    pub editing: Option<(i64, &'a str)>,
    pub values: &'a ResultValues,
    /// The worked-out "% good or better" (with the cases counted), for a case audit.
    pub worked_out: Option<(f64, u32, u32)>,
    pub errors: &'a FieldErrors,
    pub stale: Option<&'a super::components::StaleEdit>,
    /// The person may verify evidence (a leader).
    pub may_verify: bool,
}

/// The result form page.
pub fn result_form(f: &ResultForm<'_>, chrome: &Chrome) -> Markup {
    let (m, v, errors) = (f.measure, f.values, f.errors);
    let audit = m.kind == MeasureKind::CaseAudit;
    let title = if f.editing.is_some() { "Correct a result" } else { "Add a result" };
    let cancel = format!("/measures/{}", m.id);
    let action = match f.editing {
        Some((id, _)) => format!("/measures/{}/results/{id}", m.id),
        None => format!("/measures/{}/results", m.id),
    };
    let head = FormHead {
        title,
        caption: Some(&m.name),
        errors,
        stale: f.stale,
        order: v.order(),
        back: Some(cancel.clone()),
    };
    let grades_error = errors.for_field("grades");
    form_layout(
        head,
        chrome,
        html! {
            form method="post" action=(action) novalidate class="app-form" {
                (csrf_field(&chrome.csrf))
                @if let Some((_, version)) = f.editing { (version_field(version)) }
                (date_input("period_end", "End of the period", Some("The last day the result covers, for example 31 1 2025 for January"), &v.period_end, errors))
                @if audit {
                    div class={ "app-form-group" @if grades_error.is_some() { " app-form-group--error" } } {
                        fieldset class="app-fieldset" aria-describedby={ "grades-hint" @if grades_error.is_some() { " grades-error" } } {
                            legend class="app-fieldset__legend" { "How many cases were given each grade?" }
                            p class="app-hint" id="grades-hint" { "The headline figure is the share graded good or outstanding." }
                            @if let Some(message) = grades_error {
                                p class="app-error-message" id="grades-error" { span class="app-visually-hidden" { "Error: " } (message) }
                            }
                            div class="app-grade-counts" {
                                @for (name, id, label, value) in [("outstanding", "grades", "Outstanding", &v.outstanding), ("good", "good", "Good", &v.good), ("requires_improvement", "requires_improvement", "Requires improvement", &v.requires_improvement), ("inadequate", "inadequate", "Inadequate", &v.inadequate)] {
                                    div class="app-grade-counts__item" {
                                        label class="app-label" for=(id) { (label) }
                                        input class={ "app-input app-input--width-5" @if grades_error.is_some() { " app-input--error" } } id=(id) name=(name) type="text" inputmode="numeric" value=(value) autocomplete="off";
                                    }
                                }
                            }
                        }
                    }
                    @if let Some((percent, good, total)) = f.worked_out {
                        div class="app-inset-text" role="status" {
                            strong { (format_value(percent, m.unit)) " good or better" } ": " (good) " of " (total) " cases."
                        }
                    }
                    button type="submit" name="check" value="1" class="app-button app-button--secondary" { "Work out % good or better" }
                } @else {
                    (input("value", &format!("Value ({})", m.unit.label()), Some(&values::hint(m.unit)), &v.value, Input::Decimal, errors))
                }
                (input("sample_size", "Sample size (optional)", Some(if audit { "Left blank, the number of cases graded" } else { "How many cases the figure is drawn from" }), &v.sample_size, Input::Whole, errors))
                (long_text("note", "Note (optional)", None, &v.note, TEXT_MAX, errors))
                @if audit && f.editing.is_none() { (as_evidence_field(&v.as_evidence, f.may_verify, errors)) }
                (buttons(if f.editing.is_some() { "Save correction" } else { "Save result" }, &cancel))
            }
        },
    )
}

/// The import form: rows pasted, or a CSV file chosen.
pub fn import_form(
    measure: &MeasureRow,
    text: &str,
    errors: &FieldErrors,
    problems: &[RowProblem],
    limit: usize,
    chrome: &Chrome,
) -> Markup {
    let audit = measure.kind == MeasureKind::CaseAudit;
    let example = if audit {
        "period,outstanding,good,requires_improvement,inadequate\n2025-01-31,2,14,3,1\n2025-02-28,1,15,3,1"
    } else {
        "period,value\n2025-01-31,82\n2025-02-28,85"
    };
    let title = "Import results";
    let cancel = format!("/measures/{}", measure.id);
    let mut all = errors.clone();
    for p in problems {
        all.add("csv", p.to_string());
    }
    layout(
        if all.is_empty() { title } else { "Error: Import results" },
        chrome,
        html! {
            a class="app-back-link" href=(cancel) { "Back" }
            @if !all.is_empty() {
                div class="app-error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus {
                    h2 class="app-error-summary__title" id="error-summary-title" { "There is a problem" }
                    p class="app-body" { "Nothing has been saved. Correct these rows and check again." }
                    ul class="app-error-summary__list" {
                        @for e in errors.iter() { li { a href={ "#" (e.field) } { (e.message) } } }
                        @for p in problems { li { a href="#csv" { (p) } } }
                    }
                }
            }
            span class="app-caption" { (measure.name) }
            h1 class="app-heading-l" { (title) }
            p class="app-body" { "Paste rows from a spreadsheet, or choose a CSV file. You will see what will change before anything is saved." }
            p class="app-body" { "Each row is a period's end date and " (if audit { "the number of cases given each grade" } else { "the value" }) ", for example:" }
            pre class="app-code" { (example) }
            p class="app-hint" { "A header row is optional. Dates can be written 2025-01-31, 31/01/2025 or 2025-01 (the month's last day). A result for a period already recorded corrects it." }
            form method="post" action={ "/measures/" (measure.id) "/results/import" } enctype="multipart/form-data" novalidate class="app-form" {
                (csrf_field(&chrome.csrf))
                @let csv_error = errors.for_field("csv").or(problems.first().map(|_| "Correct the rows listed above"));
                div class={ "app-form-group" @if csv_error.is_some() { " app-form-group--error" } } {
                    label class="app-label" for="csv" { "Rows to import" }
                    @if let Some(message) = csv_error { p class="app-error-message" id="csv-error" { span class="app-visually-hidden" { "Error: " } (message) } }
                    textarea class="app-textarea app-textarea--code" id="csv" name="csv" rows="10" spellcheck="false"
                        aria-describedby=[csv_error.map(|_| "csv-error")] { (text) }
                }
                @let file_error = errors.for_field("file");
                div class={ "app-form-group" @if file_error.is_some() { " app-form-group--error" } } {
                    label class="app-label" for="file" { "Or choose a CSV file" }
                    p class="app-hint" id="file-hint" { "Smaller than " (human_size(limit)) }
                    @if let Some(message) = file_error { p class="app-error-message" id="file-error" { span class="app-visually-hidden" { "Error: " } (message) } }
                    input class="app-file" type="file" id="file" name="file" accept=".csv,text/csv" aria-describedby={ "file-hint" @if file_error.is_some() { " file-error" } };
                }
                (buttons("Check the rows", &cancel))
            }
        },
    )
}

/// "Check your answers" for an import: every row with what it will change,
/// and one button to save them all.
pub fn import_preview(
    measure: &MeasureRow,
    planned: &[(&ImportRow, Change)],
    (text, fingerprint): (&str, &str),
    (notice, may_verify): (Option<&str>, bool),
    chrome: &Chrome,
) -> Markup {
    let count = |f: fn(&Change) -> bool| planned.iter().filter(|(_, c)| f(c)).count();
    let added = count(|c| matches!(c, Change::Add));
    let corrected = count(|c| matches!(c, Change::Correct { .. } | Change::Restore { .. }));
    let same = count(|c| matches!(c, Change::Same));
    let title = "Check the results before saving";
    layout(
        if notice.is_some() { "Error: Check the results before saving" } else { title },
        chrome,
        html! {
            @if let Some(notice) = notice {
                (error_summary(&FieldErrors::one("save", notice)))
            }
            span class="app-caption" { (measure.name) }
            h1 class="app-heading-l" { (title) }
            p class="app-body" { (added) " new, " (corrected) " corrected, " (same) " unchanged. Nothing is saved until you save them." }
            div class="app-table-wrap" role="region" aria-label="Results to save" tabindex="0" {
                table class="app-table" {
                    caption class="app-visually-hidden" { "What each row will change" }
                    thead { tr { th scope="col" { "Line" } th scope="col" { "Period ending" } th scope="col" { "Value" } th scope="col" { "Change" } } }
                    tbody {
                        @for (row, change) in planned {
                            tr {
                                td { (row.line) }
                                td class="app-nowrap" { (date(row.result.input.period_end)) }
                                td { (format_value(row.result.value, measure.unit)) }
                                td { @match change {
                                    Change::Add => (tag("New", "blue")),
                                    Change::Correct { was, .. } => { (tag("Corrects", "yellow")) " was " (format_value(*was, measure.unit)) }
                                    Change::Restore { was, .. } => { (tag("Restores", "yellow")) " an archived result of " (format_value(*was, measure.unit)) }
                                    Change::Same => (tag("No change", "grey")),
                                } }
                            }
                        }
                    }
                }
            }
            form method="post" action={ "/measures/" (measure.id) "/results/import/confirm" } novalidate class="app-form" {
                (csrf_field(&chrome.csrf))
                input type="hidden" name="csv" value=(text);
                input type="hidden" name="fingerprint" value=(fingerprint);
                @if measure.kind == MeasureKind::CaseAudit && added > 0 {
                    (as_evidence_field("", may_verify, &FieldErrors::new()))
                }
                div class="app-button-group" {
                    button type="submit" id="save" class="app-button" { "Save " (added + corrected) " results" }
                    a class="app-link" href={ "/measures/" (measure.id) "/results/import" } { "Start again" }
                }
            }
        },
    )
}

/// What the recalculation-point form holds.
#[derive(Debug, Clone, Default)]
pub struct RecalculationValues {
    pub starts_on: DateInput,
    pub reason: String,
}

impl FormFields for RecalculationValues {
    fn fields(&self) -> Vec<(&'static str, &'static str, String)> {
        vec![
            ("starts_on", "Date the limits restart", self.starts_on.shown()),
            ("reason", "Reason", self.reason.clone()),
        ]
    }
}

/// The form to add a recalculation point, with its reason.
pub fn recalculation_form(
    measure: &MeasureRow,
    v: &RecalculationValues,
    errors: &FieldErrors,
    chrome: &Chrome,
) -> Markup {
    let cancel = format!("/measures/{}", measure.id);
    let head = FormHead {
        title: "Add a recalculation point",
        caption: Some(&measure.name),
        errors,
        stale: None,
        order: v.order(),
        back: Some(cancel.clone()),
    };
    form_layout(
        head,
        chrome,
        html! {
            p class="app-body" { "After a known change in practice that has held, the mean and process limits are worked out afresh from the first result on or after this date." }
            form method="post" action={ "/measures/" (measure.id) "/recalculations" } novalidate class="app-form" {
                (csrf_field(&chrome.csrf))
                (date_input("starts_on", "Date the limits restart", None, &v.starts_on, errors))
                (long_text("reason", "Why do the limits restart here?", Some("The change in practice, for example \"New front-door model from June\"."), &v.reason, TEXT_MAX, errors))
                (buttons("Save recalculation point", &cancel))
            }
        },
    )
}
