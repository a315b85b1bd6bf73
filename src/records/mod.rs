//! One model of each kind of record that people add, change, archive and
//! restore, read by both the pages (`web::write`) and the API (`api::records`).
//!
//! A kind of record implements `Record`: how one is loaded, which repository
//! functions save it, who may do what, why it cannot be archived yet, and the
//! field a missing linked record is reported against. A form and a JSON body
//! are two readers that turn what was sent into the record's `Input`; the
//! functions here then do the rest the same way for both: the access check on
//! the stored record, the save at a version, and what a refusal means (a
//! missing link, someone else's save first, a rule the database enforces).

mod plan;
mod users;
mod work;

pub use plan::{Areas, Findings, Inspections, Judgements, Owners};
pub use users::Users;
pub use work::{Actions, Evidence, Measures, Results};

use crate::auth::CurrentUser;
use crate::db::{Actor, DbConnection, DbError};
use crate::domain::access::Refusal;
use crate::domain::fields::FieldErrors;
use crate::domain::history::Entity;
use crate::read::plan::PlanIndex;
use std::fmt::Display;

/// A kind of record people add, change, archive and restore.
pub trait Record: Sized + 'static {
    type Id: Copy + Display + From<i64> + Into<i64> + Send + 'static;
    type Row: Send + 'static;
    /// What a form or a body for a new one becomes once read and checked: complete, ready to save.
    type New: Send + 'static;
    /// What a form or a body changing one becomes once read and checked.
    type Input: Send + 'static;

    /// The kind of record repository errors and change history name.
    const ENTITY: Entity;

    fn get(conn: &mut DbConnection, id: Self::Id) -> Result<Self::Row, DbError>;
    fn create(
        conn: &mut DbConnection,
        actor: &Actor,
        input: &Self::New,
        user: &CurrentUser,
    ) -> Result<Self::Row, DbError>;
    fn update(
        conn: &mut DbConnection,
        actor: &Actor,
        id: Self::Id,
        version: i32,
        input: &Self::Input,
        user: &CurrentUser,
    ) -> Result<Self::Row, DbError>;
    fn id_of(row: &Self::Row) -> Self::Id;
    fn version_of(row: &Self::Row) -> i32;
    /// How the record is named in a notice ("Action saved: 1.3 Audit ...").
    fn title_of(row: &Self::Row) -> String;

    /// Who may add one.
    fn may_create(user: &CurrentUser) -> Result<(), Refusal> {
        crate::domain::access::plan_edit(user.role)
    }
    /// Who may change this one.
    fn may_edit(_conn: &mut DbConnection, user: &CurrentUser, row: &Self::Row) -> Result<(), DbError> {
        crate::domain::access::plan_edit(user.role)
            .map_err(|_| DbError::Forbidden { entity: Self::ENTITY, id: Self::id_of(row).into() })
    }
    /// The field of this record's form and body that names a linked record of
    /// `entity`, to report a link that no longer exists against.
    fn link_field(entity: &Entity) -> Option<&'static str> {
        match entity {
            Entity::PracticeArea => Some("practice_area_id"),
            Entity::Owner => Some("owner_id"),
            Entity::Inspection => Some("inspection_id"),
            Entity::Finding => Some("finding_id"),
            Entity::Action => Some("action_id"),
            Entity::User => Some("user_id"),
            Entity::Measure => Some("measure_id"),
            Entity::Evidence => Some("evidence_id"),
            _ => None,
        }
    }
}

/// A kind of record that is archived and restored rather than deleted (user
/// accounts are deactivated instead, so are not one).
pub trait Archivable: Record {
    fn archive(conn: &mut DbConnection, actor: &Actor, id: Self::Id, version: i32) -> Result<Self::Row, DbError>;
    fn restore(conn: &mut DbConnection, actor: &Actor, id: Self::Id, version: i32) -> Result<Self::Row, DbError>;

    /// Who may archive and restore this one.
    fn may_archive(conn: &mut DbConnection, user: &CurrentUser, row: &Self::Row) -> Result<(), DbError> {
        Self::may_edit(conn, user, row)
    }
    /// Why this one cannot be archived yet, if it cannot.
    fn archive_blocked(_plan: &PlanIndex, _row: &Self::Row) -> Option<String> {
        None
    }
}

/// How a create, change, archive or restore ended, short of a failure.
pub enum Saved<R: Record> {
    Done(R::Row),
    /// Someone else saved first: the record as it is now, and the version the change was made to.
    Stale {
        now: R::Row,
        expected: i32,
    },
    /// A record it links to no longer exists; `field` names it, when the form or body has one.
    Missing {
        field: Option<&'static str>,
        entity: Entity,
        id: i64,
    },
    /// A rule the database enforces, by field.
    Invalid(FieldErrors),
    /// It cannot be archived yet, for this reason.
    Blocked(String),
}

impl<R: Record> Saved<R> {
    /// The row saved, or the refusal as the repository gave it.
    pub fn done(self) -> Result<R::Row, DbError> {
        match self {
            Saved::Done(row) => Ok(row),
            Saved::Stale { now, expected } => Err(DbError::Conflict {
                entity: R::ENTITY,
                id: R::id_of(&now).into(),
                expected,
                current: R::version_of(&now),
            }),
            Saved::Missing { entity, id, .. } => Err(DbError::NotFound { entity, id }),
            Saved::Invalid(errors) => Err(DbError::Invalid(errors)),
            Saved::Blocked(reason) => Err(DbError::Invalid(FieldErrors::one("archive", reason))),
        }
    }
}

