//! Findings: what an inspection said, placed in a practice area.

use super::schema::findings;
use super::versioned::{versioned_row, written_whole};
use super::write::archivable;
use super::{Actor, DbConnection, DbError};
use crate::domain::history::Entity;
use crate::domain::ids::{AreaId, FindingId, InspectionId};
use crate::domain::kinds::FindingKind;
use crate::domain::plan::FindingInput;
use crate::domain::valid::Valid;
use diesel::prelude::*;

versioned_row! {
    /// A stored finding.
    pub struct FindingRow in findings as Entity::Finding {
        id: FindingId,
        written from FindingInput as FindingValues {
            inspection_id: InspectionId,
            practice_area_id: AreaId,
            kind: FindingKind,
            reference: String,
            text: String,
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

written_whole!(findings, FindingRow, FindingId, FindingInput as FindingValues, checked by check_links, refused as reference_taken);

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
