//! The command line stops quietly when the reader of its output does:
//! `sustain user list | head -1` and the like exit 0 with nothing on
//! standard error, through real pipes.

use std::process::{Command, Stdio};

fn sustain(db: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_sustain"));
    command.env("SUSTAIN_DATABASE_URL", db).env("SUSTAIN_CONFIG", "/dev/null").env("RUST_BACKTRACE", "1");
    command
}

/// The demo authority in a new SQLite file, and the folder that holds it.
fn demo_database() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sustain.db").to_string_lossy().to_string();
    assert!(sustain(&db).arg("migrate").output().unwrap().status.success());
    let out = sustain(&db).args(["demo", "--as-at", "2025-03-31"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    (dir, db)
}

const COMMANDS: &[&[&str]] = &[
    &["user", "list"],
    &["export"],
    &["status", "--as-at", "2025-03-31"],
    &["status", "--as-at", "2025-03-31", "--format", "json"],
    &["plan", "import", "missing-file.csv", "--dry-run"],
];

#[test]
fn every_command_writing_to_a_pipe_nobody_reads_exits_quietly() {
    let (_dir, db) = demo_database();
    for args in COMMANDS.iter().take(4) {
        // A pipe whose reading end is closed before the command starts: its first write fails.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = sustain(&db).args(*args).stdout(writer).stderr(Stdio::piped()).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?} says nothing: {stderr}");
    }
    // A command that fails for its own reason still says so.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = sustain(&db).args(COMMANDS[4]).stdout(writer).output().unwrap();
    assert_ne!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing-file.csv"));
}

#[test]
fn a_shell_pipeline_into_head_ends_without_a_panic_or_an_error() {
    let (_dir, db) = demo_database();
    let bin = env!("CARGO_BIN_EXE_sustain");
    for (command, head) in
        [("user list", "head -1"), ("export", "head -c 10"), ("status --as-at 2025-03-31", "head -1")]
    {
        let script = format!("\"{bin}\" {command} | {head} >/dev/null; echo \"exit ${{PIPESTATUS[0]}}\" >&2");
        let out = Command::new("bash")
            .args(["-c", &script])
            .env("SUSTAIN_DATABASE_URL", &db)
            .env("SUSTAIN_CONFIG", "/dev/null")
            .env("RUST_BACKTRACE", "1")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.trim(), "exit 0", "{command} | {head}");
    }
}
