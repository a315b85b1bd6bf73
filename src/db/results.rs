//! Results: one dated value of a measure, with grade counts for case audits.

use super::schema::results;
use super::versioned::versioned_row;
use super::write::{self, archivable, Stored};
use super::{Actor, Archived, DbConnection, DbError};
use crate::domain::audit::GradeCounts;
use crate::domain::evidence::{MeasureShape, MeasuredResult};
use crate::domain::fields::FieldErrors;
use crate::domain::history::{self, Entity};
use crate::domain::ids::{MeasureId, ResultId};
use crate::domain::valid::Valid;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

versioned_row! {
    /// A stored result.
    pub struct ResultRow in results as Entity::Result {
        id: ResultId,
        {
            measure_id: MeasureId,
            period_end: NaiveDate,
            value: f64,
            outstanding: Option<i32>,
            good: Option<i32>,
            requires_improvement: Option<i32>,
            inadequate: Option<i32>,
            sample_size: Option<i32>,
            note: Option<String>,
        }
    }
}

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = results, treat_none_as_null = true)]
struct ResultValues<'a> {
    measure_id: MeasureId,
    period_end: NaiveDate,
    value: f64,
    outstanding: Option<i32>,
    good: Option<i32>,
    requires_improvement: Option<i32>,
    inadequate: Option<i32>,
    sample_size: Option<i32>,
    note: Option<&'a str>,
}

fn count(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

impl<'a> ResultValues<'a> {
    fn new(result: &'a MeasuredResult) -> Self {
        let input = &result.input;
        let grades: Option<GradeCounts> = input.grades;
        Self {
            measure_id: input.measure_id,
            period_end: input.period_end,
            value: result.value,
            outstanding: grades.map(|g| count(g.outstanding)),
            good: grades.map(|g| count(g.good)),
            requires_improvement: grades.map(|g| count(g.requires_improvement)),
            inadequate: grades.map(|g| count(g.inadequate)),
            sample_size: input.sample_size.or(grades.map(|g| count(g.total()))),
            note: input.note.as_deref(),
        }
    }
}

fn period_taken(err: diesel::result::Error) -> DbError {
    super::unique_as_field(err, "period_end", "This measure already has a result for that period")
}

/// The result was checked against its measure as it was then; a measure whose
/// kind or unit changed since would make the value mean something else.
fn same_measure(conn: &mut DbConnection, result: &MeasuredResult) -> Result<(), DbError> {
    let measure = super::measures::get_any(conn, result.input.measure_id)?;
    if (MeasureShape { kind: measure.kind, unit: measure.unit }) != result.shape {
        return Err(DbError::Invalid(FieldErrors::one(
            "value",
            "The measure's kind or unit changed while this result was entered: check the value and try again",
        )));
    }
    Ok(())
}

/// Records a result; one per measure and period.
pub fn create_result(
    conn: &mut DbConnection,
    actor: &Actor,
    result: &Valid<MeasuredResult>,
) -> Result<ResultRow, DbError> {
    write::create(conn, actor, |c| {
        same_measure(c, result)?;
        write::insert_at_version_one!(c, actor, results, ResultValues::new(result)).map_err(period_taken)
    })
}

/// Corrects a result read at `expected_version`.
pub fn update_result(
    conn: &mut DbConnection,
    actor: &Actor,
    id: ResultId,
    expected_version: i32,
    result: &Valid<MeasuredResult>,
) -> Result<ResultRow, DbError> {
    write::update(conn, actor, history::Change::Update, id, expected_version, result::get_any, |c| {
        same_measure(c, result)?;
        write::update_at_version!(c, actor, results, id, expected_version, ResultValues::new(result))
            .map_err(period_taken)
    })
}

/// Results are archived and restored through the `result` module path.
pub mod result {
    use super::*;
    archivable!(results, ResultRow, ResultId);
}

/// Results by measure and period; for one measure or all.
pub fn results(
    conn: &mut DbConnection,
    measure_id: Option<MeasureId>,
    archived: Archived,
) -> Result<Vec<ResultRow>, DbError> {
    let mut query = results::table.into_boxed();
    if let Some(id) = measure_id {
        query = query.filter(results::measure_id.eq(id));
    }
    if archived == Archived::Hide {
        query = query.filter(results::archived_at.is_null());
    }
    Ok(query.order((results::measure_id.asc(), results::period_end.asc())).select(ResultRow::as_select()).load(conn)?)
}

/// What an imported row will do to a measure's results.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Change {
    /// A period with no result yet.
    Add,
    /// A period whose result will be corrected from `was`.
    Correct { id: ResultId, was: f64 },
    /// An archived result of that period, brought back with the new value.
    Restore { id: ResultId, was: f64 },
    /// The same as the result already there: nothing to do.
    Same,
}

