//! Sign-in attempts: recorded for throttling and for change history.

use super::history::record;
use super::schema::sign_in_attempts;
use super::write::Stored;
use super::{connection::write_transaction, Actor, DbConnection, DbError};
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
}

impl Stored for AttemptRow {
    const ENTITY: &'static str = "sign_in";
    fn id(&self) -> i64 {
        self.id
    }
}

/// Failures in the window before `now`, for an account and for a client address.
pub fn recent_failures(
    conn: &mut DbConnection,
    email: &str,
    client_address: &str,
    now: NaiveDateTime,
    window: Duration,
) -> Result<(i64, i64), DbError> {
    let since = now - window;
    let by_account = sign_in_attempts::table
        .filter(sign_in_attempts::email.eq(email.trim().to_lowercase()))
        .filter(sign_in_attempts::succeeded.eq(false))
        .filter(sign_in_attempts::at.gt(since))
        .count()
        .get_result(conn)?;
    let by_address = sign_in_attempts::table
        .filter(sign_in_attempts::client_address.eq(client_address))
        .filter(sign_in_attempts::succeeded.eq(false))
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
}

impl Outcome {
    fn what(self) -> &'static str {
        match self {
            Outcome::Succeeded => "sign_in",
            Outcome::Failed => "sign_in_failed",
            Outcome::Throttled => "sign_in_throttled",
        }
    }
}

/// Records an attempt and its outcome in change history. `user_id` is the
/// account the email names, if any (history keeps it against that user).
pub fn record_attempt(
    conn: &mut DbConnection,
    actor: &Actor,
    email: &str,
    client_address: &str,
    user_id: Option<i64>,
    outcome: Outcome,
) -> Result<(), DbError> {
    write_transaction(conn, |c| {
        let row: AttemptRow = diesel::insert_into(sign_in_attempts::table)
            .values((
                sign_in_attempts::email.eq(email.trim().to_lowercase()),
                sign_in_attempts::client_address.eq(client_address),
                sign_in_attempts::succeeded.eq(outcome == Outcome::Succeeded),
                sign_in_attempts::at.eq(actor.at),
                sign_in_attempts::created_at.eq(actor.at),
                sign_in_attempts::updated_at.eq(actor.at),
            ))
            .returning(sign_in_attempts::all_columns)
            .get_result(c)?;
        if outcome == Outcome::Succeeded {
            if let Some(id) = user_id {
                diesel::update(super::schema::users::table.find(id))
                    .set(super::schema::users::last_login_at.eq(Some(actor.at)))
                    .execute(c)?;
            }
        }
        let details = serde_json::json!({ "email": row.email, "client_address": row.client_address });
        let (entity, entity_id) = match user_id {
            Some(id) => ("user", id),
            None => (AttemptRow::ENTITY, row.id),
        };
        record(c, actor, entity, entity_id, outcome.what(), None, Some(details))
    })
}
