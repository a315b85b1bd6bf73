//! Evidence: adding an item with a file, showing it, reviewing it, and
//! serving its files back.

use super::forms::{choice, required_date, required_id, version};
use super::{chrome, html, see_other};
use crate::app::AppState;
use crate::auth::csrf::{self, CheckedForm, CsrfToken};
use crate::auth::CurrentUser;
use crate::db::attachments::{self, NewAttachment};
use crate::db::{evidence, Actor, DbError};
use crate::domain::evidence::{EvidenceInput, Review};
use crate::domain::fields::FieldErrors;
use crate::domain::kinds::Role;
use crate::domain::upload::{check_upload, human_size};
use crate::error::AppError;
use crate::reports::evidence_page;
use crate::views::evidence::{evidence_page as page, new_evidence_page, EvidenceFormValues, ReviewFormValues};
use actix_multipart::Multipart;
use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use futures_util::TryStreamExt;
use std::collections::HashMap;

async fn render_new(
    state: &web::Data<AppState>,
    user: &CurrentUser,
    csrf: &CsrfToken,
    values: &EvidenceFormValues,
    errors: &FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let areas = state.db(|conn| Ok(evidence_page::area_choices(conn)?)).await?;
    let limit = human_size(state.config.upload_limit_bytes);
    Ok(html(status, new_evidence_page(values, &areas, errors, &limit, &chrome(user, csrf, "/"))))
}

/// The form to add evidence.
pub async fn new(state: web::Data<AppState>, user: CurrentUser, csrf: CsrfToken) -> Result<HttpResponse, AppError> {
    let values = EvidenceFormValues {
        observed_on: chrono::Utc::now().date_naive().format("%Y-%m-%d").to_string(),
        kind: "case_audit".into(),
        ..Default::default()
    };
    render_new(&state, &user, &csrf, &values, &FieldErrors::new(), StatusCode::OK).await
}

/// A multipart form read whole: its text fields and at most one file.
struct Upload {
    fields: HashMap<String, String>,
    file: Option<(String, Vec<u8>)>,
    file_too_large: bool,
}

async fn read_multipart(mut payload: Multipart, limit: usize) -> Result<Upload, AppError> {
    let unreadable = |_| AppError::BadRequest("The form could not be read".into());
    let mut upload = Upload { fields: HashMap::new(), file: None, file_too_large: false };
    while let Some(mut field) = payload.try_next().await.map_err(unreadable)? {
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.content_disposition().and_then(|d| d.get_filename()).map(str::to_string);
        // Text fields are small; a file may be up to the limit, and reading stops
        // one chunk past it so an oversized file is never held whole.
        let cap = if file_name.is_some() { limit } else { 64 * 1024 };
        let mut bytes = Vec::new();
        while let Some(chunk) = field.try_next().await.map_err(unreadable)? {
            if bytes.len() + chunk.len() > cap {
                if file_name.is_some() {
                    upload.file_too_large = true;
                    break;
                }
                return Err(AppError::BadRequest("A form field is too long".into()));
            }
            bytes.extend_from_slice(&chunk);
        }
        match file_name {
            Some(file_name) if !file_name.is_empty() || !bytes.is_empty() => upload.file = Some((file_name, bytes)),
            Some(_) => {}
            None => {
                upload.fields.insert(name, String::from_utf8_lossy(&bytes).into_owned());
            }
        }
    }
    Ok(upload)
}

