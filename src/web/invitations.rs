//! Inviting people by email (admins), and the page an invitation's link
//! opens, where the person sets their own password and is signed in.

use super::forms::optional_choice;
use super::html;
use super::page::{chrome_for, context, saved, Page};
use crate::auth::csrf::{self, CheckedForm, CsrfToken};
use crate::auth::device::Device;
use crate::auth::password::{self, Holder};
use crate::auth::session::{self, session_cookie};
use crate::db::invitations::{self, Accepted, InvitationRow, Opened, Refusal};
use crate::db::owners;
use crate::db::users::UserRow;
use crate::db::{Actor, Archived, DbConnection, DbError};
use crate::domain::fields::FieldErrors;
use crate::domain::ids::{OwnerId, UserId};
use crate::domain::kinds::{Role, SessionKind};
use crate::domain::users::UserDraft;
use crate::domain::valid;
use crate::error::AppError;
use crate::mail::{self, invitations::Invitation, Mailer};
use crate::state::AppState;
use crate::views::errors::error_page;
use crate::views::invitations::*;
use crate::views::Chrome;
use actix_web::http::header::LOCATION;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::NaiveDateTime;

const NAV: &str = "/users";

/// When a link sent now stops working, by the application's clock.
fn expiry(state: &AppState) -> NaiveDateTime {
    state.clock.now().naive_utc() + chrono::Duration::days(invitations::DAYS_VALID)
}

fn mail_server(state: &AppState) -> Option<String> {
    mail::configured(&state.config.smtp).then(|| state.config.smtp.server())
}

/// Owners no user is linked to, as (id, label) choices.
async fn free_owners(state: &AppState) -> Result<Vec<(String, String)>, AppError> {
    let all = state.db(|conn| Ok(owners::list(conn, Archived::Hide)?)).await?;
    Ok(all.into_iter().filter(|o| o.user_id.is_none()).map(|o| (o.id.to_string(), o.label())).collect())
}

async fn form_page(
    state: &AppState,
    status: StatusCode,
    values: &InviteValues,
    errors: &FieldErrors,
    chrome: &Chrome,
) -> Result<HttpResponse, AppError> {
    let owners = free_owners(state).await?;
    let server = mail_server(state);
    let mail = server.as_deref().map_or(MailServer::Missing, MailServer::Configured);
    Ok(html(status, invite_page(values, &owners, errors, &mail, chrome)))
}

/// The form to invite someone; without a mail server it says what to do instead.
pub async fn new(state: web::Data<AppState>, page: Page) -> Result<HttpResponse, AppError> {
    form_page(&state, StatusCode::OK, &InviteValues::default(), &FieldErrors::new(), &page.chrome(NAV)).await
}

/// The link an invitation's token makes, on the address this request came to.
fn link(req: &HttpRequest, token: &str) -> String {
    let info = req.connection_info();
    format!("{}://{}/invitations/{token}", info.scheme(), info.host())
}

/// Sends an invitation's email through the `[smtp]` server, off the request's thread.
async fn send(
    state: &AppState,
    req: &HttpRequest,
    user: &UserRow,
    invitation: &InvitationRow,
    token: &str,
    authority: &str,
) -> Result<(), String> {
    let mailer = Mailer::new(&state.config.smtp)?;
    let (name, email, link, authority) =
        (user.display_name.clone(), invitation.sent_to.clone(), link(req, token), authority.to_string());
    let expires_at = invitation.expires_at;
    web::block(move || {
        Invitation { name: &name, email: &email, link: &link, authority: &authority, expires_at }.send(&mailer)
    })
    .await
    .map_err(|e| format!("the mail could not be handed to the server ({e})"))?
}

fn sent_or_not(
    outcome: Result<(), String>,
    user: &UserRow,
    invitation: &InvitationRow,
    chrome: &Chrome,
) -> HttpResponse {
    match outcome {
        Ok(()) => saved("/users", format!("Invitation sent to {} ({})", user.display_name, invitation.sent_to)),
        Err(reason) => {
            tracing::warn!(invitation = invitation.id, %reason, "an invitation's email was not sent");
            html(StatusCode::BAD_GATEWAY, not_sent_page(user, invitation, &reason, chrome))
        }
    }
}

