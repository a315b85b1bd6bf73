//! Owners as at a date: each with their actions, how many are open and
//! overdue, and their team or partner agency.

use super::cache::Snapshot;
use super::lines::{action_lines, ActionLine};
use crate::db::owners::OwnerRow;
use crate::domain::ids::{AreaId, OwnerId};
use crate::domain::status::AreaStatus;
use chrono::NaiveDate;

/// One owner in the list of owners.
#[derive(Debug, Clone, PartialEq)]
pub struct OwnerLine {
    pub id: OwnerId,
    pub name: String,
    pub job_title: String,
    /// Their team, or the partner agency they work for.
    pub team: String,
    pub email: Option<String>,
    /// The name of the user who signs in as this owner, if any.
    pub user: Option<String>,
    pub archived: bool,
    pub actions: usize,
    pub open: usize,
    pub overdue: usize,
}

fn owner_line(snapshot: &Snapshot, owner: &OwnerRow, as_at: NaiveDate) -> OwnerLine {
    let plan = &snapshot.plan;
    let actions: Vec<_> = plan.actions_of_owner(owner.id).collect();
    OwnerLine {
        id: owner.id,
        name: owner.name.clone(),
        job_title: owner.job_title.clone(),
        team: owner.team.clone(),
        email: owner.email.clone(),
        user: owner.user_id.and_then(|u| plan.user_names.get(&u).cloned()),
        archived: owner.archived_at.is_some(),
        actions: actions.len(),
        open: actions.iter().filter(|a| super::dated::is_open(a, as_at)).count(),
        overdue: actions.iter().filter(|a| super::dated::is_overdue(a, as_at)).count(),
    }
}

/// Every live owner, most overdue first, then by job title and name.
pub fn owner_lines(snapshot: &Snapshot, as_at: NaiveDate) -> Vec<OwnerLine> {
    let mut lines: Vec<OwnerLine> = snapshot
        .plan
        .owners
        .values()
        .filter(|o| o.archived_at.is_none())
        .map(|o| owner_line(snapshot, o, as_at))
        .collect();
    lines.sort_by_cached_key(|l| {
        (std::cmp::Reverse(l.overdue), l.job_title.to_lowercase(), l.name.to_lowercase(), l.id)
    });
    lines
}

/// Everything an owner's page shows.
#[derive(Debug, Clone)]
pub struct OwnerPage {
    pub as_at: NaiveDate,
    pub owner: OwnerLine,
    /// Areas this owner leads, with their status on the date.
    pub areas_led: Vec<(AreaId, String, Option<AreaStatus>)>,
    /// Overdue first, then open by due date, then the rest.
    pub actions: Vec<ActionLine>,
    /// Evidence asked of them, waiting first.
    pub requests: Vec<super::requests::RequestLine>,
}

/// An owner's page as at `as_at`; archived owners still have one, so old links work.
pub fn owner_page(snapshot: &Snapshot, id: OwnerId, as_at: NaiveDate) -> Option<OwnerPage> {
    let plan = &snapshot.plan;
    let owner = plan.owners.get(&id)?;
    let verdicts = snapshot.verdicts(as_at);
    let mut actions = action_lines(plan, plan.actions_of_owner(id), as_at);
    actions.sort_by_key(|a| (!a.overdue, !a.open, a.due.is_none(), a.due));
    Some(OwnerPage {
        as_at,
        owner: owner_line(snapshot, owner, as_at),
        areas_led: plan
            .areas
            .iter()
            .filter(|a| a.lead_owner_id == Some(id))
            .map(|a| (a.id, a.name.clone(), verdicts.get(&a.id).map(|v| v.status)))
            .collect(),
        actions,
        requests: super::requests::of_owner(plan, id, as_at),
    })
}
