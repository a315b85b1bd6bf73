//! What an import is matched against (the live plan, and the user's choices)
//! and what it would write.

use crate::domain::ids::{ActionId, AreaId, FindingId, InspectionId, OwnerId};
use crate::domain::plan::{ActionInput, AreaInput, FindingInput, OwnerInput};
use crate::domain::valid::Valid;

/// An owner already in the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct ExistingOwner {
    pub id: OwnerId,
    pub name: String,
    pub job_title: String,
}

/// A live finding already in the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct ExistingFinding {
    pub id: FindingId,
    pub inspection_id: InspectionId,
    pub reference: String,
}

/// A live action already in the plan, with the findings it answers.
#[derive(Debug, Clone, PartialEq)]
pub struct ExistingAction {
    pub id: ActionId,
    pub version: i32,
    pub input: ActionInput,
    pub findings: Vec<FindingId>,
}

/// What an import is matched against: the live plan.
#[derive(Debug, Clone, Default)]
pub struct ExistingPlan {
    pub areas: Vec<(AreaId, String)>,
    pub owners: Vec<ExistingOwner>,
    pub inspections: Vec<(InspectionId, String)>,
    pub findings: Vec<ExistingFinding>,
    pub actions: Vec<ExistingAction>,
}

/// What the user chose.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Create practice areas, owners and findings that are not found.
    pub create_missing: bool,
}

/// A record the row links to: one already stored, or the nth to be created.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Link<T> {
    Existing(T),
    New(usize),
}

/// A finding to create, in the area of the first row that names it.
#[derive(Debug, Clone, PartialEq)]
pub struct NewFinding {
    pub input: Valid<FindingInput>,
    /// The title of the inspection it is created in.
    pub inspection: String,
    pub area: Link<AreaId>,
}

/// What happens to one row's action.
#[derive(Debug, Clone, PartialEq)]
pub enum ActionWrite {
    Create,
    /// Changed, with the columns that differ.
    Update {
        id: ActionId,
        version: i32,
        changed: Vec<&'static str>,
    },
    Unchanged(ActionId),
}

/// One row's action, checked, with its links.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionChange {
    pub row: usize,
    pub write: ActionWrite,
    /// The action's values; its area and owner are set from the links when written.
    pub input: Valid<ActionInput>,
    pub area: Link<AreaId>,
    pub owner: Option<Link<OwnerId>>,
    /// Findings to link that are not linked yet.
    pub link: Vec<Link<FindingId>>,
    /// Findings linked now that the row no longer names.
    pub unlink: Vec<FindingId>,
}

/// Everything an import would write.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PlanChanges {
    pub new_areas: Vec<Valid<AreaInput>>,
    pub new_owners: Vec<Valid<OwnerInput>>,
    pub new_findings: Vec<NewFinding>,
    pub actions: Vec<ActionChange>,
}

impl PlanChanges {
    /// Actions added, changed and left alone.
    pub fn counts(&self) -> (usize, usize, usize) {
        let mut counts = (0, 0, 0);
        for change in &self.actions {
            match change.write {
                ActionWrite::Create => counts.0 += 1,
                ActionWrite::Update { .. } => counts.1 += 1,
                ActionWrite::Unchanged(_) => counts.2 += 1,
            }
        }
        counts
    }

    /// Whether the import would write nothing at all.
    pub fn is_empty(&self) -> bool {
        let (created, changed, _) = self.counts();
        created + changed + self.new_areas.len() + self.new_owners.len() + self.new_findings.len() == 0
    }
}
