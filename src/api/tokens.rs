//! `POST /api/v1/tokens`: exchange an email and password for a bearer token.

use crate::auth::credentials::{self, client_address, Attempt, Given};
use crate::auth::device::Device;
use crate::auth::session::{self, ApiToken, API_TOKENS_PER_USER};
use crate::auth::CurrentUser;
use crate::db::sessions::{self, Ended};
use crate::db::Actor;
use crate::error::AppError;
use crate::state::AppState;
use actix_web::http::header::{HeaderValue, RETRY_AFTER};
use actix_web::{web, HttpRequest, HttpResponse, ResponseError};
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
        Attempt::Accepted(user) if !credentials::password_allowed(&state.config.oidc, user.role) => {
            credentials::refuse_password(&state.pool, &user).await?;
            Err(AppError::Forbidden)
        }
        Attempt::Accepted(user) => match session::start_api_token(&state.auth, &user, &req).await? {
            ApiToken::Issued { token, expires_at } => {
                Ok(HttpResponse::Created().json(TokenResponse { token, expires_at }))
            }
            ApiToken::AtLimit { retry_after_seconds } => {
                let message = format!(
                    "You already have {API_TOKENS_PER_USER} live API tokens, the most one account may hold. End one you no \
                     longer use (DELETE /api/v1/tokens/current with it, or sign out of other sessions on your account page, \
                     /account), or wait until the first of them expires."
                );
                let mut response = AppError::TooMany(message).error_response();
                response.headers_mut().insert(RETRY_AFTER, HeaderValue::from(retry_after_seconds));
                Ok(response)
            }
        },
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
