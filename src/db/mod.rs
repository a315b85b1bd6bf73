//! All SQL lives here: the connection over both backends, one file per entity,
//! change history, and whole-database transfer (export, import, backup).

pub mod actions;
pub mod allowances;
pub mod areas;
pub mod attachments;
pub mod columns;
pub mod commentary;
pub mod comparison;
pub mod connection;
pub mod council;
pub mod digests;
pub mod evidence;
mod evidence_review;
pub mod facts;
pub mod figures;
pub mod findings;
pub mod history;
pub mod identities;
pub mod inspections;
pub mod invitations;
pub mod measures;
pub mod outage;
pub mod owners;
pub mod pending_imports;
pub mod plan_rows;
pub mod published_inspections;
pub mod reports;
pub mod requests;
mod results;
pub mod schema;
pub mod sessions;
pub mod shares;
pub mod sheet_imports;
pub mod sheet_records;
pub mod sign_ins;
pub mod sign_offs;
pub mod transfer;
pub mod users;
pub(crate) mod versioned;
pub(crate) mod write;

pub use connection::{
    establish, migrate, pending_migrations, pool, pool_counting, read_snapshot, DatabaseUrl, DbConnection, DbPool,
    PooledDb, StatementCounter, POOL_WAIT,
};
pub use history::Actor;
pub use outage::{outage, Outage};
pub use write::Stored;

use crate::domain::fields::FieldErrors;
use crate::domain::history::Entity;

/// Why a repository call did not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// No row has that id (or it is archived where only live rows count).
    #[error("{entity} {id} was not found")]
    NotFound { entity: Entity, id: i64 },
    /// The row changed since the caller read it; nothing was written.
    #[error("{entity} {id} was changed by someone else (now at version {current}, you had {expected})")]
    Conflict { entity: Entity, id: i64, expected: i32, current: i32 },
    /// The input broke a rule the database enforces (a duplicate, a missing link).
    #[error("{0}")]
    Invalid(FieldErrors),
    /// The row as it is now may not be changed by this person.
    #[error("not allowed to change {entity} {id}")]
    Forbidden { entity: Entity, id: i64 },
    /// Anything else from the database; never shown to a person.
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
}

impl DbError {
    /// A failure of this process's own bookkeeping around the database (a
    /// poisoned lock), reported like any other database failure.
    pub fn internal(why: &str) -> Self {
        DbError::Database(diesel::result::Error::QueryBuilderError(why.into()))
    }
}

/// Whether an error is a unique-constraint violation, so callers can name the field.
pub fn is_unique_violation(err: &diesel::result::Error) -> bool {
    matches!(err, diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _))
}

/// Maps a unique violation to a message on a field, leaving other errors as they are.
pub fn unique_as_field(err: diesel::result::Error, field: &str, message: &str) -> DbError {
    if is_unique_violation(&err) {
        DbError::Invalid(FieldErrors::one(field, message))
    } else {
        DbError::Database(err)
    }
}

/// Whether to include archived rows in a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Archived {
    /// Only live rows (the default everywhere).
    #[default]
    Hide,
    /// Live and archived rows.
    Include,
}
