//! Sign-in attempts: recorded for throttling and for change history.

use super::connection::{hold_lock, security_transaction};
use super::history::record;
use super::schema::sign_in_attempts;
use super::write::{stored_row, Stored};
use super::{Actor, DbConnection, DbError};
use crate::domain::history::{Change, Entity};
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
    /// The known device it came from (a device cookie of the account it named).
    #[serde(default)]
    pub device: Option<String>,
}

fn failed() -> SignInOutcome {
    SignInOutcome::Failed
}

stored_row!(AttemptRow, Entity::SignIn);

/// An attempt about to be made.
#[derive(Debug, Clone)]
pub struct NewAttempt {
    pub email: String,
    pub client_address: String,
    /// The device's id when the attempt carries a device cookie of the account
    /// the email names; none for any other attempt.
    pub device: Option<String>,
    /// The account the email names, if any, for change history.
    pub user_id: Option<UserId>,
}

/// How many failures are allowed, and over what time.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Failures allowed per address, per account (from unknown devices) and per
    /// known device within the window.
    pub max_failures: i64,
    /// How far back failures count.
    pub window: Duration,
    /// How long an attempt being checked holds its slot: one whose server
    /// stopped mid-check stops counting after this.
    pub pending_for: Duration,
}

/// What `reserve` decided.
#[derive(Debug)]
pub enum Reservation {
    /// A slot is held for this attempt: check the password, then `conclude`.
    Reserved(AttemptRow),
    /// Every slot is held by attempts still being checked: ask again shortly.
    Busy,
    /// Too many failures in the window; recorded as throttled.
    Throttled,
}

/// Failures concluded within the window, and attempts still being checked.
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    failures: i64,
    pending: i64,
}

impl Tally {
    fn full(self, limits: &Limits) -> bool {
        self.failures >= limits.max_failures
    }

    fn busy(self, limits: &Limits) -> bool {
        self.failures + self.pending >= limits.max_failures
    }
}

/// Which attempts count together.
enum Scope<'a> {
    Address(&'a str),
    /// An account's attempts from devices it does not know.
    Account(&'a str),
    /// An account's attempts from one device it knows.
    Device(&'a str, &'a str),
}

fn tally(conn: &mut DbConnection, scope: Scope<'_>, now: NaiveDateTime, limits: &Limits) -> Result<Tally, DbError> {
    use SignInOutcome::*;
    let mut query = sign_in_attempts::table
        .filter(sign_in_attempts::at.gt(now - limits.window))
        .filter(sign_in_attempts::outcome.eq_any([Pending, Failed, WrongCurrentPassword]))
        .select((sign_in_attempts::outcome, sign_in_attempts::at))
        .into_boxed();
    query = match scope {
        Scope::Address(address) => query.filter(sign_in_attempts::client_address.eq(address)),
        Scope::Account(email) => {
            query.filter(sign_in_attempts::email.eq(email)).filter(sign_in_attempts::device.is_null())
        }
        Scope::Device(email, device) => {
            query.filter(sign_in_attempts::email.eq(email)).filter(sign_in_attempts::device.eq(device))
        }
    };
    let rows: Vec<(SignInOutcome, NaiveDateTime)> = query.load(conn)?;
    let pending_since = now - limits.pending_for;
    Ok(rows.into_iter().fold(Tally::default(), |mut tally, (outcome, at)| {
        match outcome {
            Pending if at > pending_since => tally.pending += 1,
            Pending => {}
            _ => tally.failures += 1,
        }
        tally
    }))
}

/// Reserves a slot for an attempt before its password is checked, or says why
/// not. Each address, each account's attempts from unknown devices, and each
/// known device has `max_failures` slots in the window: a concluded failure
/// keeps its slot until it leaves the window, an attempt being checked holds
/// one until it concludes, and a success gives its slot back. The count and
/// the new row are made under one lock per address and per account, so no two
/// attempts can take the last slot.
pub fn reserve(
    conn: &mut DbConnection,
    actor: &Actor,
    new: &NewAttempt,
    limits: &Limits,
) -> Result<Reservation, DbError> {
    let email = new.email.trim().to_lowercase();
    security_transaction(conn, |c| {
        // Always in this order, so that two attempts never wait for each other.
        hold_lock(c, &format!("sign-in address {}", new.client_address))?;
        hold_lock(c, &format!("sign-in account {email}"))?;
        let by_address = tally(c, Scope::Address(&new.client_address), actor.at, limits)?;
        let by_account = match &new.device {
            Some(device) => tally(c, Scope::Device(&email, device), actor.at, limits)?,
            None => tally(c, Scope::Account(&email), actor.at, limits)?,
        };
        if by_address.full(limits) || by_account.full(limits) {
            let row = insert(c, &email, new, SignInOutcome::Throttled, actor.at)?;
            record_outcome(c, actor, &row, new.user_id, Outcome::Throttled)?;
            return Ok(Reservation::Throttled);
        }
        if by_address.busy(limits) || by_account.busy(limits) {
            return Ok(Reservation::Busy);
        }
        Ok(Reservation::Reserved(insert(c, &email, new, SignInOutcome::Pending, actor.at)?))
    })
}

/// Records an attempt refused without being checked (it waited too long for a
/// slot), so that change history holds every attempt.
pub fn refuse(conn: &mut DbConnection, actor: &Actor, new: &NewAttempt) -> Result<(), DbError> {
    let email = new.email.trim().to_lowercase();
    security_transaction(conn, |c| {
        let row = insert(c, &email, new, SignInOutcome::Throttled, actor.at)?;
        record_outcome(c, actor, &row, new.user_id, Outcome::Throttled)
    })
}

fn insert(
    conn: &mut DbConnection,
    email: &str,
    new: &NewAttempt,
    outcome: SignInOutcome,
    at: NaiveDateTime,
) -> Result<AttemptRow, DbError> {
    Ok(diesel::insert_into(sign_in_attempts::table)
        .values((
            sign_in_attempts::email.eq(email),
            sign_in_attempts::client_address.eq(&new.client_address),
            sign_in_attempts::succeeded.eq(false),
            sign_in_attempts::outcome.eq(outcome),
            sign_in_attempts::device.eq(&new.device),
            sign_in_attempts::at.eq(at),
            sign_in_attempts::created_at.eq(at),
            sign_in_attempts::updated_at.eq(at),
        ))
        .returning(sign_in_attempts::all_columns)
        .get_result(conn)?)
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

    fn what(self) -> Change {
        match self {
            Outcome::Succeeded => Change::SignIn,
            Outcome::Failed => Change::SignInFailed,
            Outcome::Throttled => Change::SignInThrottled,
            Outcome::WrongCurrentPassword => Change::PasswordChangeFailed,
        }
    }
}

/// Records how a reserved attempt ended, in change history (against the
/// account the email names, if any); a success gives its slot back and sets
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
        record_outcome(c, actor, attempt, user_id, outcome)
    })
}

fn record_outcome(
    conn: &mut DbConnection,
    actor: &Actor,
    attempt: &AttemptRow,
    user_id: Option<UserId>,
    outcome: Outcome,
) -> Result<(), DbError> {
    let mut details = serde_json::json!({ "email": attempt.email, "client_address": attempt.client_address });
    if attempt.device.is_some() {
        details["known_device"] = serde_json::json!(true);
    }
    let (entity, entity_id) = match user_id {
        Some(id) => (Entity::User, id.0),
        None => (AttemptRow::ENTITY, attempt.id),
    };
    record(conn, actor, entity, entity_id, outcome.what(), None, Some(details))
}
