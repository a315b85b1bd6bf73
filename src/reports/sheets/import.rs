//! The one path a spreadsheet takes in, shared by the page and the command
//! line: read the file within its limits, read every row, match the rows
//! against the plan, and either describe what would happen (the preview) or
//! write it all in one transaction. Any problem, with the file or with any
//! row, writes nothing.

use super::read::{read_folder, read_sheets, read_table};
use crate::db::sheet_imports::{self, ImportError};
use crate::db::{Actor, DbConnection, DbError};
use crate::domain::sheets::plan_match::{ActionWrite, ImportOptions, PlanChanges};
use crate::domain::sheets::results::{read_results, result_counts, ResultChange, ResultSheetRow, ResultWrite};
use crate::domain::sheets::workbook::{read_workbook, Sheet, WorkbookRows};
use crate::domain::sheets::workbook_match;
use crate::domain::sheets::Table;
use crate::domain::sheets::{number_text, FileProblem, Problems, SheetLimits};
use crate::domain::valid::Context;

/// Why a spreadsheet was not taken in.
#[derive(Debug, thiserror::Error)]
pub enum ImportFailure {
    /// The file as a whole (unreadable, unsafe, too large, no rows, missing columns).
    #[error("{0}")]
    File(FileProblem),
    /// Rows with problems: every one, by row and column.
    #[error("{} problem(s) in the file", .0.len())]
    Rows(Problems),
    #[error(transparent)]
    Db(DbError),
}

impl From<ImportError> for ImportFailure {
    fn from(e: ImportError) -> Self {
        match e {
            ImportError::Rows(problems) => ImportFailure::Rows(problems),
            ImportError::Db(db) => ImportFailure::Db(db),
        }
    }
}

/// What a file asks for.
#[derive(Debug, Clone, Copy)]
pub struct SheetFile<'a> {
    pub bytes: &'a [u8],
    /// The sheet of a workbook to read; the first when none.
    pub sheet: Option<&'a str>,
    pub limits: &'a SheetLimits,
}

/// A plan to import: one file (a CSV, an XLSX workbook, or a ZIP of CSV
/// files), or a folder's CSV files (the command line's CSV folder).
#[derive(Debug, Clone, Copy)]
pub enum PlanSource<'a> {
    File(SheetFile<'a>),
    Folder { files: &'a [(String, Vec<u8>)], limits: &'a SheetLimits },
}

impl<'a> From<SheetFile<'a>> for PlanSource<'a> {
    fn from(file: SheetFile<'a>) -> Self {
        PlanSource::File(file)
    }
}

/// Reads every sheet of a plan source, with the problems found in their
/// cells, and whether problems name their sheet.
pub fn plan_rows(source: PlanSource<'_>) -> Result<(WorkbookRows, Problems, bool), ImportFailure> {
    let (tables, named): (Vec<(Sheet, Table)>, bool) = match source {
        PlanSource::File(file) => read_sheets(file.bytes, file.sheet, file.limits).map_err(ImportFailure::File)?,
        PlanSource::Folder { files, limits } => (read_folder(files, limits).map_err(ImportFailure::File)?, true),
    };
    let (rows, problems) = read_workbook(&tables, named).map_err(ImportFailure::File)?;
    Ok((rows, problems, named))
}

/// Reads a results file's rows, with the problems found in their cells.
pub fn result_rows(file: SheetFile<'_>) -> Result<(Vec<ResultSheetRow>, Problems), ImportFailure> {
    let table = read_table(file.bytes, file.sheet, "results", file.limits).map_err(ImportFailure::File)?;
    read_results(&table).map_err(ImportFailure::File)
}

/// Every problem, from the cells and from matching, in row order; a cell
/// whose problem was found in reading it is not told again by matching (a
/// value that is not a number is not also "missing").
fn all_problems<T>(mut found: Problems, matched: Result<T, ImportError>) -> ImportFailure {
    match matched {
        Err(ImportError::Db(db)) => return ImportFailure::Db(db),
        Err(ImportError::Rows(more)) => {
            let told = |p: &crate::domain::sheets::RowProblem| {
                found.iter().any(|f| f.sheet == p.sheet && f.row == p.row && f.column == p.column)
            };
            let fresh: Problems = more.into_iter().filter(|p| !told(p)).collect();
            found.extend(fresh);
        }
        Ok(_) => {}
    }
    workbook_match::sort(&mut found);
    found.dedup();
    ImportFailure::Rows(found)
}

/// What importing a plan (every sheet of it) would do; nothing is written.
pub fn preview_plan<'a>(
    conn: &mut DbConnection,
    source: impl Into<PlanSource<'a>>,
    options: ImportOptions,
    context: &Context,
) -> Result<ImportSummary, ImportFailure> {
    let (rows, problems, named) = plan_rows(source.into())?;
    let matched = sheet_imports::preview_plan(conn, &rows, options, context, named);
    if !problems.is_empty() {
        return Err(all_problems(problems, matched));
    }
    Ok(ImportSummary::of_plan(&matched?))
}

/// Imports a plan (every sheet of it) in one transaction.
pub fn import_plan<'a>(
    conn: &mut DbConnection,
    actor: &Actor,
    source: impl Into<PlanSource<'a>>,
    options: ImportOptions,
    context: &Context,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ImportSummary, ImportFailure> {
    let (rows, problems, named) = plan_rows(source.into())?;
    if !problems.is_empty() {
        return Err(all_problems(problems, sheet_imports::preview_plan(conn, &rows, options, context, named)));
    }
    let changes = sheet_imports::import_plan(conn, actor, &rows, options, context, named, progress)?;
    Ok(ImportSummary::of_plan(&changes))
}

