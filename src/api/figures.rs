//! How we compare, for tools: a council's published figures beside its
//! statistical neighbours, its region and England, as the pages show them.
//! The council is the one `la` names, else the number in council details.

use super::answers::{FigureCouncils, Figures, IndicatorYears};
use super::body::{Body, Field, Ty};
use super::records::QueryPairs;
use crate::auth::session::Generation;
use crate::domain::fields::FieldErrors;
use crate::error::AppError;
use crate::read::figures::{Chosen, CouncilFigures};
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use std::sync::Arc;

/// The council asked for.
pub const LA: Field = Field::optional(
    "la",
    Ty::Text,
    "The council's DfE local authority number, 3 digits, like 866 (default the number in council details); `GET /api/v1/figures/councils` lists them",
);

/// The council `la` names, else the one council details name: a request with
/// neither cannot be answered, and a number the files do not name is not found.
async fn council(
    state: &AppState,
    generation: Generation,
    pairs: &[(String, String)],
) -> Result<Arc<CouncilFigures>, AppError> {
    let query = Body::query(pairs, &[LA])?;
    if !query.errors.is_empty() {
        return Err(AppError::Invalid(query.errors));
    }
    match state.chosen_figures(generation, query.opt_text("la").as_deref()).await? {
        Chosen::Council { figures, .. } => Ok(figures),
        Chosen::NotSet => Err(AppError::Invalid(FieldErrors::one(
            "la",
            "Council details give no local authority number: give la, like 866",
        ))),
        Chosen::Unknown { code, .. } => {
            Err(AppError::NotFound(format!("The published files name no council with local authority number {code}")))
        }
    }
}

/// `GET /api/v1/figures`: every indicator's latest year for the council, with its trend.
pub async fn list(
    state: web::Data<AppState>,
    generation: Generation,
    pairs: QueryPairs,
) -> Result<HttpResponse, AppError> {
    let figures = council(&state, generation, &pairs).await?;
    Ok(HttpResponse::Ok().json(Figures::from(figures.as_ref())))
}

/// `GET /api/v1/figures/{id}`: one indicator for the council, every year.
pub async fn one(
    state: web::Data<AppState>,
    generation: Generation,
    path: web::Path<i64>,
    pairs: QueryPairs,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let figures = council(&state, generation, &pairs).await?;
    let indicator =
        figures.indicator(id).ok_or_else(|| AppError::NotFound(format!("No published indicator with id {id}")))?;
    Ok(HttpResponse::Ok().json(IndicatorYears::of(&figures, indicator)))
}

/// `GET /api/v1/figures/councils`: every council with published figures, by name.
pub async fn councils(state: web::Data<AppState>, generation: Generation) -> Result<HttpResponse, AppError> {
    let councils = state.figure_councils(generation).await?;
    Ok(HttpResponse::Ok().json(FigureCouncils { councils: councils.iter().map(Into::into).collect() }))
}
