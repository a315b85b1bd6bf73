//! Users: people who sign in. Passwords arrive here already hashed.

use super::schema::users;
use super::write::{self, stored_row, Stored};
use super::{Actor, DbConnection, DbError};
use crate::domain::history::{Change, Entity};
use crate::domain::ids::UserId;
use crate::domain::kinds::Role;
use crate::domain::users::{UserChanges, UserInput};
use crate::domain::valid::Valid;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

diesel::define_sql_function! {
    /// SQL `lower()`, the same on both backends; the unique index on emails uses it too.
    fn lower(text: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

/// A stored user. Its password hash is never serialised: not into history,
/// not into an answer, not into an export (which carries hashes in a list of
/// their own, `ExportDocument::password_hashes`).
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Serialize, Deserialize)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// Read from exports made before hashes had a list of their own.
    #[serde(skip_serializing, default)]
    pub password_hash: Option<String>,
    pub active: bool,
    /// Bumped when role, password or active change, so older tokens stop working.
    pub token_version: i32,
    pub last_login_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i32,
}

stored_row!(UserRow, Entity::User, version);

/// What history keeps of a user: never the hash itself, only whether it changed.
#[derive(Serialize)]
struct UserForHistory<'a> {
    id: UserId,
    email: &'a str,
    display_name: &'a str,
    role: Role,
    password_set: bool,
    active: bool,
    token_version: i32,
    version: i32,
}

/// History sees a user through this wrapper, so hashes never reach it; a
/// password change shows as a new token version under "reset_password".
#[derive(Debug, Clone)]
pub struct UserRecord(pub UserRow);

impl Serialize for UserRecord {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let u = &self.0;
        UserForHistory {
            id: u.id,
            email: &u.email,
            display_name: &u.display_name,
            role: u.role,
            password_set: u.password_hash.is_some(),
            active: u.active,
            token_version: u.token_version,
            version: u.version,
        }
        .serialize(serializer)
    }
}

impl Stored for UserRecord {
    const ENTITY: Entity = Entity::User;
    fn id(&self) -> i64 {
        self.0.id.0
    }
    fn version(&self) -> i32 {
        self.0.version
    }
}

fn email_taken(err: diesel::result::Error) -> DbError {
    super::unique_as_field(err, "email", "A user with that email address already exists")
}

/// Adds a user, with a password hash or none (they cannot sign in until one is set).
pub fn create(
    conn: &mut DbConnection,
    actor: &Actor,
    new: &Valid<UserInput>,
    password_hash: Option<&str>,
) -> Result<UserRow, DbError> {
    let record = write::create(conn, actor, |c| {
        diesel::insert_into(users::table)
            .values((
                users::email.eq(&new.email),
                users::display_name.eq(&new.display_name),
                users::role.eq(new.role),
                users::password_hash.eq(password_hash),
                users::active.eq(true),
                users::token_version.eq(0),
                users::created_at.eq(actor.at),
                users::updated_at.eq(actor.at),
                users::version.eq(1),
            ))
            .returning(users::all_columns)
            .get_result::<UserRow>(c)
            .map(UserRecord)
            .map_err(email_taken)
    })?;
    Ok(record.0)
}

/// Changes a user's name, role or active flag; a change of role or active ends
/// the user's existing sessions.
pub fn update(
    conn: &mut DbConnection,
    actor: &Actor,
    id: UserId,
    expected_version: i32,
    changes: &Valid<UserChanges>,
) -> Result<UserRow, DbError> {
    let record = write::update(conn, actor, Change::Update, id, expected_version, get_record, |c| {
        let current = get(c, id)?;
        let ends_sessions = current.role != changes.role || current.active != changes.active;
        let token_version = current.token_version + i32::from(ends_sessions);
        if ends_sessions {
            super::sessions::end_all(c, id, None, super::sessions::Ended::AccountChanged, actor.at)?;
        }
        Ok(write::update_at_version!(
            c,
            actor,
            users,
            id,
            expected_version,
            users::display_name.eq(&changes.display_name),
            users::role.eq(changes.role),
            users::active.eq(changes.active),
            users::token_version.eq(token_version)
        )?)
    })?;
    Ok(record.0)
}

