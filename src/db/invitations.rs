//! Invitations: a link sent by email that lets a person set their own
//! password, so that no admin ever sees it. The person's account is made when
//! they are invited, without a password (they cannot sign in until they use the
//! link). Only the SHA-256 of each link's token is stored; sending an
//! invitation again replaces its token, so the earlier link stops working.
//! Every step is in change history, filed under the user.

use super::connection::write_transaction;
use super::history::{record, Actor};
use super::schema::{invitations, users};
use super::users::{self as stored_users, UserRow};
use super::{DbConnection, DbError};
use crate::domain::fields::FieldErrors;
use crate::domain::history::{Change, Entity};
use crate::domain::ids::{OwnerId, UserId};
use crate::domain::users::UserInput;
use crate::domain::valid::Valid;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// How long a link works, from when it is sent.
pub const DAYS_VALID: i64 = 7;

/// How many invitations the users page lists, newest first.
const LISTED: i64 = 100;

/// One invitation.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = invitations)]
pub struct InvitationRow {
    pub id: i64,
    pub user_id: UserId,
    #[serde(skip)]
    pub token_hash: String,
    pub sent_to: String,
    pub invited_by: Option<UserId>,
    pub expires_at: NaiveDateTime,
    pub accepted_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i32,
}

/// Where an invitation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvitationState {
    /// Sent, and its link still works.
    Pending,
    /// Its link was used to set a password.
    Accepted,
    /// Revoked by an admin.
    Revoked,
    /// Not used in time.
    Expired,
}

impl InvitationState {
    /// The state in words, as the users page shows it.
    pub fn label(self) -> &'static str {
        match self {
            InvitationState::Pending => "Pending",
            InvitationState::Accepted => "Accepted",
            InvitationState::Revoked => "Revoked",
            InvitationState::Expired => "Expired",
        }
    }
}

impl InvitationRow {
    /// Where the invitation stands at `now`.
    pub fn state(&self, now: NaiveDateTime) -> InvitationState {
        if self.accepted_at.is_some() {
            InvitationState::Accepted
        } else if self.revoked_at.is_some() {
            InvitationState::Revoked
        } else if now >= self.expires_at {
            InvitationState::Expired
        } else {
            InvitationState::Pending
        }
    }
}

/// Why a link opens nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No invitation has this token (it was never sent, or was sent again since).
    Unknown,
    /// Already used to set a password.
    Used,
    Expired,
    Revoked,
    /// The account was deactivated after the invitation was sent.
    Deactivated,
}

/// What a link finds.
#[derive(Debug, Clone)]
pub enum Opened {
    /// A pending invitation and the person it is for.
    Open(Box<InvitationRow>, UserRow),
    Refused(Refusal),
}

fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A new link token: 256 random bits, as hex.
fn new_token() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

fn json<T: Serialize>(value: &T) -> Result<serde_json::Value, DbError> {
    serde_json::to_value(value).map_err(|e| DbError::Database(diesel::result::Error::SerializationError(Box::new(e))))
}

/// Adds a person without a password, links them to `owner` if given, and
/// makes their invitation; returns the user, the invitation and its token,
/// which goes into the email and is never stored.
pub fn invite(
    conn: &mut DbConnection,
    actor: &Actor,
    new: &Valid<UserInput>,
    owner: Option<OwnerId>,
    expires_at: NaiveDateTime,
) -> Result<(UserRow, InvitationRow, String), DbError> {
    write_transaction(conn, |c| {
        let user = stored_users::create(c, actor, new, None)?;
        if let Some(owner) = owner {
            super::owners::link_user(c, actor, owner, user.id)?;
        }
        let (invitation, token) = invite_existing(c, actor, user.id, expires_at)?;
        Ok((user, invitation, token))
    })
}

/// Makes an invitation for a user who already has an account (to set a new
/// password); an earlier pending invitation of theirs is revoked, so that one
/// link at a time works.
pub fn invite_existing(
    conn: &mut DbConnection,
    actor: &Actor,
    user_id: UserId,
    expires_at: NaiveDateTime,
) -> Result<(InvitationRow, String), DbError> {
    write_transaction(conn, |c| {
        let user = stored_users::get(c, user_id)?;
        if !user.active {
            return Err(DbError::Invalid(FieldErrors::one("user", "A deactivated user cannot be invited")));
        }
        diesel::update(
            invitations::table
                .filter(invitations::user_id.eq(user_id))
                .filter(invitations::accepted_at.is_null())
                .filter(invitations::revoked_at.is_null()),
        )
        .set((invitations::revoked_at.eq(Some(actor.at)), invitations::updated_at.eq(actor.at)))
        .execute(c)?;
        let token = new_token();
        let row: InvitationRow = super::write::insert_at_version_one!(
            c,
            actor,
            invitations,
            invitations::user_id.eq(user_id),
            invitations::token_hash.eq(hash(&token)),
            invitations::sent_to.eq(&user.email),
            invitations::invited_by.eq(actor.user_id),
            invitations::expires_at.eq(expires_at)
        )?;
        record(c, actor, Entity::User, user_id.0, Change::Invite, None, Some(json(&row)?))?;
        Ok((row, token))
    })
}

/// One invitation.
pub fn get(conn: &mut DbConnection, id: i64) -> Result<InvitationRow, DbError> {
    invitations::table
        .find(id)
        .select(InvitationRow::as_select())
        .get_result(conn)
        .optional()?
        .ok_or(DbError::NotFound { entity: Entity::User, id })
}

