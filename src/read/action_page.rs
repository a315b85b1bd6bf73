//! Everything the action page shows.

use super::plan::PlanIndex;
use crate::db::actions::{self, ActionRow, UpdateRow};
use crate::db::evidence::{self, EvidenceRow};
use crate::db::findings::FindingRow;
use crate::db::sign_offs::{self, SignOffRow};
use crate::db::{areas, owners, DbConnection, DbError};
use crate::domain::ids::{ActionId, UpdateId, UserId};
use crate::domain::sign_off::{standing, Standing};

/// One action with its findings, progress and evidence.
#[derive(Debug, Clone)]
pub struct ActionDetail {
    pub action: ActionRow,
    pub area_name: String,
    pub owner: Option<String>,
    pub findings: Vec<FindingRow>,
    /// Progress updates, newest first, with their author's name.
    pub updates: Vec<(UpdateRow, String)>,
    pub evidence: Vec<EvidenceRow>,
    /// Where its sign-off stands, with the latest decision.
    pub sign_off: SignOffShown,
}

/// An action's sign-off as its page shows it.
#[derive(Debug, Clone)]
pub struct SignOffShown {
    pub standing: Standing,
    /// The latest sign-off or return, with who made it (none when made
    /// before sign-off was kept) and the progress update it kept.
    pub latest: Option<(SignOffRow, Option<String>, Option<UpdateRow>)>,
}

fn shown(
    standing: Standing,
    latest: Option<SignOffRow>,
    name: impl Fn(UserId) -> String,
    update: impl Fn(UpdateId) -> Option<UpdateRow>,
) -> SignOffShown {
    let latest = latest.map(|row| {
        let by = row.decided_by.map(&name);
        let kept = row.latest_update_id.and_then(&update);
        (row, by, kept)
    });
    SignOffShown { standing, latest }
}

/// A live action from the cached plan, with no further reads; none when the
/// action is archived (then `load` reads it, so links to it still work).
pub fn from_plan(plan: &PlanIndex, id: ActionId) -> Option<ActionDetail> {
    let action = plan.action(id)?.clone();
    let area_name = plan.area(action.practice_area_id).map(|a| a.name.clone()).unwrap_or_default();
    let mut updates: Vec<(UpdateRow, String)> =
        plan.updates.get(&id).into_iter().flatten().map(|u| (u.clone(), plan.user_name(u.author_id))).collect();
    updates.sort_by_key(|(u, _)| std::cmp::Reverse((u.update_date, u.id)));
    let findings =
        PlanIndex::linked(&plan.findings_of_action, id).into_iter().filter_map(|f| plan.finding(f).cloned()).collect();
    let mut evidence: Vec<EvidenceRow> = PlanIndex::linked(&plan.evidence_of_action, id)
        .into_iter()
        .filter_map(|e| plan.evidence_item(e).cloned())
        .collect();
    evidence.sort_by_key(|e| std::cmp::Reverse((e.observed_on, e.id)));
    let sign_off = shown(
        plan.sign_off(&action),
        plan.latest_sign_off(id).cloned(),
        |user| plan.user_name(Some(user)),
        |kept| updates.iter().find(|(u, _)| u.id == kept).map(|(u, _)| u.clone()),
    );
    Some(ActionDetail {
        owner: plan.owner_label(action.owner_id),
        action,
        area_name,
        findings,
        updates,
        evidence,
        sign_off,
    })
}

/// Loads an action (archived ones too, so links to them still work), in one snapshot.
pub fn load(conn: &mut DbConnection, id: ActionId) -> Result<ActionDetail, DbError> {
    crate::db::read_snapshot(conn, |conn| {
        let action = actions::get_any(conn, id)?;
        let area_name = areas::get_any(conn, action.practice_area_id)?.name;
        let owner = match action.owner_id {
            Some(owner) => Some(owners::get_any(conn, owner)?.label()),
            None => None,
        };
        let updates = actions::updates_with_authors(conn, id)?;
        let updates: Vec<(UpdateRow, String)> =
            updates.into_iter().map(|(u, name)| (u, name.unwrap_or_else(|| "System".into()))).collect();
        let asked = crate::db::council::find(conn)?.is_none_or(|c| c.sign_off);
        let latest = sign_offs::latest_of(conn, id)?;
        let standing = standing(
            asked,
            action.state,
            &sign_offs::as_it_stands(&action),
            latest.as_ref().map(SignOffRow::latest).as_ref(),
        );
        let names: Vec<(UserId, String)> = match latest.as_ref().and_then(|l| l.decided_by) {
            Some(user) => vec![(user, crate::db::users::get(conn, user)?.display_name)],
            None => Vec::new(),
        };
        let sign_off = shown(
            standing,
            latest,
            |user| names.iter().find(|(u, _)| *u == user).map(|(_, n)| n.clone()).unwrap_or_default(),
            |kept| updates.iter().find(|(u, _)| u.id == kept).map(|(u, _)| u.clone()),
        );
        Ok(ActionDetail {
            sign_off,
            findings: actions::findings_of(conn, id)?,
            evidence: evidence::for_action(conn, id)?,
            action,
            area_name,
            owner,
            updates,
        })
    })
}
