//! Reading a spreadsheet file into a `Table`: CSV (UTF-8 with or without a
//! byte-order mark, comma or semicolon, Excel's quoting) or XLSX (the first
//! sheet, or one named), or for the whole plan every sheet of a workbook or
//! every CSV file of a ZIP (`read_sheets`). Every limit is checked before rows are read: the
//! file's size, and for XLSX the number of parts and what they unpack to,
//! measured by unpacking them, not by what the file claims, so that a ZIP
//! bomb is refused before the spreadsheet reader sees it.

use crate::domain::sheets::plan::is_note;
use crate::domain::sheets::workbook::Sheet;
use crate::domain::sheets::{Cell, FileProblem, Row, SheetLimits, Table};
use calamine::{Data, Reader, Xlsx};
use std::io::{Cursor, Read};

/// The message for anything that is not a spreadsheet Sustain can read safely.
pub const UNSAFE: &str = "This file is not a spreadsheet Sustain can read safely. Save it from your spreadsheet as .xlsx or CSV UTF-8 and try again.";

fn refuse(message: impl Into<String>) -> FileProblem {
    FileProblem(message.into())
}

/// Reads a file into a table of typed cells: for a workbook, the sheet named
/// `sheet`; else the sheet named `usual` (as Sustain's templates and exports
/// name it: "plan", "results"), else the first sheet.
pub fn read_table(bytes: &[u8], sheet: Option<&str>, usual: &str, limits: &SheetLimits) -> Result<Table, FileProblem> {
    if bytes.len() > limits.max_bytes {
        return Err(refuse(format!(
            "The file is larger than {}: split it, or remove columns Sustain does not read",
            crate::domain::upload::human_size(limits.max_bytes)
        )));
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(refuse("The file has no rows"));
    }
    let table = if bytes.starts_with(b"PK\x03\x04") {
        check_zip(bytes, limits)?;
        read_xlsx(bytes, sheet, usual, limits)?
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(refuse("This is an old Excel (.xls) file: save it as .xlsx or CSV UTF-8 and try again"));
    } else if bytes.starts_with(b"PK") || bytes.contains(&0) {
        return Err(refuse(UNSAFE));
    } else {
        if sheet.is_some_and(|s| !s.trim().is_empty()) {
            return Err(refuse("A CSV file has only one sheet: leave the sheet name blank"));
        }
        read_csv(bytes, limits)?
    };
    if table.headers.iter().all(|h| h.trim().is_empty()) {
        return Err(refuse("The file has no rows"));
    }
    if table.rows.is_empty() {
        return Err(refuse("The file has no rows under its header row"));
    }
    Ok(table)
}

/// Unpacks every part of an XLSX file into nothing, counting, and refuses it
/// past the limits on parts, total size and compression ratio.
pub(super) fn check_zip(bytes: &[u8], limits: &SheetLimits) -> Result<(), FileProblem> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| refuse(UNSAFE))?;
    if archive.len() > limits.max_entries {
        return Err(refuse(UNSAFE));
    }
    let mut total: u64 = 0;
    let mut compressed: u64 = 0;
    let mut buffer = vec![0u8; 64 * 1024];
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).map_err(|_| refuse(UNSAFE))?;
        compressed += part.compressed_size();
        if part.size() > limits.max_uncompressed_bytes {
            return Err(refuse(UNSAFE));
        }
        loop {
            let n = part.read(&mut buffer).map_err(|_| refuse(UNSAFE))?;
            if n == 0 {
                break;
            }
            total += n as u64;
            if total > limits.max_uncompressed_bytes {
                return Err(refuse(UNSAFE));
            }
        }
    }
    // Small files compress well (a sheet of repeated values): only a large one is judged by its ratio.
    if total > 1024 * 1024 && total > compressed.max(1).saturating_mul(limits.max_ratio) {
        return Err(refuse(UNSAFE));
    }
    Ok(())
}

fn cell_of(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(moment) => Cell::Date(moment.date()),
            None => Cell::Number(dt.as_f64()),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Text(format!("#{e:?}")),
    }
}

fn read_xlsx(bytes: &[u8], sheet: Option<&str>, usual: &str, limits: &SheetLimits) -> Result<Table, FileProblem> {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|_| refuse(UNSAFE))?;
    let names = book.sheet_names();
    let wanted = sheet.map(str::trim).filter(|s| !s.is_empty());
    let name = match wanted {
        Some(w) => names.iter().find(|n| n.trim().eq_ignore_ascii_case(w)).cloned().ok_or_else(|| {
            refuse(format!("The workbook has no sheet named '{w}'; its sheets are: {}", names.join(", ")))
        })?,
        None => names
            .iter()
            .find(|n| n.trim().eq_ignore_ascii_case(usual))
            .or(names.first())
            .cloned()
            .ok_or_else(|| refuse("The workbook has no sheets"))?,
    };
    let table = xlsx_sheet(&mut book, &name, limits)?;
    if table.headers.is_empty() {
        return Err(refuse("The file has no rows"));
    }
    Ok(table)
}

