//! Owners: the list with each one's actions and overdue count, the page of
//! one owner, and a person's own "My actions".

use super::blocks::{actions_table, plural, region_table, status_tag, summary_list, ActionColumns};
use super::components::tag;
use super::digest::{digest_section, DigestPanel};
use super::history::history_section;
use super::history::RecordParts;
use super::{layout, Chrome};
use crate::read::owners::{OwnerLine, OwnerPage};
use maud::{html, Markup};

fn display_name(o: &OwnerLine) -> String {
    match (o.name.is_empty(), o.job_title.is_empty()) {
        (false, _) => o.name.clone(),
        (true, false) => o.job_title.clone(),
        (true, true) => format!("Owner {}", o.id),
    }
}

/// Every live owner, most overdue first.
pub fn owners_page(owners: &[OwnerLine], chrome: &Chrome) -> Markup {
    let chrome = chrome.with_breadcrumbs(&[("/", "Dashboard")]);
    let head = html! {
        th scope="col" { "Owner" } th scope="col" { "Job title" } th scope="col" { "Team or partner agency" }
        th scope="col" { "Open actions" } th scope="col" { "Overdue" }
    };
    let rows = html! {
        @for o in owners {
            tr {
                th scope="row" { a href={ "/owners/" (o.id) } { (display_name(o)) } }
                td { (o.job_title) }
                td { (o.team) }
                td class="app-numeric" { (o.open) " of " (o.actions) }
                td class="app-numeric" { @if o.overdue > 0 { strong class="app-text-warning" { (o.overdue) } } @else { "0" } }
            }
        }
    };
    let table = region_table("Owners", "Owners, most overdue actions first", head, rows);
    layout(
        "Owners",
        &chrome,
        html! {
            h1 class="app-heading-l" { "Owners" }
            p class="app-body app-grid-two-thirds" {
                "The people and partner agencies who own plan actions and lead practice areas. An owner need not sign in to Sustain."
            }
            @if chrome.may_add(crate::domain::kinds::Role::Leader) { (super::components::add_button("/owners/new", "Add an owner")) }
            @if owners.is_empty() {
                p class="app-body" {
                    "No owners are recorded yet. "
                    @if chrome.may_add(crate::domain::kinds::Role::Leader) {
                        "Add the people who answer for actions, by job title or name, including partners' officers who do not sign in."
                    }
                }
            }
            @else { (table) }
        },
    )
}

/// An owner's page; `mine` makes it the signed-in person's "My actions".
pub fn owner_page(page: &OwnerPage, digest: &DigestPanel, parts: &RecordParts, mine: bool, chrome: &Chrome) -> Markup {
    let o = &page.owner;
    let name = display_name(o);
    let title = if mine { "My actions".to_string() } else { name.clone() };
    let chrome =
        if mine { chrome.clone() } else { chrome.with_breadcrumbs(&[("/", "Dashboard"), ("/owners", "Owners")]) };
    layout(
        &title,
        &chrome,
        html! {
            span class="app-caption" { @if mine { (name) } @else { "Owner" } }
            h1 class="app-heading-l" { (title) }
            (parts.controls)
            @if o.archived { p { (tag("Archived", "grey")) } }
            (summary_list(&[
                ("Job title", html! { (o.job_title) }),
                ("Team or partner agency", html! { (o.team) }),
                ("Email", html! { @match &o.email { Some(email) => a href={ "mailto:" (email) } { (email) }, None => "–" } }),
                ("Signs in as", html! { @match &o.user { Some(user) => (user), None => "Does not sign in to Sustain" } }),
                ("Actions", html! {
                    (plural(o.open, "open action", "open actions")) " of " (o.actions)
                    @if o.overdue > 0 { ", " strong class="app-text-warning" { (o.overdue) " overdue" } }
                }),
            ]))
            @if !page.areas_led.is_empty() {
                section class="app-section" aria-labelledby="areas-led" {
                    h2 class="app-heading-m" id="areas-led" { "Practice areas led" }
                    ul class="app-list" {
                        @for (id, area, status) in &page.areas_led {
                            li { a href={ "/areas/" (id) } { (area) } " " @if let Some(s) = status { (status_tag(*s)) } }
                        }
                    }
                }
            }
            section class="app-section" aria-labelledby="actions" {
                h2 class="app-heading-m" id="actions" { @if mine { "Your actions" } @else { "Actions" } " (" (page.actions.len()) ")" }
                @if page.actions.is_empty() { p class="app-body" { "No actions." } }
                @else { (actions_table(&page.actions, &format!("Actions owned by {name}"), ActionColumns { area: true, owner: false })) }
            }
            (super::requests::owner_requests(&page.requests, mine))
            (digest_section(digest))
            (history_section(&parts.history, &format!("/history?entity=owner&id={}", o.id)))
        },
    )
}

/// "My actions" for someone whose account is linked to no owner.
pub fn no_owner_page(chrome: &Chrome) -> Markup {
    layout(
        "My actions",
        chrome,
        html! {
            h1 class="app-heading-l" { "My actions" }
            p class="app-body" { "Your account is not linked to an owner, so no actions are yours." }
            p class="app-body" { "Ask an administrator to link your account to the owner record that is you, or " a href="/owners" { "see every owner's actions" } "." }
        },
    )
}
