//! Hartwell Borough Council: a fictional children's services department,
//! built back from an "as at" date so that the demo always looks current.
//!
//! The story follows DOMAIN.md: a focused visit to the front door about two
//! years ago set two areas for priority action; a full inspection about a year
//! ago judged the service good with three recommendations; the council's own
//! self-evaluation followed. Each practice area is shaped to show one status
//! under the default rules; its intended verdict is written beside its data in
//! `areas/`, and tests check the engine agrees. The same date always gives
//! the same data: there is no randomness, only a fixed wobble.

mod areas;
pub(in crate::demo) mod build;
mod calendar;
mod commentary;
mod people;
pub(in crate::demo) mod series;
mod story;

use crate::domain::audit::GradeCounts;
use crate::domain::kinds::*;
use crate::domain::plan::InspectionInput;
use crate::domain::sign_off::SignOff;
use crate::domain::spc::SpcSettings;
use crate::domain::status::{ActionFact, AreaFacts, AreaStatus, EvidenceFact, MeasureFacts};
use chrono::NaiveDate;

pub use calendar::Calendar;
pub use people::CONTRIBUTOR;

/// The demo council's name, which `serve --demo` shows when none is configured.
pub const NAME: &str = "Hartwell Borough Council";

/// The whole demo authority.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoAuthority {
    pub as_at: NaiveDate,
    pub users: Vec<DemoUser>,
    pub owners: Vec<DemoOwner>,
    pub inspections: Vec<DemoInspection>,
    pub areas: Vec<DemoArea>,
    /// The leaders' commentary for the report as at the demo's date, by area
    /// key (none: the overall words).
    pub commentary: Vec<(Option<String>, String)>,
}

/// A person who signs in.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoUser {
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// The owner record this user is, for "actions they own".
    pub owner_key: Option<String>,
}

/// A person who owns actions, named by job title; partners are not users.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoOwner {
    pub key: String,
    pub name: String,
    pub job_title: String,
    pub team: String,
    pub email: Option<String>,
}

/// A visit or review with its judgements and findings.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoInspection {
    pub key: String,
    /// The inspection as it is entered.
    pub details: InspectionInput,
    pub judgements: Vec<(String, Grade)>,
    pub findings: Vec<DemoFinding>,
}

/// What an inspection said, placed in a practice area.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoFinding {
    pub key: String,
    pub area_key: String,
    pub kind: FindingKind,
    pub reference: String,
    pub text: String,
}

/// A practice area with everything in it and the status it is meant to show.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoArea {
    pub key: String,
    pub name: String,
    pub description: String,
    pub lead_owner_key: String,
    pub intended_status: AreaStatus,
    pub actions: Vec<DemoAction>,
    pub evidence: Vec<DemoEvidence>,
    pub measures: Vec<DemoMeasure>,
}

/// A plan action.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoAction {
    pub reference: String,
    pub title: String,
    pub description: String,
    pub owner_key: String,
    pub start_date: Option<NaiveDate>,
    pub due_date: Option<NaiveDate>,
    pub completed_date: Option<NaiveDate>,
    pub state: ActionState,
    pub success_measure: String,
    pub finding_keys: Vec<String>,
    pub updates: Vec<DemoUpdate>,
    /// A leader's decision on it once completed.
    pub sign_off: DemoSignOff,
}

/// Where a demo action's sign-off stands.
#[derive(Debug, Clone, PartialEq)]
pub enum DemoSignOff {
    /// Not completed, and never returned.
    None,
    /// Signed off by a leader on a day with a note.
    Signed { on: NaiveDate, by_email: String, note: String },
    /// Completed and waiting for a leader.
    Awaiting,
    /// Marked completed on `completed`, then returned to its owner with a reason: in progress again.
    Returned { completed: NaiveDate, on: NaiveDate, by_email: String, reason: String },
}

/// A progress update on an action.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoUpdate {
    pub date: NaiveDate,
    pub rag: Rag,
    pub note: String,
    pub author_email: String,
}

/// An item of evidence and its review.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoEvidence {
    pub title: String,
    pub kind: EvidenceKind,
    pub description: String,
    pub observed_on: NaiveDate,
    pub period: Option<(NaiveDate, NaiveDate)>,
    pub review: ReviewState,
    pub reviewed_on: Option<NaiveDate>,
    pub reviewer_email: Option<String>,
    pub rejection_reason: Option<String>,
    /// Returned to the person who added it for changes, with why (a draft).
    pub return_reason: Option<String>,
    pub finding_keys: Vec<String>,
    pub action_refs: Vec<String>,
    /// Files attached to the item (the normal demo has none).
    pub attachments: Vec<DemoAttachment>,
}

/// A small file attached to an evidence item; its type is recognised from
/// its bytes when it is loaded, as for an upload.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoAttachment {
    pub file_name: String,
    pub content: Vec<u8>,
}

/// A measure with its monthly results.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoMeasure {
    pub name: String,
    pub description: String,
    pub kind: MeasureKind,
    pub unit: Unit,
    pub direction: Direction,
    pub target: Option<f64>,
    pub frequency: Frequency,
    pub key: bool,
    pub recalculation_points: Vec<NaiveDate>,
    pub results: Vec<DemoResult>,
    /// The published indicator it is compared with, by its catalogue code.
    pub published_indicator: Option<&'static str>,
}

/// One monthly result.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoResult {
    pub period_end: NaiveDate,
    pub value: f64,
    pub grades: Option<GradeCounts>,
    pub sample_size: Option<u32>,
    pub note: Option<String>,
}

impl DemoArea {
    /// What the status engine reads of the area, taken straight from the demo
    /// data (tests use it to check each area's intended status without a database).
    pub fn facts(&self) -> AreaFacts {
        AreaFacts {
            actions: self
                .actions
                .iter()
                .map(|a| ActionFact {
                    reference: a.reference.clone(),
                    state: a.state,
                    start_date: a.start_date,
                    due_date: a.due_date,
                    completed_date: a.completed_date,
                    cancelled_on: None,
                    sign_off: match &a.sign_off {
                        DemoSignOff::Signed { on, .. } => SignOff::SignedOff(*on),
                        _ => SignOff::Awaiting,
                    },
                })
                .collect(),
            evidence: self
                .evidence
                .iter()
                .map(|e| EvidenceFact {
                    title: e.title.clone(),
                    kind: e.kind,
                    observed_on: e.observed_on,
                    verified_on: (e.review == ReviewState::Verified).then_some(e.reviewed_on).flatten(),
                })
                .collect(),
            measures: self
                .measures
                .iter()
                .map(|m| MeasureFacts {
                    name: m.name.clone(),
                    key: m.key,
                    unit: m.unit,
                    settings: SpcSettings { direction: m.direction, target: m.target, baseline: None, screen: true },
                    recalculation_points: m.recalculation_points.clone(),
                    results: m.results.iter().map(|r| (r.period_end, r.value)).collect(),
                })
                .collect(),
        }
    }
}

/// The demo authority as at a date.
pub fn hartwell(as_at: NaiveDate) -> DemoAuthority {
    let cal = Calendar::new(as_at);
    DemoAuthority {
        as_at,
        users: people::users(),
        owners: people::owners(),
        inspections: story::inspections(&cal),
        areas: areas::all(&cal),
        commentary: commentary::commentary(),
    }
}

#[cfg(test)]
mod tests;