/// Adds the person without a password and emails them their link.
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    page: Page,
    CheckedForm(form): CheckedForm<InviteValues>,
) -> Result<HttpResponse, AppError> {
    let chrome = page.chrome(NAV);
    if mail_server(&state).is_none() {
        return form_page(&state, StatusCode::CONFLICT, &form, &FieldErrors::new(), &chrome).await;
    }
    let mut errors = FieldErrors::new();
    let role: Option<Role> = optional_choice(&mut errors, "role", "a role", &form.role);
    let owner: Option<OwnerId> = optional_choice(&mut errors, "owner_id", "an owner", &form.owner_id);
    let draft = UserDraft { email: form.email.clone(), display_name: form.display_name.clone(), role };
    let input = match valid::parse(errors, draft, &context(&state)) {
        Ok(input) => input,
        Err(errors) => return form_page(&state, StatusCode::UNPROCESSABLE_ENTITY, &form, &errors, &chrome).await,
    };
    let (actor, expires_at) = (page.actor(), expiry(&state));
    let made = state.db(move |conn| Ok(invitations::invite(conn, &actor, &input, owner, expires_at))).await?;
    let (user, invitation, token) = match made {
        Ok(made) => made,
        Err(DbError::Invalid(errors)) => {
            return form_page(&state, StatusCode::UNPROCESSABLE_ENTITY, &form, &errors, &chrome).await
        }
        Err(other) => return Err(other.into()),
    };
    let outcome = send(&state, &req, &user, &invitation, &token, &page.authority).await;
    Ok(sent_or_not(outcome, &user, &invitation, &chrome))
}

/// Sends an invitation again with a new link (the old one stops working).
pub async fn resend(
    req: HttpRequest,
    state: web::Data<AppState>,
    page: Page,
    path: web::Path<i64>,
    CheckedForm(_form): CheckedForm<serde_json::Value>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    send_link(req, state, page, move |conn, actor, expires_at| {
        let (invitation, user, token) = invitations::resend(conn, actor, id, expires_at)?;
        Ok((user, invitation, token))
    })
    .await
}

/// Sends a user who has an account a link to set a new password.
pub async fn invite_user(
    req: HttpRequest,
    state: web::Data<AppState>,
    page: Page,
    path: web::Path<UserId>,
    CheckedForm(_form): CheckedForm<serde_json::Value>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    send_link(req, state, page, move |conn, actor, expires_at| {
        let (invitation, token) = invitations::invite_existing(conn, actor, id, expires_at)?;
        Ok((crate::db::users::get(conn, id)?, invitation, token))
    })
    .await
}

/// Sends the link `make` writes (for the user it names, with the invitation
/// and its token), or says at once that no mail server is set to send it.
async fn send_link<F>(
    req: HttpRequest,
    state: web::Data<AppState>,
    page: Page,
    make: F,
) -> Result<HttpResponse, AppError>
where
    F: FnOnce(&mut DbConnection, &Actor, NaiveDateTime) -> Result<(UserRow, InvitationRow, String), AppError>
        + Send
        + 'static,
{
    let chrome = page.chrome(NAV);
    if mail_server(&state).is_none() {
        return form_page(&state, StatusCode::CONFLICT, &InviteValues::default(), &FieldErrors::new(), &chrome).await;
    }
    let (actor, expires_at) = (page.actor(), expiry(&state));
    let (user, invitation, token) = state.db(move |conn| make(conn, &actor, expires_at)).await?;
    let outcome = send(&state, &req, &user, &invitation, &token, &page.authority).await;
    Ok(sent_or_not(outcome, &user, &invitation, &chrome))
}

/// Stops an invitation's link working.
pub async fn revoke(
    state: web::Data<AppState>,
    page: Page,
    path: web::Path<i64>,
    CheckedForm(_form): CheckedForm<serde_json::Value>,
) -> Result<HttpResponse, AppError> {
    let (id, actor) = (path.into_inner(), page.actor());
    let row = state.db(move |conn| Ok(invitations::revoke(conn, &actor, id)?)).await?;
    Ok(saved("/users", format!("The invitation sent to {} no longer works", row.sent_to)))
}

