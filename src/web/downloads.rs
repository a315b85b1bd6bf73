//! Downloads: the headers of a file the browser saves. Their bodies are
//! streamed while they are written (`crate::blocking::streamed`), so a large
//! file is never held whole.

use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType};
use actix_web::HttpResponse;

pub use crate::blocking::streamed;

/// A 200 answer saved as `file_name`, never kept by a cache on the way.
pub fn download(media_type: &str, file_name: String) -> actix_web::HttpResponseBuilder {
    let mut response = HttpResponse::Ok();
    response
        .content_type(media_type)
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(file_name)],
        })
        .insert_header(("Cache-Control", "private, no-store"));
    response
}
