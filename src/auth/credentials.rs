//! Checking a password, with throttling: the one path that the sign-in page,
//! the token endpoint and changing one's own password all use.

use super::device::Device;
use super::password::{decoy_hash, Hasher};
use crate::blocking::with_connection;
use crate::blocking::Database;
use crate::db::sign_ins::{self, Limits, NewAttempt, Outcome, Reservation};
use crate::db::users::{self, UserRow};
use crate::db::Actor;
use crate::domain::fields::FieldErrors;
use crate::error::AppError;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Notify;

/// Failures allowed per client address, per account from unknown devices, and
/// per known device, within the window.
pub const MAX_FAILURES: i64 = 5;
/// How far back failures count.
pub const WINDOW_MINUTES: i64 = 15;
/// How long an attempt waits for a slot held by attempts still being checked
/// (colleagues signing in at once from one office) before it is turned away.
const WAIT_FOR_SLOT: Duration = Duration::from_secs(10);
/// How often a waiting attempt looks again when no attempt on this instance has
/// concluded (the slot may be held by another instance's attempt).
const LOOK_AGAIN: Duration = Duration::from_millis(100);

const LIMITS: Limits = Limits {
    max_failures: MAX_FAILURES,
    window: chrono::Duration::minutes(WINDOW_MINUTES),
    // Far longer than any check takes; an attempt whose server stopped
    // mid-check gives its slot back after this.
    pending_for: chrono::Duration::minutes(2),
};

/// The message for a throttled attempt.
pub const THROTTLED: &str = "Too many failed sign-in attempts. Wait 15 minutes, then try again.";
/// The message for an attempt that waited too long for its turn to be checked.
pub const BUSY: &str = "Too many sign-in attempts are being checked at once. Wait a few seconds, then try again.";
/// One message for a wrong password and an unknown email, so neither can be
/// told from the other.
pub const WRONG_CREDENTIALS: &str = "Enter a correct email address and password";

/// The message for a password that was right, from someone who must use a provider.
pub const USE_A_PROVIDER: &str =
    "Sign in with your organisation's account (the buttons above): only admins sign in with a password here.";

/// Whether someone with this role may sign in with a password, by the `[oidc]` settings.
pub fn password_allowed(settings: &crate::config::OidcSettings, role: crate::domain::kinds::Role) -> bool {
    settings.password_sign_in == crate::config::PasswordSignIn::Everyone || role == crate::domain::kinds::Role::Admin
}

/// Records a right password refused because passwords are for admins only.
pub async fn refuse_password(pool: &Database, user: &UserRow) -> Result<(), AppError> {
    use crate::domain::history::{Change, Entity};
    let (id, actor) = (user.id, Actor::user(user.id, &user.display_name));
    let details = serde_json::json!({ "reason": "password_sign_in_admins_only" });
    with_connection(pool, move |conn| {
        Ok(crate::db::history::record(conn, &actor, Entity::User, id.0, Change::SignInFailed, None, Some(details))?)
    })
    .await
}

/// Reads what was typed to sign in, by the page or the API: the email is
/// trimmed and must hold no control character; the password must be given
/// and hold no null character (any other character may be part of one).
/// Problems are named by field, so nothing unreadable reaches the database.
pub fn read_given(email: &mut String, password: &str) -> FieldErrors {
    let mut errors = FieldErrors::new();
    errors.line("email", "your email address", email, 320, true);
    if password.is_empty() {
        errors.add("password", "Enter your password");
    } else if password.contains('\0') {
        errors.add("password", "Your password contains a null character, which no password holds: remove it");
    }
    errors
}

/// The address throttling counts by: the connection's peer, or, behind a
/// trusted proxy (`trust_forwarded_for`), the last `X-Forwarded-For` entry,
/// which is the one that proxy added (earlier entries can be forged).
pub fn client_address(req: &actix_web::HttpRequest) -> String {
    let trusted = req.app_data::<actix_web::web::Data<super::AuthState>>().is_some_and(|s| s.trust_forwarded_for);
    if trusted {
        let forwarded = req.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok());
        let last = forwarded.and_then(|list| list.rsplit(',').next()).map(str::trim);
        if let Some(ip) = last.and_then(|a| a.parse::<std::net::IpAddr>().ok()) {
            return ip.to_string();
        }
    }
    req.peer_addr().map(|a| a.ip().to_string()).unwrap_or_else(|| "unknown".into())
}

/// What someone typed to sign in, and where from.
#[derive(Debug)]
pub struct Given {
    pub email: String,
    pub password: String,
    /// The client address throttling counts by (`client_address`).
    pub address: String,
    /// The browser's device cookie, if it carried one of ours.
    pub device: Option<Device>,
}

