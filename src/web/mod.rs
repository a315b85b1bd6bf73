//! HTML pages: one file per resource, the route table, and error pages.

pub mod actions;
pub mod areas;
pub mod assets;
pub mod errors;
pub mod evidence;
pub mod forms;
pub mod health;
pub mod routes;
pub mod signin;
pub mod users;

use crate::auth::csrf::CsrfToken;
use crate::auth::CurrentUser;
use crate::views::Chrome;

/// The frame's data for a signed-in page.
pub fn chrome(user: &CurrentUser, csrf: &CsrfToken, current: &'static str) -> Chrome {
    Chrome { user: Some((user.name.clone(), user.role)), csrf: csrf.0.clone(), current }
}

/// An HTML response with a status.
pub fn html(status: actix_web::http::StatusCode, markup: maud::Markup) -> actix_web::HttpResponse {
    actix_web::HttpResponse::build(status).content_type("text/html; charset=utf-8").body(markup.into_string())
}

/// A redirect after a successful form, so reloading does not post again.
pub fn see_other(path: impl Into<String>) -> actix_web::HttpResponse {
    actix_web::HttpResponse::SeeOther().insert_header((actix_web::http::header::LOCATION, path.into())).finish()
}
