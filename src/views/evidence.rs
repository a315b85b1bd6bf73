//! An evidence item: its details, links and files, adding more files, and the
//! leader's review (also used, one per item, by the review queue).

use super::actions::review_colour;
use super::components::{csrf_field, date, error_summary, maybe_date, tag};
use super::fields::{date_input, input, long_text, radio_group, select_field, Choice, DateInput, Input, Layout};
use super::history::history_section;
use super::{layout, Chrome};
use crate::domain::access::Refusal;
use crate::domain::fields::FieldErrors;
use crate::domain::ids::EvidenceId;
use crate::domain::plan::TEXT_MAX;
use crate::domain::upload::ALLOWED_DESCRIPTION;
use crate::read::evidence_page::EvidenceDetail;
use crate::read::history::HistoryEntry;
use maud::{html, Markup};

/// What a review form holds.
#[derive(Debug, Clone, Default)]
pub struct ReviewFormValues {
    pub version: String,
    pub decision: String,
    pub reason: String,
    pub verification: VerificationValues,
    /// The users who may be named as having verified it, (id, name), the
    /// person recording it aside: what the form offers, not what was typed.
    pub users: Vec<(String, String)>,
}

/// What a verification's fields hold, as typed: the day, who (blank for the
/// person recording it, a user's id, or `other`), and the name of someone
/// who is not a user.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VerificationValues {
    pub on: DateInput,
    pub by: String,
    pub by_name: String,
}

/// The names of a verification's fields: plain, or with the item's id in the review queue.
pub fn verification_names(suffix: &str) -> [String; 3] {
    [format!("verified_on{suffix}"), format!("verified_by{suffix}"), format!("verified_by_name{suffix}")]
}

/// When an item was verified and by whom, for a verification entered as it
/// happened: the three date fields, a choice of user, and a name for someone
/// who is not one. `users` are (id, name), the person recording it left out.
pub fn verification_fields(
    suffix: &str,
    values: &VerificationValues,
    users: &[(String, String)],
    (hint, errors): (&str, &FieldErrors),
) -> Markup {
    let [on, by, name] = verification_names(suffix);
    let mut options = vec![(String::new(), "You".to_string())];
    options.extend(users.iter().cloned());
    options.push(("other".into(), "Someone who is not a user of Sustain".into()));
    html! {
        (date_input(&on, "Date it was verified", Some(hint), &values.on, errors))
        (select_field(&by, "Who verified it?", None, &options, &values.by, errors))
        (input(&name, "Their name and role, if they are not a user", Some("For example, Priya Shah, Detective Inspector, Hartshire Police"), &values.by_name, Input::Text, errors))
    }
}

/// The field names of one item's review form: plain on the item's page,
/// `decision-{id}` in the review queue, where many forms share one page.
pub fn review_names(id: EvidenceId, in_queue: bool) -> (String, String) {
    if in_queue {
        (format!("decision-{id}"), format!("reason-{id}"))
    } else {
        ("decision".into(), "reason".into())
    }
}

/// What a leader may decide about an item, nothing chosen for them.
pub fn decisions() -> Vec<Choice> {
    vec![
        ("verify".into(), "Verify".into(), Some("It shows the practice change it claims".into())),
        ("reject".into(), "Reject".into(), Some("It does not; say why below".into())),
        (
            "return".into(),
            "Return for changes".into(),
            Some("It could, with changes: it goes back to the person who added it, who sees why".into()),
        ),
    ]
}

/// The hint of the reason's field, which rejecting and returning both need.
pub const REASON_HINT: &str =
    "Needed if you reject it or return it for changes: the person who added it will see this.";

/// A leader's decision on one item: verify, reject or return, nothing chosen for
/// them; rejecting needs a reason. `next` is where to go after saving.
pub fn review_form(
    id: EvidenceId,
    values: &ReviewFormValues,
    errors: &FieldErrors,
    (csrf, in_queue): (&str, bool),
) -> Markup {
    let (decision, reason) = review_names(id, in_queue);
    let suffix = if in_queue { format!("-{id}") } else { String::new() };
    let [on, by, name] = verification_names(&suffix);
    let verification_error =
        errors.for_any(&[&on, &format!("{on}-month"), &format!("{on}-year"), &by, &name]).is_some();
    let entered = verification_error || values.verification != VerificationValues::default();
    let options = decisions();
    html! {
        form method="post" action={ "/evidence/" (id) "/review" } novalidate class="app-form" {
            (csrf_field(csrf))
            input type="hidden" name="version" value=(values.version);
            @if in_queue { input type="hidden" name="next" value="queue"; }
            (radio_group(&decision, "Your decision", None, &options, &values.decision, Layout::Stacked, errors))
            (long_text(&reason, "Reason for rejecting or returning it", Some(REASON_HINT), &values.reason, TEXT_MAX, errors))
            details class="app-details" open[entered] {
                summary class="app-details__summary" { "Verified earlier, or by someone else?" }
                div class="app-details__text" {
                    p class="app-body" { "Leave these blank when you are verifying it today. When it was verified before, by you, another user or someone who is not a user of Sustain, record when and by whom: it counts from that date." }
                    (verification_fields(&suffix, &values.verification, &values.users, ("For example, 2 6 2025. Not before the practice was observed, and not after today.", errors)))
                }
            }
            button type="submit" class="app-button" { "Save decision" }
        }
    }
}

/// What the signed-in person may do with the item, and why not.
#[derive(Debug, Clone, Copy)]
pub struct EvidenceControls {
    /// Change it, archive it and add files, or why not.
    pub edit: Result<(), Refusal>,
    /// Review it (leaders).
    pub review: bool,
}

