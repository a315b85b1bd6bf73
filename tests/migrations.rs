//! Several instances starting at once on one PostgreSQL database take turns
//! applying the migrations: every one starts, and each migration runs once;
//! and each migration only adds, so the previous version runs beside the next.

use crate::common;
use sustain::db::{self, DatabaseUrl};

#[test]
fn instances_starting_together_on_postgresql_each_find_the_database_migrated() {
    let name = common::unique_name("sustain_fresh");
    let base = common::postgres_base_url();
    let mut admin = db::establish(&DatabaseUrl::parse(&base).expect("url")).expect("PostgreSQL for tests");
    common::run(&mut admin, &format!("CREATE DATABASE {name}"));
    let url = DatabaseUrl::parse(&common::with_database(&base, &name)).expect("url");
    let starts: Vec<_> = (0..4)
        .map(|_| {
            let url = url.clone();
            std::thread::spawn(move || db::migrate(&mut db::establish(&url).expect("connect")))
        })
        .collect();
    let applied: Vec<usize> = starts.into_iter().map(|s| s.join().unwrap().expect("every instance starts")).collect();
    let total = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/postgres")).unwrap().count();
    assert_eq!(applied.iter().sum::<usize>(), total, "each migration applied once: {applied:?}");
    assert_eq!(db::migrate(&mut db::establish(&url).unwrap()).unwrap(), 0);
    common::run(&mut admin, &format!("DROP DATABASE {name} WITH (FORCE)"));
}

/// What a PostgreSQL migration may not do, since during a rolling upgrade the
/// previous version goes on running against the migrated database: take away
/// or retype what it reads or writes, or demand a value it does not send.
fn takes_away(statement: &str) -> Option<&'static str> {
    let words = statement.split_whitespace().collect::<Vec<_>>().join(" ");
    let has = |phrase: &str| words.contains(phrase);
    if has("drop table") || has("drop column") {
        Some("drops what the previous version reads")
    } else if has("rename") {
        Some("renames what the previous version reads")
    } else if has("alter column") && (has(" type ") || has("set not null")) {
        Some("changes a column the previous version writes")
    } else if has("add column") && has("not null") && !has("default") {
        Some("adds a column the previous version's inserts leave empty")
    } else {
        None
    }
}

#[test]
fn postgresql_migrations_only_add_so_the_previous_version_runs_beside_the_next() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/postgres");
    let mut problems = Vec::new();
    for migration in std::fs::read_dir(&folder).expect("the migrations") {
        let path = migration.expect("a migration").path().join("up.sql");
        let text = std::fs::read_to_string(&path).expect("up.sql").to_lowercase();
        let code: String =
            text.lines().map(|l| l.split("--").next().unwrap_or_default()).collect::<Vec<_>>().join("\n");
        for statement in code.split(';') {
            if let Some(why) = takes_away(statement) {
                problems.push(format!("{}: {why}: {}", path.display(), statement.trim()));
            }
            // A check is only dropped to be put back wider, in the same migration.
            if let Some(name) = statement.split_whitespace().skip_while(|w| *w != "constraint").nth(1) {
                if statement.contains("drop constraint") && !code.contains(&format!("add constraint {name}")) {
                    problems.push(format!("{}: drops the constraint {name} for good", path.display()));
                }
            }
        }
    }
    assert!(problems.is_empty(), "see the README's \"Running several instances\":\n{}", problems.join("\n"));
    for taken in [
        "alter table actions drop column cancelled_on",
        "alter table evidence rename column reviewed_by_name to verified_by",
        "alter table owners add column grade text not null",
        "drop table pack_shares",
    ] {
        assert!(takes_away(taken).is_some(), "{taken}");
    }
    assert_eq!(takes_away("alter table council add column sign_off boolean not null default true"), None);
}
