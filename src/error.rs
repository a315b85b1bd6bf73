//! One error type for every handler, mapped to status codes in one place.

use crate::db::DbError;
use crate::domain::fields::FieldErrors;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde_json::json;

/// What went wrong while answering a request.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// 404: no such row or page.
    #[error("{0}")]
    NotFound(String),
    /// 409: someone else changed the row since it was read.
    #[error("{0}")]
    Conflict(String),
    /// 422: bad input, with a message per field.
    #[error("{0}")]
    Invalid(FieldErrors),
    /// 400: a request the server cannot read at all.
    #[error("{0}")]
    BadRequest(String),
    /// 401: not signed in, or the session has ended.
    #[error("sign in to continue")]
    Unauthorized,
    /// 403: signed in, but the role may not do this.
    #[error("your role does not allow this")]
    Forbidden,
    /// 429: too many attempts.
    #[error("{0}")]
    TooMany(String),
    /// 500: anything else; the cause is logged with a reference, never shown.
    #[error("internal error {reference}")]
    Internal { reference: String, cause: anyhow::Error },
}

impl AppError {
    /// An unexpected failure; the cause is logged with a reference the user can quote.
    pub fn internal(err: impl Into<anyhow::Error>) -> Self {
        AppError::Internal { reference: reference_id(), cause: err.into() }
    }

    /// An unexpected failure that arrives as text (hashing, signing a token).
    pub fn unexpected(message: String) -> Self {
        Self::internal(anyhow::anyhow!(message))
    }

    /// The message a person sees (never a database or system message).
    pub fn public_message(&self) -> String {
        match self {
            AppError::Internal { reference, .. } => {
                format!("Something went wrong on our side. Quote reference {reference} if you report it.")
            }
            other => other.to_string(),
        }
    }
}

impl From<DbError> for AppError {
    fn from(err: DbError) -> Self {
        match err {
            DbError::NotFound { entity, id } => AppError::NotFound(format!("No {} with id {id}", entity.replace('_', " "))),
            DbError::Conflict { .. } => AppError::Conflict(
                "Someone else changed this since you opened it. Your changes have not been saved: reload to see the latest version, then make your changes again.".into(),
            ),
            DbError::Invalid(fields) => AppError::Invalid(fields),
            DbError::Database(e) => AppError::internal(e),
        }
    }
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(err: diesel::r2d2::PoolError) -> Self {
        AppError::internal(err)
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(err: actix_web::error::BlockingError) -> Self {
        AppError::internal(anyhow::anyhow!("{err}"))
    }
}

/// A short random reference that ties a user's report to the log line.
pub fn reference_id() -> String {
    use rand::Rng;
    let n: u32 = rand::thread_rng().gen();
    format!("{n:08X}")
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::TooMany(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Errors are answered as JSON; pages turn the same error into HTML in
    /// `web::errors`, which looks at the request before this is reached.
    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        let body = match self {
            AppError::Invalid(fields) => json!({ "error": "invalid input", "fields": fields }),
            AppError::Internal { reference, cause } => {
                tracing::error!(reference = %reference, error = %format!("{cause:#}"), "request failed");
                json!({ "error": self.public_message(), "reference": reference })
            }
            other => json!({ "error": other.to_string() }),
        };
        let mut response = HttpResponse::build(status);
        if matches!(self, AppError::Unauthorized) {
            response.insert_header(("WWW-Authenticate", "Bearer"));
        }
        response.json(body)
    }
}
