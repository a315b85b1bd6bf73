//! The frame every page shares: header with the signed-in user, the service
//! navigation, breadcrumbs, the "as at" bar and banner, main content, footer,
//! and what a printed page carries (the council, the "as at" date, the date
//! printed).

use super::components::{date, success_banner};
use super::fields::{date_fields_inline, DateInput};
use crate::domain::kinds::Role;
use chrono::NaiveDate;
use maud::{html, Markup, DOCTYPE};

/// The date a dated page shows things as at, and how to see it on another date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AsAtFrame {
    /// The date shown.
    pub date: NaiveDate,
    /// Today: a date before it is "in the past" and gets the banner.
    pub today: NaiveDate,
    /// The page's path, for the form that picks another date.
    pub path: String,
    /// The page's other query parameters, kept when the date changes.
    pub params: Vec<(String, String)>,
    /// The page shows only what had been recorded by the end of this day.
    pub recorded: Option<NaiveDate>,
}

impl AsAtFrame {
    /// Whether the page shows a past date rather than today.
    pub fn is_past(&self) -> bool {
        self.date < self.today || self.recorded.is_some_and(|day| day < self.today)
    }

    /// The same page today: its path with its other parameters.
    pub fn today_href(&self) -> String {
        self.href_with(&[])
    }

    /// The same page showing only what had been recorded by the end of its date.
    pub fn as_recorded_href(&self) -> String {
        self.href_with(&[("as_recorded", self.date.format("%Y-%m-%d").to_string())])
    }

    fn href_with(&self, more: &[(&str, String)]) -> String {
        let pairs =
            self.params.iter().map(|(k, v)| (k.as_str(), v.as_str())).chain(more.iter().map(|(k, v)| (*k, v.as_str())));
        let query: String = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish();
        if query.is_empty() {
            return self.path.clone();
        }
        format!("{}?{query}", self.path)
    }
}

/// What the frame needs to know about the request.
#[derive(Debug, Clone, Default)]
pub struct Chrome {
    /// The signed-in user's name and role, if any.
    pub user: Option<(String, Role)>,
    /// The session's CSRF token, for the sign-out form.
    pub csrf: String,
    /// The navigation item to mark as current.
    pub current: &'static str,
    /// A success message from the save that led to this page.
    pub notice: Option<String>,
    /// The council's name, in the header and on printed pages.
    pub authority: String,
    /// The council's colour (`#rrggbb`), the header's background; none keeps the stylesheet's.
    pub colour: Option<String>,
    /// The signed-in user is linked to an owner, so has actions of their own.
    pub has_owner: bool,
    /// The date a dated page shows things as at.
    pub as_at: Option<AsAtFrame>,
    /// Today's date, printed on every page.
    pub printed_on: Option<NaiveDate>,
    /// Links to the pages above this one: (href, label), the top first.
    pub breadcrumbs: Vec<(String, String)>,
}

impl Chrome {
    /// Whether the signed-in user's role includes `role`: a link to a page
    /// that needs it is shown only then, so no one is offered a refusal.
    pub fn may(&self, role: Role) -> bool {
        self.user.as_ref().is_some_and(|(_, mine)| mine.includes(role))
    }

    /// Whether the page shows today rather than a past date: records are
    /// added from today's pages only (a past date is read-only).
    pub fn is_today(&self) -> bool {
        self.as_at.as_ref().is_none_or(|frame| !frame.is_past())
    }

    /// Whether `role` may add things from this page: today's page, and the role allows it.
    pub fn may_add(&self, role: Role) -> bool {
        self.is_today() && self.may(role)
    }

    /// The same frame with breadcrumbs.
    pub fn with_breadcrumbs(&self, crumbs: &[(&str, &str)]) -> Chrome {
        let mut chrome = self.clone();
        chrome.breadcrumbs = crumbs.iter().map(|(href, label)| (href.to_string(), label.to_string())).collect();
        chrome
    }
}

/// Who sees a navigation item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shown {
    /// Everyone whose role includes this one.
    From(Role),
    /// People linked to an owner.
    Owners,
}

