//! The frame every page shares: header, navigation, main content and footer.

use crate::domain::kinds::Role;
use maud::{html, Markup, DOCTYPE};

/// What the frame needs to know about the request.
#[derive(Debug, Clone, Default)]
pub struct Chrome {
    /// The signed-in user's name and role, if any.
    pub user: Option<(String, Role)>,
    /// The session's CSRF token, for the sign-out form.
    pub csrf: String,
    /// The navigation item to mark as current.
    pub current: &'static str,
}

/// Navigation: (link, label, the least role that sees it).
const NAV: &[(&str, &str, Role)] = &[
    ("/", "Practice areas", Role::Viewer),
    ("/evidence/new", "Add evidence", Role::Contributor),
    ("/users", "Users", Role::Admin),
    ("/account/password", "Account", Role::Viewer),
];

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
            }
            body {
                a href="#main-content" class="skip-link" { "Skip to main content" }
                header class="app-header" {
                    div class="app-width app-header__inner" {
                        a href="/" class="app-header__service" { "Sustain" }
                        @if let Some((name, role)) = &chrome.user {
                            div class="app-header__account" {
                                span { (name) " · " (role.label()) }
                                form method="post" action="/sign-out" class="app-inline-form" {
                                    input type="hidden" name="csrf_token" value=(chrome.csrf);
                                    button type="submit" class="app-link-button" { "Sign out" }
                                }
                            }
                        }
                    }
                    @if let Some((_, role)) = &chrome.user {
                        nav class="app-nav" aria-label="Main" {
                            ul class="app-width app-nav__list" {
                                @for (href, label, _) in NAV.iter().filter(|(_, _, least)| role.includes(*least)) {
                                    li {
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
                main id="main-content" class="app-width app-main" tabindex="-1" {
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
