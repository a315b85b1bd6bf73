//! The lead-member progress report: what the plan said as at a date, and
//! what changed since an earlier one, for a committee, scrutiny panel or
//! improvement board. The HTML page, the PDF, the Word document and the
//! command line all render this one read model, so the three forms agree.
//!
//! Both dates are judged the way every "as at" page judges them (see
//! `read::dated`): the status engine reads only what was true on the date
//! (completion dates, evidence observed and verified by then, results with a
//! period end by then). Which later edits the report cannot undo, and how an
//! issued copy is traced, is written down in the README ("Reports").

use super::area_page::{self, AreaPage};
use super::areas::{area_lines, status_counts};
use super::cache::Snapshot;
use super::dated;
use super::lines::{action_line, reference_key, ActionLine, EvidenceLine};
use super::readiness::{self, InspectionReadiness};
use crate::domain::dates::{long_date, months_before};
use crate::domain::ids::AreaId;
use crate::domain::kinds::{ActionState, ReviewState};
use crate::domain::status::{AreaStatus, Readiness};
use chrono::NaiveDate;
use std::collections::HashMap;

/// How far back the report looks when no earlier date is given and no report was issued before.
pub const DEFAULT_MONTHS_BACK: u32 = 3;

/// An area whose status moved (or did not) between the two dates.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaChange {
    pub id: AreaId,
    pub name: String,
    pub then: AreaStatus,
    pub now: AreaStatus,
}

/// One inspection's readiness on both dates.
#[derive(Debug, Clone)]
pub struct ReadinessChange {
    pub now: InspectionReadiness,
    /// None when the inspection had not started by the earlier date.
    pub then: Option<Readiness>,
}

/// One practice area's section of the report.
#[derive(Debug, Clone)]
pub struct AreaSection {
    /// The area as its page shows it as at the report's date.
    pub page: AreaPage,
    /// Its status at the earlier date.
    pub then: AreaStatus,
    /// The change between the two dates in words.
    pub change: String,
    /// Actions of the area completed between the dates.
    pub completed_since: usize,
    /// The verified evidence that counted towards "practice changed": verified
    /// by the date and observed in the area's evidence window.
    pub counted_evidence: Vec<EvidenceLine>,
}

/// The whole report.
#[derive(Debug, Clone)]
pub struct ProgressReport {
    pub as_at: NaiveDate,
    pub since: NaiveDate,
    /// The default rules in words (areas that override them say so in their section).
    pub rules: Vec<String>,
    /// The default rules themselves.
    pub defaults: crate::domain::status::Rules,
    /// Areas by status as at the date and at the earlier date, most urgent status first.
    pub counts_now: Vec<(AreaStatus, usize)>,
    pub counts_then: Vec<(AreaStatus, usize)>,
    pub became_embedded: Vec<AreaChange>,
    pub slipped: Vec<AreaChange>,
    pub stalled: Vec<AreaChange>,
    /// Actions completed after the earlier date and by the date.
    pub completed: Vec<ActionLine>,
    /// Overdue at the date but not at the earlier date.
    pub newly_overdue: Vec<ActionLine>,
    /// Overdue on both dates.
    pub still_overdue: Vec<ActionLine>,
    pub readiness: Vec<ReadinessChange>,
    /// One section per area, most urgent first.
    pub areas: Vec<AreaSection>,
}

impl ProgressReport {
    /// The report's title, as every form prints it.
    pub fn title(&self) -> String {
        format!("Progress report as at {}", long_date(self.as_at))
    }

    /// The two dates in words, for the header of every page.
    pub fn dates_line(&self) -> String {
        format!("As at {}, with changes since {}", long_date(self.as_at), long_date(self.since))
    }
}

/// Why the two dates cannot make a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatesProblem {
    SinceNotBefore,
}

/// The earlier date when none is given: the last issued report's date, if
/// it is before `as_at`, else three months before `as_at`.
pub fn default_since(as_at: NaiveDate, last_issued: Option<NaiveDate>) -> NaiveDate {
    last_issued.filter(|d| *d < as_at).unwrap_or_else(|| months_before(as_at, DEFAULT_MONTHS_BACK))
}

/// An area "stalled" when it was not embedded, kept the same status on both
/// dates, and none of its actions was completed between them.
fn stalled(then: AreaStatus, now: AreaStatus, completed_since: usize) -> bool {
    then == now && now != AreaStatus::Embedded && completed_since == 0
}

/// An area "slipped" when it was embedded at the earlier date and is not now,
/// or has become slipping since.
fn slipped(then: AreaStatus, now: AreaStatus) -> bool {
    now != AreaStatus::Embedded && (then == AreaStatus::Embedded || (now == AreaStatus::Slipping && then != now))
}

/// The change between the dates in words.
fn change_words(then: AreaStatus, now: AreaStatus, since: NaiveDate, completed: usize) -> String {
    let done = match completed {
        0 => "no action completed".to_string(),
        1 => "1 action completed".to_string(),
        n => format!("{n} actions completed"),
    };
    if then == now {
        format!("No change since {}: {} on both dates; {done}.", long_date(since), now.label().to_lowercase())
    } else if now == AreaStatus::Embedded {
        format!("Became embedded: {} on {}; {done}.", then.label().to_lowercase(), long_date(since))
    } else if slipped(then, now) {
        format!(
            "Slipped: {} on {}, {} now; {done}.",
            then.label().to_lowercase(),
            long_date(since),
            now.label().to_lowercase()
        )
    } else {
        format!(
            "Moved from {} on {} to {}; {done}.",
            then.label().to_lowercase(),
            long_date(since),
            now.label().to_lowercase()
        )
    }
}

