//! A leader's review of evidence: verified (now, or as it happened, by whom),
//! rejected or returned for changes, from the item's page or the review queue.

use super::render;
use crate::auth::csrf::CheckedForm;
use crate::auth::session::Generation;
use crate::db::{evidence, DbError};
use crate::domain::evidence::{Review, Verification, Verifier};
use crate::domain::fields::FieldErrors;
use crate::domain::ids::{EvidenceId, UserId};
use crate::domain::valid::finish;
use crate::error::AppError;
use crate::read::cache::Snapshot;
use crate::state::AppState;
use crate::views::evidence::{review_names, verification_names, ReviewFormValues, VerificationValues};
use crate::web::forms::{optional_date, version, FormSource, RawForm};
use crate::web::page::{context, saved, Page};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};

/// The users a leader may name as having verified an item, themselves aside
/// (they are "You"), by name.
pub fn verifier_choices(snapshot: &Snapshot, me: UserId) -> Vec<(String, String)> {
    let mut users: Vec<(String, String)> = snapshot
        .plan
        .user_names
        .iter()
        .filter(|(id, _)| **id != me)
        .map(|(id, name)| (id.to_string(), name.clone()))
        .collect();
    users.sort_by_key(|(_, name)| name.to_lowercase());
    users
}

/// Reads a verification typed as it happened: none when every field is
/// blank; a date alone means verified then by the person recording it.
pub fn read_verification(errors: &mut FieldErrors, v: &VerificationValues, suffix: &str) -> Option<Verification> {
    let [on, by, name] = verification_names(suffix);
    let day = optional_date(errors, &on, "Date it was verified", &v.on);
    let (chosen, named) = (v.by.trim(), v.by_name.trim());
    if !named.is_empty() && chosen != "other" {
        errors.add(&name, "Choose \"Someone who is not a user of Sustain\" to give a name, or clear this field");
    }
    let verifier = match chosen {
        "" => Some(Verifier::Recorder),
        "other" => Some(Verifier::Named(v.by_name.clone())),
        id => match id.parse() {
            Ok(user) => Some(Verifier::User(UserId(user))),
            Err(_) => {
                errors.add(&by, "Choose from the options shown");
                None
            }
        },
    };
    if day.is_none() && v.on.is_blank() && (!chosen.is_empty() || !named.is_empty()) {
        errors.add(&on, "Enter the date it was verified, or leave who verified it blank");
    }
    Some(Verification { on: day?, by: verifier? })
}

/// The domain's messages about a verification, filed under this form's field names.
pub fn verification_errors_named(errors: FieldErrors, suffix: &str) -> FieldErrors {
    let mut named = FieldErrors::new();
    for e in errors.iter() {
        let field = match e.field.as_str() {
            "verified_on" | "verified_by" | "verified_by_name" => format!("{}{suffix}", e.field),
            other => other.to_string(),
        };
        named.add(&field, e.message.clone());
    }
    named
}

/// Verifies or rejects an item at the version the form was read at; from the
/// review queue, goes back to the queue.
pub async fn review(
    state: web::Data<AppState>,
    page: Page,
    generation: Generation,
    path: web::Path<EvidenceId>,
    CheckedForm(raw): CheckedForm<RawForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let in_queue = raw.text("next") == "queue";
    let (decision_name, reason_name) = review_names(id, in_queue);
    let suffix = if in_queue { format!("-{id}") } else { String::new() };
    let [on_name, by_name, named_name] = verification_names(&suffix);
    let form = ReviewFormValues {
        version: raw.text("version"),
        decision: raw.text(&decision_name),
        reason: raw.text(&reason_name),
        verification: VerificationValues {
            on: raw.date(&on_name),
            by: raw.text(&by_name),
            by_name: raw.text(&named_name),
        },
        users: Vec::new(),
    };
    let mut errors = FieldErrors::new();
    let verification = read_verification(&mut errors, &form.verification, &suffix);
    let decision = match (form.decision.as_str(), verification) {
        ("verify", Some(verification)) => Review::Verified(verification),
        ("verify", None) => Review::Verify,
        (choice @ ("reject" | "return"), verification) => {
            if verification.is_some() {
                errors.add(&on_name, "Only a verified item has a date it was verified: clear that date");
            }
            let reason = form.reason.clone();
            if choice == "reject" {
                Review::Reject { reason }
            } else {
                Review::Return { reason }
            }
        }
        _ => {
            errors.add(&decision_name, "Choose whether to verify, reject or return the evidence");
            Review::Verify
        }
    };
    let shown = |errors: FieldErrors| -> FieldErrors {
        // The domain's checks name `reason` and `verified_on`; in the queue the fields are this item's.
        let errors = verification_errors_named(errors, &suffix);
        let mut named = FieldErrors::new();
        for e in errors.iter() {
            named.add(if e.field == "reason" { &reason_name } else { &e.field }, e.message.clone());
        }
        named
    };
    let checked = finish(errors, decision, &context(&state));
    let (expected, decision) = match FieldErrors::both(version(&form.version), checked) {
        Ok(both) => both,
        Err(errors) => {
            let errors = shown(errors);
            let shown_in = (&page, generation);
            return refused_review(
                &state,
                shown_in,
                in_queue,
                (id, Some(form)),
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let actor = page.actor();
    let today = page.today;
    let done = decision.done();
    let result = state
        .db(move |conn| match evidence::review(conn, &actor, id, expected, &decision, today) {
            Ok(row) => Ok(Ok(row.title)),
            Err(e @ DbError::Conflict { .. }) => {
                Ok(Err(FieldErrors::one("decision", AppError::from(e).public_message())))
            }
            // The item's own dates refuse the verification (verified before it was observed).
            Err(DbError::Invalid(errors)) => Ok(Err(errors)),
            Err(e) => Err(e.into()),
        })
        .await?;
    match result {
        Ok(title) => {
            let notice = format!("{done}: {title}");
            Ok(saved(if in_queue { "/evidence/review".to_string() } else { format!("/evidence/{id}") }, notice))
        }
        Err(problems) if problems.for_field("decision").is_none() => {
            let errors = shown(problems);
            let shown_in = (&page, generation);
            refused_review(&state, shown_in, in_queue, (id, Some(form)), errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(problems) => {
            let message = problems.for_field("decision").unwrap_or_default().to_string();
            let errors = FieldErrors::one(&decision_name, message);
            // The write moved the generation on: read it again for the current item.
            let now = Generation(state.db(|conn| Ok(crate::db::sessions::generation(conn)?)).await?);
            refused_review(&state, (&page, now), in_queue, (id, None), errors, StatusCode::CONFLICT).await
        }
    }
}

/// Shows a refused review again where it was made: in the review queue (the
/// item first, with what was typed) or on the item's own page.
async fn refused_review(
    state: &web::Data<AppState>,
    shown_in: (&Page, Generation),
    in_queue: bool,
    (id, form): (EvidenceId, Option<ReviewFormValues>),
    errors: FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    if in_queue {
        let problem = Some((id, form.unwrap_or_default(), errors));
        crate::web::library::render_queue(state, shown_in, 1, (problem, None), status).await
    } else {
        render(state, shown_in, id, form, &errors, status).await
    }
}
