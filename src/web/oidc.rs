//! Signing in through an OpenID provider: leaving for it, coming back from
//! it, and signing out of it too.

use super::html;
use crate::auth::credentials::client_address;
use crate::auth::csrf;
use crate::auth::device::Device;
use crate::auth::oidc::flow::{Flow, FLOW_COOKIE};
use crate::auth::oidc::{Failure, Provider};
use crate::auth::session::{self, session_cookie};
use crate::db::identities::{self, SignedOn, Vouched};
use crate::domain::kinds::SessionKind;
use crate::error::AppError;
use crate::state::AppState;
use crate::views::sign_on::{sign_on_problem_page, signed_in_page, signed_out_page};
use crate::views::Chrome;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::header::LOCATION;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

/// The cookie naming the provider a browser signed in through, so that
/// signing out can offer signing out there too. Not a secret.
pub const PROVIDER_COOKIE: &str = "sustain_signed_in_with";

/// The address people reach Sustain at: `[oidc] public_url`, else this request's own.
fn public_base(state: &AppState, req: &HttpRequest) -> String {
    match &state.config.oidc.public_url {
        Some(url) => url.trim_end_matches('/').to_string(),
        None => {
            // The Host header itself, not X-Forwarded-Host, which any client may send.
            let scheme = if state.config.https { "https" } else { "http" };
            let host = req.headers().get(actix_web::http::header::HOST).and_then(|h| h.to_str().ok());
            format!("{scheme}://{}", host.unwrap_or("localhost"))
        }
    }
}

fn provider_of<'a>(state: &'a AppState, req: &HttpRequest, id: &str) -> Result<&'a Provider, AppError> {
    state.providers.get(id).ok_or_else(|| AppError::nothing_at(req.path()))
}

fn problem(status: StatusCode, heading: &str, message: &str, secure: bool) -> HttpResponse {
    let mut response = html(status, sign_on_problem_page(heading, message, &Chrome::default()));
    let _ = response.add_cookie(&Flow::removal(secure));
    response
}

/// Tells the person what stopped their sign-in, logs it and records it in
/// change history: a provider out of reach is 502, an answer that does not
/// check out 400.
async fn stopped(
    state: &AppState,
    req: &HttpRequest,
    provider: &Provider,
    failure: Failure,
) -> Result<HttpResponse, AppError> {
    let name = &provider.settings.name;
    let (status, reason, heading, message) = match &failure {
        Failure::Unreachable { .. } => (
            StatusCode::BAD_GATEWAY,
            "unreachable",
            format!("Could not reach {name}"),
            format!("Sustain could not reach {name} to sign you in. Try again in a few minutes; if this goes on, tell your IT service."),
        ),
        Failure::Rejected { reason, .. } => (
            StatusCode::BAD_REQUEST,
            *reason,
            "Sign-in not completed".to_string(),
            match *reason {
                "state" | "no_flow" => "This sign-in did not start in this browser, or took more than 10 minutes. Start again from the sign-in page.".to_string(),
                "code_refused" => format!("{name} would not confirm this sign-in: its link has been used already or has expired. Start again from the sign-in page."),
                "provider_error" => format!("{name} did not sign you in. Start again from the sign-in page."),
                _ => format!("The answer from {name} did not pass Sustain's checks, so you are not signed in. Start again from the sign-in page; if this goes on, tell your IT service."),
            },
        ),
    };
    tracing::warn!(provider = %provider.id, reason, error = %failure, "sign-in through an OpenID provider stopped");
    let (id, address, at) = (provider.id.clone(), client_address(req), crate::db::history::now());
    state.db(move |conn| Ok(identities::refuse_unverified(conn, &id, reason, &address, at)?)).await?;
    Ok(problem(status, &heading, &message, state.config.https))
}

#[derive(Debug, Deserialize)]
pub struct StartQuery {
    next: Option<String>,
}

/// Sends the browser to the provider, carrying the flow in a signed cookie.
pub async fn start(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<String>,
    query: web::Query<StartQuery>,
) -> Result<HttpResponse, AppError> {
    let provider = provider_of(&state, &req, &id)?;
    let redirect_uri = format!("{}/auth/oidc/{}/callback", public_base(&state, &req), provider.id);
    let next = super::signin::safe_next(query.next.as_deref());
    match state.providers.begin(provider, redirect_uri, next, chrono::Utc::now()).await {
        Ok((url, flow)) => Ok(HttpResponse::SeeOther()
            .insert_header((LOCATION, url.to_string()))
            .cookie(flow.cookie(state.keys(), state.config.https))
            .finish()),
        Err(failure) => stopped(&state, &req, provider, failure).await,
    }
}

