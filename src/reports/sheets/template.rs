//! Templates to fill in: the plan and results sheets with a header row, an
//! example row and a note on every column, as XLSX and as CSV. In the CSV,
//! notes are rows starting with `#`, which the import skips. The plan's XLSX
//! template is the whole-plan workbook: the plan sheet first (its example row
//! is data, to be replaced), then a sheet for every other kind of record, whose
//! example rows start with `# e.g.` and are skipped, so that a sheet left as it
//! is imports nothing. The CSV folder template (`template_zip`) is the same as
//! one CSV file per sheet, in a ZIP.

use super::out::ExportError;
use crate::domain::sheets::cells::parse_date_text;
use crate::domain::sheets::plan::PLAN_COLUMNS;
use crate::domain::sheets::results::RESULT_COLUMNS;
use crate::domain::sheets::workbook::Sheet;
use crate::domain::sheets::Column;
use rust_xlsxwriter::{Format, Note, Workbook, Worksheet, XlsxError};
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
    sheet_csv(template.columns(), false, out)
}

/// A sheet as CSV: header, example row (a note when `example_as_note`), then a note row per column.
fn sheet_csv(columns: &[Column], example_as_note: bool, out: impl Write) -> Result<(), ExportError> {
    let mut writer = csv::WriterBuilder::new().flexible(true).from_writer(out);
    writer.write_record(columns.iter().map(|c| c.header))?;
    writer.write_record(example_row(columns, example_as_note))?;
    writer.write_record(["# Notes: rows starting with # are skipped. Replace the example row with your own."])?;
    for c in columns {
        writer.write_record([format!("# {}: {}", c.header, c.note)])?;
    }
    writer.flush()?;
    Ok(())
}

/// The example row's cells; as a note, the first starts with `# e.g.` so the import skips the row.
fn example_row(columns: &[Column], as_note: bool) -> Vec<String> {
    columns
        .iter()
        .enumerate()
        .map(|(i, c)| if as_note && i == 0 { format!("# e.g. {}", c.example) } else { c.example.to_string() })
        .collect()
}

/// The sheets of the whole-plan template, in order, with their names as the template writes them.
fn plan_sheets() -> Vec<(Sheet, String)> {
    let mut sheets = vec![(Sheet::Plan, "Plan".to_string())];
    for sheet in Sheet::ALL.iter().copied().filter(|s| *s != Sheet::Plan) {
        let name = sheet.name();
        sheets.push((sheet, format!("{}{}", name[..1].to_uppercase(), &name[1..])));
    }
    sheets
}

/// The CSV folder template: one CSV file per sheet of the whole plan, in a ZIP.
pub fn template_zip(out: impl Write) -> Result<(), ExportError> {
    let mut zip = zip::ZipWriter::new_stream(out);
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (sheet, _) in plan_sheets() {
        zip.start_file(format!("{}.csv", sheet.name()), options)?;
        sheet_csv(sheet.columns(), sheet != Sheet::Plan, &mut zip)?;
    }
    zip.finish()?;
    Ok(())
}

/// Writes a sheet's header row (each header with its note) and example row.
fn template_sheet(
    sheet: &mut Worksheet,
    columns: &[Column],
    example_as_note: bool,
    numbers: bool,
) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold().set_background_color("#DDE6EE");
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let hint = Format::new().set_italic().set_font_color("#505A5F");
    for (i, c) in columns.iter().enumerate() {
        let col = i as u16;
        sheet.set_column_width(col, (c.header.len().max(c.example.len().min(40)) + 4) as f64)?;
        sheet.write_string_with_format(0, col, c.header, &bold)?;
        sheet.insert_note(0, col, &Note::new(c.note).add_author_prefix(false))?;
        if example_as_note {
            let text = if i == 0 { format!("# e.g. {}", c.example) } else { c.example.to_string() };
            sheet.write_string_with_format(1, col, text, &hint)?;
            continue;
        }
        match parse_date_text(c.example) {
            Some(d) if c.example.contains('-') => sheet.write_date_with_format(1, col, d, &date)?,
            // A plan reference like 1.10 stays text; result figures are numbers.
            _ => match c.example.parse::<f64>() {
                Ok(n) if numbers => sheet.write_number(1, col, n)?,
                _ => sheet.write_string(1, col, c.example)?,
            },
        };
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The XLSX template: the sheet (for the plan, every sheet of the whole
/// plan) with a note on each header and an example row, and a Notes sheet.
pub fn template_xlsx(template: Template, out: impl Write + Send) -> Result<(), ExportError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold().set_background_color("#DDE6EE");
    let wrap = Format::new().set_text_wrap();
    let sheets: Vec<(Option<Sheet>, String, &'static [Column])> = match template {
        Template::Plan => plan_sheets().into_iter().map(|(s, name)| (Some(s), name, s.columns())).collect(),
        Template::Results => vec![(None, template.sheet().to_string(), template.columns())],
    };
    for (sheet, name, columns) in &sheets {
        let tab = workbook.add_worksheet();
        tab.set_name(name)?;
        let as_note = sheet.is_some_and(|s| s != Sheet::Plan);
        template_sheet(tab, columns, as_note, template == Template::Results)?;
    }
    let notes = workbook.add_worksheet();
    notes.set_name("Notes")?;
    notes.set_column_width(0, 16)?;
    notes.set_column_width(1, 24)?;
    notes.set_column_width(2, 10)?;
    notes.set_column_width(3, 100)?;
    for (col, header) in ["Sheet", "Column", "Required", "What to enter"].iter().enumerate() {
        notes.write_string_with_format(0, col as u16, *header, &bold)?;
    }
    let mut row = 1;
    for (_, name, columns) in &sheets {
        for c in columns.iter() {
            notes.write_string(row, 0, name)?;
            notes.write_string(row, 1, c.header)?;
            notes.write_string(row, 2, if c.required { "Yes" } else { "No" })?;
            notes.write_string_with_format(row, 3, c.note, &wrap)?;
            row += 1;
        }
    }
    let text = match template {
        Template::Plan => "Fill in the sheets you need and leave the others as they are: each sheet is read by its name, and rows starting with # are skipped. Replace the plan's example row with your own. Records are created in the order of the sheets, so a row may name an owner, area, inspection or measure from an earlier sheet.",
        Template::Results => "Import reads the first sheet, or the sheet you name. Replace the example row with your own.",
    };
    notes.write_string(row + 1, 0, text)?;
    workbook.save_to_writer(out)?;
    Ok(())
}
