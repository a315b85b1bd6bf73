//! The council's details (admins): read from the cached plan, changed at
//! the version the form was read at, each change in history.

use super::forms::{stale_edit, version, FormSource, RawForm};
use super::html;
use super::page::{context, saved, Page};
use crate::auth::csrf::CheckedForm;
use crate::auth::session::Generation;
use crate::db::council::{self, CouncilRow};
use crate::db::DbError;
use crate::domain::council::CouncilInput;
use crate::domain::fields::FieldErrors;
use crate::domain::valid::finish;
use crate::error::AppError;
use crate::state::AppState;
use crate::views::council::{council_page, CouncilValues};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};

const NAV: &str = "/council";

fn values_of(row: &CouncilRow) -> CouncilValues {
    CouncilValues {
        name: row.name.clone(),
        la_number: row.la_number.clone().unwrap_or_default(),
        colour: row.colour.clone(),
        sign_off: if row.sign_off { "yes" } else { "no" }.into(),
    }
}

async fn stored(state: &AppState, generation: Generation) -> Result<CouncilRow, AppError> {
    let snapshot = state.plan(generation).await?;
    match &snapshot.plan.council {
        Some(row) => Ok(row.clone()),
        None => Err(AppError::NotFound("The council's details have not been written yet: restart Sustain".into())),
    }
}

/// The form, filled with the details as they are.
pub async fn show(state: web::Data<AppState>, page: Page, generation: Generation) -> Result<HttpResponse, AppError> {
    let row = stored(&state, generation).await?;
    let markup =
        council_page(&values_of(&row), &row.version.to_string(), (&FieldErrors::new(), None), &page.chrome(NAV));
    Ok(html(StatusCode::OK, markup))
}

/// Saves the details; a problem re-shows the form as typed, a stale edit
/// shows the other person's values beside yours.
pub async fn update(
    state: web::Data<AppState>,
    page: Page,
    CheckedForm(raw): CheckedForm<RawForm>,
) -> Result<HttpResponse, AppError> {
    let values = CouncilValues {
        name: raw.text("name"),
        la_number: raw.text("la_number"),
        colour: raw.text("colour"),
        sign_off: raw.text("sign_off"),
    };
    let typed_version = raw.text("version");
    let input = CouncilInput {
        name: values.name.clone(),
        la_number: Some(values.la_number.clone()),
        colour: values.colour.clone(),
        sign_off: match values.sign_off.as_str() {
            "yes" => true,
            "no" => false,
            // The form always sends the setting; a client that leaves it out keeps it as it is.
            _ => state.db(|conn| Ok(council::find(conn)?)).await?.is_none_or(|row| row.sign_off),
        },
    };
    let mut errors = FieldErrors::new();
    if !matches!(values.sign_off.as_str(), "yes" | "no" | "") {
        errors.add("sign_off", "Choose whether completed actions need a leader's sign-off");
    }
    let checked = finish(errors, input, &context(&state));
    let (expected, input) = match FieldErrors::both(version(&typed_version), checked) {
        Ok(both) => both,
        Err(errors) => {
            let markup = council_page(&values, &typed_version, (&errors, None), &page.chrome(NAV));
            return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, markup));
        }
    };
    let actor = page.actor();
    let outcome = state
        .db(move |conn| match council::update(conn, &actor, expected, &input) {
            Ok(row) => Ok(Ok(row)),
            Err(DbError::Conflict { .. }) => Ok(Err(council::find(conn)?)),
            Err(e) => Err(e.into()),
        })
        .await?;
    match outcome {
        Ok(row) => Ok(saved(NAV, format!("Council details saved: {}", row.name))),
        Err(Some(current)) => {
            let theirs = values_of(&current);
            let stale = stale_edit(&theirs, &values);
            let markup = council_page(
                &values,
                &current.version.to_string(),
                (&FieldErrors::new(), Some(&stale)),
                &page.chrome(NAV),
            );
            Ok(html(StatusCode::CONFLICT, markup))
        }
        Err(None) => Err(AppError::NotFound("The council's details have not been written yet: restart Sustain".into())),
    }
}
