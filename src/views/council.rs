//! The council's details (admins): its name, its DfE local authority number
//! and the colour of the page header.

use super::components::StaleEdit;
use super::fields::{input, radio_group, FormFields, Input, Layout};
use super::form_page::{buttons, form_layout, version_field, FormHead};
use super::Chrome;
use crate::domain::fields::FieldErrors;
use maud::{html, Markup};

/// The form's values as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CouncilValues {
    pub name: String,
    pub la_number: String,
    pub colour: String,
    /// "yes" when completed actions wait for a leader's sign-off, "no" when not.
    pub sign_off: String,
}

impl FormFields for CouncilValues {
    fn fields(&self) -> Vec<(&'static str, &'static str, String)> {
        vec![
            ("name", "Council name", self.name.clone()),
            ("la_number", "Local authority number", self.la_number.clone()),
            ("colour", "Colour", self.colour.clone()),
            ("sign_off", "Sign-off of completed actions", self.sign_off.clone()),
        ]
    }
}

/// The council page: the form, read at `version`.
pub fn council_page(
    values: &CouncilValues,
    version: &str,
    (errors, stale): (&FieldErrors, Option<&StaleEdit>),
    chrome: &Chrome,
) -> Markup {
    let head = FormHead { title: "Council details", caption: None, errors, stale, order: values.order(), back: None };
    form_layout(
        head,
        chrome,
        html! {
            p class="app-body" {
                "The name is in the header of every page and on every printed page, report, evidence pack and \
                 workbook. Each change is kept in change history."
            }
            form method="post" action="/council" novalidate {
                (super::components::csrf_field(&chrome.csrf))
                (version_field(version))
                (input("name", "Council name", Some("As it should be printed, for example Hartwell Borough Council"),
                    &values.name, Input::Text, errors))
                (input("la_number", "Local authority number (optional)",
                    Some("The DfE's three-digit number for the council, for example 866. It is used to compare \
                          the council with published figures."),
                    &values.la_number, Input::Whole, errors))
                (input("colour", "Colour",
                    Some("The colour of the page header, as a hex colour code, for example #1d3a5f. White text \
                          must be readable on it (a contrast of at least 4.5 to 1)."),
                    &values.colour, Input::Short, errors))
                (radio_group("sign_off", "Do completed actions need a leader's sign-off?",
                    Some("When they do, an action an owner marks completed counts as delivered only from the day a \
                          leader signs it off, and a leader can return it with a reason instead. When they do not, \
                          an action counts from its completed date."),
                    &[("yes".into(), "Yes, a leader signs off each completed action".into(), None),
                      ("no".into(), "No, completion counts on its own".into(), None)],
                    &values.sign_off, Layout::Stacked, errors))
                (buttons("Save council details", "/"))
            }
            h2 class="app-heading-m" { "Published figures" }
            p class="app-body" {
                "The DfE's statistics and Ofsted's inspection outcomes the council is compared with: "
                a class="app-link" href="/figures/import" { "see what is held and load newer files" } "."
            }
        },
    )
}
