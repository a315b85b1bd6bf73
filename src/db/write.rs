//! The shape every write takes: one transaction, a version check, and an
//! entry in change history.

use super::connection::write_transaction;
use super::history::{changed_fields, record, Actor};
use super::{DbConnection, DbError};
use crate::domain::history::{Change, Entity};
use serde::Serialize;
use serde_json::Value;

/// A stored row that change history can describe.
pub trait Stored: Serialize {
    /// The kind of record change history files it under.
    const ENTITY: Entity;
    /// The row's id.
    fn id(&self) -> i64;
    /// The row's version, for optimistic locking (rows without one report 0).
    fn version(&self) -> i32 {
        0
    }
}

/// Makes a row `Stored`: filed in change history under `$entity`, known by its
/// `id` field and, where a version field is named, checked against that version.
///
/// `stored_row!(ActionRow, Entity::Action, version);` for a row changed at a
/// version; `stored_row!(DigestRow, Entity::Digest);` for one only ever added.
macro_rules! stored_row {
    ($row:ty, $entity:expr $(, $version:ident)?) => {
        impl $crate::db::Stored for $row {
            const ENTITY: $crate::domain::history::Entity = $entity;
            fn id(&self) -> i64 {
                self.id.into()
            }
            $(
                fn version(&self) -> i32 {
                    self.$version
                }
            )?
        }
    };
}
pub(crate) use stored_row;

fn as_json<R: Serialize>(row: &R) -> Result<Value, DbError> {
    serde_json::to_value(row).map_err(|e| DbError::Database(diesel::result::Error::SerializationError(Box::new(e))))
}

/// Inserts a row and records its creation with every field.
pub fn create<R, F>(conn: &mut DbConnection, actor: &Actor, insert: F) -> Result<R, DbError>
where
    R: Stored,
    F: FnOnce(&mut DbConnection) -> Result<R, DbError>,
{
    write_transaction(conn, |c| {
        let row = insert(c)?;
        record(c, actor, R::ENTITY, row.id(), Change::Create, None, Some(as_json(&row)?))?;
        Ok(row)
    })
}

/// Changes a row the caller read at `expected_version`.
///
/// `apply` must update only the row with this id *and* this version, setting the
/// version one higher, and return how many rows it changed: a concurrent writer
/// that got there first leaves it nothing to change, and the call is refused as a
/// conflict with nothing written.
pub fn update<R, I, L, A>(
    conn: &mut DbConnection,
    actor: &Actor,
    what: Change,
    id: I,
    expected_version: i32,
    load: L,
    apply: A,
) -> Result<R, DbError>
where
    R: Stored,
    I: Copy + Into<i64>,
    L: Fn(&mut DbConnection, I) -> Result<R, DbError>,
    A: FnOnce(&mut DbConnection) -> Result<usize, DbError>,
{
    update_if(conn, actor, what, id, expected_version, load, |_| Ok(()), apply)
}

/// As `update`, after `allow` has approved the row as it is now, read in the
/// same transaction: a permission that depends on the row (an owner editing
/// their own action) is checked against what is written, not an earlier read.
#[allow(clippy::too_many_arguments)]
pub fn update_if<R, I, L, P, A>(
    conn: &mut DbConnection,
    actor: &Actor,
    what: Change,
    id: I,
    expected_version: i32,
    load: L,
    allow: P,
    apply: A,
) -> Result<R, DbError>
where
    R: Stored,
    I: Copy + Into<i64>,
    L: Fn(&mut DbConnection, I) -> Result<R, DbError>,
    P: FnOnce(&R) -> Result<(), DbError>,
    A: FnOnce(&mut DbConnection) -> Result<usize, DbError>,
{
    let apply = |c: &mut DbConnection| Ok((apply(c)?, serde_json::Map::new()));
    update_noting(conn, actor, what, id, expected_version, load, allow, apply)
}

/// As `update_if`, where `apply` also tells what change history should note beside the fields
/// changed (a leader's reason for returning an action).
#[allow(clippy::too_many_arguments)]
pub fn update_noting<R, I, L, P, A>(
    conn: &mut DbConnection,
    actor: &Actor,
    what: Change,
    id: I,
    expected_version: i32,
    load: L,
    allow: P,
    apply: A,
) -> Result<R, DbError>
where
    R: Stored,
    I: Copy + Into<i64>,
    L: Fn(&mut DbConnection, I) -> Result<R, DbError>,
    P: FnOnce(&R) -> Result<(), DbError>,
    A: FnOnce(&mut DbConnection) -> Result<(usize, serde_json::Map<String, Value>), DbError>,
{
    write_transaction(conn, |c| {
        let before = load(c, id)?;
        allow(&before)?;
        let conflict =
            |current| DbError::Conflict { entity: R::ENTITY, id: id.into(), expected: expected_version, current };
        if before.version() != expected_version {
            return Err(conflict(before.version()));
        }
        let (changed, noted) = apply(c)?;
        if changed == 0 {
            let current = load(c, id)?.version();
            return Err(conflict(current));
        }
        let after = load(c, id)?;
        let (was, mut now) = changed_fields(&as_json(&before)?, &as_json(&after)?);
        if let Value::Object(fields) = &mut now {
            fields.extend(noted);
        }
        record(c, actor, R::ENTITY, id.into(), what, Some(was), Some(now))?;
        Ok(after)
    })
}

