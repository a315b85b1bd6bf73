//! Loading published figures (admins): what is held now, the files to choose,
//! and after a load what each file put in.

use super::blocks::{summary_list, table_region};
use super::components::csrf_field;
use super::fields::thousands;
use super::form_page::{form_layout, FormHead};
use super::Chrome;
use crate::db::figures::{IndicatorHeld, IndicatorLoaded, Loaded};
use crate::domain::dates::long_date_time;
use crate::domain::fields::FieldErrors;
use maud::{html, Markup};

/// The form's one field: every file chosen.
pub const FILES_FIELD: &str = "files";

/// The published figures held now.
#[derive(Debug, Clone)]
pub struct Held {
    pub indicators: Vec<IndicatorHeld>,
    /// The year of the statistical-neighbour model, if one is held.
    pub model: Option<String>,
    pub inspections: i64,
}

/// What a load put in: each statistics file, model or dictionary, and
/// Ofsted's outcomes file with how many inspections it stored.
#[derive(Debug, Clone)]
pub struct Done {
    pub files: Vec<Loaded>,
    pub outcomes: Option<(String, usize)>,
}

impl Done {
    /// How many files were loaded.
    pub fn count(&self) -> usize {
        self.files.len() + usize::from(self.outcomes.is_some())
    }
}

/// The page: after a load (`done`) what it put in, then the form, then what is held.
pub fn figures_import_page(
    held: &Held,
    done: Option<&Done>,
    limit: &str,
    errors: &FieldErrors,
    chrome: &Chrome,
) -> Markup {
    let head = FormHead {
        title: "Published figures",
        caption: None,
        errors,
        stale: None,
        order: vec![FILES_FIELD],
        back: Some("/council".into()),
    };
    form_layout(
        head,
        chrome,
        html! {
            @if let Some(done) = done { (loaded_section(done)) }
            h2 class="app-heading-m" { "Load newer files" }
            p class="app-body" { "Sustain compares the council with the files the DfE and Ofsted publish. It reads:" }
            ul class="app-list app-list--bullet" {
                li { "the DfE's statistics files c1 (re-referrals), d3 and d5 (child protection plans), b1 (children \
                      in need), cla (children looked after) and csww (the social work workforce), as CSV" }
                li { "the DfE's statistical-neighbour model (CSV)" }
                li { "the LAIT data dictionary (CSV), which says whether a higher figure is better" }
                li { "Ofsted's inspection outcomes file (.ods), which replaces every inspection held" }
            }
            p class="app-body" {
                "A newer release of a year's figures replaces an older one; an older release never replaces a newer one. "
                "All the files you choose load together or none do: a file that cannot be read is named, with its \
                 column and row, and nothing is saved."
            }
            (file_field(limit, errors, &chrome.csrf))
            h2 class="app-heading-m" { "Held now" }
            (held_section(held))
        },
    )
}

fn file_field(limit: &str, errors: &FieldErrors, csrf: &str) -> Markup {
    let error = errors.for_field(FILES_FIELD);
    html! {
        form method="post" action="/figures/import" enctype="multipart/form-data" novalidate {
            (csrf_field(csrf))
            div class={ "app-form-group" @if error.is_some() { " app-form-group--error" } } {
                label class="app-label" for=(FILES_FIELD) { "Files" }
                p class="app-hint" id="files-hint" { "Choose one or more files, each " (limit) "." }
                @if let Some(message) = error {
                    p class="app-error-message" id="files-error" { span class="app-visually-hidden" { "Error: " } (message) }
                }
                input class="app-file" type="file" id=(FILES_FIELD) name=(FILES_FIELD) multiple accept=".csv,.ods,text/csv"
                    aria-describedby={ "files-hint" @if error.is_some() { " files-error" } };
            }
            button type="submit" class="app-button" { "Load the files" }
        }
    }
}

fn years(first: &str, last: &str) -> String {
    if first == last {
        first.to_string()
    } else {
        format!("{first} to {last}")
    }
}