/// One sheet of an open workbook as a table (no headers when it is empty).
fn xlsx_sheet<R: std::io::Read + std::io::Seek>(
    book: &mut Xlsx<R>,
    name: &str,
    limits: &SheetLimits,
) -> Result<Table, FileProblem> {
    let range = book.worksheet_range(name).map_err(|_| refuse(UNSAFE))?;
    let (first_row, _) = range.start().unwrap_or((0, 0));
    let mut rows = range.rows();
    let Some(header) = rows.next() else { return Ok(Table::default()) };
    let headers: Vec<String> = header.iter().map(|d| cell_of(d).shown()).collect();
    let mut table = Table { headers, rows: Vec::new() };
    for (i, cells) in rows.enumerate() {
        let cells: Vec<Cell> = cells.iter().map(cell_of).collect();
        if cells.iter().all(Cell::is_blank) || is_note(&cells) {
            continue;
        }
        if table.rows.len() == limits.max_rows {
            return Err(too_many_rows(limits));
        }
        table.rows.push(Row { number: first_row as usize + i + 2, cells });
    }
    Ok(table)
}

/// The sheets of a plan file, each with the `Sheet` it is, and whether
/// problems should name their sheet. An XLSX workbook gives every sheet named
/// after one Sustain knows (`plan`, `owners`, `results`...), or with none of
/// those, its first sheet as the plan; a ZIP of CSV files (the CSV folder)
/// gives each file named after a sheet (`owners.csv`...); a CSV file is the
/// plan. With `sheet`, only that sheet of a workbook is read, as the plan.
pub fn read_sheets(
    bytes: &[u8],
    sheet: Option<&str>,
    limits: &SheetLimits,
) -> Result<(Vec<(Sheet, Table)>, bool), FileProblem> {
    let sheet = sheet.map(str::trim).filter(|s| !s.is_empty());
    let zipped = bytes.starts_with(b"PK\x03\x04");
    if !zipped || sheet.is_some() || bytes.len() > limits.max_bytes {
        return Ok((vec![(Sheet::Plan, read_table(bytes, sheet, "plan", limits)?)], false));
    }
    check_zip(bytes, limits)?;
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| refuse(UNSAFE))?;
    let is_workbook = archive.by_name("[Content_Types].xml").is_ok();
    let mut tables = Vec::new();
    if is_workbook {
        let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|_| refuse(UNSAFE))?;
        for name in book.sheet_names() {
            if let Some(known) = Sheet::named(&name) {
                tables.push((known, xlsx_sheet(&mut book, &name, limits)?));
            }
        }
        if tables.is_empty() {
            return Ok((vec![(Sheet::Plan, read_table(bytes, None, "plan", limits)?)], false));
        }
    } else {
        for i in 0..archive.len() {
            let mut part = archive.by_index(i).map_err(|_| refuse(UNSAFE))?;
            let path = part.name().map(|n| n.to_string()).unwrap_or_default();
            let file = path.rsplit('/').next().unwrap_or(&path);
            let Some(known) = file.strip_suffix(".csv").or_else(|| file.strip_suffix(".CSV")).and_then(Sheet::named)
            else {
                continue;
            };
            let mut content = Vec::new();
            part.read_to_end(&mut content).map_err(|_| refuse(UNSAFE))?;
            let table = read_csv(&content, limits).map_err(|e| refuse(format!("{file}: {}", e.0)))?;
            tables.push((known, table));
        }
        if tables.is_empty() {
            let names: Vec<String> = Sheet::ALL.iter().map(|s| format!("{}.csv", s.name())).collect();
            return Err(refuse(format!(
                "The ZIP file holds no CSV file Sustain reads; name each after its sheet: {}",
                names.join(", ")
            )));
        }
    }
    tables.sort_by_key(|(s, _)| *s);
    tables.dedup_by_key(|(s, _)| *s);
    tables.retain(|(_, t)| !t.headers.iter().all(|h| h.trim().is_empty()));
    if tables.iter().all(|(_, t)| t.rows.is_empty()) {
        return Err(refuse("The file has no rows under its header rows"));
    }
    Ok((tables, true))
}

/// The CSV folder from the command line: each file named after a sheet
/// (`owners.csv`, `plan.csv`...), read as the ZIP's files are.
pub fn read_folder(files: &[(String, Vec<u8>)], limits: &SheetLimits) -> Result<Vec<(Sheet, Table)>, FileProblem> {
    let mut tables = Vec::new();
    for (file, content) in files {
        let Some(known) = file.strip_suffix(".csv").and_then(Sheet::named) else { continue };
        if content.len() > limits.max_bytes {
            return Err(refuse(format!(
                "{file} is larger than {}",
                crate::domain::upload::human_size(limits.max_bytes)
            )));
        }
        tables.push((known, read_csv(content, limits).map_err(|e| refuse(format!("{file}: {}", e.0)))?));
    }
    tables.sort_by_key(|(s, _)| *s);
    if tables.iter().all(|(_, t)| t.rows.is_empty()) {
        let names: Vec<String> = Sheet::ALL.iter().map(|s| format!("{}.csv", s.name())).collect();
        return Err(refuse(format!("The folder has no rows in a CSV file Sustain reads ({})", names.join(", "))));
    }
    Ok(tables)
}

