//! The one connection type over both backends, the pool, and migrations.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool, PooledConnection};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};
use std::time::Duration;

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// A connection to either backend; queries are written once against this type.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgres(diesel::PgConnection),
    Sqlite(diesel::SqliteConnection),
}

/// Which backend a database URL names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// A file path for the embedded default.
    Sqlite(String),
    /// A `postgres://` URL, kept whole for libpq.
    Postgres(String),
}

impl DatabaseUrl {
    /// Reads a configured URL: a plain path or `sqlite://PATH` means SQLite,
    /// `postgres://` or `postgresql://` means PostgreSQL; anything else is refused.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err("the database URL is empty".into());
        }
        if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            let parsed = url::Url::parse(raw).map_err(|e| format!("the PostgreSQL URL could not be read: {e}"))?;
            if parsed.host_str().unwrap_or("").is_empty() && !raw.contains("host=") {
                return Err("the PostgreSQL URL names no host".into());
            }
            return Ok(DatabaseUrl::Postgres(raw.to_string()));
        }
        if let Some(path) = raw.strip_prefix("sqlite://") {
            if path.is_empty() {
                return Err("the sqlite:// URL names no file".into());
            }
            return Ok(DatabaseUrl::Sqlite(path.to_string()));
        }
        if let Some((scheme, _)) = raw.split_once("://") {
            return Err(format!(
                "'{scheme}://' is not a supported database; use a file path, sqlite://PATH or postgres://..."
            ));
        }
        Ok(DatabaseUrl::Sqlite(raw.to_string()))
    }

    /// Whether this is the embedded backend.
    pub fn is_sqlite(&self) -> bool {
        matches!(self, DatabaseUrl::Sqlite(_))
    }

    /// The URL with any password hidden, for logs and messages.
    pub fn redacted(&self) -> String {
        match self {
            DatabaseUrl::Sqlite(path) => path.clone(),
            DatabaseUrl::Postgres(raw) => match url::Url::parse(raw) {
                Ok(mut u) if u.password().is_some() => {
                    let _ = u.set_password(Some("***"));
                    u.to_string()
                }
                _ => raw.clone(),
            },
        }
    }
}

/// Opens one connection to the named database.
pub fn establish(url: &DatabaseUrl) -> Result<DbConnection, String> {
    match url {
        DatabaseUrl::Postgres(raw) => diesel::PgConnection::establish(raw)
            .map(DbConnection::Postgres)
            .map_err(|e| format!("could not connect to PostgreSQL: {}", first_line(&e.to_string()))),
        DatabaseUrl::Sqlite(path) => {
            if let Some(parent) = std::path::Path::new(path).parent() {
                if !parent.as_os_str().is_empty() && !parent.is_dir() {
                    return Err(format!("the folder for the database file '{path}' does not exist"));
                }
            }
            let mut conn = diesel::SqliteConnection::establish(path)
                .map_err(|e| format!("could not open the SQLite database '{path}': {e}"))?;
            SqlitePragmas
                .apply(&mut conn)
                .map_err(|e| format!("could not prepare the SQLite database '{path}': {e}"))?;
            Ok(DbConnection::Sqlite(conn))
        }
    }
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or(text).trim()
}

/// Settings every SQLite connection needs: WAL for readers beside a writer,
/// enforced foreign keys, and a wait rather than an error when the file is busy.
/// Each connection's page cache is 256 KiB rather than SQLite's 2 MB: a request
/// reads a few index pages, the plan is read whole and rarely (the system's
/// file cache serves it either way), and eight full caches were a sixth of the
/// server's memory on the large authority.
#[derive(Debug, Clone, Copy)]
struct SqlitePragmas;

impl SqlitePragmas {
    fn apply(&self, conn: &mut diesel::SqliteConnection) -> QueryResult<()> {
        conn.batch_execute(
            "PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; \
             PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -256;",
        )
    }
}

/// Counts the SQL statements a pool's connections run, for the load benchmark
/// and the tests that hold the number of statements per page steady.
#[derive(Debug, Clone, Default)]
pub struct StatementCounter(std::sync::Arc<std::sync::atomic::AtomicU64>);

impl StatementCounter {
    /// Statements run so far.
    pub fn total(&self) -> u64 {
        self.0.load(std::sync::atomic::Ordering::Relaxed)
    }
}

