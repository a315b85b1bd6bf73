//! An action's progress in one line of time (the MOJ timeline): its progress
//! updates with their RAG rating, and the changes of state, archiving and
//! restoring that change history records, newest first.

use crate::db::actions::UpdateRow;
use crate::db::history::{self, HistoryFilter, HistoryRow};
use crate::db::{DbConnection, DbError};
use crate::domain::history::{Change, Entity};
use crate::domain::ids::ActionId;
use crate::domain::kinds::ActionState;
use chrono::{NaiveDate, NaiveDateTime};
use serde_json::Value;

/// What happened.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A progress update.
    Update(UpdateRow),
    /// The action was added, in this state.
    Added(ActionState),
    /// Its state changed.
    State {
        from: Option<ActionState>,
        to: ActionState,
    },
    Archived,
    Restored,
}

/// One entry of the timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The day it counts as happening (an update's own date).
    pub date: NaiveDate,
    /// When it was recorded, to order entries of the same day.
    pub recorded: NaiveDateTime,
    /// Who.
    pub by: String,
    pub event: Event,
}

/// The change history of one action, for its timeline.
pub fn action_history(conn: &mut DbConnection, id: ActionId) -> Result<Vec<HistoryRow>, DbError> {
    history::list(conn, &HistoryFilter { entity: Some(Entity::Action), entity_id: Some(id.0), since: None, limit: 500 })
}

fn state_in(json: &Option<String>) -> Option<ActionState> {
    let value: Value = serde_json::from_str(json.as_deref()?).ok()?;
    value.get("state")?.as_str()?.parse().ok()
}

/// Updates (with their authors' names) and history merged, newest first,
/// ending with the action's creation.
pub fn timeline(updates: &[(UpdateRow, String)], history: &[HistoryRow]) -> Vec<Entry> {
    let mut entries: Vec<Entry> = updates
        .iter()
        .map(|(u, author)| Entry {
            date: u.update_date,
            recorded: u.created_at,
            by: author.clone(),
            event: Event::Update(u.clone()),
        })
        .collect();
    for h in history {
        let event = match h.what {
            Change::Create => state_in(&h.after_json).map(Event::Added),
            Change::Archive => Some(Event::Archived),
            Change::Restore => Some(Event::Restored),
            _ => state_in(&h.after_json).map(|to| Event::State { from: state_in(&h.before_json), to }),
        };
        if let Some(event) = event {
            entries.push(Entry { date: h.at.date(), recorded: h.at, by: h.actor.clone(), event });
        }
    }
    // The action's creation comes first in its story even when it was recorded
    // after its updates (a plan imported with its history): it goes last here.
    entries.sort_by_key(|e| std::cmp::Reverse((!matches!(e.event, Event::Added(_)), e.date, e.recorded)));
    entries
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::{UpdateId, UserId};
    use crate::domain::kinds::Rag;

    fn at(d: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2025, 1, d).unwrap().and_hms_opt(9, 0, 0).unwrap()
    }

    fn entry(what: &str, d: u32, before: Option<&str>, after: Option<&str>) -> HistoryRow {
        HistoryRow {
            id: d as i64,
            at: at(d),
            user_id: Some(UserId(1)),
            actor: "Helen Marsh".into(),
            entity: Entity::Action,
            entity_id: 1,
            what: Change::from_stored(what),
            before_json: before.map(str::to_string),
            after_json: after.map(str::to_string),
            created_at: at(d),
            updated_at: at(d),
        }
    }

    #[test]
    fn updates_and_state_changes_share_one_line_of_time_newest_first() {
        let update = UpdateRow {
            id: UpdateId(1),
            action_id: ActionId(1),
            update_date: NaiveDate::from_ymd_opt(2025, 1, 10).unwrap(),
            rag: Rag::Green,
            note: "Clinics running weekly".into(),
            author_id: Some(UserId(2)),
            created_at: at(10),
            updated_at: at(10),
        };
        let history = vec![
            entry("create", 1, None, Some(r#"{"state":"planned","title":"x"}"#)),
            entry("update", 5, Some(r#"{"state":"planned"}"#), Some(r#"{"state":"in_progress"}"#)),
            entry("update", 6, Some(r#"{"title":"a"}"#), Some(r#"{"title":"b"}"#)),
            entry("set_links", 7, Some("{}"), Some("{}")),
        ];
        let line = timeline(&[(update, "Tom Okafor".into())], &history);
        let kinds: Vec<&Event> = line.iter().map(|e| &e.event).collect();
        assert!(matches!(kinds[0], Event::Update(_)));
        assert_eq!(kinds[1], &Event::State { from: Some(ActionState::Planned), to: ActionState::InProgress });
        assert_eq!(kinds[2], &Event::Added(ActionState::Planned));
        assert_eq!(line.len(), 3, "a change that is not a change of state is left out");
    }
}
