//! The one place where roles are checked: every request is matched to its
//! route in the route table and refused unless the user's role allows it.

use super::access::Access;
use super::session::authenticate;
use super::AuthState;
use crate::error::AppError;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage};

/// Authenticates the request and checks its route's rule. A route missing from
/// the table is refused, so a new route cannot be left open by mistake.
/// Refusals are answered here, as responses carrying the error, so that the
/// page-error renderer outside can turn them into pages.
pub async fn enforce_access(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    match check(&req).await {
        Ok(()) => Ok(next.call(req).await?.map_into_left_body()),
        Err(refusal) => Ok(req.error_response(refusal).map_into_right_body()),
    }
}

async fn check(req: &ServiceRequest) -> Result<(), AppError> {
    let Some(state) = req.app_data::<web::Data<AuthState>>().cloned() else {
        return Err(AppError::internal(anyhow::anyhow!("application state missing")));
    };
    let pattern = req.match_pattern();
    let access = match &pattern {
        Some(pattern) => state.access.access(req.method(), pattern),
        // Unmatched paths fall through to the 404 handler, which needs no user.
        None => Some(Access::Public),
    };
    // Public routes (assets, health, sign-in) need no user, so no database read.
    if access == Some(Access::Public) {
        return Ok(());
    }
    let found = authenticate(req.request()).await?;
    let user = found.map(|(user, generation)| {
        req.extensions_mut().insert(user.clone());
        req.extensions_mut().insert(generation);
        user
    });
    match access {
        Some(Access::Public) => {}
        Some(Access::SignedIn(role)) => match &user {
            None => return Err(AppError::Unauthorized),
            Some(user) if !user.may(role) => return Err(AppError::Forbidden),
            Some(_) => {}
        },
        None => {
            tracing::error!(pattern = ?pattern, method = %req.method(), "route has no access rule");
            return Err(AppError::Forbidden);
        }
    }
    Ok(())
}
