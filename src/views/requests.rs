//! Requests for evidence: the list, one request with its answer or the form
//! to close it unanswered, the form that asks for evidence, and the sections
//! that show requests on an owner's page and the dashboard.

use super::blocks::{data_table, summary_list};
use super::components::{csrf_field, date, error_summary, tag};
use super::fields::{date_input, long_text, radio_group, select_field, Choice, DateInput, Layout};
use super::form_page::{buttons, version_field};
use super::forms::id_options;
use super::history::history_section;
use super::{layout, Chrome};
use crate::domain::fields::FieldErrors;
use crate::domain::ids::OwnerId;
use crate::domain::kinds::Role;
use crate::domain::requests::{Standing, CLOSE_REASONS, WANTED_MAX};
use crate::read::history::HistoryEntry;
use crate::read::requests::{About, RequestLine, RequestList};
use maud::{html, Markup};

/// A request's standing as a tag.
pub fn standing_tag(line: &RequestLine) -> Markup {
    let colour = match line.standing {
        Standing::Open => "blue",
        Standing::Overdue => "red",
        Standing::Answered => "green",
        Standing::Closed => "grey",
    };
    tag(&line.standing_words(), colour)
}

fn about(about: &About) -> Markup {
    html! {
        @match &about.href {
            Some(href) => { (about.kind) " " a href=(href) { (about.name) } },
            None => (about.name),
        }
    }
}

fn filters(list: &RequestList) -> Markup {
    let total: usize = list.counts.iter().map(|(_, n)| n).sum();
    let choices = std::iter::once((None, "All", total))
        .chain(list.counts.iter().map(|(s, n)| (Some(*s), s.label(), *n)))
        .map(|(s, label, n)| {
            (s.map_or("/requests".to_string(), |s| format!("/requests?show={}", s.as_str())), s, label, n)
        });
    html! {
        nav class="app-sub-nav" aria-label="Filter requests for evidence" {
            ul class="app-sub-nav__list" {
                @for (href, standing, label, n) in choices {
                    li class="app-sub-nav__item" {
                        @if standing == list.shown {
                            a href=(href) aria-current="page" { (label) " (" (n) ")" }
                        } @else {
                            a href=(href) { (label) " (" (n) ")" }
                        }
                    }
                }
            }
        }
    }
}

/// A table of requests; `owner` adds who was asked.
pub fn requests_table(lines: &[RequestLine], caption: &str, owner: bool) -> Markup {
    let head = html! {
        th scope="col" { "Evidence asked for" } th scope="col" { "About" }
        @if owner { th scope="col" { "Asked of" } }
        th scope="col" { "Needed by" } th scope="col" { "State" }
    };
    let rows = html! {
        @for l in lines {
            tr {
                th scope="row" { a href={ "/requests/" (l.id) } { (l.wanted) } }
                td { (about(&l.about)) }
                @if owner { td { a href={ "/owners/" (l.owner.0) } { (l.owner.1) } } }
                td class="app-nowrap" { (date(l.due_on)) }
                td { (standing_tag(l)) }
            }
        }
    };
    data_table(caption, head, rows)
}

/// Every request asked by the page's date, filtered by standing.
pub fn requests_page(list: &RequestList, chrome: &Chrome) -> Markup {
    let chrome = chrome.with_breadcrumbs(&[("/", "Dashboard")]);
    layout(
        "Requests for evidence",
        &chrome,
        html! {
            h1 class="app-heading-l" { "Requests for evidence" }
            p class="app-body app-grid-two-thirds" {
                "Evidence a leader has asked an owner for, by a date. Adding evidence against a request answers it; "
                "a leader may close one unanswered, saying why. Leaders ask for evidence from a finding, action or practice area."
            }
            @if chrome.may_add(Role::Leader) { (super::components::add_button("/requests/new", "Ask for evidence")) }
            (filters(list))
            @if list.lines.is_empty() { p class="app-body" { "No request for evidence here." } }
            @else { (requests_table(&list.lines, "Requests for evidence, waiting first", true)) }
        },
    )
}

