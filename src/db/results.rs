//! Results: one dated value of a measure, with grade counts for case audits.

use super::schema::results;
use super::write::{self, archivable, Stored};
use super::{Actor, Archived, DbConnection, DbError};
use crate::domain::audit::GradeCounts;
use crate::domain::evidence::ResultInput;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

/// A stored result.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Serialize, Deserialize)]
#[diesel(table_name = results)]
pub struct ResultRow {
    pub id: i64,
    pub measure_id: i64,
    pub period_end: NaiveDate,
    pub value: f64,
    pub outstanding: Option<i32>,
    pub good: Option<i32>,
    pub requires_improvement: Option<i32>,
    pub inadequate: Option<i32>,
    pub sample_size: Option<i32>,
    pub note: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i32,
    pub archived_at: Option<NaiveDateTime>,
}

impl Stored for ResultRow {
    const ENTITY: &'static str = "result";
    fn id(&self) -> i64 {
        self.id
    }
    fn version(&self) -> i32 {
        self.version
    }
}

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = results, treat_none_as_null = true)]
struct ResultValues<'a> {
    measure_id: i64,
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
    fn new(input: &'a ResultInput, value: f64) -> Self {
        let grades: Option<GradeCounts> = input.grades;
        Self {
            measure_id: input.measure_id,
            period_end: input.period_end,
            value,
            outstanding: grades.map(|g| count(g.outstanding)),
            good: grades.map(|g| count(g.good)),
            requires_improvement: grades.map(|g| count(g.requires_improvement)),
            inadequate: grades.map(|g| count(g.inadequate)),
            sample_size: input.sample_size.or(grades.map(|g| count(g.total()))),
            note: input.note.as_deref().map(str::trim).filter(|n| !n.is_empty()),
        }
    }
}

fn period_taken(err: diesel::result::Error) -> DbError {
    super::unique_as_field(err, "period_end", "This measure already has a result for that period")
}

fn checked_value(conn: &mut DbConnection, input: &ResultInput) -> Result<f64, DbError> {
    let measure = super::measures::get_any(conn, input.measure_id)?;
    input.value_for(measure.kind(), measure.unit()).map_err(DbError::Invalid)
}

/// Records a result; one per measure and period.
pub fn create_result(conn: &mut DbConnection, actor: &Actor, input: &ResultInput) -> Result<ResultRow, DbError> {
    let value = checked_value(conn, input)?;
    write::create(conn, actor, |c| {
        diesel::insert_into(results::table)
            .values((
                ResultValues::new(input, value),
                results::created_at.eq(actor.at),
                results::updated_at.eq(actor.at),
                results::version.eq(1),
            ))
            .returning(results::all_columns)
            .get_result(c)
            .map_err(period_taken)
    })
}

/// Corrects a result read at `expected_version`.
pub fn update_result(
    conn: &mut DbConnection,
    actor: &Actor,
    id: i64,
    expected_version: i32,
    input: &ResultInput,
) -> Result<ResultRow, DbError> {
    let value = checked_value(conn, input)?;
    write::update(conn, actor, "update", id, expected_version, result::get_any, |c| {
        diesel::update(results::table.filter(results::id.eq(id)).filter(results::version.eq(expected_version)))
            .set((
                ResultValues::new(input, value),
                results::version.eq(expected_version + 1),
                results::updated_at.eq(actor.at),
            ))
            .execute(c)
            .map_err(period_taken)
    })
}

/// Results are archived and restored through the `result` module path.
pub mod result {
    use super::*;
    archivable!(results, ResultRow);
}

/// Results by measure and period; for one measure or all.
pub fn results(
    conn: &mut DbConnection,
    measure_id: Option<i64>,
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
