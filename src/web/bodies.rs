//! Every request body is bounded by its route before it is read: signing in
//! reads a few KB, a form or a JSON body a few hundred, an upload or an
//! import its configured limit. A body that says its length (`Content-Length`)
//! and is too long is refused with 413 without reading a byte of it; one that
//! does not (chunked) is cut off, and refused, as soon as it passes the limit.
//! Without this, every route read up to the upload limit (100 MB), so anyone,
//! without signing in, could hold that much memory per connection.

use super::results::IMPORT_LIMIT;
use crate::config::Config;
use crate::domain::upload::human_size;
use crate::error::AppError;
use crate::state::AppState;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::http::{header::CONTENT_LENGTH, Method};
use actix_web::middleware::Next;
use actix_web::web::{self, Bytes};
use actix_web::HttpMessage;
use futures_util::Stream;
use std::pin::Pin;
use std::task::{Context, Poll};

/// What a route reads, which decides its limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// An email and a password.
    SignIn,
    /// A URL-encoded form, or any body a route does not expect.
    Form,
    /// A JSON body of the API.
    Json,
    /// Evidence files (multipart).
    Files,
    /// A spreadsheet to import (multipart).
    Spreadsheet,
    /// Files of published figures (multipart).
    Figures,
    /// A measure's results pasted or as a CSV file, and its confirmation.
    ResultsCsv,
}

/// The kind of body the route matched by `method` and `pattern` reads.
pub fn kind_of(method: &Method, pattern: Option<&str>) -> BodyKind {
    let Some(pattern) = pattern else { return BodyKind::Form };
    if method != Method::POST && method != Method::PUT {
        return BodyKind::Form;
    }
    match pattern {
        "/sign-in" | "/api/v1/tokens" => BodyKind::SignIn,
        "/evidence" | "/evidence/{id}/files" | "/api/v1/evidence/{id}/attachments" => BodyKind::Files,
        "/plan/import" | "/results/import" => BodyKind::Spreadsheet,
        "/figures/import" => BodyKind::Figures,
        "/measures/{id}/results/import" | "/measures/{id}/results/import/confirm" => BodyKind::ResultsCsv,
        api if api.starts_with("/api/") => BodyKind::Json,
        _ => BodyKind::Form,
    }
}

/// Room for a multipart form's own fields and boundaries beside its files.
const FORM_ROOM: usize = 1024 * 1024;

/// The largest body of a kind, in bytes, and what a person is told past it.
pub fn limit(config: &Config, kind: BodyKind) -> (usize, String) {
    let b = config.bodies;
    match kind {
        BodyKind::SignIn => {
            (b.sign_in_bytes, format!("A sign-in must be smaller than {}.", human_size(b.sign_in_bytes)))
        }
        BodyKind::Form => (
            b.form_bytes,
            format!(
                "The form must be smaller than {}: shorten the longest text and try again.",
                human_size(b.form_bytes)
            ),
        ),
        BodyKind::Json => (b.json_bytes, format!("The body must be smaller than {}.", human_size(b.json_bytes))),
        BodyKind::Files => (
            config.upload_total_limit_bytes + FORM_ROOM,
            format!(
                "The selected files must be smaller than {} in total, and each smaller than {}.",
                human_size(config.upload_total_limit_bytes),
                human_size(config.upload_limit_bytes)
            ),
        ),
        BodyKind::Spreadsheet => (
            config.spreadsheets.max_bytes + FORM_ROOM,
            format!("The spreadsheet must be smaller than {}.", human_size(config.spreadsheets.max_bytes)),
        ),
        BodyKind::Figures => (
            config.upload_total_limit_bytes + FORM_ROOM,
            format!(
                "The selected files must be smaller than {} in total, and each smaller than {}.",
                human_size(config.upload_total_limit_bytes),
                human_size(config.spreadsheets.max_bytes)
            ),
        ),
        // Sent back for confirmation as a URL-encoded form: up to three bytes a byte.
        BodyKind::ResultsCsv => {
            (3 * IMPORT_LIMIT + FORM_ROOM, format!("The results must be smaller than {}.", human_size(IMPORT_LIMIT)))
        }
    }
}

/// Refuses a body its route does not take, before the handler reads it.
pub async fn bounded(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return Ok(req.error_response(AppError::unexpected("application state missing".into())).map_into_right_body());
    };
    let kind = kind_of(req.method(), req.match_pattern().as_deref());
    let (most, message) = limit(&state.config, kind);
    let declared =
        req.headers().get(CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|length| length > most as u64) {
        return Ok(req.error_response(AppError::TooLarge(message)).map_into_right_body());
    }
    let inner = req.take_payload();
    req.set_payload(Payload::Stream { payload: Box::pin(Limited { inner, left: most, message: Some(message) }) });
    Ok(next.call(req).await?.map_into_left_body())
}

/// A body that ends with an error once it passes its limit; the extractors
/// reading it answer 413 (`PayloadError::Overflow`).
struct Limited {
    inner: Payload,
    left: usize,
    message: Option<String>,
}

impl Stream for Limited {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.message.is_none() {
            return Poll::Ready(None);
        }
        match Pin::new(&mut self.inner).poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) if chunk.len() > self.left => {
                if let Some(message) = self.message.take() {
                    tracing::info!(reason = %message, "a body past its route's limit was cut off");
                }
                Poll::Ready(Some(Err(PayloadError::Overflow)))
            }
            Poll::Ready(Some(Ok(chunk))) => {
                self.left -= chunk.len();
                Poll::Ready(Some(Ok(chunk)))
            }
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_route_reads_the_body_it_needs_and_no_more() {
        let config = Config::default();
        let post = |pattern: &str| kind_of(&Method::POST, Some(pattern));
        assert_eq!(post("/sign-in"), BodyKind::SignIn);
        assert_eq!(post("/api/v1/tokens"), BodyKind::SignIn);
        assert_eq!(post("/actions/{id}"), BodyKind::Form);
        assert_eq!(kind_of(&Method::PUT, Some("/api/v1/actions/{id}")), BodyKind::Json);
        assert_eq!(post("/evidence/{id}/files"), BodyKind::Files);
        assert_eq!(post("/plan/import"), BodyKind::Spreadsheet);
        assert_eq!(post("/figures/import"), BodyKind::Figures);
        assert_eq!(kind_of(&Method::GET, Some("/evidence")), BodyKind::Form, "a page takes no upload");
        assert_eq!(kind_of(&Method::POST, None), BodyKind::Form, "nor does an address with no route");
        assert_eq!(limit(&config, BodyKind::SignIn).0, 16 * 1024);
        assert!(limit(&config, BodyKind::Files).0 > config.upload_total_limit_bytes);
        assert!(limit(&config, BodyKind::Form).1.contains("256 KB"));
    }
}
