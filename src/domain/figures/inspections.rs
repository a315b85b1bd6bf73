//! Ofsted's published inspection outcomes of every council: the rows of the
//! sheet `ILACS_inspection_history`, already read into text by the caller,
//! mapped to records. Columns are found by their header text (Ofsted reorders
//! and adds columns between editions); every problem names its row and column.

use crate::domain::dates::parse_written;
use crate::domain::kinds::Grade;
use chrono::NaiveDate;

/// The sheet of the outcomes workbook that lists every inspection.
pub const SHEET: &str = "ILACS_inspection_history";

/// The row the header is on, as the spreadsheet numbers it (a title and a note come first).
pub const HEADER_ROW: usize = 3;

/// One row of a sheet as text, with the number the spreadsheet shows for it.
#[derive(Debug, Clone, PartialEq)]
pub struct TextRow {
    pub number: usize,
    pub cells: Vec<String>,
}

impl TextRow {
    pub fn new(number: usize, cells: &[&str]) -> Self {
        Self { number, cells: cells.iter().map(|c| c.to_string()).collect() }
    }
}

/// One inspection as Ofsted published it. Judgements are Ofsted's own words
/// ("Requires improvement to be good").
#[derive(Debug, Clone, PartialEq)]
pub struct PublishedInspection {
    /// The council's ONS code (E06000030).
    pub ons_code: String,
    pub la_name: String,
    /// "ILACS Standard Inspection", "ILACS Short Inspection".
    pub inspection_type: String,
    pub start_date: Option<NaiveDate>,
    pub published_date: Option<NaiveDate>,
    pub overall: Grade,
    pub help_and_protection: Option<Grade>,
    pub in_care: Option<Grade>,
    /// Judged only from January 2023: none before.
    pub care_leavers: Option<Grade>,
    pub leadership: Option<Grade>,
}

/// Why the sheet could not be read; nothing is stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct InspectionsProblem(pub String);

/// The columns read: the header Ofsted gives each, and older headers for the same judgement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    OnsCode,
    Name,
    Type,
    Start,
    Published,
    Overall,
    Leadership,
    HelpAndProtection,
    InCare,
    CareLeavers,
}

impl Column {
    const ALL: [Column; 10] = [
        Column::OnsCode,
        Column::Name,
        Column::Type,
        Column::Start,
        Column::Published,
        Column::Overall,
        Column::Leadership,
        Column::HelpAndProtection,
        Column::InCare,
        Column::CareLeavers,
    ];

    fn headers(self) -> &'static [&'static str] {
        match self {
            Column::OnsCode => &["Local authority area code"],
            Column::Name => &["Local authority name"],
            Column::Type => &["Inspection type"],
            Column::Start => &["Inspection date"],
            Column::Published => &["Publication date"],
            Column::Overall => &["Overall effectiveness"],
            Column::Leadership => &["The impact of leaders on social work practice with children and families"],
            Column::HelpAndProtection => &["The experiences and progress of children who need help and protection"],
            // Before 2023 one judgement covered children in care and care leavers.
            Column::InCare => &[
                "The experiences and progress of children in care",
                "The experiences and progress of children in care and care leavers",
            ],
            Column::CareLeavers => &["The experiences and progress of care leavers"],
        }
    }

    /// Editions before 2023 have no care leavers column.
    fn required(self) -> bool {
        self != Column::CareLeavers
    }
}

