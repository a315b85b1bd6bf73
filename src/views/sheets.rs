//! Spreadsheet pages: export and templates, the import form, the "check your
//! answers" preview, and the list of problems when a file cannot be taken in.

use super::components::{csrf_field, error_summary, text_field};
use super::fields::{date_input, DateInput};
use super::layout::{layout, Chrome};
use crate::domain::fields::FieldErrors;
use crate::domain::sheets::RowProblem;
use maud::{html, Markup};

/// Which import a page is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportPage {
    Plan,
    Results,
}

impl ImportPage {
    /// Where the import starts.
    pub fn path_for_restart(self) -> &'static str {
        self.path()
    }
    fn path(self) -> &'static str {
        match self {
            ImportPage::Plan => "/plan/import",
            ImportPage::Results => "/results/import",
        }
    }
    fn title(self) -> &'static str {
        match self {
            ImportPage::Plan => "Import an improvement plan",
            ImportPage::Results => "Import results",
        }
    }
    fn sheet_label(self) -> &'static str {
        match self {
            ImportPage::Plan => "Sheet name (optional; to read that one sheet only, as the plan)",
            ImportPage::Results => "Sheet name (optional; the first sheet otherwise)",
        }
    }
}

/// What the export page offers a user.
#[derive(Debug, Clone)]
pub struct ExportOffer {
    pub as_at: String,
    /// Registers: (name, description).
    pub registers: Vec<(&'static str, &'static str)>,
    pub may_import_plan: bool,
    pub may_import_results: bool,
}

/// The export's date in its three fields: the date when it can be read, else as typed.
fn as_at_fields(typed: &str) -> DateInput {
    match crate::domain::dates::parse_written(typed) {
        Some(day) => DateInput::of(Some(day)),
        None => DateInput { day: typed.to_string(), ..DateInput::default() },
    }
}

/// The export page: the workbook, each register as CSV, an "as at" date, templates.
pub fn export_page(offer: &ExportOffer, errors: &FieldErrors, chrome: &Chrome) -> Markup {
    layout(
        "Import and export",
        chrome,
        html! {
            (error_summary(errors))
            h1 class="app-heading-l" { "Import and export" }
            h2 class="app-heading-m" { "Take the registers away" }
            p class="app-body" { "The workbook has a cover sheet and a sheet for each register: the whole plan (owners, practice areas, inspections, judgements, findings, actions, measures, recalculation points, results), which imports back, then evidence and verdicts. The CSV folder is the same as one CSV file per sheet, in a ZIP. Results and evidence are those up to the date; verdicts are as at the date." }
            form method="get" action="/plan/export/download" class="app-sheets-export" novalidate {
                (date_input("as_at", "As at", Some("The date the registers are as at. For example, 31 3 2025"), &as_at_fields(&offer.as_at), errors))
                div class="app-sheets-buttons" {
                    button type="submit" name="format" value="xlsx" class="app-button" { "Download the workbook (XLSX)" }
                    " "
                    button type="submit" name="format" value="zip" class="app-button app-button--secondary" { "Download the CSV folder (ZIP)" }
                }
                table class="app-table" {
                    caption class="app-visually-hidden" { "Registers as CSV" }
                    thead { tr { th scope="col" { "Register" } th scope="col" { "What it holds" } th scope="col" { span class="app-visually-hidden" { "Download" } } } }
                    tbody {
                        @for (name, describe) in &offer.registers {
                            tr {
                                td { (name) }
                                td { (describe) }
                                td { button type="submit" name="register" value=(name) class="app-button app-button--secondary" { "CSV" span class="app-visually-hidden" { " of the " (name) " register" } } }
                            }
                        }
                    }
                }
            }
            h2 class="app-heading-m" { "Bring a spreadsheet in" }
            ul class="app-list" {
                li { "Whole-plan template: " a href="/plan/template.xlsx" { "XLSX" } ", " a href="/plan/template.zip" { "CSV folder (ZIP)" } "; the plan sheet alone: " a href="/plan/template.csv" { "CSV" } }
                li { "Results template: " a href="/results/template.xlsx" { "XLSX" } ", " a href="/results/template.csv" { "CSV" } }
                @if offer.may_import_plan { li { a href="/plan/import" { "Import an improvement plan" } } }
                @if offer.may_import_results { li { a href="/results/import" { "Import results" } } }
            }
        },
    )
}

