//! Owners: the people, often named by job title, who own actions and areas.

use super::schema::owners;
use super::versioned::{versioned_row, written_whole};
use super::write::{self, archivable};
use super::{Actor, DbConnection, DbError};
use crate::domain::history::{Change, Entity};
use crate::domain::ids::{OwnerId, UserId};
use crate::domain::plan::OwnerInput;
use diesel::prelude::*;

versioned_row! {
    /// A stored owner.
    pub struct OwnerRow in owners as Entity::Owner {
        id: OwnerId,
        written from OwnerInput as OwnerValues {
            name: String,
            job_title: String,
            team: String,
            email: Option<String>,
            user_id: Option<UserId>,
        }
    }
}

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

fn linked_user_taken(err: diesel::result::Error) -> DbError {
    super::unique_as_field(err, "user_id", "That user is already linked to another owner")
}

written_whole!(owners, OwnerRow, OwnerId, OwnerInput as OwnerValues, refused as linked_user_taken);

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
