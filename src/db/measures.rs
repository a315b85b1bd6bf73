//! Measures (case-audit measures and performance indicators), their
//! recalculation points, and their results.

use super::schema::{measures, recalculation_points};
use super::write::{self, archivable, stored_row};
use super::{Actor, DbConnection, DbError};
use crate::domain::evidence::{MeasureInput, RecalculationInput};
use crate::domain::history::{self, Entity};
use crate::domain::ids::{AreaId, MeasureId, RecalculationId};
use crate::domain::kinds::{Direction, Frequency, MeasureKind, Unit};
use crate::domain::valid::Valid;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

pub use super::results::*;

/// A stored measure.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Serialize, Deserialize)]
#[diesel(table_name = measures)]
pub struct MeasureRow {
    pub id: MeasureId,
    pub practice_area_id: AreaId,
    pub name: String,
    pub description: String,
    pub kind: MeasureKind,
    pub unit: Unit,
    pub direction: Direction,
    pub target: Option<f64>,
    pub frequency: Frequency,
    pub is_key: bool,
    pub baseline_points: Option<i32>,
    pub screen_moving_ranges: bool,
    pub published_indicator_code: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i32,
    pub archived_at: Option<NaiveDateTime>,
}

impl MeasureRow {
    /// The stored measure as the input that would write it.
    pub fn into_input(self) -> crate::domain::evidence::MeasureInput {
        crate::domain::evidence::MeasureInput {
            practice_area_id: self.practice_area_id,
            name: self.name,
            description: self.description,
            kind: self.kind,
            unit: self.unit,
            direction: self.direction,
            target: self.target,
            frequency: self.frequency,
            is_key: self.is_key,
            baseline_points: self.baseline_points,
            screen_moving_ranges: self.screen_moving_ranges,
            published_indicator_code: self.published_indicator_code,
        }
    }
}

stored_row!(MeasureRow, Entity::Measure, version);

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = measures, treat_none_as_null = true)]
struct MeasureValues<'a> {
    practice_area_id: AreaId,
    name: &'a str,
    description: &'a str,
    kind: MeasureKind,
    unit: Unit,
    direction: Direction,
    target: Option<f64>,
    frequency: Frequency,
    is_key: bool,
    baseline_points: Option<i32>,
    screen_moving_ranges: bool,
    published_indicator_code: Option<&'a str>,
}

impl<'a> From<&'a MeasureInput> for MeasureValues<'a> {
    fn from(input: &'a MeasureInput) -> Self {
        Self {
            practice_area_id: input.practice_area_id,
            name: &input.name,
            description: &input.description,
            kind: input.kind,
            unit: input.unit,
            direction: input.direction,
            target: input.target,
            frequency: input.frequency,
            is_key: input.is_key,
            baseline_points: input.baseline_points,
            screen_moving_ranges: input.screen_moving_ranges,
            published_indicator_code: input.published_indicator_code.as_deref(),
        }
    }
}

/// Adds a measure to a practice area.
pub fn create(conn: &mut DbConnection, actor: &Actor, input: &Valid<MeasureInput>) -> Result<MeasureRow, DbError> {
    super::areas::get_any(conn, input.practice_area_id)?;
    write::create(conn, actor, |c| {
        Ok(write::insert_at_version_one!(c, actor, measures, MeasureValues::from(&**input))?)
    })
}

/// Changes a measure read at `expected_version`.
pub fn update(
    conn: &mut DbConnection,
    actor: &Actor,
    id: MeasureId,
    expected_version: i32,
    input: &Valid<MeasureInput>,
) -> Result<MeasureRow, DbError> {
    super::areas::get_any(conn, input.practice_area_id)?;
    write::update(conn, actor, history::Change::Update, id, expected_version, get_any, |c| {
        Ok(write::update_at_version!(c, actor, measures, id, expected_version, MeasureValues::from(&**input))?)
    })
}

archivable!(measures, MeasureRow, MeasureId, #[doc = "Measures in area order."] listed by (measures::practice_area_id.asc(), measures::id.asc()));

/// A date from which a measure's SPC limits are calculated afresh.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Serialize, Deserialize)]
#[diesel(table_name = recalculation_points)]
pub struct RecalculationRow {
    pub id: RecalculationId,
    pub measure_id: MeasureId,
    pub starts_on: NaiveDate,
    pub reason: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

stored_row!(RecalculationRow, Entity::RecalculationPoint);

/// Adds a recalculation point after a known, sustained change.
pub fn add_recalculation(
    conn: &mut DbConnection,
    actor: &Actor,
    input: &Valid<RecalculationInput>,
) -> Result<RecalculationRow, DbError> {
    get_any(conn, input.measure_id)?;
    write::create(conn, actor, |c| {
        diesel::insert_into(recalculation_points::table)
            .values((
                recalculation_points::measure_id.eq(input.measure_id),
                recalculation_points::starts_on.eq(input.starts_on),
                recalculation_points::reason.eq(&input.reason),
                recalculation_points::created_at.eq(actor.at),
                recalculation_points::updated_at.eq(actor.at),
            ))
            .returning(recalculation_points::all_columns)
            .get_result(c)
            .map_err(|e| {
                super::unique_as_field(e, "starts_on", "This measure already restarts its limits on that date")
            })
    })
}

/// Recalculation points, by measure and date.
pub fn recalculations(conn: &mut DbConnection) -> Result<Vec<RecalculationRow>, DbError> {
    Ok(recalculation_points::table
        .order((recalculation_points::measure_id.asc(), recalculation_points::starts_on.asc()))
        .select(RecalculationRow::as_select())
        .load(conn)?)
}
