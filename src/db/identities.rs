//! Identities at OpenID providers, linked to users, and every sign-in through
//! a provider: what `domain::sign_on` decides, written in one transaction
//! with its change history.

use super::connection::write_transaction;
use super::history::record;
use super::schema::{identities, provider_sign_ins, users};
use super::users::{self as stored_users, UserRow};
use super::{Actor, DbConnection, DbError};
use crate::domain::history::{Change, Entity};
use crate::domain::ids::UserId;
use crate::domain::kinds::Role;
use crate::domain::sign_on::{decide, Met, Refusal, RoleRules, Verdict};
use crate::domain::users::UserInput;
use crate::domain::valid::{Context, Validate};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::json;

/// A user's identity at one provider.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Serialize, Deserialize)]
#[diesel(table_name = identities)]
pub struct IdentityRow {
    pub id: i64,
    pub user_id: UserId,
    pub provider: String,
    pub issuer: String,
    pub subject: String,
    pub last_sign_in_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// What a provider said about someone, once its ID token checked out.
#[derive(Debug, Clone)]
pub struct Vouched {
    /// The provider's id in the settings, and its name.
    pub provider: String,
    pub provider_name: String,
    pub issuer: String,
    pub subject: String,
    pub email: Option<String>,
    /// Whether the provider vouches for the email.
    pub email_vouched: bool,
    pub name: Option<String>,
    /// The Sustain role its claims map to, if any.
    pub mapped: Option<Role>,
    pub rules: RoleRules,
    pub client_address: String,
}

/// The outcome, already written with its history.
#[derive(Debug)]
pub enum SignedOn {
    /// The user to start a session for, as they now are.
    Accepted(UserRow),
    Refused(Refusal),
}

/// Decides and records a sign-in through a provider: the link (by issuer and
/// subject, or once by a vouched-for email), a new user, a role the provider
/// changed, or a refusal; each in change history.
pub fn sign_on(
    conn: &mut DbConnection,
    who: &Vouched,
    context: &Context,
    at: NaiveDateTime,
) -> Result<SignedOn, DbError> {
    write_transaction(conn, |c| {
        let linked = find(c, &who.issuer, &who.subject)?;
        let (met, user) = match linked {
            Some(identity) => {
                let user = stored_users::get(c, identity.user_id)?;
                (Met::Linked { active: user.active, role: user.role }, Some(user))
            }
            None => match who.email.as_deref().map(|e| stored_users::find_by_email(c, e)).transpose()?.flatten() {
                Some(user) => {
                    let elsewhere = identities::table
                        .filter(identities::user_id.eq(user.id))
                        .filter(identities::issuer.eq(&who.issuer))
                        .count()
                        .get_result::<i64>(c)?
                        > 0;
                    let met = Met::SameEmail { active: user.active, role: user.role, linked_elsewhere: elsewhere };
                    (met, Some(user))
                }
                None => (Met::Nobody, None),
            },
        };
        let verdict = decide(met, who.mapped, &who.rules, who.email.is_some(), who.email_vouched);
        let by_provider = Actor::system(&format!("Sign-in with {}", who.provider_name)).at(at);
        let (user, new_role) = match (verdict, user) {
            (Verdict::Refuse(refusal), user) => {
                refuse(c, who, user.as_ref(), refusal, at)?;
                return Ok(SignedOn::Refused(refusal));
            }
            (Verdict::SignIn { new_role }, Some(user)) => (user, new_role),
            (Verdict::LinkAndSignIn { new_role }, Some(user)) => {
                link(c, &actor_for(&user, at), who, user.id)?;
                (user, new_role)
            }
            (Verdict::Create { role }, _) => {
                let user = create(c, &by_provider, who, role, context)?;
                link(c, &by_provider, who, user.id)?;
                (user, None)
            }
            (_, None) => return Err(DbError::Database(diesel::result::Error::NotFound)),
        };
        let user = match new_role {
            Some(role) => stored_users::set_role_from_provider(c, &by_provider, user.id, role, &who.provider)?,
            None => user,
        };
        accepted(c, who, &user, at)?;
        Ok(SignedOn::Accepted(user))
    })
}

fn actor_for(user: &UserRow, at: NaiveDateTime) -> Actor {
    Actor::user(user.id, &user.display_name).at(at)
}

/// The identity with this issuer and subject.
pub fn find(conn: &mut DbConnection, issuer: &str, subject: &str) -> Result<Option<IdentityRow>, DbError> {
    Ok(identities::table
        .filter(identities::issuer.eq(issuer))
        .filter(identities::subject.eq(subject))
        .select(IdentityRow::as_select())
        .get_result(conn)
        .optional()?)
}

fn create(
    conn: &mut DbConnection,
    actor: &Actor,
    who: &Vouched,
    role: Role,
    context: &Context,
) -> Result<UserRow, DbError> {
    let email = who.email.clone().unwrap_or_default();
    let name = who.name.clone().filter(|n| !n.trim().is_empty()).unwrap_or_else(|| email.clone());
    let input = UserInput { email, display_name: name.chars().take(100).collect(), role };
    let valid = input.validate(context).map_err(DbError::Invalid)?;
    stored_users::create(conn, actor, &valid, None)
}

fn link(conn: &mut DbConnection, actor: &Actor, who: &Vouched, user: UserId) -> Result<(), DbError> {
    diesel::insert_into(identities::table)
        .values((
            identities::user_id.eq(user),
            identities::provider.eq(&who.provider),
            identities::issuer.eq(&who.issuer),
            identities::subject.eq(&who.subject),
            identities::created_at.eq(actor.at),
            identities::updated_at.eq(actor.at),
        ))
        .execute(conn)?;
    let after = json!({ "provider": who.provider, "issuer": who.issuer, "subject": who.subject, "email": who.email });
    record(conn, actor, Entity::User, user.0, Change::Link, None, Some(after))
}

fn attempt(
    conn: &mut DbConnection,
    who: &Vouched,
    user: Option<UserId>,
    refusal: Option<Refusal>,
    at: NaiveDateTime,
) -> Result<i64, DbError> {
    let reason =
        refusal.map(|r| serde_json::to_value(r).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default());
    Ok(diesel::insert_into(provider_sign_ins::table)
        .values((
            provider_sign_ins::provider.eq(&who.provider),
            provider_sign_ins::subject.eq(Some(&who.subject)),
            provider_sign_ins::user_id.eq(user.map(|u| u.0)),
            provider_sign_ins::refused.eq(refusal.is_some()),
            provider_sign_ins::reason.eq(reason),
            provider_sign_ins::client_address.eq(&who.client_address),
            provider_sign_ins::at.eq(at),
            provider_sign_ins::created_at.eq(at),
        ))
        .returning(provider_sign_ins::id)
        .get_result(conn)?)
}

fn accepted(conn: &mut DbConnection, who: &Vouched, user: &UserRow, at: NaiveDateTime) -> Result<(), DbError> {
    attempt(conn, who, Some(user.id), None, at)?;
    diesel::update(
        identities::table.filter(identities::issuer.eq(&who.issuer)).filter(identities::subject.eq(&who.subject)),
    )
    .set((identities::last_sign_in_at.eq(Some(at)), identities::updated_at.eq(at)))
    .execute(conn)?;
    diesel::update(users::table.find(user.id)).set(users::last_login_at.eq(Some(at))).execute(conn)?;
    let details = json!({ "provider": who.provider, "client_address": who.client_address });
    record(conn, &actor_for(user, at), Entity::User, user.id.0, Change::SignIn, None, Some(details))
}

fn refuse(
    conn: &mut DbConnection,
    who: &Vouched,
    user: Option<&UserRow>,
    refusal: Refusal,
    at: NaiveDateTime,
) -> Result<(), DbError> {
    let id = attempt(conn, who, user.map(|u| u.id), Some(refusal), at)?;
    let details = json!({
        "provider": who.provider, "reason": refusal, "email": who.email, "client_address": who.client_address,
    });
    let actor = Actor::system(&format!("Sign-in with {}", who.provider_name)).at(at);
    match user {
        Some(user) => record(conn, &actor, Entity::User, user.id.0, Change::ProviderSignInRefused, None, Some(details)),
        None => record(conn, &actor, Entity::ProviderSignIn, id, Change::ProviderSignInRefused, None, Some(details)),
    }
}

/// Records a sign-in through a provider refused before anyone was known: the
/// provider could not be reached, or its answer did not check out (`reason`).
pub fn refuse_unverified(
    conn: &mut DbConnection,
    provider: &str,
    reason: &str,
    client_address: &str,
    at: NaiveDateTime,
) -> Result<(), DbError> {
    super::connection::security_transaction(conn, |c| {
        let id: i64 = diesel::insert_into(provider_sign_ins::table)
            .values((
                provider_sign_ins::provider.eq(provider),
                provider_sign_ins::refused.eq(true),
                provider_sign_ins::reason.eq(Some(reason)),
                provider_sign_ins::client_address.eq(client_address),
                provider_sign_ins::at.eq(at),
                provider_sign_ins::created_at.eq(at),
            ))
            .returning(provider_sign_ins::id)
            .get_result(c)?;
        let details = json!({ "provider": provider, "reason": reason, "client_address": client_address });
        let actor = Actor::system(&format!("Sign-in with {provider}")).at(at);
        record(c, &actor, Entity::ProviderSignIn, id, Change::ProviderSignInRefused, None, Some(details))
    })
}