fn too_many_rows(limits: &SheetLimits) -> FileProblem {
    refuse(format!("The file has more than {} rows: split it into smaller files", limits.max_rows))
}

/// The delimiter of a CSV file: a semicolon when the header has more of them
/// than commas (Excel in much of Europe), else a comma.
fn delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    if header.matches(';').count() > header.matches(',').count() {
        b';'
    } else {
        b','
    }
}

/// Counts lines as records are read, from their byte offsets: the reader's own
/// line count leaves out the blank lines it skipped, which a spreadsheet shows
/// as rows. Each call counts only from where the last one stopped.
struct LineCounter<'a> {
    bytes: &'a [u8],
    at: usize,
    line: usize,
}

impl LineCounter<'_> {
    /// The line a record starting at `byte` is on.
    fn line_at(&mut self, byte: u64) -> usize {
        let bytes = self.bytes;
        let mut end = usize::try_from(byte).unwrap_or(usize::MAX).min(bytes.len());
        while end < bytes.len() && matches!(bytes[end], b'\n' | b'\r') {
            end += 1;
        }
        if end > self.at {
            self.line += bytes[self.at..end].iter().filter(|b| **b == b'\n').count();
            self.at = end;
        }
        self.line
    }
}

fn read_csv(bytes: &[u8], limits: &SheetLimits) -> Result<Table, FileProblem> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1;
        refuse(format!(
            "Row {line} is not UTF-8 text. Save the file as 'CSV UTF-8' from your spreadsheet and try again"
        ))
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(text))
        .from_reader(text.as_bytes());
    let mut table = Table::default();
    let mut record = csv::StringRecord::new();
    let mut first = true;
    let mut lines = LineCounter { bytes: text.as_bytes(), at: 0, line: 1 };
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                return Err(refuse(format!("Row {line} could not be read as CSV: check its quotation marks")));
            }
        }
        if first {
            table.headers = record.iter().map(str::to_string).collect();
            first = false;
            continue;
        }
        let cells: Vec<Cell> =
            record.iter().map(|t| if t.trim().is_empty() { Cell::Empty } else { Cell::Text(t.to_string()) }).collect();
        if cells.iter().all(Cell::is_blank) || is_note(&cells) {
            continue;
        }
        if table.rows.len() == limits.max_rows {
            return Err(too_many_rows(limits));
        }
        let number = record.position().map_or(table.rows.len() + 2, |p| lines.line_at(p.byte()));
        table.rows.push(Row { number, cells });
    }
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> SheetLimits {
        SheetLimits::default()
    }

    #[test]
    fn a_csv_with_a_bom_semicolons_and_excel_quoting_is_read() {
        let file = "\u{feff}Reference;Title\r\n1.1;\"Meet daily; with \"\"police\"\"\"\r\n\r\n1.2;Audit\r\n";
        let table = read_table(file.as_bytes(), None, "plan", &limits()).unwrap();
        assert_eq!(table.headers, vec!["Reference", "Title"]);
        assert_eq!(table.rows[0].cells[1], Cell::Text("Meet daily; with \"police\"".into()));
        assert_eq!(table.rows[1].number, 4, "row numbers count the blank line as a spreadsheet would");
    }

    #[test]
    fn invalid_utf8_names_its_row() {
        let file = b"Reference,Title\n1.1,Caf\xe9\n";
        let err = read_table(file, None, "plan", &limits()).unwrap_err();
        assert!(err.0.starts_with("Row 2 is not UTF-8 text"), "{err}");
    }

    #[test]
    fn a_file_with_no_rows_is_refused() {
        assert_eq!(read_table(b"", None, "plan", &limits()).unwrap_err().0, "The file has no rows");
        assert_eq!(
            read_table(b"Reference,Title\n", None, "plan", &limits()).unwrap_err().0,
            "The file has no rows under its header row"
        );
    }

    #[test]
    fn too_many_rows_or_bytes_are_refused_before_reading_them() {
        let small = SheetLimits { max_rows: 2, max_bytes: 100, ..limits() };
        let file = "Reference\n1\n2\n3\n";
        assert!(read_table(file.as_bytes(), None, "plan", &small).unwrap_err().0.contains("more than 2 rows"));
        let big = "x".repeat(101);
        assert!(read_table(big.as_bytes(), None, "plan", &small).unwrap_err().0.contains("larger than"));
    }
}
