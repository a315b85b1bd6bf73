//! The command line refuses bad input with one clear line and a non-zero exit.

use std::process::Command;

fn sustain(db_url: &str, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_sustain"))
        .args(args)
        .env("SUSTAIN_DATABASE_URL", db_url)
        .env("SUSTAIN_CONFIG", "/dev/null")
        .output()
        .expect("the sustain binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[test]
fn a_malformed_database_url_is_named_in_one_line() {
    let (code, _, stderr) = sustain("mysql://localhost/sustain", &["migrate"]);
    assert_ne!(code, 0);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("SUSTAIN_DATABASE_URL") && stderr.contains("mysql"), "{stderr}");
}

#[test]
fn an_unreachable_postgres_server_is_one_clear_line() {
    let (code, _, stderr) = sustain("postgres://root@127.0.0.1:1/test", &["migrate"]);
    assert_ne!(code, 0);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("could not connect to PostgreSQL"), "{stderr}");
}

#[test]
fn a_database_in_a_missing_folder_is_refused_without_creating_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-such-folder").join("sustain.db");
    let (code, _, stderr) = sustain(path.to_str().unwrap(), &["migrate"]);
    assert_ne!(code, 0);
    assert!(stderr.contains("does not exist"), "{stderr}");
    assert!(!path.exists());
}

#[test]
fn migrate_then_list_users_on_a_new_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sustain.db");
    let (code, stdout, stderr) = sustain(path.to_str().unwrap(), &["migrate"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("migration(s) applied"));
    let (code, stdout, _) = sustain(path.to_str().unwrap(), &["user", "list"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("email"));
}

#[test]
fn spc_prints_the_documented_json_and_refuses_a_bad_row_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("series.csv");
    let mut csv = String::from("period,value,recalculate\n");
    for (i, v) in [70.0, 72.0, 71.0, 69.0, 70.0, 71.0, 90.0].iter().enumerate() {
        csv.push_str(&format!("2024-{:02}-28,{v}\n", i + 1));
    }
    std::fs::write(&good, csv).unwrap();
    let db = dir.path().join("unused.db");
    let (code, stdout, stderr) = sustain(
        db.to_str().unwrap(),
        &["spc", "--input", good.to_str().unwrap(), "--direction", "higher", "--target", "60"],
    );
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let points = json["points"].as_array().unwrap();
    assert_eq!(points.len(), 7);
    assert_eq!(points[6]["signals"], serde_json::json!(["outside_limits"]));
    assert_eq!(points[6]["kind"], "improvement");
    assert_eq!(json["variation"], "improvement");
    assert_eq!(json["assurance"], "consistent_pass");
    for key in ["period", "value", "segment", "mean", "lower_limit", "upper_limit", "near_lower", "near_upper"] {
        assert!(points[0].get(key).is_some(), "{key}");
    }

    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "period,value\n2024-01-31,70\n2024-02-29,seventy\n").unwrap();
    let (code, _, stderr) =
        sustain(db.to_str().unwrap(), &["spc", "--input", bad.to_str().unwrap(), "--direction", "higher"]);
    assert_eq!(code, 2);
    assert_eq!(stderr.trim(), "error: row 2 (line 3): 'seventy' in column value is not a number");
}

#[test]
fn status_prints_every_area_with_reasons_in_table_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sustain.db");
    let url = db.to_str().unwrap();
    assert_eq!(sustain(url, &["migrate"]).0, 0);
    assert_eq!(sustain(url, &["demo", "--as-at", "2025-03-31"]).0, 0);
    let (code, table, _) = sustain(url, &["status", "--as-at", "2025-03-31"]);
    assert_eq!(code, 0);
    assert!(table.contains("Front door decisions and risk identification — Embedded"));
    assert!(table.contains("LADO and allegations management — Slipping"));
    assert!(table.contains("target 80% met in 4 of 6 results since 1 October 2024"), "{table}");
    let (code, json, _) = sustain(url, &["status", "--as-at", "2025-03-31", "--format", "json"]);
    assert_eq!(code, 0);
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["areas"].as_array().unwrap().len(), 10);
    assert_eq!(doc["areas"][0]["verdict"]["status"], "embedded");
}

/// Only `serve` and `migrate` change the schema, so that instances and
/// commands starting together never race to apply a migration.
#[test]
fn a_command_on_a_database_not_yet_migrated_says_to_migrate_it_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sustain.db");
    let url = db.to_str().unwrap();
    let (code, _, stderr) = sustain(url, &["demo", "--as-at", "2025-03-31"]);
    assert_eq!(code, 1);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("not ready") && stderr.contains("sustain migrate"), "{stderr}");
    let (code, _, stderr) = sustain(url, &["user", "list"]);
    assert!(code == 1 && stderr.contains("sustain migrate"), "still not migrated: {stderr}");
    assert_eq!(sustain(url, &["migrate"]).0, 0);
    let (code, stdout, stderr) = sustain(url, &["user", "list"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("email"));
}

#[test]
fn demo_names_the_scales_it_knows_when_given_another() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sustain.db");
    let (code, _, stderr) = sustain(path.to_str().unwrap(), &["demo", "--scale", "huge"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("'huge'") && stderr.contains("normal") && stderr.contains("large"), "{stderr}");
}
