//! Readiness of an inspection: how many of its findings are ready, each
//! judged on its own (see [`super::findings`]), how many are in embedded
//! areas, and the gaps an inspector would find.
//!
//! The caller passes only the findings that count (the overview leaves out
//! strengths), each with the actions and evidence linked to it, which keeps
//! this free of the plan's link tables.

use super::findings::{finding_readiness, FindingFacts, FindingReadiness};
use super::{AreaFacts, AreaStatus, Rules, Verdict};
use crate::domain::ids::AreaId;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};

/// Something missing that an inspector would notice.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "gap", rename_all = "snake_case")]
pub enum Gap {
    /// A finding that no plan action answers.
    FindingWithoutAction {
        /// The finding's reference.
        finding: String,
    },
    /// A practice area with no evidence verified by the date.
    AreaWithoutVerifiedEvidence {
        /// The area.
        area_id: AreaId,
    },
    /// A practice area with no key measure.
    AreaWithoutKeyMeasure {
        /// The area.
        area_id: AreaId,
    },
    /// An action due before the date, not completed by it, and not cancelled.
    OverdueAction {
        /// The action's area.
        area_id: AreaId,
        /// The action's reference.
        action: String,
        /// When it was due.
        due: NaiveDate,
    },
}

/// How ready an inspection's findings are.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Readiness {
    /// Findings counted.
    pub findings_total: usize,
    /// Of those, findings whose area is embedded.
    pub findings_embedded: usize,
    /// Embedded findings as a percentage (0 to 100) of all; 0 when there are none.
    pub percent_embedded: f64,
    /// Every gap once, sorted: findings first, then areas, then overdue actions.
    pub gaps: Vec<Gap>,
    /// Of the findings counted, those ready: delivered, evidenced and in an embedded area.
    pub findings_ready: usize,
    /// Ready findings as a percentage (0 to 100) of all; 0 when there are none.
    pub percent_ready: f64,
    /// Each finding counted, in the order given, with its state and reasons.
    pub findings: Vec<FindingReadiness>,
}

fn percent(part: usize, total: usize) -> f64 {
    if total == 0 {
        0.0
    } else {
        part as f64 * 100.0 / total as f64
    }
}

/// Readiness as at `as_at`, from the verdicts and facts of the findings'
/// areas (by area id). A finding whose area has no verdict counts as not
/// embedded, and is judged with the default `rules`; gaps are listed only
/// for areas that have findings.
pub fn readiness(
    findings: &[FindingFacts],
    verdicts: &HashMap<AreaId, Verdict>,
    facts: &HashMap<AreaId, AreaFacts>,
    rules: &Rules,
    as_at: NaiveDate,
) -> Readiness {
    let embedded =
        findings.iter().filter(|f| verdicts.get(&f.area_id).is_some_and(|v| v.status == AreaStatus::Embedded)).count();
    let mut gaps = BTreeSet::new();
    for finding in findings {
        if finding.actions.is_empty() {
            gaps.insert(Gap::FindingWithoutAction { finding: finding.reference.clone() });
        }
        let Some(area) = facts.get(&finding.area_id) else { continue };
        let area_id = finding.area_id;
        if !area.evidence.iter().any(|e| e.verified_on.is_some_and(|v| v <= as_at)) {
            gaps.insert(Gap::AreaWithoutVerifiedEvidence { area_id });
        }
        if !area.measures.iter().any(|m| m.key) {
            gaps.insert(Gap::AreaWithoutKeyMeasure { area_id });
        }
        for action in &area.actions {
            let open = !action.cancelled_by(as_at) && !action.delivered_by(as_at);
            if let (true, Some(due)) = (open, action.due_date.filter(|d| *d < as_at)) {
                gaps.insert(Gap::OverdueAction { area_id, action: action.reference.clone(), due });
            }
        }
    }
    let judged: Vec<FindingReadiness> = findings
        .iter()
        .map(|f| finding_readiness(f, verdicts.get(&f.area_id), rules.evidence_window_months, as_at))
        .collect();
    let total = findings.len();
    let ready = judged.iter().filter(|f| f.ready).count();
    Readiness {
        findings_total: total,
        findings_embedded: embedded,
        percent_embedded: percent(embedded, total),
        gaps: gaps.into_iter().collect(),
        findings_ready: ready,
        percent_ready: percent(ready, total),
        findings: judged,
    }
}
