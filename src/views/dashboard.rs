//! The dashboard: what needs attention first. The counts of areas by status
//! and the areas most urgent first on the left; what is overdue and where
//! evidence is missing on the right, within the first screen of a laptop;
//! then readiness for each inspection and the latest changes.

use super::blocks::{key_measure_icons, plural, status_colour, status_tag};
use super::components::date;
use super::history::entries;
use super::setup::setup_checklist;
use super::{layout, Chrome};
use crate::domain::dates::overdue_since;
use crate::domain::kinds::Role;
use crate::read::areas::{embedded_words, AreaLine};
use crate::read::dashboard::{Dashboard, DUE_SOON_DAYS};
use crate::read::history::HistoryEntry;
use crate::read::lines::ActionLine;
use crate::read::readiness::InspectionReadiness;
use maud::{html, Markup};

/// How many items a list on the dashboard shows before "see all".
const SHOWN: usize = 5;

/// Where the full lists are: the action tracker's filters for overdue and
/// due-soon actions, and the list of areas for evidence gaps.
const ALL_OVERDUE: &str = "/actions?when=overdue";
const ALL_DUE_SOON: &str = "/actions?when=due_soon";
const ALL_GAPS: &str = "/areas?gaps=evidence";

fn counts(dashboard: &Dashboard) -> Markup {
    html! {
        ul class="app-status-counts" aria-label="Practice areas by status" {
            @for (status, n) in &dashboard.counts {
                li {
                    a class={ "app-status-count app-status-count--" (status_colour(*status)) }
                        href={ "/areas?status=" (status.as_str()) } {
                        span class="app-status-count__number" { (n) }
                        " "
                        span class="app-status-count__label" { (status.label()) }
                    }
                }
            }
        }
    }
}

fn tile(line: &AreaLine) -> Markup {
    let heading = format!("area-{}", line.id);
    html! {
        li class={ "app-tile app-tile--" (status_colour(line.status)) } {
            div class="app-tile__head" {
                h3 class="app-tile__title" id=(heading) { a href={ "/areas/" (line.id) } { (line.name) } }
                (status_tag(line.status))
            }
            @if let Some(words) = embedded_words(line) { p class="app-tile__line" { (words) } }
            p class="app-tile__line" {
                @if line.open_actions == 0 { "No open actions" } @else { (plural(line.open_actions, "open action", "open actions")) }
                @if line.overdue_actions > 0 { ", " strong class="app-text-warning" { (line.overdue_actions) " overdue" } }
            }
            (key_measure_icons(&line.key_measures))
        }
    }
}

fn action_item(line: &ActionLine) -> Markup {
    html! {
        li class="app-attention__item" {
            a href={ "/actions/" (line.id) } { (line.reference) " " (line.title) }
            @if let Some(due) = line.due {
                span class="app-attention__meta" {
                    @if line.overdue { strong class="app-text-warning" { (overdue_since(due)) } } @else { "Due " (date(due)) }
                }
            }
            span class="app-attention__meta" {
                (line.area.1)
                @if let Some(owner) = &line.owner_name { " · " (owner) }
            }
        }
    }
}

/// A short list with "see all" when it is cut.
fn cut_list<T>(items: &[T], item: impl Fn(&T) -> Markup, all: (&str, &str)) -> Markup {
    html! {
        ul class="app-attention" { @for i in items.iter().take(SHOWN) { (item(i)) } }
        @if items.len() > SHOWN { p class="app-body-s" { a href=(all.0) { (all.1) } } }
    }
}