/// The service navigation: (link, label, who sees it).
const NAV: &[(&str, &str, Shown)] = &[
    ("/", "Dashboard", Shown::From(Role::Viewer)),
    ("/areas", "Practice areas", Shown::From(Role::Viewer)),
    ("/actions", "Actions", Shown::From(Role::Viewer)),
    ("/owners/me", "My actions", Shown::Owners),
    ("/evidence", "Evidence", Shown::From(Role::Viewer)),
    ("/measures", "Measures", Shown::From(Role::Viewer)),
    ("/figures", "How we compare", Shown::From(Role::Viewer)),
    ("/inspections", "Inspections", Shown::From(Role::Viewer)),
    ("/owners", "Owners", Shown::From(Role::Viewer)),
    ("/reports/progress", "Progress report", Shown::From(Role::Viewer)),
    ("/history", "History", Shown::From(Role::Viewer)),
    ("/plan/export", "Import and export", Shown::From(Role::Viewer)),
    ("/users", "Users", Shown::From(Role::Admin)),
    ("/council", "Council", Shown::From(Role::Admin)),
];

fn nav(chrome: &Chrome, role: Role) -> Markup {
    let shown = |who: Shown| match who {
        Shown::From(least) => role.includes(least),
        Shown::Owners => chrome.has_owner,
    };
    html! {
        nav class="app-nav" aria-label="Main" {
            ul class="app-width app-nav__list" {
                @for (href, label, _) in NAV.iter().filter(|(_, _, who)| shown(*who)) {
                    li class="app-nav__item" {
                        @if *href == chrome.current {
                            a href=(href) aria-current="page" { (label) }
                        } @else {
                            a href=(href) { (label) }
                        }
                    }
                }
            }
        }
    }
}

fn breadcrumbs(crumbs: &[(String, String)]) -> Markup {
    html! {
        @if !crumbs.is_empty() {
            nav class="app-breadcrumbs" aria-label="Breadcrumb" {
                ol class="app-breadcrumbs__list" {
                    @for (href, label) in crumbs {
                        li class="app-breadcrumbs__item" { a href=(href) { (label) } }
                    }
                }
            }
        }
    }
}

/// The form beside a dated page's heading that shows the page as at another
/// date: the date as three fields, like every date in Sustain.
fn as_at_bar(frame: &AsAtFrame) -> Markup {
    html! {
        div class="app-as-at-bar" {
            form method="get" action=(frame.path) class="app-as-at" novalidate {
                @for (name, value) in &frame.params { input type="hidden" name=(name) value=(value); }
                (date_fields_inline("as_at", "Show as at", &DateInput::of(Some(frame.date))))
                button type="submit" class="app-button app-button--secondary" { "Show" }
            }
        }
    }
}

/// The GOV.UK notification banner saying the page shows the past.
fn as_at_banner(frame: &AsAtFrame) -> Markup {
    html! {
        div class="app-notification-banner" role="region" aria-labelledby="as-at-banner-title" {
            div class="app-notification-banner__header" {
                h2 class="app-notification-banner__title" id="as-at-banner-title" { "Important" }
            }
            div class="app-notification-banner__content" {
                @match frame.recorded {
                    Some(recorded) => p class="app-notification-banner__heading" {
                        "You are looking at what Sustain held at the end of " (date(recorded))
                        ": only what had been recorded by then, as it then stood"
                        @if recorded != frame.date { ", as at " (date(frame.date)) }
                        ". "
                        a class="app-notification-banner__link" href=(frame.today_href()) { "See today" }
                    },
                    None => {
                        p class="app-notification-banner__heading" {
                            "You are looking at Sustain as it stood on " (date(frame.date)) ". "
                            a class="app-notification-banner__link" href=(frame.today_href()) { "See today" }
                        }
                        p {
                            "Records added since with earlier dates (a result entered late, say) are counted by their dates. "
                            a class="app-notification-banner__link" href=(frame.as_recorded_href()) { "Show only what had been recorded by then" }
                        }
                    },
                }
            }
        }
    }
}

