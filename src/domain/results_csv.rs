//! Results pasted or uploaded as CSV: `period,value`, or for a case audit the
//! grade counts `period,outstanding,good,requires_improvement,inadequate`,
//! each with an optional `note`. Every row is read and checked against its
//! measure, and every problem is reported with its line, so that a person sees
//! what will change, and what is wrong, before anything is saved.

use super::audit::{GradeCounts, GRADES};
use super::dates::month_end;
use super::evidence::{MeasureShape, MeasuredResult, ResultInput};
use super::ids::MeasureId;
use super::valid::{Context, Valid};
use super::values;
use chrono::NaiveDate;
use std::collections::HashMap;

/// Most rows one import may hold.
pub const MAX_ROWS: usize = 2_000;

/// A row that passed every check, with the line it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportRow {
    pub line: usize,
    pub result: Valid<MeasuredResult>,
}

/// A problem with one line of the file (line 0: the file as a whole), and
/// the column it is in when it is in one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    pub line: usize,
    pub column: Option<&'static str>,
    pub message: String,
}

impl std::fmt::Display for RowProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.line, self.column) {
            (0, _) => f.write_str(&self.message),
            (line, Some(column)) => write!(f, "Line {line}, column {column}: {}", self.message),
            (line, None) => write!(f, "Line {line}: {}", self.message),
        }
    }
}

/// What a file holds: the good rows and every problem.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReadImport {
    pub rows: Vec<ImportRow>,
    pub problems: Vec<RowProblem>,
}

