//! The three criteria as numbers, computed as at one date from facts
//! prepared once (sorted series), so the month-end look-backs stay cheap.
//! `explain` turns these numbers into words.

use super::{ActionFact, AreaFacts, EvidenceFact, MeasureFacts, MeasureVerdict, Rules};
use crate::domain::dates::months_before;
use crate::domain::kinds::{ActionState, Direction, EvidenceKind};
use crate::domain::sign_off::SignOff;
use crate::domain::spc::{analyse, series, PointKind, SeriesPoint};
use chrono::NaiveDate;
use std::collections::BTreeSet;

/// An area's facts with every series sorted once.
pub(super) struct Prepared<'a> {
    pub facts: &'a AreaFacts,
    pub series: Vec<Vec<SeriesPoint>>,
    /// Nothing can be delivered before the first completion, so no look-back goes earlier.
    pub earliest_completion: Option<NaiveDate>,
}

impl<'a> Prepared<'a> {
    pub fn new(facts: &'a AreaFacts) -> Self {
        // An action cancelled on a known day may have counted before it.
        let live = facts.actions.iter().filter(|a| !(a.state == ActionState::Cancelled && a.cancelled_on.is_none()));
        Prepared {
            facts,
            series: facts.measures.iter().map(|m| series(&m.results, &m.recalculation_points)).collect(),
            earliest_completion: live.filter_map(|a| a.delivered_on()).min(),
        }
    }

    /// Whether all three criteria hold at `as_at`, stopping at the first that fails.
    pub fn embedded_at(&self, rules: &Rules, as_at: NaiveDate) -> bool {
        delivery(&self.facts.actions, as_at).met()
            && practice(&self.facts.evidence, rules, as_at).met(rules)
            && self.facts.measures.iter().any(|m| m.key)
            && self
                .facts
                .measures
                .iter()
                .zip(&self.series)
                .filter(|(m, _)| m.key)
                .all(|(m, s)| measure(m, s, rules, as_at).met)
    }
}

/// Plan actions as at a date; those cancelled by then are left out.
pub(super) struct Delivery<'a> {
    pub live: usize,
    pub cancelled: usize,
    pub completed: usize,
    pub started: bool,
    /// Whether the council asks for sign-off of any of them.
    pub signed_off: bool,
    /// Live actions not delivered by the date, in plan order.
    pub open: Vec<&'a ActionFact>,
}

impl Delivery<'_> {
    /// At least one live action, and all of them completed.
    pub fn met(&self) -> bool {
        self.live > 0 && self.completed == self.live
    }
}

pub(super) fn delivery(actions: &[ActionFact], as_at: NaiveDate) -> Delivery<'_> {
    // With sign-off asked, an action counts from its sign-off.
    let done = |a: &ActionFact| a.delivered_by(as_at);
    let live: Vec<&ActionFact> = actions.iter().filter(|a| !a.cancelled_by(as_at)).collect();
    Delivery {
        live: live.len(),
        cancelled: actions.len() - live.len(),
        completed: live.iter().filter(|a| done(a)).count(),
        // Completing an action means it had started, whatever its start date says.
        started: live
            .iter()
            .any(|a| a.start_date.is_some_and(|d| d <= as_at) || a.completed_date.is_some_and(|d| d <= as_at)),
        signed_off: live.iter().any(|a| a.sign_off != SignOff::NotAsked),
        open: live.into_iter().filter(|a| !done(a)).collect(),
    }
}

/// Verified evidence observed in the window up to a date.
pub(super) struct Practice {
    pub items: usize,
    pub kinds: BTreeSet<EvidenceKind>,
    /// Items count if observed after this date (and on or before the date).
    pub window_start: NaiveDate,
}

impl Practice {
    /// Enough items of enough kinds.
    pub fn met(&self, rules: &Rules) -> bool {
        self.items >= rules.evidence_min_items as usize && self.kinds.len() >= rules.evidence_min_kinds as usize
    }
}

pub(super) fn practice(evidence: &[EvidenceFact], rules: &Rules, as_at: NaiveDate) -> Practice {
    let window_start = months_before(as_at, rules.evidence_window_months);
    let counted = || {
        evidence.iter().filter(move |e| {
            e.verified_on.is_some_and(|v| v <= as_at) && e.observed_on > window_start && e.observed_on <= as_at
        })
    };
    Practice { items: counted().count(), kinds: counted().map(|e| e.kind).collect(), window_start }
}

/// Items observed in the window up to a date but verified only after it: they
/// do not count yet, and the reasons say so.
pub(super) fn verified_after<'a>(
    evidence: &'a [EvidenceFact],
    rules: &Rules,
    as_at: NaiveDate,
) -> Vec<&'a EvidenceFact> {
    let window_start = months_before(as_at, rules.evidence_window_months);
    evidence
        .iter()
        .filter(|e| e.verified_on.is_some_and(|v| v > as_at) && e.observed_on > window_start && e.observed_on <= as_at)
        .collect()
}

/// Whether a value meets a target in the measure's direction; never with no direction.
pub(super) fn meets(value: f64, target: f64, direction: Direction) -> bool {
    match direction {
        Direction::HigherIsBetter => value >= target,
        Direction::LowerIsBetter => value <= target,
        Direction::Neither => false,
    }
}

/// One measure as at a date, from its sorted series: the SPC of the results
/// up to the date alone, and how the results in the window stand.
pub(super) fn measure(m: &MeasureFacts, sorted: &[SeriesPoint], rules: &Rules, as_at: NaiveDate) -> MeasureVerdict {
    let upto = &sorted[..sorted.partition_point(|p| p.period <= as_at)];
    let analysis = analyse(upto, &m.settings);
    let window_start = months_before(as_at, rules.results_window_months);
    let recent = &upto[upto.partition_point(|p| p.period <= window_start)..];
    let direction = m.settings.direction;
    let meeting = m.settings.target.map_or(0, |t| recent.iter().filter(|p| meets(p.value, t, direction)).count());
    let latest_is_concern = analysis.latest().is_some_and(|p| p.kind == PointKind::Concern);
    let met = m.settings.target.is_some()
        && direction != Direction::Neither
        && recent.len() >= rules.results_min_count as usize
        && meeting == recent.len()
        && !latest_is_concern;
    MeasureVerdict {
        name: m.name.clone(),
        key: m.key,
        target: m.settings.target,
        results_in_window: recent.len(),
        results_meeting_target: meeting,
        latest_is_concern,
        met,
        analysis: std::sync::Arc::new(analysis),
    }
}