/// One evidence item.
pub fn evidence_page(
    (detail, history): (&EvidenceDetail, &[HistoryEntry]),
    controls: EvidenceControls,
    review: (&ReviewFormValues, &FieldErrors),
    upload_limit: &str,
    chrome: &Chrome,
) -> Markup {
    let item = &detail.item;
    let (values, errors) = review;
    let live = item.archived_at.is_none();
    layout(
        &if errors.is_empty() { item.title.clone() } else { format!("Error: {}", item.title) },
        chrome,
        html! {
            (error_summary(&errors.in_order(&["file", "decision", "reason", "verified_on", "verified_by", "verified_by_name"])))
            span class="app-caption" { a href={ "/areas/" (item.practice_area_id) } { (detail.area_name) } }
            h1 class="app-heading-l" { (item.title) }
            p {
                (tag(item.review_state.label(), review_colour(item.review_state)))
                @if detail.stale { " " (tag("Too old to count", "yellow")) }
                @if !live { " " (tag("Archived", "grey")) }
            }
            @if let (Some(reason), true) = (&item.return_reason, live) {
                div class="app-notification-banner" role="region" aria-labelledby="returned-title" {
                    div class="app-notification-banner__header" {
                        h2 class="app-notification-banner__title" id="returned-title" { "Returned for changes" }
                    }
                    div class="app-notification-banner__content" {
                        p class="app-body" {
                            @if let Some(by) = &detail.returned_by { (by) " returned it " } @else { "It was returned " }
                            "on " (maybe_date(item.returned_on)) ", saying:"
                        }
                        blockquote class="app-quote" { (reason) }
                        p class="app-body" { "Change it or add files, and it goes back to the review queue." }
                    }
                }
            }
            @if live {
                div class="app-button-group" {
                    @if controls.edit.is_ok() {
                        a class="app-button app-button--secondary" href={ "/evidence/" (item.id) "/edit" } { "Change this evidence" }
                        a class="app-link" href={ "/evidence/" (item.id) "/archive" } { "Archive it" }
                    }
                }
                @if let Err(why) = controls.edit { p class="app-hint" { (why) } }
            }
            dl class="app-summary-list" {
                div { dt { "Kind" } dd { (item.kind.label()) } }
                div { dt { "Observed" } dd {
                    (date(item.observed_on))
                    @if detail.stale { br; span class="app-hint" { "Observed before its area's evidence window, so it no longer counts towards practice changed." } }
                } }
                @if let (Some(start), Some(end)) = (item.period_start, item.period_end) {
                    div { dt { "Period covered" } dd { (date(start)) " to " (date(end)) } }
                }
                div { dt { "Review" } dd {
                    (item.review_state.label())
                    @if let Some(by) = &detail.reviewer { " by " (by) " on " (maybe_date(item.reviewed_on)) }
                } }
                @if let Some(reason) = &item.rejection_reason { div { dt { "Reason for rejection" } dd { (reason) } } }
                @if let Some((measure, name, period_end)) = &detail.from_result {
                    div { dt { "Recorded from" } dd { a href={ "/measures/" (measure) } { (name) } ", the case audit to " (date(*period_end)) } }
                }
                @if !item.description.is_empty() { div { dt { "What it shows" } dd { (item.description) } } }
            }
            h2 class="app-heading-m" { "What it speaks to" }
            @if detail.actions.is_empty() && detail.findings.is_empty() {
                p class="app-body" { "It is not linked to any action or finding yet." }
            }
            ul class="app-list" {
                @for a in &detail.actions { li { "Action " a href={ "/actions/" (a.id) } { (a.reference) " " (a.title) } } }
                @for f in &detail.findings { li { "Finding " a href={ "/findings/" (f.id) } { (f.reference) } } }
            }
            h2 class="app-heading-m" { "Files" }
            @if detail.attachments.is_empty() { p class="app-body" { "No files attached." } }
            ul class="app-list" {
                @for file in &detail.attachments {
                    li { a href={ "/attachments/" (file.id) } download { (file.file_name) } " (" (file.size_bytes / 1024 + 1) " KB)" }
                }
            }
            @if live && controls.edit.is_ok() {
                form method="post" action={ "/evidence/" (item.id) "/files" } enctype="multipart/form-data" novalidate class="app-form" {
                    (csrf_field(&chrome.csrf))
                    input type="hidden" name="version" value=(item.version);
                    div class={ "app-form-group" @if errors.for_field("file").is_some() { " app-form-group--error" } } {
                        label class="app-label" for="file" { "Add more files" }
                        p class="app-hint" id="file-hint" { (ALLOWED_DESCRIPTION) ": " (upload_limit) ". Adding files sends the item back for review." }
                        @if let Some(message) = errors.for_field("file") {
                            p class="app-error-message" id="file-error" { span class="app-visually-hidden" { "Error: " } (message) }
                        }
                        input class="app-file" type="file" id="file" name="file" multiple
                            aria-describedby={ "file-hint" @if errors.for_field("file").is_some() { " file-error" } };
                    }
                    button type="submit" class="app-button app-button--secondary" { "Add files" }
                }
            }
            @if live && controls.review {
                h2 class="app-heading-m" id="review" { "Review" }
                (review_form(item.id, values, errors, (&chrome.csrf, false)))
            }
            (history_section(history, &format!("/history?entity=evidence&id={}", item.id)))
        },
    )
}
