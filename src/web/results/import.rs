//! Many results imported at once from CSV: the rows are read and checked, a
//! preview shows what will be added, corrected or left unchanged, and the
//! confirmed rows are saved together if the measure's results have not changed since.

use super::{as_evidence, evidence_notice, live_measure, shape, IMPORT_LIMIT};
use crate::auth::csrf::{self, CheckedForm};
use crate::db::measures::{self, Change, MeasureRow};
use crate::db::{evidence, Archived, DbError};
use crate::domain::fields::FieldErrors;
use crate::domain::ids::MeasureId;
use crate::domain::kinds::Role;
use crate::domain::results_csv::{read_results, ImportRow, ReadImport, RowProblem};
use crate::error::AppError;
use crate::files::upload::{read_multipart, UploadLimits};
use crate::state::AppState;
use crate::views::results::{import_form, import_preview};
use crate::web::forms::{FormSource, RawForm};
use crate::web::html;
use crate::web::page::{context, saved, Page};
use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};

/// The import form.
pub async fn import(
    state: web::Data<AppState>,
    page: Page,
    path: web::Path<MeasureId>,
) -> Result<HttpResponse, AppError> {
    let measure = live_measure(&state, path.into_inner()).await?;
    let markup = import_form(&measure, "", &FieldErrors::new(), &[], IMPORT_LIMIT, &page.chrome("/measures"));
    Ok(html(StatusCode::OK, markup))
}

fn read_import(measure: &MeasureRow, text: &str, state: &AppState) -> ReadImport {
    read_results(text, measure.id, shape(measure), &context(state))
}

/// The import form again, as sent, with what stops it: the upload's own
/// problems, or those of the rows it holds.
fn import_refused(
    measure: &MeasureRow,
    text: &str,
    errors: &FieldErrors,
    problems: &[RowProblem],
    page: &Page,
) -> HttpResponse {
    let markup = import_form(measure, text, errors, problems, IMPORT_LIMIT, &page.chrome("/measures"));
    html(StatusCode::UNPROCESSABLE_ENTITY, markup)
}

async fn preview(
    state: &AppState,
    page: &Page,
    measure: &MeasureRow,
    (text, rows): (&str, &[ImportRow]),
    notice: Option<&str>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let id = measure.id;
    let (existing, fingerprint) = state
        .db(move |conn| Ok((measures::results(conn, Some(id), Archived::Include)?, measures::fingerprint(conn, id)?)))
        .await?;
    let planned: Vec<(&ImportRow, Change)> =
        measures::plan_import(&existing, rows).into_iter().map(|p| (p.row, p.change)).collect();
    let offer = (notice, page.user.may(Role::Leader));
    let markup = import_preview(measure, &planned, (text, &fingerprint), offer, &page.chrome("/measures"));
    Ok(html(status, markup))
}

/// Reads pasted rows or a CSV file and shows what they will change, or every
/// problem with them; nothing is saved here.
pub async fn import_check(
    req: HttpRequest,
    state: web::Data<AppState>,
    page: Page,
    path: web::Path<MeasureId>,
    payload: Multipart,
) -> Result<HttpResponse, AppError> {
    let measure = live_measure(&state, path.into_inner()).await?;
    let limits = UploadLimits { per_file: IMPORT_LIMIT, files: 1, total: IMPORT_LIMIT };
    let upload = read_multipart(payload, "file", limits).await?;
    csrf::check(&req, &upload.text(csrf::CSRF_FIELD))?;
    let pasted = upload.text("csv");
    let mut errors = upload.problems.clone();
    let text = match (pasted.trim().is_empty(), upload.files.first()) {
        (false, Some(_)) => {
            errors.add("csv", "Paste the rows or choose a file, not both");
            pasted
        }
        (true, Some(file)) => match String::from_utf8(file.bytes.clone()) {
            Ok(text) => text,
            Err(_) => {
                errors.add("file", "The selected file must be a CSV file saved as text (UTF-8)");
                String::new()
            }
        },
        (false, None) => pasted,
        (true, None) if errors.is_empty() => {
            errors.add("csv", "Paste the rows to import, or choose a CSV file");
            String::new()
        }
        (true, None) => String::new(),
    };
    if !errors.is_empty() {
        return Ok(import_refused(&measure, &text, &errors, &[], &page));
    }
    let read = read_import(&measure, &text, &state);
    if !read.problems.is_empty() {
        return Ok(import_refused(&measure, &text, &FieldErrors::new(), &read.problems, &page));
    }
    preview(&state, &page, &measure, (&text, &read.rows), None, StatusCode::OK).await
}

/// Saves every row checked in the preview, in one transaction, if the
/// measure's results have not changed since.
pub async fn import_confirm(
    state: web::Data<AppState>,
    page: Page,
    path: web::Path<MeasureId>,
    CheckedForm(raw): CheckedForm<RawForm>,
) -> Result<HttpResponse, AppError> {
    let measure = live_measure(&state, path.into_inner()).await?;
    let text = raw.text("csv");
    let read = read_import(&measure, &text, &state);
    if !read.problems.is_empty() {
        return Ok(import_refused(&measure, &text, &FieldErrors::new(), &read.problems, &page));
    }
    let (actor, fingerprint, id) = (page.actor(), raw.text("fingerprint"), measure.id);
    let record = as_evidence(&measure, &raw.text("as_evidence"), &page)?;
    let rows = read.rows.clone();
    let ctx = context(&state);
    let outcome = state
        .db(move |conn| {
            // The results and the evidence items of those added, together or not at all.
            let saved = crate::db::connection::write_transaction::<_, DbError, _>(conn, |c| {
                let done = measures::import(c, &actor, id, &fingerprint, &rows)?;
                if let Some(verified) = record {
                    for result in &done.added_ids {
                        evidence::from_audit(c, &actor, *result, verified, &ctx)?;
                    }
                }
                Ok(done)
            });
            match saved {
                Ok(done) => Ok(Some(done)),
                Err(DbError::Conflict { .. }) => Ok(None),
                Err(e) => Err(e.into()),
            }
        })
        .await?;
    match outcome {
        Some(done) => {
            let notice = format!(
                "Results saved: {} added, {} corrected, {} unchanged{}",
                done.added,
                done.corrected,
                done.unchanged,
                if done.added > 0 { evidence_notice(record) } else { "" }
            );
            Ok(saved(format!("/measures/{id}"), notice))
        }
        None => {
            let notice = "The measure's results changed since you checked these rows. Nothing was saved: check what will change now, then save.";
            preview(&state, &page, &measure, (&text, &read.rows), Some(notice), StatusCode::CONFLICT).await
        }
    }
}
