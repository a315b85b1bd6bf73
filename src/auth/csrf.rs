//! Protection against cross-site request forgery for HTML forms.
//!
//! Each browser session holds a random token in a `SameSite=Strict`, HttpOnly
//! cookie; every form carries the same token in a hidden field, and a POST whose
//! field does not match the cookie is refused. The token is replaced at sign-in
//! and sign-out, so it lasts one session. Bearer-token API calls are not forms
//! and are not sent by browsers on their own, so they need no token.

use crate::error::AppError;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::future::Future;
use std::pin::Pin;

/// The cookie holding the session's CSRF token.
pub const CSRF_COOKIE: &str = "sustain_csrf";
/// The hidden form field carrying it.
pub const CSRF_FIELD: &str = "csrf_token";

/// A fresh random token.
pub fn new_token() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The cookie that stores a token.
pub fn cookie(token: &str, secure: bool) -> Cookie<'static> {
    Cookie::build(CSRF_COOKIE, token.to_string())
        .path("/")
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Strict)
        .finish()
}

/// The token a page should put in its forms. When the browser has none yet, a
/// new one is made and left in the request's extensions for `issue_cookie`.
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

impl FromRequest for CsrfToken {
    type Error = AppError;
    type Future = std::future::Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(Ok(token_for(req)))
    }
}

/// A token newly made during this request, which the response must set.
#[derive(Debug, Clone)]
pub struct NewCsrfToken(pub String);

/// The request's token, making one if the browser sent none.
pub fn token_for(req: &HttpRequest) -> CsrfToken {
    if let Some(fresh) = req.extensions().get::<NewCsrfToken>() {
        return CsrfToken(fresh.0.clone());
    }
    if let Some(existing) = req.cookie(CSRF_COOKIE) {
        return CsrfToken(existing.value().to_string());
    }
    let token = new_token();
    req.extensions_mut().insert(NewCsrfToken(token.clone()));
    CsrfToken(token)
}

#[derive(Deserialize)]
struct TokenField {
    #[serde(default)]
    csrf_token: String,
}

fn same(a: &str, b: &str) -> bool {
    // Constant time in the length of the expected token.
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Checks a submitted token against the session's cookie.
pub fn check(req: &HttpRequest, submitted: &str) -> Result<(), AppError> {
    match req.cookie(CSRF_COOKIE) {
        Some(cookie) if !submitted.is_empty() && same(cookie.value(), submitted) => Ok(()),
        _ => Err(AppError::BadRequest(
            "This form has expired or did not come from Sustain. Go back, reload the page and try again.".into(),
        )),
    }
}

/// A URL-encoded form whose CSRF token has been checked. Every state-changing
/// HTML form is read through this extractor.
#[derive(Debug)]
pub struct CheckedForm<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for CheckedForm<T> {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let body = web::Bytes::from_request(&req, payload);
        Box::pin(async move {
            let bytes = body.await.map_err(|_| AppError::BadRequest("The form could not be read".into()))?;
            let field: TokenField = serde_urlencoded::from_bytes(&bytes)
                .map_err(|_| AppError::BadRequest("The form could not be read".into()))?;
            check(&req, &field.csrf_token)?;
            let form = serde_urlencoded::from_bytes(&bytes)
                .map_err(|e| AppError::BadRequest(format!("The form could not be read: {e}")))?;
            Ok(CheckedForm(form))
        })
    }
}

/// Sets the cookie for a token made while answering this request.
pub async fn issue_cookie(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    let secure = req.app_data::<web::Data<crate::app::AppState>>().map(|s| s.config.https).unwrap_or(false);
    let mut res = next.call(req).await?;
    let fresh = res.request().extensions().get::<NewCsrfToken>().cloned();
    if let Some(NewCsrfToken(token)) = fresh {
        res.response_mut().add_cookie(&cookie(&token, secure)).map_err(actix_web::error::ErrorInternalServerError)?;
    }
    Ok(res)
}
