//! `POST /api/v1/tokens`: exchange an email and password for a bearer token.

use crate::app::AppState;
use crate::auth::credentials::{self, Attempt};
use crate::domain::fields::FieldErrors;
use crate::error::AppError;
use crate::web::signin::client_address;
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
    let body = body.into_inner();
    let mut errors = FieldErrors::new();
    if body.email.trim().is_empty() {
        errors.add("email", "Enter your email address");
    }
    if body.password.is_empty() {
        errors.add("password", "Enter your password");
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let address = client_address(&req);
    let attempt = state.db(move |conn| Ok(credentials::attempt(conn, &body.email, &body.password, &address)?)).await?;
    match attempt {
        Attempt::Accepted(user) => {
            let (token, expires_at) =
                state.keys.issue(user.id, user.role(), user.token_version).map_err(AppError::unexpected)?;
            Ok(HttpResponse::Created().json(TokenResponse { token, expires_at }))
        }
        Attempt::Refused => Err(AppError::Unauthorized),
        Attempt::Throttled => Err(AppError::TooMany(credentials::THROTTLED.into())),
    }
}
