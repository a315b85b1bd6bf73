//! Template databases, made once per test run and copied for each test: one
//! migrated and empty, and one holding the demo authority per date asked for.
//! A SQLite template is a file copied whole; a PostgreSQL one is a database
//! that `CREATE DATABASE ... TEMPLATE` copies. Templates of runs that have
//! ended (their process is gone) are removed when the next run makes its own.

use super::{postgres_base_url, run, unique_name, with_database, Backend};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use sustain::db::{self, DatabaseUrl, DbConnection};

/// Where a template is: a file path (SQLite) or a database name (PostgreSQL).
#[derive(Debug)]
pub struct Template(String);

impl Template {
    pub fn path(&self) -> &str {
        &self.0
    }
}

type Key = (Backend, Option<chrono::NaiveDate>);

/// The migrated, empty template of a backend.
pub fn migrated(backend: Backend) -> Arc<Template> {
    template((backend, None), || make(backend, |_| {}))
}

/// The template holding the demo as at `as_at`.
pub fn demo(backend: Backend, as_at: chrono::NaiveDate) -> Arc<Template> {
    template((backend, Some(as_at)), || {
        make(backend, |conn| {
            sustain::demo::load(conn, as_at).expect("the demo loads into a template");
        })
    })
}

/// A migrated, empty template of a backend made for one file's tests to fill
/// (the large authority), with its URL; it is removed as the others are.
pub fn migrated_afresh(backend: Backend) -> (Template, String) {
    let template = make(backend, |_| {});
    let url = match backend {
        Backend::Sqlite => template.path().to_string(),
        Backend::Postgres => with_database(&postgres_base_url(), template.path()),
    };
    (template, url)
}

/// Each template is made by the first test that needs it; others needing the
/// same one wait for it, and tests needing another go on.
fn template(key: Key, make: impl FnOnce() -> Template) -> Arc<Template> {
    super::large::start_if_wanted();
    /// One cell per template, filled once.
    type Cell = Arc<OnceLock<Arc<Template>>>;
    static MADE: OnceLock<Mutex<HashMap<Key, Cell>>> = OnceLock::new();
    let cell = MADE.get_or_init(Default::default).lock().expect("templates").entry(key).or_default().clone();
    cell.get_or_init(|| Arc::new(make())).clone()
}

fn make(backend: Backend, fill: impl FnOnce(&mut DbConnection)) -> Template {
    match backend {
        Backend::Sqlite => {
            let dir = sqlite_folder();
            let path = dir.join(format!("{}.db", unique_name("template"))).to_string_lossy().to_string();
            let mut conn = db::establish(&DatabaseUrl::Sqlite(path.clone())).expect("template file");
            db::migrate(&mut conn).expect("migrations apply");
            fill(&mut conn);
            // Closing the only connection folds the write-ahead log into the file.
            drop(conn);
            Template(path)
        }
        Backend::Postgres => {
            let name = unique_name("sustain_tpl");
            let mut admin = admin();
            remove_stale_postgres_templates(&mut admin);
            run(&mut admin, &format!("CREATE DATABASE {name}"));
            let url = DatabaseUrl::parse(&with_database(&postgres_base_url(), &name)).expect("url");
            let mut conn = db::establish(&url).expect("connect to the template");
            db::migrate(&mut conn).expect("migrations apply");
            fill(&mut conn);
            // No session may be connected to a template while it is copied.
            drop(conn);
            Template(name)
        }
    }
}

/// Makes database `name` as a copy of the PostgreSQL template `template`, in
/// memory where it can be (`tablespace`).
/// Copies are made one at a time: PostgreSQL refuses a copy while another
/// session, another copy's included, is connected to the template.
pub fn create_from(name: &str, template: &str) {
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let mut admin = admin();
    let DbConnection::Postgres(pg) = &mut admin else { unreachable!("TEST_DATABASE_URL names PostgreSQL") };
    let in_memory = super::tablespace::clause(pg);
    run(&mut admin, &format!("CREATE DATABASE {name} TEMPLATE {template}{in_memory}"));
}

fn admin() -> DbConnection {
    let base = postgres_base_url();
    db::establish(&DatabaseUrl::parse(&base).expect("TEST_DATABASE_URL"))
        .unwrap_or_else(|e| panic!("PostgreSQL for tests is not reachable at {base}: {e}"))
}

/// This run's folder of SQLite templates, after removing those of runs that have ended.
fn sqlite_folder() -> std::path::PathBuf {
    static FOLDER: OnceLock<std::path::PathBuf> = OnceLock::new();
    FOLDER
        .get_or_init(|| {
            let base = std::env::temp_dir();
            if let Ok(entries) = std::fs::read_dir(&base) {
                for entry in entries.flatten() {
                    let name = entry.file_name().to_string_lossy().to_string();
                    if let Some(pid) = name.strip_prefix("sustain-test-templates-") {
                        if !process_alive(pid) {
                            let _ = std::fs::remove_dir_all(entry.path());
                        }
                    }
                }
            }
            let folder = base.join(format!("sustain-test-templates-{}", std::process::id()));
            std::fs::create_dir_all(&folder).expect("template folder");
            folder
        })
        .clone()
}

fn remove_stale_postgres_templates(admin: &mut DbConnection) {
    use diesel::prelude::*;
    #[derive(QueryableByName)]
    struct Name {
        #[diesel(sql_type = diesel::sql_types::Text)]
        datname: String,
    }
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        let DbConnection::Postgres(pg) = admin else { return };
        let names: Vec<Name> =
            diesel::sql_query("SELECT datname FROM pg_database WHERE datname LIKE 'sustain\\_tpl\\_%'")
                .load(pg)
                .unwrap_or_default();
        for Name { datname } in names {
            let pid = datname.trim_start_matches("sustain_tpl_").split('_').next().unwrap_or("");
            if !process_alive(pid) {
                let _ = diesel::connection::SimpleConnection::batch_execute(
                    pg,
                    &format!("DROP DATABASE IF EXISTS {datname} WITH (FORCE)"),
                );
            }
        }
    });
}

fn process_alive(pid: &str) -> bool {
    !pid.is_empty() && std::path::Path::new("/proc").join(pid).exists()
}