fn side(d: &Dashboard, chrome: &Chrome) -> Markup {
    html! {
        section class="app-panel app-panel--warning" aria-labelledby="overdue" {
            h2 class="app-heading-s" id="overdue" { "Overdue actions (" (d.overdue.len()) ")" }
            @if d.overdue.is_empty() { p class="app-body-s" { "No action is overdue." } }
            @else { (cut_list(&d.overdue, action_item, (ALL_OVERDUE, &format!("See all {} overdue actions", d.overdue.len())))) }
        }
        section class="app-panel" aria-labelledby="gaps" {
            h2 class="app-heading-s" id="gaps" { "Evidence gaps (" (d.evidence_gaps.len()) ")" }
            @if d.areas.is_empty() { p class="app-body-s" { "There are no practice areas yet." } }
            @else if d.evidence_gaps.is_empty() { p class="app-body-s" { "Every area has the evidence and key measures the rules ask for." } }
            @else {
                (cut_list(&d.evidence_gaps, |line: &AreaLine| html! {
                    li class="app-attention__item" {
                        a href={ "/areas/" (line.id) "#evidence" } { (line.name) }
                        @for gap in &line.evidence_gaps { span class="app-attention__meta" { (gap.text()) } }
                    }
                }, (ALL_GAPS, &format!("See all {} areas with gaps", d.evidence_gaps.len()))))
            }
        }
        // Early warning below what already needs attention, so that the first screen still shows the gaps.
        @if !d.areas.is_empty() { (super::slipping::at_risk_panel(&d.at_risk, d.as_at)) }
        section class="app-panel" aria-labelledby="review" {
            h2 class="app-heading-s" id="review" { "Evidence waiting for review (" (d.review.count) ")" }
            @match &d.review.oldest {
                None => p class="app-body-s" { "Nothing is waiting for review." },
                Some(oldest) => p class="app-body-s" {
                    "Oldest: " a href={ "/evidence/" (oldest.id) } { (oldest.title) }
                    span class="app-attention__meta" { (oldest.area.1) " · observed " (date(oldest.observed_on)) }
                },
            }
            // The queue is for leaders, who verify or reject; others see the count only.
            @if d.review.count > 0 && chrome.may(Role::Leader) {
                p class="app-body-s" { a href="/evidence/review" { "Go to the review queue" } }
            }
        }
        (super::requests::dashboard_panel(&d.requests.0, d.requests.1))
        @if let Some(count) = d.awaiting_sign_off { (awaiting_sign_off(count)) }
        section class="app-panel" aria-labelledby="due-soon" {
            h2 class="app-heading-s" id="due-soon" { "Due in the next " (DUE_SOON_DAYS) " days (" (d.due_soon.len()) ")" }
            @if d.due_soon.is_empty() { p class="app-body-s" { "No open action is due in the next " (DUE_SOON_DAYS) " days." } }
            @else { (cut_list(&d.due_soon, action_item, (ALL_DUE_SOON, &format!("See all {} actions due soon", d.due_soon.len())))) }
        }
    }
}

/// What the key measures' icons mean, in words a councillor can read: each
/// icon as it is drawn, beside what it says.
fn icon_key() -> Markup {
    use super::charts::{assurance_icon, variation_icon};
    use crate::domain::kinds::Direction;
    use crate::domain::spc::{Assurance, AssuranceNeeds, PointKind};
    let variation = [
        (Some(PointKind::CommonCause), "The latest result is within the usual range: nothing has changed."),
        (Some(PointKind::Improvement), "The latest result shows a real change for the better (special cause)."),
        (Some(PointKind::Concern), "The latest result shows a real change for the worse (special cause)."),
        (None, "The measure has no results yet."),
    ];
    let assurance = [
        (Some(Assurance::ConsistentPass), "Results will meet the target if nothing changes."),
        (Some(Assurance::ConsistentFail), "Results will not meet the target unless something changes."),
        (Some(Assurance::Inconsistent), "Results will sometimes meet the target and sometimes not."),
        (None, "No assurance can be given yet: the icon names what the measure lacks (a target, a direction, or enough results for reliable limits)."),
    ];
    html! {
        details class="app-details app-icon-key" {
            summary class="app-details__summary" { span class="app-details__summary-text" { "What the icons mean" } }
            div class="app-details__text" {
                p class="app-body-s" {
                    "Each key measure has two icons (NHS \"Making Data Count\"). The first says whether its latest \
                     result is a real change or the usual ups and downs; the second whether it will meet its target."
                }
                h3 class="app-heading-s" { "Variation" }
                dl class="app-icon-key__list" {
                    @for (kind, words) in variation {
                        dt { (variation_icon(kind, Direction::HigherIsBetter)) } dd { (words) }
                    }
                }
                h3 class="app-heading-s" { "Assurance" }
                dl class="app-icon-key__list" {
                    @for (assurance, words) in assurance {
                        dt { (assurance_icon(assurance, AssuranceNeeds::default())) } dd { (words) }
                    }
                }
            }
        }
    }
}

