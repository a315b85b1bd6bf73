//! The dashboard as at a date: what needs attention first. Areas most urgent
//! first with how many have each status; overdue actions and those due in
//! the next 30 days; evidence waiting for review; areas with evidence gaps;
//! each inspection's readiness. Recent changes come from change history,
//! which the handler reads beside this.

use super::areas::{area_lines, status_counts, AreaLine};
use super::cache::Snapshot;
use super::dated;
use super::lines::{action_line, reference_key, ActionLine, EvidenceLine};
use super::readiness::{self, InspectionReadiness};
use crate::domain::status::AreaStatus;
use chrono::NaiveDate;

/// How far ahead "due soon" looks.
pub const DUE_SOON_DAYS: u64 = 30;

/// Evidence waiting for a leader to verify or reject it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewQueue {
    pub count: usize,
    /// The item observed longest ago, which has waited longest.
    pub oldest: Option<EvidenceLine>,
}

/// The dashboard as at a date.
#[derive(Debug, Clone)]
pub struct Dashboard {
    pub as_at: NaiveDate,
    /// How many areas have each status, most urgent status first.
    pub counts: Vec<(AreaStatus, usize)>,
    /// Every area, most urgent first.
    pub areas: Vec<AreaLine>,
    /// Open actions due before the date, longest overdue first.
    pub overdue: Vec<ActionLine>,
    /// Open actions due on the date or in the 30 days after it, soonest first.
    pub due_soon: Vec<ActionLine>,
    /// Embedded areas that would slip within 90 days, soonest first.
    pub at_risk: Vec<super::slipping::AtRisk>,
    pub review: ReviewQueue,
    /// Completed actions waiting for a leader's sign-off; none when the council does not ask for it.
    pub awaiting_sign_off: Option<usize>,
    /// Areas with an evidence gap, most urgent first.
    pub evidence_gaps: Vec<AreaLine>,
    pub readiness: std::sync::Arc<Vec<InspectionReadiness>>,
    /// The steps of setting up, while the plan is empty.
    pub setup: Option<super::setup::Setup>,
    /// Requests for evidence past their date, most overdue first, and how many wait in all.
    pub requests: (Vec<super::requests::RequestLine>, usize),
}

/// The dashboard as at `as_at`, from a snapshot of the plan.
pub fn build(snapshot: &Snapshot, as_at: NaiveDate) -> Dashboard {
    let plan = &snapshot.plan;
    let areas = area_lines(snapshot, as_at);
    let mut overdue: Vec<ActionLine> =
        plan.actions.iter().filter(|a| dated::is_overdue(a, as_at)).map(|a| action_line(plan, a, as_at)).collect();
    overdue.sort_by_cached_key(|a| (a.due, reference_key(&a.reference), a.id));
    let mut due_soon: Vec<ActionLine> = plan
        .actions
        .iter()
        .filter(|a| dated::is_due_within(a, as_at, DUE_SOON_DAYS))
        .map(|a| action_line(plan, a, as_at))
        .collect();
    due_soon.sort_by_cached_key(|a| (a.due, reference_key(&a.reference), a.id));
    let waiting: Vec<_> = plan.evidence.iter().filter(|e| dated::is_waiting_for_review(e, as_at)).collect();
    let oldest = waiting.iter().min_by_key(|e| (e.observed_on, e.id)).copied();
    let review = ReviewQueue {
        count: waiting.len(),
        oldest: super::lines::evidence_lines(plan, oldest.into_iter(), as_at).pop(),
    };
    Dashboard {
        as_at,
        counts: status_counts(&areas),
        evidence_gaps: areas.iter().filter(|a| !a.evidence_gaps.is_empty()).cloned().collect(),
        areas,
        overdue,
        due_soon,
        at_risk: super::slipping::at_risk(snapshot, as_at),
        review,
        awaiting_sign_off: plan
            .sign_off_asked()
            .then(|| plan.actions.iter().filter(|a| plan.sign_off(a).is_awaiting()).count()),
        readiness: readiness::all(snapshot, as_at),
        setup: super::setup::setup(snapshot),
        requests: super::requests::dashboard(plan, as_at),
    }
}
