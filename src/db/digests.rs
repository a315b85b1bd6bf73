//! Reminder digests sent: each digest, and each reminder it carried, so that
//! a reminder reaches a person once.

use super::schema::{digest_reminders, digests, owners, users};
use super::write::{self, stored_row, Stored};
use super::{Actor, DbConnection, DbError};
use crate::domain::digest::{Reminder, Subject};
use crate::domain::history::{Change, Entity};
use crate::domain::ids::{ActionId, AreaId, EvidenceId, OwnerId};
use crate::domain::kinds::Role;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// A digest sent to an owner.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Serialize, Deserialize)]
#[diesel(table_name = digests)]
pub struct DigestRow {
    pub id: i64,
    pub owner_id: OwnerId,
    /// The address it was sent to.
    pub email: String,
    /// The date the digest was built for.
    pub sent_on: NaiveDate,
    /// How many reminders in it were new.
    pub reminder_count: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

stored_row!(DigestRow, Entity::Digest);

/// One reminder a digest carried.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Serialize, Deserialize)]
#[diesel(table_name = digest_reminders)]
pub struct ReminderRow {
    pub id: i64,
    pub digest_id: i64,
    pub owner_id: OwnerId,
    pub subject: String,
    pub subject_id: i64,
    pub milestone: String,
    pub created_at: NaiveDateTime,
}

/// The owners linked to an active user who leads (a leader or an administrator).
pub fn leader_owners(conn: &mut DbConnection) -> Result<HashSet<OwnerId>, DbError> {
    let rows: Vec<(OwnerId, Role)> = owners::table
        .inner_join(users::table)
        .filter(owners::archived_at.is_null())
        .filter(users::active.eq(true))
        .select((owners::id, users::role))
        .load(conn)?;
    Ok(rows.into_iter().filter(|(_, role)| role.includes(Role::Leader)).map(|(id, _)| id).collect())
}

/// Every reminder already sent, to whom.
pub fn sent_reminders(conn: &mut DbConnection) -> Result<HashSet<Reminder>, DbError> {
    let rows: Vec<(OwnerId, String, i64, String)> = digest_reminders::table
        .select((
            digest_reminders::owner_id,
            digest_reminders::subject,
            digest_reminders::subject_id,
            digest_reminders::milestone,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(recipient, subject, id, milestone)| {
            let subject = match subject.as_str() {
                "action" => Subject::Action(ActionId(id)),
                "evidence" => Subject::Evidence(EvidenceId(id)),
                "request" => Subject::Request(crate::domain::ids::RequestId(id)),
                "area" => Subject::Area(AreaId(id)),
                _ => return None,
            };
            Some(Reminder { recipient, subject, milestone })
        })
        .collect())
}

/// Claims a digest before it is sent: records it with its new reminders, in
/// one transaction with its change-history entry. None when another run
/// (another instance's schedule, a command run at the same moment) has
/// already claimed one of the reminders, so that only one of them sends it.
pub fn claim(
    conn: &mut DbConnection,
    actor: &Actor,
    owner: OwnerId,
    email: &str,
    on: NaiveDate,
    reminders: &[Reminder],
) -> Result<Option<DigestRow>, DbError> {
    match record(conn, actor, owner, email, on, reminders) {
        Err(DbError::Database(e)) if super::is_unique_violation(&e) => Ok(None),
        other => other.map(Some),
    }
}

/// Takes back a claimed digest that could not be sent, so the next run sends
/// its reminders; change history keeps the attempt and why it failed.
pub fn release(conn: &mut DbConnection, actor: &Actor, digest: &DigestRow, why: &str) -> Result<(), DbError> {
    let id = digest.id;
    write::append(conn, actor, DigestRow::ENTITY, id, Change::NotSent, |c| {
        diesel::delete(digest_reminders::table.filter(digest_reminders::digest_id.eq(id))).execute(c)?;
        diesel::delete(digests::table.filter(digests::id.eq(id))).execute(c)?;
        Ok(serde_json::json!({ "email": digest.email, "reason": why }))
    })?;
    Ok(())
}

/// Records a digest with its reminders, in one transaction with its
/// change-history entry.
pub fn record(
    conn: &mut DbConnection,
    actor: &Actor,
    owner: OwnerId,
    email: &str,
    on: NaiveDate,
    reminders: &[Reminder],
) -> Result<DigestRow, DbError> {
    write::create(conn, actor, |c| {
        let row: DigestRow = diesel::insert_into(digests::table)
            .values((
                digests::owner_id.eq(owner),
                digests::email.eq(email),
                digests::sent_on.eq(on),
                digests::reminder_count.eq(i32::try_from(reminders.len()).unwrap_or(i32::MAX)),
                digests::created_at.eq(actor.at),
                digests::updated_at.eq(actor.at),
            ))
            .returning(digests::all_columns)
            .get_result(c)?;
        for reminder in reminders {
            diesel::insert_into(digest_reminders::table)
                .values((
                    digest_reminders::digest_id.eq(row.id),
                    digest_reminders::owner_id.eq(reminder.recipient),
                    digest_reminders::subject.eq(reminder.subject.kind()),
                    digest_reminders::subject_id.eq(reminder.subject.id()),
                    digest_reminders::milestone.eq(&reminder.milestone),
                    digest_reminders::created_at.eq(actor.at),
                ))
                .execute(c)?;
        }
        Ok(row)
    })
}

/// The latest digest sent to an owner, if any.
pub fn last_sent(conn: &mut DbConnection, owner: OwnerId) -> Result<Option<DigestRow>, DbError> {
    Ok(digests::table
        .filter(digests::owner_id.eq(owner))
        .order((digests::created_at.desc(), digests::id.desc()))
        .limit(1)
        .select(DigestRow::as_select())
        .get_result(conn)
        .optional()?)
}