/// A repository answer as a `Saved`: a missing linked record, a stale
/// version and a refused rule are outcomes to show; the rest are failures.
fn outcome<R: Record>(
    conn: &mut DbConnection,
    id: Option<R::Id>,
    result: Result<R::Row, DbError>,
) -> Result<Saved<R>, DbError> {
    match result {
        Ok(row) => Ok(Saved::Done(row)),
        Err(DbError::Invalid(errors)) => Ok(Saved::Invalid(errors)),
        Err(DbError::NotFound { entity, id: missing }) if entity != R::ENTITY || id.is_none() => {
            Ok(Saved::Missing { field: R::link_field(&entity), entity, id: missing })
        }
        Err(DbError::Conflict { expected, .. }) if id.is_some() => {
            Ok(Saved::Stale { now: R::get(conn, id.expect("an id"))?, expected })
        }
        Err(other) => Err(other),
    }
}

/// Adds a record from its checked input (the caller has checked `may_create`).
pub fn create<R: Record>(
    conn: &mut DbConnection,
    actor: &Actor,
    user: &CurrentUser,
    input: &R::New,
) -> Result<Saved<R>, DbError> {
    let result = R::create(conn, actor, input, user);
    outcome(conn, None, result)
}

/// Changes a record made at `version`, if this user may change it.
pub fn update<R: Record>(
    conn: &mut DbConnection,
    (actor, user): (&Actor, &CurrentUser),
    id: R::Id,
    version: i32,
    input: &R::Input,
) -> Result<Saved<R>, DbError> {
    let row = R::get(conn, id)?;
    R::may_edit(conn, user, &row)?;
    let result = R::update(conn, actor, id, version, input, user);
    outcome(conn, Some(id), result)
}

/// Archives a record read at `version`, unless something still needs it.
pub fn archive<R: Archivable>(
    conn: &mut DbConnection,
    (actor, user): (&Actor, &CurrentUser),
    plan: &PlanIndex,
    id: R::Id,
    version: i32,
) -> Result<Saved<R>, DbError> {
    let row = R::get(conn, id)?;
    R::may_archive(conn, user, &row)?;
    if let Some(blocked) = R::archive_blocked(plan, &row) {
        return Ok(Saved::Blocked(blocked));
    }
    let result = R::archive(conn, actor, id, version);
    outcome(conn, Some(id), result)
}

/// Brings an archived record back, read at `version`.
pub fn restore<R: Archivable>(
    conn: &mut DbConnection,
    (actor, user): (&Actor, &CurrentUser),
    id: R::Id,
    version: i32,
) -> Result<Saved<R>, DbError> {
    let row = R::get(conn, id)?;
    R::may_archive(conn, user, &row)?;
    let result = R::restore(conn, actor, id, version);
    outcome(conn, Some(id), result)
}

/// Loads a record this user may change.
pub fn editable<R: Record>(conn: &mut DbConnection, user: &CurrentUser, id: R::Id) -> Result<R::Row, DbError> {
    let row = R::get(conn, id)?;
    R::may_edit(conn, user, &row)?;
    Ok(row)
}

/// Loads a record this user may archive or restore.
pub fn archivable<R: Archivable>(conn: &mut DbConnection, user: &CurrentUser, id: R::Id) -> Result<R::Row, DbError> {
    let row = R::get(conn, id)?;
    R::may_archive(conn, user, &row)?;
    Ok(row)
}

/// "1 finding", "3 findings".
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// What every stored record is and the repository calls it makes the same way;
/// what is sent to add one is what is sent to change it.
macro_rules! stored {
    ($module:path, $id:ty, $row:ty) => {
        type Id = $id;
        type Row = $row;
        type New = Self::Input;
        const ENTITY: Entity = <$row as $crate::db::Stored>::ENTITY;
        fn get(conn: &mut DbConnection, id: $id) -> Result<$row, DbError> {
            use $module as m;
            m::get_any(conn, id)
        }
        fn id_of(row: &$row) -> $id {
            row.id
        }
        fn version_of(row: &$row) -> i32 {
            row.version
        }
    };
}
use stored;

/// How a record is archived and restored by its repository.
macro_rules! archived {
    ($module:path, $id:ty, $row:ty) => {
        fn archive(conn: &mut DbConnection, actor: &Actor, id: $id, version: i32) -> Result<$row, DbError> {
            use $module as m;
            m::archive(conn, actor, id, version)
        }
        fn restore(conn: &mut DbConnection, actor: &Actor, id: $id, version: i32) -> Result<$row, DbError> {
            use $module as m;
            m::restore(conn, actor, id, version)
        }
    };
}
use archived;

/// A record saved by its repository's own `create` and `update`, with nothing
/// checked or linked besides.
macro_rules! saved_plainly {
    ($module:path, $id:ty, $row:ty) => {
        fn create(conn: &mut DbConnection, a: &Actor, p: &Self::New, _: &CurrentUser) -> Result<$row, DbError> {
            use $module as m;
            m::create(conn, a, p)
        }
        fn update(
            conn: &mut DbConnection,
            a: &Actor,
            id: $id,
            version: i32,
            p: &Self::Input,
            _: &CurrentUser,
        ) -> Result<$row, DbError> {
            use $module as m;
            m::update(conn, a, id, version, p)
        }
    };
}
use saved_plainly;
