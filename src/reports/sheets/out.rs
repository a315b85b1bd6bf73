//! Where exported rows go: a CSV file (one sheet) or an XLSX workbook (a sheet
//! each), written row by row as they are produced, so that no table is held
//! whole a second time. CSV text that a spreadsheet would run as a formula
//! gets a leading apostrophe; XLSX cells are typed (dates as dates, numbers as
//! numbers) and text is always a string, never a formula, cut to what a cell
//! holds (`domain::formats::xlsx_cell`).

use crate::domain::formats::xlsx_cell;
use crate::domain::sheets::escape::for_csv;
use crate::domain::sheets::number_text;
use chrono::NaiveDate;
use rust_xlsxwriter::{DocProperties, Format, Workbook, Worksheet, XlsxError};
use std::io::Write;

/// Why an export could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("could not write the CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("could not write the workbook: {0}")]
    Xlsx(#[from] XlsxError),
    #[error("could not write: {0}")]
    Io(#[from] std::io::Error),
    #[error("could not write the ZIP: {0}")]
    Zip(#[from] zip::result::ZipError),
    #[error(transparent)]
    Db(#[from] crate::db::DbError),
}

/// One cell to write.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Blank,
    Text(String),
    Number(f64),
    Date(NaiveDate),
}

impl Value {
    /// Text, blank when empty.
    pub fn text(s: impl Into<String>) -> Self {
        let s = s.into();
        if s.is_empty() {
            Value::Blank
        } else {
            Value::Text(s)
        }
    }
    /// A number, blank when none.
    pub fn number(n: Option<f64>) -> Self {
        n.map_or(Value::Blank, Value::Number)
    }
    /// A date, blank when none.
    pub fn date(d: Option<NaiveDate>) -> Self {
        d.map_or(Value::Blank, Value::Date)
    }
}

/// A column of an exported sheet: its header and its width in characters.
pub type ColumnSpec = (&'static str, f64);

/// One register's sheet.
#[derive(Debug, Clone, Copy)]
pub struct SheetSpec {
    /// The sheet's name in a workbook, and the CSV file's name without `.csv`.
    pub name: &'static str,
    pub columns: &'static [ColumnSpec],
}

/// Receives a register's rows.
pub trait Sink {
    /// Starts a sheet: writes its header row.
    fn begin(&mut self, spec: &SheetSpec) -> Result<(), ExportError>;
    /// Writes one row.
    fn row(&mut self, values: &[Value]) -> Result<(), ExportError>;
}

/// A CSV file: UTF-8 with a byte-order mark (so Excel reads it as UTF-8),
/// dates as ISO text.
pub struct CsvSink<W: Write> {
    writer: csv::Writer<W>,
    record: Vec<String>,
}

impl<W: Write> CsvSink<W> {
    /// Writes to `out`, starting with the byte-order mark.
    pub fn new(mut out: W) -> Result<Self, ExportError> {
        out.write_all(b"\xEF\xBB\xBF")?;
        Ok(Self { writer: csv::WriterBuilder::new().from_writer(out), record: Vec::new() })
    }

    /// Flushes and gives the output back.
    pub fn finish(self) -> Result<W, ExportError> {
        self.writer.into_inner().map_err(|e| ExportError::Io(e.into_error()))
    }
}

impl<W: Write> Sink for CsvSink<W> {
    fn begin(&mut self, spec: &SheetSpec) -> Result<(), ExportError> {
        Ok(self.writer.write_record(spec.columns.iter().map(|(h, _)| *h))?)
    }

    fn row(&mut self, values: &[Value]) -> Result<(), ExportError> {
        self.record.clear();
        for v in values {
            self.record.push(match v {
                Value::Blank => String::new(),
                Value::Text(t) => for_csv(t).into_owned(),
                Value::Number(n) => number_text(*n),
                Value::Date(d) => d.format("%Y-%m-%d").to_string(),
            });
        }
        Ok(self.writer.write_record(&self.record)?)
    }
}

/// An XLSX workbook whose sheets are written in constant memory: each row
/// goes to a temporary file as it is written, and the workbook is put
/// together when it is saved.
pub struct XlsxSink {
    workbook: Workbook,
    current: Option<(Worksheet, u32, u16)>,
    done: Vec<Worksheet>,
    header: Format,
    date: Format,
    wrap: Format,
}

/// The dates format in exported workbooks: UK order, unambiguous.
const DATE_FORMAT: &str = "dd mmm yyyy";

impl XlsxSink {
    /// A workbook with its properties set.
    pub fn new(properties: &DocProperties) -> Self {
        let mut workbook = Workbook::new();
        workbook.set_properties(properties);
        Self {
            workbook,
            current: None,
            done: Vec::new(),
            header: Format::new().set_bold().set_background_color("#DDE6EE").set_text_wrap(),
            date: Format::new().set_num_format(DATE_FORMAT),
            wrap: Format::new().set_text_wrap(),
        }
    }

    /// A cover sheet: a title and (label, value) lines.
    pub fn cover(&mut self, title: &str, lines: &[(&str, Value)]) -> Result<(), ExportError> {
        let mut sheet = self.workbook.new_worksheet_with_constant_memory()?;
        sheet.set_name("Cover")?;
        sheet.set_column_width(0, 24)?;
        sheet.set_column_width(1, 90)?;
        sheet.write_string_with_format(0, 0, title, &Format::new().set_bold().set_font_size(14))?;
        for (i, (label, value)) in lines.iter().enumerate() {
            let row = i as u32 + 2;
            sheet.write_string_with_format(row, 0, *label, &Format::new().set_bold())?;
            write_value(&mut sheet, row, 1, value, &self.date, &self.wrap)?;
        }
        self.done.push(sheet);
        Ok(())
    }

    fn close_current(&mut self) {
        if let Some((mut sheet, rows, columns)) = self.current.take() {
            if columns > 0 {
                // A filter on every column, over the rows written.
                let _ = sheet.autofilter(0, 0, rows.saturating_sub(1), columns - 1);
            }
            self.done.push(sheet);
        }
    }

    /// Saves the workbook to `out` (no seeking needed, so it can be a stream).
    pub fn save<W: Write + Send>(mut self, out: W) -> Result<(), ExportError> {
        self.close_current();
        for sheet in self.done.drain(..) {
            self.workbook.push_worksheet(sheet);
        }
        self.workbook.save_to_writer(out)?;
        Ok(())
    }
}

fn write_value(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: &Value,
    date: &Format,
    wrap: &Format,
) -> Result<(), XlsxError> {
    match value {
        Value::Blank => {}
        // Always a string: text that starts with "=" is shown, never run.
        Value::Text(t) if t.contains('\n') => {
            sheet.write_string_with_format(row, col, xlsx_cell(t), wrap)?;
        }
        Value::Text(t) => {
            sheet.write_string(row, col, xlsx_cell(t))?;
        }
        Value::Number(n) => {
            sheet.write_number(row, col, *n)?;
        }
        Value::Date(d) => {
            sheet.write_date_with_format(row, col, d, date)?;
        }
    }
    Ok(())
}

impl Sink for XlsxSink {
    fn begin(&mut self, spec: &SheetSpec) -> Result<(), ExportError> {
        self.close_current();
        let mut sheet = self.workbook.new_worksheet_with_constant_memory()?;
        sheet.set_name(spec.name)?;
        for (col, (header, width)) in spec.columns.iter().enumerate() {
            let col = col as u16;
            sheet.set_column_width(col, *width)?;
            sheet.write_string_with_format(0, col, *header, &self.header)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        self.current = Some((sheet, 1, spec.columns.len() as u16));
        Ok(())
    }

    fn row(&mut self, values: &[Value]) -> Result<(), ExportError> {
        let (date, wrap) = (&self.date, &self.wrap);
        let Some((sheet, row, _)) = self.current.as_mut() else { return Ok(()) };
        for (col, value) in values.iter().enumerate() {
            write_value(sheet, *row, col as u16, value, date, wrap)?;
        }
        *row += 1;
        Ok(())
    }
}
