//! Practice areas: the units whose status Sustain shows.

use super::schema::practice_areas;
use super::versioned::{versioned_row, written_whole};
use super::write::archivable;
use super::{DbConnection, DbError};
use crate::domain::history::Entity;
use crate::domain::ids::{AreaId, OwnerId};
use crate::domain::plan::AreaInput;
use diesel::prelude::*;

versioned_row! {
    /// A stored practice area.
    pub struct AreaRow in practice_areas as Entity::PracticeArea {
        id: AreaId,
        written from AreaInput as AreaValues {
            name: String,
            description: String,
            lead_owner_id: Option<OwnerId>,
            evidence_window_months: Option<i32>,
            evidence_min_items: Option<i32>,
            evidence_min_kinds: Option<i32>,
            results_window_months: Option<i32>,
            results_min_count: Option<i32>,
            slipping_lookback_months: Option<i32>,
        }
    }
}

fn check_lead(conn: &mut DbConnection, input: &AreaInput) -> Result<(), DbError> {
    if let Some(owner) = input.lead_owner_id {
        super::owners::get_any(conn, owner)?;
    }
    Ok(())
}

fn name_taken(err: diesel::result::Error) -> DbError {
    super::unique_as_field(err, "name", "A practice area with that name already exists")
}

written_whole!(practice_areas, AreaRow, AreaId, AreaInput as AreaValues, checked by check_lead, refused as name_taken);

archivable!(practice_areas, AreaRow, AreaId, #[doc = "Practice areas in the order they were added."] listed by practice_areas::id.asc());

/// Live practice areas by name, as (id, name): what forms offer.
pub fn live_names(conn: &mut DbConnection) -> Result<Vec<(AreaId, String)>, DbError> {
    Ok(practice_areas::table
        .filter(practice_areas::archived_at.is_null())
        .order(practice_areas::name.asc())
        .select((practice_areas::id, practice_areas::name))
        .load(conn)?)
}
