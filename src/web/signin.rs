//! Signing in and out.

use super::html;
use super::page::Page;
use crate::auth::credentials::{self, client_address, Attempt, Given};
use crate::auth::csrf::{self, CheckedForm, CsrfToken};
use crate::auth::device::Device;
use crate::auth::session::{self, session_cookie};
use crate::auth::SESSION_COOKIE;
use crate::config::PasswordSignIn;
use crate::db::sessions::{self as stored_sessions, Ended};
use crate::domain::fields::FieldErrors;
use crate::domain::kinds::SessionKind;
use crate::error::AppError;
use crate::state::AppState;
use crate::views::signin::{sign_in_page, SignInChoices};
use crate::views::Chrome;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::header::LOCATION;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// Where to go after signing in: only a path on this site made of characters
/// that cannot take a browser elsewhere (no second slash or backslash at the
/// start, no spaces, tabs or line breaks anywhere); anything else is the overview.
pub fn safe_next(next: Option<&str>) -> String {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "/-._~?=&%+,:@".contains(c);
    match next {
        Some(path)
            if path.starts_with('/') && !path.starts_with("//") && path.len() <= 500 && path.chars().all(allowed) =>
        {
            path.to_string()
        }
        _ => "/".to_string(),
    }
}

fn page(state: &AppState, email: &str, next: &str, errors: &FieldErrors, csrf: &CsrfToken) -> maud::Markup {
    let chrome = Chrome { csrf: csrf.0.clone(), ..Chrome::default() };
    let choices = SignInChoices {
        providers: state.providers.all().iter().map(|p| (p.id.clone(), p.settings.name.clone())).collect(),
        passwords_for_admins_only: state.config.oidc.password_sign_in == PasswordSignIn::AdminsOnly,
    };
    sign_in_page(email, next, errors, &choices, &chrome)
}

/// The sign-in form.
pub async fn form(state: web::Data<AppState>, query: web::Query<NextQuery>, csrf: CsrfToken) -> HttpResponse {
    let next = safe_next(query.next.as_deref());
    html(StatusCode::OK, page(&state, "", &next, &FieldErrors::new(), &csrf))
}

#[derive(Debug, Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

/// Checks the credentials; on success starts a session and sets its cookie.
pub async fn submit(
    req: HttpRequest,
    state: web::Data<AppState>,
    csrf: CsrfToken,
    CheckedForm(form): CheckedForm<SignInForm>,
) -> Result<HttpResponse, AppError> {
    let next = safe_next(form.next.as_deref());
    let mut email = form.email.clone();
    let errors = credentials::read_given(&mut email, &form.password);
    if !errors.is_empty() {
        return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, page(&state, &form.email, &next, &errors, &csrf)));
    }
    let device = Device::from_request(&req, state.keys());
    let given = Given { email, password: form.password.clone(), address: client_address(&req), device: device.clone() };
    let attempt = credentials::sign_in(&state.pool, &state.hasher, &state.sign_ins, given).await?;
    let user = match attempt {
        Attempt::Accepted(user) => user,
        Attempt::Refused | Attempt::Throttled | Attempt::Busy => {
            let (status, message) = match attempt {
                Attempt::Throttled => (StatusCode::TOO_MANY_REQUESTS, credentials::THROTTLED),
                Attempt::Busy => (StatusCode::TOO_MANY_REQUESTS, credentials::BUSY),
                _ => (StatusCode::UNAUTHORIZED, credentials::WRONG_CREDENTIALS),
            };
            let errors = FieldErrors::one("email", message);
            return Ok(html(status, page(&state, &form.email, &next, &errors, &csrf)));
        }
    };
    if !credentials::password_allowed(&state.config.oidc, user.role) {
        credentials::refuse_password(&state.pool, &user).await?;
        let errors = FieldErrors::one("email", credentials::USE_A_PROVIDER);
        return Ok(html(StatusCode::FORBIDDEN, page(&state, &form.email, &next, &errors, &csrf)));
    }
    let (token, _) = session::start(&state.auth, &user, SessionKind::Browser, &req).await?;
    let secure = state.config.https;
    let session = session_cookie(token, secure, state.keys().lifetime());
    // This browser is now known for the account, so a lock on the account
    // (after guesses from elsewhere) will not stop its owner here.
    let known = Device::after_sign_in(device, user.id).cookie(state.keys(), secure);
    Ok(HttpResponse::SeeOther()
        .insert_header((LOCATION, next))
        .cookie(session)
        .cookie(known)
        .cookie(super::oidc::provider_removal(secure))
        .cookie(csrf::cookie(&csrf::new_token(), secure))
        .finish())
}

/// The cookie that removes the session cookie from the browser.
pub fn session_removal(secure: bool) -> Cookie<'static> {
    let mut expired =
        Cookie::build(SESSION_COOKIE, "").path("/").http_only(true).secure(secure).same_site(SameSite::Strict).finish();
    expired.make_removal();
    expired
}

/// Ends the session: the row is marked ended, so the cookie is worthless even
/// if it was copied, and the browser is told to forget it.
pub async fn sign_out(
    req: HttpRequest,
    state: web::Data<AppState>,
    page: Page,
    CheckedForm(_form): CheckedForm<serde_json::Value>,
) -> Result<HttpResponse, AppError> {
    let (actor, user_id, session_id) = (page.actor(), page.user.id, page.user.session_id.clone());
    state.db(move |conn| Ok(stored_sessions::end(conn, &actor, user_id, &session_id, Ended::SignedOut)?)).await?;
    let secure = state.config.https;
    // Signed in through a provider: the next page offers signing out there too.
    let after = match req
        .cookie(super::oidc::PROVIDER_COOKIE)
        .and_then(|c| state.providers.get(c.value()).map(|p| p.id.clone()))
    {
        Some(provider) => format!("/signed-out?provider={provider}"),
        None => "/sign-in".to_string(),
    };
    Ok(HttpResponse::SeeOther()
        .insert_header((LOCATION, after))
        .cookie(session_removal(secure))
        .cookie(super::oidc::provider_removal(secure))
        .cookie(csrf::cookie(&csrf::new_token(), secure))
        .finish())
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_plain_paths_on_this_site_are_followed() {
        assert_eq!(safe_next(Some("/actions/3?as_at=2025-03-31")), "/actions/3?as_at=2025-03-31");
        for hostile in [
            "/\t/127.0.0.1:18198/pwned",
            "/\n/evil",
            "//evil.example",
            "/\\evil.example",
            "https://evil.example",
            "",
            "/a b",
        ] {
            assert_eq!(safe_next(Some(hostile)), "/", "{hostile:?}");
        }
        assert_eq!(safe_next(None), "/");
    }
}
