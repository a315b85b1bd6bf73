//! The lead-member progress report: what the plan said as at a date, and
//! what changed since an earlier one, for a committee, scrutiny panel or
//! improvement board. The HTML page, the PDF, the Word document and the
//! command line all render this one read model, so the three forms agree:
//! its lists and rows are worded once here (see `contents`), and each form
//! only lays them out.
//!
//! Both dates are judged the way every "as at" page judges them (see
//! `read::dated`): the status engine reads only what was true on the date
//! (completion dates, evidence observed and verified by then, results with a
//! period end by then). Which later edits the report cannot undo, and how an
//! issued copy is traced, is written down in the README ("Reports").

pub mod compared;
pub mod contents;

use super::area_page;
use super::areas::{area_lines, embedded_words, status_counts};
use super::cache::Snapshot;
use super::dated;
use super::lines::{action_line, reference_key, ActionLine};
use super::readiness::{self, InspectionReadiness};
use crate::db::reports::ProgressIssue;
use crate::domain::commentary::Commentary;
use crate::domain::dates::{long_date, months_before};
use crate::domain::ids::AreaId;
use crate::domain::kinds::{ReportForm, ReportFormat, ReviewState};
use crate::domain::status::{AreaStatus, Readiness};
use chrono::NaiveDate;
use contents::{action_row, area_action_row, change_item, evidence_row, AreaSection, Listed, StatusCount};
use std::collections::HashMap;

/// How far back the report looks when no earlier date is given and no report was issued before.
pub const DEFAULT_MONTHS_BACK: u32 = 3;

/// One inspection's readiness on both dates.
#[derive(Debug, Clone)]
pub struct ReadinessChange {
    pub now: InspectionReadiness,
    /// None when the inspection had not started by the earlier date.
    pub then: Option<Readiness>,
}

impl ReadinessChange {
    /// Its row in the readiness table: the inspection, the share of its
    /// findings embedded on the earlier date and on the report's date, and its gaps now.
    pub fn row(&self) -> Vec<String> {
        let share = |e: usize, t: usize| format!("{e} of {t} findings embedded");
        vec![
            self.now.inspection.title.clone(),
            self.then.as_ref().map_or("Not started".into(), |t| share(t.findings_embedded, t.findings_total)),
            share(self.now.readiness.findings_embedded, self.now.readiness.findings_total),
            self.now.gaps.len().to_string(),
        ]
    }
}

impl ReadinessChange {
    /// Its line in the summary, in place of the table's row: "Focused visit:
    /// 5 of 10 findings embedded (4 on 30 June 2026); 2 gaps".
    pub fn line(&self, since: NaiveDate) -> String {
        let r = &self.now.readiness;
        let then = self
            .then
            .as_ref()
            .map_or("not started then".to_string(), |t| format!("{} on {}", t.findings_embedded, long_date(since)));
        let gaps = match self.now.gaps.len() {
            1 => "1 gap".to_string(),
            n => format!("{n} gaps"),
        };
        format!(
            "{}: {} of {} findings embedded ({then}); {gaps}",
            self.now.inspection.title, r.findings_embedded, r.findings_total
        )
    }
}

/// The whole report, worded once for every form (see [`contents`]).
#[derive(Debug, Clone)]
pub struct ProgressReport {
    pub as_at: NaiveDate,
    pub since: NaiveDate,
    /// The default rules in words (areas that override them say so in their section).
    pub rules: Vec<String>,
    /// The default rules themselves.
    pub defaults: crate::domain::status::Rules,
    /// Areas by status on both dates, most urgent status first.
    pub counts: Vec<StatusCount>,
    /// Areas that became embedded, slipped and stalled, in that order.
    pub changes: [Listed<String>; 3],
    /// Actions completed between the dates, newly overdue and still overdue,
    /// in that order; rows in the order of [`contents::ACTION_HEADERS`].
    pub actions: [Listed<Vec<String>>; 3],
    /// The inspections started by the date, each on both dates.
    pub readiness: Listed<ReadinessChange>,
    /// Linked published indicators against the neighbours and England.
    pub compared: compared::Compared,
    /// One section per area: those needing attention first, most urgent
    /// first, then the embedded ones, each in a few lines.
    pub areas: Vec<AreaSection>,
    /// The leaders' commentary for the report's date, as printed.
    pub commentary: Commentary,
}