/// What importing a results file would do; nothing is written.
pub fn preview_results(
    conn: &mut DbConnection,
    file: SheetFile<'_>,
    context: &Context,
) -> Result<ImportSummary, ImportFailure> {
    let (rows, problems) = result_rows(file)?;
    let matched = sheet_imports::preview_results(conn, &rows, context);
    if !problems.is_empty() {
        return Err(all_problems(problems, matched));
    }
    Ok(ImportSummary::of_results(&matched?))
}

/// Imports a results file in one transaction.
pub fn import_results(
    conn: &mut DbConnection,
    actor: &Actor,
    file: SheetFile<'_>,
    context: &Context,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ImportSummary, ImportFailure> {
    let (rows, problems) = result_rows(file)?;
    if !problems.is_empty() {
        return Err(all_problems(problems, sheet_imports::preview_results(conn, &rows, context)));
    }
    Ok(ImportSummary::of_results(&sheet_imports::import_results(conn, actor, &rows, context, progress)?))
}

/// What an import creates, changes and leaves alone, in words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// "actions" or "results".
    pub noun: &'static str,
    pub new_areas: Vec<String>,
    pub new_owners: Vec<String>,
    pub new_findings: Vec<String>,
    /// What the workbook's other sheets add and change: (heading, one line per record).
    pub records: Vec<(&'static str, Vec<String>)>,
    /// One line per record added.
    pub added: Vec<String>,
    /// One line per record changed, with what changed.
    pub changed: Vec<String>,
    pub unchanged: usize,
}

impl ImportSummary {
    fn of_plan(changes: &PlanChanges) -> Self {
        let mut summary = ImportSummary { noun: "actions", ..Default::default() };
        summary.new_areas = changes.new_areas.iter().map(|a| a.input.name.clone()).collect();
        summary.new_owners = changes
            .new_owners
            .iter()
            .map(|o| match (o.name.is_empty(), o.job_title.is_empty()) {
                (false, false) => format!("{} ({})", o.job_title, o.name),
                (true, _) => o.job_title.clone(),
                (false, true) => o.name.clone(),
            })
            .collect();
        summary.new_findings =
            changes.new_findings.iter().map(|f| format!("{}: {}", f.inspection_title, f.input.reference)).collect();
        let results = ImportSummary::of_results(&changes.results.iter().map(|(r, _)| r.clone()).collect::<Vec<_>>());
        summary.records = vec![
            ("New inspections", changes.new_inspections.iter().map(|i| i.title.clone()).collect()),
            (
                "New judgements",
                changes
                    .new_judgements
                    .iter()
                    .map(|j| format!("{}: {}, {}", j.inspection_title, j.input.area, j.input.grade.label()))
                    .collect(),
            ),
            ("New measures", changes.new_measures.iter().map(|m| m.input.name.clone()).collect()),
            (
                "New recalculation points",
                changes
                    .new_recalculations
                    .iter()
                    .map(|r| format!("{}: {}", r.measure_name, r.input.starts_on.format("%d/%m/%Y")))
                    .collect(),
            ),
            ("Results to add", results.added),
            ("Results to change", results.changed),
            ("Records to change", changes.updates.iter().map(|(line, _)| line.clone()).collect()),
        ];
        summary.records.retain(|(_, lines)| !lines.is_empty());
        summary.unchanged += changes.unchanged_records + results.unchanged;
        for change in &changes.actions {
            let name = format!("{} {}", change.input.reference, change.input.title);
            match &change.write {
                ActionWrite::Create => summary.added.push(name),
                ActionWrite::Update { changed, .. } => summary.changed.push(format!("{name} ({})", changed.join(", "))),
                ActionWrite::Unchanged(_) => summary.unchanged += 1,
            }
        }
        summary
    }

    fn of_results(changes: &[ResultChange]) -> Self {
        let mut summary = ImportSummary { noun: "results", ..Default::default() };
        for change in changes {
            let line = format!(
                "{}, {}: {}",
                change.measure,
                change.result.input.period_end.format("%d/%m/%Y"),
                number_text(change.result.value)
            );
            match change.write {
                ResultWrite::Create => summary.added.push(line),
                ResultWrite::Update { .. } => summary.changed.push(line),
                ResultWrite::Unchanged(_) => {}
            }
        }
        summary.unchanged = result_counts(changes).2;
        summary
    }

    /// Whether the import would write nothing.
    pub fn writes_nothing(&self) -> bool {
        self.added.is_empty()
            && self.changed.is_empty()
            && self.new_areas.is_empty()
            && self.new_owners.is_empty()
            && self.new_findings.is_empty()
            && self.records.is_empty()
    }

    /// One line of counts: "3 actions added, 1 changed, 36 left as they were".
    pub fn headline(&self) -> String {
        let mut parts = vec![
            format!("{} {} added", self.added.len(), self.noun),
            format!("{} changed", self.changed.len()),
            format!("{} left as they were", self.unchanged),
        ];
        for (n, what) in [
            (self.new_areas.len(), "practice area(s)"),
            (self.new_owners.len(), "owner(s)"),
            (self.new_findings.len(), "finding(s)"),
        ] {
            if n > 0 {
                parts.push(format!("{n} new {what}"));
            }
        }
        for (heading, lines) in &self.records {
            parts.push(format!("{}: {}", heading.to_lowercase(), lines.len()));
        }
        parts.join(", ")
    }
}
