//! The status engine: whether a practice area is embedded, and why, as at any date.
//!
//! Pure: it takes an area's actions, evidence and measure series and a date,
//! and returns a verdict with every criterion, met or not, and the numbers
//! behind it in plain words. The same function serves every page, report, API
//! answer and command.

mod ahead;
mod criteria;
mod explain;
mod findings;
mod readiness;
mod rules;

pub use ahead::{as_known_on, leaves_window, slip_ahead, Slip, LOOK_AHEAD_DAYS};
pub use explain::with_unit;
pub use findings::{finding_readiness, FindingCheck, FindingFacts, FindingReadiness, FindingTest};
pub use readiness::{readiness, Gap, Readiness};
pub use rules::{RuleOverrides, Rules};

use super::dates::{is_month_end, month_ends_before, months_before, whole_months};
use super::kinds::{ActionState, EvidenceKind, Unit};
use super::sign_off::SignOff;
use super::spc::{SpcAnalysis, SpcSettings};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What the engine needs to know about one plan action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionFact {
    /// The plan reference, e.g. "2.1".
    pub reference: String,
    /// Its state. Only `cancelled` is read, with `cancelled_on`.
    pub state: ActionState,
    /// When work began; an action completed by a date had started by then too.
    pub start_date: Option<NaiveDate>,
    /// When it is due; open past this date it is overdue.
    pub due_date: Option<NaiveDate>,
    /// When it was completed.
    pub completed_date: Option<NaiveDate>,
    /// The day a cancelled action was cancelled, when known: it counts on
    /// the dates before. One with none is left out on every date.
    #[serde(default)]
    pub cancelled_on: Option<NaiveDate>,
    /// Whether its completion waits for a leader's sign-off, and the day it was given.
    #[serde(default)]
    pub sign_off: SignOff,
}

impl ActionFact {
    /// The day it counts as delivered from: its completed date, or with
    /// sign-off asked, the later of that and the day it was signed off as it
    /// stands (none while it awaits sign-off).
    pub fn delivered_on(&self) -> Option<NaiveDate> {
        match self.sign_off {
            SignOff::NotAsked => self.completed_date,
            SignOff::Awaiting => None,
            SignOff::SignedOff(on) => self.completed_date.map(|done| done.max(on)),
        }
    }

    /// Delivered by the end of `as_at`.
    pub fn delivered_by(&self, as_at: NaiveDate) -> bool {
        self.delivered_on().is_some_and(|d| d <= as_at)
    }

    /// Completed by the end of `as_at` but not yet signed off then.
    pub fn awaiting_sign_off_at(&self, as_at: NaiveDate) -> bool {
        self.completed_date.is_some_and(|d| d <= as_at) && !self.delivered_by(as_at)
    }

    /// Cancelled by the end of `as_at`: left out of what the plan delivers then.
    pub fn cancelled_by(&self, as_at: NaiveDate) -> bool {
        self.state == ActionState::Cancelled && self.cancelled_on.is_none_or(|day| day <= as_at)
    }
}

/// What the engine needs to know about one evidence item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceFact {
    /// Its title, to name it in reasons.
    #[serde(default)]
    pub title: String,
    /// What sort of evidence it is; triangulation counts kinds.
    pub kind: EvidenceKind,
    /// When the practice was seen.
    pub observed_on: NaiveDate,
    /// When it was verified, for an item that is verified now; otherwise none.
    pub verified_on: Option<NaiveDate>,
}

/// A measure with its whole series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasureFacts {
    /// The measure's name, used in reasons.
    pub name: String,
    /// A key measure counts towards sustainment.
    pub key: bool,
    /// The unit its values and target are in.
    pub unit: Unit,
    /// Direction, target, baseline and screening for its SPC.
    pub settings: SpcSettings,
    /// Dates from which SPC limits restart (the first result on or after each).
    pub recalculation_points: Vec<NaiveDate>,
    /// (period end, value), in any order.
    pub results: Vec<(NaiveDate, f64)>,
}

/// Everything about one practice area that its status depends on.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AreaFacts {
    /// The area's plan actions, cancelled ones included.
    pub actions: Vec<ActionFact>,
    /// The area's evidence items, verified or not.
    pub evidence: Vec<EvidenceFact>,
    /// The area's measures, key or not.
    pub measures: Vec<MeasureFacts>,
}

/// Where an area stands; the first that holds wins, in the order embedded,
/// slipping, not started, in progress, not yet sustained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AreaStatus {
    /// No action had started by the date.
    NotStarted,
    /// Started, but not every action completed.
    InProgress,
    /// Delivered, but practice change or sustainment not shown.
    NotYetSustained,
    /// Delivered, practice changed and sustained.
    Embedded,
    /// Not embedded now, but embedded at a month end in the look-back.
    Slipping,
}

impl AreaStatus {
    /// Every status, in the order people see them.
    pub const ALL: &'static [AreaStatus] = &[
        AreaStatus::NotStarted,
        AreaStatus::InProgress,
        AreaStatus::NotYetSustained,
        AreaStatus::Embedded,
        AreaStatus::Slipping,
    ];

    /// The names used in JSON, in the same order as `ALL`.
    pub const NAMES: &'static [&'static str] =
        &["not_started", "in_progress", "not_yet_sustained", "embedded", "slipping"];

    /// The name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            AreaStatus::NotStarted => "not_started",
            AreaStatus::InProgress => "in_progress",
            AreaStatus::NotYetSustained => "not_yet_sustained",
            AreaStatus::Embedded => "embedded",
            AreaStatus::Slipping => "slipping",
        }
    }

    /// Words for people.
    pub fn label(self) -> &'static str {
        match self {
            AreaStatus::NotStarted => "Not started",
            AreaStatus::InProgress => "In progress",
            AreaStatus::NotYetSustained => "Not yet sustained",
            AreaStatus::Embedded => "Embedded",
            AreaStatus::Slipping => "Slipping",
        }
    }
}

