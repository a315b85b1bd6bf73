//! The API's OpenAPI document, built from the API's rows of the route table
//! (`api::openapi` draws it), served as JSON at `/api/v1/openapi.json` and as a
//! page for people at `/api/docs`.

use crate::api::openapi;
use crate::error::AppError;
use crate::state::AppState;
use crate::views::api_docs::api_docs;
use crate::views::layout::Chrome;
use actix_web::{web, HttpResponse};
use serde_json::Value;
use std::sync::OnceLock;

/// The document as JSON, made once per process.
pub fn document() -> &'static Value {
    static DOCUMENT: OnceLock<Value> = OnceLock::new();
    DOCUMENT.get_or_init(|| {
        let operations = super::table().iter().filter_map(super::RouteDef::operation).collect();
        serde_json::to_value(openapi::document(operations)).unwrap_or(Value::Null)
    })
}

/// `GET /api/v1/openapi.json`.
pub async fn json() -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(document()))
}

/// `GET /api/docs`: the document as a page, drawn on the server from the same JSON.
pub async fn page(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let chrome = Chrome {
        user: None,
        csrf: String::new(),
        current: "",
        notice: None,
        authority: state.authority(),
        colour: None,
        has_owner: false,
        as_at: None,
        printed_on: None,
        breadcrumbs: Vec::new(),
    };
    let markup = api_docs(document(), &chrome);
    Ok(HttpResponse::Ok().content_type("text/html; charset=utf-8").body(markup.into_string()))
}