/// Sign-in attempts on this instance: attempts waiting for a slot are woken
/// when one concludes.
#[derive(Debug, Clone, Default)]
pub struct SignIns {
    concluded: Arc<Notify>,
}

/// The result of an attempt.
#[derive(Debug)]
pub enum Attempt {
    /// The password is right (and, for a sign-in, the account active).
    Accepted(UserRow),
    /// Wrong email or password, or a deactivated account.
    Refused,
    /// Too many recent failures for this address, account or device; the
    /// password was not checked.
    Throttled,
    /// Every slot stayed held by attempts being checked; the password was not checked.
    Busy,
}

/// Checks an email and password for signing in, recording the attempt.
pub async fn sign_in(pool: &Database, hasher: &Hasher, sign_ins: &SignIns, given: Given) -> Result<Attempt, AppError> {
    check(pool, hasher, sign_ins, given, Outcome::Failed).await
}

/// Checks a signed-in user's current password before they change it. Wrong
/// answers count with sign-in failures, so guessing here is throttled too.
pub async fn current_password(
    pool: &Database,
    hasher: &Hasher,
    sign_ins: &SignIns,
    given: Given,
) -> Result<Attempt, AppError> {
    check(pool, hasher, sign_ins, given, Outcome::WrongCurrentPassword).await
}

/// The one check: a slot is reserved before the password is checked (waiting
/// while attempts being checked hold every slot), then the attempt concludes,
/// giving the slot back if it succeeded.
async fn check(
    pool: &Database,
    hasher: &Hasher,
    sign_ins: &SignIns,
    given: Given,
    failure: Outcome,
) -> Result<Attempt, AppError> {
    let Given { email, password, address, device } = given;
    let typed = email.clone();
    let user = with_connection(pool, move |conn| Ok(users::find_by_email(conn, &typed)?)).await?;
    let actor = move |user: &Option<UserRow>| match user {
        Some(u) => Actor::user(u.id, &u.display_name),
        None => Actor::system("sign-in"),
    };
    let user_id = user.as_ref().map(|u| u.id);
    let device = user_id.and_then(|id| device.as_ref().and_then(|d| d.known_for(id)).map(str::to_string));
    let new = NewAttempt { email, client_address: address, device, user_id };
    let deadline = Instant::now() + WAIT_FOR_SLOT;
    let attempt = loop {
        // Listening before looking, so that a conclusion in between is not missed.
        let mut woken = std::pin::pin!(sign_ins.concluded.notified());
        woken.as_mut().enable();
        let (asking, by) = (new.clone(), actor(&user));
        let reservation =
            with_connection(pool, move |conn| Ok(sign_ins::reserve(conn, &by, &asking, &LIMITS)?)).await?;
        match reservation {
            Reservation::Reserved(attempt) => break attempt,
            Reservation::Throttled => return Ok(Attempt::Throttled),
            Reservation::Busy if Instant::now() >= deadline => {
                let (refused, by) = (new.clone(), actor(&user));
                with_connection(pool, move |conn| Ok(sign_ins::refuse(conn, &by, &refused)?)).await?;
                return Ok(Attempt::Busy);
            }
            Reservation::Busy => {
                let _ = actix_web::rt::time::timeout(LOOK_AGAIN, woken).await;
            }
        }
    };
    // Checked and concluded in a task of its own, so that a client that goes
    // away mid-check cannot leave its slot held.
    let (pool, hasher, concluded) = (pool.clone(), hasher.clone(), sign_ins.concluded.clone());
    let stored = user.as_ref().and_then(|u| u.password_hash.clone());
    let active = user.as_ref().is_some_and(|u| u.active);
    let by = actor(&user);
    let task = actix_web::rt::spawn(async move {
        // Checked against a decoy when there is no hash, so an unknown email
        // takes as long as a wrong password and the two cannot be told apart.
        let checked = hasher.verify(password, stored.clone().unwrap_or_else(|| decoy_hash().to_string())).await;
        let accepted = checked.as_ref().is_ok_and(|&m| m) && stored.is_some() && active;
        let outcome = if accepted { Outcome::Succeeded } else { failure };
        let recorded =
            with_connection(&pool, move |conn| Ok(sign_ins::conclude(conn, &by, &attempt, user_id, outcome)?)).await;
        concluded.notify_waiters();
        checked?;
        recorded?;
        Ok::<_, AppError>(accepted)
    });
    let accepted = task.await.map_err(|e| AppError::unexpected(format!("a password check stopped: {e}")))??;
    Ok(match (accepted, user) {
        (true, Some(user)) => Attempt::Accepted(user),
        _ => Attempt::Refused,
    })
}
