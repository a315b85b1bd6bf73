//! What an import is matched against (the live plan, and the user's choices)
//! and what it would write.

use super::results::ResultChange;
use crate::domain::evidence::{MeasureInput, RecalculationInput};
use crate::domain::ids::{ActionId, AreaId, FindingId, InspectionId, JudgementId, MeasureId, OwnerId};
use crate::domain::plan::{ActionInput, AreaInput, FindingInput, InspectionInput, JudgementInput, OwnerInput};
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

/// A stored record as its form would give it, with its id and version.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRecord<Id, T> {
    pub id: Id,
    pub version: i32,
    pub input: T,
}

/// The live records the workbook's other sheets are matched against.
#[derive(Debug, Clone, Default)]
pub struct ExistingRecords {
    pub owners: Vec<StoredRecord<OwnerId, OwnerInput>>,
    pub areas: Vec<StoredRecord<AreaId, AreaInput>>,
    pub inspections: Vec<StoredRecord<InspectionId, InspectionInput>>,
    pub judgements: Vec<StoredRecord<JudgementId, JudgementInput>>,
    pub findings: Vec<StoredRecord<FindingId, FindingInput>>,
    pub measures: Vec<StoredRecord<MeasureId, MeasureInput>>,
    /// Each measure's recalculation points (measure, date).
    pub recalculations: Vec<(MeasureId, chrono::NaiveDate)>,
    /// Live measures as a results sheet finds them, and their live results.
    pub result_measures: Vec<super::results::ExistingMeasure>,
    pub results: Vec<super::results::ExistingResult>,
}

/// What an import is matched against: the live plan.
#[derive(Debug, Clone, Default)]
pub struct ExistingPlan {
    /// The whole records, for the workbook's other sheets.
    pub records: ExistingRecords,
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

/// A practice area to create, with its lead.
#[derive(Debug, Clone, PartialEq)]
pub struct NewArea {
    pub input: Valid<AreaInput>,
    pub lead: Option<Link<OwnerId>>,
}

/// A finding to create: from the findings sheet, or in the area of the first
/// plan row that names it.
#[derive(Debug, Clone, PartialEq)]
pub struct NewFinding {
    pub input: Valid<FindingInput>,
    pub inspection: Link<InspectionId>,
    /// The title of the inspection it is created in.
    pub inspection_title: String,
    pub area: Link<AreaId>,
}

/// A judgement to add to an inspection.
#[derive(Debug, Clone, PartialEq)]
pub struct NewJudgement {
    pub input: Valid<JudgementInput>,
    pub inspection: Link<InspectionId>,
    pub inspection_title: String,
}

/// A measure to create in a practice area.
#[derive(Debug, Clone, PartialEq)]
pub struct NewMeasure {
    pub input: Valid<MeasureInput>,
    pub area: Link<AreaId>,
}

/// A recalculation point to add to a measure.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRecalculation {
    pub input: Valid<RecalculationInput>,
    pub measure: Link<MeasureId>,
    pub measure_name: String,
}

/// A stored record whose row in the workbook differs from it.
#[derive(Debug, Clone, PartialEq)]
pub enum RecordUpdate {
    Owner { id: OwnerId, version: i32, input: Valid<OwnerInput> },
    Area { id: AreaId, version: i32, input: Valid<AreaInput>, lead: Option<Link<OwnerId>> },
    Inspection { id: InspectionId, version: i32, input: Valid<InspectionInput> },
    Judgement { id: JudgementId, version: i32, input: Valid<JudgementInput> },
    Finding { id: FindingId, version: i32, input: Valid<FindingInput>, area: Link<AreaId> },
    Measure { id: MeasureId, version: i32, input: Valid<MeasureInput>, area: Link<AreaId> },
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

/// Everything an import would write, in the order it is written: what each
/// record links to is created before it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PlanChanges {
    pub new_owners: Vec<Valid<OwnerInput>>,
    pub new_areas: Vec<NewArea>,
    pub new_inspections: Vec<Valid<InspectionInput>>,
    pub new_judgements: Vec<NewJudgement>,
    pub new_findings: Vec<NewFinding>,
    pub actions: Vec<ActionChange>,
    pub new_measures: Vec<NewMeasure>,
    pub new_recalculations: Vec<NewRecalculation>,
    /// Results, each with its measure (one stored, or one the import creates).
    pub results: Vec<(ResultChange, Link<MeasureId>)>,
    /// Stored records of the other sheets that change, each with a line saying which.
    pub updates: Vec<(String, RecordUpdate)>,
    /// Rows of the other sheets (not the plan's or the results') that match what is stored.
    pub unchanged_records: usize,
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
        let results =
            self.results.iter().filter(|(r, _)| !matches!(r.write, super::results::ResultWrite::Unchanged(_)));
        created
            + changed
            + self.new_areas.len()
            + self.new_owners.len()
            + self.new_findings.len()
            + self.new_inspections.len()
            + self.new_judgements.len()
            + self.new_measures.len()
            + self.new_recalculations.len()
            + self.updates.len()
            + results.count()
            == 0
    }
}

/// The columns whose values differ between an action as stored and as imported.
pub(super) fn changed_columns(
    before: &ActionInput,
    after: &ActionInput,
    area_new: bool,
    owner_new: bool,
) -> Vec<&'static str> {
    let mut changed = Vec::new();
    let checks: [(&'static str, bool); 10] = [
        ("Reference", before.reference != after.reference),
        ("Title", before.title != after.title),
        ("Description", before.description != after.description),
        ("Practice area", area_new || before.practice_area_id != after.practice_area_id),
        ("Owner", owner_new || before.owner_id != after.owner_id),
        ("Start date", before.start_date != after.start_date),
        ("Due date", before.due_date != after.due_date),
        ("Completed date", before.completed_date != after.completed_date),
        ("State", before.state != after.state),
        ("Success measure", before.success_measure != after.success_measure),
    ];
    for (column, differs) in checks {
        if differs {
            changed.push(column);
        }
    }
    changed
}
