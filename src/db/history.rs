//! Change history: an append-only record of who changed what and when.

use super::schema::change_history;
use super::{DbConnection, DbError};
use crate::domain::history::{Change, Entity};
use crate::domain::ids::UserId;
use chrono::{NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Who is making a change, and the moment it counts as made.
#[derive(Debug, Clone)]
pub struct Actor {
    /// The signed-in user, or none for the system (CLI, demo loader).
    pub user_id: Option<UserId>,
    /// Name shown in the history.
    pub name: String,
    /// When the change is made (UTC).
    pub at: NaiveDateTime,
}

impl Actor {
    /// A signed-in user acting now.
    pub fn user(user_id: UserId, name: &str) -> Self {
        Self { user_id: Some(user_id), name: name.to_string(), at: now() }
    }

    /// The system acting now (a CLI command).
    pub fn system(name: &str) -> Self {
        Self { user_id: None, name: name.to_string(), at: now() }
    }

    /// The same actor at a fixed moment (the demo loader uses this so that its
    /// data is identical for the same "as at" date).
    pub fn at(mut self, at: NaiveDateTime) -> Self {
        self.at = at;
        self
    }
}

/// The current UTC time to the microsecond, the precision both backends keep.
pub fn now() -> NaiveDateTime {
    let t = Utc::now().naive_utc();
    t.with_nanosecond_micros()
}

trait MicroPrecision {
    fn with_nanosecond_micros(self) -> Self;
}

impl MicroPrecision for NaiveDateTime {
    fn with_nanosecond_micros(self) -> Self {
        use chrono::Timelike;
        let micros = self.nanosecond() / 1_000 * 1_000;
        self.with_nanosecond(micros).unwrap_or(self)
    }
}

/// One entry of change history.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize, Deserialize, PartialEq)]
#[diesel(table_name = change_history)]
pub struct HistoryRow {
    pub id: i64,
    pub at: NaiveDateTime,
    pub user_id: Option<UserId>,
    pub actor: String,
    pub entity: Entity,
    pub entity_id: i64,
    pub what: Change,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = change_history)]
struct NewHistory<'a> {
    at: NaiveDateTime,
    user_id: Option<UserId>,
    actor: &'a str,
    entity: &'a Entity,
    entity_id: i64,
    what: &'a Change,
    before_json: Option<String>,
    after_json: Option<String>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

/// Appends one entry. `before` and `after` are JSON objects of the fields concerned.
pub fn record(
    conn: &mut DbConnection,
    actor: &Actor,
    entity: Entity,
    entity_id: i64,
    what: Change,
    before: Option<Value>,
    after: Option<Value>,
) -> Result<(), DbError> {
    diesel::insert_into(change_history::table)
        .values(NewHistory {
            at: actor.at,
            user_id: actor.user_id,
            actor: &actor.name,
            entity: &entity,
            entity_id,
            what: &what,
            before_json: before.map(|v| v.to_string()),
            after_json: after.map(|v| v.to_string()),
            created_at: actor.at,
            updated_at: actor.at,
        })
        .execute(conn)?;
    Ok(())
}

/// Fields that change on every write and say nothing about what changed.
const BOOKKEEPING: &[&str] = &["updated_at", "version"];

/// The fields that differ between two JSON objects, as (before, after) objects.
pub fn changed_fields(before: &Value, after: &Value) -> (Value, Value) {
    let empty = Map::new();
    let old = before.as_object().unwrap_or(&empty);
    let new = after.as_object().unwrap_or(&empty);
    let mut was = Map::new();
    let mut now = Map::new();
    for (key, value) in new {
        if BOOKKEEPING.contains(&key.as_str()) {
            continue;
        }
        let previous = old.get(key).cloned().unwrap_or(Value::Null);
        if &previous != value {
            was.insert(key.clone(), previous);
            now.insert(key.clone(), value.clone());
        }
    }
    (Value::Object(was), Value::Object(now))
}

/// Filters for reading history.
#[derive(Debug, Clone, Default)]
pub struct HistoryFilter {
    pub entity: Option<Entity>,
    pub entity_id: Option<i64>,
    pub since: Option<NaiveDateTime>,
    pub limit: i64,
}

