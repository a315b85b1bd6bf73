//! Owners: the people, often named by job title, who own actions and areas.

use super::schema::owners;
use super::write::{self, archivable, stored_row};
use super::{Actor, DbConnection, DbError};
use crate::domain::history::{Change, Entity};
use crate::domain::ids::{OwnerId, UserId};
use crate::domain::plan::OwnerInput;
use crate::domain::valid::Valid;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

/// A stored owner.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Serialize, Deserialize)]
#[diesel(table_name = owners)]
pub struct OwnerRow {
    pub id: OwnerId,
    pub name: String,
    pub job_title: String,
    pub team: String,
    pub email: Option<String>,
    pub user_id: Option<UserId>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i32,
    pub archived_at: Option<NaiveDateTime>,
}

impl OwnerRow {
    /// The stored record as the input that would write it.
    pub fn into_input(self) -> crate::domain::plan::OwnerInput {
        crate::domain::plan::OwnerInput {
            name: self.name,
            job_title: self.job_title,
            team: self.team,
            email: self.email,
            user_id: self.user_id,
        }
    }
}

stored_row!(OwnerRow, Entity::Owner, version);

impl OwnerRow {
    /// How the owner is shown: job title first, as plans name them.
    pub fn label(&self) -> String {
        match (self.job_title.is_empty(), self.name.is_empty()) {
            (false, false) => format!("{} ({})", self.job_title, self.name),
            (false, true) => self.job_title.clone(),
            _ => self.name.clone(),
        }
    }
}

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = owners, treat_none_as_null = true)]
struct OwnerValues<'a> {
    name: &'a str,
    job_title: &'a str,
    team: &'a str,
    email: Option<&'a str>,
    user_id: Option<UserId>,
}

impl<'a> From<&'a OwnerInput> for OwnerValues<'a> {
    fn from(input: &'a OwnerInput) -> Self {
        Self {
            name: &input.name,
            job_title: &input.job_title,
            team: &input.team,
            email: input.email.as_deref(),
            user_id: input.user_id,
        }
    }
}

fn linked_user_taken(err: diesel::result::Error) -> DbError {
    super::unique_as_field(err, "user_id", "That user is already linked to another owner")
}

/// Adds an owner.
pub fn create(conn: &mut DbConnection, actor: &Actor, input: &Valid<OwnerInput>) -> Result<OwnerRow, DbError> {
    write::create(conn, actor, |c| {
        write::insert_at_version_one!(c, actor, owners, OwnerValues::from(&**input)).map_err(linked_user_taken)
    })
}

/// Changes an owner read at `expected_version`.
pub fn update(
    conn: &mut DbConnection,
    actor: &Actor,
    id: OwnerId,
    expected_version: i32,
    input: &Valid<OwnerInput>,
) -> Result<OwnerRow, DbError> {
    write::update(conn, actor, Change::Update, id, expected_version, get_any, |c| {
        write::update_at_version!(c, actor, owners, id, expected_version, OwnerValues::from(&**input))
            .map_err(linked_user_taken)
    })
}

archivable!(owners, OwnerRow, OwnerId, #[doc = "Owners by job title."] listed by (owners::job_title.asc(), owners::name.asc(), owners::id.asc()));

/// The owner record linked to a user, if any.
pub fn for_user(conn: &mut DbConnection, user_id: UserId) -> Result<Option<OwnerRow>, DbError> {
    Ok(owners::table
        .filter(owners::user_id.eq(user_id))
        .filter(owners::archived_at.is_null())
        .select(OwnerRow::as_select())
        .get_result(conn)
        .optional()?)
}

/// Links an owner that has no user to one (a person invited as that owner).
pub fn link_user(conn: &mut DbConnection, actor: &Actor, id: OwnerId, user_id: UserId) -> Result<OwnerRow, DbError> {
    let current = get_any(conn, id)?;
    if current.user_id.is_some() || current.archived_at.is_some() {
        let message = "That owner is already linked to a user; choose another or none";
        return Err(DbError::Invalid(crate::domain::fields::FieldErrors::one("owner_id", message)));
    }
    write::update(conn, actor, Change::Update, id, current.version, get_any, |c| {
        write::update_at_version!(c, actor, owners, id, current.version, owners::user_id.eq(Some(user_id)))
            .map_err(linked_user_taken)
    })
}
