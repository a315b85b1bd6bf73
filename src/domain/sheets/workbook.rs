//! The whole plan as one workbook: a sheet for each kind of record, read in
//! the order their references need (an owner before the area it leads, an
//! inspection before its findings, a measure before its results). The plan
//! sheet (`plan`) and the results sheet (`results`) are read as before; the
//! other sheets' columns and rows are here.

use super::cells::{date, number, required_date, text};
use super::plan::{read_plan, OwnerName, PlanRow};
use super::results::{read_results, ResultSheetRow};
pub use super::workbook_columns::*;
use super::{key, problem, Column, FileProblem, Layout, Problems, Table};
use crate::domain::figures::catalogue;
use crate::domain::kinds::{Direction, FindingKind, Frequency, Grade, InspectionKind, MeasureKind, Unit};
use chrono::NaiveDate;

/// A sheet of the whole-plan workbook, in the order records are created.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Sheet {
    Owners,
    Areas,
    Inspections,
    Judgements,
    Findings,
    Plan,
    Measures,
    Recalculations,
    Results,
}

impl Sheet {
    /// Every sheet, in the order records are created.
    pub const ALL: &'static [Sheet] = &[
        Sheet::Owners,
        Sheet::Areas,
        Sheet::Inspections,
        Sheet::Judgements,
        Sheet::Findings,
        Sheet::Plan,
        Sheet::Measures,
        Sheet::Recalculations,
        Sheet::Results,
    ];

    /// The sheet's name in a workbook, and its file's name (without `.csv`) in a CSV folder.
    pub fn name(self) -> &'static str {
        match self {
            Sheet::Owners => "owners",
            Sheet::Areas => "areas",
            Sheet::Inspections => "inspections",
            Sheet::Judgements => "judgements",
            Sheet::Findings => "findings",
            Sheet::Plan => "plan",
            Sheet::Measures => "measures",
            Sheet::Recalculations => "recalculations",
            Sheet::Results => "results",
        }
    }

    /// A sheet by its name (any case, spaces around ignored).
    pub fn named(name: &str) -> Option<Sheet> {
        Self::ALL.iter().copied().find(|s| s.name().eq_ignore_ascii_case(name.trim()))
    }

    /// What one row of the sheet is.
    pub fn describe(self) -> &'static str {
        match self {
            Sheet::Owners => "Owners: one row per person who owns actions or leads an area",
            Sheet::Areas => "Practice areas: one row per area, with its lead and any rule it sets for itself",
            Sheet::Inspections => "Inspections: one row per visit or review",
            Sheet::Judgements => "Judgements: one row per graded judgement area of an inspection",
            Sheet::Findings => "Findings: one row per finding of an inspection, in its practice area",
            Sheet::Plan => "The improvement plan: one row per action, with the findings it answers",
            Sheet::Measures => "Measures: one row per case-audit measure or performance indicator",
            Sheet::Recalculations => "Recalculation points: one row per date a measure's limits restart",
            Sheet::Results => "Results: one row per measure and period",
        }
    }

    /// The columns the sheet is read by.
    pub fn columns(self) -> &'static [Column] {
        match self {
            Sheet::Owners => OWNER_COLUMNS,
            Sheet::Areas => AREA_COLUMNS,
            Sheet::Inspections => INSPECTION_COLUMNS,
            Sheet::Judgements => JUDGEMENT_COLUMNS,
            Sheet::Findings => FINDING_COLUMNS,
            Sheet::Plan => super::plan::PLAN_COLUMNS,
            Sheet::Measures => MEASURE_COLUMNS,
            Sheet::Recalculations => RECALCULATION_COLUMNS,
            Sheet::Results => super::results::RESULT_COLUMNS,
        }
    }
}

/// An owner as the owners sheet gives them.
#[derive(Debug, Clone, PartialEq)]
pub struct OwnerSheetRow {
    pub row: usize,
    pub owner: OwnerName,
    pub email: Option<String>,
}

/// A practice area as its sheet gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaSheetRow {
    pub row: usize,
    pub name: String,
    pub description: String,
    pub lead: Option<OwnerName>,
    /// The rule overrides, in `AREA_COLUMNS` order from the fifth column.
    pub overrides: [Option<i32>; 6],
}

/// An inspection as its sheet gives it; a value that could not be read is none (and a problem).
#[derive(Debug, Clone, PartialEq)]
pub struct InspectionSheetRow {
    pub row: usize,
    pub title: String,
    pub kind: Option<InspectionKind>,
    pub inspectorate: String,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub published_on: Option<NaiveDate>,
    pub overall_judgement: Option<Grade>,
    pub report_url: Option<String>,
    pub draft_plan_due: Option<NaiveDate>,
    pub final_plan_due: Option<NaiveDate>,
}

