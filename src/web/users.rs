//! User administration (admins) and changing one's own password (everyone).

use super::forms::{choice, version};
use super::{chrome, html, see_other};
use crate::app::AppState;
use crate::auth::csrf::{self, CheckedForm, CsrfToken};
use crate::auth::session::session_cookie;
use crate::auth::{password, CurrentUser};
use crate::db::users::{self, NewUser, UserChanges};
use crate::db::{Actor, DbError};
use crate::domain::fields::FieldErrors;
use crate::domain::kinds::Role;
use crate::error::AppError;
use crate::views::users::*;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};

const NAV: &str = "/users";

/// Every user.
pub async fn list(state: web::Data<AppState>, user: CurrentUser, csrf: CsrfToken) -> Result<HttpResponse, AppError> {
    let all = state.db(|conn| Ok(users::list(conn)?)).await?;
    Ok(html(StatusCode::OK, users_page(&all, &chrome(&user, &csrf, NAV))))
}

/// The form to add a user.
pub async fn new(user: CurrentUser, csrf: CsrfToken) -> HttpResponse {
    let values = NewUserValues { role: "viewer".into(), ..Default::default() };
    html(StatusCode::OK, new_user_page(&values, &FieldErrors::new(), &chrome(&user, &csrf, NAV)))
}

/// Adds a user with a generated password, shown once.
pub async fn create(
    state: web::Data<AppState>,
    user: CurrentUser,
    csrf: CsrfToken,
    CheckedForm(form): CheckedForm<NewUserValues>,
) -> Result<HttpResponse, AppError> {
    let mut errors = FieldErrors::new();
    let role: Option<Role> = choice(&mut errors, "role", "a role", &form.role);
    let new_password = password::generate();
    let hash = password::hash(&new_password).map_err(AppError::unexpected)?;
    let outcome = match role {
        Some(role) => {
            let new = NewUser {
                email: form.email.clone(),
                display_name: form.display_name.clone(),
                role,
                password_hash: Some(hash),
            };
            let actor = Actor::user(user.id, &user.name);
            state
                .db(move |conn| match users::create(conn, &actor, &new) {
                    Ok(created) => Ok(Ok(created)),
                    Err(DbError::Invalid(fields)) => Ok(Err(fields)),
                    Err(e) => Err(e.into()),
                })
                .await?
        }
        None => Err(FieldErrors::new()),
    };
    match outcome {
        Ok(created) => {
            Ok(html(StatusCode::CREATED, password_shown_once(&created, &new_password, &chrome(&user, &csrf, NAV))))
        }
        Err(more) => {
            errors.merge(more);
            Ok(html(StatusCode::UNPROCESSABLE_ENTITY, new_user_page(&form, &errors, &chrome(&user, &csrf, NAV))))
        }
    }
}

fn values_of(row: &users::UserRow) -> UserValues {
    UserValues {
        version: row.version.to_string(),
        display_name: row.display_name.clone(),
        role: row.role.clone(),
        active: row.active.to_string(),
    }
}

/// One user's form.
pub async fn show(
    state: web::Data<AppState>,
    user: CurrentUser,
    csrf: CsrfToken,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let row = state.db(move |conn| Ok(users::get(conn, id)?)).await?;
    Ok(html(StatusCode::OK, user_page(&row, &values_of(&row), &FieldErrors::new(), &chrome(&user, &csrf, NAV))))
}

