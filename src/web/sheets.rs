//! Spreadsheet pages: export (streamed), templates, and imports with a
//! "check your answers" preview. An upload is kept in the database between
//! the preview and the confirmation, so the confirmation may reach any
//! instance; the import itself takes the path the command line takes.

use super::downloads::{download, streamed};
use super::html;
use super::page::{context, saved, Page};
use crate::auth::csrf::{self, CheckedForm};
use crate::auth::session::Generation;
use crate::db::pending_imports::{self, ImportKind, NewPendingImport};
use crate::domain::fields::FieldErrors;
use crate::domain::kinds::Role;
use crate::domain::sheets::plan_match::ImportOptions;
use crate::domain::upload::{human_size, sanitise_file_name};
use crate::error::AppError;
use crate::files::upload::{read_multipart, UploadLimits};
use crate::reports::sheets::export::{write_csv, write_csv_zip, write_workbook, ExportHeading};
use crate::reports::sheets::import::{self, ImportFailure, ImportSummary, SheetFile};
use crate::reports::sheets::registers::Register;
use crate::reports::sheets::template::{template_csv, template_xlsx, template_zip, Template};
use crate::state::AppState;
use crate::views::sheets::{
    export_page, import_form, preview_page, problems_page, ExportOffer, ImportPage, PreviewView,
};
use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

/// The export page.
pub async fn export(page: Page) -> Result<HttpResponse, AppError> {
    Ok(html(StatusCode::OK, export_page(&offer(&page, None), &FieldErrors::new(), &page.chrome("/plan/export"))))
}

fn offer(page: &Page, as_at: Option<String>) -> ExportOffer {
    ExportOffer {
        as_at: as_at.unwrap_or_else(|| page.today.format("%Y-%m-%d").to_string()),
        registers: Register::ALL.iter().map(|r| (r.as_str(), r.describe())).collect(),
        may_import_plan: page.user.may(Role::Leader),
        may_import_results: page.user.may(Role::Contributor),
    }
}

/// What the export form asks for.
#[derive(Debug, Deserialize)]
pub struct ExportQuery {
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    register: Option<String>,
    #[serde(default)]
    as_at: Option<String>,
}

/// Downloads the workbook, or one register as CSV, as at a date.
pub async fn download_export(
    state: web::Data<AppState>,
    page: Page,
    generation: Generation,
    query: web::Query<ExportQuery>,
) -> Result<HttpResponse, AppError> {
    let raw_date = query.as_at.clone().unwrap_or_default();
    let mut errors = FieldErrors::new();
    let as_at = match super::dates::as_at_given(&page, "as_at") {
        Ok(date) => date.date(),
        Err(problems) => {
            errors.merge(problems);
            page.today
        }
    };
    if errors.is_empty() {
        state.context_on(as_at).check_date(&mut errors, "as_at", "The date", as_at);
    }
    let register = match query.register.as_deref() {
        Some(name) => match Register::parse(name) {
            Some(r) => Some(r),
            None => {
                errors.add("register", "Choose a register");
                None
            }
        },
        None => None,
    };
    if !errors.is_empty() {
        let view = export_page(&offer(&page, Some(raw_date)), &errors, &page.chrome("/plan/export"));
        return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, view));
    }
    let turn = state.documents.turn().await?;
    // A past date's export holds the plan as it stood then.
    let past = crate::read::rewind::past_for(as_at, None, page.today).map_err(AppError::Invalid)?;
    let snapshot = state.plan_at(generation, past).await?;
    let heading =
        ExportHeading { authority: snapshot.authority().to_string(), as_at, made_at: chrono::Utc::now().naive_utc() };
    Ok(match (query.format.as_deref(), register) {
        (Some("zip"), None) => {
            let name = heading.file_name("csv-folder", "zip");
            streamed(download("application/zip", name), move |out| {
                write_csv_zip(&snapshot, as_at, out).map(|_| ()).map_err(|e| e.to_string())
            })
        }
        (_, Some(register)) => {
            let name = heading.file_name(register.as_str(), "csv");
            streamed(download("text/csv; charset=utf-8", name), move |out| {
                let written = write_csv(&snapshot, register, as_at, out).map(|_| ()).map_err(|e| e.to_string());
                drop(turn);
                written
            })
        }
        _ => {
            let name = heading.file_name("registers", "xlsx");
            let media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            streamed(download(media, name), move |out| {
                let written = write_workbook(&snapshot, &heading, out).map_err(|e| e.to_string());
                drop(turn);
                written
            })
        }
    })
}

