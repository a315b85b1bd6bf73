//! Static files, built into the binary so it runs from any folder.

use actix_web::{web, HttpResponse};

const FILES: &[(&str, &str, &str)] = &[
    ("sustain.css", "text/css; charset=utf-8", include_str!("../../assets/sustain.css")),
    ("print.css", "text/css; charset=utf-8", include_str!("../../assets/print.css")),
];

/// Serves one of the bundled files, cached for a day.
pub async fn asset(file: web::Path<String>) -> HttpResponse {
    match FILES.iter().find(|(name, _, _)| *name == file.as_str()) {
        Some((_, media_type, body)) => HttpResponse::Ok()
            .content_type(*media_type)
            .insert_header(("Cache-Control", "public, max-age=86400"))
            .body(*body),
        None => HttpResponse::NotFound().content_type("text/plain").body("Not found"),
    }
}
