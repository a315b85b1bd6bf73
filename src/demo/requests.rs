//! The demo's requests for evidence, one in each state a leader meets: open
//! (asked of the contributor, so it shows on their "My actions"), overdue
//! (asked of a police partner who does not sign in, so the leaders' digests
//! pass it on), answered by a verified item, and closed unanswered.

use crate::db::{actions, areas, evidence, findings, requests, Actor, Archived, DbConnection, DbError};
use crate::domain::ids::{AreaId, OwnerId};
use crate::domain::kinds::{ActionState, ReviewState};
use crate::domain::requests::{Closing, RequestInput, Subject};
use crate::domain::valid::{Context, Validate};
use chrono::{Duration, NaiveDate};
use std::collections::HashMap;

/// Asks for evidence as the leader would have over the weeks before `as_at`;
/// each request is dated by the day it was asked, answered or closed. A
/// demo without the owners or records one needs goes without it. Returns
/// how many were asked.
pub(super) fn ask(
    c: &mut DbConnection,
    leader: &Actor,
    as_at: NaiveDate,
    owners: &HashMap<&str, OwnerId>,
) -> Result<usize, DbError> {
    let day = |n: i64| as_at + Duration::days(n);
    let mut asked = 0;
    let mut make = |c: &mut DbConnection, (owner, subject): (&str, Subject), (on, due): (i64, i64), wanted: &str| {
        let Some(&owner_id) = owners.get(owner) else { return Ok(None) };
        let input = RequestInput { subject, owner_id, due_on: day(due), wanted: wanted.into() };
        let valid = input.validate(&Context::for_today(day(on))).map_err(DbError::Invalid)?;
        asked += 1;
        requests::create(c, leader, &valid, day(on)).map(Some)
    };
    let owned_by = |key: &str| owners.get(key).copied();
    let all_actions = actions::list(c, Archived::Hide)?;
    let open_action = all_actions
        .iter()
        .find(|a| a.owner_id.is_some() && a.owner_id == owned_by("qa_manager") && a.state != ActionState::Completed);
    if let Some(action) = open_action {
        make(
            c,
            ("qa_manager", Subject::Action(action.id)),
            (-5, 16),
            "The findings of this month's dip-sample of referrals: the grades, and what changed since the last one.",
        )?;
    }
    if let Some(finding) = findings::list(c, Archived::Hide)?.first() {
        make(
            c,
            ("police", Subject::Finding(finding.id)),
            (-35, -7),
            "Minutes of the last two strategy meetings held in the MASH, showing police attendance and decisions made within one working day.",
        )?;
    }
    let items = evidence::list(c, Archived::Hide)?;
    let verified: Vec<(AreaId, _)> = items
        .iter()
        .filter(|e| e.review_state == ReviewState::Verified && e.observed_on <= day(-12))
        .map(|e| (e.practice_area_id, e.id))
        .collect();
    // Asked of the head of the front door about an area they lead, where there is one.
    let led: Vec<AreaId> = areas::list(c, Archived::Hide)?
        .iter()
        .filter(|a| a.lead_owner_id == owned_by("hos_mash"))
        .map(|a| a.id)
        .collect();
    let answering = verified.iter().find(|(area, _)| led.contains(area)).or(verified.first());
    if let Some(&(area, item)) = answering {
        let wanted = "A case-file audit showing how management oversight is recorded on open cases.";
        if let Some(row) = make(c, ("hos_mash", Subject::Area(area)), (-40, -10), wanted)? {
            requests::answer(c, leader, row.id, item, day(-12))?;
        }
    }
    if let Some(&(area, _)) = verified.last() {
        let wanted = "The health partners' own audit of referrals to the MASH.";
        if let Some(row) = make(c, ("health", Subject::Area(area)), (-60, -30), wanted)? {
            let reason = "The joint audit with health, already verified in this area, covers it.";
            let closing =
                Closing { reason: reason.into() }.validate(&Context::for_today(day(-20))).map_err(DbError::Invalid)?;
            requests::close(c, leader, row.id, row.version, &closing, day(-20))?;
        }
    }
    Ok(asked)
}
