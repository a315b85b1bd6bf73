//! The status engine: whether a practice area is embedded, and why, as at any date.
//!
//! Pure: it takes an area's actions, evidence and measure series and a date,
//! and returns a verdict with every criterion, met or not, and the numbers
//! behind it in plain words. The same function serves every page, report, API
//! answer and command.

mod criteria;
mod readiness;
mod rules;

pub use readiness::{readiness, FindingFacts, Gap, Readiness};
pub use rules::{RuleOverrides, Rules};

use super::dates::{month_end, month_ends_before, months_before};
use super::kinds::{ActionState, EvidenceKind, Unit};
use super::spc::{SpcAnalysis, SpcSettings};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What the engine needs to know about one plan action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionFact {
    pub reference: String,
    /// Its state now. Only `cancelled` is read: the plan keeps no cancellation
    /// date, so a cancelled action is left out on every date.
    pub state: ActionState,
    pub start_date: Option<NaiveDate>,
    pub due_date: Option<NaiveDate>,
    pub completed_date: Option<NaiveDate>,
}

/// What the engine needs to know about one evidence item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceFact {
    pub kind: EvidenceKind,
    /// When the practice was seen.
    pub observed_on: NaiveDate,
    /// When it was verified, for an item that is verified now; otherwise none.
    pub verified_on: Option<NaiveDate>,
}

/// A measure with its whole series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasureFacts {
    pub name: String,
    /// A key measure counts towards sustainment.
    pub key: bool,
    pub unit: Unit,
    pub settings: SpcSettings,
    pub recalculation_points: Vec<NaiveDate>,
    /// (period end, value), in any order.
    pub results: Vec<(NaiveDate, f64)>,
}

/// Everything about one practice area that its status depends on.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AreaFacts {
    pub actions: Vec<ActionFact>,
    pub evidence: Vec<EvidenceFact>,
    pub measures: Vec<MeasureFacts>,
}

/// Where an area stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AreaStatus {
    NotStarted,
    InProgress,
    NotYetSustained,
    Embedded,
    Slipping,
}

impl AreaStatus {
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

/// The three tests of an embedded area.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CriterionName {
    Delivered,
    PracticeChanged,
    Sustained,
}

impl CriterionName {
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
    pub criterion: CriterionName,
    pub met: bool,
    pub reasons: Vec<String>,
}

/// How one measure stood as at the date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasureVerdict {
    pub name: String,
    pub key: bool,
    pub target: Option<f64>,
    pub results_in_window: usize,
    pub results_meeting_target: usize,
    /// The latest point is a special-cause concern.
    pub latest_is_concern: bool,
    /// For a key measure: it passes the sustained test.
    pub met: bool,
    /// SPC of the results up to the date.
    pub analysis: SpcAnalysis,
}

/// An area's status as at a date, with every reason.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    pub as_at: NaiveDate,
    pub status: AreaStatus,
    pub criteria: Vec<Criterion>,
    /// The earliest month end from which the area was embedded at every month end up to the date.
    pub embedded_since: Option<NaiveDate>,
    /// Whole months from `embedded_since` to the date.
    pub months_embedded: Option<u32>,
    pub measures: Vec<MeasureVerdict>,
    /// The rules this verdict used.
    pub rules: Rules,
}

/// The three criteria as at one date.
struct Assessment {
    started: bool,
    criteria: Vec<Criterion>,
    measures: Vec<MeasureVerdict>,
}

impl Assessment {
    fn met(&self, name: CriterionName) -> bool {
        self.criteria.iter().any(|c| c.criterion == name && c.met)
    }

    fn embedded(&self) -> bool {
        self.criteria.iter().all(|c| c.met)
    }
}

fn assess(facts: &AreaFacts, rules: &Rules, as_at: NaiveDate) -> Assessment {
    let (started, delivered) = criteria::delivered(&facts.actions, as_at);
    let practice = criteria::practice_changed(&facts.evidence, rules, as_at);
    let (sustained, measures) = criteria::sustained(&facts.measures, rules, as_at);
    Assessment { started, criteria: vec![delivered, practice, sustained], measures }
}

/// How far back `embedded_since` looks at most, in months.
const EMBEDDED_SINCE_LIMIT: u32 = 120;

/// The verdict on one area as at `as_at` (inclusive), using only what was true then.
pub fn verdict(facts: &AreaFacts, rules: &Rules, as_at: NaiveDate) -> Verdict {
    let now = assess(facts, rules, as_at);
    let embedded_now = now.embedded();
    let embedded_at = |date: NaiveDate| assess(facts, rules, date).embedded();
    let status = if embedded_now {
        AreaStatus::Embedded
    } else if month_ends_before(as_at, months_before(as_at, rules.slipping_lookback_months))
        .into_iter()
        .any(embedded_at)
    {
        AreaStatus::Slipping
    } else if !now.started {
        AreaStatus::NotStarted
    } else if !now.met(CriterionName::Delivered) {
        AreaStatus::InProgress
    } else {
        AreaStatus::NotYetSustained
    };
    let embedded_since = if embedded_now { embedded_since(as_at, embedded_at) } else { None };
    let months_embedded = embedded_since.map(|since| whole_months(since, as_at));
    Verdict {
        as_at,
        status,
        criteria: now.criteria,
        embedded_since,
        months_embedded,
        measures: now.measures,
        rules: rules.clone(),
    }
}

/// Walks back over month ends while the area was embedded at each.
fn embedded_since(as_at: NaiveDate, embedded_at: impl Fn(NaiveDate) -> bool) -> Option<NaiveDate> {
    let mut since = (month_end(as_at) == as_at).then_some(as_at);
    for end in month_ends_before(as_at, months_before(as_at, EMBEDDED_SINCE_LIMIT)) {
        if !embedded_at(end) {
            break;
        }
        since = Some(end);
    }
    since
}

fn whole_months(from: NaiveDate, to: NaiveDate) -> u32 {
    use chrono::Datelike;
    let months = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32;
    let months = if to.day() < from.day() && month_end(to) != to { months - 1 } else { months };
    u32::try_from(months).unwrap_or(0)
}

#[cfg(test)]
mod tests;