/// History entries, newest first.
pub fn list(conn: &mut DbConnection, filter: &HistoryFilter) -> Result<Vec<HistoryRow>, DbError> {
    let mut query = change_history::table.into_boxed();
    if let Some(entity) = &filter.entity {
        query = query.filter(change_history::entity.eq(entity.clone()));
    }
    if let Some(id) = filter.entity_id {
        query = query.filter(change_history::entity_id.eq(id));
    }
    if let Some(since) = filter.since {
        query = query.filter(change_history::at.ge(since));
    }
    let limit = if filter.limit > 0 { filter.limit } else { 200 };
    Ok(query
        .order((change_history::at.desc(), change_history::id.desc()))
        .limit(limit)
        .select(HistoryRow::as_select())
        .load(conn)?)
}

/// The entities that make up the plan (users and sign-ins are not in it).
pub const PLAN_ENTITIES: &[Entity] = &[
    Entity::PracticeArea,
    Entity::Action,
    Entity::ActionUpdate,
    Entity::Finding,
    Entity::Inspection,
    Entity::Judgement,
    Entity::Evidence,
    Entity::Attachment,
    Entity::Measure,
    Entity::Result,
    Entity::RecalculationPoint,
    Entity::Owner,
];

/// Which events a history query keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Events {
    /// Every event.
    #[default]
    Any,
    /// Only sign-ins, sign-outs and other session events.
    SessionsOnly,
    /// Everything but session events.
    NoSessions,
}

/// A filter on change history, for pages of it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HistoryQuery {
    /// Entities to keep; empty keeps every entity.
    pub entities: Vec<Entity>,
    /// Only this record of the entity.
    pub entity_id: Option<i64>,
    /// Only changes by this user.
    pub user_id: Option<UserId>,
    /// Which kinds of event.
    pub events: Events,
    /// Only entries at or after this moment.
    pub from: Option<NaiveDateTime>,
    /// Only entries before this moment.
    pub before: Option<NaiveDateTime>,
}

type Boxed = change_history::BoxedQuery<'static, super::connection::MultiBackend>;

/// The query a filter describes. Each filter is served by an index: (at,
/// id), (entity, at, id), (entity, entity_id), (user_id, at, id), (what, at, id).
fn filtered(q: &HistoryQuery) -> Boxed {
    let mut query = change_history::table.into_boxed();
    match q.entities.as_slice() {
        [] => {}
        [one] => query = query.filter(change_history::entity.eq(one.clone())),
        many => query = query.filter(change_history::entity.eq_any(many.to_vec())),
    }
    if let Some(id) = q.entity_id {
        query = query.filter(change_history::entity_id.eq(id));
    }
    if let Some(user) = q.user_id {
        query = query.filter(change_history::user_id.eq(user));
    }
    match q.events {
        Events::Any => {}
        Events::SessionsOnly => query = query.filter(change_history::what.eq_any(Change::SESSION_EVENTS)),
        Events::NoSessions => query = query.filter(change_history::what.ne_all(Change::SESSION_EVENTS)),
    }
    if let Some(from) = q.from {
        query = query.filter(change_history::at.ge(from));
    }
    if let Some(before) = q.before {
        query = query.filter(change_history::at.lt(before));
    }
    query
}

/// One page of history entries, newest first, and how many entries match in all.
pub fn page(
    conn: &mut DbConnection,
    q: &HistoryQuery,
    offset: i64,
    limit: i64,
) -> Result<(Vec<HistoryRow>, i64), DbError> {
    super::read_snapshot(conn, |conn| {
        let total: i64 = filtered(q).count().get_result(conn)?;
        let rows = filtered(q)
            .order((change_history::at.desc(), change_history::id.desc()))
            .offset(offset.max(0))
            .limit(limit.clamp(1, 500))
            .select(HistoryRow::as_select())
            .load(conn)?;
        Ok((rows, total))
    })
}

/// The latest `limit` entries a filter keeps, newest first, without counting them all.
pub fn latest(conn: &mut DbConnection, q: &HistoryQuery, limit: i64) -> Result<Vec<HistoryRow>, DbError> {
    let limit = limit.clamp(1, 500);
    if let (Some(id), [entity], None, Events::Any, None, Some(before)) =
        (q.entity_id, q.entities.as_slice(), q.user_id, q.events, q.from, q.before)
    {
        return of_record(conn, (entity.clone(), id), before, limit);
    }
    Ok(filtered(q)
        .order((change_history::at.desc(), change_history::id.desc()))
        .limit(limit)
        .select(HistoryRow::as_select())
        .load(conn)?)
}

