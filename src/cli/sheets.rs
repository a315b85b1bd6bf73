//! `sustain plan import|export|template` and `sustain results import`.
//! Imports share one code path with the page (`reports::sheets::import`);
//! problems go to standard error, one line per row and column, with exit
//! code 2; a progress bar is drawn only when standard error is a terminal.

use super::{context, open, Failure};
use crate::config::Config;
use crate::db::Actor;
use crate::domain::sheets::plan_match::ImportOptions;
use crate::reports::sheets::export::{write_csv, write_csv_zip, write_workbook, ExportHeading};
use crate::reports::sheets::import::{self, ImportFailure, ImportSummary, PlanSource, SheetFile};
use crate::reports::sheets::registers::Register;
use crate::reports::sheets::template::{template_csv, template_xlsx, template_zip, Template};
use chrono::NaiveDate;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::path::Path;

/// What a plan or results import is asked to do.
#[derive(Debug, Clone, Copy)]
pub(super) struct ImportArgs<'a> {
    pub file: &'a Path,
    pub sheet: Option<&'a str>,
    pub create_missing: bool,
    pub dry_run: bool,
}

fn read_file(config: &Config, path: &Path) -> Result<Vec<u8>, Failure> {
    let size =
        std::fs::metadata(path).map_err(|e| Failure::input(format!("could not read '{}': {e}", path.display())))?.len();
    if size > config.spreadsheets.max_bytes as u64 {
        return Err(Failure::input(format!(
            "'{}' is larger than {}: split it, or remove columns Sustain does not read",
            path.display(),
            crate::domain::upload::human_size(config.spreadsheets.max_bytes)
        )));
    }
    std::fs::read(path).map_err(|e| Failure::input(format!("could not read '{}': {e}", path.display())))
}

fn progress_bar() -> Option<ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new(0);
    let style = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({elapsed})")
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ");
    bar.set_style(style);
    bar.set_message("Importing");
    Some(bar)
}

fn failure(file: &Path, err: ImportFailure) -> Failure {
    match err {
        ImportFailure::File(problem) => Failure::input(format!("{}: {problem}", file.display())),
        ImportFailure::Rows(problems) => {
            let mut stderr = std::io::stderr().lock();
            for p in &problems {
                let _ = writeln!(stderr, "{p}");
            }
            let rows: std::collections::BTreeSet<(&str, usize)> =
                problems.iter().map(|p| (p.sheet.as_str(), p.row)).collect();
            let hint = if problems.iter().any(|p| p.creatable) {
                "; --create-missing creates the practice areas, owners and findings not found"
            } else {
                ""
            };
            Failure::input(format!(
                "{} problem(s) in {} row(s) of {}; nothing was imported{hint}",
                problems.len(),
                rows.len(),
                file.display()
            ))
        }
        ImportFailure::Db(db) => Failure::from(db),
    }
}

fn report(summary: &ImportSummary, dry_run: bool) -> Result<(), Failure> {
    let mut out =
        format!("{}{}\n", if dry_run { "Dry run, nothing written: " } else { "Imported: " }, summary.headline());
    if std::io::stdout().is_terminal() {
        for (label, lines) in [
            ("new practice area", &summary.new_areas),
            ("new owner", &summary.new_owners),
            ("new finding", &summary.new_findings),
            ("added", &summary.added),
            ("changed", &summary.changed),
        ] {
            for line in lines {
                out.push_str(&format!("  {label}: {line}\n"));
            }
        }
        for (heading, lines) in &summary.records {
            for line in lines {
                out.push_str(&format!("  {}: {line}\n", heading.to_lowercase()));
            }
        }
    }
    super::emit(&out)
}

/// The CSV folder: every `*.csv` file of a directory, by name.
fn read_folder(config: &Config, dir: &Path) -> Result<Vec<(String, Vec<u8>)>, Failure> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| Failure::input(format!("could not read '{}': {e}", dir.display())))?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| Failure::input(format!("could not read '{}': {e}", dir.display())))?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
        if path.is_file() && name.ends_with(".csv") {
            files.push((name, read_file(config, &path)?));
        }
    }
    files.sort();
    Ok(files)
}

