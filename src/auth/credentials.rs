//! Checking a password, with throttling: the one path that the sign-in page,
//! the token endpoint and changing one's own password all use.

use super::password::{decoy_hash, Hasher};
use crate::blocking::with_connection;
use crate::blocking::Database;
use crate::db::sign_ins::{self, Outcome};
use crate::db::users::{self, UserRow};
use crate::db::Actor;
use crate::domain::fields::FieldErrors;
use crate::error::AppError;
use chrono::Duration;

/// Failures allowed per account and per client address within the window.
pub const MAX_FAILURES: i64 = 5;
/// How far back failures count.
pub const WINDOW_MINUTES: i64 = 15;

/// The message for a throttled attempt.
pub const THROTTLED: &str = "Too many failed sign-in attempts. Wait 15 minutes, then try again.";
/// One message for a wrong password and an unknown email, so neither can be
/// told from the other.
pub const WRONG_CREDENTIALS: &str = "Enter a correct email address and password";

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

/// The result of an attempt.
#[derive(Debug)]
pub enum Attempt {
    /// The password is right (and, for a sign-in, the account active).
    Accepted(UserRow),
    /// Wrong email or password, or a deactivated account.
    Refused,
    /// Too many recent failures for this account or address; the password was not checked.
    Throttled,
}

/// Checks an email and password for signing in, recording the attempt.
pub async fn sign_in(
    pool: &Database,
    hasher: &Hasher,
    email: String,
    given: String,
    address: String,
) -> Result<Attempt, AppError> {
    check(pool, hasher, email, given, address, Outcome::Failed).await
}

/// Checks a signed-in user's current password before they change it. Wrong
/// answers count with sign-in failures, so guessing here is throttled too.
pub async fn current_password(
    pool: &Database,
    hasher: &Hasher,
    email: String,
    given: String,
    address: String,
) -> Result<Attempt, AppError> {
    check(pool, hasher, email, given, address, Outcome::WrongCurrentPassword).await
}

async fn check(
    pool: &Database,
    hasher: &Hasher,
    email: String,
    given: String,
    address: String,
    failure: Outcome,
) -> Result<Attempt, AppError> {
    let begun = with_connection(pool, move |conn| {
        let user = users::find_by_email(conn, &email)?;
        let actor = match &user {
            Some(u) => Actor::user(u.id, &u.display_name),
            None => Actor::system("sign-in"),
        };
        let (by_account, by_address) =
            sign_ins::recent_failures(conn, &email, &address, actor.at, Duration::minutes(WINDOW_MINUTES))?;
        let attempt = sign_ins::start_attempt(conn, &email, &address, actor.at)?;
        if by_account >= MAX_FAILURES || by_address >= MAX_FAILURES {
            sign_ins::conclude(conn, &actor, &attempt, user.as_ref().map(|u| u.id), Outcome::Throttled)?;
            return Ok(None);
        }
        Ok(Some((user, attempt, actor)))
    })
    .await?;
    let Some((user, attempt, actor)) = begun else { return Ok(Attempt::Throttled) };
    let stored = user.as_ref().and_then(|u| u.password_hash.clone());
    // Checked against a decoy when there is no hash, so an unknown email takes
    // as long as a wrong password and the two cannot be told apart.
    let matches =
        hasher.verify(given, stored.clone().unwrap_or_else(|| decoy_hash().to_string())).await? && stored.is_some();
    let accepted = matches && user.as_ref().is_some_and(|u| u.active);
    let outcome = if accepted { Outcome::Succeeded } else { failure };
    let user_id = user.as_ref().map(|u| u.id);
    with_connection(pool, move |conn| Ok(sign_ins::conclude(conn, &actor, &attempt, user_id, outcome)?)).await?;
    Ok(match (accepted, user) {
        (true, Some(user)) => Attempt::Accepted(user),
        _ => Attempt::Refused,
    })
}
