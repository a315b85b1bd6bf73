//! Ofsted's inspection outcomes file (ODS) in: its sheet of every inspection
//! read with calamine into text, mapped by the domain, and stored in place of
//! the last load. The edition of 31 March 2025 ships inside the program, so a
//! new instance has every council's judgements with no download.

use super::read::check_zip;
use crate::db::published_inspections;
use crate::db::{Actor, DbConnection, DbError};
use crate::domain::figures::inspections::{self, PublishedInspection, TextRow, SHEET};
use crate::domain::sheets::SheetLimits;
use calamine::{Data, Ods, Reader};
use std::io::Cursor;

/// The file shipped with Sustain, unchanged (Open Government Licence v3.0).
pub const SHIPPED_NAME: &str = "LA_Inspection_Outcomes_as_at_31_March_2025.ods";
pub const SHIPPED: &[u8] = include_bytes!("../../../assets/figures/LA_Inspection_Outcomes_as_at_31_March_2025.ods");

/// Why an outcomes file was not loaded; nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum OutcomesFailure {
    /// The file itself: unreadable, no such sheet, a missing column, a bad cell.
    #[error("{file}: {problem}")]
    File { file: String, problem: String },
    #[error(transparent)]
    Database(#[from] DbError),
}

/// Reads an outcomes file and stores its inspections in place of those
/// stored, returning how many were stored.
pub fn import_ods(
    conn: &mut DbConnection,
    actor: &Actor,
    bytes: &[u8],
    file_name: &str,
) -> Result<usize, OutcomesFailure> {
    let read = read_ods(bytes, file_name)?;
    Ok(published_inspections::replace_all(conn, actor, file_name, &read)?)
}

/// Reads an outcomes file into its inspections, writing nothing: so that an
/// upload can refuse a bad one before any of its files is stored.
pub fn read_ods(bytes: &[u8], file_name: &str) -> Result<Vec<PublishedInspection>, OutcomesFailure> {
    let refused = |problem: String| OutcomesFailure::File { file: file_name.to_string(), problem };
    let rows = sheet_rows(bytes, SHEET).map_err(refused)?;
    inspections::read(&rows).map_err(|p| refused(p.0))
}

/// Loads the shipped file into an instance that has no inspections stored
/// (a first start, the demo), returning how many it stored; none when some
/// were stored already, so that a newer edition loaded since is kept.
pub fn load_shipped(conn: &mut DbConnection, actor: &Actor) -> Result<Option<usize>, OutcomesFailure> {
    if published_inspections::count(conn)? > 0 {
        return Ok(None);
    }
    import_ods(conn, actor, SHIPPED, SHIPPED_NAME).map(Some)
}

/// A cell as text: a date cell as its ISO moment ("2019-02-18T00:00:00").
fn text_of(data: &Data) -> String {
    match data {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(moment) => moment.date().to_string(),
            None => dt.as_f64().to_string(),
        },
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// Every row of one sheet of an ODS workbook as text, numbered as the
/// spreadsheet numbers them (from 1). The file is checked as any uploaded
/// workbook is, before calamine unpacks it.
fn sheet_rows(bytes: &[u8], sheet: &str) -> Result<Vec<TextRow>, String> {
    let unreadable = || "not an OpenDocument spreadsheet (.ods) Sustain can read".to_string();
    if !bytes.starts_with(b"PK\x03\x04") {
        return Err(unreadable());
    }
    check_zip(bytes, &SheetLimits::default()).map_err(|p| p.0)?;
    let mut book: Ods<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|_| unreadable())?;
    let names = book.sheet_names();
    if !names.iter().any(|n| n == sheet) {
        return Err(format!("no sheet named '{sheet}'; its sheets are: {}", names.join(", ")));
    }
    let range = book.worksheet_range(sheet).map_err(|_| unreadable())?;
    // The range starts at the first cell holding anything, not at A1.
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            let mut texts = vec![String::new(); first_column as usize];
            texts.extend(cells.iter().map(text_of));
            TextRow { number: first_row as usize + i + 1, cells: texts }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_file_reads_from_its_header_on_row_3() {
        let rows = sheet_rows(SHIPPED, SHEET).unwrap();
        let header = rows.iter().find(|r| r.number == 3).unwrap();
        assert_eq!(header.cells[1], "Local authority area code");
        let read = inspections::read(&rows).unwrap();
        assert_eq!(read.len(), 271);
        assert_eq!(read[0].la_name, "Barking and Dagenham");
        assert_eq!(read[0].start_date, chrono::NaiveDate::from_ymd_opt(2019, 2, 18));
    }

    #[test]
    fn a_file_that_is_not_a_workbook_or_lacks_the_sheet_is_refused() {
        assert!(sheet_rows(b"ons_code,name\n", SHEET).unwrap_err().contains("not an OpenDocument"));
        let problem = sheet_rows(SHIPPED, "Nothing").unwrap_err();
        assert!(problem.starts_with("no sheet named 'Nothing'; its sheets are: Cover, Contents"), "{problem}");
    }
}
