//! The leaders' commentary for one report date: overall, then each practice
//! area (the areas needing attention first, as the report orders them).

use super::blocks::status_tag;
use super::components::{csrf_field, date};
use super::fields::long_text;
use super::form_page::{buttons, form_layout, FormHead};
use super::Chrome;
use crate::domain::commentary::{area_field, AREA_MAX, OVERALL_MAX};
use crate::domain::fields::FieldErrors;
use crate::domain::ids::AreaId;
use crate::domain::status::AreaStatus;
use chrono::NaiveDate;
use maud::{html, Markup};

/// One area's box: the area, its status on the date, the words as typed and
/// the version they were read at (blank: not written yet).
#[derive(Debug, Clone)]
pub struct AreaWords {
    pub id: AreaId,
    pub name: String,
    pub status: AreaStatus,
    pub text: String,
    pub version: String,
    /// Someone else's words saved since the form was read, when they differ.
    pub theirs: Option<String>,
}

/// The form as shown: the date, the earlier date to go back to, and the words.
#[derive(Debug, Clone)]
pub struct CommentaryForm {
    pub as_at: NaiveDate,
    pub since: Option<NaiveDate>,
    pub overall: String,
    pub overall_version: String,
    pub overall_theirs: Option<String>,
    pub areas: Vec<AreaWords>,
    /// The save was refused because someone else saved first.
    pub stale: bool,
}

impl CommentaryForm {
    /// The report page the form came from.
    pub fn back(&self) -> String {
        match self.since {
            Some(since) => format!("/reports/progress?as_at={}&since={since}", self.as_at),
            None => format!("/reports/progress?as_at={}", self.as_at),
        }
    }
}

/// What someone else saved, shown above the box they both wrote in.
fn theirs(words: &Option<String>) -> Markup {
    html! {
        @if let Some(words) = words {
            div class="app-inset-text" {
                p { strong { "Saved by someone else since you opened this page:" } }
                p { @if words.is_empty() { "(blank)" } @else { (words) } }
            }
        }
    }
}

/// The commentary page.
pub fn commentary_page(form: &CommentaryForm, errors: &FieldErrors, chrome: &Chrome) -> Markup {
    let title = format!("Leaders' commentary for {}", date(form.as_at));
    let head =
        FormHead { title: &title, caption: None, errors, stale: None, order: vec!["overall"], back: Some(form.back()) };
    form_layout(
        head,
        chrome,
        html! {
            @if form.stale {
                div class="app-error-summary" role="alert" aria-labelledby="stale-edit-title" tabindex="-1" id="stale-edit" {
                    h2 class="app-error-summary__title" id="stale-edit-title" { "This was changed by someone else since you opened it" }
                    p class="app-body" {
                        "Nothing has been saved. Your words are still in the boxes below, with theirs above each box \
                         they changed. Save again to keep yours."
                    }
                }
            }
            p class="app-body" {
                "Say in your own words what the report for " (date(form.as_at)) " shows and what is being done. "
                "The commentary is printed in the report, its one-page summary and their PDF and Word copies; "
                "a copy already issued keeps the words it was issued with. Each change is kept in change history."
            }
            form method="post" action="/reports/progress/commentary" novalidate {
                (csrf_field(&chrome.csrf))
                input type="hidden" name="as_at" value=(form.as_at);
                @if let Some(since) = form.since { input type="hidden" name="since" value=(since); }
                input type="hidden" name="version_overall" value=(form.overall_version);
                (theirs(&form.overall_theirs))
                (long_text("overall", "Overall commentary", Some("A few sentences for councillors on the plan as a whole."),
                    &form.overall, OVERALL_MAX, errors))
                h2 class="app-heading-m" { "Practice areas" }
                p class="app-body" { "Leave an area blank to say nothing on it." }
                @for area in &form.areas {
                    @let field = area_field(area.id);
                    input type="hidden" name={ "version_" (field) } value=(area.version);
                    p class="app-body app-commentary__status" { (area.name) ": " (status_tag(area.status)) }
                    (theirs(&area.theirs))
                    (long_text(&field, &format!("Commentary on {}", area.name), None, &area.text, AREA_MAX, errors))
                }
                (buttons("Save commentary", &form.back()))
            }
        },
    )
}
