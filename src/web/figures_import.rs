//! Published figures uploaded by an admin: newer DfE releases and Ofsted's
//! outcomes file, loaded as the command line loads them but all in one
//! transaction, so a bad file leaves everything as it was.

use super::html;
use super::page::Page;
use crate::auth::csrf;
use crate::db::figures::{self, LoadError};
use crate::db::published_inspections;
use crate::db::DbConnection;
use crate::domain::fields::FieldErrors;
use crate::domain::upload::{human_size, sanitise_file_name};
use crate::error::AppError;
use crate::files::upload::{read_multipart, UploadLimits};
use crate::reports::sheets::inspections::{read_ods, OutcomesFailure};
use crate::state::AppState;
use crate::views::figures_import::{figures_import_page, Done, Held, FILES_FIELD};
use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};

/// Admins reach the page from the council's details.
const NAV: &str = "/council";

/// The limits an upload of figures is read within: each file as large as a
/// spreadsheet may be, and as many and as much in all as an evidence upload.
pub fn limits(state: &AppState) -> UploadLimits {
    let c = &state.config;
    UploadLimits { per_file: c.spreadsheets.max_bytes, files: c.upload_max_files, total: c.upload_total_limit_bytes }
}

fn limit_text(state: &AppState) -> String {
    format!("smaller than {}", human_size(state.config.spreadsheets.max_bytes))
}

fn held(conn: &mut DbConnection) -> Result<Held, AppError> {
    Ok(Held {
        indicators: figures::held(conn)?,
        model: figures::neighbour_model(conn)?,
        inspections: published_inspections::count(conn)?,
    })
}

/// The form, with what is held now.
pub async fn form(state: web::Data<AppState>, page: Page) -> Result<HttpResponse, AppError> {
    let held = state.db(held).await?;
    let markup = figures_import_page(&held, None, &limit_text(&state), &FieldErrors::new(), &page.chrome(NAV));
    Ok(html(StatusCode::OK, markup))
}

/// What a load came to.
enum Outcome {
    Loaded(Done, Held),
    /// A file could not be read: it, its column and row; nothing was written.
    Refused(String, Held),
}

/// Loads every file chosen, all or none, and shows what each put in, or the
/// form again with the file that could not be read.
pub async fn upload(
    req: HttpRequest,
    state: web::Data<AppState>,
    page: Page,
    payload: Multipart,
) -> Result<HttpResponse, AppError> {
    let upload = read_multipart(payload, FILES_FIELD, limits(&state)).await?;
    csrf::check(&req, &upload.text(csrf::CSRF_FIELD))?;
    let mut errors = upload.problems.clone();
    if errors.is_empty() && upload.files.is_empty() {
        errors.add(FILES_FIELD, "Select one or more files of published figures");
    }
    // As the command line does: Ofsted's outcomes file by its extension, every other file as the DfE's.
    let (ods, csv): (Vec<_>, Vec<_>) = upload
        .files
        .into_iter()
        .map(|f| (sanitise_file_name(&f.name), f.bytes))
        .partition(|(name, _)| name.to_ascii_lowercase().ends_with(".ods"));
    if ods.len() > 1 {
        errors
            .add(FILES_FIELD, "Select one of Ofsted's outcomes files (.ods) at a time: each replaces every inspection");
    }
    if !errors.is_empty() {
        let held = state.db(held).await?;
        let markup = figures_import_page(&held, None, &limit_text(&state), &errors, &page.chrome(NAV));
        return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, markup));
    }
    let actor = page.actor();
    let outcome = state
        .db(move |conn| {
            // Read before anything is written, so a bad outcomes file stops the statistics files too.
            let outcomes = match ods.first().map(|(name, bytes)| (name, read_ods(bytes, name))) {
                None => None,
                Some((name, Ok(inspections))) => Some((name.as_str(), inspections)),
                Some((_, Err(OutcomesFailure::Database(e)))) => return Err(e.into()),
                Some((_, Err(refused))) => {
                    return Ok(Outcome::Refused(format!("{refused}; nothing was loaded"), held(conn)?));
                }
            };
            let named: Vec<(&str, &[u8])> = csv.iter().map(|(name, bytes)| (name.as_str(), bytes.as_slice())).collect();
            let given = outcomes.as_ref().map(|(name, read)| (*name, read.as_slice()));
            match figures::load_files_and_outcomes(conn, &actor, &named, given) {
                Ok((files, stored)) => {
                    let outcomes = outcomes.zip(stored).map(|((name, _), count)| (name.to_string(), count));
                    Ok(Outcome::Loaded(Done { files, outcomes }, held(conn)?))
                }
                Err(refused @ LoadError::File(_)) => Ok(Outcome::Refused(refused.to_string(), held(conn)?)),
                Err(LoadError::Db(e)) => Err(e.into()),
            }
        })
        .await?;
    let limit = limit_text(&state);
    Ok(match outcome {
        Outcome::Loaded(done, held) => {
            let mut chrome = page.chrome(NAV);
            chrome.notice = Some(format!("Loaded {} file{}", done.count(), if done.count() == 1 { "" } else { "s" }));
            html(StatusCode::OK, figures_import_page(&held, Some(&done), &limit, &FieldErrors::new(), &chrome))
        }
        Outcome::Refused(message, held) => {
            let errors = FieldErrors::one(FILES_FIELD, message);
            html(StatusCode::UNPROCESSABLE_ENTITY, figures_import_page(&held, None, &limit, &errors, &page.chrome(NAV)))
        }
    })
}
