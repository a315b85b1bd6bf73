//! Setting up a council from nothing: the steps from council details to
//! evidence, each done or not, read from the cached plan. The dashboard shows
//! them while the plan is empty (no practice areas or no actions).

use super::cache::Snapshot;
use crate::domain::council::DEFAULT_NAME;
use crate::domain::ids::InspectionId;

/// One step of setting up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The council's name (and number and colour).
    Council,
    /// An inspection, and the findings it made.
    Inspection,
    /// The practice areas whose status Sustain shows.
    Areas,
    /// The people who own actions.
    Owners,
    /// The plan's actions, by form or from a workbook.
    Plan,
    /// Key measures and their results.
    Measures,
    /// Evidence of practice change.
    Evidence,
}

impl Step {
    /// Every step, in the order a council takes them.
    pub const ALL: [Step; 7] =
        [Step::Council, Step::Inspection, Step::Areas, Step::Owners, Step::Plan, Step::Measures, Step::Evidence];
}

/// Where a council stands in setting up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setup {
    /// Each step with whether it is done, in order.
    pub steps: Vec<(Step, bool)>,
    /// The first inspection recorded, where its findings are added.
    pub first_inspection: Option<InspectionId>,
}

impl Setup {
    /// How many steps are done.
    pub fn done(&self) -> usize {
        self.steps.iter().filter(|(_, done)| *done).count()
    }
}

/// The steps of setting up, while the plan is empty; none once it has
/// practice areas and actions.
pub fn setup(snapshot: &Snapshot) -> Option<Setup> {
    let plan = &snapshot.plan;
    if !plan.areas.is_empty() && !plan.actions.is_empty() {
        return None;
    }
    let live_inspections: Vec<_> = plan.inspections.iter().filter(|i| i.archived_at.is_none()).collect();
    let done = |step: Step| match step {
        Step::Council => snapshot.authority() != DEFAULT_NAME,
        Step::Inspection => !live_inspections.is_empty() && !plan.findings.is_empty(),
        Step::Areas => !plan.areas.is_empty(),
        Step::Owners => plan.owners.values().any(|o| o.archived_at.is_none()),
        Step::Plan => !plan.actions.is_empty(),
        Step::Measures => plan.measures.iter().any(|m| plan.results.get(&m.id).is_some_and(|r| !r.is_empty())),
        Step::Evidence => !plan.evidence.is_empty(),
    };
    Some(Setup {
        steps: Step::ALL.iter().map(|s| (*s, done(*s))).collect(),
        first_inspection: live_inspections.first().map(|i| i.id),
    })
}
