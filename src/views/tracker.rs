//! The action tracker: every action with filters (MOJ filter pattern),
//! sortable columns, a count, pages, and a CSV of exactly what is shown.

use super::actions::{rag_colour, state_colour};
use super::components::{maybe_date, tag};
use super::fields::{checkboxes, inline_checkboxes, input, select_field, Choice, Input};
use super::filters::{filter_layout, narrowed_hint, showing, sort_heading, FilterChip};
use super::forms::pagination;
use super::{layout, Chrome};
use crate::domain::fields::FieldErrors;
use crate::domain::kinds::ActionState;
use crate::domain::sign_off::Standing;
use crate::read::form_choices::Narrowed;
use crate::read::tracker::{SortKey, TrackerLine};
use maud::{html, Markup};

/// The tracker's filters as typed, to show them again in the form.
#[derive(Debug, Clone, Default)]
pub struct TrackerValues {
    pub owner: String,
    pub area: String,
    pub finding: String,
    pub inspection: String,
    pub states: Vec<String>,
    pub overdue: bool,
    pub due_soon: bool,
    pub awaiting_sign_off: bool,
    pub text: String,
}

/// What the tracker's filters offer.
#[derive(Debug, Clone, Default)]
pub struct TrackerChoices {
    /// (value, label); "mine" first for someone linked to an owner.
    pub owners: Vec<(String, String)>,
    pub areas: Vec<(String, String)>,
    pub findings: Vec<(String, String)>,
    /// Set when the finding filter lists only some findings.
    pub findings_narrowed: Option<Narrowed>,
    pub inspections: Vec<(String, String)>,
}

/// Everything the tracker page shows.
pub struct TrackerPage<'a> {
    pub heading: &'a str,
    pub lines: &'a [TrackerLine<'a>],
    pub total: usize,
    pub page: i64,
    pub per_page: i64,
    pub sort: SortKey,
    pub descending: bool,
    pub values: &'a TrackerValues,
    pub choices: &'a TrackerChoices,
    pub chips: &'a [FilterChip],
    /// The address of each column's sort, and of each page.
    pub sort_href: &'a dyn Fn(SortKey) -> String,
    pub page_href: &'a dyn Fn(i64) -> String,
    pub csv_href: String,
    pub may_add: bool,
    pub note: Option<&'a str>,
}

fn filters(v: &TrackerValues, c: &TrackerChoices) -> Markup {
    let none = FieldErrors::new();
    let with_any = |any: &str, items: &[(String, String)]| {
        let mut all = vec![(String::new(), any.to_string())];
        all.extend(items.iter().cloned());
        all
    };
    let states: Vec<Choice> =
        ActionState::ALL.iter().map(|s| (s.as_str().to_string(), s.label().to_string(), None)).collect();
    let flags: Vec<Choice> =
        vec![("overdue".into(), "Overdue".into(), None), ("due_soon".into(), "Due in the next 30 days".into(), None)];
    let mut ticked: Vec<String> = Vec::new();
    if v.overdue {
        ticked.push("overdue".into());
    }
    if v.due_soon {
        ticked.push("due_soon".into());
    }
    html! {
        (input("q", "Search actions", Some("Words in the reference, title, description or success measure"), &v.text, Input::Text, &none))
        (select_field("owner", "Owner", None, &with_any("Any owner", &c.owners), &v.owner, &none))
        (select_field("area", "Practice area", None, &with_any("Any area", &c.areas), &v.area, &none))
        (select_field("inspection", "Inspection", None, &with_any("Any inspection", &c.inspections), &v.inspection, &none))
        (select_field("finding", "Finding answered", narrowed_hint(c.findings_narrowed, "an inspection or practice area", "the inspection or practice area chosen").as_deref(), &with_any("Any finding", &c.findings), &v.finding, &none))
        (checkboxes("when", "Due date", None, &flags, &ticked, &none))
        (checkboxes("sign_off", "Sign-off", None, &[("awaiting".into(), "Awaiting sign-off".into(), None)],
            &if v.awaiting_sign_off { vec!["awaiting".to_string()] } else { Vec::new() }, &none))
        div class="app-filter__wide" { (inline_checkboxes("state", "State", &states, &v.states, &none)) }
    }
}

/// The tracker page.
pub fn tracker_page(p: &TrackerPage<'_>, chrome: &Chrome) -> Markup {
    let results = html! {
        div class="app-results-bar" {
            p class="app-body" role="status" { strong { (showing(p.page, p.per_page, p.total, "action", "actions")) } }
            @if p.total > 0 { p class="app-body" { a href=(p.csv_href) download { "Download these " (p.total) " actions as a spreadsheet (CSV)" } } }
        }
        @if p.total == 0 && p.chips.is_empty() {
            p class="app-body" {
                "No actions are recorded yet. "
                @if p.may_add { "Add them one by one, or import the whole plan from a workbook under Import and export." }
                @else { "Leaders add them, or import the plan from a workbook." }
            }
        }
        @if !p.lines.is_empty() {
            div class="app-table-wrap" role="region" aria-label="Actions" tabindex="0" {
                table class="app-table app-table--tracker" {
                    caption class="app-visually-hidden" { (p.heading) ", sorted by " (p.sort.name()) }
                    thead {
                        tr {
                            @for (key, _, label) in SortKey::ALL {
                                @let sorted = (p.sort == key).then_some(p.descending);
                                (sort_heading(label, &(p.sort_href)(key), sorted))
                            }
                        }
                    }
                    tbody {
                        @for line in p.lines {
                            tr {
                                td { (line.action.reference) }
                                td {
                                    a href={ "/actions/" (line.action.id) } { (line.action.title) }
                                    @if !line.findings.is_empty() { br; span class="app-hint app-body-s" { "Answers " (line.findings.join(", ")) } }
                                }
                                td { (line.owner.as_deref().unwrap_or("No owner")) }
                                td { (line.area) }
                                td { (maybe_date(line.action.due_date)) @if line.overdue { br; (tag("Overdue", "red")) } }
                                td {
                                    (tag(line.action.state.label(), state_colour(line.action.state)))
                                    @if line.sign_off.is_awaiting() { br; (tag("Awaiting sign-off", "yellow")) }
                                    @if matches!(line.sign_off, Standing::Returned { .. }) { br; (tag("Returned", "red")) }
                                }
                                td { @if let Some(rag) = line.latest_rag { (tag(rag.label(), rag_colour(rag))) } @else { "None yet" } }
                            }
                        }
                    }
                }
            }
        }
        (pagination(p.page, p.total as i64, p.per_page, p.page_href))
    };
    layout(
        p.heading,
        chrome,
        html! {
            h1 class="app-heading-l" { (p.heading) }
            @if let Some(note) = p.note { p class="app-inset-text" { (note) } }
            div class="app-button-group" {
                @if p.may_add { a class="app-button" href="/actions/new" { "Add an action" } }
                a class="app-link" href="/archived?kind=actions" { "Archived actions" }
            }
            (filter_layout("/actions", p.chips, "/actions", (filters(p.values, p.choices), html! {
                @if p.sort != SortKey::Reference || p.descending {
                    input type="hidden" name="sort" value=(p.sort.name());
                    @if p.descending { input type="hidden" name="order" value="desc"; }
                }
            }), results))
        },
    )
}
