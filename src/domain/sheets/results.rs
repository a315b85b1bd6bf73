//! Results as a sheet: one row per result, for a measure and a period end,
//! with a value or (for a case audit) the grade counts. Reading the rows,
//! finding their measures, and what an import would add, change or leave.
//! A measure is found by name (case and spacing ignored); when two areas have
//! a measure of that name, the practice area column tells them apart.

use super::cells::{checked, number, required_date, text};
use super::{did_you_mean, key, problem, Column, FileProblem, Layout, Problems, Table};
use crate::domain::audit::{GradeCounts, GRADES};
use crate::domain::evidence::{MeasureShape, MeasuredResult, ResultInput};
use crate::domain::ids::{MeasureId, ResultId};
use crate::domain::valid::{Context, Valid};
use crate::domain::values;
use chrono::NaiveDate;
use std::collections::HashMap;

/// The columns a results sheet is read by (Sustain's export has more, which are ignored).
pub const RESULT_COLUMNS: &[Column] = &[
    Column {
        header: "Practice area",
        aliases: &["Area"],
        required: false,
        note: "Optional. Needed only when two practice areas have a measure of the same name.",
        example: "Front door decisions and risk identification",
    },
    Column {
        header: "Measure",
        aliases: &["Measure name", "Indicator"],
        required: true,
        note: "Required. The measure's name as Sustain knows it (case and spaces ignored).",
        example: "Referral decisions within 1 working day",
    },
    Column {
        header: "Period end",
        aliases: &["Period", "Period ending", "Month end", "Date"],
        required: true,
        note: "Required. The last day of the period the result covers: a real date, 31/03/2025 or 2025-03-31. A result already stored for the measure and period is updated when it differs.",
        example: "2025-03-31",
    },
    Column {
        header: "Value",
        aliases: &["Result", "Figure"],
        required: false,
        note: "The value, for a performance indicator, within its measure's unit: a percentage from 0 to 100 (so 80 for 80%), a count a whole number from 0 to 10,000,000, days from 0 to 36,525, a ratio from 0 to 1,000,000. For a case audit, leave it blank and give the grade counts.",
        example: "92.5",
    },
    Column {
        header: "Outstanding",
        aliases: &[],
        required: false,
        note: "Case audits: how many cases were graded outstanding (a whole number from 0 to 100,000).",
        example: "",
    },
    Column { header: "Good", aliases: &[], required: false, note: "Case audits: how many were graded good.", example: "" },
    Column {
        header: "Requires improvement",
        aliases: &["Requires improvement to be good", "RI"],
        required: false,
        note: "Case audits: how many were graded requires improvement to be good.",
        example: "",
    },
    Column {
        header: "Inadequate",
        aliases: &[],
        required: false,
        note: "Case audits: how many were graded inadequate.",
        example: "",
    },
    Column {
        header: "Sample size",
        aliases: &["Sample", "Cases audited", "N"],
        required: false,
        note: "Optional. How many cases or records the result is drawn from (a whole number from 0 to 1,000,000); for a case audit, the number graded.",
        example: "240",
    },
    Column { header: "Note", aliases: &["Notes", "Comment"], required: false, note: "Optional.", example: "" },
];

/// One row of a results sheet, read but not yet matched.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultSheetRow {
    pub row: usize,
    pub area: String,
    pub measure: String,
    pub period_end: NaiveDate,
    pub value: Option<f64>,
    pub grades: Option<GradeCounts>,
    pub sample_size: Option<i32>,
    pub note: Option<String>,
}

/// Reads every row of a results sheet, with every problem in its cells; a row
/// with no readable period end is left out (its problem is listed).
pub fn read_results(table: &Table) -> Result<(Vec<ResultSheetRow>, Problems), FileProblem> {
    let layout = Layout::find(&table.headers, RESULT_COLUMNS)?;
    let mut problems = Problems::new();
    let mut rows = Vec::new();
    for row in &table.rows {
        let n = row.number;
        let measure = text(layout.cell(row, "Measure"));
        if measure.is_empty() {
            problem(&mut problems, n, "Measure", "Enter the measure's name");
        }
        let period_end = required_date(layout.cell(row, "Period end"), n, "Period end", &mut problems);
        let value = number(layout.cell(row, "Value"), n, "Value", &mut problems);
        let any_grade = GRADE_COLUMNS.iter().any(|c| !layout.cell(row, c).is_blank());
        let mut counts = [0u32; 4];
        for (at, (column, (_, label))) in GRADE_COLUMNS.iter().zip(GRADES).enumerate() {
            let cell = layout.cell(row, column);
            counts[at] = checked(cell, n, column, &mut problems, |v| values::cases(label, v)).unwrap_or(0);
        }
        let grades = any_grade.then_some(GradeCounts::from_counts(counts));
        let sample_size =
            checked(layout.cell(row, "Sample size"), n, "Sample size", &mut problems, values::sample_size);
        let note = Some(text(layout.cell(row, "Note"))).filter(|t| !t.is_empty());
        if let Some(period_end) = period_end {
            rows.push(ResultSheetRow {
                row: n,
                area: text(layout.cell(row, "Practice area")),
                measure,
                period_end,
                value,
                grades,
                sample_size,
                note,
            });
        }
    }
    Ok((rows, problems))
}

