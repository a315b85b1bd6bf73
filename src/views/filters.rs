//! The MOJ filter pattern without JavaScript: a plain GET form beside the
//! results, the active filters as removable chips, and sortable column
//! headings that are links.

use crate::read::form_choices::Narrowed;
use maud::{html, Markup};

/// One active filter, with the address that removes it.
#[derive(Debug, Clone, PartialEq)]
pub struct FilterChip {
    /// What is filtered ("Practice area").
    pub group: String,
    /// Its value as people read it ("Front door").
    pub label: String,
    /// The same search without this filter.
    pub remove: String,
}

/// The filter panel and the results beside it (stacked on a narrow screen).
pub fn filter_layout(
    action: &str,
    chips: &[FilterChip],
    clear: &str,
    (fields, extra_hidden): (Markup, Markup),
    results: Markup,
) -> Markup {
    html! {
        div class="app-filter-layout" {
            div class="app-filter" {
                div class="app-filter__header" { h2 class="app-filter__title" { "Filter" } }
                a class="app-filter__skip" href="#results" { "Skip to the results" }
                @if !chips.is_empty() {
                    div class="app-filter__selected" {
                        h3 class="app-heading-s" { "Selected filters" }
                        ul class="app-filter__tags" {
                            @for chip in chips {
                                li {
                                    a class="app-filter__tag" href=(chip.remove) {
                                        span class="app-visually-hidden" { "Remove this filter: " }
                                        (chip.group) ": " (chip.label)
                                    }
                                }
                            }
                        }
                        p { a href=(clear) { "Clear filters" } }
                    }
                }
                form method="get" action=(action) class="app-filter__options" novalidate {
                    (extra_hidden)
                    (fields)
                    button type="submit" class="app-button" { "Apply filters" }
                }
            }
            div class="app-filter-layout__content" id="results" tabindex="-1" { (results) }
        }
    }
}

/// A column heading that sorts the table by it (MOJ sortable table): a link,
/// with `aria-sort` on the column the table is sorted by.
pub fn sort_heading(label: &str, href: &str, sorted: Option<bool>) -> Markup {
    let aria = match sorted {
        Some(true) => "descending",
        Some(false) => "ascending",
        None => "none",
    };
    html! {
        th scope="col" aria-sort=(aria) {
            a class="app-sort-link" href=(href) {
                (label)
                @match sorted {
                    Some(true) => span aria-hidden="true" { " ▼" },
                    Some(false) => span aria-hidden="true" { " ▲" },
                    None => span aria-hidden="true" { " ⇅" },
                }
            }
        }
    }
}

/// "Showing 1 to 50 of 312 actions".
pub fn showing(page: i64, per_page: i64, total: usize, noun: &str, plural: &str) -> String {
    let total_i = total as i64;
    if total == 0 {
        return format!("No {plural} match these filters");
    }
    let first = (page - 1) * per_page + 1;
    let last = (page * per_page).min(total_i);
    let what = if total == 1 { noun } else { plural };
    if first == 1 && last == total_i {
        format!("{total} {what}")
    } else {
        format!("Showing {first} to {last} of {total} {what}")
    }
}

/// The line under a finding filter that lists only some findings; `choose`
/// names what narrows it on this list ("a practice area"), `chosen` the same
/// once picked ("the practice area chosen").
pub fn narrowed_hint(narrowed: Option<Narrowed>, choose: &str, chosen: &str) -> Option<String> {
    let Narrowed { total, by_choice } = narrowed?;
    let total = super::fields::thousands(total);
    Some(match by_choice {
        true => format!("Of the {total} findings, those of {chosen}."),
        false => {
            format!("There are {total} findings: choose {choose} and apply the filters to pick one of its findings.")
        }
    })
}