/// What the form to close a request unanswered holds.
#[derive(Debug, Clone, Default)]
pub struct CloseValues {
    /// One of `CLOSE_REASONS`.
    pub why: String,
    pub reason: String,
    pub version: String,
}

/// One request: what was asked, of whom, by when, and how it ended; while
/// it waits, "Add evidence" and (for leaders) the form to close it.
pub fn request_page(
    line: &RequestLine,
    (close, errors): (&CloseValues, &FieldErrors),
    history: &[HistoryEntry],
    chrome: &Chrome,
) -> Markup {
    let chrome = chrome.with_breadcrumbs(&[("/", "Dashboard"), ("/requests", "Requests for evidence")]);
    let title = format!("Evidence asked of {}", line.owner.1);
    let waiting = line.standing.is_waiting() && chrome.is_today();
    layout(
        &if errors.is_empty() { title.clone() } else { format!("Error: {title}") },
        &chrome,
        html! {
            (error_summary(&errors.in_order(&["why", "reason"])))
            span class="app-caption" { "Request for evidence" }
            h1 class="app-heading-l" { (title) }
            p { (standing_tag(line)) }
            (summary_list(&[
                ("Evidence asked for", html! { p class="app-body app-timeline__description" { (line.wanted) } }),
                ("About", about(&line.about)),
                ("Asked of", html! { a href={ "/owners/" (line.owner.0) } { (line.owner.1) } }),
                ("Needed by", html! { (date(line.due_on)) }),
                ("Asked by", html! { (line.asked_by) " on " (date(line.asked_on)) }),
            ]))
            @if let Some((item, title, on)) = &line.answered {
                p class="app-body" { "Answered on " (date(*on)) " by " a href={ "/evidence/" (item) } { (title) } "." }
            }
            @if let Some((by, on, reason)) = &line.closed {
                p class="app-body" { "Closed unanswered by " (by) " on " (date(*on)) ": " (reason) }
            }
            @if waiting && chrome.may(Role::Contributor) {
                p class="app-body" {
                    a class="app-button" href={ "/evidence/new?request=" (line.id) "&return=/requests/" (line.id) } { "Add evidence" }
                }
            }
            @if waiting && chrome.may(Role::Leader) {
                section class="app-section" aria-labelledby="close" {
                    h2 class="app-heading-m" id="close" { "Close it without evidence" }
                    form method="post" action={ "/requests/" (line.id) "/close" } novalidate class="app-form" {
                        (csrf_field(&chrome.csrf))
                        (version_field(&close.version))
                        (radio_group("why", "Why is it closed without evidence?", Some("The owner sees the reason on the request."), &close_choices(), &close.why, Layout::Stacked, errors))
                        (long_text("reason", "Say more (needed for another reason)", None, &close.reason, WANTED_MAX, errors))
                        button type="submit" class="app-button app-button--secondary" { "Close the request" }
                    }
                }
            }
            (history_section(history, &format!("/history?entity=evidence_request&id={}", line.id)))
        },
    )
}

fn close_choices() -> Vec<Choice> {
    CLOSE_REASONS.iter().map(|(name, words)| (name.to_string(), words.to_string(), None)).collect()
}

