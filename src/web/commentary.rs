//! The leaders' commentary for a report date (leaders): the form, filled with
//! what is written for the date, and its save, each changed text at the
//! version it was read at.

use super::forms::{FormSource, RawForm};
use super::html;
use super::page::{context, saved, Page};
use crate::auth::csrf::CheckedForm;
use crate::auth::session::Generation;
use crate::db::commentary::{self, CommentaryRow, ReadAt};
use crate::db::DbError;
use crate::domain::commentary::{area_field, CommentaryInput};
use crate::domain::dates::AsAt;
use crate::domain::fields::FieldErrors;
use crate::domain::valid::finish;
use crate::error::AppError;
use crate::read::areas::area_lines;
use crate::state::AppState;
use crate::views::commentary::{commentary_page, AreaWords, CommentaryForm};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use chrono::NaiveDate;

const NAV: &str = "/reports/progress";

/// The report date and the earlier one to go back to, from the address or the form.
fn dates(
    as_at: Option<&str>,
    since: Option<&str>,
    today: NaiveDate,
) -> Result<(NaiveDate, Option<NaiveDate>), AppError> {
    let as_at = AsAt::parse(as_at, today).map_err(AppError::Invalid)?.date();
    let since = match since.filter(|s| !s.trim().is_empty()) {
        Some(raw) => {
            Some(AsAt::parse_named(Some(raw), today, ("since", "The earlier date")).map_err(AppError::Invalid)?.date())
        }
        None => None,
    };
    Ok((as_at, since))
}

/// The form with every live area (in the report's order), filled from `rows`
/// where `typed` gives nothing.
async fn form_for(
    state: &AppState,
    generation: Generation,
    (as_at, since): (NaiveDate, Option<NaiveDate>),
    rows: &[CommentaryRow],
) -> Result<CommentaryForm, AppError> {
    let snapshot = state.plan(generation).await?;
    let stored = |area| rows.iter().find(|r| r.practice_area_id == area);
    let words = |area| stored(area).map(|r| (r.text.clone(), r.version.to_string())).unwrap_or_default();
    let (overall, overall_version) = words(None);
    let areas = area_lines(&snapshot, as_at)
        .into_iter()
        .map(|line| {
            let (text, version) = words(Some(line.id));
            AreaWords { id: line.id, name: line.name, status: line.status, text, version, theirs: None }
        })
        .collect();
    Ok(CommentaryForm { as_at, since, overall, overall_version, overall_theirs: None, areas, stale: false })
}

/// `GET /reports/progress/commentary?as_at=`: the form.
pub async fn show(state: web::Data<AppState>, page: Page, generation: Generation) -> Result<HttpResponse, AppError> {
    let (as_at, since) = dates(page.single("as_at")?, page.single("since")?, page.today)?;
    let rows = state.db(move |conn| Ok(commentary::for_date(conn, as_at)?)).await?;
    let form = form_for(&state, generation, (as_at, since), &rows).await?;
    Ok(html(StatusCode::OK, commentary_page(&form, &FieldErrors::new(), &page.chrome(NAV))))
}

/// The versions the form was read at: blank for words not written then.
fn read_at(raw: &RawForm, form: &CommentaryForm) -> Result<ReadAt, AppError> {
    let version = |field: &str| -> Result<Option<i32>, AppError> {
        let typed = raw.text(&format!("version_{field}"));
        match typed.trim() {
            "" => Ok(None),
            v => v.parse().map(Some).map_err(|_| {
                AppError::Invalid(FieldErrors::one(
                    field,
                    "The form is missing its version: reload the page and try again",
                ))
            }),
        }
    };
    let mut read = vec![(None, version("overall")?)];
    for area in form.areas.iter().filter(|a| raw.has(&area_field(a.id))) {
        read.push((Some(area.id), version(&area_field(area.id))?));
    }
    Ok(read)
}

/// `POST /reports/progress/commentary`: saves the date's words; a problem
/// re-shows the form as typed; someone else's save since shows their words
/// beside yours.
pub async fn save(
    state: web::Data<AppState>,
    page: Page,
    generation: Generation,
    CheckedForm(raw): CheckedForm<RawForm>,
) -> Result<HttpResponse, AppError> {
    let dated = dates(Some(&raw.text("as_at")), Some(&raw.text("since")), page.today)?;
    let as_at = dated.0;
    let mut form = form_for(&state, generation, dated, &[]).await?;
    form.overall = raw.text("overall");
    for area in &mut form.areas {
        area.text = raw.text(&area_field(area.id));
        area.version = raw.text(&format!("version_{}", area_field(area.id)));
    }
    form.overall_version = raw.text("version_overall");
    let read = read_at(&raw, &form)?;
    // An area whose box was not sent is left as it is (a form read before the area was added).
    let input = CommentaryInput {
        overall: form.overall.clone(),
        areas: form.areas.iter().filter(|a| raw.has(&area_field(a.id))).map(|a| (a.id, a.text.clone())).collect(),
    };
    let input = match finish(FieldErrors::new(), input, &context(&state)) {
        Ok(valid) => valid,
        Err(errors) => {
            let markup = commentary_page(&form, &errors, &page.chrome(NAV));
            return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, markup));
        }
    };
    let actor = page.actor();
    let outcome = state
        .db(move |conn| match commentary::save(conn, &actor, as_at, &input, &read) {
            Ok(()) => Ok(None),
            Err(DbError::Conflict { .. }) => Ok(Some(commentary::for_date(conn, as_at)?)),
            Err(e) => Err(e.into()),
        })
        .await?;
    let Some(rows) = outcome else {
        return Ok(saved(
            form.back(),
            format!("Leaders' commentary saved for {}", crate::domain::dates::long_date(as_at)),
        ));
    };
    // Stale: keep what was typed, read at the versions now saved, with their words shown where they differ.
    let now = |area| rows.iter().find(|r| r.practice_area_id == area);
    let differs = |area, typed: &str| now(area).filter(|r| r.text.trim() != typed.trim()).map(|r| r.text.clone());
    form.overall_theirs = differs(None, &form.overall);
    form.overall_version = now(None).map(|r| r.version.to_string()).unwrap_or_default();
    for area in &mut form.areas {
        area.theirs = differs(Some(area.id), &area.text);
        area.version = now(Some(area.id)).map(|r| r.version.to_string()).unwrap_or_default();
    }
    form.stale = true;
    Ok(html(StatusCode::CONFLICT, commentary_page(&form, &FieldErrors::new(), &page.chrome(NAV))))
}
