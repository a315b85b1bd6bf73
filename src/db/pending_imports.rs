//! Spreadsheets waiting between an import's preview and its confirmation.
//! They are kept in the database, not in one instance's memory, so that the
//! confirmation may reach any instance; each belongs to the user who uploaded
//! it, and lasts an hour. They are not plan data: no change history, and the
//! data generation is left alone.

use super::schema::pending_imports;
use super::{DbConnection, DbError};
use crate::domain::ids::UserId;
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

/// How long an upload waits for its confirmation.
pub const KEPT_FOR_MINUTES: i64 = 60;

pub use crate::domain::kinds::ImportKind;

/// An uploaded file and the choices made with it.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = pending_imports)]
pub struct PendingImport {
    pub id: String,
    pub user_id: UserId,
    pub kind: ImportKind,
    pub file_name: String,
    pub sheet: Option<String>,
    pub create_missing: bool,
    pub content: Vec<u8>,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

/// What is kept with an upload.
#[derive(Debug, Clone)]
pub struct NewPendingImport<'a> {
    pub user_id: UserId,
    pub kind: ImportKind,
    pub file_name: &'a str,
    pub sheet: Option<&'a str>,
    pub create_missing: bool,
    pub content: &'a [u8],
}

/// Keeps an upload until it is confirmed; returns its id. Expired uploads are removed.
pub fn save(conn: &mut DbConnection, new: &NewPendingImport<'_>, now: NaiveDateTime) -> Result<String, DbError> {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    let id = hex::encode(bytes);
    conn.transaction(|c| {
        diesel::delete(pending_imports::table.filter(pending_imports::expires_at.lt(now))).execute(c)?;
        diesel::insert_into(pending_imports::table)
            .values((
                pending_imports::id.eq(&id),
                pending_imports::user_id.eq(new.user_id),
                pending_imports::kind.eq(new.kind),
                pending_imports::file_name.eq(new.file_name),
                pending_imports::sheet.eq(new.sheet),
                pending_imports::create_missing.eq(new.create_missing),
                pending_imports::content.eq(new.content),
                pending_imports::created_at.eq(now),
                pending_imports::expires_at.eq(now + Duration::minutes(KEPT_FOR_MINUTES)),
            ))
            .execute(c)?;
        Ok::<_, DbError>(())
    })?;
    Ok(id)
}

/// The user's own upload of this kind, if it has not expired.
pub fn find(
    conn: &mut DbConnection,
    id: &str,
    user_id: UserId,
    kind: ImportKind,
    now: NaiveDateTime,
) -> Result<Option<PendingImport>, DbError> {
    // Ids are made here as 32 hex digits; anything else names no upload (and a
    // stray control character must never reach PostgreSQL).
    if id.len() != 32 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    Ok(pending_imports::table
        .filter(pending_imports::id.eq(id))
        .filter(pending_imports::user_id.eq(user_id))
        .filter(pending_imports::kind.eq(kind))
        .filter(pending_imports::expires_at.ge(now))
        .select(PendingImport::as_select())
        .first(conn)
        .optional()?)
}

/// Forgets an upload once it has been imported.
pub fn remove(conn: &mut DbConnection, id: &str) -> Result<(), DbError> {
    diesel::delete(pending_imports::table.filter(pending_imports::id.eq(id))).execute(conn)?;
    Ok(())
}
