//! User accounts in the API, for admins: list, read, add (the new password is
//! answered once) and change name, role or status at a version. Accounts are
//! deactivated, never archived, so that history keeps who did what.

use super::answers::{NewUser, User};
use super::body::{Body, Field, Ty};
use super::records::{check_paging, page_of, stale, window, QueryPairs};
use crate::auth::password;
use crate::auth::CurrentUser;
use crate::db::users;
use crate::db::Actor;
use crate::domain::fields::FieldErrors;
use crate::domain::ids::UserId;
use crate::domain::kinds::Role;
use crate::domain::users::{UserChangesDraft, UserDraft};
use crate::domain::valid::parse;
use crate::error::AppError;
use crate::records::{self, Record, Saved, Users};
use crate::state::AppState;
use actix_web::{web, HttpRequest, HttpResponse};
use serde_json::Value;

/// The filters of the user list.
pub const FILTERS: &[Field] = &[
    Field::optional("role", Ty::Choice(Role::NAMES), "Only users with this role"),
    Field::optional("active", Ty::Bool, "Only active (true) or deactivated (false) users"),
    Field::optional("page", Ty::Integer, "Page number, from 1"),
    Field::optional("per_page", Ty::Integer, "Users per page, 1 to 100 (default 25)"),
];

/// The body of a new user.
pub const NEW_FIELDS: &[Field] = &[
    Field::required("email", Ty::Text, "Email address, used to sign in"),
    Field::required("display_name", Ty::Text, "Name"),
    Field::required("role", Ty::Choice(Role::NAMES), "Role"),
];

/// The body of a change to a user.
pub const CHANGE_FIELDS: &[Field] = &[
    Field::required("display_name", Ty::Text, "Name"),
    Field::required("role", Ty::Choice(Role::NAMES), "Role"),
    Field::required("active", Ty::Bool, "Whether they may sign in"),
    Field::required("version", Ty::Integer, "The version the change was made from"),
];

/// `GET /api/v1/users`: every account, by name.
pub async fn list(state: web::Data<AppState>, req: HttpRequest, pairs: QueryPairs) -> Result<HttpResponse, AppError> {
    let mut q = Body::query(&pairs, FILTERS)?;
    check_paging(&mut q);
    if !q.errors.is_empty() {
        return Err(AppError::Invalid(std::mem::take(&mut q.errors)));
    }
    let role: Option<Role> = q.choice("role");
    let active = q.has("active").then(|| q.flag("active"));
    let mut all = state.db(|conn| Ok(users::list(conn)?)).await?;
    all.retain(|u| role.is_none_or(|r| u.role == r) && active.is_none_or(|a| u.active == a));
    all.sort_by(|a, b| a.display_name.to_lowercase().cmp(&b.display_name.to_lowercase()).then(a.id.cmp(&b.id)));
    let (_, per_page, start) = window(&q);
    let shown: Vec<_> = all.iter().skip(start).take(per_page).map(User::from).collect();
    Ok(HttpResponse::Ok().json(page_of(&req, &pairs, &q, all.len(), &shown)))
}

/// `GET /api/v1/users/{id}`.
pub async fn get(state: web::Data<AppState>, path: web::Path<i64>) -> Result<HttpResponse, AppError> {
    let id = UserId(path.into_inner());
    let user = state.db(move |conn| Ok(users::get(conn, id)?)).await?;
    Ok(HttpResponse::Ok().json(User::from(&user)))
}

/// `POST /api/v1/users`: adds an account with a generated password, answered once.
pub async fn create(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<Value>,
) -> Result<HttpResponse, AppError> {
    Users::may_create(&user).map_err(|_| AppError::Forbidden)?;
    let b = Body::read(body.into_inner(), NEW_FIELDS);
    let draft = UserDraft { email: b.text("email"), display_name: b.text("display_name"), role: b.choice("role") };
    let input = parse(b.errors, draft, &state.context()).map_err(AppError::Invalid)?;
    let holder = password::Holder { email: &input.email, authority: state.config.authority() };
    let new_password = password::generate(&holder);
    let hash = state.hasher.hash(new_password.clone()).await?;
    let actor = Actor::user(user.id, &user.name);
    let saved = state.db(move |conn| Ok(records::create::<Users>(conn, &actor, &user, &(input, hash))?)).await?;
    let created = saved.done()?;
    let answer = NewUser::new(&created, new_password);
    Ok(HttpResponse::Created().insert_header(("Location", format!("/api/v1/users/{}", created.id))).json(answer))
}

/// `PUT /api/v1/users/{id}`: changes name, role or status; an admin cannot
/// change their own role or deactivate themselves.
pub async fn update(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<i64>,
    body: web::Json<Value>,
) -> Result<HttpResponse, AppError> {
    let id = UserId(path.into_inner());
    let mut b = Body::read(body.into_inner(), CHANGE_FIELDS);
    let role: Option<Role> = b.choice("role");
    let active = b.bool("active");
    if id == user.id && (role.is_some_and(|r| r != user.role) || active == Some(false)) {
        b.errors.add("role", "You cannot change your own role or deactivate yourself; ask another admin");
    }
    // A missing or bad version is already among the body's problems.
    let version = b.int("version").ok_or_else(FieldErrors::new);
    let draft = UserChangesDraft { display_name: b.text("display_name"), role, active };
    let changes = parse(b.errors, draft, &state.context());
    let (version, changes) = FieldErrors::both(version, changes).map_err(AppError::Invalid)?;
    let actor = Actor::user(user.id, &user.name);
    let saved =
        state.db(move |conn| Ok(records::update::<Users>(conn, (&actor, &user), id, version, &changes)?)).await?;
    match saved {
        Saved::Stale { now: current, .. } => Ok(stale(User::from(&current))),
        other => Ok(HttpResponse::Ok().json(User::from(&other.done()?))),
    }
}