impl diesel::connection::Instrumentation for StatementCounter {
    fn on_connection_event(&mut self, event: diesel::connection::InstrumentationEvent<'_>) {
        if let diesel::connection::InstrumentationEvent::StartQuery { .. } = event {
            self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
    }
}

#[derive(Debug, Clone)]
struct PoolCustomizer {
    counter: StatementCounter,
}

impl CustomizeConnection<DbConnection, diesel::r2d2::Error> for PoolCustomizer {
    fn on_acquire(&self, conn: &mut DbConnection) -> Result<(), diesel::r2d2::Error> {
        if let DbConnection::Sqlite(inner) = conn {
            SqlitePragmas.apply(inner).map_err(diesel::r2d2::Error::QueryError)?;
        }
        conn.set_instrumentation(self.counter.clone());
        Ok(())
    }
}

/// The shared pool of connections.
pub type DbPool = Pool<ConnectionManager<DbConnection>>;
/// One connection borrowed from the pool.
pub type PooledDb = PooledConnection<ConnectionManager<DbConnection>>;

/// How long work that does not queue for its turn (a document streamed while
/// it is made, the start-up) waits for a connection: long enough for a busy
/// pool to free one.
pub const POOL_WAIT: Duration = Duration::from_secs(10);

/// The pool's own time-out, which also sets how soon it retries a connection
/// that failed to open: r2d2 waits twice as long after each failure, up to
/// half this. At 10 s a server back from a restart was used up to 5 s later
/// (4.99 s measured behind nginx); at 2 s it is used within a second. Waits
/// that should be longer say so (`POOL_WAIT`).
const RECONNECT_CAP: Duration = Duration::from_secs(2);

/// Builds a pool and checks that a first connection can be made.
pub fn pool(url: &DatabaseUrl, max_size: u32) -> Result<DbPool, String> {
    pool_counting(url, max_size, StatementCounter::default())
}

/// A pool whose connections count their statements into `counter`.
pub fn pool_counting(url: &DatabaseUrl, max_size: u32, counter: StatementCounter) -> Result<DbPool, String> {
    // Opening one connection first gives a clear message for a bad URL or a
    // server that is down, instead of the pool's generic time-out.
    drop(establish(url)?);
    let raw = match url {
        DatabaseUrl::Sqlite(path) => path.clone(),
        DatabaseUrl::Postgres(raw) => raw.clone(),
    };
    let size = if url.is_sqlite() { max_size.min(8) } else { max_size };
    Pool::builder()
        .max_size(size)
        .connection_timeout(RECONNECT_CAP)
        // No test query on every checkout: a broken connection fails its
        // statement and is replaced; the check would cost a round trip per request.
        .test_on_check_out(false)
        .connection_customizer(Box::new(PoolCustomizer { counter }))
        .build(ConnectionManager::<DbConnection>::new(raw))
        .map_err(|e| format!("could not open the database pool: {e}"))
}

/// Applies every pending migration of the connection's backend; returns how many ran.
///
/// On PostgreSQL, instances starting together take turns under a session
/// advisory lock: the first applies the migrations, the others wait for it and
/// then find nothing left to apply (without the lock, two would both try the
/// same migration and one would fail). SQLite's own write lock does the same.
pub fn migrate(conn: &mut DbConnection) -> Result<usize, String> {
    let failed = |e: &dyn std::fmt::Display| format!("could not apply the database migrations: {e}");
    let applied = match conn {
        DbConnection::Sqlite(inner) => inner.run_pending_migrations(SQLITE_MIGRATIONS).map_err(|e| failed(&e))?.len(),
        DbConnection::Postgres(inner) => {
            let lock = format!("SELECT pg_advisory_lock(hashtextextended('{MIGRATIONS_LOCK}', 0))");
            inner.batch_execute(&lock).map_err(|e| failed(&e))?;
            let applied =
                inner.run_pending_migrations(POSTGRES_MIGRATIONS).map(|done| done.len()).map_err(|e| failed(&e));
            let unlock = format!("SELECT pg_advisory_unlock(hashtextextended('{MIGRATIONS_LOCK}', 0))");
            inner.batch_execute(&unlock).map_err(|e| failed(&e))?;
            applied?
        }
    };
    Ok(applied)
}

/// How many migrations of the connection's backend are still to be applied.
pub fn pending_migrations(conn: &mut DbConnection) -> Result<usize, String> {
    let failed = |e: &dyn std::fmt::Display| format!("could not read which database migrations are applied: {e}");
    match conn {
        DbConnection::Sqlite(inner) => {
            inner.pending_migrations(SQLITE_MIGRATIONS).map(|m| m.len()).map_err(|e| failed(&e))
        }
        DbConnection::Postgres(inner) => {
            inner.pending_migrations(POSTGRES_MIGRATIONS).map(|m| m.len()).map_err(|e| failed(&e))
        }
    }
}

/// The advisory lock's key (hashed by PostgreSQL, like the other keys of
/// `pg_advisory_xact_lock` here) under which migrations are applied.
const MIGRATIONS_LOCK: &str = "sustain migrations";

/// Starts a write transaction of plan data. Its first statement bumps the data
/// generation, so that every instance's cached reads know, with one cheap query,
/// that they are out of date; on SQLite it also takes the write lock before
/// anything is read, so that two writers queue on the busy timeout instead of
/// one failing on a stale snapshot. On PostgreSQL writers queue on the row.
/// A write nested in another write transaction leaves the bump to the
/// outermost, so a transaction that holds plan writes must begin here.
pub fn write_transaction<T, E, F>(conn: &mut DbConnection, body: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    conn.transaction(|c| {
        // Once per outermost transaction: a load or an import nests a write
        // per record, and on PostgreSQL each update of one row in one
        // transaction walks every version the earlier updates left.
        if transaction_depth(c)? == 1 {
            c.batch_execute("UPDATE data_generation SET generation = generation + 1 WHERE id = 1")?;
        }
        body(c)
    })
}

/// How many transactions deep the connection is (1 inside the outermost).
fn transaction_depth(c: &mut DbConnection) -> Result<u32, diesel::result::Error> {
    use diesel::connection::TransactionManager;
    Ok(<DbConnection as Connection>::TransactionManager::transaction_manager_status_mut(c)
        .transaction_depth()?
        .map_or(0, |d| d.get()))
}

/// A write transaction of security records only (sign-in attempts, sessions):
/// no page shows them, so the data generation is left alone and caches stay warm.
pub fn security_transaction<T, E, F>(conn: &mut DbConnection, body: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    conn.transaction(|c| {
        if matches!(c, DbConnection::Sqlite(_)) {
            c.batch_execute("UPDATE change_history SET id = id WHERE 0 = 1")?;
        }
        body(c)
    })
}

/// Whether the database answers a trivial query, for the health check.
pub fn answers(conn: &mut DbConnection) -> bool {
    conn.batch_execute("SELECT 1").is_ok()
}

/// Inside a `security_transaction`, waits for and holds, until the transaction
/// ends, the lock named `key`, so that a count and the row that depends on it are
/// written by one transaction at a time. On SQLite the transaction already holds
/// the database's write lock; on PostgreSQL it is an advisory lock on the key's
/// hash (two keys sharing a hash only wait for each other, which is harmless).
pub fn hold_lock(conn: &mut DbConnection, key: &str) -> Result<(), diesel::result::Error> {
    if let DbConnection::Postgres(pg) = conn {
        diesel::sql_query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
            .bind::<diesel::sql_types::Text, _>(key)
            .execute(pg)?;
    }
    Ok(())
}

/// Runs reads in one consistent snapshot, so that a page never mixes rows from
/// before and after a concurrent write. PostgreSQL: a read-only, repeatable-read
/// transaction; SQLite (WAL): a deferred transaction, whose first read fixes
/// the snapshot.
pub fn read_snapshot<T, E, F>(conn: &mut DbConnection, body: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    conn.transaction(|c| {
        // Only the outermost transaction can set its isolation; a snapshot read
        // inside a write transaction already sees one state.
        if transaction_depth(c)? == 1 && matches!(c, DbConnection::Postgres(_)) {
            c.batch_execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")?;
        }
        body(c)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_path_or_sqlite_url_means_sqlite() {
        assert_eq!(DatabaseUrl::parse("./sustain.db"), Ok(DatabaseUrl::Sqlite("./sustain.db".into())));
        assert_eq!(DatabaseUrl::parse("sqlite://data/s.db"), Ok(DatabaseUrl::Sqlite("data/s.db".into())));
    }

    #[test]
    fn a_postgres_url_means_postgres() {
        let url = DatabaseUrl::parse("postgres://root@127.0.0.1:5432/test").unwrap();
        assert!(!url.is_sqlite());
    }

    #[test]
    fn an_unknown_scheme_is_refused_by_name() {
        let err = DatabaseUrl::parse("mysql://localhost/x").unwrap_err();
        assert!(err.contains("'mysql://' is not a supported database"), "{err}");
    }

    #[test]
    fn a_password_is_hidden_in_messages() {
        let url = DatabaseUrl::parse("postgres://u:secret@db/x").unwrap();
        assert!(!url.redacted().contains("secret"));
    }
}