/// The upload form.
pub fn import_form(
    which: ImportPage,
    sheet: &str,
    create_missing: bool,
    limit: &str,
    errors: &FieldErrors,
    chrome: &Chrome,
) -> Markup {
    let title = if errors.is_empty() { which.title().to_string() } else { format!("Error: {}", which.title()) };
    layout(
        &title,
        chrome,
        html! {
            (error_summary(errors))
            h1 class="app-heading-l" { (which.title()) }
            p class="app-body" {
                @match which {
                    ImportPage::Plan => {
                        "Use the template (" a href="/plan/template.xlsx" { "XLSX workbook" } ", " a href="/plan/template.zip" { "CSV folder as a ZIP" } " or " a href="/plan/template.csv" { "the plan sheet as CSV" } "), or a workbook Sustain exported. "
                        "Each sheet is read by its name: owners, areas, inspections, judgements, findings, plan (one row per action), measures, recalculations and results. "
                        "A record already in Sustain is updated when its row differs; others are added. Records not in the file are left alone."
                    },
                    ImportPage::Results => {
                        "Use the template (" a href="/results/template.xlsx" { "XLSX" } " or " a href="/results/template.csv" { "CSV" } "): "
                        "one row per result: the measure, the period end, and a value or the grade counts. A result already stored for the measure and period is updated if it differs."
                    },
                }
            }
            p class="app-body" { "Every row is checked before anything is saved, and you will see what will change before you confirm." }
            form method="post" action=(which.path()) enctype="multipart/form-data" novalidate {
                (csrf_field(&chrome.csrf))
                div class={ "app-form-group" @if errors.for_field("file").is_some() { " app-form-group--error" } } {
                    label class="app-label" for="file" { "Spreadsheet (CSV, XLSX" @if which == ImportPage::Plan { " or a ZIP of CSV files" } ")" }
                    p class="app-hint" id="file-hint" { "CSV UTF-8 or an Excel workbook, " (limit) }
                    @if let Some(message) = errors.for_field("file") {
                        p class="app-error-message" id="file-error" { span class="app-visually-hidden" { "Error: " } (message) }
                    }
                    input class="app-file" type="file" id="file" name="file" accept=".csv,.xlsx,.zip,text/csv" aria-describedby="file-hint";
                }
                (text_field("sheet", which.sheet_label(), "text", sheet, "off", errors))
                @if which == ImportPage::Plan {
                    div class="app-checkboxes__item" {
                        input class="app-checkboxes__input" type="checkbox" id="create_missing" name="create_missing" value="yes" checked[create_missing];
                        label class="app-checkboxes__label" for="create_missing" { "Create practice areas, owners and findings that are not found" }
                    }
                }
                button type="submit" class="app-button" { "Check the file" }
            }
        },
    )
}

/// The problems that stopped a file, every one by sheet, row and column. With
/// `create` (the kept upload), names not found are offered to be created and
/// the file checked again, without uploading it again.
pub fn problems_page(
    which: ImportPage,
    file_name: &str,
    problems: &[RowProblem],
    create: Option<&str>,
    chrome: &Chrome,
) -> Markup {
    let sheets = problems.iter().any(|p| !p.sheet.is_empty());
    let missing = problems.iter().filter(|p| p.creatable).count();
    layout(
        &format!("Error: {}", which.title()),
        chrome,
        html! {
            div class="app-error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" {
                h2 class="app-error-summary__title" id="error-summary-title" { "The file has problems: nothing was imported" }
                p class="app-body" { (problems.len()) " problem(s) in " (file_name) ". Correct them in your spreadsheet and upload it again." }
            }
            h1 class="app-heading-l" { (which.title()) }
            @if let Some(upload) = create {
                div class="app-inset-text" {
                    p class="app-body" {
                        (missing) " problem(s) name a practice area, owner or finding that Sustain does not have yet. "
                        "Sustain can create them (a finding in the inspection its reference names) and check the same file again: you will see everything before anything is saved."
                    }
                    form method="post" action="/plan/import/create-missing" novalidate {
                        (csrf_field(&chrome.csrf))
                        input type="hidden" name="upload" value=(upload);
                        button type="submit" class="app-button app-button--secondary" { "Create them and check again" }
                    }
                }
            }
            div class="app-table-wrap" role="region" aria-label="Problems by row" tabindex="0" {
                table class="app-table app-sheets-problems" {
                    thead { tr { @if sheets { th scope="col" { "Sheet" } } th scope="col" { "Row" } th scope="col" { "Column" } th scope="col" { "Problem" } } }
                    tbody {
                        @for p in problems {
                            tr { @if sheets { td { (p.sheet) } } td { (p.row) } td { (p.column) } td { (p.message) } }
                        }
                    }
                }
            }
            p class="app-body" { a href=(which.path()) { "Upload a corrected file" } }
        },
    )
}

/// What the preview shows: counts and lists.
#[derive(Debug, Clone)]
pub struct PreviewView {
    pub file_name: String,
    pub upload: String,
    pub headline: String,
    /// (heading, lines); empty sections are left out.
    pub sections: Vec<(&'static str, Vec<String>)>,
    pub unchanged: usize,
    pub writes_nothing: bool,
}

/// Longest list shown in full on the preview.
const SHOWN: usize = 200;

/// "Check your answers": what will be created, changed and left alone.
pub fn preview_page(which: ImportPage, view: &PreviewView, chrome: &Chrome) -> Markup {
    layout(
        "Check before importing",
        chrome,
        html! {
            span class="app-caption" { (which.title()) }
            h1 class="app-heading-l" { "Check before importing" }
            p class="app-body" { "Every row of " strong { (view.file_name) } " was checked: " (view.headline) "." }
            @for (heading, lines) in &view.sections {
                h2 class="app-heading-m" { (heading) " (" (lines.len()) ")" }
                ul class="app-list app-sheets-preview" {
                    @for line in lines.iter().take(SHOWN) { li { (line) } }
                }
                @if lines.len() > SHOWN { p class="app-body" { "and " (lines.len() - SHOWN) " more." } }
            }
            @if view.unchanged > 0 { p class="app-body" { (view.unchanged) " row(s) match what is stored and will be left as they are." } }
            @if view.writes_nothing {
                p class="app-body" { "Importing this file would change nothing." }
                p class="app-body" { a href=(which.path()) { "Import another file" } }
            } @else {
                form method="post" action={ (which.path()) "/confirm" } novalidate {
                    (csrf_field(&chrome.csrf))
                    input type="hidden" name="upload" value=(view.upload);
                    p class="app-body" { "Everything is saved at once, in change history, or nothing is." }
                    button type="submit" class="app-button" { "Import" }
                    " "
                    a href=(which.path()) class="app-link" { "Cancel" }
                }
            }
        },
    )
}