/// One record's latest changes before `before`, newest first: what every
/// record's page shows. A query of one shape, so that each connection
/// prepares it once. SQLite reads it without a bound `LIMIT`, which makes it
/// prepare the statement again at every run (with the filter's query built
/// afresh, a tenth of the server's time on a large area's page); its index
/// on the record and time gives the rows newest first, so reading stops after
/// `limit` of them.
fn of_record(
    conn: &mut DbConnection,
    (entity, id): (Entity, i64),
    before: NaiveDateTime,
    limit: i64,
) -> Result<Vec<HistoryRow>, DbError> {
    let newest_first = change_history::table
        .filter(change_history::entity.eq(entity))
        .filter(change_history::entity_id.eq(id))
        .filter(change_history::at.lt(before))
        .order((change_history::at.desc(), change_history::id.desc()))
        .select(HistoryRow::as_select());
    if matches!(conn, DbConnection::Sqlite(_)) {
        let rows = newest_first.load_iter::<HistoryRow, diesel::connection::DefaultLoadingMode>(conn)?;
        return Ok(rows.take(limit as usize).collect::<Result<_, _>>()?);
    }
    Ok(newest_first.limit(limit).load(conn)?)
}

/// The entities whose history rewinds the plan to an earlier moment: the plan's
/// own, the council's name and the names of users.
fn rewound_entities() -> Vec<Entity> {
    PLAN_ENTITIES.iter().cloned().chain([Entity::Council, Entity::User]).collect()
}

/// Every change to the plan made after `moment`, oldest first: what an
/// earlier view of the plan undoes.
pub fn plan_changes_after(conn: &mut DbConnection, moment: NaiveDateTime) -> Result<Vec<HistoryRow>, DbError> {
    Ok(change_history::table
        .filter(change_history::entity.eq_any(rewound_entities()))
        .filter(change_history::what.ne_all(Change::SESSION_EVENTS))
        .filter(change_history::at.gt(moment))
        .order((change_history::at.asc(), change_history::id.asc()))
        .select(HistoryRow::as_select())
        .load(conn)?)
}

/// Whether `test` holds for every change made to the plan after `moment`
/// (the record's entity and id, and what was done), read a row at a time and
/// stopping at the first it fails: enough to tell whether the plan of that
/// moment differs from the plan as it is. A large authority loaded today has
/// a hundred thousand such rows; read into one list, sorted, they took the
/// server's memory up by about 100 MB for each date asked about.
pub fn every_plan_change_after(
    conn: &mut DbConnection,
    moment: NaiveDateTime,
    mut test: impl FnMut(Entity, i64, Change) -> bool,
) -> Result<bool, DbError> {
    let rows = change_history::table
        .filter(change_history::entity.eq_any(rewound_entities()))
        .filter(change_history::what.ne_all(Change::SESSION_EVENTS))
        .filter(change_history::at.gt(moment))
        .select((change_history::entity, change_history::entity_id, change_history::what))
        .load_iter::<(Entity, i64, Change), diesel::connection::DefaultLoadingMode>(conn)?;
    for row in rows {
        let (entity, id, what) = row?;
        if !test(entity, id, what) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// When the plan was last changed, if ever: a view of any later moment is
/// the plan as it is.
pub fn last_plan_change(conn: &mut DbConnection) -> Result<Option<NaiveDateTime>, DbError> {
    Ok(change_history::table
        .filter(change_history::entity.eq_any(rewound_entities()))
        .filter(change_history::what.ne_all(Change::SESSION_EVENTS))
        .select(diesel::dsl::max(change_history::at))
        .get_result(conn)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_changed_fields_are_kept() {
        let before = json!({"title": "Old", "owner_id": 3, "version": 1, "updated_at": "a"});
        let after = json!({"title": "New", "owner_id": 3, "version": 2, "updated_at": "b"});
        let (was, now) = changed_fields(&before, &after);
        assert_eq!(was, json!({"title": "Old"}));
        assert_eq!(now, json!({"title": "New"}));
    }
}