/// A live measure, with its area's name.
#[derive(Debug, Clone, PartialEq)]
pub struct ExistingMeasure {
    pub id: MeasureId,
    pub name: String,
    pub area: String,
    pub shape: MeasureShape,
}

/// A live result as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ExistingResult {
    pub id: ResultId,
    pub version: i32,
    pub measure_id: MeasureId,
    pub period_end: NaiveDate,
    pub value: f64,
    pub grades: Option<GradeCounts>,
    pub sample_size: Option<i32>,
    pub note: Option<String>,
}

/// What happens to one row's result.
#[derive(Debug, Clone, PartialEq)]
pub enum ResultWrite {
    Create,
    Update { id: ResultId, version: i32 },
    Unchanged(ResultId),
}

/// One row's result, checked against its measure.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultChange {
    pub row: usize,
    pub measure: String,
    pub write: ResultWrite,
    pub result: Valid<MeasuredResult>,
}

/// Results added, changed and left alone.
pub fn result_counts(changes: &[ResultChange]) -> (usize, usize, usize) {
    let mut counts = (0, 0, 0);
    for c in changes {
        match c.write {
            ResultWrite::Create => counts.0 += 1,
            ResultWrite::Update { .. } => counts.1 += 1,
            ResultWrite::Unchanged(_) => counts.2 += 1,
        }
    }
    counts
}

/// The grade columns, in `GRADES` order.
const GRADE_COLUMNS: [&str; 4] = ["Outstanding", "Good", "Requires improvement", "Inadequate"];

fn column_of(field: &str) -> &'static str {
    match field {
        "period_end" => "Period end",
        "grades" => "Good",
        "sample_size" => "Sample size",
        "note" => "Note",
        _ => GRADES.iter().position(|(g, _)| *g == field).map_or("Value", |i| GRADE_COLUMNS[i]),
    }
}

fn find_measure<'a>(
    row: &ResultSheetRow,
    measures: &'a [ExistingMeasure],
    by_name: &HashMap<String, Vec<usize>>,
    problems: &mut Problems,
) -> Option<&'a ExistingMeasure> {
    let candidates: Vec<&ExistingMeasure> =
        by_name.get(&key(&row.measure)).into_iter().flatten().map(|&i| &measures[i]).collect();
    let in_area: Vec<&ExistingMeasure> = if row.area.is_empty() {
        candidates.clone()
    } else {
        candidates.iter().copied().filter(|m| key(&m.area) == key(&row.area)).collect()
    };
    match (in_area.as_slice(), candidates.len()) {
        ([one], _) => Some(*one),
        ([], 0) => {
            let hint = did_you_mean(&row.measure, measures.iter().map(|m| m.name.as_str()));
            problem(problems, row.row, "Measure", format!("no measure named '{}'{hint}", row.measure));
            None
        }
        ([], _) => {
            let message = format!("practice area '{}' has no measure named '{}'", row.area, row.measure);
            problem(problems, row.row, "Practice area", message);
            None
        }
        (several, _) => {
            let areas: Vec<&str> = several.iter().map(|m| m.area.as_str()).collect();
            let message = format!(
                "{} practice areas have a measure named '{}' ({}): say which in the Practice area column",
                several.len(),
                row.measure,
                areas.join("; ")
            );
            problem(problems, row.row, "Measure", message);
            None
        }
    }
}