/// One row of an import with what it will change.
#[derive(Debug, Clone, PartialEq)]
pub struct Planned<'a> {
    pub row: &'a crate::domain::results_csv::ImportRow,
    pub change: Change,
}

fn same_result(row: &ResultRow, result: &MeasuredResult) -> bool {
    let grades = result.input.grades;
    let counts = |g: Option<GradeCounts>| {
        g.map(|g| (count(g.outstanding), count(g.good), count(g.requires_improvement), count(g.inadequate)))
    };
    let stored = match (row.outstanding, row.good, row.requires_improvement, row.inadequate) {
        (Some(o), Some(g), Some(r), Some(i)) => Some((o, g, r, i)),
        _ => None,
    };
    (row.value - result.value).abs() < 1e-9
        && (grades.is_none() || counts(grades) == stored)
        && (result.input.note.is_none() || result.input.note == row.note)
}

/// What each row would change, given the measure's results now (archived ones too).
pub fn plan_import<'a>(existing: &[ResultRow], rows: &'a [crate::domain::results_csv::ImportRow]) -> Vec<Planned<'a>> {
    rows.iter()
        .map(|row| {
            let period = row.result.input.period_end;
            let change = match existing.iter().find(|r| r.period_end == period) {
                None => Change::Add,
                Some(r) if r.archived_at.is_some() => Change::Restore { id: r.id, was: r.value },
                Some(r) if same_result(r, &row.result) => Change::Same,
                Some(r) => Change::Correct { id: r.id, was: r.value },
            };
            Planned { row, change }
        })
        .collect()
}

/// A short digest of a measure's results (ids and versions), so that an
/// import confirmed after its preview can tell whether anything changed between.
pub fn fingerprint(conn: &mut DbConnection, measure_id: MeasureId) -> Result<String, DbError> {
    use sha2::{Digest, Sha256};
    let rows: Vec<(ResultId, i32)> = results::table
        .filter(results::measure_id.eq(measure_id))
        .order(results::id.asc())
        .select((results::id, results::version))
        .load(conn)?;
    let text: String = rows.iter().map(|(id, v)| format!("{id}:{v};")).collect();
    Ok(hex::encode(&Sha256::digest(text.as_bytes())[..8]))
}

/// How many results an import added, corrected and left alone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Imported {
    pub added: usize,
    pub corrected: usize,
    pub unchanged: usize,
    /// The results it added.
    pub added_ids: Vec<ResultId>,
}

/// Saves every row of an import in one transaction, if the measure's results
/// are still as they were when the preview was shown (`expected`); otherwise
/// nothing is saved and the import is refused as a conflict.
pub fn import(
    conn: &mut DbConnection,
    actor: &Actor,
    measure_id: MeasureId,
    expected: &str,
    rows: &[crate::domain::results_csv::ImportRow],
) -> Result<Imported, DbError> {
    super::connection::write_transaction(conn, |c| {
        if fingerprint(c, measure_id)? != expected {
            return Err(DbError::Conflict { entity: ResultRow::ENTITY, id: measure_id.0, expected: 0, current: 1 });
        }
        let existing = results(c, Some(measure_id), Archived::Include)?;
        let mut done = Imported::default();
        for planned in plan_import(&existing, rows) {
            let result = &planned.row.result;
            match planned.change {
                Change::Same => done.unchanged += 1,
                Change::Add => {
                    done.added_ids.push(create_result(c, actor, result)?.id);
                    done.added += 1;
                }
                Change::Correct { id, .. } | Change::Restore { id, .. } => {
                    let version = result::get_any(c, id)?.version;
                    write::update(c, actor, history::Change::Import, id, version, result::get_any, |c| {
                        same_measure(c, result)?;
                        write::update_at_version!(
                            c,
                            actor,
                            results,
                            id,
                            version,
                            ResultValues::new(result),
                            results::archived_at.eq(None::<NaiveDateTime>)
                        )
                        .map_err(period_taken)
                    })?;
                    done.corrected += 1;
                }
            }
        }
        Ok(done)
    })
}