/// The report as at `as_at` with changes since `since` (which must be earlier).
pub fn build(snapshot: &Snapshot, as_at: NaiveDate, since: NaiveDate) -> Result<ProgressReport, DatesProblem> {
    if since >= as_at {
        return Err(DatesProblem::SinceNotBefore);
    }
    let plan = &snapshot.plan;
    let now_lines = area_lines(snapshot, as_at);
    let then_lines = area_lines(snapshot, since);
    let then_status: HashMap<AreaId, AreaStatus> = then_lines.iter().map(|l| (l.id, l.status)).collect();
    let completed_between = |a: &crate::db::actions::ActionRow| {
        a.state != ActionState::Cancelled && a.completed_date.is_some_and(|d| d > since && d <= as_at)
    };
    let mut completed: Vec<ActionLine> =
        plan.actions.iter().filter(|a| completed_between(a)).map(|a| action_line(plan, a, as_at)).collect();
    completed.sort_by_cached_key(|a| (a.completed, reference_key(&a.reference), a.id));
    let overdue = |newly: bool| {
        let mut lines: Vec<ActionLine> = plan
            .actions
            .iter()
            .filter(|a| dated::is_overdue(a, as_at) && dated::is_overdue(a, since) != newly)
            .map(|a| action_line(plan, a, as_at))
            .collect();
        lines.sort_by_cached_key(|a| (a.due, reference_key(&a.reference), a.id));
        lines
    };
    let mut sections = Vec::new();
    let (mut became_embedded, mut slipped_areas, mut stalled_areas) = (Vec::new(), Vec::new(), Vec::new());
    for line in &now_lines {
        let Some(page) = area_page::build(snapshot, line.id, as_at) else { continue };
        let then = then_status.get(&line.id).copied().unwrap_or(AreaStatus::NotStarted);
        let now = line.status;
        let completed_since = plan.actions_of_area(line.id).filter(|a| completed_between(a)).count();
        let change = AreaChange { id: line.id, name: line.name.clone(), then, now };
        if now == AreaStatus::Embedded && then != AreaStatus::Embedded {
            became_embedded.push(change.clone());
        }
        if slipped(then, now) {
            slipped_areas.push(change.clone());
        }
        if stalled(then, now, completed_since) {
            stalled_areas.push(change);
        }
        let window_start = months_before(as_at, page.verdict.rules.evidence_window_months);
        let counted_evidence = page
            .evidence
            .iter()
            .filter(|e| e.review == ReviewState::Verified && e.observed_on > window_start)
            .cloned()
            .collect();
        sections.push(AreaSection {
            change: change_words(then, now, since, completed_since),
            then,
            completed_since,
            counted_evidence,
            page,
        });
    }
    let then_readiness: HashMap<_, _> =
        readiness::all(snapshot, since).iter().map(|r| (r.inspection.id, r.readiness.clone())).collect();
    let readiness = readiness::all(snapshot, as_at)
        .iter()
        .filter(|r| r.inspection.start_date <= as_at)
        .cloned()
        .map(|now| {
            let then = then_readiness.get(&now.inspection.id).filter(|_| now.inspection.start_date <= since).cloned();
            ReadinessChange { now, then }
        })
        .collect();
    Ok(ProgressReport {
        as_at,
        since,
        rules: snapshot.rules.describe(),
        defaults: snapshot.rules.clone(),
        counts_now: status_counts(&now_lines),
        counts_then: status_counts(&then_lines),
        became_embedded,
        slipped: slipped_areas,
        stalled: stalled_areas,
        completed,
        newly_overdue: overdue(true),
        still_overdue: overdue(false),
        readiness,
        areas: sections,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use AreaStatus::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_earlier_date_defaults_to_the_last_report_or_three_months_back() {
        assert_eq!(default_since(d(2026, 6, 30), None), d(2026, 3, 30));
        assert_eq!(default_since(d(2026, 6, 30), Some(d(2026, 5, 31))), d(2026, 5, 31));
        assert_eq!(default_since(d(2026, 6, 30), Some(d(2026, 6, 30))), d(2026, 3, 30), "a report of the same date");
    }

    #[test]
    fn an_area_slips_when_it_stops_being_embedded_and_stalls_when_nothing_moves() {
        assert!(slipped(Embedded, Slipping) && slipped(InProgress, Slipping) && !slipped(Slipping, Slipping));
        assert!(!slipped(InProgress, Embedded));
        assert!(stalled(InProgress, InProgress, 0) && !stalled(InProgress, InProgress, 1));
        assert!(!stalled(Embedded, Embedded, 0));
    }

    #[test]
    fn the_change_is_put_in_words() {
        let since = d(2026, 3, 31);
        assert_eq!(
            change_words(NotYetSustained, Embedded, since, 0),
            "Became embedded: not yet sustained on 31 March 2026; no action completed."
        );
        assert_eq!(
            change_words(InProgress, InProgress, since, 2),
            "No change since 31 March 2026: in progress on both dates; 2 actions completed."
        );
    }
}
