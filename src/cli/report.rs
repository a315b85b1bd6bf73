//! `sustain report progress` and `sustain report pack`: the documents people
//! take away, written to a file and recorded as issued.

use super::{open, Failure};
use crate::config::Config;
use crate::db::{self, Actor};
use crate::read::cache::Snapshot;
use crate::read::plan::PlanIndex;
use crate::read::progress;
use crate::reports::progress::{render, sha256_hex, Format};
use chrono::NaiveDate;
use clap::ValueEnum;
use std::path::Path;

/// The forms of the progress report.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ReportFormat {
    Html,
    Pdf,
    Docx,
}

impl From<ReportFormat> for Format {
    fn from(format: ReportFormat) -> Self {
        match format {
            ReportFormat::Html => Format::Html,
            ReportFormat::Pdf => Format::Pdf,
            ReportFormat::Docx => Format::Docx,
        }
    }
}

/// The forms of the progress report: whole, or the one-page summary.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ReportForm {
    Full,
    Summary,
}

impl From<ReportForm> for crate::domain::kinds::ReportForm {
    fn from(form: ReportForm) -> Self {
        match form {
            ReportForm::Full => Self::Full,
            ReportForm::Summary => Self::Summary,
        }
    }
}

/// Writes bytes to a file through a temporary one beside it, so nothing is left half-written.
pub(super) fn write_whole(output: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let partial = output.with_extension("partial");
    std::fs::write(&partial, bytes).and_then(|()| std::fs::rename(&partial, output)).map_err(|e| {
        let _ = std::fs::remove_file(&partial);
        Failure::new(format!("could not write '{}': {e}", output.display()))
    })
}

/// Writes the progress report as at a date with changes since another.
pub(super) fn progress(
    config: &Config,
    dates: (Option<NaiveDate>, Option<NaiveDate>),
    since: Option<NaiveDate>,
    (format, form): (ReportFormat, ReportForm),
    output: &Path,
) -> Result<(), Failure> {
    let mut conn = open(config)?;
    let (snapshot, as_at) = super::plan_as_at(&mut conn, config, dates)?;
    let issued_by = dates.1.map(crate::domain::dates::end_of);
    let since = match since {
        Some(date) => date,
        None => progress::default_since(as_at, db::reports::last_progress_date(&mut conn, as_at, issued_by)?),
    };
    let generation = snapshot.generation();
    let figures = match snapshot.la_number() {
        Some(la) => crate::read::figures::load(&mut conn, la)?,
        None => None,
    };
    let commentary = db::commentary::commentary(&mut conn, as_at)?;
    let report = progress::build(&snapshot, (as_at, since), figures.as_ref(), commentary)
        .map_err(|_| Failure::input("--since must be before the \"as at\" date"))?;
    let (format, form) = (Format::from(format), form.into());
    let authority = super::authority(snapshot.plan.council.as_ref(), config);
    let bytes = render(&report, &authority, format, form).map_err(Failure::new)?;
    write_whole(output, &bytes)?;
    let new = db::reports::NewReport::progress(report.issue(format.recorded(), form), generation, sha256_hex(&bytes));
    db::reports::issue(&mut conn, &Actor::system("sustain report progress"), new)?;
    eprintln!("Wrote {} (SHA-256 {})", output.display(), sha256_hex(&bytes));
    Ok(())
}

/// Writes an inspection's evidence pack as a ZIP, reading each file in its turn.
pub(super) fn pack(config: &Config, inspection: i64, output: &Path) -> Result<(), Failure> {
    let mut conn = open(config)?;
    let today = super::today(config);
    let plan = PlanIndex::load(&mut conn)?;
    let generation = plan.generation;
    let snapshot = Snapshot::new(plan, config.rules.clone());
    let id = crate::domain::ids::InspectionId(inspection);
    let pack = crate::read::pack::build(&snapshot, id, today)
        .ok_or_else(|| Failure::input(format!("no inspection with id {inspection}")))?;
    let authority = super::authority(snapshot.plan.council.as_ref(), config);
    let partial = output.with_extension("partial");
    let written = std::fs::File::create(&partial)
        .map_err(|e| e.to_string())
        .and_then(|file| {
            let out = std::io::BufWriter::new(file);
            crate::reports::pack::write_zip(out, &pack, &authority, |file| {
                db::attachments::get(&mut conn, file).map(|row| row.content).map_err(|e| e.to_string())
            })
        })
        .and_then(|out| {
            out.into_inner().map_err(|e| e.to_string()).and_then(|f| f.sync_all().map_err(|e| e.to_string()))
        })
        .and_then(|()| std::fs::rename(&partial, output).map_err(|e| e.to_string()));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&partial);
        return Err(Failure::new(format!("could not write '{}': {e}", output.display())));
    }
    let bytes = std::fs::read(output).map_err(|e| Failure::new(e.to_string()))?;
    let new = db::reports::NewReport {
        kind: crate::domain::kinds::ReportKind::Pack,
        format: crate::domain::kinds::ReportFormat::Zip,
        as_at: today,
        since: None,
        inspection_id: Some(inspection),
        generation,
        sha256: sha256_hex(&bytes),
        form: crate::domain::kinds::ReportForm::Full,
        commentary: None,
    };
    db::reports::issue(&mut conn, &Actor::system("sustain report pack"), new)?;
    eprintln!("Wrote {} (SHA-256 {})", output.display(), sha256_hex(&bytes));
    Ok(())
}
