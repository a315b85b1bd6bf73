//! Exporting the registers: one CSV per register, or one workbook with a
//! cover sheet and a sheet per register. Rows are written as they are read
//! from the cached plan, so an export holds no table twice.

use super::out::{CsvSink, ExportError, Value, XlsxSink};
use super::registers::Register;
use crate::domain::dates::long_date;
use crate::read::cache::Snapshot;
use chrono::{NaiveDate, NaiveDateTime};
use rust_xlsxwriter::DocProperties;
use std::io::Write;

/// Who and when an export is for.
#[derive(Debug, Clone)]
pub struct ExportHeading {
    /// The council's name ("" when not configured).
    pub authority: String,
    /// The date the registers are as at.
    pub as_at: NaiveDate,
    /// When the export was made (UTC).
    pub made_at: NaiveDateTime,
}

impl ExportHeading {
    fn authority(&self) -> &str {
        if self.authority.trim().is_empty() {
            "Sustain"
        } else {
            self.authority.trim()
        }
    }

    /// The workbook's title.
    pub fn title(&self) -> String {
        format!("{}: improvement plan and registers as at {}", self.authority(), long_date(self.as_at))
    }

    /// A file name for a register or the workbook, with the date in it.
    pub fn file_name(&self, stem: &str, extension: &str) -> String {
        format!("sustain-{stem}-{}.{extension}", self.as_at.format("%Y-%m-%d"))
    }
}

/// Writes one register as CSV; returns the number of rows.
pub fn write_csv<W: Write>(
    snapshot: &Snapshot,
    register: Register,
    as_at: NaiveDate,
    out: W,
) -> Result<(usize, W), ExportError> {
    let mut sink = CsvSink::new(out)?;
    let rows = register.write(snapshot, as_at, &mut sink)?;
    Ok((rows, sink.finish()?))
}

/// Writes every register as the CSV folder in a ZIP: one `name.csv` each,
/// named as the workbook names its sheets, so that the plan import reads it
/// as it reads the workbook.
pub fn write_csv_zip<W: Write>(snapshot: &Snapshot, as_at: NaiveDate, out: W) -> Result<W, ExportError> {
    let mut zip = zip::ZipWriter::new_stream(out);
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for register in Register::ALL {
        zip.start_file(format!("{}.csv", register.as_str()), options)?;
        let mut sink = CsvSink::new(&mut zip)?;
        register.write(snapshot, as_at, &mut sink)?;
        sink.finish()?;
    }
    Ok(zip.finish()?.into_inner())
}

/// Writes every register as one workbook: a cover sheet, then a sheet each.
pub fn write_workbook<W: Write + Send>(
    snapshot: &Snapshot,
    heading: &ExportHeading,
    out: W,
) -> Result<(), ExportError> {
    let as_at = long_date(heading.as_at);
    let properties = DocProperties::new()
        .set_title(heading.title())
        .set_subject(format!("As at {as_at}"))
        .set_company(heading.authority())
        .set_author("Sustain")
        .set_keywords("improvement plan, evidence, results, SPC, status")
        .set_comment(format!("Registers as at {as_at}, exported {}", heading.made_at.format("%Y-%m-%d %H:%M UTC")))
        .set_custom_property("As at", heading.as_at.format("%Y-%m-%d").to_string())
        .set_custom_property("Authority", heading.authority());
    let mut sink = XlsxSink::new(&properties);
    let mut lines: Vec<(&str, Value)> = vec![
        ("Authority", Value::text(heading.authority())),
        ("As at", Value::Date(heading.as_at)),
        ("Exported", Value::text(heading.made_at.format("%d %B %Y at %H:%M UTC").to_string())),
        ("Data generation", Value::Number(snapshot.generation() as f64)),
    ];
    for register in Register::ALL {
        lines.push((register.spec().name, Value::text(register.describe())));
    }
    lines.push(("Rules", Value::text(snapshot.rules.describe(snapshot.plan.sign_off_asked()).join("\n"))));
    sink.cover(&heading.title(), &lines)?;
    for register in Register::ALL {
        register.write(snapshot, heading.as_at, &mut sink)?;
    }
    sink.save(out)
}
