//! Measures (case-audit measures and performance indicators), their
//! recalculation points, and their results.

use super::schema::{measures, recalculation_points};
use super::versioned::{versioned_row, written_whole};
use super::write::{self, archivable, stored_row};
use super::{Actor, DbConnection, DbError};
use crate::domain::evidence::{MeasureInput, RecalculationInput};
use crate::domain::history::Entity;
use crate::domain::ids::{AreaId, MeasureId, RecalculationId};
use crate::domain::kinds::{Direction, Frequency, MeasureKind, Unit};
use crate::domain::valid::Valid;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

pub use super::results::*;

versioned_row! {
    /// A stored measure.
    pub struct MeasureRow in measures as Entity::Measure {
        id: MeasureId,
        written from MeasureInput as MeasureValues {
            practice_area_id: AreaId,
            name: String,
            description: String,
            kind: MeasureKind,
            unit: Unit,
            direction: Direction,
            target: Option<f64>,
            frequency: Frequency,
            is_key: bool,
            baseline_points: Option<i32>,
            screen_moving_ranges: bool,
            published_indicator_code: Option<String>,
        }
    }
}

fn check_area(conn: &mut DbConnection, input: &MeasureInput) -> Result<(), DbError> {
    super::areas::get_any(conn, input.practice_area_id).map(|_| ())
}

written_whole!(measures, MeasureRow, MeasureId, MeasureInput as MeasureValues, checked by check_area, refused as DbError::from);

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
