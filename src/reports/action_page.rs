//! Everything the action page shows.

use crate::db::actions::{self, ActionRow, UpdateRow};
use crate::db::evidence::{self, EvidenceRow};
use crate::db::findings::FindingRow;
use crate::db::{areas, owners, users, Archived, DbConnection, DbError};
use std::collections::HashMap;

/// One action with its findings, progress and evidence.
#[derive(Debug, Clone)]
pub struct ActionDetail {
    pub action: ActionRow,
    pub area_name: String,
    pub owner: Option<String>,
    pub findings: Vec<FindingRow>,
    pub updates: Vec<(UpdateRow, String)>,
    pub evidence: Vec<EvidenceRow>,
}

/// Loads an action (archived ones too, so links to them still work).
pub fn load(conn: &mut DbConnection, id: i64) -> Result<ActionDetail, DbError> {
    let action = actions::get_any(conn, id)?;
    let area_name = areas::get_any(conn, action.practice_area_id)?.name;
    let owner = match action.owner_id {
        Some(owner) => Some(owners::get_any(conn, owner)?.label()),
        None => None,
    };
    let names: HashMap<i64, String> = users::list(conn)?.into_iter().map(|u| (u.id, u.display_name)).collect();
    let mut updates: Vec<(UpdateRow, String)> = actions::updates(conn, Some(id))?
        .into_iter()
        .map(|u| {
            let author = u.author_id.and_then(|a| names.get(&a).cloned()).unwrap_or_else(|| "System".into());
            (u, author)
        })
        .collect();
    updates.reverse();
    Ok(ActionDetail {
        findings: actions::findings_of(conn, id)?,
        evidence: evidence::for_action(conn, id)?,
        action,
        area_name,
        owner,
        updates,
    })
}

/// A choice in a form: an id and what people see.
pub type Choice = (i64, String);

/// Choices for the action form.
#[derive(Debug, Clone)]
pub struct ActionChoices {
    pub areas: Vec<Choice>,
    pub owners: Vec<Choice>,
}

/// Live areas and owners to choose from.
pub fn form_choices(conn: &mut DbConnection) -> Result<ActionChoices, DbError> {
    let areas = areas::list(conn, Archived::Hide)?.into_iter().map(|a| (a.id, a.name)).collect();
    let owners = owners::list(conn, Archived::Hide)?.into_iter().map(|o| (o.id, o.label())).collect();
    Ok(ActionChoices { areas, owners })
}
