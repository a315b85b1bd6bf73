//! Each finding judged on its own: an inspector asks for the actions and the
//! evidence of each finding, so a finding does not borrow its area's status.
//!
//! A finding (other than a strength) is **delivered** when at least one plan
//! action that is not cancelled answers it and every such action was completed
//! by the date; **evidenced** when at least one evidence item linked to it or
//! to one of its actions was verified by the date and observed within its
//! area's evidence window up to the date; **ready** when delivered, evidenced
//! and its area is embedded.

use super::explain::plural;
use super::{ActionFact, AreaStatus, EvidenceFact, Verdict};
use crate::domain::dates::{long_date, months_before};
use crate::domain::ids::{AreaId, FindingId};
use chrono::NaiveDate;
use serde::Serialize;

/// What judging one finding needs: the records linked to it as they stand.
#[derive(Debug, Clone, PartialEq)]
pub struct FindingFacts {
    /// The finding.
    pub id: FindingId,
    /// Its reference, e.g. "APA1".
    pub reference: String,
    /// The practice area it belongs to.
    pub area_id: AreaId,
    /// The area's name, to name it in reasons.
    pub area_name: String,
    /// The live plan actions that answer it, cancelled ones included.
    pub actions: Vec<ActionFact>,
    /// The evidence linked to it or to one of its actions, each item once,
    /// verified or not.
    pub evidence: Vec<EvidenceFact>,
}

/// The three tests of a finding that is ready for inspection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingTest {
    /// Every action answering it is completed.
    Delivered,
    /// Recent verified evidence is linked to it or its actions.
    Evidenced,
    /// Its practice area is embedded.
    AreaEmbedded,
}

impl FindingTest {
    /// Words for people.
    pub fn label(self) -> &'static str {
        match self {
            FindingTest::Delivered => "Delivered",
            FindingTest::Evidenced => "Evidenced",
            FindingTest::AreaEmbedded => "Its area embedded",
        }
    }
}

/// One test of a finding, met or not, with its reasons in plain words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FindingCheck {
    /// Which test.
    pub test: FindingTest,
    /// Whether it holds at the date.
    pub met: bool,
    /// Why, in plain words.
    pub reasons: Vec<String>,
}

/// How ready one finding is as at a date, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FindingReadiness {
    /// The finding.
    pub finding_id: FindingId,
    /// Its reference.
    pub reference: String,
    /// Every action answering it was completed by the date.
    pub delivered: bool,
    /// Verified evidence linked to it or its actions was observed in its area's window.
    pub evidenced: bool,
    /// Its practice area was embedded on the date.
    pub area_embedded: bool,
    /// Delivered, evidenced and its area embedded.
    pub ready: bool,
    /// Each test with its reasons, in the order delivered, evidenced, area.
    pub checks: Vec<FindingCheck>,
}

impl FindingReadiness {
    /// What stands in the way, in plain words, in the order of the tests;
    /// empty when the finding is ready.
    pub fn reasons_not_ready(&self) -> impl Iterator<Item = &str> {
        self.checks.iter().filter(|c| !c.met).flat_map(|c| c.reasons.iter().map(String::as_str))
    }
}

/// How an area stands, as a finding's reasons say it.
fn area_words(status: AreaStatus) -> &'static str {
    match status {
        AreaStatus::NotStarted => "has not started",
        AreaStatus::InProgress => "is in progress",
        AreaStatus::NotYetSustained => "is not yet sustained",
        AreaStatus::Embedded => "is embedded",
        AreaStatus::Slipping => "is slipping",
    }
}

