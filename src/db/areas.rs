//! Practice areas: the units whose status Sustain shows.

use super::schema::practice_areas;
use super::write::{self, archivable, stored_row};
use super::{Actor, DbConnection, DbError};
use crate::domain::history::{Change, Entity};
use crate::domain::ids::{AreaId, OwnerId};
use crate::domain::plan::AreaInput;
use crate::domain::valid::Valid;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

/// A stored practice area.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Serialize, Deserialize)]
#[diesel(table_name = practice_areas)]
pub struct AreaRow {
    pub id: AreaId,
    pub name: String,
    pub description: String,
    pub lead_owner_id: Option<OwnerId>,
    pub evidence_window_months: Option<i32>,
    pub evidence_min_items: Option<i32>,
    pub evidence_min_kinds: Option<i32>,
    pub results_window_months: Option<i32>,
    pub results_min_count: Option<i32>,
    pub slipping_lookback_months: Option<i32>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i32,
    pub archived_at: Option<NaiveDateTime>,
}

impl AreaRow {
    /// The stored record as the input that would write it, rule overrides included.
    pub fn into_input(self) -> crate::domain::plan::AreaInput {
        crate::domain::plan::AreaInput {
            name: self.name,
            description: self.description,
            lead_owner_id: self.lead_owner_id,
            evidence_window_months: self.evidence_window_months,
            evidence_min_items: self.evidence_min_items,
            evidence_min_kinds: self.evidence_min_kinds,
            results_window_months: self.results_window_months,
            results_min_count: self.results_min_count,
            slipping_lookback_months: self.slipping_lookback_months,
        }
    }
}

stored_row!(AreaRow, Entity::PracticeArea, version);

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = practice_areas, treat_none_as_null = true)]
struct AreaValues<'a> {
    name: &'a str,
    description: &'a str,
    lead_owner_id: Option<OwnerId>,
    evidence_window_months: Option<i32>,
    evidence_min_items: Option<i32>,
    evidence_min_kinds: Option<i32>,
    results_window_months: Option<i32>,
    results_min_count: Option<i32>,
    slipping_lookback_months: Option<i32>,
}

impl<'a> From<&'a AreaInput> for AreaValues<'a> {
    fn from(input: &'a AreaInput) -> Self {
        Self {
            name: &input.name,
            description: &input.description,
            lead_owner_id: input.lead_owner_id,
            evidence_window_months: input.evidence_window_months,
            evidence_min_items: input.evidence_min_items,
            evidence_min_kinds: input.evidence_min_kinds,
            results_window_months: input.results_window_months,
            results_min_count: input.results_min_count,
            slipping_lookback_months: input.slipping_lookback_months,
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

/// Adds a practice area.
pub fn create(conn: &mut DbConnection, actor: &Actor, input: &Valid<AreaInput>) -> Result<AreaRow, DbError> {
    check_lead(conn, input)?;
    write::create(conn, actor, |c| {
        write::insert_at_version_one!(c, actor, practice_areas, AreaValues::from(&**input)).map_err(name_taken)
    })
}

/// Changes a practice area read at `expected_version`.
pub fn update(
    conn: &mut DbConnection,
    actor: &Actor,
    id: AreaId,
    expected_version: i32,
    input: &Valid<AreaInput>,
) -> Result<AreaRow, DbError> {
    check_lead(conn, input)?;
    write::update(conn, actor, Change::Update, id, expected_version, get_any, |c| {
        write::update_at_version!(c, actor, practice_areas, id, expected_version, AreaValues::from(&**input))
            .map_err(name_taken)
    })
}

archivable!(practice_areas, AreaRow, AreaId, #[doc = "Practice areas in the order they were added."] listed by practice_areas::id.asc());

/// Live practice areas by name, as (id, name): what forms offer.
pub fn live_names(conn: &mut DbConnection) -> Result<Vec<(AreaId, String)>, DbError> {
    Ok(practice_areas::table
        .filter(practice_areas::archived_at.is_null())
        .order(practice_areas::name.asc())
        .select((practice_areas::id, practice_areas::name))
        .load(conn)?)
}
