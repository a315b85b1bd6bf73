//! Export, import, backup and restore keep every row exactly; both backends'
//! migrations make the same tables; the demo is the same for the same date.

use crate::common;

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::sql_types::{Integer, Text};
use std::collections::BTreeSet;
use std::process::Command;
use sustain::db::{self, transfer};

fn sustain(db_url: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_sustain"))
        .args(args)
        .env("SUSTAIN_DATABASE_URL", db_url)
        .env_remove("SUSTAIN_ADMIN_PASSWORD")
        .env("SUSTAIN_CONFIG", "/dev/null")
        .output()
        .expect("the sustain binary runs")
}

fn export_json(db: &common::TestDb) -> String {
    serde_json::to_string_pretty(&transfer::export(&mut db.connect()).unwrap()).unwrap()
}

fn demo_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, 31).unwrap()
}

on_both_backends! {
    fn export_import_export_is_identical(backend) {
        let source = common::TestDb::with_demo(backend, demo_date());
        let first = export_json(&source);
        let doc: transfer::ExportDocument = serde_json::from_str(&first).unwrap();
        assert!(doc.row_count() > 1000, "the demo fills every table ({} rows)", doc.row_count());
        let target = common::TestDb::new(backend);
        transfer::import(&mut target.connect(), &doc).unwrap();
        assert_eq!(export_json(&target), first);
        // Sequences moved past the imported ids: a new row gets a fresh id.
        let area = sustain::db::areas::create(&mut target.connect(), &db::Actor::system("test"),
            &common::valid(sustain::domain::plan::AreaInput { name: "New area after import".into(), ..Default::default() })).unwrap();
        assert!(area.id > doc.practice_areas.iter().map(|a| a.id).max().unwrap());
    }
}

on_both_backends! {
    fn backup_restore_export_is_identical(backend) {
        let source = common::TestDb::with_demo(backend, demo_date());
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("backup.bin");
        let out = sustain(&source.raw_url, &["backup", file.to_str().unwrap()]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let target = common::TestDb::new(backend);
        let out = sustain(&target.raw_url, &["restore", file.to_str().unwrap()]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(export_json(&target), export_json(&source));
    }
}

on_both_backends! {
    fn the_demo_for_one_date_gives_identical_exports(backend) {
        let first = common::TestDb::new(backend);
        let second = common::TestDb::new(backend);
        for db in [&first, &second] {
            let out = sustain(&db.raw_url, &["demo", "--as-at", "2025-03-31"]);
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        }
        let a = sustain(&first.raw_url, &["export"]);
        let b = sustain(&second.raw_url, &["export"]);
        assert!(a.status.success());
        assert!(a.stdout.len() > 100_000);
        assert_eq!(a.stdout, b.stdout);
    }
}

on_both_backends! {
    fn restore_into_a_database_with_data_is_refused_and_changes_nothing(backend) {
        let db = common::TestDb::with_demo(backend, demo_date());
        let before = export_json(&db);
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("export.json");
        std::fs::write(&file, &before).unwrap();
        let out = sustain(&db.raw_url, &["restore", file.to_str().unwrap()]);
        assert!(!out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains("already holds data"), "{stderr}");
        assert_eq!(export_json(&db), before);
    }
}

on_both_backends! {
    fn a_corrupt_import_file_is_refused_and_changes_nothing(backend) {
        let db = common::TestDb::new(backend);
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("broken.json");
        std::fs::write(&file, "{\"format\": \"sustain-export\", \"format_version\": 1, \"users\": [").unwrap();
        let out = sustain(&db.raw_url, &["import", file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains("is not a readable Sustain export"), "{stderr}");
        assert!(transfer::is_empty(&mut db.connect()).unwrap());
    }
}

#[derive(QueryableByName, Debug)]
struct ColumnInfo {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Integer)]
    not_null: i32,
}

fn columns(db: &common::TestDb) -> BTreeSet<(String, String, bool)> {
    let mut conn = db.connect();
    let rows: Vec<ColumnInfo> = match &mut conn {
        db::DbConnection::Sqlite(c) => diesel::sql_query(
            "SELECT m.name AS table_name, p.name AS column_name, (p.\"notnull\" OR p.pk > 0) AS not_null \
             FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '__diesel_schema_migrations'",
        )
        .load(c)
        .unwrap(),
        db::DbConnection::Postgres(c) => diesel::sql_query(
            "SELECT table_name::text AS table_name, column_name::text AS column_name, \
             (CASE WHEN is_nullable = 'NO' THEN 1 ELSE 0 END) AS not_null \
             FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '__diesel_schema_migrations'",
        )
        .load(c)
        .unwrap(),
    };
    rows.into_iter().map(|r| (r.table_name, r.column_name, r.not_null != 0)).collect()
}

#[test]
fn both_migration_folders_give_the_same_tables_and_columns() {
    let sqlite = columns(&common::TestDb::new(common::Backend::Sqlite));
    let postgres = columns(&common::TestDb::new(common::Backend::Postgres));
    assert!(sqlite.len() > 150, "{} columns", sqlite.len());
    let only_sqlite: Vec<_> = sqlite.difference(&postgres).collect();
    let only_postgres: Vec<_> = postgres.difference(&sqlite).collect();
    assert!(
        only_sqlite.is_empty() && only_postgres.is_empty(),
        "only SQLite: {only_sqlite:?}\nonly PostgreSQL: {only_postgres:?}"
    );
}
