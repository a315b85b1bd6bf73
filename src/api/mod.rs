//! The JSON API under `/api/v1`, behind the same access check as the pages.
//! Its routes, and what its OpenAPI document says of each, are rows of the
//! route table (`routes::api`); it uses nothing of the pages (`web`).

pub mod actions;
pub mod answers;
pub mod body;
pub mod evidence;
pub mod figures;
pub mod history;
pub mod limit;
pub mod measures;
pub mod openapi;
pub mod operation;
pub mod plan;
pub mod records;
pub mod requests;
pub mod reviews;
pub mod tokens;
pub mod users;
pub mod verdicts;

use crate::domain::fields::FieldErrors;
use crate::error::{field_named_in, AppError};
use actix_web::error::JsonPayloadError;
use actix_web::web;

/// What a body that is JSON but not the expected object is told.
pub const BODY_SHAPE: &str = "The body must be a JSON object with the fields described in the API documentation";

/// JSON bodies that cannot be read are answered in the API's error shape and
/// in our words: a field is named when the parser says which one is missing
/// or unknown, and the parser's own text is never passed on.
/// `limit` is the largest body read (`[bodies] json_bytes`).
pub fn json_config(limit: usize) -> web::JsonConfig {
    web::JsonConfig::default().limit(limit).error_handler(move |err, _req| unreadable_json(&err, limit).into())
}

fn unreadable_json(err: &JsonPayloadError, limit: usize) -> AppError {
    match err {
        // 1e999 is JSON, but no number can hold it: a value out of every range, not a syntax error.
        JsonPayloadError::Deserialize(e) if e.is_syntax() && e.to_string().starts_with("number out of range") => {
            AppError::Invalid(FieldErrors::one(
                "body",
                format!(
                    "The number at line {}, column {} is too large to read: each field's range is in the API documentation",
                    e.line(),
                    e.column()
                ),
            ))
        }
        JsonPayloadError::Deserialize(e) if e.is_syntax() || e.is_eof() => {
            AppError::BadRequest("The body is not valid JSON".into())
        }
        JsonPayloadError::Deserialize(e) => {
            let text = e.to_string();
            let fields = if let Some(name) = field_named_in(&text, "missing field") {
                FieldErrors::one(&name, format!("Enter {name}"))
            } else if let Some(name) = field_named_in(&text, "unknown field") {
                FieldErrors::one(&name, format!("{name} is not a field of this request: remove it"))
            } else {
                FieldErrors::one("body", BODY_SHAPE)
            };
            AppError::Invalid(fields)
        }
        JsonPayloadError::ContentType => AppError::UnsupportedMediaType(
            "Send the body as JSON, with the header Content-Type: application/json".into(),
        ),
        JsonPayloadError::Overflow { .. }
        | JsonPayloadError::OverflowKnownLength { .. }
        | JsonPayloadError::Payload(actix_web::error::PayloadError::Overflow) => {
            AppError::TooLarge(format!("The body must be smaller than {}.", crate::domain::upload::human_size(limit)))
        }
        _ => AppError::BadRequest("The body could not be read".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_for(body: &str) -> AppError {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Request {
            email: String,
        }
        let e = serde_json::from_str::<Request>(body).unwrap_err();
        unreadable_json(&JsonPayloadError::Deserialize(e), 1024)
    }

    #[test]
    fn unreadable_bodies_are_described_in_our_words() {
        assert!(matches!(error_for("{"), AppError::BadRequest(_)));
        match error_for("\"hello\"") {
            AppError::Invalid(fields) => assert_eq!(fields.for_field("body"), Some(BODY_SHAPE)),
            other => panic!("{other:?}"),
        }
        match error_for("{}") {
            AppError::Invalid(fields) => assert_eq!(fields.for_field("email"), Some("Enter email")),
            other => panic!("{other:?}"),
        }
        match error_for(r#"{"email": "a", "extra": 1}"#) {
            AppError::Invalid(fields) => assert!(fields.for_field("extra").is_some()),
            other => panic!("{other:?}"),
        }
        let as_value = |body: &str| {
            let e = serde_json::from_str::<serde_json::Value>(body).unwrap_err();
            unreadable_json(&JsonPayloadError::Deserialize(e), 1024)
        };
        match as_value(r#"{"value": 1e999}"#) {
            AppError::Invalid(fields) => assert!(fields.for_field("body").is_some_and(|m| m.contains("column 15"))),
            other => panic!("{other:?}"),
        }
        assert!(matches!(as_value(r#"{"value": NaN}"#), AppError::BadRequest(_)), "NaN is not JSON");
    }
}
