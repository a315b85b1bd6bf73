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