/// Sends an invitation again: a new token and a new expiry. An accepted
/// invitation cannot be sent again; a revoked or expired one can.
pub fn resend(
    conn: &mut DbConnection,
    actor: &Actor,
    id: i64,
    expires_at: NaiveDateTime,
) -> Result<(InvitationRow, UserRow, String), DbError> {
    write_transaction(conn, |c| {
        let before = get(c, id)?;
        if before.accepted_at.is_some() {
            return Err(DbError::Invalid(FieldErrors::one("invitation", "This invitation has been accepted already")));
        }
        let user = stored_users::get(c, before.user_id)?;
        if !user.active {
            return Err(DbError::Invalid(FieldErrors::one("invitation", "A deactivated user cannot be invited")));
        }
        let token = new_token();
        let row: InvitationRow = diesel::update(invitations::table.find(id))
            .set((
                invitations::token_hash.eq(hash(&token)),
                invitations::sent_to.eq(&user.email),
                invitations::expires_at.eq(expires_at),
                invitations::revoked_at.eq(None::<NaiveDateTime>),
                invitations::updated_at.eq(actor.at),
                invitations::version.eq(before.version + 1),
            ))
            .returning(invitations::all_columns)
            .get_result(c)?;
        record(c, actor, Entity::User, user.id.0, Change::ResendInvitation, Some(json(&before)?), Some(json(&row)?))?;
        Ok((row, user, token))
    })
}

/// Stops an invitation's link working. Revoking one that is no longer
/// pending changes nothing.
pub fn revoke(conn: &mut DbConnection, actor: &Actor, id: i64) -> Result<InvitationRow, DbError> {
    write_transaction(conn, |c| {
        let before = get(c, id)?;
        if before.accepted_at.is_some() || before.revoked_at.is_some() {
            return Ok(before);
        }
        let row: InvitationRow = diesel::update(invitations::table.find(id))
            .set((
                invitations::revoked_at.eq(Some(actor.at)),
                invitations::updated_at.eq(actor.at),
                invitations::version.eq(before.version + 1),
            ))
            .returning(invitations::all_columns)
            .get_result(c)?;
        record(c, actor, Entity::User, row.user_id.0, Change::RevokeInvitation, Some(json(&before)?), None)?;
        Ok(row)
    })
}

/// What a link finds at `now`.
pub fn open(conn: &mut DbConnection, token: &str, now: NaiveDateTime) -> Result<Opened, DbError> {
    let found: Option<(InvitationRow, UserRow)> = invitations::table
        .inner_join(users::table)
        .filter(invitations::token_hash.eq(hash(token)))
        .select((InvitationRow::as_select(), UserRow::as_select()))
        .get_result(conn)
        .optional()?;
    let Some((invitation, user)) = found else { return Ok(Opened::Refused(Refusal::Unknown)) };
    Ok(match invitation.state(now) {
        InvitationState::Accepted => Opened::Refused(Refusal::Used),
        InvitationState::Revoked => Opened::Refused(Refusal::Revoked),
        InvitationState::Expired => Opened::Refused(Refusal::Expired),
        InvitationState::Pending if !user.active => Opened::Refused(Refusal::Deactivated),
        InvitationState::Pending => Opened::Open(Box::new(invitation), user),
    })
}

/// What became of using a link.
#[derive(Debug, Clone)]
pub enum Accepted {
    /// The password is set; the person may be signed in.
    PasswordSet(UserRow),
    Refused(Refusal),
}

/// Uses a link: marks the invitation accepted and sets the password, in one
/// transaction, only if the link still works at `now`. Of two uses at once,
/// one sets the password and the other is refused as used.
pub fn accept(
    conn: &mut DbConnection,
    token: &str,
    now: NaiveDateTime,
    password_hash: &str,
) -> Result<Accepted, DbError> {
    write_transaction(conn, |c| {
        let (invitation, user) = match open(c, token, now)? {
            Opened::Open(invitation, user) => (invitation, user),
            Opened::Refused(why) => return Ok(Accepted::Refused(why)),
        };
        let actor = Actor::user(user.id, &user.display_name);
        let claimed = diesel::update(
            invitations::table
                .filter(invitations::id.eq(invitation.id))
                .filter(invitations::version.eq(invitation.version))
                .filter(invitations::accepted_at.is_null())
                .filter(invitations::revoked_at.is_null()),
        )
        .set((
            invitations::accepted_at.eq(Some(actor.at)),
            invitations::updated_at.eq(actor.at),
            invitations::version.eq(invitation.version + 1),
        ))
        .execute(c)?;
        if claimed == 0 {
            return Ok(Accepted::Refused(Refusal::Used));
        }
        let user = stored_users::set_password(c, &actor, user.id, password_hash)?;
        let after = serde_json::json!({ "invitation": invitation.id, "sent_to": invitation.sent_to });
        record(c, &actor, Entity::User, user.id.0, Change::AcceptInvitation, None, Some(after))?;
        Ok(Accepted::PasswordSet(user))
    })
}

/// The newest invitations, each with its person.
pub fn list(conn: &mut DbConnection) -> Result<Vec<(InvitationRow, UserRow)>, DbError> {
    Ok(invitations::table
        .inner_join(users::table)
        .order(invitations::id.desc())
        .limit(LISTED)
        .select((InvitationRow::as_select(), UserRow::as_select()))
        .load(conn)?)
}