/// Records a change to links or appended rows that have no version of their own
/// (linking evidence to a finding, adding a progress update).
pub fn append<T, F>(
    conn: &mut DbConnection,
    actor: &Actor,
    entity: Entity,
    entity_id: i64,
    what: Change,
    body: F,
) -> Result<T, DbError>
where
    T: Serialize,
    F: FnOnce(&mut DbConnection) -> Result<T, DbError>,
{
    write_transaction(conn, |c| {
        let value = body(c)?;
        record(c, actor, entity, entity_id, what, None, Some(as_json(&value)?))?;
        Ok(value)
    })
}

/// Gives an entity module `get_any` (a row by id, archived or not), and
/// `archive` and `restore`: soft deletes that keep the row, its links and its
/// history, checked against the version the caller read. Given an order
/// (`#[doc = "..."] listed by (table::col.asc(), ...)`), also `list`: every
/// row, or only those not archived, in that order.
macro_rules! archivable {
    ($table:ident, $row:ty, $id:ty) => {
        /// One row by id, archived or not.
        pub fn get_any(conn: &mut $crate::db::DbConnection, id: $id) -> Result<$row, $crate::db::DbError> {
            use diesel::prelude::*;
            // `get_result`, not `first`: an id matches one row at most, and on
            // SQLite the bound `LIMIT` that `first` adds makes the cached
            // statement be prepared afresh on every use.
            $table::table
                .find(id)
                .select(<$row>::as_select())
                .get_result(conn)
                .optional()?
                .ok_or($crate::db::DbError::NotFound { entity: <$row as $crate::db::Stored>::ENTITY, id: id.into() })
        }

        /// Hides the row from lists; it can be brought back with `restore`.
        pub fn archive(
            conn: &mut $crate::db::DbConnection,
            actor: &$crate::db::Actor,
            id: $id,
            expected_version: i32,
        ) -> Result<$row, $crate::db::DbError> {
            set_archived(conn, actor, id, expected_version, Some(actor.at), $crate::domain::history::Change::Archive)
        }

        /// Brings an archived row back into lists.
        pub fn restore(
            conn: &mut $crate::db::DbConnection,
            actor: &$crate::db::Actor,
            id: $id,
            expected_version: i32,
        ) -> Result<$row, $crate::db::DbError> {
            set_archived(conn, actor, id, expected_version, None, $crate::domain::history::Change::Restore)
        }

        /// One page of archived rows, most recently archived first, and how many there are.
        pub fn archived_page(
            conn: &mut $crate::db::DbConnection,
            offset: i64,
            limit: i64,
        ) -> Result<(Vec<$row>, i64), $crate::db::DbError> {
            use diesel::prelude::*;
            let total: i64 = $table::table.filter($table::archived_at.is_not_null()).count().get_result(conn)?;
            let rows = $table::table
                .filter($table::archived_at.is_not_null())
                .order(($table::archived_at.desc(), $table::id.desc()))
                .offset(offset)
                .limit(limit)
                .select(<$row>::as_select())
                .load(conn)?;
            Ok((rows, total))
        }

        fn set_archived(
            conn: &mut $crate::db::DbConnection,
            actor: &$crate::db::Actor,
            id: $id,
            expected_version: i32,
            archived_at: Option<chrono::NaiveDateTime>,
            what: $crate::domain::history::Change,
        ) -> Result<$row, $crate::db::DbError> {
            $crate::db::write::update(conn, actor, what, id, expected_version, get_any, |c| {
                Ok($crate::db::write::update_at_version!(
                    c,
                    actor,
                    $table,
                    id,
                    expected_version,
                    $table::archived_at.eq(archived_at)
                )?)
            })
        }
    };
    ($table:ident, $row:ty, $id:ty, #[doc = $doc:literal] listed by $order:expr) => {
        $crate::db::write::archivable!($table, $row, $id);

        #[doc = $doc]
        /// Archived rows are left out unless `archived` asks for them.
        pub fn list(
            conn: &mut $crate::db::DbConnection,
            archived: $crate::db::Archived,
        ) -> Result<Vec<$row>, $crate::db::DbError> {
            use diesel::prelude::*;
            let mut query = $table::table.into_boxed();
            if archived == $crate::db::Archived::Hide {
                query = query.filter($table::archived_at.is_null());
            }
            Ok(query.order($order).select(<$row>::as_select()).load(conn)?)
        }
    };
}
pub(crate) use archivable;

/// Inserts `$values` into `$table` as a new row at version 1, stamped with the
/// actor's time, and gives back the row (for `create`'s closure).
macro_rules! insert_at_version_one {
    ($conn:expr, $actor:expr, $table:ident, $($values:expr),+) => {{
        use diesel::prelude::*;
        diesel::insert_into($table::table)
            .values((
                $($values,)+
                $table::created_at.eq($actor.at),
                $table::updated_at.eq($actor.at),
                $table::version.eq(1),
            ))
            .returning($table::all_columns)
            .get_result($conn)
    }};
}
pub(crate) use insert_at_version_one;

/// Sets `$values` on row `$id` of `$table` only while it is at `$version`,
/// moving it one version on, and gives how many rows changed (for `update`'s
/// closure: none when a concurrent writer got there first).
macro_rules! update_at_version {
    ($conn:expr, $actor:expr, $table:ident, $id:expr, $version:expr, $($values:expr),+) => {{
        use diesel::prelude::*;
        diesel::update($table::table.filter($table::id.eq($id)).filter($table::version.eq($version)))
            .set(($($values,)+ $table::version.eq($version + 1), $table::updated_at.eq($actor.at)))
            .execute($conn)
    }};
}
pub(crate) use update_at_version;