/// A judgement as its sheet gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct JudgementSheetRow {
    pub row: usize,
    pub inspection: String,
    pub area: String,
    pub grade: Option<Grade>,
}

/// A finding as its sheet gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct FindingSheetRow {
    pub row: usize,
    pub inspection: String,
    pub reference: String,
    pub kind: Option<FindingKind>,
    pub area: String,
    pub text: String,
}

/// A measure as its sheet gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasureSheetRow {
    pub row: usize,
    pub area: String,
    pub name: String,
    pub description: String,
    pub kind: Option<MeasureKind>,
    pub unit: Option<Unit>,
    pub direction: Option<Direction>,
    pub target: Option<f64>,
    pub frequency: Option<Frequency>,
    pub is_key: bool,
    pub baseline_points: Option<i32>,
    pub screen_moving_ranges: bool,
    /// The published indicator's code (a name is read as its code), blank for
    /// none; `None` when the sheet has no such column.
    pub published_indicator_code: Option<String>,
}

/// A published indicator's code from its code or name as typed; anything
/// else is kept as typed for the measure's own check to name.
fn indicator_code(typed: &str) -> String {
    let wanted = key(typed);
    catalogue::INDICATORS
        .iter()
        .find(|i| key(i.code) == wanted || key(i.name) == wanted)
        .map_or_else(|| typed.to_string(), |i| i.code.to_string())
}

/// A recalculation point as its sheet gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct RecalculationSheetRow {
    pub row: usize,
    pub area: String,
    pub measure: String,
    pub starts_on: Option<NaiveDate>,
    pub reason: String,
}

/// Every sheet's rows, read but not yet matched. A sheet the file does not
/// have is empty.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WorkbookRows {
    pub owners: Vec<OwnerSheetRow>,
    pub areas: Vec<AreaSheetRow>,
    pub inspections: Vec<InspectionSheetRow>,
    pub judgements: Vec<JudgementSheetRow>,
    pub findings: Vec<FindingSheetRow>,
    pub plan: Vec<PlanRow>,
    pub measures: Vec<MeasureSheetRow>,
    pub recalculations: Vec<RecalculationSheetRow>,
    pub results: Vec<ResultSheetRow>,
}

/// A value of a vocabulary by its stored name or its label, in any case and spacing.
pub fn vocabulary<T: Copy>(
    raw: &str,
    all: &[T],
    as_str: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
) -> Option<T> {
    let wanted: String = key(raw).chars().filter(|c| c.is_alphanumeric()).collect();
    let plain = |s: &str| -> String { key(s).chars().filter(|c| c.is_alphanumeric()).collect() };
    all.iter().copied().find(|v| plain(as_str(*v)) == wanted || plain(label(*v)) == wanted)
}

/// Reads a required choice from a vocabulary, naming the choices when it is not one.
fn choice<T: Copy>(
    raw: &str,
    all: &[T],
    as_str: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str + Copy,
    at: (usize, &str),
    problems: &mut Problems,
) -> Option<T> {
    let (row, column) = at;
    if raw.is_empty() {
        problem(problems, row, column, format!("Enter the {}", column.to_lowercase()));
        return None;
    }
    vocabulary(raw, all, as_str, label).or_else(|| {
        let choices: Vec<&str> = all.iter().map(|v| label(*v)).collect();
        problem(problems, row, column, format!("'{raw}' is not one of: {}", choices.join(", ")));
        None
    })
}

/// Yes or no; blank is `default`.
fn yes_no(raw: &str, default: bool, row: usize, column: &str, problems: &mut Problems) -> bool {
    match key(raw).as_str() {
        "" => default,
        "yes" | "y" | "true" | "1" => true,
        "no" | "n" | "false" | "0" => false,
        _ => {
            problem(problems, row, column, format!("'{raw}' is not Yes or No"));
            default
        }
    }
}

/// An optional whole number.
fn whole(cell: &super::Cell, row: usize, column: &str, problems: &mut Problems) -> Option<i32> {
    let n = number(cell, row, column, problems)?;
    if n.fract() != 0.0 || n.abs() > 1e6 {
        problem(problems, row, column, format!("'{}' is not a whole number", super::number_text(n)));
        return None;
    }
    Some(n as i32)
}

fn required(value: String, row: usize, column: &str, what: &str, problems: &mut Problems) -> String {
    if value.is_empty() {
        problem(problems, row, column, format!("Enter {what}"));
    }
    value
}

