//! A per-user limit on API requests: each user (all their API tokens, and
//! their browser sessions calling the API, together) has an allowance of
//! `api_requests_per_minute` requests that refills evenly; an empty allowance
//! answers 429 with `Retry-After`. Counted per user, not per token, so that
//! minting more tokens does not raise the limit. Held in the database
//! (`db::allowances`), so it holds across every instance behind a load
//! balancer: a user alternating between instances gets one allowance, not one
//! per instance. The decision itself is `domain::allowance`.

use crate::auth::CurrentUser;
use crate::domain::allowance::Decision;
use crate::error::AppError;
use crate::state::AppState;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderValue, RETRY_AFTER};
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage, ResponseError};
use std::num::NonZeroU32;

/// Counts each signed-in request under `/api/` against its user's allowance
/// (after the access check has found the user). With the limit off (0) the
/// database is not asked at all; when it cannot keep the count, the request
/// is answered as any other then is (503, or 507 on a full disk), not let
/// through uncounted.
pub async fn per_user(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let user = req.path().starts_with("/api/").then(|| req.extensions().get::<CurrentUser>().map(|u| u.id)).flatten();
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let limited = state.and_then(|s| NonZeroU32::new(s.config.api_requests_per_minute).map(|quota| (s, quota)));
    if let (Some(user), Some((state, per_minute))) = (user, limited) {
        // By the system's clock, as sessions and sign-in throttles are (the
        // settings' `now` moves the plan's today, not security's time).
        let decision =
            state.db(move |c| Ok(crate::db::allowances::spend(c, user, crate::db::history::now(), per_minute)?)).await;
        match decision {
            Ok(Decision::Allowed { .. }) => {}
            Ok(Decision::Wait { seconds }) => return Ok(req.into_response(too_many(seconds)).map_into_right_body()),
            Err(error) => return Ok(req.error_response(error).map_into_right_body()),
        }
    }
    Ok(next.call(req).await?.map_into_left_body())
}

/// The answer to a user past their limit, with the seconds to wait.
fn too_many(wait: u64) -> actix_web::HttpResponse {
    let error = AppError::TooMany(format!(
        "Too many requests from your account (all its tokens together): wait {wait} seconds, then try again."
    ));
    let mut response = error.error_response();
    response.headers_mut().insert(RETRY_AFTER, HeaderValue::from(wait));
    response
}
