//! `sustain demo|export|import|backup|restore`.

use super::{open, Failure};
use crate::config::Config;
use crate::db::transfer::{self, ExportDocument};
use crate::db::{self, Actor, DbConnection};
use crate::demo::Scale;
use chrono::NaiveDate;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Loads a demo authority as at a date, with a progress bar on standard error
/// when it is a terminal.
pub(super) fn demo(config: &Config, as_at: Option<NaiveDate>, scale: Scale, replace: bool) -> Result<(), Failure> {
    let mut conn = open(config)?;
    let as_at = as_at.unwrap_or_else(|| super::today(config));
    if !transfer::is_empty(&mut conn)? {
        if !replace {
            return Err(Failure::new("the database already holds data; use --replace to delete it and load the demo"));
        }
        crate::demo::clear(&mut conn)?;
    }
    let name = scale.authority_name();
    let mut bar = super::progress::Bar::on_stderr(&format!("Loading {name}"));
    let loaded = crate::demo::load_scaled(&mut conn, scale, as_at, &mut bar);
    bar.finish();
    let summary = loaded?;
    say!("Loaded {name} as at {as_at}: {summary}")?;
    // At a time fixed by the date, like the demo's own records, so the same date gives the same data.
    let loader = Actor::system("demo loader").at(as_at.and_hms_opt(8, 0, 0).unwrap_or_default());
    if let Some(files) = db::figures::ensure_shipped(&mut conn, &loader)? {
        say!("Loaded the published figures that ship with Sustain: {} files", files.len())?;
    }
    if let Some(count) =
        crate::reports::sheets::inspections::load_shipped(&mut conn, &loader).map_err(super::figures::outcomes)?
    {
        say!("Loaded Ofsted's inspection outcomes that ship with Sustain: {count} inspections")?;
    }
    say!("Demo users have no password yet: set one with `sustain user reset-password EMAIL`.")?;
    Ok(())
}

fn to_json(doc: &ExportDocument) -> Result<String, Failure> {
    serde_json::to_string_pretty(doc).map_err(|e| Failure::new(format!("could not write the export: {e}")))
}

/// Writes to a new file beside the target, then renames it, so a failure never
/// leaves half a file under the wanted name.
fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let partial = path.with_extension("partial");
    let result = std::fs::File::create(&partial)
        .and_then(|mut f| f.write_all(bytes).and_then(|_| f.sync_all()))
        .and_then(|_| std::fs::rename(&partial, path));
    result.map_err(|e| {
        let _ = std::fs::remove_file(&partial);
        Failure::new(format!("could not write '{}': {e}", path.display()))
    })
}

/// Writes the whole database as JSON.
pub(super) fn export(config: &Config, output: Option<PathBuf>) -> Result<(), Failure> {
    let mut conn = open(config)?;
    let text = to_json(&transfer::export(&mut conn)?)? + "\n";
    match output {
        Some(path) => write_whole(&path, text.as_bytes()),
        None => super::emit(&text),
    }
}

fn read_document(file: &Path) -> Result<ExportDocument, Failure> {
    let bytes = std::fs::read(file).map_err(|e| Failure::new(format!("could not read '{}': {e}", file.display())))?;
    if transfer::is_sqlite_file(&bytes) {
        let path = file.to_string_lossy().to_string();
        let mut source = db::establish(&db::DatabaseUrl::Sqlite(path))?;
        return Ok(transfer::export(&mut source)?);
    }
    serde_json::from_slice(&bytes)
        .map_err(|e| Failure::input(format!("'{}' is not a readable Sustain export: {e}", file.display())))
}

fn load_into(conn: &mut DbConnection, doc: &ExportDocument, today: NaiveDate) -> Result<(), Failure> {
    transfer::import_on(conn, doc, Some(today)).map_err(|e| match e {
        transfer::ImportError::Db(db) => Failure::from(db),
        bad @ (transfer::ImportError::ForbiddenText { .. } | transfer::ImportError::Refused { .. }) => {
            Failure::input(bad.to_string())
        }
        other => Failure::new(other.to_string()),
    })
}

/// Loads an export into an empty database.
pub(super) fn import(config: &Config, file: &Path) -> Result<(), Failure> {
    let doc = read_document(file)?;
    let mut conn = open(config)?;
    load_into(&mut conn, &doc, super::today(config))?;
    say!("Imported {} rows from {}", doc.row_count(), file.display())?;
    Ok(())
}

/// Takes a consistent backup.
pub(super) fn backup(config: &Config, file: &Path) -> Result<(), Failure> {
    if file.exists() {
        return Err(Failure::new(format!("'{}' already exists; choose a new file name", file.display())));
    }
    let url = config.database()?;
    let mut conn = open(config)?;
    if url.is_sqlite() {
        transfer::sqlite_backup(&mut conn, file)?;
        say!("Backed up the SQLite database to {}", file.display())?;
    } else {
        let text = to_json(&transfer::export(&mut conn)?)? + "\n";
        write_whole(file, text.as_bytes())?;
        say!("Backed up the PostgreSQL database (one snapshot) to {}", file.display())?;
    }
    Ok(())
}

/// Restores a backup (either kind) into an empty database.
pub(super) fn restore(config: &Config, file: &Path) -> Result<(), Failure> {
    let doc = read_document(file)?;
    let mut conn = open(config)?;
    load_into(&mut conn, &doc, super::today(config))?;
    say!("Restored {} rows from {}", doc.row_count(), file.display())?;
    Ok(())
}
