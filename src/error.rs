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
    #[error("Sign in to continue.")]
    Unauthorized,
    /// 403: signed in, but the role may not do this.
    #[error("Your role does not allow this.")]
    Forbidden,
    /// 403: a form whose token is not this session's: made elsewhere, or from
    /// a session that has since ended.
    #[error("This form did not come from your current session, so nothing was saved. Go back, reload the page and try again.")]
    FormFromElsewhere,
    /// 405: the address exists, but not for this method.
    #[error("This address cannot be used in this way.")]
    MethodNotAllowed,
    /// 413: a body larger than Sustain accepts.
    #[error("{0}")]
    TooLarge(String),
    /// 415: a body in a format this address does not read.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// 429: too many attempts.
    #[error("{0}")]
    TooMany(String),
    /// 503: the server is busy with other large documents; try again after
    /// `retry_after` seconds (sent as `Retry-After`).
    #[error("{message}")]
    Busy { message: String, retry_after: u64 },
    /// 503: the database did not answer in time (stopped, restarting, out of
    /// reach); nothing was changed. Sent with `Retry-After`.
    #[error("Sustain cannot reach its database just now. Nothing was changed: try again in a few seconds.")]
    Unavailable,
    /// 507 to the API, 503 on a page: the database's storage is full, so
    /// nothing was saved; what was saved before is kept.
    #[error("Sustain's storage is full, so nothing was saved. What was saved before is safe. Try again later; if it goes on, tell whoever runs Sustain.")]
    StorageFull,
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

    /// 404 for an address that names nothing: no route, or an id that is not one.
    pub fn nothing_at(path: &str) -> Self {
        AppError::NotFound(format!("Nothing is at {path}"))
    }

    /// Seconds to wait before trying again, for the answers that say so.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            AppError::Busy { retry_after, .. } => Some(*retry_after),
            AppError::Unavailable => Some(UNAVAILABLE_RETRY_SECONDS),
            AppError::StorageFull => Some(STORAGE_FULL_RETRY_SECONDS),
            _ => None,
        }
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

    /// The stable, machine-readable name of the error in JSON answers.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound(_) => "not_found",
            AppError::Conflict(_) => "conflict",
            AppError::Invalid(_) => "invalid",
            AppError::BadRequest(_) => "bad_request",
            AppError::Unauthorized => "unauthorized",
            AppError::Forbidden | AppError::FormFromElsewhere => "forbidden",
            AppError::MethodNotAllowed => "method_not_allowed",
            AppError::TooLarge(_) => "too_large",
            AppError::UnsupportedMediaType(_) => "unsupported_media_type",
            AppError::TooMany(_) => "too_many_requests",
            AppError::Busy { .. } => "busy",
            AppError::Unavailable => "unavailable",
            AppError::StorageFull => "storage_full",
            AppError::Internal { .. } => "internal",
        }
    }

    /// The error for a status that arrived without one of ours (a bare 405
    /// from the router, an extractor's own error), in the product's words.
    pub fn for_status(status: StatusCode) -> Self {
        match status.as_u16() {
            401 => AppError::Unauthorized,
            403 => AppError::Forbidden,
            404 => AppError::NotFound("Nothing is at this address".into()),
            405 => AppError::MethodNotAllowed,
            413 => AppError::TooLarge("What you sent is larger than Sustain accepts.".into()),
            415 => AppError::UnsupportedMediaType("What you sent is in a format this address does not read.".into()),
            429 => AppError::TooMany("Too many requests. Wait a few minutes, then try again.".into()),
            s if s < 500 => AppError::BadRequest(UNREADABLE_REQUEST.into()),
            _ => AppError::internal(anyhow::anyhow!("a response with status {status} and no error of ours")),
        }
    }
}

/// How long a client should wait when the database does not answer: a restart takes seconds.
const UNAVAILABLE_RETRY_SECONDS: u64 = 5;
/// How long when storage is full: space is made by a person, not in seconds.
const STORAGE_FULL_RETRY_SECONDS: u64 = 300;

/// The message for a save refused because someone else saved first.
pub const CHANGED_SINCE_OPENED: &str = "Someone else changed this since you opened it. Your changes have not been saved: reload to see the latest version, then make your changes again.";

/// The message for a request that could not be read, when nothing more
/// precise can be said in our own words.
pub const UNREADABLE_REQUEST: &str = "This request could not be read. Go back and try again.";

impl From<DbError> for AppError {
    fn from(err: DbError) -> Self {
        match err {
            DbError::NotFound { entity, id } => {
                AppError::NotFound(format!("No {} with id {id}", entity.as_str().replace('_', " ")))
            }
            DbError::Conflict { .. } => AppError::Conflict(CHANGED_SINCE_OPENED.into()),
            DbError::Invalid(fields) => AppError::Invalid(fields),
            DbError::Forbidden { .. } => AppError::Forbidden,
            DbError::Database(e) => match crate::db::outage(&e) {
                Some(crate::db::Outage::Unreachable) => {
                    tracing::warn!(error = %e, "the database stopped answering");
                    AppError::Unavailable
                }
                Some(crate::db::Outage::StorageFull) => {
                    tracing::error!(error = %e, "the database's storage is full");
                    AppError::StorageFull
                }
                None => AppError::internal(e),
            },
        }
    }
}

