//! The council's details: one row, written on first start from the settings,
//! then changed by admins at the version they read, each change in history.

use super::schema::council;
use super::write::{self, stored_row, Stored};
use super::{Actor, DbConnection, DbError};
use crate::domain::council::CouncilInput;
use crate::domain::history::{Change, Entity};
use crate::domain::valid::Valid;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

/// The only row's id.
const ID: i32 = 1;

/// The stored details.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Serialize, Deserialize)]
#[diesel(table_name = council)]
pub struct CouncilRow {
    pub id: i32,
    pub name: String,
    pub la_number: Option<String>,
    pub colour: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i32,
    /// Whether completed actions wait for a leader's sign-off (kept from
    /// migration 21; a row without it, in an older export, asks for it).
    #[serde(default = "asked")]
    pub sign_off: bool,
}

fn asked() -> bool {
    true
}

stored_row!(CouncilRow, Entity::Council, version);

/// The details, if they were ever written.
pub fn find(conn: &mut DbConnection) -> Result<Option<CouncilRow>, DbError> {
    Ok(council::table.find(ID).select(CouncilRow::as_select()).get_result(conn).optional()?)
}

fn get(conn: &mut DbConnection, _: i32) -> Result<CouncilRow, DbError> {
    find(conn)?.ok_or(DbError::NotFound { entity: CouncilRow::ENTITY, id: i64::from(ID) })
}

/// The stored details, or these defaults written first (a first start).
pub fn ensure(conn: &mut DbConnection, actor: &Actor, defaults: &Valid<CouncilInput>) -> Result<CouncilRow, DbError> {
    if let Some(found) = find(conn)? {
        return Ok(found);
    }
    write::create(conn, actor, |c| {
        Ok(write::insert_at_version_one!(
            c,
            actor,
            council,
            council::id.eq(ID),
            council::name.eq(&defaults.name),
            council::la_number.eq(defaults.la_number.as_deref()),
            council::colour.eq(&defaults.colour),
            council::sign_off.eq(defaults.sign_off)
        )?)
    })
}

/// Changes the details read at `expected_version`.
pub fn update(
    conn: &mut DbConnection,
    actor: &Actor,
    expected_version: i32,
    input: &Valid<CouncilInput>,
) -> Result<CouncilRow, DbError> {
    write::update(conn, actor, Change::Update, ID, expected_version, get, |c| {
        Ok(write::update_at_version!(
            c,
            actor,
            council,
            ID,
            expected_version,
            council::name.eq(&input.name),
            council::la_number.eq(input.la_number.as_deref()),
            council::colour.eq(&input.colour),
            council::sign_off.eq(input.sign_off)
        )?)
    })
}

/// Sets the details whatever they were (the demo loader naming its council),
/// writing the row first if there is none.
pub fn replace(conn: &mut DbConnection, actor: &Actor, input: &Valid<CouncilInput>) -> Result<CouncilRow, DbError> {
    let current = ensure(conn, actor, input)?;
    if current.name == input.name
        && current.la_number == input.la_number
        && current.colour == input.colour
        && current.sign_off == input.sign_off
    {
        return Ok(current);
    }
    update(conn, actor, current.version, input)
}
