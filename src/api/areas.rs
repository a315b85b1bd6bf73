//! `GET /api/v1/areas`: practice areas with their verdicts, as at a date.

use crate::auth::session::Generation;
use crate::domain::dates::AsAt;
use crate::error::AppError;
use crate::read::overview;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use serde_json::json;

/// `?as_at=YYYY-MM-DD`.
#[derive(Debug, Deserialize)]
pub struct AsAtQuery {
    pub as_at: Option<String>,
}

/// Every live area with its verdict and reasons.
pub async fn list(
    state: web::Data<AppState>,
    generation: Generation,
    query: web::Query<AsAtQuery>,
) -> Result<HttpResponse, AppError> {
    let as_at = AsAt::parse(query.as_at.as_deref(), chrono::Utc::now().date_naive()).map_err(AppError::Invalid)?.date();
    let snapshot = state.plan(generation).await?;
    let data = overview::build(&snapshot, as_at);
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
