//! Sessions: one row per sign-in or API token, checked on every request.

use super::connection::{hold_lock, security_transaction};
use super::history::record;
use super::schema::{data_generation, owners, sessions, users};
use super::{Actor, DbConnection, DbError};
use crate::domain::history::{Change, Entity};
use crate::domain::ids::{OwnerId, UserId};
use crate::domain::kinds::{Role, SessionKind};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

/// A stored session.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Serialize, Deserialize)]
#[diesel(table_name = sessions)]
pub struct SessionRow {
    pub id: String,
    pub user_id: UserId,
    pub kind: SessionKind,
    pub client_address: String,
    pub user_agent: String,
    pub created_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub ended_at: Option<NaiveDateTime>,
    pub ended_reason: Option<String>,
}

/// A new session, before it is stored.
#[derive(Debug, Clone)]
pub struct NewSession<'a> {
    pub id: &'a str,
    pub user_id: UserId,
    pub kind: SessionKind,
    pub client_address: &'a str,
    pub user_agent: &'a str,
    pub expires_at: NaiveDateTime,
}

/// Why a session ended, as the account page and history say it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    SignedOut,
    SignedOutElsewhere,
    Revoked,
    AccountChanged,
}

impl Ended {
    fn as_str(self) -> &'static str {
        match self {
            Ended::SignedOut => "signed_out",
            Ended::SignedOutElsewhere => "signed_out_elsewhere",
            Ended::Revoked => "revoked",
            Ended::AccountChanged => "account_changed",
        }
    }
}

/// Stores a new session, and clears out sessions that ended or expired more
/// than a day ago so that the table stays small.
pub fn start(conn: &mut DbConnection, new: &NewSession<'_>, at: NaiveDateTime) -> Result<SessionRow, DbError> {
    security_transaction(conn, |c| insert(c, new, at))
}

/// What became of a request for an API token.
#[derive(Debug, Clone, PartialEq)]
pub enum TokenStart {
    Started(SessionRow),
    /// The user already has the most live tokens allowed; the first of them
    /// expires at this moment, unless ended sooner.
    AtLimit {
        first_expires_at: NaiveDateTime,
    },
}

/// Stores a new API token's session unless its user already has `most` live
/// ones. Counted and stored under one lock per user, so tokens asked for at the
/// same moment cannot pass the limit together.
pub fn start_api_token(
    conn: &mut DbConnection,
    new: &NewSession<'_>,
    at: NaiveDateTime,
    most: i64,
) -> Result<TokenStart, DbError> {
    security_transaction(conn, |c| {
        hold_lock(c, &format!("api tokens {}", new.user_id))?;
        let live: Vec<NaiveDateTime> = sessions::table
            .filter(sessions::user_id.eq(new.user_id))
            .filter(sessions::kind.eq(SessionKind::Api))
            .filter(sessions::ended_at.is_null())
            .filter(sessions::expires_at.gt(at))
            .order(sessions::expires_at)
            .select(sessions::expires_at)
            .load(c)?;
        match live.first() {
            Some(&first_expires_at) if live.len() as i64 >= most => Ok(TokenStart::AtLimit { first_expires_at }),
            _ => Ok(TokenStart::Started(insert(c, new, at)?)),
        }
    })
}

fn insert(c: &mut DbConnection, new: &NewSession<'_>, at: NaiveDateTime) -> Result<SessionRow, DbError> {
    let stale = at - chrono::Duration::days(1);
    diesel::delete(sessions::table.filter(sessions::expires_at.lt(stale).or(sessions::ended_at.lt(stale))))
        .execute(c)?;
    Ok(diesel::insert_into(sessions::table)
        .values((
            sessions::id.eq(new.id),
            sessions::user_id.eq(new.user_id),
            sessions::kind.eq(new.kind),
            sessions::client_address.eq(new.client_address),
            sessions::user_agent.eq(new.user_agent),
            sessions::created_at.eq(at),
            sessions::last_seen_at.eq(at),
            sessions::expires_at.eq(new.expires_at),
        ))
        .returning(sessions::all_columns)
        .get_result(c)?)
}

/// What one request needs about its session, read in one statement: the user,
/// their owner record, the session's times, and the data generation.
#[derive(Debug, Clone, PartialEq, Queryable)]
pub struct SessionUser {
    pub user_id: UserId,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub active: bool,
    pub token_version: i32,
    pub owner_id: Option<OwnerId>,
    pub last_seen_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub generation: i64,
}

/// The live session with this id and its user, or none when it has ended,
/// expired or never existed. One statement, whatever the size of the data.
///
/// Every request runs it, so it is built from the query language alone and
/// read with `get_result`: SQLite then prepares it once per connection. A
/// fragment of SQL text made diesel prepare it afresh each time, and the bound
/// `LIMIT` that `first` adds made SQLite prepare it again at each run; the
/// two were an eighth of the server's time on a large area's page.
pub fn authenticate(conn: &mut DbConnection, id: &str, now: NaiveDateTime) -> Result<Option<SessionUser>, DbError> {
    let generation = data_generation::table
        .filter(data_generation::id.eq(1))
        .select(data_generation::generation)
        .single_value()
        .assume_not_null();
    Ok(sessions::table
        .inner_join(users::table)
        .left_join(owners::table.on(owners::user_id.eq(users::id.nullable()).and(owners::archived_at.is_null())))
        .filter(sessions::id.eq(id))
        .filter(sessions::ended_at.is_null())
        .filter(sessions::expires_at.gt(now))
        .select((
            users::id,
            users::email,
            users::display_name,
            users::role,
            users::active,
            users::token_version,
            owners::id.nullable(),
            sessions::last_seen_at,
            sessions::expires_at,
            generation,
        ))
        .get_result(conn)
        .optional()?)
}

