//! The action page and its progress updates. Adding, changing and archiving
//! actions is in `write::action`.

use super::forms::{optional_choice, optional_date, FormSource, RawForm};
use super::html;
use super::page::{saved, Page};
use crate::auth::csrf::CheckedForm;
use crate::auth::session::Generation;
use crate::db::actions;
use crate::domain::access::{action_edit, may_edit_action, plan_edit};
use crate::domain::drafts::plan::UpdateDraft;
use crate::domain::fields::FieldErrors;
use crate::domain::ids::ActionId;
use crate::domain::kinds::Role;
use crate::domain::plan::UpdateInput;
use crate::domain::valid::{parse, Valid};
use crate::error::AppError;
use crate::read::{action_page, timeline};
use crate::state::AppState;
use crate::views::actions::{action_page as page, ActionControls, UpdateFormValues};
use crate::views::fields::DateInput;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};

async fn render(
    state: &web::Data<AppState>,
    (page_in, generation): (&Page, Generation),
    id: ActionId,
    form: &UpdateFormValues,
    errors: &FieldErrors,
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
    };
    let line = timeline::timeline(&detail.updates, &history);
    let latest: Vec<_> = history.iter().take(super::read::RECORD_HISTORY as usize).cloned().collect();
    let changes = super::read::in_words(&snapshot, &latest, user.role);
    Ok(html(status, page(&detail, (&line, &changes), (form, errors), controls, &page_in.chrome("/actions"))))
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
    render(&state, (&page, generation), path.into_inner(), &form, &FieldErrors::new(), StatusCode::OK).await
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
            return render(&state, (&page, generation), id, &form, &errors, StatusCode::UNPROCESSABLE_ENTITY).await
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
