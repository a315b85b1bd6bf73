//! `/healthz`: whether the app can reach its database.

use crate::state::AppState;
use actix_web::{web, HttpResponse};
use std::time::Duration;

/// How long the check may wait for a connection: a load balancer needs an
/// answer within a second, not after the pool's usual ten-second wait.
const CONNECTION_WAIT: Duration = Duration::from_millis(800);
/// How long the whole check may take before it answers "unavailable", in case
/// the query itself hangs (the blocking thread is then left to finish alone).
const CHECK_LIMIT: Duration = Duration::from_millis(950);

/// 200 when a query succeeds, 503 otherwise, within a second either way; no
/// detail is given.
pub async fn healthz(state: web::Data<AppState>) -> HttpResponse {
    let pool = state.pool.pool().clone();
    let check = web::block(move || match pool.get_timeout(CONNECTION_WAIT) {
        Ok(mut conn) => crate::db::connection::answers(&mut conn),
        Err(_) => false,
    });
    let ok = matches!(actix_web::rt::time::timeout(CHECK_LIMIT, check).await, Ok(Ok(true)));
    if ok {
        HttpResponse::Ok().json(serde_json::json!({ "status": "ok", "database": "ok" }))
    } else {
        HttpResponse::ServiceUnavailable()
            .json(serde_json::json!({ "status": "unavailable", "database": "unreachable" }))
    }
}

/// What this instance has done, for the load benchmark and for operators:
/// statements run by its connections, and the data generation it sees.
pub async fn metrics(state: web::Data<AppState>) -> Result<HttpResponse, crate::error::AppError> {
    let statements = state.statements.total();
    let generation = state.db(|conn| Ok(crate::db::sessions::generation(conn)?)).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "statements_total": statements, "generation": generation })))
}
