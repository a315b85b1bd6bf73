//! Sign-in attempts: recorded for throttling and for change history.

use super::history::record;
use super::schema::sign_in_attempts;
use super::write::Stored;
use super::{connection::security_transaction, Actor, DbConnection, DbError};
use crate::domain::ids::UserId;
use crate::domain::kinds::SignInOutcome;
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

/// One attempt to sign in.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Serialize, Deserialize)]
#[diesel(table_name = sign_in_attempts)]
pub struct AttemptRow {
    pub id: i64,
    pub email: String,
    pub client_address: String,
    pub succeeded: bool,
    pub at: NaiveDateTime,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// How it ended; exports made before outcomes were kept read as failures.
    #[serde(default = "failed")]
    pub outcome: SignInOutcome,
}

fn failed() -> SignInOutcome {
    SignInOutcome::Failed
}

impl Stored for AttemptRow {
    const ENTITY: &'static str = "sign_in";
    fn id(&self) -> i64 {
        self.id
    }
}

/// Failures in the window before `now`, for an account and for a client
/// address. Against an account, attempts still being checked count too, so
/// that guesses sent at the same moment cannot slip past the limit; against an
/// address only concluded failures count, so that colleagues signing in at once
/// from one office address do not lock each other out. Refused (throttled)
/// attempts do not count: the window is not extended by being refused.
pub fn recent_failures(
    conn: &mut DbConnection,
    email: &str,
    client_address: &str,
    now: NaiveDateTime,
    window: Duration,
) -> Result<(i64, i64), DbError> {
    use SignInOutcome::*;
    let since = now - window;
    let by_account = sign_in_attempts::table
        .filter(sign_in_attempts::email.eq(email.trim().to_lowercase()))
        .filter(sign_in_attempts::outcome.eq_any([Pending, Failed, WrongCurrentPassword]))
        .filter(sign_in_attempts::at.gt(since))
        .count()
        .get_result(conn)?;
    let by_address = sign_in_attempts::table
        .filter(sign_in_attempts::client_address.eq(client_address))
        .filter(sign_in_attempts::outcome.eq_any([Failed, WrongCurrentPassword]))
        .filter(sign_in_attempts::at.gt(since))
        .count()
        .get_result(conn)?;
    Ok((by_account, by_address))
}

/// What happened to an attempt, as change history names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Succeeded,
    Failed,
    Throttled,
    /// A wrong current password when changing one's own password.
    WrongCurrentPassword,
}

impl Outcome {
    fn stored(self) -> SignInOutcome {
        match self {
            Outcome::Succeeded => SignInOutcome::Succeeded,
            Outcome::Failed => SignInOutcome::Failed,
            Outcome::Throttled => SignInOutcome::Throttled,
            Outcome::WrongCurrentPassword => SignInOutcome::WrongCurrentPassword,
        }
    }

    fn what(self) -> &'static str {
        match self {
            Outcome::Succeeded => "sign_in",
            Outcome::Failed => "sign_in_failed",
            Outcome::Throttled => "sign_in_throttled",
            Outcome::WrongCurrentPassword => "password_change_failed",
        }
    }
}

/// Starts an attempt: recorded at once as pending, so that attempts made at
/// the same moment count against the account before their passwords are
/// checked. `conclude` records how it ended.
pub fn start_attempt(
    conn: &mut DbConnection,
    email: &str,
    client_address: &str,
    at: NaiveDateTime,
) -> Result<AttemptRow, DbError> {
    Ok(diesel::insert_into(sign_in_attempts::table)
        .values((
            sign_in_attempts::email.eq(email.trim().to_lowercase()),
            sign_in_attempts::client_address.eq(client_address),
            sign_in_attempts::succeeded.eq(false),
            sign_in_attempts::outcome.eq(SignInOutcome::Pending),
            sign_in_attempts::at.eq(at),
            sign_in_attempts::created_at.eq(at),
            sign_in_attempts::updated_at.eq(at),
        ))
        .returning(sign_in_attempts::all_columns)
        .get_result(conn)?)
}

/// Records how an attempt ended, in change history (against the account the
/// email names, if any); a success also stops counting as a failure and sets
/// the user's last sign-in.
pub fn conclude(
    conn: &mut DbConnection,
    actor: &Actor,
    attempt: &AttemptRow,
    user_id: Option<UserId>,
    outcome: Outcome,
) -> Result<(), DbError> {
    security_transaction(conn, |c| {
        diesel::update(sign_in_attempts::table.find(attempt.id))
            .set((
                sign_in_attempts::succeeded.eq(outcome == Outcome::Succeeded),
                sign_in_attempts::outcome.eq(outcome.stored()),
                sign_in_attempts::updated_at.eq(actor.at),
            ))
            .execute(c)?;
        if outcome == Outcome::Succeeded {
            if let Some(id) = user_id {
                diesel::update(super::schema::users::table.find(id))
                    .set(super::schema::users::last_login_at.eq(Some(actor.at)))
                    .execute(c)?;
            }
        }
        let details = serde_json::json!({ "email": attempt.email, "client_address": attempt.client_address });
        let (entity, entity_id) = match user_id {
            Some(id) => ("user", id.0),
            None => (AttemptRow::ENTITY, attempt.id),
        };
        record(c, actor, entity, entity_id, outcome.what(), None, Some(details))
    })
}
