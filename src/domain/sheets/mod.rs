//! Spreadsheets brought in and taken out, as pure data: a sheet read from a
//! file is a `Table` of typed cells; its rows become plan or result rows
//! (`plan`, `results`), are matched against what the plan already holds
//! (`plan_match`), and every problem names its row and column. The whole
//! plan travels as one workbook of such sheets (`workbook`, `workbook_match`). Text written
//! out is made safe from formula injection (`escape`). No file or database
//! is touched here.
//!
//! Row numbers are those a spreadsheet shows: the header is row 1, the first
//! data row is row 2.

pub mod cells;
pub mod escape;
pub mod plan;
pub mod plan_changes;
pub mod plan_match;
pub mod results;
pub mod workbook;
pub mod workbook_columns;
pub mod workbook_match;
mod workbook_measures;

use chrono::NaiveDate;
use std::fmt;

/// The limits a spreadsheet is read within; past any of them the file is
/// refused whole, before its rows are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct SheetLimits {
    /// Largest file accepted, in bytes.
    pub max_bytes: usize,
    /// Most data rows in one sheet.
    pub max_rows: usize,
    /// Largest total size of an XLSX file's parts once uncompressed, in bytes.
    pub max_uncompressed_bytes: u64,
    /// Largest ratio of uncompressed to compressed size (a ZIP bomb's is huge).
    pub max_ratio: u64,
    /// Most parts in an XLSX file.
    pub max_entries: usize,
}

impl Default for SheetLimits {
    fn default() -> Self {
        Self {
            max_bytes: 10 * 1024 * 1024,
            max_rows: 50_000,
            max_uncompressed_bytes: 100 * 1024 * 1024,
            max_ratio: 100,
            max_entries: 1_000,
        }
    }
}

/// One cell as read from a CSV or XLSX file.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A real spreadsheet date (XLSX), not text that looks like one.
    Date(NaiveDate),
    Bool(bool),
}

impl Cell {
    /// Whether the cell holds nothing but spaces.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as a person would read it.
    pub fn shown(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.trim().to_string(),
            Cell::Number(n) => number_text(*n),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        }
    }
}

/// A number as text: whole numbers without a decimal point.
pub fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// A data row and the spreadsheet row number it had.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub number: usize,
    pub cells: Vec<Cell>,
}

/// A sheet: its header row and the data rows under it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
}

/// What is wrong with one cell (or one row) of a sheet.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RowProblem {
    /// The sheet of a workbook or CSV folder the row is on; empty for a single sheet.
    pub sheet: String,
    /// The spreadsheet row number (the header is row 1).
    pub row: usize,
    /// The column's header as the template names it.
    pub column: String,
    /// What is wrong, in words a person can act on.
    pub message: String,
    /// A name not found that the import creates when asked ("create what is missing").
    pub creatable: bool,
}

impl fmt::Display for RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.sheet.is_empty() {
            write!(f, "{}, ", self.sheet)?;
        }
        write!(f, "row {}, {}: {}", self.row, self.column, self.message)
    }
}

/// Problems found in a sheet, in row order.
pub type Problems = Vec<RowProblem>;

/// Records a problem.
pub fn problem(problems: &mut Problems, row: usize, column: &str, message: impl Into<String>) {
    problems.push(RowProblem {
        sheet: String::new(),
        row,
        column: column.to_string(),
        message: message.into(),
        creatable: false,
    });
}

/// Records a name not found that the import would create if asked.
pub fn creatable(problems: &mut Problems, row: usize, column: &str, message: impl Into<String>) {
    problem(problems, row, column, message);
    if let Some(last) = problems.last_mut() {
        last.creatable = true;
    }
}

/// The whole file could not be taken in: no problem with one row, but with
/// the file itself (unreadable, unsafe, too large, no rows, missing columns).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct FileProblem(pub String);

/// A column of a sheet Sustain reads and writes, with the note the templates show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// The header as Sustain writes it.
    pub header: &'static str,
    /// Other headers people use for it (any case and spacing).
    pub aliases: &'static [&'static str],
    /// Whether a sheet must have this column.
    pub required: bool,
    /// What to enter, for the template's notes.
    pub note: &'static str,
    /// The template's example value.
    pub example: &'static str,
}

