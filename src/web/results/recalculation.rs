//! Recalculation points: the days a measure's process limits restart, each with its reason.

use super::live_measure;
use crate::auth::csrf::CheckedForm;
use crate::db::measures;
use crate::db::DbError;
use crate::domain::drafts::evidence::RecalculationDraft;
use crate::domain::fields::FieldErrors;
use crate::domain::ids::MeasureId;
use crate::domain::valid;
use crate::error::AppError;
use crate::state::AppState;
use crate::views::components::date;
use crate::views::results::{recalculation_form, RecalculationValues};
use crate::web::forms::{optional_date, FormSource, RawForm};
use crate::web::html;
use crate::web::page::{context, saved, Page};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};

/// The form to add a recalculation point.
pub async fn recalculation_new(
    state: web::Data<AppState>,
    page: Page,
    path: web::Path<MeasureId>,
) -> Result<HttpResponse, AppError> {
    let measure = live_measure(&state, path.into_inner()).await?;
    Ok(html(
        StatusCode::OK,
        recalculation_form(&measure, &RecalculationValues::default(), &FieldErrors::new(), &page.chrome("/measures")),
    ))
}

/// Adds a recalculation point with its reason.
pub async fn recalculation_create(
    state: web::Data<AppState>,
    page: Page,
    path: web::Path<MeasureId>,
    CheckedForm(raw): CheckedForm<RawForm>,
) -> Result<HttpResponse, AppError> {
    let measure = live_measure(&state, path.into_inner()).await?;
    let values = RecalculationValues { starts_on: raw.date("starts_on"), reason: raw.text("reason") };
    let mut errors = FieldErrors::new();
    let starts_on = optional_date(&mut errors, "starts_on", "Date the limits restart", &values.starts_on);
    let ctx = context(&state);
    let draft = RecalculationDraft { measure_id: measure.id, starts_on, reason: values.reason.clone() };
    let invalid = |errors: &FieldErrors| {
        html(StatusCode::UNPROCESSABLE_ENTITY, recalculation_form(&measure, &values, errors, &page.chrome("/measures")))
    };
    let input = match valid::parse(errors, draft, &ctx) {
        Ok(input) => input,
        Err(errors) => return Ok(invalid(&errors)),
    };
    let actor = page.actor();
    let outcome = state
        .db(move |conn| match measures::add_recalculation(conn, &actor, &input) {
            Ok(row) => Ok(Ok(row)),
            Err(DbError::Invalid(errors)) => Ok(Err(errors)),
            Err(e) => Err(e.into()),
        })
        .await?;
    match outcome {
        Ok(row) => {
            Ok(saved(format!("/measures/{}", measure.id), format!("Limits will restart from {}", date(row.starts_on))))
        }
        Err(errors) => Ok(invalid(&errors)),
    }
}
