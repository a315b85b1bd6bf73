//! The answer for an entry of change history.

use crate::db::history::HistoryRow;
use crate::domain::history::{self, Entity};
use crate::domain::ids::UserId;
use crate::domain::kinds::Role;
use chrono::NaiveDateTime;
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

// Written out rather than with `answer!`: the fields before and after are
// parsed from stored text and depend on who reads them.
/// One change to a record, or a sign-in, with the fields before and after.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = change)]
pub struct Change {
    pub id: i64,
    #[schema(value_type = String)]
    pub at: NaiveDateTime,
    /// The user who made it, while their account is kept.
    #[schema(value_type = Option<i64>)]
    pub user_id: Option<UserId>,
    /// Who made it, by name, as it was then.
    pub actor: String,
    /// The kind of record changed.
    #[schema(value_type = String)]
    pub entity: Entity,
    pub entity_id: i64,
    /// What was done: create, update, archive...
    #[schema(value_type = String)]
    pub what: history::Change,
    /// The changed fields before.
    #[schema(value_type = Option<Object>)]
    pub before: Option<Value>,
    /// The changed fields after.
    #[schema(value_type = Option<Object>)]
    pub after: Option<Value>,
}

impl Change {
    /// The entry as `role` may see it: as on the page, where a sign-in came
    /// from is for admins only.
    pub fn seen_by(row: &HistoryRow, role: Role) -> Self {
        let parse = |text: &Option<String>| text.as_deref().and_then(|t| serde_json::from_str::<Value>(t).ok());
        let (mut before, mut after) = (parse(&row.before_json), parse(&row.after_json));
        if role != Role::Admin {
            for side in [&mut before, &mut after].into_iter().flatten() {
                if let Some(map) = side.as_object_mut() {
                    map.remove("client_address");
                }
            }
        }
        Self {
            id: row.id,
            at: row.at,
            user_id: row.user_id,
            actor: row.actor.clone(),
            entity: row.entity.clone(),
            entity_id: row.entity_id,
            what: row.what.clone(),
            before,
            after,
        }
    }
}
