//! The signed-in user, read from the session cookie or a bearer token and
//! checked against the database on every request.

use super::SESSION_COOKIE;
use crate::app::AppState;
use crate::domain::kinds::Role;
use crate::error::AppError;
use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};
use std::future::{ready, Ready};

/// A signed-in, active user whose token is current.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    /// The owner record linked to this user, if any ("actions they own").
    pub owner_id: Option<i64>,
}

impl CurrentUser {
    /// Whether the user's role includes `role`.
    pub fn may(&self, role: Role) -> bool {
        self.role.includes(role)
    }
}

/// The raw token a request carries: a bearer header wins over the cookie.
pub fn token_of(req: &HttpRequest) -> Option<String> {
    if let Some(header) = req.headers().get(actix_web::http::header::AUTHORIZATION) {
        let value = header.to_str().ok()?;
        let (scheme, token) = value.split_once(' ')?;
        return scheme.eq_ignore_ascii_case("bearer").then(|| token.trim().to_string());
    }
    req.cookie(SESSION_COOKIE).map(|c| c.value().to_string())
}

/// Reads and checks the request's token; `None` when there is no valid session.
pub async fn authenticate(req: &HttpRequest) -> Result<Option<CurrentUser>, AppError> {
    let Some(state) = req.app_data::<web::Data<AppState>>() else {
        return Err(AppError::internal(anyhow::anyhow!("application state missing")));
    };
    let Some(token) = token_of(req) else { return Ok(None) };
    let Some(claims) = state.keys.verify(&token) else { return Ok(None) };
    let Some(user_id) = super::TokenKeys::user_id(&claims) else { return Ok(None) };
    let user = state
        .db(move |conn| {
            let user = match crate::db::users::get(conn, user_id) {
                Ok(user) => user,
                Err(crate::db::DbError::NotFound { .. }) => return Ok(None),
                Err(e) => return Err(e.into()),
            };
            // A deactivated user, or one whose role or password changed since
            // the token was issued, is signed out at once.
            if !user.active || user.token_version != claims.tv || user.role() != claims.role {
                return Ok(None);
            }
            let owner = crate::db::owners::for_user(conn, user.id)?;
            Ok(Some(CurrentUser {
                id: user.id,
                email: user.email.clone(),
                name: user.display_name.clone(),
                role: user.role(),
                owner_id: owner.map(|o| o.id),
            }))
        })
        .await?;
    Ok(user)
}

impl FromRequest for CurrentUser {
    type Error = AppError;
    type Future = Ready<Result<Self, Self::Error>>;

    /// The access check has already authenticated the request and left the user
    /// in its extensions; a handler on a public route gets 401 here.
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(req.extensions().get::<CurrentUser>().cloned().ok_or(AppError::Unauthorized))
    }
}

/// The session cookie for a token: HttpOnly, SameSite=Strict, `Secure` over HTTPS.
pub fn session_cookie(token: String, secure: bool, lifetime: chrono::Duration) -> actix_web::cookie::Cookie<'static> {
    actix_web::cookie::Cookie::build(SESSION_COOKIE, token)
        .path("/")
        .http_only(true)
        .secure(secure)
        .same_site(actix_web::cookie::SameSite::Strict)
        .max_age(actix_web::cookie::time::Duration::seconds(lifetime.num_seconds()))
        .finish()
}