/// What heads a printed page (the stylesheet for print repeats it in each page's margin).
fn print_header(title: &str, chrome: &Chrome) -> Markup {
    html! {
        div class="app-print-only app-print-header" {
            p class="app-print-header__authority" { (chrome.authority) }
            p class="app-print-header__title" { (title) }
            p class="app-print-header__dates" {
                @if let Some(frame) = &chrome.as_at {
                    "As at " (date(frame.date))
                    @if let Some(recorded) = frame.recorded { ", as recorded on " (date(recorded)) }
                }
                @if let (Some(_), Some(_)) = (&chrome.as_at, chrome.printed_on) { " · " }
                @if let Some(printed) = chrome.printed_on { "Printed " (date(printed)) }
            }
        }
    }
}

/// The stylesheet that puts the council, the "as at" date and the date
/// printed in the margin of every printed page.
fn print_frame_href(chrome: &Chrome) -> String {
    match &chrome.as_at {
        Some(frame) => format!("/assets/print-frame.css?as_at={}", frame.date.format("%Y-%m-%d")),
        None => "/assets/print-frame.css".to_string(),
    }
}

/// Wraps a page's content in the shared frame.
pub fn layout(title: &str, chrome: &Chrome, content: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en-GB" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " – Sustain" }
                link rel="stylesheet" href="/assets/sustain.css";
                link rel="stylesheet" href="/assets/print.css" media="print";
                @if let Some(colour) = &chrome.colour {
                    link rel="stylesheet" href={ "/assets/council.css?colour=" (colour.trim_start_matches('#')) };
                }
                @if chrome.user.is_some() { link rel="stylesheet" href=(print_frame_href(chrome)) media="print"; }
            }
            body {
                a href="#main-content" class="skip-link" { "Skip to main content" }
                header class="app-header" {
                    div class="app-width app-header__inner" {
                        div class="app-header__brand" {
                            a href="/" class="app-header__service" { "Sustain" }
                            @if !chrome.authority.is_empty() { span class="app-header__authority" { (chrome.authority) } }
                        }
                        @if let Some((name, role)) = &chrome.user {
                            div class="app-header__account" {
                                span class="app-header__user" { (name) " · " (role.label()) }
                                @if chrome.current == "/account" {
                                    a href="/account" class="app-header__link" aria-current="page" { "Account" }
                                } @else {
                                    a href="/account" class="app-header__link" { "Account" }
                                }
                                form method="post" action="/sign-out" class="app-inline-form" {
                                    input type="hidden" name="csrf_token" value=(chrome.csrf);
                                    button type="submit" class="app-link-button" { "Sign out" }
                                }
                            }
                        }
                    }
                    @if let Some((_, role)) = &chrome.user { (nav(chrome, *role)) }
                }
                div class="app-width" { (breadcrumbs(&chrome.breadcrumbs)) }
                main id="main-content" class="app-width app-main" tabindex="-1" {
                    (print_header(title, chrome))
                    @if let Some(notice) = &chrome.notice { (success_banner(notice)) }
                    @if let Some(frame) = &chrome.as_at {
                        @if frame.is_past() { (as_at_banner(frame)) }
                        (as_at_bar(frame))
                    }
                    (content)
                }
                footer class="app-footer" {
                    div class="app-width" {
                        p { "Sustain: improvement and inspection readiness for children's services." }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(params: Vec<(String, String)>) -> AsAtFrame {
        let day = |d| NaiveDate::from_ymd_opt(2025, 3, d).unwrap();
        AsAtFrame { date: day(1), today: day(31), path: "/measures".into(), params, recorded: None }
    }

    #[test]
    fn the_link_to_today_keeps_the_other_parameters() {
        assert_eq!(frame(vec![]).today_href(), "/measures");
        let kept = frame(vec![("area".into(), "3".into()), ("sort".into(), "latest".into())]);
        assert_eq!(kept.today_href(), "/measures?area=3&sort=latest");
    }

    #[test]
    fn a_past_date_shows_the_banner_with_a_link_to_today() {
        let chrome = Chrome { as_at: Some(frame(vec![])), ..Chrome::default() };
        let page = layout("Measures", &chrome, html! {}).into_string();
        assert!(page.contains("You are looking at Sustain as it stood on 1 March 2025."));
        assert!(page.contains(r#"href="/measures">See today</a>"#));
    }
}
