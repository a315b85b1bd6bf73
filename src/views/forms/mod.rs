//! The forms that change the plan, one file per kind of record, and what they share.

pub mod action;
pub mod archive;
pub mod area;
pub mod evidence;
pub mod finding;
pub mod inspection;
pub mod measure;
pub mod owner;

use crate::domain::paging::page_count;
use maud::{html, Markup};

/// GOV.UK pagination: previous, page numbers near this one, next. Nothing
/// when everything fits on one page.
pub fn pagination(page: i64, total: i64, per_page: i64, href: &dyn Fn(i64) -> String) -> Markup {
    pagination_of("Pages", page, total, per_page, href)
}

/// The same pagination named for its list ("Pages of actions"), for a page
/// that pages more than one list: each navigation landmark needs its own name.
pub fn pagination_of(label: &str, page: i64, total: i64, per_page: i64, href: &dyn Fn(i64) -> String) -> Markup {
    let pages = page_count(total, per_page);
    let near = |p: i64| p == 1 || p == pages || (p - page).abs() <= 2;
    html! {
        @if pages > 1 {
            nav class="app-pagination" aria-label=(label) {
                @if page > 1 { a class="app-pagination__prev" href=(href(page - 1)) rel="prev" { "Previous" span class="app-visually-hidden" { " page" } } }
                ul class="app-pagination__list" {
                    @for p in (1..=pages).filter(|p| near(*p)) {
                        li {
                            @if p == page {
                                a href=(href(p)) aria-current="page" aria-label={ "Page " (p) } { (p) }
                            } @else {
                                a href=(href(p)) aria-label={ "Page " (p) } { (p) }
                            }
                        }
                    }
                }
                @if page < pages { a class="app-pagination__next" href=(href(page + 1)) rel="next" { "Next" span class="app-visually-hidden" { " page" } } }
            }
        }
    }
}

/// Ids and names as options for a select, with a first "none" option when given.
pub fn id_options<T: std::fmt::Display>(none: Option<&str>, items: &[(T, String)]) -> Vec<(String, String)> {
    let mut options: Vec<(String, String)> = none.map(|n| vec![(String::new(), n.to_string())]).unwrap_or_default();
    options.extend(items.iter().map(|(id, label)| (id.to_string(), label.clone())));
    options
}

/// The controls a record's own page shows, for the read pages to embed:
/// "Change this inspection" and "Archive it", or Restore when it is archived,
/// or, in their place, why this person may not.
pub fn record_controls(
    kind: crate::read::archived::RecordKind,
    (id, version): (i64, i32),
    archived: bool,
    permission: Result<(), crate::domain::access::Refusal>,
    csrf: &str,
) -> Markup {
    let path = kind.path(id);
    html! {
        @match permission {
            // Controls are for the screen: a printed page is a committee paper.
            Err(why) => p class="app-hint app-no-print" { (why) },
            Ok(()) if archived => {
                form method="post" action={ (path) "/restore" } class="app-button-group" {
                    (super::components::csrf_field(csrf))
                    input type="hidden" name="version" value=(version);
                    p class="app-body" { "This " (kind.noun()) " is archived." }
                    button type="submit" class="app-button app-button--secondary" { "Restore it" }
                }
            }
            Ok(()) => div class="app-button-group app-no-print" {
                a class="app-button app-button--secondary" href={ (path) "/edit" } { "Change this " (kind.noun()) }
                a class="app-link" href={ (path) "/archive" } { "Archive it" }
            },
        }
    }
}
