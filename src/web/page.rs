//! The one way a page handler starts: a `Page` gives it the signed-in user,
//! the token its forms carry, what the frame needs, and the notice left by the
//! save that led here (the GOV.UK success banner, with no JavaScript).

use crate::auth::csrf::{token_for, CsrfToken};
use crate::auth::CurrentUser;
use crate::db::Actor;
use crate::domain::dates::AsAt;
use crate::domain::valid::Context;
use crate::error::AppError;
use crate::state::AppState;
use crate::views::layout::AsAtFrame;
use crate::views::Chrome;
use actix_web::body::MessageBody;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::LOCATION;
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage, HttpRequest, HttpResponse};
use std::future::{ready, Ready};

/// The cookie that carries a notice from a save to the page it redirects to.
const NOTICE_COOKIE: &str = "sustain_notice";
/// Notices are short sentences; anything longer is cut.
const NOTICE_MAX: usize = 300;

/// What a page handler needs about the request.
#[derive(Debug, Clone)]
pub struct Page {
    pub user: CurrentUser,
    pub csrf: CsrfToken,
    /// The success message of the save that led here, shown once.
    pub notice: Option<String>,
    /// The council's name, from the settings.
    pub authority: String,
    /// The path asked for, and its query parameters, for links back to the same page.
    pub path: String,
    pub query: Vec<(String, String)>,
    /// Today's date in England, by the application's clock.
    pub today: chrono::NaiveDate,
}

impl Page {
    /// The frame's data, with `section` marked as current in the navigation.
    pub fn chrome(&self, section: &'static str) -> Chrome {
        Chrome {
            user: Some((self.user.name.clone(), self.user.role)),
            csrf: self.csrf.0.clone(),
            current: section,
            notice: self.notice.clone(),
            authority: self.authority.clone(),
            has_owner: self.user.owner_id.is_some(),
            printed_on: Some(self.today),
            ..Chrome::default()
        }
    }

    /// The frame of a page that shows things as at a date, with the form to
    /// pick another date and, for a past one, the banner with a link to today.
    pub fn dated(&self, section: &'static str, as_at: AsAt) -> Chrome {
        let params = self.query.iter().filter(|(name, _)| name != "as_at" && name != "page").cloned().collect();
        Chrome {
            as_at: Some(AsAtFrame { date: as_at.date(), today: self.today, path: self.path.clone(), params }),
            ..self.chrome(section)
        }
    }

    /// A query parameter that may be given once only: an address that repeats
    /// it is refused in our words rather than read one way or the other.
    pub fn single(&self, name: &str) -> Result<Option<&str>, AppError> {
        if self.query.iter().filter(|(n, _)| n == name).count() > 1 {
            return Err(AppError::BadRequest(format!(
                "The address could not be read: {name} is given more than once. Give it once."
            )));
        }
        Ok(self.param(name))
    }

    /// A query parameter of the request, if given and not blank.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(n, _)| n == name).map(|(_, v)| v.trim()).filter(|v| !v.is_empty())
    }

    /// The signed-in user as the author of a change, now.
    pub fn actor(&self) -> Actor {
        Actor::user(self.user.id, &self.user.name)
    }
}

impl FromRequest for Page {
    type Error = AppError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let user = req.extensions().get::<CurrentUser>().cloned();
        let Some(user) = user else { return ready(Err(AppError::Unauthorized)) };
        let notice = req.cookie(NOTICE_COOKIE).map(|c| decode(c.value())).filter(|n| !n.is_empty());
        let authority = authority_of(req);
        let query = url::form_urlencoded::parse(req.query_string().as_bytes()).into_owned().collect();
        let today = today_of(req);
        ready(Ok(Page { user, csrf: token_for(req), notice, authority, path: req.path().to_string(), query, today }))
    }
}

/// Today's date in England by the application's clock.
pub fn today_of(req: &HttpRequest) -> chrono::NaiveDate {
    match req.app_data::<actix_web::web::Data<AppState>>() {
        Some(state) => state.today(),
        None => crate::config::Clock::system().today(),
    }
}

/// The council's name from the settings.
pub fn authority_of(req: &HttpRequest) -> String {
    req.app_data::<actix_web::web::Data<AppState>>().map(|s| s.config.authority().to_string()).unwrap_or_default()
}

/// The frame for a page made outside a handler (an error page): the user
/// when the request is signed in, and the council's name.
pub fn chrome_for(req: &HttpRequest, user: Option<&CurrentUser>) -> Chrome {
    Chrome {
        user: user.map(|u| (u.name.clone(), u.role)),
        csrf: user.map(|_| token_for(req).0).unwrap_or_default(),
        has_owner: user.is_some_and(|u| u.owner_id.is_some()),
        authority: authority_of(req),
        printed_on: Some(today_of(req)),
        ..Chrome::default()
    }
}

/// The checks' context for a request made today.
pub fn context(state: &AppState) -> Context {
    state.context()
}

/// A redirect after a successful save, carrying a notice for the next page.
pub fn saved(path: impl Into<String>, notice: impl Into<String>) -> HttpResponse {
    let notice: String = notice.into().chars().take(NOTICE_MAX).collect();
    let cookie = Cookie::build(NOTICE_COOKIE, encode(&notice))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .max_age(actix_web::cookie::time::Duration::minutes(5))
        .finish();
    HttpResponse::SeeOther().insert_header((LOCATION, path.into())).cookie(cookie).finish()
}

fn encode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

fn decode(text: &str) -> String {
    let decoded: String = url::form_urlencoded::parse(format!("n={text}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    // The notice is shown once, as text; control characters have no place in it.
    decoded.chars().filter(|c| !c.is_control()).take(NOTICE_MAX).collect()
}

/// Clears the notice once a page has been shown with it, so that it is seen once.
pub async fn clear_notice(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let had_notice = req.cookie(NOTICE_COOKIE).is_some();
    let mut res = next.call(req).await?;
    let shown = res.status().is_success() && res.request().method() == actix_web::http::Method::GET;
    if had_notice && shown {
        let mut removal = Cookie::build(NOTICE_COOKIE, "").path("/").finish();
        removal.make_removal();
        res.response_mut().add_cookie(&removal).map_err(actix_web::error::ErrorInternalServerError)?;
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_survives_its_cookie_and_loses_control_characters() {
        assert_eq!(
            decode(&encode("Action 1.3 saved: \"Train MASH managers\"")),
            "Action 1.3 saved: \"Train MASH managers\""
        );
        assert_eq!(decode(&encode("bad\u{0}\nnotice")), "badnotice");
    }
}
