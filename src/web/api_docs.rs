//! `/api/docs`: the API's OpenAPI document as a page for people.

use crate::api::openapi;
use crate::error::AppError;
use crate::state::AppState;
use crate::views::api_docs::api_docs;
use crate::views::layout::Chrome;
use actix_web::{web, HttpResponse};

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
    let markup = api_docs(openapi::json(), &chrome);
    Ok(HttpResponse::Ok().content_type("text/html; charset=utf-8").body(markup.into_string()))
}