/// Reads a period end: `2025-01-31`, `31/01/2025`, or a month (`2025-01`), which means its last day.
pub fn read_period(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d/%m/%Y"))
        .ok()
        .or_else(|| NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d").ok().map(month_end))
        .filter(|_| !text.starts_with('-') && !text.starts_with('+'))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Column {
    Period,
    Value,
    Outstanding,
    Good,
    RequiresImprovement,
    Inadequate,
    SampleSize,
    Note,
}

fn column_named(name: &str) -> Option<Column> {
    let name = name.trim().trim_start_matches('\u{feff}').to_ascii_lowercase().replace([' ', '-'], "_");
    Some(match name.as_str() {
        "period" | "period_end" | "date" => Column::Period,
        "value" => Column::Value,
        "outstanding" => Column::Outstanding,
        "good" => Column::Good,
        "requires_improvement" | "ri" => Column::RequiresImprovement,
        "inadequate" => Column::Inadequate,
        "sample_size" | "sample" => Column::SampleSize,
        "note" | "notes" => Column::Note,
        _ => return None,
    })
}

fn positional(width: usize) -> Option<Vec<Column>> {
    use Column::*;
    Some(match width {
        2 => vec![Period, Value],
        3 => vec![Period, Value, Note],
        5 => vec![Period, Outstanding, Good, RequiresImprovement, Inadequate],
        6 => vec![Period, Outstanding, Good, RequiresImprovement, Inadequate, Note],
        _ => return None,
    })
}

const SHAPES: &str =
    "period,value or period,outstanding,good,requires_improvement,inadequate (a note column may follow)";

/// Reads CSV text for a measure of this shape. A header row is optional.
pub fn read_results(text: &str, measure_id: MeasureId, shape: MeasureShape, context: &Context) -> ReadImport {
    let mut out = ReadImport::default();
    let problem = |line: usize, message: String| RowProblem { line, column: None, message };
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(::csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut records: Vec<(usize, Vec<String>)> = Vec::new();
    for record in reader.records() {
        match record {
            Ok(r) => {
                let line = r.position().map_or(0, |p| p.line() as usize);
                let cells: Vec<String> = r.iter().map(str::to_string).collect();
                if cells.iter().all(|c| c.is_empty()) {
                    continue;
                }
                records.push((line, cells));
            }
            Err(e) => out.problems.push(problem(
                e.position().map_or(0, |p| p.line() as usize),
                "this line could not be read as CSV".into(),
            )),
        }
        if records.len() > MAX_ROWS + 1 {
            out.problems
                .push(problem(0, format!("The file has more than {MAX_ROWS} rows: split it into smaller files")));
            return out;
        }
    }
    let Some((first_line, first)) = records.first().cloned() else {
        out.problems.push(problem(0, format!("The file has no rows. Paste rows like {SHAPES}")));
        return out;
    };
    let header = read_period(first.first().map(String::as_str).unwrap_or("")).is_none();
    let columns: Vec<Column> = if header {
        let named: Vec<Option<Column>> = first.iter().map(|h| column_named(h)).collect();
        if let Some(i) = named.iter().position(Option::is_none) {
            out.problems.push(problem(
                first_line,
                format!("the column \"{}\" is not one Sustain knows. Use {SHAPES}", first[i]),
            ));
            return out;
        }
        named.into_iter().flatten().collect()
    } else {
        match positional(first.len()) {
            Some(columns) => columns,
            None => {
                out.problems.push(problem(first_line, format!("a row has {} columns. Use {SHAPES}", first.len())));
                return out;
            }
        }
    };
    if !columns.contains(&Column::Period) {
        out.problems.push(problem(first_line, "the header has no period column".into()));
        return out;
    }
    let mut seen: HashMap<NaiveDate, usize> = HashMap::new();
    for (line, cells) in records.into_iter().skip(usize::from(header)) {
        match read_row(&columns, &cells) {
            Err(message) => out.problems.push(problem(line, message)),
            Ok((period, input)) => {
                if let Some(earlier) = seen.insert(period, line) {
                    let when = super::dates::long_date(period);
                    out.problems
                        .push(problem(line, format!("{when} is also on line {earlier}: give each period once")));
                    continue;
                }
                let input = ResultInput { measure_id, period_end: period, ..input };
                match MeasuredResult::check(input, shape, context) {
                    Ok(result) => out.rows.push(ImportRow { line, result }),
                    Err(errors) => {
                        for e in errors.iter() {
                            let column = Some(column_of(&e.field));
                            out.problems.push(RowProblem { line, column, message: e.message.clone() });
                        }
                    }
                }
            }
        }
    }
    out
}

/// The column of the file a field of a result is read from.
fn column_of(field: &str) -> &'static str {
    match field {
        "period_end" => "period",
        "sample_size" => "sample_size",
        "note" => "note",
        "outstanding" => "outstanding",
        "good" | "grades" => "good",
        "requires_improvement" => "requires_improvement",
        "inadequate" => "inadequate",
        _ => "value",
    }
}

fn read_row(columns: &[Column], cells: &[String]) -> Result<(NaiveDate, ResultInput), String> {
    if cells.len() > columns.len() {
        return Err(format!("this row has {} columns but the file has {}", cells.len(), columns.len()));
    }
    let cell = |c: Column| {
        columns.iter().position(|x| *x == c).and_then(|i| cells.get(i)).map(|s| s.trim()).filter(|s| !s.is_empty())
    };
    let raw_period = cell(Column::Period).ok_or("the period is missing")?;
    let period = read_period(raw_period)
        .ok_or_else(|| format!("\"{raw_period}\" is not a date like 2025-01-31 or 31/01/2025"))?;
    // A number as written (its range is the domain's rule, below); words such
    // as NaN or inf are not numbers.
    let number = |c: Column, what: &str| -> Result<Option<f64>, String> {
        match cell(c) {
            None => Ok(None),
            Some(text) => {
                let cleaned = text.trim_end_matches('%').trim();
                let numeric =
                    cleaned.chars().all(|ch| ch.is_ascii_digit() || matches!(ch, '.' | '-' | '+' | 'e' | 'E'));
                match cleaned.parse::<f64>() {
                    Ok(v) if numeric && !v.is_nan() => Ok(Some(v)),
                    _ => Err(format!("the {what} \"{text}\" is not a number")),
                }
            }
        }
    };
    let count = |c: Column, (_, label): (&str, &str)| -> Result<Option<u32>, String> {
        number(c, "number of cases")?.map(|v| values::cases(label, v)).transpose()
    };
    let grade_columns = [Column::Outstanding, Column::Good, Column::RequiresImprovement, Column::Inadequate];
    let mut grades = [None; 4];
    for (i, (column, grade)) in grade_columns.into_iter().zip(GRADES).enumerate() {
        grades[i] = count(column, grade)?;
    }
    let grades =
        (!grades.iter().all(Option::is_none)).then(|| GradeCounts::from_counts(grades.map(|c| c.unwrap_or(0))));
    let sample_size = number(Column::SampleSize, "sample size")?.map(values::sample_size).transpose()?;
    let input = ResultInput {
        measure_id: MeasureId(0),
        period_end: period,
        value: number(Column::Value, "value")?,
        grades,
        sample_size,
        note: cell(Column::Note).map(str::to_string),
    };
    Ok((period, input))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::kinds::{MeasureKind, Unit};

    fn context() -> Context {
        Context::for_today(NaiveDate::from_ymd_opt(2025, 3, 31).unwrap())
    }

    fn indicator() -> MeasureShape {
        MeasureShape { kind: MeasureKind::Indicator, unit: Unit::Percent }
    }

    fn audit() -> MeasureShape {
        MeasureShape { kind: MeasureKind::CaseAudit, unit: Unit::Percent }
    }

    #[test]
    fn rows_are_read_with_or_without_a_header() {
        let with = read_results("period,value\n2025-01-31,82\n28/02/2025,85%\n", MeasureId(1), indicator(), &context());
        assert!(with.problems.is_empty(), "{:?}", with.problems);
        assert_eq!(with.rows.iter().map(|r| r.result.value).collect::<Vec<_>>(), [82.0, 85.0]);
        let without = read_results("2025-01,82\n", MeasureId(1), indicator(), &context());
        assert_eq!(without.rows[0].result.input.period_end, NaiveDate::from_ymd_opt(2025, 1, 31).unwrap());
    }

    #[test]
    fn a_case_audit_is_read_from_grade_counts() {
        let text = "period,outstanding,good,requires_improvement,inadequate\n2025-01-31,2,14,3,1\n";
        let read = read_results(text, MeasureId(1), audit(), &context());
        assert_eq!(read.rows[0].result.value, 80.0);
        assert_eq!(read.rows[0].result.input.grades.unwrap().total(), 20);
    }

    #[test]
    fn every_bad_row_is_named_by_its_line_and_the_good_ones_kept() {
        let text = "period,value\n2025-01-31,82\nnot a date,80\n2025-02-28,abc\n2025-01-31,90\n2099-01-31,50\n2025-03-31,101\n";
        let read = read_results(text, MeasureId(1), indicator(), &context());
        assert_eq!(read.rows.len(), 1);
        let lines: Vec<usize> = read.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [3, 4, 5, 6, 7]);
        assert!(read.problems[0].to_string().starts_with("Line 3: \"not a date\" is not a date"));
        assert!(read.problems[2].message.contains("also on line 2"));
    }

    #[test]
    fn an_unknown_column_or_an_empty_file_is_said_plainly() {
        assert!(read_results("", MeasureId(1), indicator(), &context()).problems[0].message.contains("no rows"));
        let odd = read_results("period,score\n2025-01-31,1\n", MeasureId(1), indicator(), &context());
        assert!(odd.problems[0].message.contains("\"score\""));
        let formula = read_results("=cmd(),1\n", MeasureId(1), indicator(), &context());
        assert!(!formula.problems.is_empty() && formula.rows.is_empty());
    }
}
