//! Database failures that are not a fault of the request or of Sustain: the
//! server stopped or restarting, the connection cut, the disk full. They are
//! answered 503 (507 to the API for a full disk) rather than 500, so a client
//! or a load balancer knows to come back, and they are told apart here, from
//! what the database driver reports, so no other layer reads its messages.

use super::{pending_migrations, DatabaseUrl, DbConnection};
use diesel::result::{DatabaseErrorKind, Error};

/// Why the database could not do what was asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outage {
    /// Stopped, restarting, out of reach, or refusing writes (a read-only file).
    Unreachable,
    /// The disk under the database is full.
    StorageFull,
}

/// What libpq and SQLite say when the server or the file cannot be used; the
/// driver gives most of these as "unknown" kinds, so their words are read.
const UNREACHABLE_WORDS: [&str; 9] = [
    "terminating connection",
    "server closed the connection",
    "no connection to the server",
    "could not receive data",
    "could not send data",
    "the database system is shutting down",
    "the database system is starting up",
    "attempt to write a readonly database",
    "database is locked",
];
const FULL_WORDS: [&str; 2] = ["database or disk is full", "could not extend file"];

/// The outage an error reports, if it reports one.
pub fn outage(err: &Error) -> Option<Outage> {
    match err {
        Error::DatabaseError(DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand, _) => {
            Some(Outage::Unreachable)
        }
        Error::DatabaseError(_, info) => {
            let message = info.message().to_ascii_lowercase();
            if FULL_WORDS.iter().any(|w| message.contains(w)) {
                Some(Outage::StorageFull)
            } else if UNREACHABLE_WORDS.iter().any(|w| message.contains(w)) {
                Some(Outage::Unreachable)
            } else {
                None
            }
        }
        // A transaction cut off by a lost connection cannot be ended cleanly.
        Error::BrokenTransactionManager => Some(Outage::Unreachable),
        _ => None,
    }
}

/// Why this instance should not be sent traffic, or `None` when it is ready:
/// the database answers, every migration is applied, and an SQLite file can
/// be written.
pub fn not_ready(conn: &mut DbConnection, url: &DatabaseUrl) -> Option<&'static str> {
    if !super::connection::answers(conn) {
        return Some("the database does not answer");
    }
    match pending_migrations(conn) {
        Ok(0) => {}
        Ok(_) => return Some("the database is not migrated to this version"),
        Err(_) => return Some("the database's migrations could not be read"),
    }
    if let DatabaseUrl::Sqlite(path) = url {
        // Opening for writing writes nothing, and fails on a read-only file or mount.
        if path != ":memory:" && std::fs::OpenOptions::new().write(true).open(path).is_err() {
            return Some("the database file cannot be written");
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn database_error(kind: DatabaseErrorKind, message: &str) -> Error {
        Error::DatabaseError(kind, Box::new(message.to_string()))
    }

    #[test]
    fn a_cut_connection_a_restart_and_a_read_only_file_are_outages() {
        let cut = database_error(DatabaseErrorKind::ClosedConnection, "server closed the connection unexpectedly");
        assert_eq!(outage(&cut), Some(Outage::Unreachable));
        let restart =
            database_error(DatabaseErrorKind::Unknown, "FATAL: terminating connection due to administrator command");
        assert_eq!(outage(&restart), Some(Outage::Unreachable));
        let read_only = database_error(DatabaseErrorKind::Unknown, "attempt to write a readonly database");
        assert_eq!(outage(&read_only), Some(Outage::Unreachable));
        assert_eq!(outage(&Error::BrokenTransactionManager), Some(Outage::Unreachable));
    }

    #[test]
    fn a_full_disk_is_told_apart_and_a_bad_request_is_not_an_outage() {
        let full = database_error(DatabaseErrorKind::Unknown, "database or disk is full");
        assert_eq!(outage(&full), Some(Outage::StorageFull));
        let unique = database_error(DatabaseErrorKind::UniqueViolation, "UNIQUE constraint failed: users.email");
        assert_eq!(outage(&unique), None);
        assert_eq!(outage(&Error::NotFound), None);
    }
}