async fn template(which: Template, xlsx: bool) -> Result<HttpResponse, AppError> {
    let mut bytes = Vec::new();
    let written = if xlsx { template_xlsx(which, &mut bytes) } else { template_csv(which, &mut bytes) };
    written.map_err(|e| AppError::unexpected(e.to_string()))?;
    let (media, extension) = if xlsx {
        ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")
    } else {
        ("text/csv; charset=utf-8", "csv")
    };
    Ok(download(media, format!("sustain-{}.{extension}", which.file_stem())).body(bytes))
}

/// The plan template as XLSX.
pub async fn plan_template_xlsx() -> Result<HttpResponse, AppError> {
    template(Template::Plan, true).await
}
/// The plan template as CSV.
pub async fn plan_template_csv() -> Result<HttpResponse, AppError> {
    template(Template::Plan, false).await
}
/// The whole plan's template as the CSV folder: a ZIP of one CSV file per sheet.
pub async fn plan_template_zip() -> Result<HttpResponse, AppError> {
    let mut bytes = Vec::new();
    template_zip(&mut bytes).map_err(|e| AppError::unexpected(e.to_string()))?;
    Ok(download("application/zip", "sustain-plan-template.zip".into()).body(bytes))
}
/// The results template as XLSX.
pub async fn results_template_xlsx() -> Result<HttpResponse, AppError> {
    template(Template::Results, true).await
}
/// The results template as CSV.
pub async fn results_template_csv() -> Result<HttpResponse, AppError> {
    template(Template::Results, false).await
}

fn kind_of(which: ImportPage) -> ImportKind {
    match which {
        ImportPage::Plan => ImportKind::Plan,
        ImportPage::Results => ImportKind::Results,
    }
}

fn limit_text(state: &AppState) -> String {
    format!("smaller than {}", human_size(state.config.spreadsheets.max_bytes))
}

fn form(state: &AppState, page: &Page, which: ImportPage, errors: &FieldErrors, status: StatusCode) -> HttpResponse {
    html(status, import_form(which, "", false, &limit_text(state), errors, &page.chrome("/plan/export")))
}

/// The plan import form.
pub async fn plan_form(state: web::Data<AppState>, page: Page) -> Result<HttpResponse, AppError> {
    Ok(form(&state, &page, ImportPage::Plan, &FieldErrors::new(), StatusCode::OK))
}

/// The results import form.
pub async fn results_form(state: web::Data<AppState>, page: Page) -> Result<HttpResponse, AppError> {
    Ok(form(&state, &page, ImportPage::Results, &FieldErrors::new(), StatusCode::OK))
}

/// A plan file uploaded: checked, kept, and previewed.
pub async fn plan_upload(
    req: HttpRequest,
    state: web::Data<AppState>,
    page: Page,
    payload: Multipart,
) -> Result<HttpResponse, AppError> {
    upload(req, state, page, payload, ImportPage::Plan).await
}

/// A results file uploaded: checked, kept, and previewed.
pub async fn results_upload(
    req: HttpRequest,
    state: web::Data<AppState>,
    page: Page,
    payload: Multipart,
) -> Result<HttpResponse, AppError> {
    upload(req, state, page, payload, ImportPage::Results).await
}

/// What an import came to, for a page.
enum Outcome {
    Done(ImportSummary),
    Problems(Vec<crate::domain::sheets::RowProblem>),
    File(String),
}

fn outcome(result: Result<ImportSummary, ImportFailure>) -> Result<Outcome, AppError> {
    match result {
        Ok(summary) => Ok(Outcome::Done(summary)),
        Err(ImportFailure::Rows(problems)) => Ok(Outcome::Problems(problems)),
        Err(ImportFailure::File(problem)) => Ok(Outcome::File(problem.0)),
        Err(ImportFailure::Db(e)) => Err(e.into()),
    }
}