impl ProgressReport {
    /// The report's title, as every form prints it.
    pub fn title(&self) -> String {
        format!("Progress report as at {}", long_date(self.as_at))
    }

    /// The heading of each area's verdict: "Verdict as at 30 June 2026".
    pub fn verdict_heading(&self) -> String {
        format!("Verdict as at {}", long_date(self.as_at))
    }

    /// The two dates in words, for the header of every page.
    pub fn dates_line(&self) -> String {
        format!("As at {}, with changes since {}", long_date(self.as_at), long_date(self.since))
    }

    /// The summary's line on the areas by status, in place of the table:
    /// "Practice areas by status on 7 December 2026 (7 September 2026 in brackets): embedded 2 (2), ...".
    pub fn counts_line(&self) -> String {
        let counts: Vec<String> =
            self.counts.iter().map(|c| format!("{} {} ({})", c.status.label().to_lowercase(), c.now, c.then)).collect();
        format!(
            "Practice areas by status on {} ({} in brackets): {}.",
            long_date(self.as_at),
            long_date(self.since),
            counts.join("; ")
        )
    }

    /// The summary's line on the areas that moved, in place of the lists:
    /// "Became embedded: 0; slipped: 1; stalled (same status, no action completed): 7."
    pub fn changes_line(&self) -> String {
        let [embedded, slipped, stalled] = &self.changes;
        format!(
            "Became embedded: {}; slipped: {}; stalled (same status, no action completed): {}.",
            embedded.items.len(),
            slipped.items.len(),
            stalled.items.len()
        )
    }

    /// The summary form's title.
    pub fn summary_title(&self) -> String {
        format!("Progress summary as at {}", long_date(self.as_at))
    }

    /// What is recorded with a copy issued in a format and form: enough,
    /// with the plan as it was, to make the same bytes again.
    pub fn issue(&self, format: ReportFormat, form: ReportForm) -> ProgressIssue {
        ProgressIssue { format, form, as_at: self.as_at, since: self.since, commentary: self.commentary.to_json() }
    }

