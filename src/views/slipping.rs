//! Slipping seen ahead: the dashboard's list of areas at risk and the
//! warning on an area's page, both from the same slip the engine found.

use super::blocks::plural;
use super::components::date;
use crate::domain::status::{CriterionName, Slip, LOOK_AHEAD_DAYS};
use crate::read::slipping::AtRisk;
use chrono::NaiveDate;
use maud::{html, Markup};

/// "in 44 days", "tomorrow".
fn days_away(slip: &Slip, as_at: NaiveDate) -> String {
    match slip.days_from(as_at) {
        1 => "tomorrow".into(),
        n => format!("in {}", plural(n.max(0) as usize, "day", "days")),
    }
}

/// What would keep the area embedded, by the criterion that stops holding.
fn remedy(slip: &Slip) -> &'static str {
    match slip.criterion {
        CriterionName::PracticeChanged => {
            "Evidence of practice change observed and verified from now on would keep it embedded."
        }
        CriterionName::Sustained => "New results for its key measures, on target, would keep it embedded.",
        CriterionName::Delivered => "Completing its open actions would keep it delivered.",
    }
}

/// The dashboard's panel: each embedded area that would slip within 90 days
/// if nothing new were recorded, soonest first, linking to its page.
pub fn at_risk_panel(list: &[AtRisk], as_at: NaiveDate) -> Markup {
    html! {
        section class="app-panel app-panel--warning" aria-labelledby="at-risk" {
            h2 class="app-heading-s" id="at-risk" { "At risk of slipping (" (list.len()) ")" }
            @if list.is_empty() {
                p class="app-body-s" { "No embedded area would stop being embedded in the next " (LOOK_AHEAD_DAYS) " days." }
            } @else {
                p class="app-body-s" { "Embedded areas that stop being embedded in the next " (LOOK_AHEAD_DAYS) " days unless more is recorded:" }
                ul class="app-attention" {
                    @for area in list {
                        li class="app-attention__item" {
                            a href={ "/areas/" (area.id) "#slipping" } { (area.name) }
                            span class="app-attention__meta" {
                                "Stops being embedded on " strong class="app-text-warning" { (date(area.slip.on)) } " (" (days_away(&area.slip, as_at)) ")"
                            }
                            span class="app-attention__meta" { (area.slip.reason) }
                        }
                    }
                }
            }
        }
    }
}

/// The warning on an area's page when it is at risk of slipping.
pub fn slip_warning(slip: &Slip, as_at: NaiveDate) -> Markup {
    html! {
        div class="app-warning-text" id="slipping" {
            span class="app-warning-text__icon" aria-hidden="true" { "!" }
            div class="app-warning-text__text" {
                p class="app-body" {
                    strong { "At risk of slipping " (days_away(slip, as_at)) ". " } (slip.reason) "."
                }
                p class="app-body-s" {
                    "If nothing new is recorded it stays embedded until " (date(slip.embedded_until)) ". " (remedy(slip))
                }
            }
        }
    }
}
