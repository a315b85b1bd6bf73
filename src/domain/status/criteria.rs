//! The three criteria, each with the numbers behind it in plain words.

use super::{ActionFact, Criterion, CriterionName, EvidenceFact, MeasureFacts, MeasureVerdict, Rules};
use crate::domain::dates::{long_date, months_before};
use crate::domain::kinds::{ActionState, Direction, Unit};
use crate::domain::spc::{analyse, series, PointKind};
use chrono::NaiveDate;
use std::collections::BTreeSet;

/// Whether any action had started, and whether every live action was completed, by `as_at`.
pub(super) fn delivered(actions: &[ActionFact], as_at: NaiveDate) -> (bool, Criterion) {
    let live: Vec<&ActionFact> = actions.iter().filter(|a| a.state != ActionState::Cancelled).collect();
    let done = |a: &ActionFact| a.completed_date.is_some_and(|d| d <= as_at);
    let started = live.iter().any(|a| a.start_date.is_some_and(|d| d <= as_at) || done(a));
    let completed = live.iter().filter(|a| done(a)).count();
    let met = !live.is_empty() && completed == live.len();
    let mut reasons = Vec::new();
    if live.is_empty() {
        reasons.push("no plan actions (other than cancelled ones)".to_string());
    } else {
        reasons.push(format!("{completed} of {} actions completed by {}", live.len(), long_date(as_at)));
        let open: Vec<String> = live
            .iter()
            .filter(|a| !done(a))
            .map(|a| match a.due_date {
                Some(due) if due < as_at => format!("{} (due {}, overdue)", a.reference, long_date(due)),
                Some(due) => format!("{} (due {})", a.reference, long_date(due)),
                None => a.reference.clone(),
            })
            .collect();
        if !open.is_empty() {
            reasons.push(format!("open: {}", open.join(", ")));
        }
    }
    (started, Criterion { criterion: CriterionName::Delivered, met, reasons })
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Verified evidence of enough kinds observed in the window up to `as_at`.
pub(super) fn practice_changed(evidence: &[EvidenceFact], rules: &Rules, as_at: NaiveDate) -> Criterion {
    let window_start = months_before(as_at, rules.evidence_window_months);
    let counted: Vec<&EvidenceFact> = evidence
        .iter()
        .filter(|e| e.verified_on.is_some_and(|v| v <= as_at) && e.observed_on > window_start && e.observed_on <= as_at)
        .collect();
    let kinds: BTreeSet<_> = counted.iter().map(|e| e.kind).collect();
    let met = counted.len() >= rules.evidence_min_items as usize && kinds.len() >= rules.evidence_min_kinds as usize;
    let since = long_date(window_start.succ_opt().unwrap_or(window_start));
    let kind_names: Vec<&str> = kinds.iter().map(|k| k.label()).collect();
    let mut reasons = vec![if counted.is_empty() {
        format!("no verified evidence observed since {since}")
    } else {
        format!(
            "{} of {} ({}) observed since {since}",
            plural(counted.len(), "verified item", "verified items"),
            plural(kinds.len(), "kind", "kinds"),
            kind_names.join(", ").to_lowercase()
        )
    }];
    if !met {
        reasons.push(format!(
            "needs at least {} of at least {}",
            plural(rules.evidence_min_items as usize, "item", "items"),
            plural(rules.evidence_min_kinds as usize, "kind", "different kinds")
        ));
    }
    Criterion { criterion: CriterionName::PracticeChanged, met, reasons }
}

/// A value with its unit, as people write it.
pub(super) fn with_unit(value: f64, unit: Unit) -> String {
    let number = if (value - value.round()).abs() < 1e-9 { format!("{value:.0}") } else { format!("{value:.1}") };
    match unit {
        Unit::Percent => format!("{number}%"),
        Unit::Days => format!("{number} days"),
        Unit::Count | Unit::Ratio => number,
    }
}

fn meets(value: f64, target: f64, direction: Direction) -> bool {
    match direction {
        Direction::HigherIsBetter => value >= target,
        Direction::LowerIsBetter => value <= target,
        Direction::Neither => false,
    }
}

/// One measure as at `as_at`: its SPC and how its recent results stand.
fn measure_verdict(m: &MeasureFacts, rules: &Rules, as_at: NaiveDate) -> (MeasureVerdict, String) {
    let upto: Vec<(NaiveDate, f64)> = m.results.iter().copied().filter(|(p, _)| *p <= as_at).collect();
    let analysis = analyse(&series(&upto, &m.recalculation_points), &m.settings);
    let window_start = months_before(as_at, rules.results_window_months);
    let recent: Vec<f64> = upto.iter().filter(|(p, _)| *p > window_start).map(|(_, v)| *v).collect();
    let direction = m.settings.direction;
    let meeting = m.settings.target.map_or(0, |t| recent.iter().filter(|v| meets(**v, t, direction)).count());
    let latest = analysis.points.last();
    let latest_is_concern = latest.is_some_and(|p| p.kind == PointKind::Concern);
    let since = long_date(window_start.succ_opt().unwrap_or(window_start));
    let mut reason = match (m.settings.target, direction) {
        (None, _) => format!("{}: has no target, so cannot show the change is sustained", m.name),
        (_, Direction::Neither) => format!("{}: has no direction (higher or lower is better)", m.name),
        (Some(t), _) => format!(
            "{}: target {} met in {meeting} of {} since {since}",
            m.name,
            with_unit(t, m.unit),
            plural(recent.len(), "result", "results")
        ),
    };
    if recent.len() < rules.results_min_count as usize && m.settings.target.is_some() {
        reason.push_str(&format!("; needs at least {}", plural(rules.results_min_count as usize, "result", "results")));
    }
    if let Some(point) = latest.filter(|_| latest_is_concern) {
        let signals: Vec<&str> = point.signals.iter().map(|s| s.label()).collect();
        reason.push_str(&format!("; latest point is a concern ({})", signals.join(", ")));
    }
    let met = m.settings.target.is_some()
        && direction != Direction::Neither
        && recent.len() >= rules.results_min_count as usize
        && meeting == recent.len()
        && !latest_is_concern;
    let verdict = MeasureVerdict {
        name: m.name.clone(),
        key: m.key,
        target: m.settings.target,
        results_in_window: recent.len(),
        results_meeting_target: meeting,
        latest_is_concern,
        met,
        analysis,
    };
    (verdict, reason)
}

/// Every key measure on target, often enough, with no concern at the latest point.
pub(super) fn sustained(
    measures: &[MeasureFacts],
    rules: &Rules,
    as_at: NaiveDate,
) -> (Criterion, Vec<MeasureVerdict>) {
    let mut reasons = Vec::new();
    let mut verdicts = Vec::new();
    let mut all_met = true;
    for m in measures {
        let (verdict, reason) = measure_verdict(m, rules, as_at);
        if m.key {
            all_met &= verdict.met;
            reasons.push(reason);
        }
        verdicts.push(verdict);
    }
    let has_key = measures.iter().any(|m| m.key);
    if !has_key {
        reasons.push("no key measure: the area has nothing to show the change has held".into());
    }
    (Criterion { criterion: CriterionName::Sustained, met: has_key && all_met, reasons }, verdicts)
}
