//! The evidence library (MOJ filter pattern), with its link to the review
//! queue (`review_queue`).

use super::actions::review_colour;
use super::components::{date, error_summary, tag};
use super::fields::{
    checkboxes, date_input, inline_checkboxes, input, radio_group, select_field, Choice, DateInput, Input, Layout,
};
use super::filters::{filter_layout, narrowed_hint, showing, FilterChip};
use super::forms::pagination;
use super::{layout, Chrome};
use crate::domain::fields::FieldErrors;
use crate::domain::kinds::{EvidenceKind, ReviewState};
use crate::read::evidence_library::LibraryLine;
use crate::read::form_choices::Narrowed;
use maud::{html, Markup};

/// The library's filters as typed.
#[derive(Debug, Clone, Default)]
pub struct LibraryValues {
    pub area: String,
    pub kinds: Vec<String>,
    pub review: Vec<String>,
    pub from: DateInput,
    pub to: DateInput,
    pub finding: String,
    pub action: String,
    pub unlinked: bool,
    pub age: String,
    pub text: String,
}

/// What the library's filters offer.
#[derive(Debug, Clone, Default)]
pub struct LibraryChoices {
    pub areas: Vec<(String, String)>,
    pub findings: Vec<(String, String)>,
    /// Set when the finding filter lists only some findings.
    pub findings_narrowed: Option<Narrowed>,
}

/// Everything the library page shows.
pub struct LibraryPage<'a> {
    pub lines: &'a [LibraryLine<'a>],
    pub total: usize,
    pub page: i64,
    pub per_page: i64,
    pub values: &'a LibraryValues,
    pub choices: &'a LibraryChoices,
    pub chips: &'a [FilterChip],
    /// Problems with the filters (a date that is not a date): that filter is left out.
    pub errors: &'a FieldErrors,
    pub page_href: &'a dyn Fn(i64) -> String,
    pub may_add: bool,
    /// Drafts awaiting review, for leaders.
    pub queue: Option<usize>,
}

fn filters(v: &LibraryValues, c: &LibraryChoices, errors: &FieldErrors) -> Markup {
    let any = |label: &str, items: &[(String, String)]| {
        let mut all = vec![(String::new(), label.to_string())];
        all.extend(items.iter().cloned());
        all
    };
    let kinds: Vec<Choice> = EvidenceKind::ALL.iter().map(|k| (k.as_str().into(), k.label().into(), None)).collect();
    let reviews: Vec<Choice> = ReviewState::ALL.iter().map(|r| (r.as_str().into(), r.label().into(), None)).collect();
    let ages: Vec<Choice> = vec![
        (String::new(), "Any age".into(), None),
        ("current".into(), "Recent enough to count".into(), None),
        ("stale".into(), "Too old to count".into(), Some("Observed before its area's evidence window".into())),
    ];
    let linked: Vec<Choice> = vec![("none".into(), "Only items linked to no action or finding".into(), None)];
    let ticked = if v.unlinked { vec!["none".to_string()] } else { vec![] };
    html! {
        (input("q", "Search evidence", Some("Words in the title or description"), &v.text, Input::Text, errors))
        (select_field("area", "Practice area", None, &any("Any area", &c.areas), &v.area, errors))
        (checkboxes("review", "Review", None, &reviews, &v.review, errors))
        (radio_group("age", "Age", None, &ages, &v.age, Layout::Stacked, errors))
        (select_field("finding", "Linked finding", narrowed_hint(c.findings_narrowed, "a practice area", "the practice area chosen").as_deref(), &any("Any finding", &c.findings), &v.finding, errors))
        (input("action", "Linked action (reference)", Some("For example, 1.3"), &v.action, Input::Short, errors))
        (date_input("from", "Observed on or after", None, &v.from, errors))
        (date_input("to", "Observed on or before", None, &v.to, errors))
        (checkboxes("linked", "Links", None, &linked, &ticked, errors))
        div class="app-filter__wide" { (inline_checkboxes("kind", "Kind", &kinds, &v.kinds, errors)) }
    }
}

fn item_row(line: &LibraryLine<'_>) -> Markup {
    let e = line.item;
    html! {
        tr {
            td { a href={ "/evidence/" (e.id) } { (e.title) } }
            td { (e.kind.label()) }
            td { (line.area) }
            td class="app-nowrap" { (date(e.observed_on)) @if line.stale { br; (tag("Too old to count", "yellow")) } }
            td { (tag(e.review_state.label(), review_colour(e.review_state))) }
            td { (line.files) }
            td { @if line.links == 0 { (tag("No link", "grey")) } @else { (line.links) } }
        }
    }
}

/// The evidence library.
pub fn library_page(p: &LibraryPage<'_>, chrome: &Chrome) -> Markup {
    let results = html! {
        p class="app-body" role="status" { strong { (showing(p.page, p.per_page, p.total, "item", "items")) } }
        @if p.total == 0 && p.chips.is_empty() {
            p class="app-body" {
                "No evidence is recorded yet. Evidence shows that practice has changed: case audits, case examples, \
                 feedback from children, families and staff. "
                @if p.may_add { "Add each item with the date the practice was seen." }
            }
        }
        @if !p.lines.is_empty() {
            div class="app-table-wrap" role="region" aria-label="Evidence" tabindex="0" {
                table class="app-table" {
                    caption class="app-visually-hidden" { "Evidence, most recently observed first" }
                    thead { tr {
                        th scope="col" { "Title" } th scope="col" { "Kind" } th scope="col" { "Practice area" }
                        th scope="col" { "Observed" } th scope="col" { "Review" } th scope="col" { "Files" } th scope="col" { "Links" }
                    } }
                    tbody { @for line in p.lines { (item_row(line)) } }
                }
            }
        }
        (pagination(p.page, p.total as i64, p.per_page, p.page_href))
    };
    layout(
        if p.errors.is_empty() { "Evidence" } else { "Error: Evidence" },
        chrome,
        html! {
            (error_summary(p.errors))
            h1 class="app-heading-l" { "Evidence" }
            div class="app-button-group" {
                @if p.may_add { a class="app-button" href="/evidence/new" { "Add evidence" } }
                @if let Some(n) = p.queue { (review_queue_link(n)) }
                a class="app-link" href="/requests" { "Requests for evidence" }
                a class="app-link" href="/archived?kind=evidence" { "Archived evidence" }
            }
            (filter_layout("/evidence", p.chips, "/evidence", (filters(p.values, p.choices, p.errors), html! {}), results))
        },
    )
}

/// A link to the review queue with how many drafts wait, for the library and
/// the dashboard.
pub fn review_queue_link(drafts: usize) -> Markup {
    html! {
        a class="app-link app-queue-link" href="/evidence/review" {
            "Review queue" " " strong class="app-count" { (drafts) }
            span class="app-visually-hidden" { " " (if drafts == 1 { "draft awaits" } else { "drafts await" }) " review" }
        }
    }
}
