//! The action page, its progress updates and its edit form.

use super::forms::{choice, optional_date, optional_id, required_date, required_id, version};
use super::{chrome, html, see_other};
use crate::app::AppState;
use crate::auth::csrf::{CheckedForm, CsrfToken};
use crate::auth::CurrentUser;
use crate::db::{actions, Actor, DbError};
use crate::domain::access::may_edit_action;
use crate::domain::fields::FieldErrors;
use crate::domain::plan::{ActionInput, UpdateInput};
use crate::error::AppError;
use crate::reports::action_page;
use crate::views::actions::{action_edit_page, action_page as page, ActionFormValues, FormProblems, UpdateFormValues};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};

async fn render(
    state: &web::Data<AppState>,
    user: &CurrentUser,
    csrf: &CsrfToken,
    id: i64,
    form: &UpdateFormValues,
    errors: &FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let detail = state.db(move |conn| Ok(action_page::load(conn, id)?)).await?;
    let may_edit = may_edit_action(user.role, user.owner_id, detail.action.owner_id);
    let update_form = may_edit.then_some((form, errors));
    Ok(html(status, page(&detail, update_form, may_edit, &chrome(user, csrf, "/"))))
}

/// The action page.
pub async fn show(
    state: web::Data<AppState>,
    user: CurrentUser,
    csrf: CsrfToken,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let today = chrono::Utc::now().date_naive().format("%Y-%m-%d").to_string();
    let form = UpdateFormValues { update_date: today, rag: "green".into(), note: String::new() };
    render(&state, &user, &csrf, path.into_inner(), &form, &FieldErrors::new(), StatusCode::OK).await
}

async fn editable(state: &web::Data<AppState>, user: &CurrentUser, id: i64) -> Result<actions::ActionRow, AppError> {
    let action = state.db(move |conn| Ok(actions::get_any(conn, id)?)).await?;
    if may_edit_action(user.role, user.owner_id, action.owner_id) {
        Ok(action)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Adds a progress update; re-shows the page with messages if the input is wrong.
pub async fn add_update(
    state: web::Data<AppState>,
    user: CurrentUser,
    csrf: CsrfToken,
    path: web::Path<i64>,
    CheckedForm(form): CheckedForm<UpdateFormValues>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    editable(&state, &user, id).await?;
    let mut errors = FieldErrors::new();
    let date = required_date(&mut errors, "update_date", "The date of this update", &form.update_date);
    let rag = choice(&mut errors, "rag", "a RAG rating", &form.rag);
    // Checked even when the date or rating is wrong, so every problem shows at once.
    let input = UpdateInput {
        action_id: id,
        update_date: date.unwrap_or_default(),
        rag: rag.unwrap_or(crate::domain::kinds::Rag::Amber),
        note: form.note.clone(),
    };
    if let Err(more) = input.check() {
        errors.merge(more);
    }
    let input = (date.is_some() && rag.is_some()).then_some(input);
    if let (true, Some(input)) = (errors.is_empty(), input) {
        let actor = Actor::user(user.id, &user.name);
        state.db(move |conn| Ok(actions::add_update(conn, &actor, &input)?)).await?;
        return Ok(see_other(format!("/actions/{id}")));
    }
    render(&state, &user, &csrf, id, &form, &errors, StatusCode::UNPROCESSABLE_ENTITY).await
}

fn values_of(action: &actions::ActionRow) -> ActionFormValues {
    let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
    ActionFormValues {
        version: action.version.to_string(),
        reference: action.reference.clone(),
        title: action.title.clone(),
        description: action.description.clone(),
        owner_id: action.owner_id.map(|o| o.to_string()).unwrap_or_default(),
        practice_area_id: action.practice_area_id.to_string(),
        start_date: day(action.start_date),
        due_date: day(action.due_date),
        completed_date: day(action.completed_date),
        state: action.state.clone(),
        success_measure: action.success_measure.clone(),
    }
}

async fn render_edit(
    state: &web::Data<AppState>,
    (user, csrf): (&CurrentUser, &CsrfToken),
    id: i64,
    values: &ActionFormValues,
    problems: FormProblems,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let choices = state.db(|conn| Ok(action_page::form_choices(conn)?)).await?;
    let page = action_edit_page(id, values, &choices, &problems, &chrome(user, csrf, "/"));
    Ok(html(status, page))
}

fn invalid(errors: FieldErrors) -> FormProblems {
    FormProblems { errors, conflict: None }
}

/// The edit form, filled with the action as it is now.
pub async fn edit(
    state: web::Data<AppState>,
    user: CurrentUser,
    csrf: CsrfToken,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let action = editable(&state, &user, id).await?;
    render_edit(&state, (&user, &csrf), id, &values_of(&action), FormProblems::default(), StatusCode::OK).await
}

fn parse(form: &ActionFormValues) -> Result<(i32, ActionInput), FieldErrors> {
    let mut errors = FieldErrors::new();
    let expected = version(&mut errors, &form.version);
    let area = required_id(&mut errors, "practice_area_id", "a practice area", &form.practice_area_id);
    let owner_id = optional_id(&mut errors, "owner_id", &form.owner_id);
    let start_date = optional_date(&mut errors, "start_date", "The start date", &form.start_date);
    let due_date = optional_date(&mut errors, "due_date", "The due date", &form.due_date);
    let completed_date = optional_date(&mut errors, "completed_date", "The completed date", &form.completed_date);
    let state = choice(&mut errors, "state", "a state", &form.state);
    let (Some(practice_area_id), Some(state)) = (area, state) else { return Err(errors) };
    let input = ActionInput {
        reference: form.reference.clone(),
        title: form.title.clone(),
        description: form.description.clone(),
        owner_id,
        practice_area_id,
        start_date,
        due_date,
        completed_date,
        state,
        success_measure: form.success_measure.clone(),
    };
    if let Err(more) = input.check() {
        errors.merge(more);
    }
    errors.into_result((expected, input))
}

/// Saves an edit made at the version the form carries; a stale edit is refused
/// with the form re-shown, and nothing is saved.
pub async fn update(
    state: web::Data<AppState>,
    user: CurrentUser,
    csrf: CsrfToken,
    path: web::Path<i64>,
    CheckedForm(form): CheckedForm<ActionFormValues>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    editable(&state, &user, id).await?;
    let (expected, input) = match parse(&form) {
        Ok(parsed) => parsed,
        Err(errors) => {
            return render_edit(&state, (&user, &csrf), id, &form, invalid(errors), StatusCode::UNPROCESSABLE_ENTITY)
                .await
        }
    };
    let actor = Actor::user(user.id, &user.name);
    let saved = state
        .db(move |conn| match actions::update(conn, &actor, id, expected, &input) {
            Ok(_) => Ok(Ok(())),
            Err(e @ (DbError::Conflict { .. } | DbError::Invalid(_))) => Ok(Err(e)),
            Err(other) => Err(other.into()),
        })
        .await?;
    match saved {
        Ok(()) => Ok(see_other(format!("/actions/{id}"))),
        Err(DbError::Invalid(errors)) => {
            render_edit(&state, (&user, &csrf), id, &form, invalid(errors), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(conflict) => {
            let problems =
                FormProblems { errors: FieldErrors::new(), conflict: Some(AppError::from(conflict).public_message()) };
            render_edit(&state, (&user, &csrf), id, &form, problems, StatusCode::CONFLICT).await
        }
    }
}
