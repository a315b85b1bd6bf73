//! `POST /api/v1/tokens`: exchange an email and password for a bearer token.

use crate::auth::credentials::{self, client_address, Attempt, Given};
use crate::auth::device::Device;
use crate::auth::session;
use crate::auth::CurrentUser;
use crate::db::sessions::{self, Ended};
use crate::db::Actor;
use crate::domain::kinds::SessionKind;
use crate::error::AppError;
use crate::state::AppState;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};

#[derive(Debug, Deserialize)]
pub struct TokenRequest {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

#[derive(Debug, Serialize)]
pub struct TokenResponse {
    token: String,
    expires_at: chrono::DateTime<chrono::Utc>,
}

/// Issues a token for good credentials; the same throttling as the sign-in page applies.
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<TokenRequest>,
) -> Result<HttpResponse, AppError> {
    let TokenRequest { mut email, password } = body.into_inner();
    let errors = credentials::read_given(&mut email, &password);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let device = Device::from_request(&req, state.keys());
    let given = Given { email, password, address: client_address(&req), device };
    let attempt = credentials::sign_in(&state.pool, &state.hasher, &state.sign_ins, given).await?;
    match attempt {
        Attempt::Accepted(user) => {
            let (token, expires_at) = session::start(&state.auth, &user, SessionKind::Api, &req).await?;
            Ok(HttpResponse::Created().json(TokenResponse { token, expires_at }))
        }
        Attempt::Refused => Err(AppError::Unauthorized),
        Attempt::Throttled => Err(AppError::TooMany(credentials::THROTTLED.into())),
        Attempt::Busy => Err(AppError::TooMany(credentials::BUSY.into())),
    }
}

/// Ends the session of the token this request carries; the token stops working at once.
pub async fn revoke_current(state: web::Data<AppState>, user: CurrentUser) -> Result<HttpResponse, AppError> {
    let actor = Actor::user(user.id, &user.name);
    let (id, session_id) = (user.id, user.session_id.clone());
    state.db(move |conn| Ok(sessions::end(conn, &actor, id, &session_id, Ended::Revoked)?)).await?;
    Ok(HttpResponse::NoContent().finish())
}
