//! Checking an email and password, with throttling: the one path that both
//! the sign-in page and the token endpoint use.

use super::password;
use crate::db::sign_ins::{self, Outcome};
use crate::db::users::{self, UserRow};
use crate::db::{Actor, DbConnection, DbError};
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

/// The result of an attempt.
#[derive(Debug)]
pub enum Attempt {
    /// The user may have a session.
    Accepted(UserRow),
    /// Wrong email or password, or a deactivated account.
    Refused,
    /// Too many recent failures for this account or address; the password was not checked.
    Throttled,
}

/// Checks credentials and records the attempt in the database and in change history.
pub fn attempt(conn: &mut DbConnection, email: &str, given: &str, client_address: &str) -> Result<Attempt, DbError> {
    let user = users::find_by_email(conn, email)?;
    let actor = match &user {
        Some(u) => Actor::user(u.id, &u.display_name),
        None => Actor::system("sign-in"),
    };
    let user_id = user.as_ref().map(|u| u.id);
    let (by_account, by_address) =
        sign_ins::recent_failures(conn, email, client_address, actor.at, Duration::minutes(WINDOW_MINUTES))?;
    if by_account >= MAX_FAILURES || by_address >= MAX_FAILURES {
        sign_ins::record_attempt(conn, &actor, email, client_address, user_id, Outcome::Throttled)?;
        return Ok(Attempt::Throttled);
    }
    let stored = user.as_ref().and_then(|u| u.password_hash.clone());
    // Verify against a decoy when there is no hash, so timing gives nothing away.
    let matches = password::verify(given, stored.as_deref().unwrap_or(password::decoy_hash())) && stored.is_some();
    match user {
        Some(user) if matches && user.active => {
            sign_ins::record_attempt(conn, &actor, email, client_address, user_id, Outcome::Succeeded)?;
            Ok(Attempt::Accepted(user))
        }
        _ => {
            sign_ins::record_attempt(conn, &actor, email, client_address, user_id, Outcome::Failed)?;
            Ok(Attempt::Refused)
        }
    }
}
