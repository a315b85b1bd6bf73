//! Readiness of an inspection: the share of its findings whose area is
//! embedded, and the gaps an inspector would find.

use super::{AreaFacts, AreaStatus, Verdict};
use crate::domain::kinds::ActionState;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};

/// What readiness needs about one finding.
#[derive(Debug, Clone, PartialEq)]
pub struct FindingFacts {
    pub reference: String,
    pub area_id: i64,
    /// How many live actions answer this finding.
    pub linked_actions: usize,
}

/// Something missing that an inspector would notice.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "gap", rename_all = "snake_case")]
pub enum Gap {
    /// A finding that no plan action answers.
    FindingWithoutAction { finding: String },
    /// A practice area with no verified evidence at all.
    AreaWithoutVerifiedEvidence { area_id: i64 },
    /// A practice area with no key measure.
    AreaWithoutKeyMeasure { area_id: i64 },
    /// An action past its due date and not completed.
    OverdueAction { area_id: i64, action: String, due: NaiveDate },
}

/// How ready an inspection's findings are.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Readiness {
    pub findings_total: usize,
    pub findings_embedded: usize,
    /// Embedded findings as a percentage of all, 0 when there are none.
    pub percent_embedded: f64,
    pub gaps: Vec<Gap>,
}

/// Readiness as at `as_at`. Findings take their area's status.
pub fn readiness(
    findings: &[FindingFacts],
    verdicts: &HashMap<i64, Verdict>,
    facts: &HashMap<i64, AreaFacts>,
    as_at: NaiveDate,
) -> Readiness {
    let embedded =
        findings.iter().filter(|f| verdicts.get(&f.area_id).is_some_and(|v| v.status == AreaStatus::Embedded)).count();
    let mut gaps = BTreeSet::new();
    for finding in findings {
        if finding.linked_actions == 0 {
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
            let open = action.state != ActionState::Cancelled && action.completed_date.is_none_or(|d| d > as_at);
            if let (true, Some(due)) = (open, action.due_date.filter(|d| *d < as_at)) {
                gaps.insert(Gap::OverdueAction { area_id, action: action.reference.clone(), due });
            }
        }
    }
    let total = findings.len();
    let percent = if total == 0 { 0.0 } else { embedded as f64 * 100.0 / total as f64 };
    Readiness {
        findings_total: total,
        findings_embedded: embedded,
        percent_embedded: percent,
        gaps: gaps.into_iter().collect(),
    }
}
