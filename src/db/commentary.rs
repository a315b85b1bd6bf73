//! Leaders' commentary on the progress report: a row per report date and
//! practice area (none: the overall words), each changed at its own version,
//! every change in history. One form saves a date's rows together.

use super::connection::write_transaction;
use super::schema::report_commentary;
use super::write::{self, stored_row, Stored};
use super::{Actor, DbConnection, DbError};
use crate::domain::commentary::{Commentary, CommentaryInput};
use crate::domain::history::{Change, Entity};
use crate::domain::ids::AreaId;
use crate::domain::valid::Valid;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

/// One stored commentary: overall (no area) or on one area, for one date.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Serialize, Deserialize)]
#[diesel(table_name = report_commentary)]
pub struct CommentaryRow {
    pub id: i64,
    pub as_at: NaiveDate,
    pub practice_area_id: Option<AreaId>,
    pub text: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i32,
}

stored_row!(CommentaryRow, Entity::ReportCommentary, version);

/// Every commentary row written for a report date.
pub fn for_date(conn: &mut DbConnection, as_at: NaiveDate) -> Result<Vec<CommentaryRow>, DbError> {
    Ok(report_commentary::table
        .filter(report_commentary::as_at.eq(as_at))
        .order(report_commentary::id)
        .select(CommentaryRow::as_select())
        .load(conn)?)
}

/// The commentary a report as at `as_at` prints.
pub fn commentary(conn: &mut DbConnection, as_at: NaiveDate) -> Result<Commentary, DbError> {
    Ok(of_rows(&for_date(conn, as_at)?))
}

/// The commentary the rows hold, blanks left out.
pub fn of_rows(rows: &[CommentaryRow]) -> Commentary {
    let input = CommentaryInput {
        overall: rows.iter().find(|r| r.practice_area_id.is_none()).map(|r| r.text.clone()).unwrap_or_default(),
        areas: rows.iter().filter_map(|r| r.practice_area_id.map(|a| (a, r.text.clone()))).collect(),
    };
    input.commentary()
}

fn get(conn: &mut DbConnection, id: i64) -> Result<CommentaryRow, DbError> {
    report_commentary::table
        .find(id)
        .select(CommentaryRow::as_select())
        .get_result(conn)
        .optional()?
        .ok_or(DbError::NotFound { entity: Entity::ReportCommentary, id })
}

/// The version each of a date's commentaries was read at: none for one not
/// written yet. Overall first, then areas.
pub type ReadAt = Vec<(Option<AreaId>, Option<i32>)>;

/// Saves a date's commentary in one transaction: each text that changed is
/// written at the version it was read at (a blank one that was never written
/// is left unwritten). Someone else's save since the form was read refuses
/// the whole save as a conflict, with nothing written.
pub fn save(
    conn: &mut DbConnection,
    actor: &Actor,
    as_at: NaiveDate,
    input: &Valid<CommentaryInput>,
    read_at: &ReadAt,
) -> Result<(), DbError> {
    let texts =
        std::iter::once((None, input.overall.as_str())).chain(input.areas.iter().map(|(a, t)| (Some(*a), t.as_str())));
    write_transaction(conn, |c| {
        let rows = for_date(c, as_at)?;
        for (area, text) in texts {
            let row = rows.iter().find(|r| r.practice_area_id == area);
            let read = read_at.iter().find(|(a, _)| *a == area).and_then(|(_, v)| *v);
            match (row, read) {
                (None, None) if text.is_empty() => {}
                (None, None) => {
                    write::create(c, actor, |c| {
                        Ok(diesel::insert_into(report_commentary::table)
                            .values((
                                report_commentary::as_at.eq(as_at),
                                report_commentary::practice_area_id.eq(area),
                                report_commentary::text.eq(text),
                                report_commentary::created_at.eq(actor.at),
                                report_commentary::updated_at.eq(actor.at),
                                report_commentary::version.eq(1),
                            ))
                            .returning(report_commentary::all_columns)
                            .get_result::<CommentaryRow>(c)?)
                    })?;
                }
                (Some(row), Some(version)) if row.version == version && row.text == text => {}
                (Some(row), Some(version)) => {
                    let id = row.id;
                    write::update(c, actor, Change::Update, id, version, get, |c| {
                        Ok(write::update_at_version!(
                            c,
                            actor,
                            report_commentary,
                            id,
                            version,
                            report_commentary::text.eq(text)
                        )?)
                    })?;
                }
                // Written by someone else after the form was read.
                (Some(row), None) => {
                    return Err(DbError::Conflict {
                        entity: row_entity(),
                        id: row.id,
                        expected: 0,
                        current: row.version,
                    })
                }
                (None, Some(version)) => {
                    return Err(DbError::Conflict { entity: row_entity(), id: 0, expected: version, current: 0 })
                }
            }
        }
        Ok(())
    })
}

fn row_entity() -> Entity {
    <CommentaryRow as Stored>::ENTITY
}