/// What the form asking for evidence holds, as typed.
#[derive(Debug, Clone, Default)]
pub struct RequestValues {
    /// The field naming the subject (`finding_id`...) and its id.
    pub subject: (&'static str, String),
    pub owner_id: String,
    pub due_on: DateInput,
    pub wanted: String,
}

/// The form that asks an owner for evidence about one finding, action or area.
pub fn new_request_page(
    (values, errors): (&RequestValues, &FieldErrors),
    (about_it, owners): (&About, &[(OwnerId, String)]),
    back: &str,
    chrome: &Chrome,
) -> Markup {
    let title = "Ask for evidence";
    let order = ["owner_id", "due_on", "wanted", values.subject.0];
    layout(
        &if errors.is_empty() { title.to_string() } else { format!("Error: {title}") },
        chrome,
        html! {
            a class="app-back-link" href=(back) { "Back" }
            (error_summary(&errors.in_order(&order)))
            span class="app-caption" { (about_it.kind) ": " (about_it.name) }
            h1 class="app-heading-l" { (title) }
            p class="app-body app-grid-two-thirds" {
                "The owner sees the request on their page and in their reminder digest. "
                "Evidence added against it answers it."
            }
            form method="post" action="/requests" novalidate class="app-form" {
                (csrf_field(&chrome.csrf))
                input type="hidden" name=(values.subject.0) value=(values.subject.1);
                input type="hidden" name="return" value=(back);
                (select_field("owner_id", "Who is asked?", Some("Owners who do not sign in are listed to the leaders in their digests."), &id_options(Some("Choose an owner"), owners), &values.owner_id, errors))
                (date_input("due_on", "When is it needed by?", Some("For example, 27 3 2026"), &values.due_on, errors))
                (long_text("wanted", "What evidence is wanted?", Some("In words the owner will understand, for example: the last three supervision records for the MASH team."), &values.wanted, WANTED_MAX, errors))
                (buttons("Ask for evidence", back))
            }
        },
    )
}

/// The first question when asking from the list: which practice area it is
/// about (a finding or action is asked about from its own page).
pub fn choose_area_page(areas: &[(crate::domain::ids::AreaId, String)], chrome: &Chrome) -> Markup {
    layout(
        "Ask for evidence",
        chrome,
        html! {
            a class="app-back-link" href="/requests" { "Back" }
            h1 class="app-heading-l" { "Ask for evidence" }
            p class="app-body app-grid-two-thirds" {
                "To ask about a finding or an action, use \"Ask for evidence\" on its page. To ask about a practice area, choose it here."
            }
            form method="get" action="/requests/new" novalidate class="app-form" {
                (select_field("area", "Which practice area is the evidence about?", None, &id_options(Some("Choose a practice area"), areas), "", &FieldErrors::new()))
                button type="submit" class="app-button" { "Continue" }
            }
        },
    )
}

/// The requests asked of an owner, on their page ("My actions" too).
pub fn owner_requests(lines: &[RequestLine], mine: bool) -> Markup {
    let waiting = lines.iter().filter(|l| l.standing.is_waiting()).count();
    html! {
        section class="app-section" aria-labelledby="requests" {
            h2 class="app-heading-m" id="requests" {
                @if mine { "Evidence asked of you" } @else { "Evidence asked for" } " (" (waiting) " waiting)"
            }
            @if lines.is_empty() { p class="app-body" { "No evidence has been asked for." } }
            @else { (requests_table(lines, "Evidence asked for, waiting first", false)) }
        }
    }
}

/// The dashboard's panel: requests past their date, and a way to every request.
pub fn dashboard_panel(overdue: &[RequestLine], waiting: usize) -> Markup {
    html! {
        section class="app-panel app-panel--warning" aria-labelledby="requests-overdue" {
            h2 class="app-heading-s" id="requests-overdue" { "Evidence asked for and overdue (" (overdue.len()) ")" }
            @if overdue.is_empty() { p class="app-body-s" { "No request for evidence is overdue." } }
            @else {
                ul class="app-attention" {
                    @for l in overdue.iter().take(5) {
                        li class="app-attention__item" {
                            a href={ "/requests/" (l.id) } { (l.about.kind) " " (l.about.name) }
                            span class="app-attention__meta" { (l.owner.1) " · " strong class="app-text-warning" { (l.standing_words()) } }
                        }
                    }
                }
            }
            p class="app-body-s" { a href="/requests" { "See all requests for evidence (" (waiting) " waiting)" } }
        }
    }
}
