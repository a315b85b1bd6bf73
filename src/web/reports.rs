//! The lead-member progress report: the page, and its PDF and Word copies,
//! each copy recorded as issued (`db::reports`). Each is made in its turn
//! (`blocking::Documents`) off the async workers: the PDF needs the whole
//! document at once, so at most a few are in memory at a time.

use super::page::Page;
use super::read::{as_at, past, snapshot};
use crate::auth::session::Generation;
use crate::db::{self, Actor};
use crate::domain::fields::FieldErrors;
use crate::domain::kinds::ReportForm;
use crate::error::AppError;
use crate::read::progress::{self, ProgressReport};
use crate::reports::progress::{file_name, render, sha256_hex, Format};
use crate::state::AppState;
use crate::views::progress::progress_page;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use chrono::NaiveDate;

/// The report the page's dates ask for: `?as_at=` (default today) and
/// `?since=` (default the last issued report's date, or three months earlier).
/// The report, the generation it was read at and the council's name as it stood.
async fn report_for(
    state: &AppState,
    page: &Page,
    generation: Generation,
) -> Result<(ProgressReport, i64, String), AppError> {
    let dated = as_at(page)?;
    let as_at = dated.date();
    page.single("since")?;
    let since = match super::dates::given(page, "since").map_err(AppError::Invalid)? {
        Some(day) => check_since(day, page.today)?,
        None => {
            let issued_by = past(page, dated)?.and_then(|p| p.recorded_by());
            let last = state.db(move |conn| Ok(db::reports::last_progress_date(conn, as_at, issued_by)?)).await?;
            progress::default_since(as_at, last)
        }
    };
    let snapshot = snapshot(state, page, generation, dated).await?;
    let figures = state.own_figures(generation, &snapshot).await?;
    let commentary = state.db(move |conn| Ok(db::commentary::commentary(conn, as_at)?)).await?;
    let (generation, authority) = (snapshot.generation(), snapshot.authority().to_string());
    let report =
        web::block(move || progress::build(&snapshot, (as_at, since), figures.as_deref(), commentary)).await?.map_err(
            |_| AppError::Invalid(FieldErrors::one("since", "The earlier date must be before the \"as at\" date")),
        )?;
    Ok((report, generation, authority))
}

/// The form asked for: `?form=summary` for the one-page summary, else the whole report.
fn form_of(page: &Page) -> Result<ReportForm, AppError> {
    page.single("form")?;
    match page.param("form") {
        None | Some("") | Some("full") => Ok(ReportForm::Full),
        Some("summary") => Ok(ReportForm::Summary),
        Some(_) => Err(AppError::Invalid(FieldErrors::one("form", "Choose the full report or the summary"))),
    }
}

fn check_since(day: NaiveDate, today: NaiveDate) -> Result<NaiveDate, AppError> {
    crate::domain::dates::AsAt::check(day, today, ("since", "The earlier date"))
        .map(|d| d.date())
        .map_err(AppError::Invalid)
}

/// The report as a page.
pub async fn progress(
    state: web::Data<AppState>,
    page: Page,
    generation: Generation,
) -> Result<HttpResponse, AppError> {
    let form = form_of(&page)?;
    let turn = state.documents.turn().await?;
    let (report, _, _) = report_for(&state, &page, generation).await?;
    let chrome = page.dated("/reports/progress", crate::domain::dates::AsAt::today(report.as_at));
    let markup = web::block(move || {
        let markup = progress_page(&report, &chrome, form);
        drop(report);
        drop(turn);
        markup
    })
    .await?;
    Ok(super::html(StatusCode::OK, markup))
}

/// The report as a PDF.
pub async fn progress_pdf(
    state: web::Data<AppState>,
    page: Page,
    generation: Generation,
) -> Result<HttpResponse, AppError> {
    download(state, page, generation, Format::Pdf).await
}

/// The report as a Word document.
pub async fn progress_docx(
    state: web::Data<AppState>,
    page: Page,
    generation: Generation,
) -> Result<HttpResponse, AppError> {
    download(state, page, generation, Format::Docx).await
}

async fn download(
    state: web::Data<AppState>,
    page: Page,
    generation: Generation,
    format: Format,
) -> Result<HttpResponse, AppError> {
    let form = form_of(&page)?;
    let turn = state.documents.turn().await?;
    let (report, generation, authority) = report_for(&state, &page, generation).await?;
    let name = file_name(&report, format, form);
    let issue = report.issue(format.recorded(), form);
    let bytes = web::block(move || {
        let bytes = render(&report, &authority, format, form);
        drop(report);
        drop(turn);
        bytes
    })
    .await?
    .map_err(AppError::unexpected)?;
    let new = db::reports::NewReport::progress(issue, generation, sha256_hex(&bytes));
    let actor = Actor::user(page.user.id, &page.user.name);
    state.db(move |conn| Ok(db::reports::issue(conn, &actor, new)?)).await?;
    Ok(HttpResponse::Ok()
        .content_type(format.media_type())
        .insert_header(("Content-Disposition", format!("attachment; filename=\"{name}\"")))
        .body(bytes))
}
