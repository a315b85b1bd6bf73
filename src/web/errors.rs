//! Turns errors on HTML pages into pages: 401 becomes a trip to sign-in, other
//! errors a page with a plain message and the signed-in user in the frame. JSON
//! routes keep their JSON bodies, and any error that is not ours is answered in
//! our words and shape either way.

use super::dates::{typed_again, DATE_PARAMS};
use super::page::chrome_for;
use crate::auth::session::authenticate;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::views::errors::{date_error_page, error_page, DateRetry};
use crate::views::Chrome;
use actix_web::body::{BodySize, BoxBody, EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{CONTENT_TYPE, LOCATION, RETRY_AFTER};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpRequest, HttpResponse, ResponseError};

fn is_api(path: &str) -> bool {
    path.starts_with("/api/")
}

/// What an error page says: its heading, its message, and for a refused
/// "as at" date the path to offer as it stands today.
struct Said {
    heading: String,
    message: String,
    today: bool,
}

/// The dates of the address that an error refuses: `as_at`, `since`... with
/// their errors, whichever part of the date they are filed under.
fn refused_dates(error: Option<&AppError>) -> Vec<&'static str> {
    let Some(AppError::Invalid(fields)) = error else { return Vec::new() };
    DATE_PARAMS
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| {
            let parts = [name.to_string(), format!("{name}-month"), format!("{name}-year")];
            fields.iter().any(|e| parts.contains(&e.field))
        })
        .collect()
}

/// The legend a refused date's fields are shown under.
fn legend(name: &str) -> &'static str {
    match name {
        "as_at" => "Show as at",
        "since" => "Changes since",
        "from" => "From",
        _ => "To",
    }
}

fn said(status: StatusCode, error: Option<&AppError>) -> Said {
    // A refused "as at" date says why, and offers the same page today.
    let as_at_refused = !refused_dates(error).is_empty();
    let heading = match error {
        _ if as_at_refused => "That date cannot be shown".to_string(),
        Some(AppError::Unavailable | AppError::StorageFull) => "Sorry, the service is unavailable".to_string(),
        _ => heading(status),
    };
    let message = match error {
        Some(AppError::Invalid(fields)) => fields.iter().map(|e| e.message.clone()).collect::<Vec<_>>().join(" "),
        Some(app_error) => app_error.public_message(),
        None => generic(status),
    };
    Said { heading, message, today: as_at_refused }
}

/// Renders error responses of pages as HTML, and makes sure every error of
/// the API is in its JSON shape: an error that is not ours (a bare 405 from the
/// router, an extractor's own error) is answered in our words either way.
pub async fn render_errors(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody, BoxBody>>, actix_web::Error> {
    let path = req.path().to_string();
    let res = next.call(req).await?;
    let status = res.status();
    if status.is_success() || status.is_redirection() || status.is_informational() {
        return Ok(res.map_into_left_body());
    }
    let bare = matches!(res.response().body().size(), BodySize::None | BodySize::Sized(0));
    let foreign = res.response().error().is_some_and(|e| e.as_error::<AppError>().is_none());
    let ours = res.response().error().and_then(|e| e.as_error::<AppError>());
    if is_api(&path) {
        // Our errors already answer the API in its shape; others are put in it.
        if ours.is_some() || !(bare || foreign) {
            return Ok(res.map_into_left_body());
        }
        let mut json = AppError::for_status(status).error_response();
        *json.status_mut() = status;
        let (req, _) = res.into_parts();
        return Ok(ServiceResponse::new(req, json).map_into_right_body());
    }
    if ours.is_none() && !(bare || foreign) {
        return Ok(res.map_into_left_body());
    }
    if matches!(ours, Some(AppError::Unauthorized)) {
        let target = format!("/sign-in?next={}", urlencode(&path));
        let (req, _) = res.into_parts();
        let page = HttpResponse::SeeOther().insert_header((LOCATION, target)).finish();
        return Ok(ServiceResponse::new(req, page).map_into_right_body());
    }
    // A person is told the service is unavailable; only the API hears 507.
    let outage = matches!(ours, Some(AppError::Unavailable | AppError::StorageFull));
    let status = if outage { StatusCode::SERVICE_UNAVAILABLE } else { status };
    let words = said(status, ours);
    let retry_after = res.headers().get(RETRY_AFTER).cloned();
    let dates = refused_dates(ours);
    let date_errors = match ours {
        Some(AppError::Invalid(errors)) if !dates.is_empty() => Some(errors.clone()),
        _ => None,
    };
    let (req, _) = res.into_parts();
    // In an outage the database is not asked again who is signed in.
    let user = if outage { req.extensions().get::<CurrentUser>().cloned() } else { signed_in(&req).await };
    let chrome = chrome_for(&req, user.as_ref());
    if let Some(errors) = &date_errors {
        let query: Vec<(String, String)> =
            url::form_urlencoded::parse(req.query_string().as_bytes()).into_owned().collect();
        let refused =
            |key: &str| dates.iter().any(|n| key == *n || key.strip_prefix(n).is_some_and(|r| r.starts_with('-')));
        let retry = DateRetry {
            path: &path,
            params: query.iter().filter(|(k, _)| !refused(k) && k != "page").cloned().collect(),
            dates: dates.iter().map(|n| (*n, legend(n), typed_again(&query, n))).collect(),
            errors,
        };
        let markup = date_error_page(&words.heading, &retry, &path, &chrome);
        let page = HttpResponse::build(status)
            .insert_header((CONTENT_TYPE, "text/html; charset=utf-8"))
            .body(markup.into_string());
        return Ok(ServiceResponse::new(req, page).map_into_right_body());
    }
    let today = words.today.then_some(path.as_str());
    let mut page = html(status, (&words.heading, &words.message, today), &chrome);
    // A busy server says when to come back, on the page as in the API.
    if let Some(after) = retry_after {
        page.headers_mut().insert(RETRY_AFTER, after);
    }
    Ok(ServiceResponse::new(req, page).map_into_right_body())
}

fn urlencode(path: &str) -> String {
    url::form_urlencoded::byte_serialize(path.as_bytes()).collect()
}

fn heading(status: StatusCode) -> String {
    match status.as_u16() {
        400 | 405 | 415 => "The request could not be used".into(),
        403 => "You do not have access to this".into(),
        404 => "Page not found".into(),
        409 => "This was changed by someone else".into(),
        413 => "What you sent is too large".into(),
        422 => "There is a problem with what you entered".into(),
        429 => "Too many attempts".into(),
        503 => "Sustain is busy".into(),
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

fn html(status: StatusCode, (heading, message, today): (&str, &str, Option<&str>), chrome: &Chrome) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header((CONTENT_TYPE, "text/html; charset=utf-8"))
        .body(error_page(status.as_u16(), (heading, message), today, chrome).into_string())
}

/// The signed-in user, so an error page still shows who is signed in: the
/// access check has found them on every route but the unmatched paths,
/// where they are looked up now.
async fn signed_in(req: &HttpRequest) -> Option<CurrentUser> {
    if let Some(user) = req.extensions().get::<CurrentUser>().cloned() {
        return Some(user);
    }
    authenticate(req).await.ok().flatten().map(|(user, _)| user)
}

/// The page for paths that match no route.
pub async fn not_found(req: HttpRequest) -> Result<HttpResponse, AppError> {
    Err(AppError::nothing_at(req.path()))
}