fn owners(table: &Table, problems: &mut Problems) -> Result<Vec<OwnerSheetRow>, FileProblem> {
    let layout = Layout::find(&table.headers, OWNER_COLUMNS)?;
    let mut rows = Vec::new();
    for r in &table.rows {
        let get = |h: &str| text(layout.cell(r, h));
        let owner = OwnerName { name: get("Name"), job_title: get("Job title"), agency: get("Agency") };
        if owner.name.is_empty() && owner.job_title.is_empty() {
            problem(problems, r.number, "Name", "Enter the owner's name or job title");
            continue;
        }
        rows.push(OwnerSheetRow { row: r.number, owner, email: Some(get("Email")).filter(|e| !e.is_empty()) });
    }
    Ok(rows)
}

fn areas(table: &Table, problems: &mut Problems) -> Result<Vec<AreaSheetRow>, FileProblem> {
    let layout = Layout::find(&table.headers, AREA_COLUMNS)?;
    let mut rows = Vec::new();
    for r in &table.rows {
        let n = r.number;
        let get = |h: &str| text(layout.cell(r, h));
        let name = required(get("Practice area"), n, "Practice area", "the practice area's name", problems);
        let (lead_name, lead_job) = (get("Lead name"), get("Lead job title"));
        let lead = (!lead_name.is_empty() || !lead_job.is_empty()).then(|| OwnerName {
            name: lead_name,
            job_title: lead_job,
            agency: String::new(),
        });
        let overrides = OVERRIDE_COLUMNS.map(|c| whole(layout.cell(r, c), n, c, problems));
        rows.push(AreaSheetRow { row: n, name, description: get("Description"), lead, overrides });
    }
    Ok(rows)
}

fn grade(raw: &str, row: usize, column: &str, problems: &mut Problems) -> Option<Grade> {
    choice(raw, Grade::ALL, Grade::as_str, Grade::label, (row, column), problems)
}

fn inspections(table: &Table, problems: &mut Problems) -> Result<Vec<InspectionSheetRow>, FileProblem> {
    let layout = Layout::find(&table.headers, INSPECTION_COLUMNS)?;
    let mut rows = Vec::new();
    for r in &table.rows {
        let n = r.number;
        let get = |h: &str| text(layout.cell(r, h));
        let day = |h: &str, p: &mut Problems| date(layout.cell(r, h), n, h, p);
        let kinds = (InspectionKind::ALL, InspectionKind::as_str, InspectionKind::label);
        let overall = get("Overall judgement");
        rows.push(InspectionSheetRow {
            row: n,
            title: required(get("Title"), n, "Title", "the inspection's title", problems),
            kind: choice(&get("Kind"), kinds.0, kinds.1, kinds.2, (n, "Kind"), problems),
            inspectorate: required(get("Inspectorate"), n, "Inspectorate", "the inspectorate", problems),
            start_date: required_date(layout.cell(r, "Start date"), n, "Start date", problems),
            end_date: required_date(layout.cell(r, "End date"), n, "End date", problems),
            published_on: day("Published on", problems),
            overall_judgement: if overall.is_empty() {
                None
            } else {
                grade(&overall, n, "Overall judgement", problems)
            },
            report_url: Some(get("Report link")).filter(|u| !u.is_empty()),
            draft_plan_due: day("Draft plan due", problems),
            final_plan_due: day("Final plan due", problems),
        });
    }
    Ok(rows)
}

fn judgements(table: &Table, problems: &mut Problems) -> Result<Vec<JudgementSheetRow>, FileProblem> {
    let layout = Layout::find(&table.headers, JUDGEMENT_COLUMNS)?;
    let mut rows = Vec::new();
    for r in &table.rows {
        let n = r.number;
        let get = |h: &str| text(layout.cell(r, h));
        rows.push(JudgementSheetRow {
            row: n,
            inspection: required(get("Inspection"), n, "Inspection", "the inspection's title", problems),
            area: required(get("Judgement area"), n, "Judgement area", "the judgement area", problems),
            grade: grade(&get("Grade"), n, "Grade", problems),
        });
    }
    Ok(rows)
}

fn findings(table: &Table, problems: &mut Problems) -> Result<Vec<FindingSheetRow>, FileProblem> {
    let layout = Layout::find(&table.headers, FINDING_COLUMNS)?;
    let mut rows = Vec::new();
    for r in &table.rows {
        let n = r.number;
        let get = |h: &str| text(layout.cell(r, h));
        let kind_text = get("Kind");
        let kind = if kind_text.is_empty() {
            None
        } else {
            let kinds = (FindingKind::ALL, FindingKind::as_str, FindingKind::label);
            choice(&kind_text, kinds.0, kinds.1, kinds.2, (n, "Kind"), problems)
        };
        rows.push(FindingSheetRow {
            row: n,
            inspection: required(get("Inspection"), n, "Inspection", "the inspection's title", problems),
            reference: required(get("Reference"), n, "Reference", "a reference, like APA1 or R3", problems),
            kind,
            area: required(get("Practice area"), n, "Practice area", "the practice area's name", problems),
            text: required(get("Text"), n, "Text", "what the inspection said", problems),
        });
    }
    Ok(rows)
}

