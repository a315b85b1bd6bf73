//! Each user's allowance of API requests, held in the database so that every
//! instance behind a load balancer spends from the same one.
//!
//! Bookkeeping, not a record: a request changes one moment per user and
//! appends no change history (that would be a history row per API request,
//! and history says who changed what, not who asked). For the same reason the
//! table is not exported or restored: its meaning lasts at most a minute, and
//! a database without rows gives everyone a full allowance.

use super::connection::{hold_lock, security_transaction};
use super::schema::api_allowances;
use super::{DbConnection, DbError};
use crate::domain::allowance::{decide, Decision};
use crate::domain::ids::UserId;
use chrono::NaiveDateTime;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use std::num::NonZeroU32;

/// Spends one request of `user`'s allowance of `per_minute`, at `now`, or says
/// how long to wait. The read, the decision and the write are one short
/// transaction under a lock per user (on PostgreSQL an advisory lock, which
/// also covers a user with no row yet; on SQLite the database's write lock),
/// so two instances never both spend the last request.
pub fn spend(
    conn: &mut DbConnection,
    user: UserId,
    now: NaiveDateTime,
    per_minute: NonZeroU32,
) -> Result<Decision, DbError> {
    security_transaction(conn, |c| {
        if matches!(c, DbConnection::Postgres(_)) {
            // Not waiting for the commit to reach the disk took an API read's
            // median from 11 ms to 3-5 ms (2.5-3.5 ms with no limit); a crash
            // may forget the last moments written, giving back a few requests.
            c.batch_execute("SET LOCAL synchronous_commit = off")?;
        }
        hold_lock(c, &format!("api allowance {}", user.0))?;
        let stored: Option<NaiveDateTime> =
            api_allowances::table.find(user).select(api_allowances::full_at).get_result(c).optional()?;
        let decision = decide(stored, now, per_minute);
        if let Decision::Allowed { full_at } = decision {
            if stored.is_some() {
                diesel::update(api_allowances::table.find(user)).set(api_allowances::full_at.eq(full_at)).execute(c)?;
            } else {
                diesel::insert_into(api_allowances::table)
                    .values((api_allowances::user_id.eq(user), api_allowances::full_at.eq(full_at)))
                    .execute(c)?;
            }
        }
        Ok(decision)
    })
}