/// Sets the role a user's provider now gives them, at sign-in; their other
/// sessions end, as with any change of role, and history names the provider.
pub fn set_role_from_provider(
    conn: &mut DbConnection,
    actor: &Actor,
    id: UserId,
    role: Role,
    provider: &str,
) -> Result<UserRow, DbError> {
    let current = get(conn, id)?;
    let noted = serde_json::Map::from_iter([("provider".to_string(), serde_json::json!(provider))]);
    let record = write::update_noting(
        conn,
        actor,
        Change::ProviderRole,
        id,
        current.version,
        get_record,
        |_| Ok(()),
        |c| {
            super::sessions::end_all(c, id, None, super::sessions::Ended::AccountChanged, actor.at)?;
            let changed = write::update_at_version!(
                c,
                actor,
                users,
                id,
                current.version,
                users::role.eq(role),
                users::token_version.eq(current.token_version + 1)
            )?;
            Ok((changed, noted))
        },
    )?;
    Ok(record.0)
}

/// Sets a new password hash and ends the user's existing sessions.
pub fn set_password(
    conn: &mut DbConnection,
    actor: &Actor,
    id: UserId,
    password_hash: &str,
) -> Result<UserRow, DbError> {
    let current = get(conn, id)?;
    let record = write::update(conn, actor, Change::ResetPassword, id, current.version, get_record, |c| {
        super::sessions::end_all(c, id, None, super::sessions::Ended::AccountChanged, actor.at)?;
        Ok(write::update_at_version!(
            c,
            actor,
            users,
            id,
            current.version,
            users::password_hash.eq(Some(password_hash)),
            users::token_version.eq(current.token_version + 1)
        )?)
    })?;
    Ok(record.0)
}

fn get_record(conn: &mut DbConnection, id: UserId) -> Result<UserRecord, DbError> {
    get(conn, id).map(UserRecord)
}

/// One user.
pub fn get(conn: &mut DbConnection, id: UserId) -> Result<UserRow, DbError> {
    users::table
        .find(id)
        .select(UserRow::as_select())
        .get_result(conn)
        .optional()?
        .ok_or(DbError::NotFound { entity: UserRow::ENTITY, id: id.0 })
}

/// The user with this email, ignoring case.
pub fn find_by_email(conn: &mut DbConnection, email: &str) -> Result<Option<UserRow>, DbError> {
    let wanted = email.trim().to_lowercase();
    // At most one row (emails are unique ignoring case); no `LIMIT`, see `write::archivable`.
    Ok(users::table.filter(lower(users::email).eq(wanted)).select(UserRow::as_select()).get_result(conn).optional()?)
}

/// Every user, by name.
pub fn list(conn: &mut DbConnection) -> Result<Vec<UserRow>, DbError> {
    Ok(users::table.order((users::display_name.asc(), users::id.asc())).select(UserRow::as_select()).load(conn)?)
}

/// How many users there are.
pub fn count(conn: &mut DbConnection) -> Result<i64, DbError> {
    Ok(users::table.count().get_result(conn)?)
}

/// Active users by name who are linked to no owner, and `keep` (the one linked
/// now) whatever its link: whom an owner may be linked to.
pub fn linkable(conn: &mut DbConnection, keep: Option<UserId>) -> Result<Vec<UserRow>, DbError> {
    use super::schema::owners;
    let linked: Vec<Option<UserId>> = owners::table.select(owners::user_id).load(conn)?;
    let rows: Vec<UserRow> = users::table
        .filter(users::active.eq(true))
        .order(users::display_name.asc())
        .select(UserRow::as_select())
        .load(conn)?;
    Ok(rows.into_iter().filter(|u| Some(u.id) == keep || !linked.contains(&Some(u.id))).collect())
}