fn measures(table: &Table, problems: &mut Problems) -> Result<Vec<MeasureSheetRow>, FileProblem> {
    let layout = Layout::find(&table.headers, MEASURE_COLUMNS)?;
    let mut rows = Vec::new();
    for r in &table.rows {
        let n = r.number;
        let get = |h: &str| text(layout.cell(r, h));
        let at = |c: &'static str| (n, c);
        rows.push(MeasureSheetRow {
            row: n,
            area: required(get("Practice area"), n, "Practice area", "the practice area's name", problems),
            name: required(get("Measure"), n, "Measure", "the measure's name", problems),
            description: get("Description"),
            kind: choice(&get("Kind"), MeasureKind::ALL, MeasureKind::as_str, MeasureKind::label, at("Kind"), problems),
            unit: choice(&get("Unit"), Unit::ALL, Unit::as_str, Unit::as_str, at("Unit"), problems),
            direction: choice(
                &get("Direction"),
                Direction::ALL,
                Direction::as_str,
                Direction::label,
                at("Direction"),
                problems,
            ),
            target: number(layout.cell(r, "Target"), n, "Target", problems),
            frequency: choice(
                &get("Frequency"),
                Frequency::ALL,
                Frequency::as_str,
                Frequency::label,
                at("Frequency"),
                problems,
            ),
            is_key: yes_no(&get("Key measure"), false, n, "Key measure", problems),
            baseline_points: whole(layout.cell(r, "Baseline points"), n, "Baseline points", problems),
            screen_moving_ranges: yes_no(&get("Screen moving ranges"), true, n, "Screen moving ranges", problems),
            published_indicator_code: layout
                .has("Published indicator")
                .then(|| indicator_code(&get("Published indicator"))),
        });
    }
    Ok(rows)
}

fn recalculations(table: &Table, problems: &mut Problems) -> Result<Vec<RecalculationSheetRow>, FileProblem> {
    let layout = Layout::find(&table.headers, RECALCULATION_COLUMNS)?;
    let mut rows = Vec::new();
    for r in &table.rows {
        let n = r.number;
        let get = |h: &str| text(layout.cell(r, h));
        rows.push(RecalculationSheetRow {
            row: n,
            area: get("Practice area"),
            measure: required(get("Measure"), n, "Measure", "the measure's name", problems),
            starts_on: required_date(layout.cell(r, "Starts on"), n, "Starts on", problems),
            reason: required(get("Reason"), n, "Reason", "why the limits restart here", problems),
        });
    }
    Ok(rows)
}

/// Names a problem's sheet, for those found since `from`.
pub fn tag(problems: &mut Problems, from: usize, sheet: Sheet) {
    for p in &mut problems[from..] {
        p.sheet = sheet.name().to_string();
    }
}

/// Reads every sheet given, with every problem in its cells named by sheet,
/// row and column. A sheet missing a required column refuses the file,
/// naming the sheet. With `named` false (a single CSV file, or a workbook
/// read for one sheet) problems carry no sheet name.
pub fn read_workbook(tables: &[(Sheet, Table)], named: bool) -> Result<(WorkbookRows, Problems), FileProblem> {
    let mut rows = WorkbookRows::default();
    let mut problems = Problems::new();
    for (sheet, table) in tables {
        let from = problems.len();
        let in_sheet =
            |e: FileProblem| if named { FileProblem(format!("Sheet '{}': {}", sheet.name(), e.0)) } else { e };
        let p = &mut problems;
        match sheet {
            Sheet::Owners => rows.owners = owners(table, p).map_err(in_sheet)?,
            Sheet::Areas => rows.areas = areas(table, p).map_err(in_sheet)?,
            Sheet::Inspections => rows.inspections = inspections(table, p).map_err(in_sheet)?,
            Sheet::Judgements => rows.judgements = judgements(table, p).map_err(in_sheet)?,
            Sheet::Findings => rows.findings = findings(table, p).map_err(in_sheet)?,
            Sheet::Plan => {
                let (plan, found) = read_plan(table).map_err(in_sheet)?;
                rows.plan = plan;
                p.extend(found);
            }
            Sheet::Measures => rows.measures = measures(table, p).map_err(in_sheet)?,
            Sheet::Recalculations => rows.recalculations = recalculations(table, p).map_err(in_sheet)?,
            Sheet::Results => {
                let (results, found) = read_results(table).map_err(in_sheet)?;
                rows.results = results;
                p.extend(found);
            }
        }
        if named {
            tag(&mut problems, from, *sheet);
        }
    }
    Ok((rows, problems))
}

#[cfg(test)]
#[path = "workbook_tests.rs"]
mod tests;