/// What importing `rows` would do, or every problem found.
pub fn result_changes(
    rows: &[ResultSheetRow],
    measures: &[ExistingMeasure],
    results: &[ExistingResult],
    context: &Context,
) -> Result<Vec<ResultChange>, Problems> {
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, m) in measures.iter().enumerate() {
        by_name.entry(key(&m.name)).or_default().push(i);
    }
    let stored: HashMap<(MeasureId, NaiveDate), &ExistingResult> =
        results.iter().map(|r| ((r.measure_id, r.period_end), r)).collect();
    let mut seen: HashMap<(MeasureId, NaiveDate), usize> = HashMap::new();
    let mut problems = Problems::new();
    let mut changes = Vec::new();
    for row in rows {
        let Some(measure) = find_measure(row, measures, &by_name, &mut problems) else { continue };
        if let Some(first) = seen.insert((measure.id, row.period_end), row.row) {
            let message = format!("'{}' already has a result for this period on row {first}", measure.name);
            problem(&mut problems, row.row, "Period end", message);
            continue;
        }
        let input = ResultInput {
            measure_id: measure.id,
            period_end: row.period_end,
            value: row.value,
            grades: row.grades,
            sample_size: row.sample_size,
            note: row.note.clone(),
        };
        let result = match MeasuredResult::check(input, measure.shape, context) {
            Ok(result) => result,
            Err(errors) => {
                for e in errors.iter() {
                    problem(&mut problems, row.row, column_of(&e.field), e.message.clone());
                }
                continue;
            }
        };
        let write = match stored.get(&(measure.id, row.period_end)) {
            None => ResultWrite::Create,
            Some(old) => {
                let grades = result.input.grades;
                let sample = result.input.sample_size.or(grades.map(|g| i32::try_from(g.total()).unwrap_or(i32::MAX)));
                let same = old.value == result.value
                    && old.grades == grades
                    && old.sample_size == sample
                    && old.note == result.input.note;
                if same {
                    ResultWrite::Unchanged(old.id)
                } else {
                    ResultWrite::Update { id: old.id, version: old.version }
                }
            }
        };
        changes.push(ResultChange { row: row.row, measure: measure.name.clone(), write, result });
    }
    if problems.is_empty() {
        Ok(changes)
    } else {
        problems.sort_by_key(|p| p.row);
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::kinds::{MeasureKind, Unit};

    fn context() -> Context {
        Context::for_today(NaiveDate::from_ymd_opt(2025, 3, 31).unwrap())
    }

    fn measures() -> Vec<ExistingMeasure> {
        let indicator = MeasureShape { kind: MeasureKind::Indicator, unit: Unit::Percent };
        let audit = MeasureShape { kind: MeasureKind::CaseAudit, unit: Unit::Percent };
        vec![
            ExistingMeasure {
                id: MeasureId(1),
                name: "Referrals on time".into(),
                area: "Front door".into(),
                shape: indicator,
            },
            ExistingMeasure { id: MeasureId(2), name: "Case audit".into(), area: "Front door".into(), shape: audit },
            ExistingMeasure { id: MeasureId(3), name: "Case audit".into(), area: "Care leavers".into(), shape: audit },
        ]
    }

    fn row(n: usize, area: &str, measure: &str, value: Option<f64>, grades: Option<GradeCounts>) -> ResultSheetRow {
        ResultSheetRow {
            row: n,
            area: area.into(),
            measure: measure.into(),
            period_end: NaiveDate::from_ymd_opt(2025, 1, 31).unwrap(),
            value,
            grades,
            sample_size: None,
            note: None,
        }
    }

    #[test]
    fn a_case_audit_row_needs_grades_and_an_ambiguous_name_needs_the_area() {
        let grades = GradeCounts { outstanding: 1, good: 7, requires_improvement: 2, inadequate: 0 };
        let rows =
            [row(2, "", "Case audit", None, Some(grades)), row(3, "care leavers", "case audit", None, Some(grades))];
        let problems = result_changes(&rows, &measures(), &[], &context()).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].row, 2);
        let rows = [row(3, "Care leavers", "Case audit", None, None)];
        let problems = result_changes(&rows, &measures(), &[], &context()).unwrap_err();
        assert_eq!(problems[0].to_string(), "row 3, Good: Enter how many cases were given each grade");
    }

    #[test]
    fn an_identical_stored_result_is_left_alone_and_a_different_one_updated() {
        let stored = ExistingResult {
            id: ResultId(9),
            version: 2,
            measure_id: MeasureId(1),
            period_end: NaiveDate::from_ymd_opt(2025, 1, 31).unwrap(),
            value: 91.0,
            grades: None,
            sample_size: None,
            note: None,
        };
        let same = result_changes(
            &[row(2, "", "referrals on time", Some(91.0), None)],
            &measures(),
            std::slice::from_ref(&stored),
            &context(),
        );
        assert_eq!(same.unwrap()[0].write, ResultWrite::Unchanged(ResultId(9)));
        let changed =
            result_changes(&[row(2, "", "Referrals on time", Some(92.0), None)], &measures(), &[stored], &context());
        assert_eq!(changed.unwrap()[0].write, ResultWrite::Update { id: ResultId(9), version: 2 });
    }

    #[test]
    fn an_unknown_measure_gets_the_nearest_name() {
        let problems = result_changes(&[row(4, "", "Referals on time", Some(1.0), None)], &measures(), &[], &context());
        assert_eq!(
            problems.unwrap_err()[0].to_string(),
            "row 4, Measure: no measure named 'Referals on time'; did you mean 'Referrals on time'?"
        );
    }
}