#[derive(Debug, Deserialize)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Where the provider sends the browser back: the state must be this
/// browser's, the code is exchanged once, and the ID token must check out
/// before anyone is signed in.
pub async fn callback(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<String>,
    query: web::Query<CallbackQuery>,
) -> Result<HttpResponse, AppError> {
    let provider = provider_of(&state, &req, &id)?;
    let rejected = |reason: &'static str, cause: &str| Failure::Rejected { reason, cause: cause.to_string() };
    let flow = req
        .cookie(FLOW_COOKIE)
        .and_then(|c| Flow::read(c.value(), state.keys(), chrono::Utc::now()))
        .filter(|f| f.provider == provider.id);
    let Some(flow) = flow else {
        return stopped(&state, &req, provider, rejected("no_flow", "no flow cookie of ours, or expired")).await;
    };
    if !query.state.as_deref().is_some_and(|s| same(s, &flow.state)) {
        return stopped(&state, &req, provider, rejected("state", "the state is not this browser's")).await;
    }
    if let Some(error) = &query.error {
        return stopped(&state, &req, provider, rejected("provider_error", error)).await;
    }
    let Some(code) = query.code.clone() else {
        return stopped(&state, &req, provider, rejected("no_code", "no code in the callback")).await;
    };
    let verified = match state.providers.finish(provider, &flow, code).await {
        Ok(verified) => verified,
        Err(failure) => return stopped(&state, &req, provider, failure).await,
    };
    let who = Vouched {
        provider: provider.id.clone(),
        provider_name: provider.settings.name.clone(),
        issuer: verified.issuer,
        subject: verified.subject,
        email: verified.email,
        email_vouched: verified.email_vouched,
        name: verified.name,
        mapped: verified.mapped,
        rules: verified.rules,
        client_address: client_address(&req),
    };
    let (context, at) = (state.context(), crate::db::history::now());
    let outcome = state.db(move |conn| Ok(identities::sign_on(conn, &who, &context, at)?)).await?;
    let user = match outcome {
        SignedOn::Accepted(user) => user,
        SignedOn::Refused(refusal) => {
            tracing::info!(provider = %provider.id, reason = ?refusal, "sign-in through an OpenID provider refused");
            let heading = "You cannot sign in to Sustain";
            return Ok(problem(StatusCode::FORBIDDEN, heading, refusal.words(), state.config.https));
        }
    };
    let (token, _) = session::start(&state.auth, &user, SessionKind::Browser, &req).await?;
    let secure = state.config.https;
    let device = Device::after_sign_in(Device::from_request(&req, state.keys()), user.id);
    let signed_in_with = Cookie::build(PROVIDER_COOKIE, provider.id.clone())
        .path("/")
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Strict)
        .finish();
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        // A navigation from this page is one from this site, so the session
        // cookie (SameSite=Strict) goes with it; a redirect straight from the
        // provider's answer would not carry it.
        .insert_header(("Refresh", format!("0; url={}", flow.next)))
        .cookie(session_cookie(token, secure, state.keys().lifetime()))
        .cookie(device.cookie(state.keys(), secure))
        .cookie(csrf::cookie(&csrf::new_token(), secure))
        .cookie(signed_in_with)
        .cookie(Flow::removal(secure))
        .body(signed_in_page(&flow.next, &Chrome::default()).into_string()))
}

#[derive(Debug, Deserialize)]
pub struct SignedOutQuery {
    provider: Option<String>,
}

/// After signing out of a session begun at a provider: offers the provider's
/// end-session page when its discovery document has one.
pub async fn signed_out(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<SignedOutQuery>,
) -> Result<HttpResponse, AppError> {
    let to_sign_in = || HttpResponse::SeeOther().insert_header((LOCATION, "/sign-in")).finish();
    let Some(provider) = query.provider.as_deref().and_then(|id| state.providers.get(id)) else {
        return Ok(to_sign_in());
    };
    let after = format!("{}/sign-in", public_base(&state, &req));
    match state.providers.end_session_url(provider, &after).await {
        Some(url) => {
            Ok(html(StatusCode::OK, signed_out_page(&provider.settings.name, url.as_str(), &Chrome::default())))
        }
        None => Ok(to_sign_in()),
    }
}

/// The cookie that forgets the provider a browser signed in through.
pub fn provider_removal(secure: bool) -> Cookie<'static> {
    let mut cookie = Cookie::build(PROVIDER_COOKIE, "").path("/").http_only(true).secure(secure).finish();
    cookie.make_removal();
    cookie
}
