//! Findings: what an inspection said, placed in a practice area.

use super::schema::findings;
use super::write::{self, archivable, Stored};
use super::{Actor, Archived, DbConnection, DbError};
use crate::domain::kinds::FindingKind;
use crate::domain::plan::FindingInput;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

/// A stored finding.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Serialize, Deserialize)]
#[diesel(table_name = findings)]
pub struct FindingRow {
    pub id: i64,
    pub inspection_id: i64,
    pub practice_area_id: i64,
    pub kind: String,
    pub reference: String,
    pub text: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i32,
    pub archived_at: Option<NaiveDateTime>,
}

impl Stored for FindingRow {
    const ENTITY: &'static str = "finding";
    fn id(&self) -> i64 {
        self.id
    }
    fn version(&self) -> i32 {
        self.version
    }
}

impl FindingRow {
    /// The kind of finding; the column's check constraint keeps it one of the names.
    pub fn kind(&self) -> FindingKind {
        self.kind.parse().unwrap_or(FindingKind::AreaForImprovement)
    }
}

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = findings)]
struct FindingValues<'a> {
    inspection_id: i64,
    practice_area_id: i64,
    kind: &'a str,
    reference: &'a str,
    text: &'a str,
}

impl<'a> From<&'a FindingInput> for FindingValues<'a> {
    fn from(input: &'a FindingInput) -> Self {
        Self {
            inspection_id: input.inspection_id,
            practice_area_id: input.practice_area_id,
            kind: input.kind.as_str(),
            reference: input.reference.trim(),
            text: input.text.trim(),
        }
    }
}

fn reference_taken(err: diesel::result::Error) -> DbError {
    super::unique_as_field(err, "reference", "This inspection already has a finding with that reference")
}

fn check_links(conn: &mut DbConnection, input: &FindingInput) -> Result<(), DbError> {
    super::inspections::get_any(conn, input.inspection_id)?;
    super::areas::get_any(conn, input.practice_area_id)?;
    Ok(())
}

/// Adds a finding.
pub fn create(conn: &mut DbConnection, actor: &Actor, input: &FindingInput) -> Result<FindingRow, DbError> {
    input.check().map_err(DbError::Invalid)?;
    check_links(conn, input)?;
    write::create(conn, actor, |c| {
        diesel::insert_into(findings::table)
            .values((
                FindingValues::from(input),
                findings::created_at.eq(actor.at),
                findings::updated_at.eq(actor.at),
                findings::version.eq(1),
            ))
            .returning(findings::all_columns)
            .get_result(c)
            .map_err(reference_taken)
    })
}

/// Changes a finding read at `expected_version`.
pub fn update(
    conn: &mut DbConnection,
    actor: &Actor,
    id: i64,
    expected_version: i32,
    input: &FindingInput,
) -> Result<FindingRow, DbError> {
    input.check().map_err(DbError::Invalid)?;
    check_links(conn, input)?;
    write::update(conn, actor, "update", id, expected_version, get_any, |c| {
        diesel::update(findings::table.filter(findings::id.eq(id)).filter(findings::version.eq(expected_version)))
            .set((
                FindingValues::from(input),
                findings::version.eq(expected_version + 1),
                findings::updated_at.eq(actor.at),
            ))
            .execute(c)
            .map_err(reference_taken)
    })
}

archivable!(findings, FindingRow);

/// Findings in inspection and reference order.
pub fn list(conn: &mut DbConnection, archived: Archived) -> Result<Vec<FindingRow>, DbError> {
    let mut query = findings::table.into_boxed();
    if archived == Archived::Hide {
        query = query.filter(findings::archived_at.is_null());
    }
    Ok(query.order((findings::inspection_id.asc(), findings::id.asc())).select(FindingRow::as_select()).load(conn)?)
}
