//! Protection against cross-site request forgery for HTML forms.
//!
//! A signed-in session's forms carry a token derived from the session's id with
//! the server's secret: a token taken from another session, or made up, never
//! matches, and is refused with 403. Before sign-in (the sign-in form itself)
//! the token is a random value held in a `SameSite=Strict`, HttpOnly cookie and
//! repeated in the form. Bearer-token API calls are not forms and are not sent
//! by browsers on their own, so they need no token.

use crate::domain::fields::FieldErrors;
use crate::error::{AppError, UNREADABLE_FORM};
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

/// The token of the request's session, if it is signed in.
fn session_token(req: &HttpRequest) -> Option<String> {
    let session_id = req.extensions().get::<super::CurrentUser>().map(|u| u.session_id.clone())?;
    let state = req.app_data::<web::Data<super::AuthState>>()?;
    Some(state.keys.csrf_token(&session_id))
}

/// The request's token: its session's when signed in, else the cookie's,
/// making one if the browser sent none.
pub fn token_for(req: &HttpRequest) -> CsrfToken {
    if let Some(token) = session_token(req) {
        return CsrfToken(token);
    }
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

/// Checks a submitted token: against the session's own when signed in, else
/// against the cookie.
pub fn check(req: &HttpRequest, submitted: &str) -> Result<(), AppError> {
    if req.extensions().get::<super::CurrentUser>().is_some() {
        return match session_token(req) {
            Some(expected) if !submitted.is_empty() && same(&expected, submitted) => Ok(()),
            _ => Err(AppError::FormFromElsewhere),
        };
    }
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
            // The parser's own words never reach the page: they mean nothing to a person.
            let unreadable = || AppError::BadRequest(UNREADABLE_FORM.into());
            let bytes = body.await.map_err(|e| match e.as_response_error().status_code() {
                actix_web::http::StatusCode::PAYLOAD_TOO_LARGE => {
                    AppError::TooLarge("The form is larger than Sustain accepts.".into())
                }
                _ => unreadable(),
            })?;
            let field: TokenField = serde_urlencoded::from_bytes(&bytes).map_err(|_| unreadable())?;
            check(&req, &field.csrf_token)?;
            let not_text = not_utf8(&bytes);
            if !not_text.is_empty() {
                return Err(AppError::Invalid(not_text));
            }
            let form = serde_urlencoded::from_bytes(&bytes).map_err(|_| unreadable())?;
            Ok(CheckedForm(form))
        })
    }
}

/// The fields of a URL-encoded body whose values, once decoded, are not UTF-8
/// text. The parser would put U+FFFD in place of each such byte, and that
/// would be stored; instead the form is refused, naming the field.
fn not_utf8(body: &[u8]) -> FieldErrors {
    let decode = |raw: &[u8]| -> Vec<u8> {
        let spaced: Vec<u8> = raw.iter().map(|b| if *b == b'+' { b' ' } else { *b }).collect();
        percent_encoding::percent_decode(&spaced).collect()
    };
    let mut errors = FieldErrors::new();
    for pair in body.split(|b| *b == b'&').filter(|pair| !pair.is_empty()) {
        let mut parts = pair.splitn(2, |b| *b == b'=');
        let name = decode(parts.next().unwrap_or_default());
        let value = decode(parts.next().unwrap_or_default());
        if std::str::from_utf8(&name).is_err() || std::str::from_utf8(&value).is_err() {
            let name = String::from_utf8_lossy(&name).into_owned();
            let message = format!("The {name} field is not UTF-8 text, so it cannot be stored: type it again");
            errors.add(&name, message);
        }
    }
    errors
}

/// Sets the cookie for a token made while answering this request.
pub async fn issue_cookie(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    let secure = req.app_data::<web::Data<super::AuthState>>().map(|s| s.https).unwrap_or(false);
    let mut res = next.call(req).await?;
    let fresh = res.request().extensions().get::<NewCsrfToken>().cloned();
    if let Some(NewCsrfToken(token)) = fresh {
        res.response_mut().add_cookie(&cookie(&token, secure)).map_err(actix_web::error::ErrorInternalServerError)?;
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_that_is_not_utf8_is_named_and_text_in_any_language_is_not() {
        let errors = not_utf8(b"csrf_token=abc&title=Front%FF+door&note=caf%C3%A9+%E2%9C%93");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["title"]);
        assert!(errors.for_field("title").is_some_and(|m| m.contains("not UTF-8")));
        assert!(not_utf8(b"title=%EF%BF%BD+kept&empty=&=").is_empty(), "U+FFFD typed as itself is text");
    }
}
