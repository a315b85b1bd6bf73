//! A per-token limit on API requests: each session (an API token, or a
//! browser's session calling the API) has a bucket of
//! `api_requests_per_minute` requests that refills evenly; an empty bucket
//! answers 429 with `Retry-After`. Kept in each instance's memory: behind a
//! load balancer each instance counts its own share, which is what protects it.

use crate::auth::CurrentUser;
use crate::error::AppError;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage, ResponseError};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

/// Buckets kept before idle ones (full again) are dropped.
const BUCKETS_KEPT: usize = 10_000;

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// The buckets of one instance.
#[derive(Debug)]
pub struct RateLimiter {
    per_minute: u32,
    buckets: Mutex<HashMap<String, Bucket>>,
}

impl RateLimiter {
    /// A limit of `per_minute` requests per token; 0 is no limit.
    pub fn new(per_minute: u32) -> Self {
        Self { per_minute, buckets: Mutex::default() }
    }

    /// Takes one request from the session's bucket: `Ok`, or the whole
    /// seconds to wait before the next request is allowed.
    pub fn take(&self, session: &str, now: Instant) -> Result<(), u64> {
        if self.per_minute == 0 {
            return Ok(());
        }
        let capacity = f64::from(self.per_minute);
        let per_second = capacity / 60.0;
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() >= BUCKETS_KEPT && !buckets.contains_key(session) {
            buckets.retain(|_, b| b.tokens + now.duration_since(b.at).as_secs_f64() * per_second < capacity);
        }
        let bucket = buckets.entry(session.to_string()).or_insert(Bucket { tokens: capacity, at: now });
        let refilled = bucket.tokens + now.saturating_duration_since(bucket.at).as_secs_f64() * per_second;
        bucket.tokens = refilled.min(capacity);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - bucket.tokens) / per_second).ceil().max(1.0) as u64)
        }
    }
}

/// Counts each signed-in request under `/api/` against its session's bucket
/// (after the access check has found the user).
pub async fn per_token(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let session = req
        .path()
        .starts_with("/api/")
        .then(|| req.extensions().get::<CurrentUser>().map(|u| u.session_id.clone()))
        .flatten();
    let limiter = req.app_data::<web::Data<RateLimiter>>().cloned();
    if let (Some(session), Some(limiter)) = (session, limiter) {
        if let Err(wait) = limiter.take(&session, Instant::now()) {
            let error =
                AppError::TooMany(format!("Too many requests with this token: wait {wait} seconds, then try again."));
            let mut response = error.error_response();
            response
                .headers_mut()
                .insert(actix_web::http::header::RETRY_AFTER, actix_web::http::header::HeaderValue::from(wait));
            return Ok(req.into_response(response).map_into_right_body());
        }
    }
    Ok(next.call(req).await?.map_into_left_body())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_token_gets_its_burst_then_waits_for_the_bucket_to_refill() {
        let limiter = RateLimiter::new(60);
        let start = Instant::now();
        for _ in 0..60 {
            assert!(limiter.take("a", start).is_ok());
        }
        assert_eq!(limiter.take("a", start), Err(1), "one a second refills");
        assert!(limiter.take("b", start).is_ok(), "each token has its own bucket");
        assert!(limiter.take("a", start + Duration::from_secs(1)).is_ok());
    }

    #[test]
    fn zero_is_no_limit() {
        let limiter = RateLimiter::new(0);
        for _ in 0..10_000 {
            assert!(limiter.take("a", Instant::now()).is_ok());
        }
    }
}
