//! What reminder digests are built from, taken from the plan as at a date.

use super::cache::Snapshot;
use super::dated::{is_open, is_waiting_for_review};
use crate::domain::digest::slipping::SlippingArea;
use crate::domain::digest::{AskedEvidence, DigestInput, OpenAction, Recipient, WaitingEvidence};
use crate::domain::ids::OwnerId;
use chrono::NaiveDate;
use std::collections::HashSet;

/// Every live owner (by job title and name), the open actions with a due
/// date, the evidence waiting for review, the requests for evidence still waiting and the areas at risk of slipping
/// on `on`; `leaders` are the owners whose digest includes the review queue
/// and the owners without an email.
pub fn input(snapshot: &Snapshot, leaders: &HashSet<OwnerId>, on: NaiveDate) -> DigestInput {
    let plan = &snapshot.plan;
    let mut owners: Vec<_> = plan.owners.values().filter(|o| o.archived_at.is_none()).collect();
    owners.sort_by_cached_key(|o| (o.job_title.to_lowercase(), o.name.to_lowercase(), o.id));
    let recipients = owners
        .into_iter()
        .map(|o| Recipient {
            id: o.id,
            label: o.label(),
            email: o.email.clone().filter(|e| !e.trim().is_empty()),
            leader: leaders.contains(&o.id),
        })
        .collect();
    let actions = plan
        .actions
        .iter()
        .filter(|a| a.archived_at.is_none() && is_open(a, on))
        .filter_map(|a| {
            Some(OpenAction {
                id: a.id,
                reference: a.reference.clone(),
                title: a.title.clone(),
                owner: a.owner_id,
                due: a.due_date?,
            })
        })
        .collect();
    let evidence = plan
        .evidence
        .iter()
        .filter(|e| e.archived_at.is_none() && is_waiting_for_review(e, on))
        .map(|e| WaitingEvidence { id: e.id, title: e.title.clone(), observed_on: e.observed_on })
        .collect();
    let requests = super::requests::requests(plan, on, |_| true)
        .into_iter()
        .filter(|l| l.standing.is_waiting())
        .map(|l| AskedEvidence {
            id: l.id,
            owner: l.owner.0,
            about: format!("{} {}", l.about.kind, l.about.name),
            wanted: l.wanted,
            due: l.due_on,
        })
        .collect();
    let slipping = super::slipping::at_risk(snapshot, on)
        .into_iter()
        .map(|a| SlippingArea { id: a.id, name: a.name, lead: a.lead, on: a.slip.on, reason: a.slip.reason })
        .collect();
    DigestInput { recipients, actions, evidence, requests, slipping }
}
