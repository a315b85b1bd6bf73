//! Links that share one inspection's evidence pack with an inspector who has
//! no account. Only the SHA-256 of each link's token is stored, so the
//! database never holds a working link. Creating, revoking and every use of
//! a link are in change history; none is plan data, so the data generation
//! is left alone.

use super::connection::security_transaction;
use super::history::{record, Actor};
use super::schema::{inspections, pack_shares};
use super::{DbConnection, DbError};
use crate::domain::history::{Change, Entity};
use crate::domain::ids::InspectionId;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The longest a link may last, in days from the day it is made.
pub const MAX_DAYS: i64 = 90;

/// One shared link.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = pack_shares)]
pub struct ShareRow {
    pub id: i64,
    pub inspection_id: i64,
    #[serde(skip)]
    pub token_hash: String,
    pub label: String,
    pub expires_on: NaiveDate,
    pub revoked_at: Option<NaiveDateTime>,
    pub uses: i32,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i32,
}

impl ShareRow {
    /// Whether the link still opens the pack on `today`.
    pub fn is_live(&self, today: NaiveDate) -> bool {
        self.revoked_at.is_none() && today <= self.expires_on
    }
}

/// Why a token opens nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No link has this token.
    Unknown,
    /// The link was revoked or has expired, or its inspection is archived
    /// (restoring the inspection brings back a link that is neither).
    Ended,
}

fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn json<T: Serialize>(value: &T) -> Result<serde_json::Value, DbError> {
    serde_json::to_value(value).map_err(|e| DbError::Database(diesel::result::Error::SerializationError(Box::new(e))))
}

/// Makes a link to an inspection's pack; returns it with its token, which is shown once.
pub fn create(
    conn: &mut DbConnection,
    actor: &Actor,
    inspection: InspectionId,
    label: &str,
    expires_on: NaiveDate,
) -> Result<(ShareRow, String), DbError> {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let row = security_transaction(conn, |c| {
        let row: ShareRow = super::write::insert_at_version_one!(
            c,
            actor,
            pack_shares,
            pack_shares::inspection_id.eq(inspection.0),
            pack_shares::token_hash.eq(hash(&token)),
            pack_shares::label.eq(label),
            pack_shares::expires_on.eq(expires_on),
            pack_shares::uses.eq(0),
            pack_shares::created_by.eq(actor.user_id.map(|u| u.0))
        )?;
        record(c, actor, Entity::PackShare, row.id, Change::Create, None, Some(json(&row)?))?;
        Ok::<_, DbError>(row)
    })?;
    Ok((row, token))
}

/// The links made for an inspection, newest first.
pub fn for_inspection(conn: &mut DbConnection, inspection: InspectionId) -> Result<Vec<ShareRow>, DbError> {
    Ok(pack_shares::table
        .filter(pack_shares::inspection_id.eq(inspection.0))
        .order(pack_shares::id.desc())
        .select(ShareRow::as_select())
        .load(conn)?)
}

/// Ends a link at once. Revoking a revoked link changes nothing.
pub fn revoke(conn: &mut DbConnection, actor: &Actor, id: i64) -> Result<ShareRow, DbError> {
    security_transaction(conn, |c| {
        let before: ShareRow = pack_shares::table
            .find(id)
            .select(ShareRow::as_select())
            .get_result(c)
            .optional()?
            .ok_or(DbError::NotFound { entity: Entity::PackShare, id })?;
        if before.revoked_at.is_some() {
            return Ok(before);
        }
        diesel::update(pack_shares::table.find(id))
            .set((
                pack_shares::revoked_at.eq(Some(actor.at)),
                pack_shares::updated_at.eq(actor.at),
                pack_shares::version.eq(before.version + 1),
            ))
            .execute(c)?;
        let after: ShareRow = pack_shares::table.find(id).select(ShareRow::as_select()).get_result(c)?;
        let (was, now) = super::history::changed_fields(&json(&before)?, &json(&after)?);
        record(c, actor, Entity::PackShare, id, Change::Revoke, Some(was), Some(now))?;
        Ok(after)
    })
}

/// Opens a link: the live link with this token, its use counted and recorded
/// in change history (with the client's address), or why it opens nothing.
/// A link of an archived inspection has ended for as long as it stays
/// archived; nothing about the link itself changes, so restoring the
/// inspection brings it back unless it was revoked or has expired meanwhile.
pub fn open(
    conn: &mut DbConnection,
    token: &str,
    today: NaiveDate,
    client: &str,
) -> Result<Result<ShareRow, Refusal>, DbError> {
    security_transaction(conn, |c| {
        let found: Option<ShareRow> = pack_shares::table
            .filter(pack_shares::token_hash.eq(hash(token)))
            .select(ShareRow::as_select())
            .get_result(c)
            .optional()?;
        let Some(row) = found else { return Ok(Err(Refusal::Unknown)) };
        let archived: Option<Option<NaiveDateTime>> =
            inspections::table.find(row.inspection_id).select(inspections::archived_at).get_result(c).optional()?;
        if !row.is_live(today) || !matches!(archived, Some(None)) {
            return Ok(Err(Refusal::Ended));
        }
        diesel::update(pack_shares::table.find(row.id)).set(pack_shares::uses.eq(row.uses + 1)).execute(c)?;
        let actor = Actor::system(&format!("Shared link ({})", row.label));
        let use_details = serde_json::json!({ "uses": row.uses + 1, "client_address": client });
        record(c, &actor, Entity::PackShare, row.id, Change::Use, None, Some(use_details))?;
        Ok(Ok(ShareRow { uses: row.uses + 1, ..row }))
    })
}
