//! Signing in and out.

use crate::app::AppState;
use crate::auth::credentials::{self, Attempt};
use crate::auth::csrf::{self, CheckedForm, CsrfToken};
use crate::auth::session::session_cookie;
use crate::auth::{CurrentUser, SESSION_COOKIE};
use crate::domain::fields::FieldErrors;
use crate::error::AppError;
use crate::views::signin::sign_in_page;
use crate::views::Chrome;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::header::LOCATION;
use actix_web::{web, HttpRequest, HttpResponse};

/// The address throttling counts by: the connection's peer. Behind a proxy
/// this is the proxy, so per-account throttling is what protects accounts there.
pub fn client_address(req: &HttpRequest) -> String {
    req.peer_addr().map(|a| a.ip().to_string()).unwrap_or_else(|| "unknown".into())
}
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// Only paths on this site are followed after sign-in.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => path.to_string(),
        _ => "/".to_string(),
    }
}

fn page(email: &str, next: &str, errors: &FieldErrors, csrf: &CsrfToken) -> maud::Markup {
    let chrome = Chrome { user: None, csrf: csrf.0.clone(), current: "" };
    sign_in_page(email, next, errors, &chrome)
}

/// The sign-in form.
pub async fn form(query: web::Query<NextQuery>, csrf: CsrfToken) -> HttpResponse {
    let next = safe_next(query.next.as_deref());
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(page("", &next, &FieldErrors::new(), &csrf).into_string())
}

#[derive(Debug, Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

/// Checks the credentials; on success sets the session cookie and a fresh CSRF token.
pub async fn submit(
    req: HttpRequest,
    state: web::Data<AppState>,
    csrf: CsrfToken,
    CheckedForm(form): CheckedForm<SignInForm>,
) -> Result<HttpResponse, AppError> {
    let next = safe_next(form.next.as_deref());
    let mut errors = FieldErrors::new();
    if form.email.trim().is_empty() {
        errors.add("email", "Enter your email address");
    }
    if form.password.is_empty() {
        errors.add("password", "Enter your password");
    }
    if !errors.is_empty() {
        return Ok(HttpResponse::UnprocessableEntity()
            .content_type("text/html; charset=utf-8")
            .body(page(&form.email, &next, &errors, &csrf).into_string()));
    }
    let email = form.email.clone();
    let given = form.password.clone();
    let address = client_address(&req);
    let attempt = state.db(move |conn| Ok(credentials::attempt(conn, &email, &given, &address)?)).await?;
    let user = match attempt {
        Attempt::Accepted(user) => user,
        Attempt::Refused | Attempt::Throttled => {
            let throttled = matches!(attempt, Attempt::Throttled);
            let message = if throttled { credentials::THROTTLED } else { credentials::WRONG_CREDENTIALS };
            let errors = FieldErrors::one("email", message);
            let mut response = if throttled { HttpResponse::TooManyRequests() } else { HttpResponse::Unauthorized() };
            return Ok(response
                .content_type("text/html; charset=utf-8")
                .body(page(&form.email, &next, &errors, &csrf).into_string()));
        }
    };
    let (token, _) = state.keys.issue(user.id, user.role(), user.token_version).map_err(AppError::unexpected)?;
    let secure = state.config.https;
    let session = session_cookie(token, secure, state.keys.lifetime());
    Ok(HttpResponse::SeeOther()
        .insert_header((LOCATION, next))
        .cookie(session)
        .cookie(csrf::cookie(&csrf::new_token(), secure))
        .finish())
}

/// Ends the session in this browser.
pub async fn sign_out(
    state: web::Data<AppState>,
    _user: CurrentUser,
    CheckedForm(_form): CheckedForm<serde_json::Value>,
) -> HttpResponse {
    let secure = state.config.https;
    let mut expired =
        Cookie::build(SESSION_COOKIE, "").path("/").http_only(true).secure(secure).same_site(SameSite::Strict).finish();
    expired.make_removal();
    HttpResponse::SeeOther()
        .insert_header((LOCATION, "/sign-in"))
        .cookie(expired)
        .cookie(csrf::cookie(&csrf::new_token(), secure))
        .finish()
}
