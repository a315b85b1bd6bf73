//! Templates to fill in: the plan and results sheets with a header row, an
//! example row and a note on every column, as XLSX and as CSV. In the CSV,
//! notes are rows starting with `#`, which the import skips.

use super::out::ExportError;
use crate::domain::sheets::cells::parse_date_text;
use crate::domain::sheets::plan::PLAN_COLUMNS;
use crate::domain::sheets::results::RESULT_COLUMNS;
use crate::domain::sheets::Column;
use rust_xlsxwriter::{Format, Note, Workbook};
use std::io::Write;

/// Which template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    Plan,
    Results,
}

impl Template {
    fn columns(self) -> &'static [Column] {
        match self {
            Template::Plan => PLAN_COLUMNS,
            Template::Results => RESULT_COLUMNS,
        }
    }

    fn sheet(self) -> &'static str {
        match self {
            Template::Plan => "Plan",
            Template::Results => "Results",
        }
    }

    /// The file name, without extension.
    pub fn file_stem(self) -> &'static str {
        match self {
            Template::Plan => "plan-template",
            Template::Results => "results-template",
        }
    }
}

/// The CSV template: header, example row, then a note row per column.
pub fn template_csv(template: Template, out: impl Write) -> Result<(), ExportError> {
    let columns = template.columns();
    let mut writer = csv::WriterBuilder::new().flexible(true).from_writer(out);
    writer.write_record(columns.iter().map(|c| c.header))?;
    writer.write_record(columns.iter().map(|c| c.example))?;
    writer.write_record(["# Notes: rows starting with # are skipped. Replace the example row with your own."])?;
    for c in columns {
        writer.write_record([format!("# {}: {}", c.header, c.note)])?;
    }
    writer.flush()?;
    Ok(())
}

/// The XLSX template: the sheet with a note on each header, the example row
/// with typed dates, and a Notes sheet.
pub fn template_xlsx(template: Template, out: impl Write + Send) -> Result<(), ExportError> {
    let columns = template.columns();
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold().set_background_color("#DDE6EE");
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let wrap = Format::new().set_text_wrap();
    let sheet = workbook.add_worksheet();
    sheet.set_name(template.sheet())?;
    for (i, c) in columns.iter().enumerate() {
        let col = i as u16;
        sheet.set_column_width(col, (c.header.len().max(c.example.len().min(40)) + 4) as f64)?;
        sheet.write_string_with_format(0, col, c.header, &bold)?;
        sheet.insert_note(0, col, &Note::new(c.note).add_author_prefix(false))?;
        match parse_date_text(c.example) {
            Some(d) if c.example.contains('-') => sheet.write_date_with_format(1, col, d, &date)?,
            // A plan reference like 1.10 stays text; result figures are numbers.
            _ => match c.example.parse::<f64>() {
                Ok(n) if template == Template::Results => sheet.write_number(1, col, n)?,
                _ => sheet.write_string(1, col, c.example)?,
            },
        };
    }
    sheet.set_freeze_panes(1, 0)?;
    let notes = workbook.add_worksheet();
    notes.set_name("Notes")?;
    notes.set_column_width(0, 24)?;
    notes.set_column_width(1, 10)?;
    notes.set_column_width(2, 100)?;
    for (col, header) in ["Column", "Required", "What to enter"].iter().enumerate() {
        notes.write_string_with_format(0, col as u16, *header, &bold)?;
    }
    for (i, c) in columns.iter().enumerate() {
        let row = i as u32 + 1;
        notes.write_string(row, 0, c.header)?;
        notes.write_string(row, 1, if c.required { "Yes" } else { "No" })?;
        notes.write_string_with_format(row, 2, c.note, &wrap)?;
    }
    let last = columns.len() as u32 + 2;
    notes.write_string(
        last,
        0,
        "Import reads the first sheet, or the sheet you name. Replace the example row with your own.",
    )?;
    workbook.save_to_writer(out)?;
    Ok(())
}
