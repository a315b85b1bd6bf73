//! Small builders that keep the area data readable.

use super::calendar::Calendar;
use super::people::{CONTRIBUTOR, LEADER};
use super::{DemoAction, DemoEvidence, DemoSignOff, DemoUpdate};
use crate::domain::kinds::{ActionState, EvidenceKind, Rag, ReviewState};
use chrono::NaiveDate;

/// Where an evidence item stands.
#[derive(Debug, Clone, Copy)]
pub enum Review {
    /// Verified a week after it was observed (or by the "as at" date).
    Verified,
    /// Awaiting review.
    Draft,
    /// Rejected, with the reason.
    Rejected(&'static str),
    /// Returned to the person who added it for changes, with the reason.
    Returned(&'static str),
}

/// One evidence item: title, kind, months back, day of that month, review.
pub type Item = (&'static str, EvidenceKind, u32, u32, Review);

/// Evidence items linked to the same findings and actions.
pub fn evidence(cal: &Calendar, items: &[Item], findings: &[&'static str], actions: &[&str]) -> Vec<DemoEvidence> {
    items
        .iter()
        .map(|(title, kind, k, day, review)| {
            let observed = cal.day(*k, *day);
            let reviewed = Calendar::after(observed, 7).min(cal.as_at);
            let (state, reviewed_on, reason) = match review {
                Review::Verified => (ReviewState::Verified, Some(reviewed), None),
                Review::Draft => (ReviewState::Draft, None, None),
                Review::Rejected(why) => (ReviewState::Rejected, Some(reviewed), Some(why.to_string())),
                Review::Returned(_) => (ReviewState::Draft, Some(reviewed), None),
            };
            DemoEvidence {
                title: (*title).into(),
                kind: *kind,
                description: describe(title, *kind, observed),
                observed_on: observed,
                period: matches!(kind, EvidenceKind::CaseAudit | EvidenceKind::PerformanceData)
                    .then(|| (cal.day(*k, 1), cal.m(*k))),
                review: state,
                reviewed_on,
                reviewer_email: reviewed_on.map(|_| LEADER.to_string()),
                rejection_reason: reason,
                return_reason: match review {
                    Review::Returned(why) => Some(why.to_string()),
                    _ => None,
                },
                finding_keys: findings.iter().map(|f| f.to_string()).collect(),
                action_refs: actions.iter().map(|a| a.to_string()).collect(),
                attachments: vec![],
            }
        })
        .collect()
}

/// What an action is.
pub struct Plan<'a> {
    pub reference: &'a str,
    pub title: &'a str,
    /// What the action involves: the plan's "what" and "how".
    pub what: &'a str,
    pub owner: &'a str,
    pub success: &'a str,
    pub findings: &'a [&'a str],
}

/// When an action runs: start, due, and completed (if it is).
pub struct Dates {
    pub start: NaiveDate,
    pub due: NaiveDate,
    pub done: Option<NaiveDate>,
}

/// An action with monthly progress updates from its start until it was
/// completed or the "as at" date; between two and six of the latest are kept,
/// varying by action. An action not started yet has two planning updates.
pub fn action(cal: &Calendar, plan: Plan, dates: Dates) -> DemoAction {
    let started = dates.start <= cal.as_at;
    let state = match (dates.done, started) {
        (Some(_), _) => ActionState::Completed,
        (None, true) => ActionState::InProgress,
        (None, false) => ActionState::Planned,
    };
    let author = if plan.owner == "qa_manager" { CONTRIBUTOR } else { LEADER };
    let update = |date, rag, note: String| DemoUpdate { date, rag, note, author_email: author.into() };
    let until = dates.done.unwrap_or(cal.as_at).min(cal.as_at);
    let mut updates = Vec::new();
    let mut when = Calendar::after(dates.start, 27);
    // Counts of updates so far at each rating, so notes move on rather than repeat.
    let (mut greens, mut ambers, mut reds) = (0, 0, 0);
    while started && when <= until && dates.done.is_none_or(|done| when < done) {
        let overdue = when > dates.due && dates.done.is_none();
        let due_soon = dates.done.is_none() && Calendar::after(when, 30) > dates.due;
        let (rag, note) = if overdue {
            reds += 1;
            (Rag::Red, RED[if reds == 1 { 0 } else { 1 + reds % 2 }])
        } else if due_soon {
            ambers += 1;
            (Rag::Amber, AMBER[(ambers - 1) % AMBER.len()])
        } else {
            greens += 1;
            (Rag::Green, GREEN[(greens - 1 + plan.reference.len()) % GREEN.len()])
        };
        updates.push(update(when, rag, note.replace("{}", plan.title)));
        when = Calendar::after(when, 30);
    }
    if let Some(done) = dates.done.filter(|d| *d <= cal.as_at) {
        updates.push(update(done, Rag::Green, format!("Completed. {}", plan.success)));
    }
    if !started {
        // Planning notes before work begins: the board has agreed the start date.
        for (days, note) in [(40, PLANNING[0]), (12, PLANNING[1])] {
            updates.push(update(cal.days_ago(days), Rag::Green, note.replace("{}", plan.title)));
        }
    }
    let keep = 2 + plan.reference.bytes().map(usize::from).sum::<usize>() % 5;
    let drop = updates.len().saturating_sub(keep);
    DemoAction {
        reference: plan.reference.into(),
        title: plan.title.into(),
        description: plan.what.into(),
        owner_key: plan.owner.into(),
        start_date: Some(dates.start),
        due_date: Some(dates.due),
        completed_date: dates.done,
        state,
        success_measure: plan.success.into(),
        finding_keys: plan.findings.iter().map(|f| f.to_string()).collect(),
        updates: updates.split_off(drop),
        // Signed off the day it was completed, so it counts from then as before sign-off was kept.
        sign_off: match dates.done {
            Some(on) => DemoSignOff::Signed {
                on,
                by_email: LEADER.into(),
                note: format!("Checked against the success measure: {}", plan.success),
            },
            None => DemoSignOff::None,
        },
    }
}

const GREEN: &[&str] = &[
    "On track: work on '{}' continues as planned.",
    "Milestones for the month met; next steps agreed at the improvement board.",
    "Good progress on '{}'; no risks to the due date.",
    "Reviewed with the owner: on schedule, and partners engaged.",
];

const AMBER: &[&str] = &[
    "Due within the month: final steps of '{}' still to be signed off.",
    "At risk of slipping: sign-off of '{}' depends on a partner meeting this month.",
];

/// The first note is for the month an action first goes overdue.
const RED: &[&str] = &[
    "Behind plan: '{}' is past its due date; a recovery plan goes to the improvement board.",
    "Still overdue: capacity in the team has slowed '{}'; the director has asked for a revised date.",
    "Still overdue: the recovery plan for '{}' was reviewed at the improvement board; escalated to the director.",
];

const PLANNING: &[&str] = &[
    "Scoping: the improvement board agreed the brief for '{}' and its start date.",
    "Ready to start: owner confirmed, resources agreed; work on '{}' begins as planned.",
];

/// A description that says what sort of evidence an item is and when it was seen.
pub(in crate::demo) fn describe(title: &str, kind: EvidenceKind, observed: NaiveDate) -> String {
    let month = observed.format("%B %Y");
    let what = match kind {
        EvidenceKind::CaseAudit => {
            "case files audited and graded on the Ofsted scale, with the findings fed back to teams"
        }
        EvidenceKind::PerformanceData => "figures from the case management system, checked by the performance team",
        EvidenceKind::CaseExample => {
            "one child's experience, anonymised, written by the practitioner and checked by their manager"
        }
        EvidenceKind::ChildFamilyFeedback => {
            "what children, young people and families told us, gathered by the participation team"
        }
        EvidenceKind::StaffFeedback => "what practitioners, managers and partners told us, by survey or focus group",
        EvidenceKind::ExternalReview => "the findings of reviewers from outside the service",
        EvidenceKind::PolicyProcedure => "the approved document now in use, with its version and date of approval",
        EvidenceKind::Training => "attendance at the sessions delivered and participants' evaluations",
        EvidenceKind::Minutes => "the record of the meeting, with the decisions taken and who owns them",
        EvidenceKind::Other => "supporting material gathered by the area lead",
    };
    format!("{title}: {what} ({month}).")
}