/// Adds an evidence item (as a draft) and its file, in that order; a bad file
/// re-shows the form and saves nothing.
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    csrf_token: CsrfToken,
    payload: Multipart,
) -> Result<HttpResponse, AppError> {
    let limit = state.config.upload_limit_bytes;
    let upload = read_multipart(payload, limit).await?;
    csrf::check(&req, upload.fields.get(csrf::CSRF_FIELD).map(String::as_str).unwrap_or(""))?;
    let text = |name: &str| upload.fields.get(name).cloned().unwrap_or_default();
    let values = EvidenceFormValues {
        title: text("title"),
        kind: text("kind"),
        description: text("description"),
        observed_on: text("observed_on"),
        practice_area_id: text("practice_area_id"),
    };
    let mut errors = FieldErrors::new();
    let kind = choice(&mut errors, "kind", "the kind of evidence", &values.kind);
    let area = required_id(&mut errors, "practice_area_id", "a practice area", &values.practice_area_id);
    let observed = required_date(&mut errors, "observed_on", "The date the practice was observed", &values.observed_on);
    let file = match (&upload.file, upload.file_too_large) {
        (_, true) => {
            errors.add("file", format!("The selected file must be smaller than {}", human_size(limit)));
            None
        }
        (Some((name, bytes)), false) => match check_upload("file", name, bytes, limit) {
            Ok(checked) => Some((checked, bytes.clone())),
            Err(more) => {
                errors.merge(more);
                None
            }
        },
        (None, false) => None,
    };
    let today = chrono::Utc::now().date_naive();
    let input = match (kind, area, observed) {
        (Some(kind), Some(practice_area_id), Some(observed_on)) => {
            let input = EvidenceInput {
                title: values.title.clone(),
                kind,
                description: values.description.clone(),
                observed_on,
                period_start: None,
                period_end: None,
                practice_area_id,
            };
            if let Err(more) = input.check(today) {
                errors.merge(more);
            }
            Some(input)
        }
        _ => None,
    };
    let Some(input) = input.filter(|_| errors.is_empty()) else {
        return render_new(&state, &user, &csrf_token, &values, &errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let actor = Actor::user(user.id, &user.name);
    let id = state
        .db(move |conn| {
            let item = evidence::create(conn, &actor, &input)?;
            if let Some((checked, content)) = file {
                let new = NewAttachment {
                    evidence_id: item.id,
                    file_name: checked.file_name,
                    media_type: checked.media_type.to_string(),
                    content,
                };
                attachments::create(conn, &actor, &new)?;
            }
            Ok(item.id)
        })
        .await?;
    Ok(see_other(format!("/evidence/{id}")))
}

async fn render(
    state: &web::Data<AppState>,
    user: &CurrentUser,
    csrf: &CsrfToken,
    id: i64,
    form: Option<ReviewFormValues>,
    errors: &FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let detail = state.db(move |conn| Ok(evidence_page::load(conn, id)?)).await?;
    let values = form.unwrap_or_else(|| ReviewFormValues {
        version: detail.item.version.to_string(),
        decision: "verify".into(),
        reason: String::new(),
    });
    let review = user.may(Role::Leader).then_some((&values, errors));
    Ok(html(status, page(&detail, review, &chrome(user, csrf, "/"))))
}

/// An evidence item.
pub async fn show(
    state: web::Data<AppState>,
    user: CurrentUser,
    csrf: CsrfToken,
    path: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    render(&state, &user, &csrf, path.into_inner(), None, &FieldErrors::new(), StatusCode::OK).await
}

/// Verifies or rejects an item at the version the form was read at.
pub async fn review(
    state: web::Data<AppState>,
    user: CurrentUser,
    csrf: CsrfToken,
    path: web::Path<i64>,
    CheckedForm(form): CheckedForm<ReviewFormValues>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let mut errors = FieldErrors::new();
    let expected = version(&mut errors, &form.version);
    let decision = match form.decision.as_str() {
        "verify" => Some(Review::Verify),
        "reject" => Some(Review::Reject { reason: form.reason.clone() }),
        _ => {
            errors.add("decision", "Choose verified or rejected");
            None
        }
    };
    if let Some(Err(more)) = decision.as_ref().map(Review::check) {
        errors.merge(more);
    }
    let Some(decision) = decision.filter(|_| errors.is_empty()) else {
        return render(&state, &user, &csrf, id, Some(form), &errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let actor = Actor::user(user.id, &user.name);
    let today = chrono::Utc::now().date_naive();
    let result = state
        .db(move |conn| match evidence::review(conn, &actor, id, expected, &decision, today) {
            Ok(_) => Ok(None),
            Err(e @ DbError::Conflict { .. }) => Ok(Some(AppError::from(e).public_message())),
            Err(e) => Err(e.into()),
        })
        .await?;
    match result {
        None => Ok(see_other(format!("/evidence/{id}"))),
        Some(message) => {
            let errors = FieldErrors::one("decision", message);
            render(&state, &user, &csrf, id, None, &errors, StatusCode::CONFLICT).await
        }
    }
}

/// Serves a file as a download, never shown inline, under its cleaned name.
pub async fn download(state: web::Data<AppState>, path: web::Path<i64>) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let file = state.db(move |conn| Ok(attachments::get(conn, id)?)).await?;
    let disposition = ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![DispositionParam::Filename(file.file_name.clone())],
    };
    Ok(HttpResponse::Ok()
        .content_type(file.media_type.clone())
        .insert_header(disposition)
        .insert_header(("Cache-Control", "private, no-store"))
        .body(file.content))
}