fn delivered(actions: &[ActionFact], as_at: NaiveDate) -> FindingCheck {
    let live: Vec<&ActionFact> = actions.iter().filter(|a| !a.cancelled_by(as_at)).collect();
    let cancelled = actions.len() - live.len();
    let open: Vec<&ActionFact> = live.iter().copied().filter(|a| !a.delivered_by(as_at)).collect();
    let mut reasons = Vec::new();
    if actions.is_empty() {
        reasons.push("No action answers this finding".to_string());
    } else if live.is_empty() {
        // Cancelled work delivers nothing, as for an area.
        reasons.push(format!(
            "Every action answering it is cancelled ({}), so nothing has been delivered for it",
            plural(cancelled, "action", "actions")
        ));
    } else if open.is_empty() {
        let all = if live.len() == 1 { "completed" } else { "all completed" };
        reasons.push(format!(
            "{} {} it, {all} by {}",
            plural(live.len(), "action", "actions"),
            if live.len() == 1 { "answers" } else { "answer" },
            long_date(as_at)
        ));
    } else {
        reasons.extend(open.iter().map(|a| match a.due_date {
            _ if a.awaiting_sign_off_at(as_at) => format!("Action {} is completed and awaiting sign-off", a.reference),
            Some(due) if due < as_at => {
                format!("Action {} is not completed (due {}, overdue)", a.reference, long_date(due))
            }
            Some(due) => format!("Action {} is not completed (due {})", a.reference, long_date(due)),
            None => format!("Action {} is not completed", a.reference),
        }));
    }
    if cancelled > 0 && !live.is_empty() {
        reasons.push(format!("{} not counted", plural(cancelled, "cancelled action", "cancelled actions")));
    }
    FindingCheck { test: FindingTest::Delivered, met: !live.is_empty() && open.is_empty(), reasons }
}

fn evidenced(evidence: &[EvidenceFact], window_months: u32, as_at: NaiveDate) -> FindingCheck {
    let window_start = months_before(as_at, window_months);
    let since = long_date(window_start.succ_opt().unwrap_or(window_start));
    let in_window = |e: &&EvidenceFact| e.observed_on > window_start && e.observed_on <= as_at;
    let counted = evidence.iter().filter(in_window).filter(|e| e.verified_on.is_some_and(|v| v <= as_at)).count();
    let mut reasons = vec![if counted == 0 {
        format!("No verified evidence linked to this finding or its actions observed since {since}")
    } else {
        format!(
            "{} linked to this finding or its actions observed since {since}",
            plural(counted, "verified item", "verified items")
        )
    }];
    if counted == 0 {
        // Seen by the date but verified after it: it will count from then.
        reasons.extend(evidence.iter().filter(in_window).filter_map(|e| {
            let verified = e.verified_on.filter(|v| *v > as_at)?;
            let name = if e.title.is_empty() { e.kind.label().to_string() } else { e.title.clone() };
            Some(format!(
                "{name}: observed {}, verified {} – after this date, so not counted",
                long_date(e.observed_on),
                long_date(verified)
            ))
        }));
    }
    FindingCheck { test: FindingTest::Evidenced, met: counted > 0, reasons }
}

fn area_embedded(name: &str, verdict: Option<&Verdict>) -> FindingCheck {
    let status = verdict.map(|v| v.status);
    let words = status.map_or("has no status on this date", area_words);
    FindingCheck {
        test: FindingTest::AreaEmbedded,
        met: status == Some(AreaStatus::Embedded),
        reasons: vec![format!("Its area, {name}, {words}")],
    }
}

/// One finding as at `as_at`, given its area's verdict on that date (none for
/// an area the plan no longer holds). The evidence window is the one the
/// verdict used, the area's overrides applied; with no verdict, `default_window_months`.
pub fn finding_readiness(
    finding: &FindingFacts,
    verdict: Option<&Verdict>,
    default_window_months: u32,
    as_at: NaiveDate,
) -> FindingReadiness {
    let window = verdict.map_or(default_window_months, |v| v.rules.evidence_window_months);
    let checks = vec![
        delivered(&finding.actions, as_at),
        evidenced(&finding.evidence, window, as_at),
        area_embedded(&finding.area_name, verdict),
    ];
    let (delivered, evidenced, area_embedded) = (checks[0].met, checks[1].met, checks[2].met);
    FindingReadiness {
        finding_id: finding.id,
        reference: finding.reference.clone(),
        delivered,
        evidenced,
        area_embedded,
        ready: delivered && evidenced && area_embedded,
        checks,
    }
}