/// Imports (or, with `dry_run`, previews) a plan or results file, or a plan's CSV folder.
pub(super) fn import(config: &Config, args: ImportArgs<'_>, results: bool) -> Result<(), Failure> {
    let folder = args.file.is_dir();
    let (bytes, files) = if folder && !results {
        (Vec::new(), read_folder(config, args.file)?)
    } else {
        (read_file(config, args.file)?, Vec::new())
    };
    let mut conn = open(config)?;
    let ctx = context(config);
    let file = SheetFile { bytes: &bytes, sheet: args.sheet, limits: &config.spreadsheets };
    let plan: PlanSource<'_> =
        if folder { PlanSource::Folder { files: &files, limits: &config.spreadsheets } } else { file.into() };
    let options = ImportOptions { create_missing: args.create_missing };
    let outcome = if args.dry_run {
        if results {
            import::preview_results(&mut conn, file, &ctx)
        } else {
            import::preview_plan(&mut conn, plan, options, &ctx)
        }
    } else {
        let bar = progress_bar();
        let mut tick = |done: usize, total: usize| {
            if let Some(bar) = &bar {
                bar.set_length(total as u64);
                bar.set_position(done as u64);
            }
        };
        let actor = Actor::system("plan import (command line)");
        let outcome = if results {
            import::import_results(&mut conn, &actor, file, &ctx, &mut tick)
        } else {
            import::import_plan(&mut conn, &actor, plan, options, &ctx, &mut tick)
        };
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
        outcome
    };
    let summary = outcome.map_err(|e| failure(args.file, e))?;
    report(&summary, args.dry_run)
}

/// Writes to a new file beside the target, then renames it, so a failure never
/// leaves half a file under the wanted name.
fn write_atomically(path: &Path, write: impl FnOnce(&mut std::fs::File) -> Result<(), Failure>) -> Result<(), Failure> {
    let partial = path.with_extension("partial");
    let result = std::fs::File::create(&partial)
        .map_err(|e| Failure::new(format!("could not write '{}': {e}", path.display())))
        .and_then(|mut f| {
            write(&mut f)?;
            f.sync_all().map_err(|e| Failure::new(format!("could not write '{}': {e}", path.display())))
        })
        .and_then(|_| {
            std::fs::rename(&partial, path)
                .map_err(|e| Failure::new(format!("could not write '{}': {e}", path.display())))
        });
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}

/// The export's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum SheetFormat {
    Csv,
    Xlsx,
    /// The CSV folder, as one ZIP file.
    Zip,
}

/// Exports every register (or one, as CSV).
pub(super) fn export(
    config: &Config,
    format: SheetFormat,
    as_at: Option<NaiveDate>,
    register: Option<&str>,
    output: &Path,
) -> Result<(), Failure> {
    let register = match register {
        Some(name) => Some(Register::parse(name).ok_or_else(|| {
            let names: Vec<&str> = Register::ALL.iter().map(|r| r.as_str()).collect();
            Failure::input(format!("'{name}' is not a register; use one of: {}", names.join(", ")))
        })?),
        None => None,
    };
    let mut conn = open(config)?;
    let (snapshot, as_at) = super::plan_as_at(&mut conn, config, (as_at, None))?;
    let heading = ExportHeading {
        authority: super::authority(snapshot.plan.council.as_ref(), config),
        as_at,
        made_at: chrono::Utc::now().naive_utc(),
    };
    let fail = |e: crate::reports::sheets::out::ExportError| Failure::new(e.to_string());
    match (format, register) {
        (SheetFormat::Xlsx, None) => {
            write_atomically(output, |f| write_workbook(&snapshot, &heading, std::io::BufWriter::new(f)).map_err(fail))?
        }
        (SheetFormat::Xlsx | SheetFormat::Zip, Some(_)) => {
            return Err(Failure::input("--register is for CSV; a workbook or ZIP holds every register"));
        }
        (SheetFormat::Zip, None) => write_atomically(output, |f| {
            write_csv_zip(&snapshot, as_at, std::io::BufWriter::new(f)).map(|_| ()).map_err(fail)
        })?,
        (SheetFormat::Csv, Some(register)) => write_atomically(output, |f| {
            write_csv(&snapshot, register, as_at, std::io::BufWriter::new(f)).map(|_| ()).map_err(fail)
        })?,
        (SheetFormat::Csv, None) => {
            std::fs::create_dir_all(output)
                .map_err(|e| Failure::new(format!("could not make the folder '{}': {e}", output.display())))?;
            for register in Register::ALL {
                let path = output.join(format!("{}.csv", register.as_str()));
                write_atomically(&path, |f| {
                    write_csv(&snapshot, *register, as_at, std::io::BufWriter::new(f)).map(|_| ()).map_err(fail)
                })?;
            }
        }
    }
    if std::io::stdout().is_terminal() {
        super::emit(&format!("Exported the registers as at {as_at} to {}\n", output.display()))?;
    }
    Ok(())
}

/// Writes a template to fill in.
pub(super) fn template(format: SheetFormat, results: bool, output: &Path) -> Result<(), Failure> {
    let which = if results { Template::Results } else { Template::Plan };
    let fail = |e: crate::reports::sheets::out::ExportError| Failure::new(e.to_string());
    write_atomically(output, |f| match format {
        SheetFormat::Csv => template_csv(which, f).map_err(fail),
        SheetFormat::Xlsx => template_xlsx(which, f).map_err(fail),
        SheetFormat::Zip if results => Err(Failure::input("the results template is one sheet: use csv or xlsx")),
        SheetFormat::Zip => template_zip(f).map_err(fail),
    })
}
