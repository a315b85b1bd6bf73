//! User administration (admins) and changing one's own password (everyone).

use super::forms::{optional_choice, stale_edit, version, FormFields};
use super::html;
use super::page::{context, saved, Page};
use crate::auth::credentials::{self, client_address, Attempt, Given};
use crate::auth::csrf::CheckedForm;
use crate::auth::device::Device;
use crate::auth::password::{self, Holder};
use crate::auth::session::session_cookie;
use crate::db::users::{self, UserRow};
use crate::db::{invitations, sessions};
use crate::domain::fields::FieldErrors;
use crate::domain::ids::UserId;
use crate::domain::kinds::Role;
use crate::domain::users::{UserChanges, UserChangesDraft, UserDraft};
use crate::domain::valid;
use crate::error::AppError;
use crate::records::{self, Record, Saved, Users};
use crate::state::AppState;
use crate::views::users::*;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};

const NAV: &str = "/users";

/// Every user, and the invitations sent.
pub async fn list(state: web::Data<AppState>, page: Page) -> Result<HttpResponse, AppError> {
    let (all, invited) = state.db(|conn| Ok((users::list(conn)?, invitations::list(conn)?))).await?;
    let now = state.clock.now().naive_utc();
    let mail = crate::mail::configured(&state.config.smtp);
    Ok(html(StatusCode::OK, users_page(&all, (&invited, now), mail, &page.chrome(NAV))))
}

/// The form to add a user; no role is preselected.
pub async fn new(page: Page) -> HttpResponse {
    html(StatusCode::OK, new_user_page(&NewUserValues::default(), &FieldErrors::new(), &page.chrome(NAV)))
}

/// Adds a user with a generated password, shown once.
pub async fn create(
    state: web::Data<AppState>,
    page: Page,
    CheckedForm(form): CheckedForm<NewUserValues>,
) -> Result<HttpResponse, AppError> {
    Users::may_create(&page.user).map_err(|_| AppError::Forbidden)?;
    let mut errors = FieldErrors::new();
    let draft = UserDraft {
        email: form.email.clone(),
        display_name: form.display_name.clone(),
        role: optional_choice(&mut errors, "role", "a role", &form.role),
    };
    let input = match valid::parse(errors, draft, &context(&state)) {
        Ok(input) => input,
        Err(errors) => {
            return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, new_user_page(&form, &errors, &page.chrome(NAV))))
        }
    };
    let new_password = password::generate(&Holder { email: &input.email, authority: state.config.authority() });
    let hash = state.hasher.hash(new_password.clone()).await?;
    let (actor, user) = (page.actor(), page.user.clone());
    let outcome = state.db(move |conn| Ok(records::create::<Users>(conn, &actor, &user, &(input, hash))?)).await?;
    match outcome {
        Saved::Invalid(errors) => {
            Ok(html(StatusCode::UNPROCESSABLE_ENTITY, new_user_page(&form, &errors, &page.chrome(NAV))))
        }
        other => {
            let created = other.done()?;
            Ok(html(StatusCode::CREATED, password_shown_once(&created, &new_password, &page.chrome(NAV))))
        }
    }
}

impl FormFields for UserValues {
    fn fields(&self) -> Vec<(&'static str, &'static str, String)> {
        vec![
            ("display_name", "Name", self.display_name.clone()),
            ("role", "Role", self.role.clone()),
            ("active", "Status", self.active.clone()),
        ]
    }
}

fn values_of(row: &UserRow) -> UserValues {
    UserValues {
        version: row.version.to_string(),
        display_name: row.display_name.clone(),
        role: row.role.as_str().to_string(),
        active: row.active.to_string(),
    }
}

/// One user's form.
pub async fn show(state: web::Data<AppState>, page: Page, path: web::Path<UserId>) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let row = state.db(move |conn| Ok(users::get(conn, id)?)).await?;
    let mail = crate::mail::configured(&state.config.smtp);
    let markup = user_page(&row, &values_of(&row), (&FieldErrors::new(), None), mail, &page.chrome(NAV));
    Ok(html(StatusCode::OK, markup))
}

