//! The action page and its progress updates. Adding, changing and archiving
//! actions is in `write::action`.

use super::forms::{optional_choice, optional_date, version, FormSource, RawForm};
use super::html;
use super::page::{saved, Page};
use crate::auth::csrf::CheckedForm;
use crate::auth::session::Generation;
use crate::db::{actions, sign_offs, DbError};
use crate::domain::access::{action_edit, may_edit_action, plan_edit};
use crate::domain::drafts::plan::UpdateDraft;
use crate::domain::fields::FieldErrors;
use crate::domain::ids::ActionId;
use crate::domain::kinds::{Role, SignOffDecision};
use crate::domain::plan::UpdateInput;
use crate::domain::sign_off::SignOffInput;
use crate::domain::valid::{finish, parse, Valid};
use crate::error::AppError;
use crate::read::{action_page, timeline};
use crate::state::AppState;
use crate::views::actions::{action_page as page, ActionControls, UpdateFormValues};
use crate::views::fields::DateInput;
use crate::views::sign_off::SignOffFormValues;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};

async fn render(
    state: &web::Data<AppState>,
    (page_in, generation): (&Page, Generation),
    id: ActionId,
    form: &UpdateFormValues,
    errors: &FieldErrors,
    sign_off: (&SignOffFormValues, &FieldErrors),
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let snapshot = state.plan(generation).await?;
    let cached = action_page::from_plan(&snapshot.plan, id);
    let (detail, history) = state
        .db(move |conn| {
            let detail = match cached {
                Some(detail) => detail,
                None => action_page::load(conn, id)?,
            };
            Ok((detail, timeline::action_history(conn, id)?))
        })
        .await?;
    let user = &page_in.user;
    let controls = ActionControls {
        edit: action_edit(user.role, user.owner_id, detail.action.owner_id),
        archive: plan_edit(user.role).is_ok(),
        add_evidence: user.may(Role::Contributor),
        decide: user.may(Role::Leader),
    };
    let line = timeline::timeline(&detail.updates, &history);
    let latest: Vec<_> = history.iter().take(super::read::RECORD_HISTORY as usize).cloned().collect();
    let changes = super::read::in_words(&snapshot, &latest, user.role);
    Ok(html(status, page(&detail, (&line, &changes), (form, errors), sign_off, controls, &page_in.chrome("/actions"))))
}

/// The action page.
pub async fn show(
    state: web::Data<AppState>,
    page: Page,
    generation: Generation,
    path: web::Path<ActionId>,
) -> Result<HttpResponse, AppError> {
    // The RAG rating is left unchosen: a rating is a judgement, not a default.
    let form =
        UpdateFormValues { update_date: DateInput::of(Some(page.today)), rag: String::new(), note: String::new() };
    let none = FieldErrors::new();
    let decision = SignOffFormValues::default();
    render(&state, (&page, generation), path.into_inner(), &form, &none, (&decision, &none), StatusCode::OK).await
}

fn parse_update(id: ActionId, form: &UpdateFormValues, state: &AppState) -> Result<Valid<UpdateInput>, FieldErrors> {
    let mut errors = FieldErrors::new();
    let draft = UpdateDraft {
        action_id: Some(id),
        update_date: optional_date(&mut errors, "update_date", "The date of this update", &form.update_date),
        rag: optional_choice(&mut errors, "rag", "a RAG rating", &form.rag),
        note: form.note.clone(),
    };
    parse(errors, draft, &state.context())
}

/// Adds a progress update; re-shows the page with messages if the input is wrong.
pub async fn add_update(
    state: web::Data<AppState>,
    page: Page,
    generation: Generation,
    path: web::Path<ActionId>,
    CheckedForm(form): CheckedForm<RawForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let form =
        UpdateFormValues { update_date: form.date("update_date"), rag: form.text("rag"), note: form.text("note") };
    let input = match parse_update(id, &form, &state) {
        Ok(input) => input,
        Err(errors) => {
            let (decision, none) = (SignOffFormValues::default(), FieldErrors::new());
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return render(&state, (&page, generation), id, &form, &errors, (&decision, &none), status).await;
        }
    };
    let (actor, user) = (page.actor(), page.user.clone());
    state
        .db(move |conn| {
            let allow = |a: &actions::ActionRow| may_edit_action(user.role, user.owner_id, a.owner_id);
            Ok(actions::add_update(conn, &actor, &input, allow)?)
        })
        .await?;
    Ok(saved(format!("/actions/{id}#progress"), "Progress update added"))
}

/// Signs off or returns a completed action at the version the page was read
/// at (leaders). A problem re-shows the page with the form as typed; a stale
/// page, or an action no longer awaiting sign-off, is named beside the choice.
pub async fn decide(
    state: web::Data<AppState>,
    page: Page,
    generation: Generation,
    path: web::Path<ActionId>,
    CheckedForm(raw): CheckedForm<RawForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let typed = SignOffFormValues { decision: raw.text("decision"), note: raw.text("sign_off_note") };
    let mut errors = FieldErrors::new();
    let decision = match typed.decision.as_str() {
        "sign_off" => Some(SignOffDecision::SignedOff),
        "return" => Some(SignOffDecision::Returned),
        _ => {
            errors.add("decision", "Choose whether to sign it off or return it to its owner");
            None
        }
    };
    let input = SignOffInput { decision: decision.unwrap_or(SignOffDecision::Returned), note: typed.note.clone() };
    let checked = finish(errors, input, &state.context()).map_err(form_named);
    let (expected, input) = match FieldErrors::both(version(&raw.text("version")), checked) {
        Ok(both) => both,
        Err(errors) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return refused_decision(&state, (&page, generation), id, (&typed, &errors), status).await;
        }
    };
    let returned = input.decision == SignOffDecision::Returned;
    let actor = page.actor();
    let outcome = state
        .db(move |conn| match sign_offs::decide(conn, &actor, id, expected, &input) {
            Ok(row) => Ok(Ok(row)),
            Err(e @ DbError::Conflict { .. }) => {
                Ok(Err(FieldErrors::one("decision", AppError::from(e).public_message())))
            }
            Err(DbError::Invalid(errors)) => Ok(Err(errors)),
            Err(e) => Err(e.into()),
        })
        .await?;
    match outcome {
        Ok(row) => {
            let done = if returned { "Returned to its owner" } else { "Signed off" };
            Ok(saved(format!("/actions/{id}"), format!("{done}: {} {}", row.reference, row.title)))
        }
        Err(errors) => {
            // The action moved on: show it as it is now.
            let now = Generation(state.db(|conn| Ok(crate::db::sessions::generation(conn)?)).await?);
            refused_decision(&state, (&page, now), id, (&typed, &errors), StatusCode::CONFLICT).await
        }
    }
}

/// The domain's `note` is the form's `sign_off_note` (the progress form has a `note`).
fn form_named(errors: FieldErrors) -> FieldErrors {
    let mut named = FieldErrors::new();
    for e in errors.iter() {
        named.add(if e.field == "note" { "sign_off_note" } else { &e.field }, e.message.clone());
    }
    named
}

/// The action page again with the sign-off form as typed and its problems.
async fn refused_decision(
    state: &web::Data<AppState>,
    shown_in: (&Page, Generation),
    id: ActionId,
    (typed, errors): (&SignOffFormValues, &FieldErrors),
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let none = FieldErrors::new();
    let form = UpdateFormValues { update_date: DateInput::of(Some(shown_in.0.today)), ..Default::default() };
    render(state, shown_in, id, &form, &none, (typed, errors), status).await
}