/// A link's token as sent: 64 hex digits; anything else opens nothing.
fn well_formed(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

fn public_chrome(req: &HttpRequest, csrf: &CsrfToken) -> Chrome {
    Chrome { csrf: csrf.0.clone(), ..chrome_for(req, None) }
}

/// The clear page for a link that opens nothing.
fn refused(req: &HttpRequest, why: Refusal) -> HttpResponse {
    let again = "Ask an admin of Sustain at your council to send you a new invitation.";
    let (status, heading, message) = match why {
        Refusal::Unknown => (
            StatusCode::NOT_FOUND,
            "This invitation link does not work",
            format!("No invitation has this link; a newer email may have replaced it. {again}"),
        ),
        Refusal::Used => (
            StatusCode::GONE,
            "This invitation has been used",
            "The link has been used to set a password already, and works only once. If that was you, sign in \
             with your email address and password. If you have forgotten it, ask an admin for a new invitation."
                .to_string(),
        ),
        Refusal::Expired => (
            StatusCode::GONE,
            "This invitation has expired",
            format!("Invitation links work for {} days. {again}", invitations::DAYS_VALID),
        ),
        Refusal::Revoked => {
            (StatusCode::GONE, "This invitation was withdrawn", format!("An admin withdrew this invitation. {again}"))
        }
        Refusal::Deactivated => (
            StatusCode::GONE,
            "This account is not active",
            "The account this invitation is for has been deactivated. Ask an admin of Sustain at your council."
                .to_string(),
        ),
    };
    html(status, error_page(status.as_u16(), (heading, &message), None, &chrome_for(req, None)))
}

async fn opened(state: &AppState, token: String) -> Result<Opened, AppError> {
    if !well_formed(&token) {
        return Ok(Opened::Refused(Refusal::Unknown));
    }
    let now = state.clock.now().naive_utc();
    state.db(move |conn| Ok(invitations::open(conn, &token, now)?)).await
}

/// The page a link opens: choose a password, or why the link does not work.
pub async fn open(
    req: HttpRequest,
    state: web::Data<AppState>,
    csrf: CsrfToken,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    match opened(&state, token.clone()).await? {
        Opened::Refused(why) => Ok(refused(&req, why)),
        Opened::Open(_, user) => {
            let chrome = public_chrome(&req, &csrf);
            let page = set_password_page(&user, &token, &providers(&state), &FieldErrors::new(), &chrome);
            Ok(html(StatusCode::OK, page))
        }
    }
}

/// The providers an invited person may sign in with instead: id and name.
fn providers(state: &AppState) -> Vec<(String, String)> {
    state.providers.all().iter().map(|p| (p.id.clone(), p.settings.name.clone())).collect()
}

/// Sets the person's password from their link, once, and signs them in.
pub async fn accept(
    req: HttpRequest,
    state: web::Data<AppState>,
    csrf: CsrfToken,
    path: web::Path<String>,
    CheckedForm(form): CheckedForm<NewPasswordValues>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let user = match opened(&state, token.clone()).await? {
        Opened::Refused(why) => return Ok(refused(&req, why)),
        Opened::Open(_, user) => user,
    };
    let mut errors = FieldErrors::new();
    let holder = Holder { email: &user.email, authority: state.config.authority() };
    if let Err(policy) = password::check_policy("new_password", &form.new_password, &holder) {
        errors.merge(policy);
    }
    if form.new_password != form.confirm_password {
        errors.add("confirm_password", "Enter the same password twice");
    }
    if !errors.is_empty() {
        let chrome = public_chrome(&req, &csrf);
        let page = set_password_page(&user, &token, &providers(&state), &errors, &chrome);
        return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, page));
    }
    let hash = state.hasher.hash(form.new_password.clone()).await?;
    let now = state.clock.now().naive_utc();
    let used = token.clone();
    let user = match state.db(move |conn| Ok(invitations::accept(conn, &used, now, &hash)?)).await? {
        Accepted::PasswordSet(user) => user,
        Accepted::Refused(why) => return Ok(refused(&req, why)),
    };
    let (session_token, _) = session::start(&state.auth, &user, SessionKind::Browser, &req).await?;
    let secure = state.config.https;
    let known = Device::after_sign_in(Device::from_request(&req, state.keys()), user.id).cookie(state.keys(), secure);
    Ok(HttpResponse::SeeOther()
        .insert_header((LOCATION, "/"))
        .cookie(session_cookie(session_token, secure, state.keys().lifetime()))
        .cookie(known)
        .cookie(csrf::cookie(&csrf::new_token(), secure))
        .finish())
}