fn parse(
    id: UserId,
    me: UserId,
    my_role: Role,
    form: &UserValues,
    state: &AppState,
) -> Result<(i32, crate::domain::valid::Valid<UserChanges>), FieldErrors> {
    let mut errors = FieldErrors::new();
    let role: Option<Role> = optional_choice(&mut errors, "role", "a role", &form.role);
    let active = match form.active.as_str() {
        "true" => Some(true),
        "false" => Some(false),
        "" => None,
        _ => {
            errors.add("active", "Choose active or deactivated");
            None
        }
    };
    if id == me && (role.is_some_and(|r| r != my_role) || active == Some(false)) {
        errors.add("role", "You cannot change your own role or deactivate yourself; ask another admin");
    }
    let draft = UserChangesDraft { display_name: form.display_name.clone(), role, active };
    FieldErrors::both(version(&form.version), valid::parse(errors, draft, &context(state)))
}

/// Changes a user's name, role or status.
pub async fn update(
    state: web::Data<AppState>,
    page: Page,
    path: web::Path<UserId>,
    CheckedForm(form): CheckedForm<UserValues>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let mail = crate::mail::configured(&state.config.smtp);
    let row = state.db(move |conn| Ok(users::get(conn, id)?)).await?;
    let (expected, changes) = match parse(id, page.user.id, page.user.role, &form, &state) {
        Ok(parsed) => parsed,
        Err(errors) => {
            let markup = user_page(&row, &form, (&errors, None), mail, &page.chrome(NAV));
            return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, markup));
        }
    };
    let (actor, user) = (page.actor(), page.user.clone());
    let outcome =
        state.db(move |conn| Ok(records::update::<Users>(conn, (&actor, &user), id, expected, &changes)?)).await?;
    match outcome {
        Saved::Invalid(errors) => {
            Ok(html(StatusCode::UNPROCESSABLE_ENTITY, user_page(&row, &form, (&errors, None), mail, &page.chrome(NAV))))
        }
        Saved::Stale { now: current, .. } => {
            let theirs = values_of(&current);
            let stale = stale_edit(&theirs, &form);
            let yours = UserValues { version: theirs.version.clone(), ..form };
            let markup = user_page(&current, &yours, (&FieldErrors::new(), Some(&stale)), mail, &page.chrome(NAV));
            Ok(html(StatusCode::CONFLICT, markup))
        }
        other => Ok(saved("/users", format!("{} saved", other.done()?.display_name))),
    }
}

/// Gives a user a new password, shown once, and ends their sessions.
pub async fn reset_password(
    state: web::Data<AppState>,
    page: Page,
    path: web::Path<UserId>,
    CheckedForm(_form): CheckedForm<serde_json::Value>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let holder = state.db(move |conn| Ok(users::get(conn, id)?)).await?;
    let new_password = password::generate(&Holder { email: &holder.email, authority: state.config.authority() });
    let hash = state.hasher.hash(new_password.clone()).await?;
    let actor = page.actor();
    let row = state.db(move |conn| Ok(users::set_password(conn, &actor, id, &hash)?)).await?;
    Ok(html(StatusCode::OK, password_shown_once(&row, &new_password, &page.chrome(NAV))))
}

/// The form to change one's own password.
pub async fn password_form(page: Page) -> HttpResponse {
    html(StatusCode::OK, change_password_page(&FieldErrors::new(), false, &page.chrome("/account")))
}

