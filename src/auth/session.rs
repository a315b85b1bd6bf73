//! The signed-in user, read from the session cookie or a bearer token and
//! checked against its session row on every request, in one statement.

use super::{AuthState, SESSION_COOKIE};
use crate::blocking::with_connection;
use crate::db::sessions::{self, NewSession, TokenStart};
use crate::db::users::UserRow;
use crate::domain::ids::{OwnerId, UserId};
use crate::domain::kinds::{Role, SessionKind};
use crate::error::AppError;
use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};
use chrono::{DateTime, Utc};
use std::future::{ready, Ready};

/// How stale a session's "last seen" may get before it is written again: often
/// enough for the account page, rarely enough to cost nothing per request.
const TOUCH_EVERY_MINUTES: i64 = 5;

/// A signed-in, active user whose session is live.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub id: UserId,
    pub email: String,
    pub name: String,
    pub role: Role,
    /// The owner record linked to this user, if any ("actions they own").
    pub owner_id: Option<OwnerId>,
    /// The session this request belongs to.
    pub session_id: String,
}

impl CurrentUser {
    /// Whether the user's role includes `role`.
    pub fn may(&self, role: Role) -> bool {
        self.role.includes(role)
    }
}

/// The data generation read with the session: cached reads tagged with it or a
/// later one are current.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Generation(pub i64);

/// The raw token a request carries: a bearer header wins over the cookie.
pub fn token_of(req: &HttpRequest) -> Option<String> {
    if let Some(header) = req.headers().get(actix_web::http::header::AUTHORIZATION) {
        let value = header.to_str().ok()?;
        let (scheme, token) = value.split_once(' ')?;
        return scheme.eq_ignore_ascii_case("bearer").then(|| token.trim().to_string());
    }
    req.cookie(SESSION_COOKIE).map(|c| c.value().to_string())
}

/// Reads and checks the request's token and session: one statement for the
/// user, their session and the data generation, on one pooled connection.
pub async fn authenticate(req: &HttpRequest) -> Result<Option<(CurrentUser, Generation)>, AppError> {
    let Some(state) = req.app_data::<web::Data<AuthState>>() else {
        return Err(AppError::internal(anyhow::anyhow!("application state missing")));
    };
    let Some(token) = token_of(req) else { return Ok(None) };
    let Some(claims) = state.keys.verify(&token) else { return Ok(None) };
    let Some(user_id) = super::TokenKeys::user_id(&claims) else { return Ok(None) };
    let session_id = claims.sid.clone();
    with_connection(&state.pool, move |conn| {
        let now = crate::db::history::now();
        let Some(found) = sessions::authenticate(conn, &session_id, now)? else { return Ok(None) };
        // A deactivated user, or one whose role or password changed since the
        // token was issued, is signed out at once.
        let current =
            found.user_id == user_id && found.active && found.token_version == claims.tv && found.role == claims.role;
        if !current {
            return Ok(None);
        }
        if now - found.last_seen_at > chrono::Duration::minutes(TOUCH_EVERY_MINUTES) {
            sessions::touch(conn, &session_id, now)?;
        }
        let user = CurrentUser {
            id: found.user_id,
            email: found.email,
            name: found.display_name,
            role: found.role,
            owner_id: found.owner_id,
            session_id,
        };
        Ok(Some((user, Generation(found.generation))))
    })
    .await
}

/// Live API tokens one user may hold: enough for every integration and
/// script a council runs, few enough that minting tokens cannot fill the table.
pub const API_TOKENS_PER_USER: i64 = 20;

/// Starts a browser session for a user who has just proved who they are, and
/// issues its token.
pub async fn start(
    state: &AuthState,
    user: &UserRow,
    kind: SessionKind,
    req: &HttpRequest,
) -> Result<(String, DateTime<Utc>), AppError> {
    let (session_id, token, expires) = issue(state, user)?;
    let new = Owned::of(req, session_id, user.id, kind, expires);
    with_connection(&state.pool, move |conn| Ok(sessions::start(conn, &new.borrowed(), crate::db::history::now())?))
        .await?;
    Ok((token, expires))
}

/// What became of a request for an API token.
#[derive(Debug)]
pub enum ApiToken {
    Issued {
        token: String,
        expires_at: DateTime<Utc>,
    },
    /// The user holds `API_TOKENS_PER_USER` live tokens already; the first
    /// of them expires after this many seconds (sooner if one is ended).
    AtLimit {
        retry_after_seconds: u64,
    },
}

/// Starts an API token's session, unless the user already holds the most
/// live tokens allowed.
pub async fn start_api_token(state: &AuthState, user: &UserRow, req: &HttpRequest) -> Result<ApiToken, AppError> {
    let (session_id, token, expires) = issue(state, user)?;
    let new = Owned::of(req, session_id, user.id, SessionKind::Api, expires);
    let now = crate::db::history::now();
    let started = with_connection(&state.pool, move |conn| {
        Ok(sessions::start_api_token(conn, &new.borrowed(), now, API_TOKENS_PER_USER)?)
    })
    .await?;
    Ok(match started {
        TokenStart::Started(_) => ApiToken::Issued { token, expires_at: expires },
        TokenStart::AtLimit { first_expires_at } => {
            ApiToken::AtLimit { retry_after_seconds: (first_expires_at - now).num_seconds().max(1).unsigned_abs() }
        }
    })
}

fn issue(state: &AuthState, user: &UserRow) -> Result<(String, String, DateTime<Utc>), AppError> {
    let session_id = new_session_id();
    let (token, expires) =
        state.keys.issue(user.id, &session_id, user.role, user.token_version).map_err(AppError::unexpected)?;
    Ok((session_id, token, expires))
}

/// A new session's details, owned so they can move to the database thread.
struct Owned {
    id: String,
    user_id: UserId,
    kind: SessionKind,
    client_address: String,
    user_agent: String,
    expires_at: chrono::NaiveDateTime,
}

impl Owned {
    fn of(req: &HttpRequest, id: String, user_id: UserId, kind: SessionKind, expires: DateTime<Utc>) -> Self {
        let user_agent: String = req
            .headers()
            .get(actix_web::http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .chars()
            .filter(|c| !c.is_control())
            .take(200)
            .collect();
        let client_address = super::credentials::client_address(req);
        Self { id, user_id, kind, client_address, user_agent, expires_at: expires.naive_utc() }
    }

    fn borrowed(&self) -> NewSession<'_> {
        NewSession {
            id: &self.id,
            user_id: self.user_id,
            kind: self.kind,
            client_address: &self.client_address,
            user_agent: &self.user_agent,
            expires_at: self.expires_at,
        }
    }
}

/// A session id: 128 random bits, as hex.
fn new_session_id() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
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

impl FromRequest for Generation {
    type Error = AppError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(req.extensions().get::<Generation>().copied().ok_or(AppError::Unauthorized))
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