async fn upload(
    req: HttpRequest,
    state: web::Data<AppState>,
    page: Page,
    payload: Multipart,
    which: ImportPage,
) -> Result<HttpResponse, AppError> {
    let max = state.config.spreadsheets.max_bytes;
    let upload = read_multipart(payload, "file", UploadLimits { per_file: max, files: 1, total: max }).await?;
    csrf::check(&req, &upload.text(csrf::CSRF_FIELD))?;
    let mut errors = upload.problems.clone();
    // The sheet's name is kept with the upload until it is confirmed.
    let mut sheet = upload.text("sheet");
    errors.line("sheet", "the sheet's name", &mut sheet, 200, false);
    let Some(file) = upload.files.first() else {
        if errors.is_empty() {
            errors.add("file", "Select a CSV or XLSX file");
        }
        return Ok(form(&state, &page, which, &errors, StatusCode::UNPROCESSABLE_ENTITY));
    };
    if !errors.is_empty() {
        return Ok(form(&state, &page, which, &errors, StatusCode::UNPROCESSABLE_ENTITY));
    }
    let file_name = sanitise_file_name(&file.name);
    let bytes = file.bytes.clone();
    let sheet = Some(sheet).filter(|s| !s.is_empty());
    let create_missing = upload.text("create_missing") == "yes" && which == ImportPage::Plan;
    let (ctx, limits, user) = (context(&state), state.config.spreadsheets, page.user.id);
    let name = file_name.clone();
    let (result, id) = state
        .db(move |conn| {
            let file = SheetFile { bytes: &bytes, sheet: sheet.as_deref(), limits: &limits };
            let result = match which {
                ImportPage::Plan => import::preview_plan(conn, file, ImportOptions { create_missing }, &ctx),
                ImportPage::Results => import::preview_results(conn, file, &ctx),
            };
            let result = outcome(result)?;
            // Names not found are kept with the upload, so that "create them and check again" needs no second upload.
            let offer = matches!(&result, Outcome::Problems(p) if !create_missing && p.iter().any(|p| p.creatable));
            let id = match &result {
                _ if offer || matches!(&result, Outcome::Done(summary) if !summary.writes_nothing()) => {
                    let new = NewPendingImport {
                        user_id: user,
                        kind: kind_of(which),
                        file_name: &name,
                        sheet: sheet.as_deref(),
                        create_missing,
                        content: &bytes,
                    };
                    pending_imports::save(conn, &new, crate::db::history::now())?
                }
                _ => String::new(),
            };
            Ok((result, id))
        })
        .await?;
    let chrome = page.chrome("/plan/export");
    Ok(match result {
        Outcome::File(message) => {
            form(&state, &page, which, &FieldErrors::one("file", message), StatusCode::UNPROCESSABLE_ENTITY)
        }
        Outcome::Problems(problems) => {
            let offer = Some(id.as_str()).filter(|id| !id.is_empty());
            html(StatusCode::UNPROCESSABLE_ENTITY, problems_page(which, &file_name, &problems, offer, &chrome))
        }
        Outcome::Done(summary) => {
            html(StatusCode::OK, preview_page(which, &preview(file_name, id, summary, which), &chrome))
        }
    })
}

fn preview(file_name: String, upload: String, summary: ImportSummary, which: ImportPage) -> PreviewView {
    let plan = which == ImportPage::Plan;
    let (headline, writes_nothing) = (summary.headline(), summary.writes_nothing());
    let mut sections: Vec<(&'static str, Vec<String>)> = vec![
        ("New practice areas", summary.new_areas),
        ("New owners", summary.new_owners),
        ("New findings", summary.new_findings),
        (if plan { "Actions to add" } else { "Results to add" }, summary.added),
        (if plan { "Actions to change" } else { "Results to change" }, summary.changed),
    ];
    sections.extend(summary.records);
    PreviewView {
        file_name,
        upload,
        headline,
        writes_nothing,
        unchanged: summary.unchanged,
        sections: sections.into_iter().filter(|(_, lines)| !lines.is_empty()).collect(),
    }
}

