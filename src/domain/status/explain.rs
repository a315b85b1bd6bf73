//! The reasons behind each criterion, in plain words with the numbers, e.g.
//! "3 of 4 actions completed by 31 March 2025; open: 2.1 (due 28 February 2025, overdue), 2.4".

use super::criteria::{Delivery, Practice};
use super::{Criterion, CriterionName, EvidenceFact, MeasureFacts, MeasureVerdict, Rules};
use crate::domain::dates::long_date;
use crate::domain::kinds::{Direction, Unit};
use chrono::NaiveDate;

/// "1 item", "2 items".
pub(super) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The first day inside a window that starts after `start`.
fn since(start: NaiveDate) -> String {
    long_date(start.succ_opt().unwrap_or(start))
}

/// A value with its unit, as people write it: "80%", "12 days", "3.5".
pub fn with_unit(value: f64, unit: Unit) -> String {
    let number = if (value - value.round()).abs() < 1e-9 { format!("{value:.0}") } else { format!("{value:.1}") };
    match unit {
        Unit::Percent => format!("{number}%"),
        Unit::Days => format!("{number} days"),
        Unit::Count | Unit::Ratio => number,
    }
}

pub(super) fn delivered(d: &Delivery<'_>, as_at: NaiveDate) -> Criterion {
    let mut reasons = Vec::new();
    if d.live == 0 {
        reasons.push("no plan actions, so nothing has been delivered".to_string());
    } else {
        let done = if d.signed_off { "completed and signed off" } else { "completed" };
        let mut line =
            format!("{} of {} {done} by {}", d.completed, plural(d.live, "action", "actions"), long_date(as_at));
        if !d.open.is_empty() {
            let open: Vec<String> = d
                .open
                .iter()
                .map(|a| match a.due_date {
                    _ if a.awaiting_sign_off_at(as_at) => format!("{} (completed, awaiting sign-off)", a.reference),
                    Some(due) if due < as_at => format!("{} (due {}, overdue)", a.reference, long_date(due)),
                    Some(due) => format!("{} (due {})", a.reference, long_date(due)),
                    None => a.reference.clone(),
                })
                .collect();
            line.push_str(&format!("; open: {}", open.join(", ")));
        }
        reasons.push(line);
    }
    if d.cancelled > 0 {
        reasons.push(format!("{} not counted", plural(d.cancelled, "cancelled action", "cancelled actions")));
    }
    Criterion { criterion: CriterionName::Delivered, met: d.met(), reasons }
}

pub(super) fn practice_changed(p: &Practice, verified_later: &[&EvidenceFact], rules: &Rules) -> Criterion {
    let since = since(p.window_start);
    let mut line = if p.items == 0 {
        format!("no verified evidence observed since {since}")
    } else {
        let kinds: Vec<String> = p.kinds.iter().map(|k| k.label().to_lowercase()).collect();
        format!(
            "{} of {} ({}) observed since {since}",
            plural(p.items, "verified item", "verified items"),
            plural(kinds.len(), "kind", "kinds"),
            kinds.join(", ")
        )
    };
    let (min_items, min_kinds) = (rules.evidence_min_items as usize, rules.evidence_min_kinds as usize);
    let needs = match (p.items < min_items, p.kinds.len() < min_kinds) {
        (true, true) => {
            Some(format!("{} of {}", plural(min_items, "item", "items"), plural(min_kinds, "kind", "kinds")))
        }
        (true, false) => Some(plural(min_items, "item", "items")),
        (false, true) => Some(plural(min_kinds, "kind", "kinds")),
        (false, false) => None,
    };
    if let Some(needs) = needs {
        line.push_str(&format!("; needs {needs}"));
    }
    let mut reasons = vec![line];
    // Past evidence entered truthfully: seen by the date, verified only after it.
    reasons.extend(verified_later.iter().filter_map(|e| {
        let verified = e.verified_on?;
        let name = if e.title.is_empty() { e.kind.label().to_string() } else { e.title.clone() };
        Some(format!(
            "{name}: observed {}, verified {} – after this date, so not counted",
            long_date(e.observed_on),
            long_date(verified)
        ))
    }));
    Criterion { criterion: CriterionName::PracticeChanged, met: p.met(rules), reasons }
}

/// The reasons for one key measure.
fn measure_reasons(m: &MeasureFacts, v: &MeasureVerdict, rules: &Rules, window_start: NaiveDate) -> Vec<String> {
    let since = since(window_start);
    let min = rules.results_min_count as usize;
    let mut reasons = Vec::new();
    match (m.settings.target, m.settings.direction) {
        (None, _) => reasons.push(format!("{}: has no target, so it cannot show the change has held", m.name)),
        (Some(_), Direction::Neither) => reasons.push(format!(
            "{}: has no direction (higher or lower is better), so it cannot show the change has held",
            m.name
        )),
        (Some(_), _) if v.results_in_window == 0 => {
            reasons.push(format!("{}: no results since {since}; needs at least {min}", m.name))
        }
        (Some(t), _) => {
            let mut line = format!(
                "{}: target {} met in {} of {} since {since}",
                m.name,
                with_unit(t, m.unit),
                v.results_meeting_target,
                plural(v.results_in_window, "result", "results")
            );
            if v.results_in_window < min {
                line.push_str(&format!("; needs at least {}", plural(min, "result", "results")));
            }
            reasons.push(line);
        }
    }
    if let Some(point) = v.analysis.latest().filter(|_| v.latest_is_concern) {
        let words = point.signal_words().join(", ");
        reasons.push(format!("{}: latest point is a concern ({words})", m.name));
    }
    reasons
}

pub(super) fn sustained(
    measures: &[MeasureFacts],
    verdicts: &[MeasureVerdict],
    rules: &Rules,
    window_start: NaiveDate,
) -> Criterion {
    let mut reasons = Vec::new();
    for (m, v) in measures.iter().zip(verdicts).filter(|(m, _)| m.key) {
        reasons.extend(measure_reasons(m, v, rules, window_start));
    }
    let has_key = measures.iter().any(|m| m.key);
    if !has_key {
        reasons.push("no key measure, so nothing shows the change has held".into());
    }
    let met = has_key && verdicts.iter().filter(|v| v.key).all(|v| v.met);
    Criterion { criterion: CriterionName::Sustained, met, reasons }
}