/// Notes that a session was used; called at most every few minutes per session.
pub fn touch(conn: &mut DbConnection, id: &str, now: NaiveDateTime) -> Result<(), DbError> {
    diesel::update(sessions::table.find(id)).set(sessions::last_seen_at.eq(now)).execute(conn)?;
    Ok(())
}

/// Ends one session of a user, recording it in change history.
pub fn end(conn: &mut DbConnection, actor: &Actor, user_id: UserId, id: &str, why: Ended) -> Result<bool, DbError> {
    security_transaction(conn, |c| {
        let ended = diesel::update(
            sessions::table
                .filter(sessions::id.eq(id))
                .filter(sessions::user_id.eq(user_id))
                .filter(sessions::ended_at.is_null()),
        )
        .set((sessions::ended_at.eq(Some(actor.at)), sessions::ended_reason.eq(Some(why.as_str()))))
        .execute(c)?;
        if ended > 0 {
            let what = match why {
                Ended::Revoked => Change::RevokeToken,
                _ => Change::SignOut,
            };
            record(c, actor, Entity::User, user_id.0, what, None, Some(serde_json::json!({ "sessions": 1 })))?;
        }
        Ok(ended > 0)
    })
}

/// Ends every live session of a user except `keep`; returns how many ended.
/// Callers hold a write transaction, or this opens its own.
pub fn end_all(
    conn: &mut DbConnection,
    user_id: UserId,
    keep: Option<&str>,
    why: Ended,
    at: NaiveDateTime,
) -> Result<usize, DbError> {
    let mut query = diesel::update(sessions::table)
        .filter(sessions::user_id.eq(user_id))
        .filter(sessions::ended_at.is_null())
        .into_boxed();
    if let Some(keep) = keep {
        query = query.filter(sessions::id.ne(keep));
    }
    Ok(query.set((sessions::ended_at.eq(Some(at)), sessions::ended_reason.eq(Some(why.as_str())))).execute(conn)?)
}

/// Signs a user out everywhere but `keep`, recording it in change history.
pub fn sign_out_others(conn: &mut DbConnection, actor: &Actor, user_id: UserId, keep: &str) -> Result<usize, DbError> {
    security_transaction(conn, |c| {
        let ended = end_all(c, user_id, Some(keep), Ended::SignedOutElsewhere, actor.at)?;
        record(
            c,
            actor,
            Entity::User,
            user_id.0,
            Change::SignOutOthers,
            None,
            Some(serde_json::json!({ "sessions": ended })),
        )?;
        Ok(ended)
    })
}

/// A session as a page names it: a digest of its id, so that the id itself,
/// which tokens carry, never appears in a page.
pub fn handle(id: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(&Sha256::digest(id.as_bytes())[..12])
}

/// Ends the live session of a user that `handle` names (from "Your
/// sessions"), recording it in change history; false when none is live.
pub fn end_by_handle(
    conn: &mut DbConnection,
    actor: &Actor,
    user_id: UserId,
    handle_given: &str,
    now: NaiveDateTime,
) -> Result<bool, DbError> {
    security_transaction(conn, |c| {
        let live = live_for_user(c, user_id, now)?;
        let Some(found) = live.iter().find(|s| handle(&s.id) == handle_given) else { return Ok(false) };
        let ended =
            diesel::update(sessions::table.filter(sessions::id.eq(&found.id)).filter(sessions::ended_at.is_null()))
                .set((
                    sessions::ended_at.eq(Some(actor.at)),
                    sessions::ended_reason.eq(Some(Ended::SignedOut.as_str())),
                ))
                .execute(c)?;
        if ended > 0 {
            let what =
                serde_json::json!({ "sessions": 1, "device": found.user_agent, "address": found.client_address });
            record(c, actor, Entity::User, user_id.0, Change::EndSession, None, Some(what))?;
        }
        Ok(ended > 0)
    })
}

/// Ends every session of a user (an admin's doing), recording it in change
/// history; returns how many ended.
pub fn end_all_by_admin(conn: &mut DbConnection, actor: &Actor, user_id: UserId) -> Result<usize, DbError> {
    security_transaction(conn, |c| {
        let ended = end_all(c, user_id, None, Ended::Revoked, actor.at)?;
        let what = serde_json::json!({ "sessions": ended });
        record(c, actor, Entity::User, user_id.0, Change::EndSessions, None, Some(what))?;
        Ok(ended)
    })
}

/// A user's sessions that have not ended or expired, newest first.
pub fn live_for_user(conn: &mut DbConnection, user_id: UserId, now: NaiveDateTime) -> Result<Vec<SessionRow>, DbError> {
    Ok(sessions::table
        .filter(sessions::user_id.eq(user_id))
        .filter(sessions::ended_at.is_null())
        .filter(sessions::expires_at.gt(now))
        .order(sessions::created_at.desc())
        .select(SessionRow::as_select())
        .load(conn)?)
}

/// The data generation now: bumped by every write, so a cache tagged with an
/// older one is out of date.
pub fn generation(conn: &mut DbConnection) -> Result<i64, DbError> {
    Ok(data_generation::table.find(1).select(data_generation::generation).get_result(conn)?)
}
