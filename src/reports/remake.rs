//! An issued report made again from what Sustain held when it was issued, so
//! its SHA-256 can be checked against the one recorded then: the plan as
//! recorded at the moment of issue, each record as it stood at the end of
//! the report's "as at" date (`Past::issued`).

use super::progress::{render, sha256_hex, Format};
use crate::db::reports::ReportRow;
use crate::domain::commentary::Commentary;
use crate::domain::dates::long_date;
use crate::domain::ids::{AttachmentId, InspectionId};
pub use crate::domain::issued::Check;
use crate::domain::kinds::{ReportFormat, ReportKind};
use crate::read::cache::Snapshot;
use crate::read::figures::CouncilFigures;
use crate::read::progress;

/// Makes `report` again from `snapshot` (the plan as it was when it was
/// issued) and the council's published figures, and compares it with its
/// recorded SHA-256. `content` reads an attachment's bytes, for an evidence pack.
///
/// Published figures are not kept as they were: a progress report that
/// differs after figures were loaded again since it was issued is said to
/// be not made again, with that reason, rather than different.
pub fn check(
    snapshot: &Snapshot,
    report: &ReportRow,
    figures: Option<&CouncilFigures>,
    content: impl FnMut(AttachmentId) -> Result<Vec<u8>, String>,
) -> Check {
    match remake(snapshot, report, figures, content) {
        Ok(bytes) if sha256_hex(&bytes) == report.sha256 => Check::Same,
        Ok(bytes) => match reloaded_since(report, figures) {
            Some(day) => Check::NotMade(format!(
                "published figures were loaded again on {}, after it was issued; its \"How we compare\" table was \
                 made from the figures loaded before, which are not kept",
                long_date(day)
            )),
            None => Check::Different { sha256: sha256_hex(&bytes) },
        },
        Err(why) => Check::NotMade(why),
    }
}

/// The day published figures were last loaded, when after a progress report was issued.
fn reloaded_since(report: &ReportRow, figures: Option<&CouncilFigures>) -> Option<chrono::NaiveDate> {
    let loaded = figures?.indicators.iter().map(|i| i.indicator.loaded_at).max()?;
    (report.kind == ReportKind::Progress && loaded > report.created_at).then(|| loaded.date())
}

fn remake(
    snapshot: &Snapshot,
    report: &ReportRow,
    figures: Option<&CouncilFigures>,
    content: impl FnMut(AttachmentId) -> Result<Vec<u8>, String>,
) -> Result<Vec<u8>, String> {
    let authority = snapshot.authority();
    match report.kind {
        ReportKind::Progress => {
            let format = match report.format {
                ReportFormat::Html => Format::Html,
                ReportFormat::Pdf => Format::Pdf,
                ReportFormat::Docx => Format::Docx,
                ReportFormat::Zip => return Err("a progress report is not issued as a ZIP".into()),
            };
            let since = report.since.ok_or("the report's earlier date was not recorded")?;
            // The commentary printed is kept with the issued report, since it
            // may be rewritten for that date afterwards.
            let commentary = Commentary::from_json(report.commentary.as_deref())?;
            let made = progress::build(snapshot, (report.as_at, since), figures, commentary)
                .map_err(|_| "the report's earlier date is not before its \"as at\" date".to_string())?;
            render(&made, authority, format, report.form)
        }
        ReportKind::Pack => {
            let inspection = report.inspection_id.ok_or("the pack's inspection was not recorded")?;
            let pack = crate::read::pack::build(snapshot, InspectionId(inspection), report.as_at)
                .ok_or("the pack's inspection is not in the plan as it was then")?;
            super::pack::write_zip(Vec::new(), &pack, authority, content)
        }
    }
}
