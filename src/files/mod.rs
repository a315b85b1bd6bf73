//! Files over HTTP, received and sent the same way by the pages and the API:
//! multipart uploads read within their limits (`upload`), and attachments sent
//! back as downloads.

pub mod upload;

use crate::db::attachments;
use crate::domain::ids::AttachmentId;
use crate::error::AppError;
use crate::state::AppState;
use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType};
use actix_web::HttpResponse;

/// A file as it was uploaded, always as a download (never shown inline) under
/// its cleaned name.
pub async fn send_attachment(state: &AppState, id: AttachmentId) -> Result<HttpResponse, AppError> {
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