    /// The rules in one sentence, for the foot of every printed page and the summary.
    pub fn rules_line(&self) -> String {
        let r = &self.defaults;
        format!(
            "Rules in force: delivered (every action completed); practice changed ({} verified items of {} kinds \
             in {} months); sustained ({} results on target in {} months per key measure, no concern).",
            r.evidence_min_items,
            r.evidence_min_kinds,
            r.evidence_window_months,
            r.results_min_count,
            r.results_window_months,
        )
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

/// The report as at `as_at` with changes since `since` (which must be
/// earlier), with the council's published figures where it has them and the
/// leaders' commentary for the date.
pub fn build(
    snapshot: &Snapshot,
    (as_at, since): (NaiveDate, NaiveDate),
    figures: Option<&crate::read::figures::CouncilFigures>,
    commentary: Commentary,
) -> Result<ProgressReport, DatesProblem> {
    if since >= as_at {
        return Err(DatesProblem::SinceNotBefore);
    }
    let plan = &snapshot.plan;
    let now_lines = area_lines(snapshot, as_at);
    let (then_lines, then_readiness): (_, HashMap<_, _>) = snapshot.looking_back(since, || {
        let readiness =
            readiness::all(snapshot, since).iter().map(|r| (r.inspection.id, r.readiness.clone())).collect();
        (area_lines(snapshot, since), readiness)
    });
    let then_status: HashMap<AreaId, AreaStatus> = then_lines.iter().map(|l| (l.id, l.status)).collect();
    let completed_between = |a: &crate::db::actions::ActionRow| {
        !crate::read::dated::cancelled_by(a, as_at) && a.completed_date.is_some_and(|d| d > since && d <= as_at)
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
    let action_rows = |lines: Vec<ActionLine>| lines.iter().map(action_row).collect::<Vec<_>>();
    let mut sections = Vec::new();
    let (mut became_embedded, mut slipped_areas, mut stalled_areas) = (Vec::new(), Vec::new(), Vec::new());
    for line in &now_lines {
        let Some(page) = area_page::build(snapshot, line.id, as_at) else { continue };
        let then = then_status.get(&line.id).copied().unwrap_or(AreaStatus::NotStarted);
        let now = line.status;
        let completed_since = plan.actions_of_area(line.id).filter(|a| completed_between(a)).count();
        if now == AreaStatus::Embedded && then != AreaStatus::Embedded {
            became_embedded.push(change_item(&line.name, then, now));
        }
        if slipped(then, now) {
            slipped_areas.push(change_item(&line.name, then, now));
        }
        if stalled(then, now, completed_since) {
            stalled_areas.push(change_item(&line.name, then, now));
        }
        let window_start = months_before(as_at, page.verdict.rules.evidence_window_months);
        let counted_evidence = page
            .evidence
            .lines
            .iter()
            .filter(|e| e.review == ReviewState::Verified && e.observed_on > window_start)
            .map(evidence_row)
            .collect();
        let own: Vec<String> = page
            .rules
            .iter()
            .filter(|l| l.overridden)
            .map(|l| format!("{} {} (default {})", l.label, l.value, l.default))
            .collect();
        sections.push(AreaSection {
            id: page.line.id,
            name: page.line.name.clone(),
            status: page.line.status,
            then,
            change: change_words(then, now, since, completed_since),
            completed_since,
            embedded: embedded_words(&page.line),
            own_rules: (!own.is_empty()).then(|| format!("This area sets its own rules: {}.", own.join("; "))),
            key_measures: Listed::new(
                "Key measures",
                "No key measure.",
                page.measures.into_iter().filter(|m| m.key).collect(),
            ),
            actions: Listed::new("Actions", "No actions.", page.actions.lines.iter().map(area_action_row).collect()),
            counted_evidence: Listed::new(
                "Verified evidence that counted",
                "No verified evidence counted.",
                counted_evidence,
            ),
            stalled: stalled(then, now, completed_since),
            commentary: commentary.on(page.line.id).map(str::to_string),
            compact: now == AreaStatus::Embedded,
            verdict: page.verdict,
        });
    }
    // Areas needing attention keep their urgency order ahead of the embedded ones.
    sections.sort_by_key(|s| s.compact);
    let readiness = readiness::all(snapshot, as_at)
        .iter()
        .filter(|r| r.inspection.start_date <= as_at)
        .cloned()
        .map(|now| {
            let then = then_readiness.get(&now.inspection.id).filter(|_| now.inspection.start_date <= since).cloned();
            ReadinessChange { now, then }
        })
        .collect();
    let then_counts = status_counts(&then_lines);
    let then_count = |s| then_counts.iter().find(|(t, _)| *t == s).map_or(0, |(_, n)| *n);
    let counts = status_counts(&now_lines)
        .into_iter()
        .map(|(status, now)| StatusCount { status, then: then_count(status), now })
        .collect();
    Ok(ProgressReport {
        as_at,
        since,
        rules: snapshot.rules.describe(snapshot.plan.sign_off_asked()),
        defaults: snapshot.rules.clone(),
        counts,
        changes: [
            Listed::new("Became embedded", "No area became embedded.", became_embedded),
            Listed::new("Slipped", "No area slipped.", slipped_areas),
            Listed::new("Stalled: same status, no action completed", "No area stalled.", stalled_areas),
        ],
        actions: [
            Listed::new("Actions completed", "No action was completed between the dates.", action_rows(completed)),
            Listed::new("Newly overdue", "No action became overdue.", action_rows(overdue(true))),
            Listed::new("Still overdue", "No action was overdue on both dates.", action_rows(overdue(false))),
        ],
        readiness: Listed::new("Readiness for inspection", "No inspection had started by the date.", readiness),
        compared: compared::compared(snapshot, as_at, figures),
        areas: sections,
        commentary,
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