/// No connection came within the wait: the database is stopped, restarting
/// or out of reach (a busy pool is queued before it is asked).
impl From<diesel::r2d2::PoolError> for AppError {
    fn from(err: diesel::r2d2::PoolError) -> Self {
        tracing::warn!(error = %err, "no database connection");
        AppError::Unavailable
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
            AppError::Forbidden | AppError::FormFromElsewhere => StatusCode::FORBIDDEN,
            AppError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            AppError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::TooMany(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Busy { .. } | AppError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            AppError::StorageFull => StatusCode::INSUFFICIENT_STORAGE,
            AppError::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Errors are answered as JSON, `{"error": {"code", "message"}}` with
    /// `fields` (each field's messages) for bad input and `reference` for a
    /// failure on our side; pages turn the same error into HTML in
    /// `web::errors`, which looks at the request before this is reached.
    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        let mut error = serde_json::Map::new();
        error.insert("code".into(), json!(self.code()));
        match self {
            AppError::Invalid(fields) => {
                error.insert("message".into(), json!(invalid_summary(fields)));
                error.insert("fields".into(), json!(messages_by_field(fields)));
            }
            AppError::Internal { reference, cause } => {
                tracing::error!(reference = %reference, error = %format!("{cause:#}"), "request failed");
                error.insert("message".into(), json!(self.public_message()));
                error.insert("reference".into(), json!(reference));
            }
            other => {
                error.insert("message".into(), json!(other.public_message()));
            }
        }
        let mut response = HttpResponse::build(status);
        if matches!(self, AppError::Unauthorized) {
            response.insert_header(("WWW-Authenticate", "Bearer"));
        }
        if let Some(seconds) = self.retry_after() {
            response.insert_header(("Retry-After", seconds.to_string()));
        }
        response.json(json!({ "error": error }))
    }
}

/// One sentence for a body with problems: the problem itself when there is
/// one, else how many there are.
fn invalid_summary(fields: &FieldErrors) -> String {
    let mut all = fields.iter();
    match (all.next(), all.next()) {
        (Some(only), None) => only.message.clone(),
        _ => format!("There are {} problems with what was sent: each is listed under its field", fields.iter().count()),
    }
}

/// Each field's messages, in the order found.
fn messages_by_field(fields: &FieldErrors) -> serde_json::Map<String, serde_json::Value> {
    let mut map = serde_json::Map::new();
    for e in fields.iter() {
        let entry = map.entry(e.field.clone()).or_insert_with(|| json!([]));
        if let serde_json::Value::Array(list) = entry {
            list.push(json!(e.message));
        }
    }
    map
}

/// The message for a form that could not be read.
pub const UNREADABLE_FORM: &str = "The form could not be read. Go back, reload the page and try again.";

/// A field name that a parser's message puts in backquotes after `prefix`
/// ("missing field `email`"), when it is a plain name of ours: letters,
/// digits and underscores. The parser's words themselves are never shown.
pub fn field_named_in(message: &str, prefix: &str) -> Option<String> {
    let start = message.find(&format!("{prefix} `"))? + prefix.len() + 2;
    let rest = &message[start..];
    let name = &rest[..rest.find('`')?];
    let plain = !name.is_empty()
        && name.len() <= 40
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    plain.then(|| name.to_string())
}

/// Query strings that cannot be read (a parameter given twice) are answered
/// with 400 in our words: as the error page, or as JSON under `/api`.
pub fn query_config() -> actix_web::web::QueryConfig {
    actix_web::web::QueryConfig::default().error_handler(|err, req| {
        let repeated = field_named_in(&err.to_string(), "duplicate field")
            .filter(|name| url::form_urlencoded::parse(req.query_string().as_bytes()).any(|(k, _)| k == name.as_str()));
        let message = match repeated {
            Some(name) => format!("The address could not be read: {name} is given more than once. Give it once."),
            None => "The address could not be read. Check the part after the ? and try again.".to_string(),
        };
        AppError::BadRequest(message).into()
    })
}

/// A path whose id is not an id (`/actions/abc`) names nothing: 404.
pub fn path_config() -> actix_web::web::PathConfig {
    actix_web::web::PathConfig::default().error_handler(|_err, req| AppError::nothing_at(req.path()).into())
}

/// URL-encoded forms read with `web::Form` answer in our words too
/// (state-changing forms use `auth::csrf::CheckedForm`, which does the same).
pub fn form_config(limit: usize) -> actix_web::web::FormConfig {
    actix_web::web::FormConfig::default().limit(limit).error_handler(|err, _req| {
        use actix_web::error::UrlencodedError;
        let error = match err {
            UrlencodedError::Overflow { .. } => AppError::TooLarge("The form is larger than Sustain accepts.".into()),
            UrlencodedError::ContentType => {
                AppError::UnsupportedMediaType("Send the form as application/x-www-form-urlencoded.".into())
            }
            _ => AppError::BadRequest(UNREADABLE_FORM.into()),
        };
        error.into()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_is_named_only_when_it_is_a_plain_name() {
        assert_eq!(field_named_in("missing field `email` at line 1 column 2", "missing field"), Some("email".into()));
        assert_eq!(field_named_in("duplicate field `as_at`", "duplicate field"), Some("as_at".into()));
        assert_eq!(field_named_in("missing field `<script>`", "missing field"), None);
        assert_eq!(field_named_in("invalid type: string \"hello\"", "missing field"), None);
    }

    #[actix_web::test]
    async fn bad_input_is_answered_with_each_fields_messages() {
        let mut fields = FieldErrors::one("email", "Enter your email address");
        fields.add("email", "Enter it in the correct format");
        let response = AppError::Invalid(fields).error_response();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body = actix_web::body::to_bytes(response.into_body()).await.unwrap();
        let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(body["error"]["code"], "invalid");
        assert_eq!(body["error"]["fields"]["email"].as_array().map(Vec::len), Some(2));
    }
}