/// "Create them and check again": the kept upload checked again, creating the
/// practice areas, owners and findings it names that are not found. The file
/// is not uploaded again; the new check is kept for its confirmation.
pub async fn plan_create_missing(
    state: web::Data<AppState>,
    page: Page,
    CheckedForm(confirm): CheckedForm<ConfirmForm>,
) -> Result<HttpResponse, AppError> {
    let (ctx, limits, user) = (context(&state), state.config.spreadsheets, page.user.id);
    let result = state
        .db(move |conn| {
            let now = crate::db::history::now();
            let Some(kept) = pending_imports::find(conn, confirm.upload.trim(), user, ImportKind::Plan, now)? else {
                return Ok(None);
            };
            let file = SheetFile { bytes: &kept.content, sheet: kept.sheet.as_deref(), limits: &limits };
            let options = ImportOptions { create_missing: true };
            let result = outcome(import::preview_plan(conn, file, options, &ctx))?;
            let id = match &result {
                Outcome::Done(summary) if !summary.writes_nothing() => {
                    let new = NewPendingImport {
                        user_id: user,
                        kind: ImportKind::Plan,
                        file_name: &kept.file_name,
                        sheet: kept.sheet.as_deref(),
                        create_missing: true,
                        content: &kept.content,
                    };
                    let id = pending_imports::save(conn, &new, now)?;
                    pending_imports::remove(conn, &kept.id)?;
                    id
                }
                _ => String::new(),
            };
            Ok(Some((result, kept.file_name, id)))
        })
        .await?;
    let chrome = page.chrome("/plan/export");
    let which = ImportPage::Plan;
    Ok(match result {
        None => {
            saved(which.path_for_restart(), "That upload has expired or was already imported: choose the file again")
        }
        Some((Outcome::Done(summary), name, id)) => {
            html(StatusCode::OK, preview_page(which, &preview(name, id, summary, which), &chrome))
        }
        Some((Outcome::Problems(problems), name, _)) => {
            html(StatusCode::UNPROCESSABLE_ENTITY, problems_page(which, &name, &problems, None, &chrome))
        }
        Some((Outcome::File(message), _, _)) => {
            form(&state, &page, which, &FieldErrors::one("file", message), StatusCode::UNPROCESSABLE_ENTITY)
        }
    })
}

/// The confirmation form: the id of the kept upload.
#[derive(Debug, Deserialize)]
pub struct ConfirmForm {
    #[serde(default)]
    upload: String,
}

/// Imports a previewed plan file.
pub async fn plan_confirm(
    state: web::Data<AppState>,
    page: Page,
    CheckedForm(form): CheckedForm<ConfirmForm>,
) -> Result<HttpResponse, AppError> {
    confirm(state, page, form, ImportPage::Plan).await
}

/// Imports a previewed results file.
pub async fn results_confirm(
    state: web::Data<AppState>,
    page: Page,
    CheckedForm(form): CheckedForm<ConfirmForm>,
) -> Result<HttpResponse, AppError> {
    confirm(state, page, form, ImportPage::Results).await
}

async fn confirm(
    state: web::Data<AppState>,
    page: Page,
    form: ConfirmForm,
    which: ImportPage,
) -> Result<HttpResponse, AppError> {
    let (ctx, limits, actor, user) = (context(&state), state.config.spreadsheets, page.actor(), page.user.id);
    let result = state
        .db(move |conn| {
            let now = crate::db::history::now();
            let Some(kept) = pending_imports::find(conn, form.upload.trim(), user, kind_of(which), now)? else {
                return Ok(None);
            };
            let file = SheetFile { bytes: &kept.content, sheet: kept.sheet.as_deref(), limits: &limits };
            let mut quiet = |_: usize, _: usize| {};
            let result = match which {
                ImportPage::Plan => {
                    let options = ImportOptions { create_missing: kept.create_missing };
                    import::import_plan(conn, &actor, file, options, &ctx, &mut quiet)
                }
                ImportPage::Results => import::import_results(conn, &actor, file, &ctx, &mut quiet),
            };
            let result = outcome(result)?;
            if matches!(result, Outcome::Done(_)) {
                pending_imports::remove(conn, &kept.id)?;
            }
            Ok(Some((result, kept.file_name)))
        })
        .await?;
    let chrome = page.chrome("/plan/export");
    Ok(match result {
        None => {
            saved(which.path_for_restart(), "That upload has expired or was already imported: choose the file again")
        }
        Some((Outcome::Done(summary), name)) => {
            saved("/plan/export", format!("Imported {name}: {}", summary.headline()))
        }
        Some((Outcome::Problems(problems), name)) => {
            html(StatusCode::UNPROCESSABLE_ENTITY, problems_page(which, &name, &problems, None, &chrome))
        }
        Some((Outcome::File(message), _)) => html(
            StatusCode::UNPROCESSABLE_ENTITY,
            import_form(which, "", false, &limit_text(&state), &FieldErrors::one("file", message), &chrome),
        ),
    })
}
