//! The practice-area overview: each area with its status, findings and actions.

use super::chrome;
use crate::app::AppState;
use crate::auth::csrf::CsrfToken;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::reports::overview;
use crate::views::areas::overview_page;
use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct AsAtQuery {
    pub as_at: Option<String>,
}

/// Reads `?as_at=YYYY-MM-DD`, defaulting to today.
pub fn as_at_from(raw: Option<&str>) -> Result<NaiveDate, AppError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(chrono::Utc::now().date_naive()),
        Some(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
            AppError::Invalid(crate::domain::fields::FieldErrors::one(
                "as_at",
                "Enter the date as a real date in the form 2025-03-31",
            ))
        }),
    }
}

/// Every practice area with its verdict, findings and actions.
pub async fn overview(
    state: web::Data<AppState>,
    user: CurrentUser,
    csrf: CsrfToken,
    query: web::Query<AsAtQuery>,
) -> Result<HttpResponse, AppError> {
    let as_at = as_at_from(query.as_at.as_deref())?;
    let rules = state.config.rules.clone();
    let data = state.db(move |conn| Ok(overview::load(conn, &rules, as_at)?)).await?;
    let page = overview_page(&data, &chrome(&user, &csrf, "/"));
    Ok(HttpResponse::Ok().content_type("text/html; charset=utf-8").body(page.into_string()))
}
