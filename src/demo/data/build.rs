//! Small builders that keep the area data readable.

use super::calendar::Calendar;
use super::people::{CONTRIBUTOR, LEADER};
use super::{DemoAction, DemoEvidence, DemoUpdate};
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
            };
            DemoEvidence {
                title: (*title).into(),
                kind: *kind,
                description: format!("{} ({}).", title, kind.label().to_lowercase()),
                observed_on: observed,
                period: matches!(kind, EvidenceKind::CaseAudit | EvidenceKind::PerformanceData)
                    .then(|| (cal.day(*k, 1), cal.m(*k))),
                review: state,
                reviewed_on,
                reviewer_email: reviewed_on.map(|_| LEADER.to_string()),
                rejection_reason: reason,
                finding_keys: findings.to_vec(),
                action_refs: actions.iter().map(|a| a.to_string()).collect(),
            }
        })
        .collect()
}

/// What an action is.
pub struct Plan<'a> {
    pub reference: &'a str,
    pub title: &'a str,
    pub owner: &'static str,
    pub success: &'a str,
    pub findings: &'a [&'static str],
}

/// When an action runs: start, due, and completed (if it is).
pub struct Dates {
    pub start: NaiveDate,
    pub due: NaiveDate,
    pub done: Option<NaiveDate>,
}

/// An action with monthly progress updates from its start until it was
/// completed or the "as at" date (the last four are kept).
pub fn action(cal: &Calendar, plan: Plan, dates: Dates) -> DemoAction {
    let started = dates.start <= cal.as_at;
    let state = match (dates.done, started) {
        (Some(_), _) => ActionState::Completed,
        (None, true) => ActionState::InProgress,
        (None, false) => ActionState::Planned,
    };
    let author = if plan.owner == "qa_manager" { CONTRIBUTOR } else { LEADER };
    let until = dates.done.unwrap_or(cal.as_at).min(cal.as_at);
    let mut updates = Vec::new();
    let mut when = Calendar::after(dates.start, 27);
    while started && when <= until {
        let overdue = when > dates.due && dates.done.is_none();
        let due_soon = dates.done.is_none() && Calendar::after(when, 30) > dates.due;
        let rag = if overdue {
            Rag::Red
        } else if due_soon {
            Rag::Amber
        } else {
            Rag::Green
        };
        let note = if overdue {
            format!(
                "Behind plan: '{}' is past its due date; a recovery plan goes to the improvement board.",
                plan.title
            )
        } else {
            format!("On track: work on '{}' continues as planned.", plan.title)
        };
        updates.push(DemoUpdate { date: when, rag, note, author_email: author.into() });
        when = Calendar::after(when, 30);
    }
    if let Some(done) = dates.done.filter(|d| *d <= cal.as_at) {
        updates.push(DemoUpdate {
            date: done,
            rag: Rag::Green,
            note: format!("Completed. {}", plan.success),
            author_email: author.into(),
        });
    }
    let keep = updates.len().saturating_sub(4);
    DemoAction {
        reference: plan.reference.into(),
        title: plan.title.into(),
        description: String::new(),
        owner_key: plan.owner,
        start_date: Some(dates.start),
        due_date: Some(dates.due),
        completed_date: dates.done,
        state,
        success_measure: plan.success.into(),
        finding_keys: plan.findings.to_vec(),
        updates: updates.split_off(keep),
    }
}
