//! The large authority (`sustain demo --scale large`, Marlshire) as templates:
//! an SQLite file, and a PostgreSQL database imported from its export, each
//! made once per run and copied for each test that needs it.
//!
//! Loading it takes a minute or more in a debug build, and while one test made
//! it the others needing it waited with a core idle. So a run that includes
//! those tests (every test, or filters that name them) starts making the SQLite
//! file beside the first tests, and they find it made.

use super::templates::{self, Template};
use super::Backend;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Once, OnceLock};
use std::time::Instant;

/// The tests that read the large authority, by name without their backend.
const READERS: [&str; 2] = [
    "memory::the_large_authoritys_area_and_indicator_pages_are_each_under_200_kb",
    "memory::twenty_large_documents_at_once_stay_in_bounds_and_health_keeps_answering",
];

/// The command line against `database_url`, with what every test's server is given.
pub fn cli(database_url: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_sustain"));
    command
        .env("SUSTAIN_DATABASE_URL", database_url)
        .env("SUSTAIN_CONFIG", "/dev/null")
        .env("SUSTAIN_LOG", "warn")
        .env("SUSTAIN_SECRET_KEY", "a-memory-test-secret-key-long-enough-for-hs256");
    command
}

/// Runs `command` and fails the test, with its error output, if it fails.
pub fn run(command: &mut Command, what: &str) {
    let out = command.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(out.status.success(), "{what}: {}", String::from_utf8_lossy(&out.stderr));
}

/// The large authority in an SQLite file.
pub fn sqlite() -> &'static Path {
    static FILE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = FILE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("large.db");
        let started = Instant::now();
        let url = path.to_string_lossy().to_string();
        run(cli(&url).arg("migrate"), "sustain migrate");
        run(cli(&url).args(["demo", "--scale", "large"]), "sustain demo --scale large");
        eprintln!("the large authority loaded into SQLite in {:.1} s", started.elapsed().as_secs_f64());
        (dir, path)
    });
    path
}

/// The large authority in a PostgreSQL template, taken from the SQLite file's
/// export in one transaction.
pub fn postgres() -> &'static Template {
    static IMPORTED: OnceLock<Template> = OnceLock::new();
    IMPORTED.get_or_init(|| {
        let file = sqlite();
        let started = Instant::now();
        let export = file.with_extension("json").to_string_lossy().to_string();
        run(cli(&file.to_string_lossy()).args(["export", "--output", &export]), "export");
        let (imported, url) = templates::migrated_afresh(Backend::Postgres);
        run(cli(&url).args(["import", &export]), "import into PostgreSQL");
        eprintln!("the large authority imported into PostgreSQL in {:.1} s", started.elapsed().as_secs_f64());
        imported
    })
}

/// Starts making the SQLite file in the background, once, when this run
/// includes a test that reads it.
pub fn start_if_wanted() {
    static STARTED: Once = Once::new();
    STARTED.call_once(|| {
        if wanted(std::env::args().skip(1)) {
            std::thread::spawn(|| {
                sqlite();
            });
        }
    });
}

/// Whether a test binary given `args` runs a reader: with no filter every test
/// runs; a filter picks the tests whose names contain it, and `--skip` leaves
/// out those whose names contain its value. Other options that take a value
/// are passed over with it.
fn wanted(mut args: impl Iterator<Item = String>) -> bool {
    const WITH_VALUE: [&str; 5] = ["--test-threads", "--color", "--format", "--logfile", "-Z"];
    let (mut filters, mut skips) = (Vec::new(), Vec::new());
    while let Some(arg) = args.next() {
        if arg == "--skip" {
            skips.extend(args.next());
        } else if WITH_VALUE.contains(&arg.as_str()) {
            args.next();
        } else if !arg.starts_with('-') {
            filters.push(arg);
        }
    }
    let picks = |pattern: &String, name: &str| name.contains(pattern.as_str()) || pattern.starts_with(name);
    READERS.iter().any(|name| {
        (filters.is_empty() || filters.iter().any(|f| picks(f, name)))
            && !skips.iter().any(|s| name.contains(s.as_str()))
    })
}

#[test]
fn only_runs_that_include_a_reader_make_the_large_authority_early() {
    let args = |line: &str| line.split_whitespace().map(String::from).collect::<Vec<_>>().into_iter();
    assert!(wanted(args("")));
    assert!(wanted(args("--test-threads 2")));
    assert!(wanted(args("memory::")));
    assert!(wanted(args("memory::twenty_large_documents_at_once_stay_in_bounds_and_health_keeps_answering::sqlite")));
    assert!(!wanted(args("sign_ins::")));
    assert!(!wanted(args("fleet:: --ignored --test-threads=1")));
    assert!(!wanted(args("--skip memory:: sign_ins::")));
    assert!(!wanted(args("--skip memory::")));
}
