//! The people who sign in. Accounts are deactivated, never archived, so that
//! history keeps who did what: a user is a `Record` but not `Archivable`.

use super::Record;
use crate::auth::CurrentUser;
use crate::db::users::{self, UserRow};
use crate::db::{Actor, DbConnection, DbError};
use crate::domain::access::{user_admin, Refusal};
use crate::domain::history::Entity;
use crate::domain::ids::UserId;
use crate::domain::users::{UserChanges, UserInput};
use crate::domain::valid::Valid;

/// User accounts.
pub struct Users;

impl Record for Users {
    type Id = UserId;
    type Row = UserRow;
    /// The account, and the hash of the password made for it (shown once, never stored as typed).
    type New = (Valid<UserInput>, String);
    type Input = Valid<UserChanges>;

    const ENTITY: Entity = Entity::User;

    fn get(conn: &mut DbConnection, id: UserId) -> Result<UserRow, DbError> {
        users::get(conn, id)
    }

    fn create(conn: &mut DbConnection, a: &Actor, p: &Self::New, _: &CurrentUser) -> Result<UserRow, DbError> {
        users::create(conn, a, &p.0, Some(&p.1))
    }

    fn update(
        conn: &mut DbConnection,
        a: &Actor,
        id: UserId,
        version: i32,
        p: &Self::Input,
        _: &CurrentUser,
    ) -> Result<UserRow, DbError> {
        users::update(conn, a, id, version, p)
    }

    fn id_of(row: &UserRow) -> UserId {
        row.id
    }

    fn version_of(row: &UserRow) -> i32 {
        row.version
    }

    fn title_of(row: &UserRow) -> String {
        row.display_name.clone()
    }

    /// Only admins add accounts.
    fn may_create(user: &CurrentUser) -> Result<(), Refusal> {
        user_admin(user.role)
    }

    /// Only admins change accounts.
    fn may_edit(_: &mut DbConnection, user: &CurrentUser, row: &UserRow) -> Result<(), DbError> {
        user_admin(user.role).map_err(|_| DbError::Forbidden { entity: Self::ENTITY, id: row.id.0 })
    }
}