impl std::str::FromStr for AreaStatus {
    type Err = crate::domain::kinds::UnknownName;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        AreaStatus::ALL.iter().copied().find(|status| status.as_str() == s.trim()).ok_or_else(|| {
            crate::domain::kinds::UnknownName { what: "status", given: s.trim().to_string(), allowed: Self::NAMES }
        })
    }
}

/// The three tests of an embedded area.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CriterionName {
    /// Every live action completed.
    Delivered,
    /// Enough recent verified evidence of enough kinds.
    PracticeChanged,
    /// Every key measure on target, often enough, with no concern.
    Sustained,
}

impl CriterionName {
    /// The name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            CriterionName::Delivered => "delivered",
            CriterionName::PracticeChanged => "practice_changed",
            CriterionName::Sustained => "sustained",
        }
    }

    /// Words for people.
    pub fn label(self) -> &'static str {
        match self {
            CriterionName::Delivered => "Delivered",
            CriterionName::PracticeChanged => "Practice changed",
            CriterionName::Sustained => "Sustained",
        }
    }
}

/// One criterion, met or not, with the numbers behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Criterion {
    /// Which criterion.
    pub criterion: CriterionName,
    /// Whether it holds at the date.
    pub met: bool,
    /// The numbers behind it, in plain words.
    pub reasons: Vec<String>,
}

/// How one measure stood as at the date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasureVerdict {
    /// The measure's name.
    pub name: String,
    /// Whether it counts towards sustainment.
    pub key: bool,
    /// Its target, if it has one.
    pub target: Option<f64>,
    /// Results with a period end in the results window up to the date.
    pub results_in_window: usize,
    /// Of those, how many met the target.
    pub results_meeting_target: usize,
    /// The latest point is a special-cause concern.
    pub latest_is_concern: bool,
    /// It passes the sustained test (computed for every measure; only key ones count).
    pub met: bool,
    /// SPC of the results up to the date, shared with the charts and pages
    /// that show it (an area's page copied every measure's on each request).
    pub analysis: std::sync::Arc<SpcAnalysis>,
}

/// An area's status as at a date, with every reason.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// The date the verdict is as at (inclusive).
    pub as_at: NaiveDate,
    /// Where the area stands.
    pub status: AreaStatus,
    /// Delivered, practice changed and sustained, in that order.
    pub criteria: Vec<Criterion>,
    /// The earliest month end from which the area was embedded at every month
    /// end up to the date; none when not embedded, or when no month end on or
    /// before the date has been embedded yet (embedded only since mid-month).
    pub embedded_since: Option<NaiveDate>,
    /// Whole months from `embedded_since` to the date.
    pub months_embedded: Option<u32>,
    /// The rules this verdict used.
    pub rules: Rules,
    /// Every measure as at the date, key or not, in the order given.
    pub measures: Vec<MeasureVerdict>,
}

/// The verdict on one area as at `as_at` (inclusive), using only what was
/// true then: action start and completion dates, evidence observed and
/// verified by the date, and results with a period end by the date (their SPC
/// computed from those results alone). Cancelled actions are ignored on every
/// date, since the plan keeps no cancellation date.
pub fn verdict(facts: &AreaFacts, rules: &Rules, as_at: NaiveDate) -> Verdict {
    let prepared = criteria::Prepared::new(facts);
    let delivery = criteria::delivery(&facts.actions, as_at);
    let practice = criteria::practice(&facts.evidence, rules, as_at);
    let verified_later = criteria::verified_after(&facts.evidence, rules, as_at);
    let measures: Vec<MeasureVerdict> =
        facts.measures.iter().zip(&prepared.series).map(|(m, s)| criteria::measure(m, s, rules, as_at)).collect();
    let results_window = months_before(as_at, rules.results_window_months);
    let criteria = vec![
        explain::delivered(&delivery, as_at),
        explain::practice_changed(&practice, &verified_later, rules),
        explain::sustained(&facts.measures, &measures, rules, results_window),
    ];
    let embedded_now = criteria.iter().all(|c| c.met);
    // Only month ends on or after the first completion can have been embedded.
    let earliest = prepared.earliest_completion.unwrap_or(as_at);
    let status = if embedded_now {
        AreaStatus::Embedded
    } else if month_ends_before(as_at, months_before(as_at, rules.slipping_lookback_months).max(earliest))
        .into_iter()
        .any(|end| prepared.embedded_at(rules, end))
    {
        AreaStatus::Slipping
    } else if !delivery.started {
        AreaStatus::NotStarted
    } else if !delivery.met() {
        AreaStatus::InProgress
    } else {
        AreaStatus::NotYetSustained
    };
    let embedded_since = if embedded_now {
        let mut since = is_month_end(as_at).then_some(as_at);
        // Walk back while embedded; the first completion bounds the walk.
        for end in month_ends_before(as_at, earliest) {
            if !prepared.embedded_at(rules, end) {
                break;
            }
            since = Some(end);
        }
        since
    } else {
        None
    };
    Verdict {
        as_at,
        status,
        criteria,
        embedded_since,
        months_embedded: embedded_since.map(|since| whole_months(since, as_at)),
        rules: rules.clone(),
        measures,
    }
}

#[cfg(test)]
mod tests;
