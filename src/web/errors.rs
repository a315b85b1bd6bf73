//! Turns errors on HTML pages into pages: 401 becomes a trip to sign-in, other
//! errors a page with a plain message. JSON routes keep their JSON bodies.

use crate::error::AppError;
use crate::views::errors::error_page;
use crate::views::Chrome;
use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{CONTENT_TYPE, LOCATION};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse};

fn is_api(path: &str) -> bool {
    path.starts_with("/api/")
}

/// Renders error responses of pages as HTML.
pub async fn render_errors(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody, BoxBody>>, actix_web::Error> {
    let path = req.path().to_string();
    let res = next.call(req).await?;
    if is_api(&path) || res.status().is_success() || res.status().is_redirection() {
        return Ok(res.map_into_left_body());
    }
    let Some(error) = res.response().error() else { return Ok(res.map_into_left_body()) };
    let status = res.status();
    let page = match error.as_error::<AppError>() {
        Some(AppError::Unauthorized) => {
            let target = format!("/sign-in?next={}", urlencode(&path));
            HttpResponse::SeeOther().insert_header((LOCATION, target)).finish()
        }
        Some(app_error) => html(status, &heading(status), &app_error.public_message()),
        None => html(status, &heading(status), &generic(status)),
    };
    let (req, _) = res.into_parts();
    Ok(ServiceResponse::new(req, page).map_into_right_body())
}

fn urlencode(path: &str) -> String {
    url::form_urlencoded::byte_serialize(path.as_bytes()).collect()
}

fn heading(status: StatusCode) -> String {
    match status.as_u16() {
        400 => "The request could not be used".into(),
        403 => "You do not have access to this".into(),
        404 => "Page not found".into(),
        409 => "This was changed by someone else".into(),
        413 => "The file is too large".into(),
        422 => "There is a problem with what you entered".into(),
        429 => "Too many attempts".into(),
        _ => "Sorry, there is a problem with the service".into(),
    }
}

fn generic(status: StatusCode) -> String {
    match status.as_u16() {
        404 => "The page you asked for does not exist.".into(),
        405 => "That page cannot be used in this way.".into(),
        413 => "What you sent is larger than Sustain accepts.".into(),
        s if s < 500 => "The request could not be used. Go back and try again.".into(),
        _ => "Try again later.".into(),
    }
}

fn html(status: StatusCode, heading: &str, message: &str) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header((CONTENT_TYPE, "text/html; charset=utf-8"))
        .body(error_page(status.as_u16(), heading, message, &Chrome::default()).into_string())
}

/// The page for paths that match no route.
pub async fn not_found(req: HttpRequest) -> Result<HttpResponse, AppError> {
    Err(AppError::NotFound(format!("Nothing is at {}", req.path())))
}