fn held_section(held: &Held) -> Markup {
    let model = match &held.model {
        Some(year) => format!("The {year} model"),
        None => "None held".to_string(),
    };
    html! {
        @if held.indicators.is_empty() {
            p class="app-body" { "No published figures are held." }
        } @else {
            (table_region("Indicators held", html! {
                table class="app-table" {
                    caption class="app-table__caption" { "Indicators held" }
                    thead { tr {
                        th scope="col" { "Indicator" } th scope="col" { "Years" }
                        th scope="col" { "Source file" } th scope="col" { "Loaded" }
                    } }
                    tbody {
                        @for i in &held.indicators {
                            tr {
                                th scope="row" { (i.indicator.name) }
                                td class="app-nowrap" {
                                    @match &i.years { Some((first, last)) => (years(first, last)), None => "None" }
                                }
                                td { (i.indicator.source_file) }
                                td { (long_date_time(i.indicator.loaded_at)) }
                            }
                        }
                    }
                }
            }))
        }
        (summary_list(&[
            ("Statistical neighbours", html! { (model) }),
            ("Ofsted's inspection outcomes", html! { (thousands(usize::try_from(held.inspections).unwrap_or(0))) " inspections" }),
        ]))
    }
}

fn loaded_section(done: &Done) -> Markup {
    html! {
        h2 class="app-heading-m" { "What the files put in" }
        @for file in &done.files {
            @match file {
                Loaded::Statistics { file, release, areas, indicators } => {
                    h3 class="app-heading-s" { (file) }
                    p class="app-body" { "Release " (release) ": " (thousands(*areas)) " councils, regions and England named." }
                    @if indicators.is_empty() {
                        p class="app-body" { "No indicator: the file holds counts only." }
                    } @else {
                        (indicators_table(file, indicators))
                    }
                }
                Loaded::Neighbours { file, model, councils, kept_newer } => {
                    h3 class="app-heading-s" { (file) }
                    p class="app-body" {
                        @if *kept_newer {
                            "The " (model) " statistical-neighbour model was not loaded: a newer model is held."
                        } @else {
                            "The " (model) " statistical-neighbour model: the neighbours of " (thousands(*councils)) " councils."
                        }
                    }
                }
                Loaded::Dictionary { file, measures, polarities_set } => {
                    h3 class="app-heading-s" { (file) }
                    p class="app-body" {
                        "The LAIT data dictionary of " (thousands(*measures)) " measures: whether a higher figure is \
                         better read for " (polarities_set) " indicators."
                    }
                }
            }
        }
        @if let Some((file, count)) = &done.outcomes {
            h3 class="app-heading-s" { (file) }
            p class="app-body" { "Ofsted's inspection outcomes: " (thousands(*count)) " inspections, in place of those held before." }
        }
    }
}

fn indicators_table(file: &str, indicators: &[IndicatorLoaded]) -> Markup {
    let label = format!("Indicators read from {file}");
    table_region(
        &label,
        html! {
            table class="app-table" {
                caption class="app-visually-hidden" { (label) }
                thead { tr {
                    th scope="col" { "Indicator" } th scope="col" { "Column" } th scope="col" { "Years" }
                    th scope="col" class="app-numeric" { "Values" }
                    th scope="col" class="app-numeric" { "Not published" }
                    th scope="col" class="app-numeric" { "Kept from a newer release" }
                } }
                tbody {
                    @for i in indicators {
                        tr {
                            th scope="row" { (i.name) }
                            td { code { (i.column) } }
                            td class="app-nowrap" { (years(&i.first_year, &i.last_year)) }
                            td class="app-numeric" { (thousands(i.rows)) }
                            td class="app-numeric" { (thousands(i.not_published)) }
                            td class="app-numeric" { (thousands(i.kept_newer)) }
                        }
                    }
                }
            }
        },
    )
}
