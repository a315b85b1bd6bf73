//! A per-user limit on API requests: each user (all their API tokens, and
//! their browser sessions calling the API, together) has a bucket of
//! `api_requests_per_minute` requests that refills evenly; an empty bucket
//! answers 429 with `Retry-After`. Counted per user, not per token, so that
//! minting more tokens does not raise the limit. Kept in each instance's
//! memory: behind a load balancer each instance counts its own share, which is
//! what protects it.

use crate::auth::CurrentUser;
use crate::domain::ids::UserId;
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
    buckets: Mutex<HashMap<UserId, Bucket>>,
}

impl RateLimiter {
    /// A limit of `per_minute` requests per user; 0 is no limit.
    pub fn new(per_minute: u32) -> Self {
        Self { per_minute, buckets: Mutex::default() }
    }

    /// Takes one request from the user's bucket: `Ok`, or the whole seconds
    /// to wait before the next request is allowed.
    pub fn take(&self, user: UserId, now: Instant) -> Result<(), u64> {
        if self.per_minute == 0 {
            return Ok(());
        }
        let capacity = f64::from(self.per_minute);
        let per_second = capacity / 60.0;
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() >= BUCKETS_KEPT && !buckets.contains_key(&user) {
            buckets.retain(|_, b| b.tokens + now.duration_since(b.at).as_secs_f64() * per_second < capacity);
        }
        let bucket = buckets.entry(user).or_insert(Bucket { tokens: capacity, at: now });
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

/// Counts each signed-in request under `/api/` against its user's bucket
/// (after the access check has found the user).
pub async fn per_user(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let user = req.path().starts_with("/api/").then(|| req.extensions().get::<CurrentUser>().map(|u| u.id)).flatten();
    let limiter = req.app_data::<web::Data<RateLimiter>>().cloned();
    if let (Some(user), Some(limiter)) = (user, limiter) {
        if let Err(wait) = limiter.take(user, Instant::now()) {
            let error = AppError::TooMany(format!(
                "Too many requests from your account (all its tokens together): wait {wait} seconds, then try again."
            ));
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
    fn a_user_gets_their_burst_then_waits_for_the_bucket_to_refill() {
        let limiter = RateLimiter::new(60);
        let start = Instant::now();
        for _ in 0..60 {
            assert!(limiter.take(UserId(1), start).is_ok());
        }
        assert_eq!(limiter.take(UserId(1), start), Err(1), "one a second refills");
        assert!(limiter.take(UserId(2), start).is_ok(), "each user has their own bucket");
        assert!(limiter.take(UserId(1), start + Duration::from_secs(1)).is_ok());
    }

    #[test]
    fn zero_is_no_limit() {
        let limiter = RateLimiter::new(0);
        for _ in 0..10_000 {
            assert!(limiter.take(UserId(1), Instant::now()).is_ok());
        }
    }
}
