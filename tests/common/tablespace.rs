//! Where PostgreSQL keeps the database each test copies from a template: a
//! tablespace in memory (a folder under `/dev/shm`) where the run can make one.
//!
//! On the disk, making and dropping a database per test cost about a quarter of
//! a whole run's processor time, nearly all of it in the kernel finding free
//! inodes for the files of some 400 relations and freeing them again (`perf`
//! over a run of every test, ext4). In memory a copy and its drop take half as
//! long alone, and nothing builds up on the disk over the run.
//!
//! The tablespace is made once on a server and kept for later runs, empty
//! between them. It can be made when the server runs on this machine and this
//! process may give the folder to the server's owner (as root, as `.ci/run`
//! runs); otherwise copies stay in the default tablespace, as before, and the
//! run says so once.

use diesel::prelude::*;
use diesel::sql_types::Text;
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::sync::OnceLock;

const NAME: &str = "sustain_tests_in_memory";
const FOLDER: &str = "/dev/shm/sustain-tests-postgres";

/// The clause that puts a new database in memory (` TABLESPACE ...`), or
/// nothing where the tablespace could not be made.
pub fn clause(admin: &mut PgConnection) -> &'static str {
    static CLAUSE: OnceLock<String> = OnceLock::new();
    CLAUSE.get_or_init(|| match in_memory(admin) {
        Ok(()) => format!(" TABLESPACE {NAME}"),
        Err(why) => {
            eprintln!("Test databases are made on the disk: {why}");
            String::new()
        }
    })
}

#[derive(QueryableByName)]
struct Found {
    #[diesel(sql_type = Text)]
    found: String,
}

fn one(admin: &mut PgConnection, sql: &str) -> Result<Option<String>, String> {
    let rows: Vec<Found> = diesel::sql_query(sql).load(admin).map_err(|e| format!("{sql}: {e}"))?;
    Ok(rows.into_iter().next().map(|r| r.found))
}

fn execute(admin: &mut PgConnection, sql: &str) -> Result<(), String> {
    diesel::connection::SimpleConnection::batch_execute(admin, sql).map_err(|e| format!("{sql}: {e}"))
}

/// Makes the tablespace if it is not there with its folder, one run at a time.
fn in_memory(admin: &mut PgConnection) -> Result<(), String> {
    // Two runs starting together must not both make it.
    execute(admin, "SELECT pg_advisory_lock(2026120801)")?;
    let made = make_if_missing(admin);
    execute(admin, "SELECT pg_advisory_unlock(2026120801)")?;
    made
}

fn make_if_missing(admin: &mut PgConnection) -> Result<(), String> {
    let location = format!("SELECT pg_tablespace_location(oid) AS found FROM pg_tablespace WHERE spcname = '{NAME}'");
    if let Some(folder) = one(admin, &location)? {
        // The server's own folder in it (PG_15_...) is there unless the machine
        // restarted and emptied /dev/shm; then it is made again.
        let kept = std::fs::read_dir(&folder).map(|mut entries| entries.next().is_some()).unwrap_or(false);
        if kept {
            return Ok(());
        }
        execute(admin, &format!("DROP TABLESPACE {NAME}"))?;
    }
    let data = one(admin, "SELECT setting AS found FROM pg_settings WHERE name = 'data_directory'")?
        .ok_or("the server did not say where its data is")?;
    let owner = std::fs::metadata(&data).map_err(|_| format!("the server's data ({data}) is not on this machine"))?;
    let folder = Path::new(FOLDER);
    if folder.exists() {
        std::fs::remove_dir_all(folder).map_err(|e| format!("{FOLDER}: {e}"))?;
    }
    std::fs::create_dir_all(folder).map_err(|e| format!("{FOLDER}: {e}"))?;
    std::os::unix::fs::chown(folder, Some(owner.uid()), Some(owner.gid()))
        .map_err(|e| format!("{FOLDER} cannot be given to the server's owner: {e}"))?;
    execute(admin, &format!("CREATE TABLESPACE {NAME} LOCATION '{FOLDER}'"))
}
