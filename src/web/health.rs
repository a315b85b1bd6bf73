//! `/healthz`: whether the app can reach its database.

use crate::app::AppState;
use actix_web::{web, HttpResponse};
use diesel::connection::SimpleConnection;

/// 200 when a query succeeds, 503 otherwise; no detail is given either way.
pub async fn healthz(state: web::Data<AppState>) -> HttpResponse {
    let ok = state.db(|conn| conn.batch_execute("SELECT 1").map_err(crate::error::AppError::internal)).await.is_ok();
    if ok {
        HttpResponse::Ok().json(serde_json::json!({ "status": "ok", "database": "ok" }))
    } else {
        HttpResponse::ServiceUnavailable()
            .json(serde_json::json!({ "status": "unavailable", "database": "unreachable" }))
    }
}
