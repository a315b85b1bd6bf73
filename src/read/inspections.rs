//! Inspections as at a date: each with its readiness, and the page of one
//! with its judgements, its findings grouped by kind with their areas'
//! status and whether each is ready, and its action-plan deadlines counted
//! in working days.

use super::cache::Snapshot;
use super::lines::{finding_lines, FindingLine};
use super::readiness::{self, InspectionReadiness};
use crate::domain::calendar::{plan_deadlines, working_days_between, DRAFT_PLAN_WORKING_DAYS, FINAL_PLAN_WORKING_DAYS};
use crate::domain::ids::InspectionId;
use crate::domain::kinds::{FindingKind, Grade, InspectionKind};
use crate::domain::status::{AreaStatus, FindingReadiness};
use chrono::NaiveDate;

/// An action-plan deadline and how it stands on the date.
#[derive(Debug, Clone, PartialEq)]
pub struct Deadline {
    /// "Draft action plan", "Final action plan".
    pub label: &'static str,
    pub due: NaiveDate,
    /// Worked out from the publication date rather than recorded.
    pub worked_out: Option<u32>,
    /// Working days from the date to the deadline: negative once it has passed.
    pub working_days_left: i64,
}

impl Deadline {
    /// "12 working days left", "Due today", "Passed 3 working days ago".
    pub fn words(&self) -> String {
        let days = |n: i64| if n == 1 { "1 working day".to_string() } else { format!("{n} working days") };
        match self.working_days_left {
            0 => "Due today".to_string(),
            n if n > 0 => format!("{} left", days(n)),
            n => format!("Passed {} ago", days(-n)),
        }
    }
}

/// A finding with its area's status on the date, and whether it is ready.
#[derive(Debug, Clone, PartialEq)]
pub struct FindingWithStatus {
    pub finding: FindingLine,
    pub status: Option<AreaStatus>,
    /// Judged on its own; none for a strength.
    pub readiness: Option<FindingReadiness>,
}

/// Everything one inspection's page shows.
#[derive(Debug, Clone)]
pub struct InspectionPage {
    pub as_at: NaiveDate,
    pub readiness: InspectionReadiness,
    pub judgements: Vec<(String, Grade)>,
    /// Findings by kind, priority actions first; kinds with none are left out.
    pub groups: Vec<(FindingKind, Vec<FindingWithStatus>)>,
    pub deadlines: Vec<Deadline>,
}

/// The recorded plan deadlines, or ones worked out from the publication date
/// when none are recorded: a draft and a final plan after areas for priority
/// action, a final plan after a standard or short inspection.
fn deadlines(snapshot: &Snapshot, id: InspectionId, as_at: NaiveDate) -> Vec<Deadline> {
    let Some(row) = snapshot.plan.inspection(id) else { return Vec::new() };
    let priority = snapshot.plan.findings_of_inspection(id).any(|f| f.kind == FindingKind::PriorityAction);
    let full = matches!(row.kind, InspectionKind::StandardInspection | InspectionKind::ShortInspection);
    let worked = row.published_on.map(plan_deadlines);
    let draft = row
        .draft_plan_due
        .map(|d| (d, None))
        .or_else(|| worked.filter(|_| priority).map(|w| (w.draft, Some(DRAFT_PLAN_WORKING_DAYS))));
    let final_plan = row
        .final_plan_due
        .map(|d| (d, None))
        .or_else(|| worked.filter(|_| priority || full).map(|w| (w.final_plan, Some(FINAL_PLAN_WORKING_DAYS))));
    [("Draft action plan", draft), ("Final action plan", final_plan)]
        .into_iter()
        .filter_map(|(label, due)| {
            let (due, worked_out) = due?;
            Some(Deadline { label, due, worked_out, working_days_left: working_days_between(as_at, due) })
        })
        .collect()
}

/// Every live inspection, newest first, with its readiness as at the date.
pub fn list(snapshot: &Snapshot, as_at: NaiveDate) -> std::sync::Arc<Vec<InspectionReadiness>> {
    readiness::all(snapshot, as_at)
}

/// The page of an inspection as at `as_at`; none for one the plan does not hold or that is archived.
pub fn inspection_page(snapshot: &Snapshot, id: InspectionId, as_at: NaiveDate) -> Option<InspectionPage> {
    let plan = &snapshot.plan;
    let row = plan.inspection(id).filter(|i| i.archived_at.is_none())?;
    let verdicts = snapshot.verdicts(as_at);
    let readiness = readiness::for_inspection(snapshot, row, as_at);
    let judged_by_id: std::collections::HashMap<_, _> =
        readiness.readiness.findings.iter().map(|f| (f.finding_id, f)).collect();
    let mut groups: Vec<(FindingKind, Vec<FindingWithStatus>)> = Vec::new();
    for finding in finding_lines(plan, plan.findings_of_inspection(id)) {
        let status = verdicts.get(&finding.area.0).map(|v| v.status);
        let judged = judged_by_id.get(&finding.id).map(|f| (*f).clone());
        let line = FindingWithStatus { finding, status, readiness: judged };
        match groups.last_mut() {
            Some((kind, items)) if *kind == line.finding.kind => items.push(line),
            _ => groups.push((line.finding.kind, vec![line])),
        }
    }
    Some(InspectionPage {
        as_at,
        readiness,
        judgements: plan.judgements.get(&id).into_iter().flatten().map(|j| (j.area.clone(), j.grade)).collect(),
        groups,
        deadlines: deadlines(snapshot, id, as_at),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deadline(left: i64) -> Deadline {
        Deadline { label: "Draft action plan", due: NaiveDate::MIN, worked_out: None, working_days_left: left }
    }

    #[test]
    fn a_deadline_says_how_many_working_days_are_left_or_gone() {
        assert_eq!(deadline(12).words(), "12 working days left");
        assert_eq!(deadline(1).words(), "1 working day left");
        assert_eq!(deadline(0).words(), "Due today");
        assert_eq!(deadline(-3).words(), "Passed 3 working days ago");
    }
}
