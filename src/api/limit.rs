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
use governor::clock::{Clock, DefaultClock};
use governor::middleware::NoOpMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::Quota;
use std::num::NonZeroU32;

/// Users remembered before those whose buckets are full again are forgotten.
const BUCKETS_KEPT: usize = 10_000;

type Buckets<C> =
    governor::RateLimiter<UserId, DefaultKeyedStateStore<UserId>, C, NoOpMiddleware<<C as Clock>::Instant>>;

/// The buckets of one instance (governor's keyed limiter: a cell-rate
/// algorithm per user, whose state is one timestamp).
#[derive(Debug)]
pub struct RateLimiter<C: Clock = DefaultClock> {
    buckets: Option<Buckets<C>>,
    clock: C,
}

impl RateLimiter {
    /// A limit of `per_minute` requests per user; 0 is no limit.
    pub fn new(per_minute: u32) -> Self {
        Self::with_clock(per_minute, DefaultClock::default())
    }
}

impl<C: Clock + Clone> RateLimiter<C> {
    /// As `new`, on the given clock.
    pub fn with_clock(per_minute: u32, clock: C) -> Self {
        let buckets = NonZeroU32::new(per_minute)
            .map(|n| governor::RateLimiter::dashmap_with_clock(Quota::per_minute(n), clock.clone()));
        Self { buckets, clock }
    }

    /// Takes one request from the user's bucket: `Ok`, or the whole seconds
    /// to wait before the next request is allowed.
    pub fn take(&self, user: UserId) -> Result<(), u64> {
        let Some(buckets) = &self.buckets else { return Ok(()) };
        if buckets.len() >= BUCKETS_KEPT {
            buckets.retain_recent();
        }
        buckets.check_key(&user).map_err(|not_until| {
            let wait = not_until.wait_time_from(self.clock.now());
            wait.as_millis().div_ceil(1000).max(1) as u64
        })
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
        if let Err(wait) = limiter.take(user) {
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
    use governor::clock::FakeRelativeClock;
    use std::time::Duration;

    #[test]
    fn a_user_gets_their_burst_then_waits_for_the_bucket_to_refill() {
        let clock = FakeRelativeClock::default();
        let limiter = RateLimiter::with_clock(60, clock.clone());
        for _ in 0..60 {
            assert!(limiter.take(UserId(1)).is_ok());
        }
        assert_eq!(limiter.take(UserId(1)), Err(1), "one a second refills");
        assert!(limiter.take(UserId(2)).is_ok(), "each user has their own bucket");
        clock.advance(Duration::from_secs(1));
        assert!(limiter.take(UserId(1)).is_ok());
        assert_eq!(limiter.take(UserId(1)), Err(1));
    }

    #[test]
    fn zero_is_no_limit() {
        let limiter = RateLimiter::new(0);
        for _ in 0..10_000 {
            assert!(limiter.take(UserId(1)).is_ok());
        }
    }
}