/// Changes a user's name, role or status.
pub async fn update(
    state: web::Data<AppState>,
    user: CurrentUser,
    csrf: CsrfToken,
    path: web::Path<i64>,
    CheckedForm(form): CheckedForm<UserValues>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let mut errors = FieldErrors::new();
    let expected = version(&mut errors, &form.version);
    let role: Option<Role> = choice(&mut errors, "role", "a role", &form.role);
    let active = match form.active.as_str() {
        "true" => Some(true),
        "false" => Some(false),
        _ => {
            errors.add("active", "Choose active or deactivated");
            None
        }
    };
    if id == user.id && (role != Some(user.role) || active == Some(false)) {
        errors.add("role", "You cannot change your own role or deactivate yourself; ask another admin");
    }
    let row = state.db(move |conn| Ok(users::get(conn, id)?)).await?;
    let (Some(role), Some(active), true) = (role, active, errors.is_empty()) else {
        return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, user_page(&row, &form, &errors, &chrome(&user, &csrf, NAV))));
    };
    let changes = UserChanges { display_name: form.display_name.clone(), role, active };
    let actor = Actor::user(user.id, &user.name);
    let saved = state
        .db(move |conn| match users::update(conn, &actor, id, expected, &changes) {
            Ok(_) => Ok(Ok(())),
            Err(e @ (DbError::Invalid(_) | DbError::Conflict { .. })) => Ok(Err(e)),
            Err(e) => Err(e.into()),
        })
        .await?;
    let (status, problems) = match saved {
        Ok(()) => return Ok(see_other("/users")),
        Err(DbError::Invalid(fields)) => (StatusCode::UNPROCESSABLE_ENTITY, fields),
        Err(other) => (StatusCode::CONFLICT, FieldErrors::one("display_name", AppError::from(other).public_message())),
    };
    Ok(html(status, user_page(&row, &form, &problems, &chrome(&user, &csrf, NAV))))
}

/// Gives a user a new password, shown once, and ends their sessions.
pub async fn reset_password(
    state: web::Data<AppState>,
    user: CurrentUser,
    csrf: CsrfToken,
    path: web::Path<i64>,
    CheckedForm(_form): CheckedForm<serde_json::Value>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let new_password = password::generate();
    let hash = password::hash(&new_password).map_err(AppError::unexpected)?;
    let actor = Actor::user(user.id, &user.name);
    let row = state.db(move |conn| Ok(users::set_password(conn, &actor, id, &hash)?)).await?;
    Ok(html(StatusCode::OK, password_shown_once(&row, &new_password, &chrome(&user, &csrf, NAV))))
}

/// The form to change one's own password.
pub async fn password_form(user: CurrentUser, csrf: CsrfToken) -> HttpResponse {
    html(StatusCode::OK, change_password_page(&FieldErrors::new(), false, &chrome(&user, &csrf, "/account/password")))
}

/// Changes one's own password: the current one must be right, the new one must
/// meet the policy. Other sessions end; this one gets a fresh token.
pub async fn change_password(
    state: web::Data<AppState>,
    user: CurrentUser,
    csrf: CsrfToken,
    CheckedForm(form): CheckedForm<PasswordValues>,
) -> Result<HttpResponse, AppError> {
    let page_chrome = chrome(&user, &csrf, "/account/password");
    let mut errors = FieldErrors::new();
    if let Err(policy) = password::check_policy("new_password", &form.new_password) {
        errors.merge(policy);
    }
    if form.new_password != form.confirm_password {
        errors.add("confirm_password", "Enter the same new password twice");
    }
    let id = user.id;
    let current = form.current_password.clone();
    let actor = Actor::user(user.id, &user.name);
    let new_password = form.new_password.clone();
    let checks_passed = errors.is_empty();
    let outcome = state
        .db(move |conn| {
            let row = users::get(conn, id)?;
            let right = row.password_hash.as_deref().is_some_and(|h| password::verify(&current, h));
            if !right {
                return Ok(Err(FieldErrors::one("current_password", "Your current password is not right")));
            }
            if !checks_passed {
                return Ok(Err(FieldErrors::new()));
            }
            let hash = password::hash(&new_password).map_err(AppError::unexpected)?;
            Ok(Ok(users::set_password(conn, &actor, id, &hash)?))
        })
        .await?;
    match outcome {
        Ok(row) => {
            let (token, _) = state.keys.issue(row.id, row.role(), row.token_version).map_err(AppError::unexpected)?;
            let secure = state.config.https;
            let session = session_cookie(token, secure, state.keys.lifetime());
            Ok(HttpResponse::Ok()
                .cookie(session)
                .cookie(csrf::cookie(&csrf.0, secure))
                .content_type("text/html; charset=utf-8")
                .body(change_password_page(&FieldErrors::new(), true, &page_chrome).into_string()))
        }
        Err(more) => {
            errors.merge(more);
            Ok(html(StatusCode::UNPROCESSABLE_ENTITY, change_password_page(&errors, false, &page_chrome)))
        }
    }
}
