//! `sustain figures import FILE...`.

use super::{open, Failure};
use crate::config::Config;
use crate::db::figures::{self, LoadError, Loaded};
use crate::db::Actor;
use std::path::PathBuf;

/// Loads every file given, in one transaction, and says what each put in.
/// A failure of Ofsted's outcomes file, as the command line says it.
pub(super) fn outcomes(e: crate::reports::sheets::inspections::OutcomesFailure) -> Failure {
    use crate::reports::sheets::inspections::OutcomesFailure;
    match e {
        OutcomesFailure::File { .. } => Failure::input(e.to_string()),
        OutcomesFailure::Database(db) => Failure::from(db),
    }
}

/// Loads published files: the DfE's statistics files and neighbour model in one
/// transaction, all or nothing; then an Ofsted outcomes file (`.ods`), which
/// replaces the stored inspections in a transaction of its own.
pub(super) fn import(config: &Config, files: &[PathBuf]) -> Result<(), Failure> {
    let (ods, files): (Vec<&PathBuf>, Vec<&PathBuf>) =
        files.iter().partition(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("ods")));
    let mut read = Vec::new();
    for path in files {
        let bytes =
            std::fs::read(path).map_err(|e| Failure::input(format!("could not read '{}': {e}", path.display())))?;
        read.push((path.to_string_lossy().to_string(), bytes));
    }
    let named: Vec<(&str, &[u8])> = read.iter().map(|(name, bytes)| (name.as_str(), bytes.as_slice())).collect();
    let mut conn = open(config)?;
    let loaded = figures::load_files(&mut conn, &Actor::system("figures import"), &named).map_err(|e| match e {
        LoadError::File(_) => Failure::input(e.to_string()),
        LoadError::Db(db) => Failure::from(db),
    })?;
    for line in loaded.iter().flat_map(describe) {
        say!("{line}")?;
    }
    for path in ods {
        let bytes =
            std::fs::read(path).map_err(|e| Failure::input(format!("could not read '{}': {e}", path.display())))?;
        let name = path.to_string_lossy();
        let actor = Actor::system("figures import");
        let count =
            crate::reports::sheets::inspections::import_ods(&mut conn, &actor, &bytes, &name).map_err(outcomes)?;
        say!("{name}: {count} inspections")?;
    }
    Ok(())
}

/// What one file put in, in lines of words.
pub(crate) fn describe(loaded: &Loaded) -> Vec<String> {
    match loaded {
        Loaded::Statistics { file, release, areas, indicators } => {
            let mut lines = vec![format!("{file} (release {release}): {areas} areas")];
            if indicators.is_empty() {
                lines.push("  no indicator: the file holds counts only".to_string());
            }
            for i in indicators {
                let kept = match i.kept_newer {
                    0 => String::new(),
                    n => format!(", {n} kept from a newer release"),
                };
                lines.push(format!(
                    "  {} ({}, column {}): {}-{}, {} rows, {} not published{kept}",
                    i.name, i.code, i.column, i.first_year, i.last_year, i.rows, i.not_published
                ));
            }
            lines
        }
        Loaded::Neighbours { file, model, councils, kept_newer: false } => {
            vec![format!("{file}: statistical neighbours ({model} model) of {councils} councils")]
        }
        Loaded::Neighbours { file, model, kept_newer: true, .. } => {
            vec![format!("{file}: the {model} model was not loaded: a newer model is already loaded")]
        }
        Loaded::Dictionary { file, measures, polarities_set } => {
            vec![format!("{file}: LAIT dictionary of {measures} measures; the polarity of {polarities_set} indicators read from it")]
        }
    }
}
