//! `GET /api/v1/areas`: practice areas with their verdicts, as at a date.

use crate::app::AppState;
use crate::error::AppError;
use crate::reports::overview;
use crate::web::areas::{as_at_from, AsAtQuery};
use actix_web::{web, HttpResponse};
use serde_json::json;

/// Every live area with its verdict and reasons.
pub async fn list(state: web::Data<AppState>, query: web::Query<AsAtQuery>) -> Result<HttpResponse, AppError> {
    let as_at = as_at_from(query.as_at.as_deref())?;
    let rules = state.config.rules.clone();
    let data = state.db(move |conn| Ok(overview::load(conn, &rules, as_at)?)).await?;
    let areas: Vec<_> = data
        .areas
        .iter()
        .map(|a| {
            json!({
                "id": a.area.id,
                "name": a.area.name,
                "description": a.area.description,
                "lead": a.lead,
                "status": a.verdict.status,
                "verdict": a.verdict,
            })
        })
        .collect();
    Ok(HttpResponse::Ok().json(json!({ "as_at": as_at, "areas": areas })))
}
