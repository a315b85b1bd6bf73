//! Findings: what an inspection said, placed in a practice area.

use super::schema::findings;
use super::write::{self, archivable, stored_row};
use super::{Actor, DbConnection, DbError};
use crate::domain::history::{Change, Entity};
use crate::domain::ids::{AreaId, FindingId, InspectionId};
use crate::domain::kinds::FindingKind;
use crate::domain::plan::FindingInput;
use crate::domain::valid::Valid;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

/// A stored finding.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Serialize, Deserialize)]
#[diesel(table_name = findings)]
pub struct FindingRow {
    pub id: FindingId,
    pub inspection_id: InspectionId,
    pub practice_area_id: AreaId,
    pub kind: FindingKind,
    pub reference: String,
    pub text: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i32,
    pub archived_at: Option<NaiveDateTime>,
}

stored_row!(FindingRow, Entity::Finding, version);

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = findings)]
struct FindingValues<'a> {
    inspection_id: InspectionId,
    practice_area_id: AreaId,
    kind: FindingKind,
    reference: &'a str,
    text: &'a str,
}

impl<'a> From<&'a FindingInput> for FindingValues<'a> {
    fn from(input: &'a FindingInput) -> Self {
        Self {
            inspection_id: input.inspection_id,
            practice_area_id: input.practice_area_id,
            kind: input.kind,
            reference: &input.reference,
            text: &input.text,
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
pub fn create(conn: &mut DbConnection, actor: &Actor, input: &Valid<FindingInput>) -> Result<FindingRow, DbError> {
    check_links(conn, input)?;
    write::create(conn, actor, |c| {
        write::insert_at_version_one!(c, actor, findings, FindingValues::from(&**input)).map_err(reference_taken)
    })
}

/// Changes a finding read at `expected_version`.
pub fn update(
    conn: &mut DbConnection,
    actor: &Actor,
    id: FindingId,
    expected_version: i32,
    input: &Valid<FindingInput>,
) -> Result<FindingRow, DbError> {
    check_links(conn, input)?;
    write::update(conn, actor, Change::Update, id, expected_version, get_any, |c| {
        write::update_at_version!(c, actor, findings, id, expected_version, FindingValues::from(&**input))
            .map_err(reference_taken)
    })
}

archivable!(findings, FindingRow, FindingId, #[doc = "Findings in inspection and reference order."] listed by (findings::inspection_id.asc(), findings::id.asc()));

/// Every live finding and those in `also` (archived or not), each with its
/// inspection's title, newest inspection first: what a form offers to link.
pub fn live_or_linked(conn: &mut DbConnection, also: &[FindingId]) -> Result<Vec<(FindingRow, String)>, DbError> {
    use super::schema::inspections;
    Ok(findings::table
        .inner_join(inspections::table)
        .filter(findings::archived_at.is_null().or(findings::id.eq_any(also.to_vec())))
        .order((inspections::start_date.desc(), inspections::id.desc(), findings::id.asc()))
        .select((FindingRow::as_select(), inspections::title))
        .load(conn)?)
}

/// Adds a finding with the actions that answer it, in one transaction.
pub fn create_answered(
    conn: &mut DbConnection,
    actor: &Actor,
    input: &Valid<FindingInput>,
    action_ids: &[crate::domain::ids::ActionId],
) -> Result<FindingRow, DbError> {
    super::connection::write_transaction(conn, |c| {
        let row = create(c, actor, input)?;
        let links = action_ids.iter().map(|a| (row.id, *a)).collect();
        super::actions::set_links(c, actor, super::actions::Side::Finding(row.id), links)?;
        Ok(row)
    })
}

/// Changes a finding and makes `action_ids` the actions that answer it, in one transaction.
pub fn update_answered(
    conn: &mut DbConnection,
    actor: &Actor,
    id: FindingId,
    expected_version: i32,
    input: &Valid<FindingInput>,
    action_ids: &[crate::domain::ids::ActionId],
) -> Result<FindingRow, DbError> {
    super::connection::write_transaction(conn, |c| {
        let row = update(c, actor, id, expected_version, input)?;
        let links = action_ids.iter().map(|a| (id, *a)).collect();
        super::actions::set_links(c, actor, super::actions::Side::Finding(id), links)?;
        Ok(row)
    })
}
