//! Every practice area in one line each, most urgent first: its status, how
//! long it has been (or stopped being) embedded, its actions, its key
//! measures' icons and its evidence gaps. The dashboard's tiles and the list
//! of areas are both built from these lines.

use super::cache::Snapshot;
use super::dated;
use super::plan::PlanIndex;
use crate::domain::dates::{long_date, months_before};
use crate::domain::ids::{AreaId, MeasureId, OwnerId};
use crate::domain::kinds::{Direction, EvidenceKind, ReviewState};
use crate::domain::spc::{Assurance, AssuranceNeeds, PointKind};
use crate::domain::status::{AreaStatus, Rules, Verdict};
use chrono::NaiveDate;
use std::collections::BTreeSet;

/// A key measure's icons: the variation of its latest point and, when its
/// limits are reliable enough to show, whether it will meet its target.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyMeasure {
    pub id: MeasureId,
    pub name: String,
    pub direction: Direction,
    pub variation: Option<PointKind>,
    pub assurance: Option<Assurance>,
    /// What it lacks for assurance, when it has none.
    pub assurance_needs: AssuranceNeeds,
}

/// Something missing from an area's evidence that an inspector would notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EvidenceGap {
    /// No evidence verified by the date and observed in the window.
    NoVerifiedEvidence { window_months: u32 },
    /// Verified evidence of too few kinds to triangulate.
    TooFewKinds { kinds: Vec<EvidenceKind>, needed: u32 },
    /// Verified evidence of enough kinds but too few items.
    TooFewItems { items: usize, needed: u32 },
    /// No key measure, so nothing can show the change has held.
    NoKeyMeasure,
}

impl EvidenceGap {
    /// The gap in words.
    pub fn text(&self) -> String {
        match self {
            EvidenceGap::NoVerifiedEvidence { window_months } => {
                format!("No verified evidence in the last {window_months} months")
            }
            EvidenceGap::TooFewKinds { kinds, needed } => {
                let names: Vec<String> = kinds.iter().map(|k| k.label().to_lowercase()).collect();
                match names.as_slice() {
                    [one] => format!("One kind of verified evidence only ({one}); needs {needed}"),
                    _ => format!("Verified evidence of {} kinds ({}); needs {needed}", names.len(), names.join(", ")),
                }
            }
            EvidenceGap::TooFewItems { items, needed } => {
                format!("{items} verified evidence item{} only; needs {needed}", if *items == 1 { "" } else { "s" })
            }
            EvidenceGap::NoKeyMeasure => "No key measure".to_string(),
        }
    }
}

/// One practice area as the dashboard and the list of areas show it.
#[derive(Debug, Clone)]
pub struct AreaLine {
    pub id: AreaId,
    pub name: String,
    pub lead: Option<(OwnerId, String)>,
    pub status: AreaStatus,
    pub embedded_since: Option<NaiveDate>,
    pub months_embedded: Option<u32>,
    /// For a slipping area: the first month end (or the date itself) at
    /// which it was no longer embedded, after it last was.
    pub stopped_on: Option<NaiveDate>,
    pub open_actions: usize,
    pub overdue_actions: usize,
    pub key_measures: Vec<KeyMeasure>,
    pub evidence_gaps: Vec<EvidenceGap>,
}

impl AreaLine {
    /// Most urgent first: slipping, not yet sustained, then areas with
    /// overdue actions (in progress, then not started), then the rest of
    /// those in progress and not started, and embedded areas last.
    pub fn urgency(&self) -> (u8, std::cmp::Reverse<usize>, String) {
        let rank = match (self.status, self.overdue_actions > 0) {
            (AreaStatus::Slipping, _) => 0,
            (AreaStatus::NotYetSustained, _) => 1,
            (AreaStatus::InProgress, true) => 2,
            (AreaStatus::NotStarted, true) => 3,
            (AreaStatus::InProgress, false) => 4,
            (AreaStatus::NotStarted, false) => 5,
            (AreaStatus::Embedded, _) => 6,
        };
        (rank, std::cmp::Reverse(self.overdue_actions), self.name.to_lowercase())
    }
}

/// The key measures of an area with the icons their analysis as at the verdict's date gives.
pub fn key_measures(plan: &PlanIndex, area: AreaId, verdict: &Verdict) -> Vec<KeyMeasure> {
    plan.measures_of_area(area)
        .zip(&verdict.measures)
        .filter(|(m, _)| m.is_key)
        .map(|(m, v)| KeyMeasure {
            id: m.id,
            name: m.name.clone(),
            direction: m.direction,
            variation: v.analysis.variation,
            assurance: v.analysis.assurance.filter(|_| !v.analysis.too_few_points),
            assurance_needs: v.analysis.assurance_needs(v.target, m.direction),
        })
        .collect()
}

/// An area's evidence gaps as at a date, under its own rules.
pub fn evidence_gaps(plan: &PlanIndex, area: AreaId, rules: &Rules, as_at: NaiveDate) -> Vec<EvidenceGap> {
    let window_start = months_before(as_at, rules.evidence_window_months);
    // The status engine's own test of practice change, so the gaps and the verdict agree.
    let counted: Vec<EvidenceKind> = plan
        .evidence_of_area(area)
        .filter(|e| e.review_state == ReviewState::Verified && e.reviewed_on.is_some_and(|v| v <= as_at))
        .filter(|e| e.observed_on > window_start && e.observed_on <= as_at)
        .map(|e| e.kind)
        .collect();
    let kinds: BTreeSet<EvidenceKind> = counted.iter().copied().collect();
    let mut gaps = Vec::new();
    if counted.is_empty() {
        gaps.push(EvidenceGap::NoVerifiedEvidence { window_months: rules.evidence_window_months });
    } else if kinds.len() < rules.evidence_min_kinds as usize {
        gaps.push(EvidenceGap::TooFewKinds { kinds: kinds.into_iter().collect(), needed: rules.evidence_min_kinds });
    } else if counted.len() < rules.evidence_min_items as usize {
        gaps.push(EvidenceGap::TooFewItems { items: counted.len(), needed: rules.evidence_min_items });
    }
    if !plan.measures_of_area(area).any(|m| m.is_key) {
        gaps.push(EvidenceGap::NoKeyMeasure);
    }
    gaps
}

