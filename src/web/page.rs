//! The one way a page handler starts: a `Page` gives it the signed-in user,
//! the token its forms carry, what the frame needs, and the notice left by the
//! save that led here (the GOV.UK success banner, with no JavaScript).

use crate::auth::csrf::{token_for, CsrfToken};
use crate::auth::session::Generation;
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
use futures_util::future::LocalBoxFuture;

/// The cookie that carries a notice from a save to the page it redirects to.
/// It is scoped to that page's path and names the path in its value, so it is
/// shown there and nowhere else, and it is cleared once shown.
const NOTICE_COOKIE: &str = "sustain_notice";
/// How long a notice waits for its page: the redirect is followed at once.
const NOTICE_SECONDS: i64 = 60;
/// Notices are short sentences; anything longer is cut.
const NOTICE_MAX: usize = 300;

/// What a page handler needs about the request.
#[derive(Debug, Clone)]
pub struct Page {
    pub user: CurrentUser,
    pub csrf: CsrfToken,
    /// The success message of the save that led here, shown once.
    pub notice: Option<String>,
    /// The council's name and colour, from the cached plan.
    pub authority: String,
    pub colour: String,
    /// The path asked for, and its query parameters, for links back to the same page.
    pub path: String,
    pub query: Vec<(String, String)>,
    /// Today's date in England, by the application's clock.
    pub today: chrono::NaiveDate,
    /// The data generation the request reads at.
    pub generation: Generation,
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
            colour: Some(self.colour.clone()),
            has_owner: self.user.owner_id.is_some(),
            printed_on: Some(self.today),
            ..Chrome::default()
        }
    }

    /// The frame of a page that shows things as at a date, with the form to
    /// pick another date and, for a past one, the banner with a link to today.
    pub fn dated(&self, section: &'static str, as_at: AsAt) -> Chrome {
        let params = self
            .query
            .iter()
            .filter(|(name, _)| !["as_at", "as_recorded", "page"].contains(&name.as_str()))
            .cloned()
            .collect();
        // Read and checked by the page's `read::as_at` before it got here.
        let recorded = super::read::as_recorded(self).ok().flatten();
        Chrome {
            as_at: Some(AsAtFrame { date: as_at.date(), today: self.today, path: self.path.clone(), params, recorded }),
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
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let user = req.extensions().get::<CurrentUser>().cloned();
        let generation = req.extensions().get::<Generation>().copied();
        let state = req.app_data::<actix_web::web::Data<AppState>>().cloned();
        let notice = notice_for(req);
        let csrf = token_for(req);
        let path = req.path().to_string();
        let query = url::form_urlencoded::parse(req.query_string().as_bytes()).into_owned().collect();
        Box::pin(async move {
            let (Some(user), Some(generation), Some(state)) = (user, generation, state) else {
                return Err(AppError::Unauthorized);
            };
            // The council's details come with the plan this request reads
            // anyway: no statement of their own.
            let snapshot = state.plan(generation).await?;
            let (authority, colour) = (snapshot.authority().to_string(), snapshot.colour().to_string());
            let today = state.today();
            Ok(Page { user, csrf, notice, authority, colour, path, query, today, generation })
        })
    }
}

/// Today's date in England by the application's clock.
pub fn today_of(req: &HttpRequest) -> chrono::NaiveDate {
    match req.app_data::<actix_web::web::Data<AppState>>() {
        Some(state) => state.today(),
        None => crate::config::Clock::system().today(),
    }
}

/// The council's name and colour as this instance last read them (a page
/// made outside a handler has no plan of its own), else the settings' name.
fn council_of(req: &HttpRequest) -> (String, Option<String>) {
    let state = req.app_data::<actix_web::web::Data<AppState>>();
    match state.and_then(|s| s.plans.latest()) {
        Some(snapshot) => (snapshot.authority().to_string(), Some(snapshot.colour().to_string())),
        None => (state.map(|s| s.config.authority().to_string()).unwrap_or_default(), None),
    }
}

/// The frame for a page made outside a handler (an error page): the user
/// when the request is signed in, and the council's name.
pub fn chrome_for(req: &HttpRequest, user: Option<&CurrentUser>) -> Chrome {
    let (authority, colour) = council_of(req);
    Chrome {
        user: user.map(|u| (u.name.clone(), u.role)),
        csrf: user.map(|_| token_for(req).0).unwrap_or_default(),
        has_owner: user.is_some_and(|u| u.owner_id.is_some()),
        authority,
        colour,
        printed_on: Some(today_of(req)),
        ..Chrome::default()
    }
}

/// The checks' context for a request made today.
pub fn context(state: &AppState) -> Context {
    state.context()
}

/// A redirect after a successful save, carrying a notice for the page it goes to.
pub fn saved(path: impl Into<String>, notice: impl Into<String>) -> HttpResponse {
    let target: String = path.into();
    let notice: String = notice.into().chars().take(NOTICE_MAX).collect();
    let for_path = path_of(&target);
    let cookie = Cookie::build(NOTICE_COOKIE, format!("{}|{}", encode(for_path), encode(&notice)))
        .path(cookie_path(for_path))
        .http_only(true)
        .same_site(SameSite::Strict)
        .max_age(actix_web::cookie::time::Duration::seconds(NOTICE_SECONDS))
        .finish();
    HttpResponse::SeeOther().insert_header((LOCATION, target)).cookie(cookie).finish()
}

/// The page a form was opened from (`return`), when it is a plain path on
/// this site, checked as the sign-in redirect is; anything else is dropped.
pub fn returning(requested: Option<&str>) -> Option<String> {
    let path = requested.map(str::trim).filter(|r| !r.is_empty())?;
    (super::signin::safe_next(Some(path)) == path).then(|| path.to_string())
}

/// Where a form sends the user after saving: the page it was opened from
/// when that is a plain local path, else `otherwise`.
pub fn return_to(requested: Option<&str>, otherwise: String) -> String {
    returning(requested).unwrap_or(otherwise)
}

/// The path of an address, without its query.
fn path_of(target: &str) -> &str {
    target.split(['?', '#']).next().unwrap_or("/")
}

/// The cookie's `Path`: the page's own path when it is plain, so the browser
/// sends it only there (and below it, where the path in the value rules it out).
fn cookie_path(path: &str) -> String {
    let plain = path.starts_with('/') && path.chars().all(|c| c.is_ascii_alphanumeric() || "/-._".contains(c));
    if plain {
        path.to_string()
    } else {
        "/".to_string()
    }
}

/// The notice meant for this request's page, if any: a cookie for another
/// path (a page below it, or a stale one) shows nothing.
fn notice_for(req: &HttpRequest) -> Option<String> {
    let cookie = req.cookie(NOTICE_COOKIE)?;
    let (for_path, text) = cookie.value().split_once('|')?;
    (decode(for_path) == req.path()).then(|| decode(text)).filter(|n| !n.is_empty())
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

/// Clears the notice once its page has been shown with it, so that it is seen once.
pub async fn clear_notice(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let had_notice = notice_for(req.request()).is_some();
    let mut res = next.call(req).await?;
    let shown = res.status().is_success() && res.request().method() == actix_web::http::Method::GET;
    if had_notice && shown {
        let path = cookie_path(res.request().path());
        let mut removal = Cookie::build(NOTICE_COOKIE, "").path(path).finish();
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