/// Text as matched: case and spacing ignored.
pub fn key(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect()
}

/// Text as a header is matched: case, spacing and punctuation ignored.
fn header_key(text: &str) -> String {
    text.trim_start_matches('\u{feff}').chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Where each known column is in a sheet's header row.
#[derive(Debug, Clone)]
pub struct Layout {
    positions: Vec<Option<usize>>,
    columns: &'static [Column],
}

impl Layout {
    /// Finds each column in the headers; a required column that is missing
    /// is a problem with the whole file. Unknown columns are ignored.
    pub fn find(headers: &[String], columns: &'static [Column]) -> Result<Self, FileProblem> {
        let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
        let positions: Vec<Option<usize>> = columns
            .iter()
            .map(|c| {
                let wanted: Vec<String> =
                    std::iter::once(c.header).chain(c.aliases.iter().copied()).map(header_key).collect();
                keys.iter().position(|k| wanted.contains(k))
            })
            .collect();
        let missing: Vec<&str> =
            columns.iter().zip(&positions).filter(|(c, p)| c.required && p.is_none()).map(|(c, _)| c.header).collect();
        if !missing.is_empty() {
            return Err(FileProblem(format!(
                "The header row (row 1) has no column {}. Use the template's headers: {}",
                missing.iter().map(|m| format!("'{m}'")).collect::<Vec<_>>().join(", "),
                columns.iter().map(|c| c.header).collect::<Vec<_>>().join(", ")
            )));
        }
        Ok(Self { positions, columns })
    }

    /// The cell of a row under a column (empty when the sheet lacks the column).
    pub fn cell<'a>(&self, row: &'a Row, header: &str) -> &'a Cell {
        let at = self.columns.iter().position(|c| c.header == header).and_then(|i| self.positions[i]);
        at.and_then(|i| row.cells.get(i)).unwrap_or(&Cell::Empty)
    }

    /// Whether the sheet has a column.
    pub fn has(&self, header: &str) -> bool {
        self.columns.iter().position(|c| c.header == header).is_some_and(|i| self.positions[i].is_some())
    }
}

/// The closest of `names` to `wanted` when it is near enough to be a typing
/// slip, for "did you mean ...?".
pub fn closest<'a>(wanted: &str, names: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let target = key(wanted);
    let allowed = (target.chars().count() / 3).max(2);
    names
        .into_iter()
        .map(|n| (edit_distance(&target, &key(n)), n))
        .filter(|(d, _)| *d <= allowed)
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n)
}

/// Levenshtein distance between two strings, in characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            current[j + 1] = (previous[j] + cost).min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

/// " Did you mean 'X'?" when a near name exists, else nothing.
pub fn did_you_mean<'a>(wanted: &str, names: impl IntoIterator<Item = &'a str>) -> String {
    closest(wanted, names).map(|n| format!("; did you mean '{n}'?")).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matching_ignores_case_and_spacing() {
        assert_eq!(key(" Front  Door "), key("front door"));
        assert_eq!(key("1. 3"), key("1.3"));
    }

    #[test]
    fn a_typing_slip_gets_a_suggestion() {
        let names = ["Front door", "Children in care"];
        assert_eq!(closest("Front dor", names), Some("Front door"));
        assert_eq!(closest("Fostering", names), None);
        assert_eq!(did_you_mean("front dor", names), "; did you mean 'Front door'?");
    }

    #[test]
    fn headers_are_found_by_name_or_alias_in_any_order() {
        const COLUMNS: &[Column] = &[
            Column { header: "Reference", aliases: &["Ref"], required: true, note: "", example: "" },
            Column { header: "Due date", aliases: &[], required: false, note: "", example: "" },
        ];
        let headers = vec!["\u{feff}due DATE".to_string(), "ref".to_string()];
        let layout = Layout::find(&headers, COLUMNS).unwrap();
        let row = Row { number: 2, cells: vec![Cell::Text("2025-01-01".into()), Cell::Text("1.1".into())] };
        assert_eq!(layout.cell(&row, "Reference"), &Cell::Text("1.1".into()));
        let missing = Layout::find(&["Title".to_string()], COLUMNS).unwrap_err();
        assert!(missing.0.contains("no column 'Reference'"), "{missing}");
    }
}
