//! The JSON API under `/api/v1`, behind the same access check as the pages.

pub mod areas;
pub mod tokens;

use crate::error::AppError;
use actix_web::web;

/// JSON bodies that cannot be read are answered with 422 naming the problem,
/// never with a parser's internals.
pub fn json_config() -> web::JsonConfig {
    web::JsonConfig::default().limit(1024 * 1024).error_handler(|err, _req| {
        let message = match &err {
            actix_web::error::JsonPayloadError::Deserialize(e) => {
                let field = e.to_string();
                crate::domain::fields::FieldErrors::one("body", format!("The JSON body could not be read: {field}"))
            }
            actix_web::error::JsonPayloadError::ContentType => {
                crate::domain::fields::FieldErrors::one("body", "Send the body as application/json")
            }
            _ => crate::domain::fields::FieldErrors::one("body", "The JSON body could not be read"),
        };
        AppError::Invalid(message).into()
    })
}