/// One inspection's readiness: the share of findings ready, how many are in
/// embedded areas, a bar, and its first gaps; `titled` heads it with the inspection's name.
pub fn readiness_block(item: &InspectionReadiness, gaps_shown: usize, titled: bool) -> Markup {
    let r = &item.readiness;
    let percent = r.percent_ready.round() as u32;
    html! {
        div class="app-readiness" {
            @if titled { h3 class="app-heading-s" { a href={ "/inspections/" (item.inspection.id) } { (item.inspection.title) } } }
            p class="app-body-s" {
                strong { (r.findings_ready) " of " (plural(r.findings_total, "finding", "findings")) " ready" }
                " (" (percent) "%); " (r.findings_embedded) " in embedded areas"
            }
            svg class="app-meter" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 6" preserveAspectRatio="none"
                aria-hidden="true" focusable="false" {
                rect x="0" y="0" width="100" height="6" fill="#f3f2f1" stroke="#505a5f" stroke-width="0.5" vector-effect="non-scaling-stroke" {}
                rect x="0" y="0" width=(percent) height="6" fill="#00703c" {}
            }
            @if item.gaps.is_empty() { p class="app-body-s" { "No gaps." } } @else {
                ul class="app-attention" {
                    @for gap in item.gaps.iter().take(gaps_shown) { li class="app-attention__item" { a href=(gap.href) { (gap.text) } } }
                }
                @if item.gaps.len() > gaps_shown {
                    p class="app-body-s" { a href={ "/inspections/" (item.inspection.id) "#readiness" } { "See all " (item.gaps.len()) " gaps" } }
                }
            }
        }
    }
}

/// The dashboard as at its date, with the latest plan changes up to then.
pub fn dashboard_page(d: &Dashboard, changes: &[HistoryEntry], chrome: &Chrome) -> Markup {
    layout(
        "Dashboard",
        chrome,
        html! {
            h1 class="app-heading-l app-dashboard__title" { "Dashboard" }
            p class="app-no-print" {
                a href={ "/reports/progress?as_at=" (d.as_at.format("%Y-%m-%d")) } { "Progress report for lead members" }
                " (what changed since the last one, as a page, PDF or Word document)"
            }
            @if let Some(setup) = &d.setup { (setup_checklist(setup, chrome)) }
            @if !d.areas.is_empty() { (counts(d)) }
            // What is overdue and missing comes first in reading order (and on a
            // phone); on a wider screen it sits beside the areas, on the right.
            div class="app-dashboard" {
                div class="app-dashboard__side" { (side(d, chrome)) }
                section class="app-dashboard__areas" aria-labelledby="areas" {
                    h2 class="app-heading-m" id="areas" { "Practice areas, most urgent first" }
                    @if d.areas.is_empty() {
                        p class="app-body" {
                            "There are no practice areas yet. "
                            @if chrome.may_add(Role::Leader) { a href="/areas/new" { "Add a practice area" } }
                        }
                    } @else {
                        (icon_key())
                        ul class="app-tiles" { @for line in &d.areas { (tile(line)) } }
                    }
                }
            }
            div class="app-dashboard app-dashboard--lower" {
                section class="app-dashboard__areas" aria-labelledby="readiness" {
                    h2 class="app-heading-m" id="readiness" { "Readiness for inspection" }
                    @if d.readiness.is_empty() { p class="app-body" { "No inspections are recorded." } }
                    @for item in d.readiness.iter() { (readiness_block(item, 3, true)) }
                }
                section class="app-dashboard__side" aria-labelledby="changes" {
                    h2 class="app-heading-m" id="changes" { "Recent changes" }
                    @if changes.is_empty() { p class="app-body-s" { "No changes to the plan by this date." } }
                    @else { (entries(changes)) p class="app-body-s" { a href="/history" { "See all changes" } } }
                }
            }
        },
    )
}

/// Completed actions waiting for a leader, with the tracker filtered to them.
fn awaiting_sign_off(count: usize) -> Markup {
    html! {
        section class="app-panel" aria-labelledby="sign-off" {
            h2 class="app-heading-s" id="sign-off" { "Actions awaiting sign-off (" (count) ")" }
            @if count == 0 { p class="app-body-s" { "No completed action is waiting for sign-off." } }
            @else { p class="app-body-s" { a href="/actions?sign_off=awaiting" { "See the actions awaiting sign-off" } } }
        }
    }
}