/// Header text compared as people read it: case, spaces and line breaks aside.
fn normalised(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Where each column is in the header row (none for an optional column absent).
fn positions(header: &TextRow) -> Result<Vec<(Column, Option<usize>)>, InspectionsProblem> {
    let cells: Vec<String> = header.cells.iter().map(|c| normalised(c)).collect();
    Column::ALL
        .iter()
        .map(|&column| {
            let found = column.headers().iter().find_map(|h| cells.iter().position(|c| *c == normalised(h)));
            match found {
                None if column.required() => Err(InspectionsProblem(format!(
                    "{SHEET}: no column '{}' in the header on row {}",
                    column.headers()[0],
                    header.number
                ))),
                found => Ok((column, found)),
            }
        })
        .collect()
}

/// The records of the sheet's rows (every row of the sheet, the header on
/// `HEADER_ROW`); blank rows are skipped.
pub fn read(rows: &[TextRow]) -> Result<Vec<PublishedInspection>, InspectionsProblem> {
    let header = rows
        .iter()
        .find(|r| r.number == HEADER_ROW)
        .ok_or_else(|| InspectionsProblem(format!("{SHEET}: no header on row {HEADER_ROW}")))?;
    let columns = positions(header)?;
    let mut out = Vec::new();
    for row in rows.iter().filter(|r| r.number > HEADER_ROW) {
        if row.cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        out.push(record(row, &columns)?);
    }
    if out.is_empty() {
        return Err(InspectionsProblem(format!("{SHEET}: no inspections under the header on row {HEADER_ROW}")));
    }
    Ok(out)
}

/// One data row read through the header's columns.
struct Cells<'a> {
    row: &'a TextRow,
    columns: &'a [(Column, Option<usize>)],
}

impl Cells<'_> {
    fn problem(&self, column: Column, what: String) -> InspectionsProblem {
        InspectionsProblem(format!("{SHEET} row {}, column '{}': {what}", self.row.number, column.headers()[0]))
    }

    /// The trimmed text, none when blank or the column is absent.
    fn text(&self, column: Column) -> Option<&str> {
        let at = self.columns.iter().find(|(c, _)| *c == column).and_then(|(_, at)| *at)?;
        self.row.cells.get(at).map(|c| c.trim()).filter(|c| !c.is_empty())
    }

    fn required(&self, column: Column) -> Result<&str, InspectionsProblem> {
        self.text(column).ok_or_else(|| self.problem(column, "is blank".into()))
    }

    fn date(&self, column: Column) -> Result<Option<NaiveDate>, InspectionsProblem> {
        let Some(text) = self.text(column) else { return Ok(None) };
        // A date cell comes as an ISO moment ("2019-02-18T00:00:00"): its day is the date.
        let day = text.split(['T', ' ']).next().unwrap_or(text);
        parse_written(day).map(Some).ok_or_else(|| self.problem(column, format!("'{text}' is not a date")))
    }

    fn grade(&self, column: Column) -> Result<Option<Grade>, InspectionsProblem> {
        let Some(text) = self.text(column) else { return Ok(None) };
        let words = normalised(text);
        let found = Grade::ALL.iter().find(|g| normalised(g.label()) == words || g.as_str() == words);
        found.copied().map(Some).ok_or_else(|| {
            let allowed: Vec<&str> = Grade::ALL.iter().map(|g| g.label()).collect();
            self.problem(column, format!("'{text}' is not a judgement; Ofsted's are: {}", allowed.join(", ")))
        })
    }
}

fn record(row: &TextRow, columns: &[(Column, Option<usize>)]) -> Result<PublishedInspection, InspectionsProblem> {
    let cells = Cells { row, columns };
    let overall = cells.grade(Column::Overall)?.ok_or_else(|| cells.problem(Column::Overall, "is blank".into()))?;
    Ok(PublishedInspection {
        ons_code: cells.required(Column::OnsCode)?.to_string(),
        la_name: cells.required(Column::Name)?.to_string(),
        inspection_type: cells.required(Column::Type)?.to_string(),
        start_date: cells.date(Column::Start)?,
        published_date: cells.date(Column::Published)?,
        overall,
        help_and_protection: cells.grade(Column::HelpAndProtection)?,
        in_care: cells.grade(Column::InCare)?,
        care_leavers: cells.grade(Column::CareLeavers)?,
        leadership: cells.grade(Column::Leadership)?,
    })
}

#[cfg(test)]
#[path = "inspections_tests.rs"]
mod tests;