/// For a slipping area: the first month end after it was last embedded (or
/// the date itself, when that month end is the last one before it).
pub fn stopped_being_embedded(snapshot: &Snapshot, area: AreaId, as_at: NaiveDate) -> Option<NaiveDate> {
    let lookback = snapshot.rules_for(area).slipping_lookback_months.max(24);
    let history = snapshot.status_history(area, as_at, lookback)?;
    let last = history.iter().rposition(|(_, status)| *status == AreaStatus::Embedded)?;
    Some(history.get(last + 1).map_or(as_at, |(end, _)| *end))
}

/// "Embedded since 31 October 2025 (13 months)", "Stopped being embedded on
/// 30 September 2026", or nothing.
pub fn embedded_words(line: &AreaLine) -> Option<String> {
    if let Some(since) = line.embedded_since {
        let months = line.months_embedded.unwrap_or(0);
        let plural = if months == 1 { "month" } else { "months" };
        return Some(format!("Embedded since {} ({months} {plural})", long_date(since)));
    }
    // Embedded on the date but at no month end yet: "since" counts from month
    // ends, so there is no date to give, and "not embedded" would be false.
    if line.status == AreaStatus::Embedded {
        return Some("Embedded for less than a month: not yet at a month end".into());
    }
    line.stopped_on.map(|on| format!("Stopped being embedded on {}", long_date(on)))
}

/// One area's line as at a date; none for an area the plan does not hold.
pub fn area_line(snapshot: &Snapshot, verdict: &Verdict, area: AreaId) -> Option<AreaLine> {
    let plan = &snapshot.plan;
    let row = plan.area(area)?;
    let as_at = verdict.as_at;
    let open = plan.actions_of_area(area).filter(|a| dated::is_open(a, as_at)).count();
    let overdue = plan.actions_of_area(area).filter(|a| dated::is_overdue(a, as_at)).count();
    Some(AreaLine {
        id: area,
        name: row.name.clone(),
        lead: row.lead_owner_id.and_then(|id| plan.owner_label(Some(id)).map(|label| (id, label))),
        status: verdict.status,
        embedded_since: verdict.embedded_since,
        months_embedded: verdict.months_embedded,
        stopped_on: if verdict.status == AreaStatus::Slipping {
            stopped_being_embedded(snapshot, area, as_at)
        } else {
            None
        },
        open_actions: open,
        overdue_actions: overdue,
        key_measures: key_measures(plan, area, verdict),
        evidence_gaps: evidence_gaps(plan, area, &snapshot.rules_for(area), as_at),
    })
}

/// Every live area as at a date, most urgent first.
pub fn area_lines(snapshot: &Snapshot, as_at: NaiveDate) -> Vec<AreaLine> {
    let verdicts = snapshot.verdicts(as_at);
    let mut lines: Vec<AreaLine> = snapshot
        .plan
        .areas
        .iter()
        .filter_map(|a| verdicts.get(&a.id).and_then(|v| area_line(snapshot, v, a.id)))
        .collect();
    lines.sort_by_cached_key(AreaLine::urgency);
    lines
}

/// How many areas have each status, in the order of urgency.
pub fn status_counts(lines: &[AreaLine]) -> Vec<(AreaStatus, usize)> {
    [
        AreaStatus::Slipping,
        AreaStatus::NotYetSustained,
        AreaStatus::InProgress,
        AreaStatus::NotStarted,
        AreaStatus::Embedded,
    ]
    .into_iter()
    .map(|status| (status, lines.iter().filter(|l| l.status == status).count()))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(status: AreaStatus, embedded_since: Option<NaiveDate>, months: Option<u32>) -> AreaLine {
        AreaLine {
            id: AreaId(1),
            name: "Front door".into(),
            lead: None,
            status,
            embedded_since,
            months_embedded: months,
            stopped_on: None,
            open_actions: 0,
            overdue_actions: 0,
            key_measures: Vec::new(),
            evidence_gaps: Vec::new(),
        }
    }

    #[test]
    fn an_area_embedded_since_a_month_end_says_since_when() {
        let since = NaiveDate::from_ymd_opt(2025, 10, 31);
        assert_eq!(
            embedded_words(&line(AreaStatus::Embedded, since, Some(13))).as_deref(),
            Some("Embedded since 31 October 2025 (13 months)")
        );
    }

    #[test]
    fn an_area_embedded_only_since_the_last_month_end_is_not_called_not_embedded() {
        let words = embedded_words(&line(AreaStatus::Embedded, None, None)).unwrap();
        assert_eq!(words, "Embedded for less than a month: not yet at a month end");
    }

    #[test]
    fn an_area_never_embedded_has_no_words() {
        assert_eq!(embedded_words(&line(AreaStatus::NotYetSustained, None, None)), None);
    }
}