/// Changes one's own password: the current one must be right, the new one must
/// meet the policy. Other sessions end; this one gets a fresh token.
pub async fn change_password(
    req: HttpRequest,
    state: web::Data<AppState>,
    page: Page,
    CheckedForm(form): CheckedForm<PasswordValues>,
) -> Result<HttpResponse, AppError> {
    let page_chrome = page.chrome("/account");
    let mut errors = FieldErrors::new();
    let holder = Holder { email: &page.user.email, authority: state.config.authority() };
    if let Err(policy) = password::check_policy("new_password", &form.new_password, &holder) {
        errors.merge(policy);
    }
    if form.new_password != form.confirm_password {
        errors.add("confirm_password", "Enter the same new password twice");
    }
    let id = page.user.id;
    let given = Given {
        email: page.user.email.clone(),
        password: form.current_password.clone(),
        address: client_address(&req),
        device: Device::from_request(&req, state.keys()),
    };
    let checked = credentials::current_password(&state.pool, &state.hasher, &state.sign_ins, given).await?;
    match checked {
        Attempt::Accepted(_) => {}
        Attempt::Refused => errors.add("current_password", "Your current password is not right"),
        Attempt::Throttled => errors.add("current_password", credentials::THROTTLED),
        Attempt::Busy => errors.add("current_password", credentials::BUSY),
    }
    if !errors.is_empty() {
        return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, change_password_page(&errors, false, &page_chrome)));
    }
    let hash = state.hasher.hash(form.new_password.clone()).await?;
    let actor = page.actor();
    let row = state.db(move |conn| Ok(users::set_password(conn, &actor, id, &hash)?)).await?;
    // Every session ended with the old password; this browser gets a new one.
    let (token, _) =
        crate::auth::session::start(&state.auth, &row, crate::domain::kinds::SessionKind::Browser, &req).await?;
    let secure = state.config.https;
    let session = session_cookie(token, secure, state.keys().lifetime());
    Ok(HttpResponse::Ok()
        .cookie(session)
        .content_type("text/html; charset=utf-8")
        .body(change_password_page(&FieldErrors::new(), true, &page_chrome).into_string()))
}

/// The account page: who you are, your live sessions, and signing out the others.
pub async fn account(state: web::Data<AppState>, page: Page) -> Result<HttpResponse, AppError> {
    let id = page.user.id;
    let now = crate::db::history::now();
    let live = state.db(move |conn| Ok(sessions::live_for_user(conn, id, now)?)).await?;
    Ok(html(StatusCode::OK, account_page(&page.user, &live, &page.chrome("/account"))))
}

/// Signs the user out of every session but this one.
pub async fn sign_out_others(
    state: web::Data<AppState>,
    page: Page,
    CheckedForm(_form): CheckedForm<serde_json::Value>,
) -> Result<HttpResponse, AppError> {
    let (actor, id, keep) = (page.actor(), page.user.id, page.user.session_id.clone());
    let ended = state.db(move |conn| Ok(sessions::sign_out_others(conn, &actor, id, &keep)?)).await?;
    let notice = match ended {
        0 => "There were no other sessions to sign out".to_string(),
        1 => "Signed out of 1 other session".to_string(),
        n => format!("Signed out of {n} other sessions"),
    };
    Ok(saved("/account", notice))
}

/// Ends one of the user's own sessions, from "Your sessions": its cookie
/// stops working at once. Ending this one signs this browser out.
pub async fn end_session(
    state: web::Data<AppState>,
    page: Page,
    path: web::Path<String>,
    CheckedForm(_form): CheckedForm<serde_json::Value>,
) -> Result<HttpResponse, AppError> {
    let handle = path.into_inner();
    let this_one = sessions::handle(&page.user.session_id) == handle;
    let (actor, id, now) = (page.actor(), page.user.id, crate::db::history::now());
    let ended = state.db(move |conn| Ok(sessions::end_by_handle(conn, &actor, id, &handle, now)?)).await?;
    if ended && this_one {
        let secure = state.config.https;
        return Ok(HttpResponse::SeeOther()
            .insert_header((actix_web::http::header::LOCATION, "/sign-in"))
            .cookie(super::signin::session_removal(secure))
            .finish());
    }
    let notice = if ended { "Signed out of that session" } else { "That session had already ended" };
    Ok(saved("/account", notice))
}

/// Ends every session of a user (an admin's doing): they must sign in again.
pub async fn end_sessions(
    state: web::Data<AppState>,
    page: Page,
    path: web::Path<UserId>,
    CheckedForm(_form): CheckedForm<serde_json::Value>,
) -> Result<HttpResponse, AppError> {
    let (actor, id) = (page.actor(), path.into_inner());
    let (row, ended) = state
        .db(move |conn| {
            let row = users::get(conn, id)?;
            Ok((row, sessions::end_all_by_admin(conn, &actor, id)?))
        })
        .await?;
    let notice = match ended {
        0 => format!("{} had no sessions to end", row.display_name),
        1 => format!("Ended 1 session of {}", row.display_name),
        n => format!("Ended {n} sessions of {}", row.display_name),
    };
    Ok(saved(format!("/users/{id}"), notice))
}
