//! The whole live plan, read in one snapshot and indexed by id, so that every
//! page, report and API answer joins through maps and never rescans a table.
//! It is what the per-instance cache holds for one data generation.

use crate::db::actions::{ActionRow, FindingActionRow, UpdateRow};
use crate::db::areas::AreaRow;
use crate::db::attachments::AttachmentSummary;
use crate::db::evidence::{EvidenceActionRow, EvidenceFindingRow, EvidenceRow};
use crate::db::facts::{measure_facts, overrides};
use crate::db::findings::FindingRow;
use crate::db::inspections::{InspectionRow, JudgementRow};
use crate::db::measures::{MeasureRow, RecalculationRow, ResultRow};
use crate::db::owners::OwnerRow;
use crate::db::sign_offs::{as_it_stands, SignOffRow};
use crate::db::{self, plan_rows, DbConnection, DbError};
use crate::domain::history::{Change, Entity};
use crate::domain::ids::*;
use crate::domain::kinds::{Rag, ReviewState};
use crate::domain::references::reference_key;
use crate::domain::sign_off::{standing, Standing};
use crate::domain::status::{ActionFact, AreaFacts, EvidenceFact, FindingFacts, RuleOverrides};
use std::collections::HashMap;

pub use super::grouped::Grouped;

fn group<K: std::hash::Hash + Eq + Copy, V, T>(
    rows: impl IntoIterator<Item = T>,
    key: impl Fn(&T) -> K,
    value: impl Fn(T) -> V,
) -> Grouped<K, V> {
    Grouped::from_pairs(rows.into_iter().map(|row| (key(&row), value(row))))
}

fn by_id<K: std::hash::Hash + Eq, T>(rows: &[T], key: impl Fn(&T) -> K) -> HashMap<K, usize> {
    rows.iter().enumerate().map(|(i, r)| (key(r), i)).collect()
}

/// The live plan (archived records are left out; owners, inspections and
/// users are kept whole so that names still show for old links).
#[derive(Debug, Default)]
pub struct PlanIndex {
    /// The data generation this was read at.
    pub generation: i64,
    /// When the plan was last changed, as change history has it (read with
    /// the live plan only): a view of any later moment is this plan.
    pub last_change: Option<chrono::NaiveDateTime>,
    /// The council's details (none before the first start wrote them).
    pub council: Option<crate::db::council::CouncilRow>,
    pub areas: Vec<AreaRow>,
    pub actions: Vec<ActionRow>,
    pub findings: Vec<FindingRow>,
    pub inspections: Vec<InspectionRow>,
    pub evidence: Vec<EvidenceRow>,
    pub measures: Vec<MeasureRow>,
    pub owners: HashMap<OwnerId, OwnerRow>,
    /// Every request for evidence, oldest first: each one's dates say where
    /// it stood on any day, so a past plan holds them as they are now.
    pub requests: Vec<crate::db::requests::RequestRow>,
    /// Display names of users, for authors and reviewers.
    pub user_names: HashMap<UserId, String>,
    pub judgements: Grouped<InspectionId, JudgementRow>,
    pub updates: Grouped<ActionId, UpdateRow>,
    /// Leaders' sign-offs and returns of each action, oldest first.
    pub sign_offs: Grouped<ActionId, SignOffRow>,
    pub attachments: Grouped<EvidenceId, AttachmentSummary>,
    pub recalculations: Grouped<MeasureId, RecalculationRow>,
    /// Each measure's results, oldest first.
    pub results: Grouped<MeasureId, ResultRow>,
    pub actions_of_finding: Grouped<FindingId, ActionId>,
    pub findings_of_action: Grouped<ActionId, FindingId>,
    pub evidence_of_finding: Grouped<FindingId, EvidenceId>,
    pub evidence_of_action: Grouped<ActionId, EvidenceId>,
    pub findings_of_evidence: Grouped<EvidenceId, FindingId>,
    pub actions_of_evidence: Grouped<EvidenceId, ActionId>,
    area_at: HashMap<AreaId, usize>,
    action_at: HashMap<ActionId, usize>,
    finding_at: HashMap<FindingId, usize>,
    inspection_at: HashMap<InspectionId, usize>,
    evidence_at: HashMap<EvidenceId, usize>,
    measure_at: HashMap<MeasureId, usize>,
    actions_of_area: Grouped<AreaId, usize>,
    findings_of_area: Grouped<AreaId, usize>,
    findings_of_inspection: Grouped<InspectionId, usize>,
    evidence_of_area: Grouped<AreaId, usize>,
    measures_of_area: Grouped<AreaId, usize>,
    actions_of_owner: Grouped<OwnerId, usize>,
    /// Positions in `actions` in reference order, worked out once per generation.
    actions_by_reference: Vec<usize>,
    /// Each action's place in that order, by its position in `actions`: lists
    /// of actions are put in reference order without working out references.
    reference_rank: Vec<u32>,
}

impl PlanIndex {
    /// Reads the live plan in one snapshot, tagged with the generation it was read at.
    pub fn load(conn: &mut DbConnection) -> Result<Self, DbError> {
        db::read_snapshot(conn, |conn| {
            let generation = db::sessions::generation(conn)?;
            let rows = plan_rows::read(conn)?;
            let council = db::council::find(conn)?;
            let last_change = db::history::last_plan_change(conn)?;
            let mut requests = db::requests::all(conn)?;
            requests.shrink_to_fit();
            Ok(Self { council, last_change, requests, ..Self::from_rows(generation, rows) })
        })
    }

    /// Reads the plan as it stood at `past`, in one snapshot: every row,
    /// archived ones too, with the changes made since undone.
    pub fn load_past(conn: &mut DbConnection, past: super::rewind::Past) -> Result<Self, DbError> {
        db::read_snapshot(conn, |conn| {
            let generation = db::sessions::generation(conn)?;
            let rows = plan_rows::read_all(conn)?;
            let council = db::council::find(conn)?;
            let changes = db::history::plan_changes_after(conn, past.moment())?;
            let later = super::rewind::Later::new(&changes, past);
            let (council, rows) = (later.council(council), later.plan(rows));
            let requests = db::requests::all(conn)?;
            Ok(Self { council, requests, ..Self::from_rows(generation, rows) })
        })
    }

    /// Whether the plan as it stood at `moment`, with records first recorded
    /// later counted as they are now, is this plan: every change made since
    /// was made to a record first recorded after the moment. Files keep no
    /// history of their own, and a user's record changes only names, so only
    /// a rename of a user counts among theirs.
    pub fn stood_as_it_is(&self, conn: &mut DbConnection, moment: chrono::NaiveDateTime) -> Result<bool, DbError> {
        let later = self.recorded_after(moment);
        db::history::every_plan_change_after(conn, moment, |entity, id, what| match entity {
            // Files keep no history of their own; a request's dates say where it stood.
            Entity::Attachment | Entity::EvidenceRequest => true,
            Entity::User => what != Change::Update,
            _ => later.contains(&(entity, id)),
        })
    }

    /// The records of this plan first recorded after `moment`.
    fn recorded_after(&self, moment: chrono::NaiveDateTime) -> std::collections::HashSet<(Entity, i64)> {
        let mut later = std::collections::HashSet::new();
        let mut note = |entity: Entity, id: i64, at: chrono::NaiveDateTime| {
            if at > moment {
                later.insert((entity, id));
            }
        };
        self.areas.iter().for_each(|r| note(Entity::PracticeArea, r.id.0, r.created_at));
        self.actions.iter().for_each(|r| note(Entity::Action, r.id.0, r.created_at));
        self.findings.iter().for_each(|r| note(Entity::Finding, r.id.0, r.created_at));
        self.inspections.iter().for_each(|r| note(Entity::Inspection, r.id.0, r.created_at));
        self.evidence.iter().for_each(|r| note(Entity::Evidence, r.id.0, r.created_at));
        self.measures.iter().for_each(|r| note(Entity::Measure, r.id.0, r.created_at));
        self.owners.values().for_each(|r| note(Entity::Owner, r.id.0, r.created_at));
        self.judgements.all().iter().for_each(|r| note(Entity::Judgement, r.id.0, r.created_at));
        self.updates.all().iter().for_each(|r| note(Entity::ActionUpdate, r.id.0, r.created_at));
        self.results.all().iter().for_each(|r| note(Entity::Result, r.id.0, r.created_at));
        self.recalculations.all().iter().for_each(|r| note(Entity::RecalculationPoint, r.id.0, r.created_at));
        if let Some(council) = &self.council {
            note(Entity::Council, i64::from(council.id), council.created_at);
        }
        later
    }

    /// Indexes rows already read.
    pub fn from_rows(generation: i64, rows: plan_rows::AllRows) -> Self {
        let live_action = |id: &ActionId, actions: &HashMap<ActionId, usize>| actions.contains_key(id);
        let mut index = PlanIndex {
            generation,
            area_at: by_id(&rows.areas, |a| a.id),
            action_at: by_id(&rows.actions, |a| a.id),
            finding_at: by_id(&rows.findings, |f| f.id),
            inspection_at: by_id(&rows.inspections, |i| i.id),
            evidence_at: by_id(&rows.evidence, |e| e.id),
            measure_at: by_id(&rows.measures, |m| m.id),
            actions_of_area: group(rows.actions.iter().enumerate(), |(_, a)| a.practice_area_id, |(i, _)| i),
            actions_of_owner: group(
                rows.actions.iter().enumerate().filter(|(_, a)| a.owner_id.is_some()),
                |(_, a)| a.owner_id.unwrap_or(OwnerId(0)),
                |(i, _)| i,
            ),
            findings_of_area: group(rows.findings.iter().enumerate(), |(_, f)| f.practice_area_id, |(i, _)| i),
            findings_of_inspection: group(rows.findings.iter().enumerate(), |(_, f)| f.inspection_id, |(i, _)| i),
            evidence_of_area: group(rows.evidence.iter().enumerate(), |(_, e)| e.practice_area_id, |(i, _)| i),
            measures_of_area: group(rows.measures.iter().enumerate(), |(_, m)| m.practice_area_id, |(i, _)| i),
            owners: rows.owners.into_iter().map(|o| (o.id, o)).collect(),
            user_names: rows.users.into_iter().map(|u| (u.id, u.display_name)).collect(),
            judgements: group(rows.judgements, |j| j.inspection_id, |j| j),
            updates: group(rows.updates, |u| u.action_id, |u| u),
            sign_offs: group(rows.sign_offs, |s| s.action_id, |s| s),
            attachments: group(rows.attachments, |a| a.evidence_id, |a| a),
            recalculations: group(rows.recalculations, |r| r.measure_id, |r| r),
            results: group(rows.results, |r| r.measure_id, |r| r),
            ..PlanIndex::default()
        };
        let findings_live: HashMap<FindingId, usize> = index.finding_at.clone();
        let links: Vec<FindingActionRow> = rows
            .finding_actions
            .into_iter()
            .filter(|l| findings_live.contains_key(&l.finding_id) && live_action(&l.action_id, &index.action_at))
            .collect();
        index.actions_of_finding = group(links.iter(), |l| l.finding_id, |l| l.action_id);
        index.findings_of_action = group(links.iter(), |l| l.action_id, |l| l.finding_id);
        let evidence_live = index.evidence_at.clone();
        let by_finding: Vec<EvidenceFindingRow> = rows
            .evidence_findings
            .into_iter()
            .filter(|l| evidence_live.contains_key(&l.evidence_id) && findings_live.contains_key(&l.finding_id))
            .collect();
        index.evidence_of_finding = group(by_finding.iter(), |l| l.finding_id, |l| l.evidence_id);
        index.findings_of_evidence = group(by_finding.iter(), |l| l.evidence_id, |l| l.finding_id);
        let by_action: Vec<EvidenceActionRow> = rows
            .evidence_actions
            .into_iter()
            .filter(|l| evidence_live.contains_key(&l.evidence_id) && live_action(&l.action_id, &index.action_at))
            .collect();
        index.evidence_of_action = group(by_action.iter(), |l| l.action_id, |l| l.evidence_id);
        index.actions_of_evidence = group(by_action.iter(), |l| l.evidence_id, |l| l.action_id);
        index.areas = rows.areas;
        index.actions_by_reference = (0..rows.actions.len()).collect();
        index
            .actions_by_reference
            .sort_by_cached_key(|&i| (reference_key(&rows.actions[i].reference), rows.actions[i].id));
        index.reference_rank = vec![0; rows.actions.len()];
        for (rank, &i) in index.actions_by_reference.iter().enumerate() {
            index.reference_rank[i] = rank as u32;
        }
        index.actions = rows.actions;
        index.findings = rows.findings;
        index.inspections = rows.inspections;
        index.evidence = rows.evidence;
        index.measures = rows.measures;
        index.shrink();
        index
    }

    /// Each list and map holds what it has and no more (see [`shrink`]).
    fn shrink(&mut self) {
        self.areas.shrink_to_fit();
        self.actions.shrink_to_fit();
        self.findings.shrink_to_fit();
        self.inspections.shrink_to_fit();
        self.evidence.shrink_to_fit();
        self.measures.shrink_to_fit();
        self.owners.shrink_to_fit();
        self.user_names.shrink_to_fit();
    }

    /// A live area.
    pub fn area(&self, id: AreaId) -> Option<&AreaRow> {
        self.area_at.get(&id).map(|&i| &self.areas[i])
    }

    /// A live action.
    pub fn action(&self, id: ActionId) -> Option<&ActionRow> {
        self.action_at.get(&id).map(|&i| &self.actions[i])
    }

    /// A live finding.
    pub fn finding(&self, id: FindingId) -> Option<&FindingRow> {
        self.finding_at.get(&id).map(|&i| &self.findings[i])
    }

    /// An inspection, archived or not.
    pub fn inspection(&self, id: InspectionId) -> Option<&InspectionRow> {
        self.inspection_at.get(&id).map(|&i| &self.inspections[i])
    }

    /// A live evidence item.
    pub fn evidence_item(&self, id: EvidenceId) -> Option<&EvidenceRow> {
        self.evidence_at.get(&id).map(|&i| &self.evidence[i])
    }

    /// A live measure.
    pub fn measure(&self, id: MeasureId) -> Option<&MeasureRow> {
        self.measure_at.get(&id).map(|&i| &self.measures[i])
    }

    /// An area's live actions, in plan order.
    pub fn actions_of_area(&self, id: AreaId) -> impl Iterator<Item = &ActionRow> {
        self.actions_of_area.get(&id).into_iter().flatten().map(|&i| &self.actions[i])
    }

    /// Puts live actions in reference order (1.2 before 1.10), then by id.
    pub fn in_reference_order(&self, rows: &mut [&ActionRow]) {
        let rank = |a: &ActionRow| self.action_at.get(&a.id).and_then(|&i| self.reference_rank.get(i)).copied();
        rows.sort_by_key(|a| (rank(a).unwrap_or(u32::MAX), a.id));
    }

    /// Every live action in reference order (1.2 before 1.10), then by id.
    pub fn actions_by_reference(&self) -> impl Iterator<Item = &ActionRow> {
        self.actions_by_reference.iter().map(|&i| &self.actions[i])
    }

    /// The RAG of an action's latest progress update.
    pub fn latest_rag(&self, id: ActionId) -> Option<Rag> {
        self.updates.get(&id).and_then(|u| u.iter().max_by_key(|u| (u.update_date, u.id))).map(|u| u.rag)
    }

    /// An owner's live actions.
    pub fn actions_of_owner(&self, id: OwnerId) -> impl Iterator<Item = &ActionRow> {
        self.actions_of_owner.get(&id).into_iter().flatten().map(|&i| &self.actions[i])
    }

    /// An area's live findings.
    pub fn findings_of_area(&self, id: AreaId) -> impl Iterator<Item = &FindingRow> {
        self.findings_of_area.get(&id).into_iter().flatten().map(|&i| &self.findings[i])
    }

    /// An inspection's live findings.
    pub fn findings_of_inspection(&self, id: InspectionId) -> impl Iterator<Item = &FindingRow> {
        self.findings_of_inspection.get(&id).into_iter().flatten().map(|&i| &self.findings[i])
    }

    /// An area's live evidence.
    pub fn evidence_of_area(&self, id: AreaId) -> impl Iterator<Item = &EvidenceRow> {
        self.evidence_of_area.get(&id).into_iter().flatten().map(|&i| &self.evidence[i])
    }

    /// An area's live measures.
    pub fn measures_of_area(&self, id: AreaId) -> impl Iterator<Item = &MeasureRow> {
        self.measures_of_area.get(&id).into_iter().flatten().map(|&i| &self.measures[i])
    }

    /// The ids linked under `key` in a link map, or none.
    pub fn linked<K: std::hash::Hash + Eq + Copy, V: Copy>(map: &Grouped<K, V>, key: K) -> Vec<V> {
        map.get(&key).map(<[V]>::to_vec).unwrap_or_default()
    }

    /// An owner as people name them ("Head of Service (Sam Okafor)").
    pub fn owner_label(&self, id: Option<OwnerId>) -> Option<String> {
        id.and_then(|id| self.owners.get(&id)).map(OwnerRow::label)
    }

    /// A user's name, or "System" for changes made by no one signed in.
    pub fn user_name(&self, id: Option<UserId>) -> String {
        id.and_then(|id| self.user_names.get(&id).cloned()).unwrap_or_else(|| "System".into())
    }

    /// Whether the council asks for completed actions to be signed off.
    pub fn sign_off_asked(&self) -> bool {
        self.council.as_ref().is_none_or(|c| c.sign_off)
    }

    /// The latest sign-off or return of an action, if any.
    pub fn latest_sign_off(&self, id: ActionId) -> Option<&SignOffRow> {
        self.sign_offs.get(&id).and_then(|rows| rows.last())
    }

    /// Where an action's sign-off stands now.
    pub fn sign_off(&self, action: &ActionRow) -> Standing {
        let latest = self.latest_sign_off(action.id).map(SignOffRow::latest);
        standing(self.sign_off_asked(), action.state, &as_it_stands(action), latest.as_ref())
    }

    /// An area's own overrides of the rules.
    pub fn overrides(&self, area: &AreaRow) -> RuleOverrides {
        overrides(area)
    }

    /// What the status engine needs about an area.
    pub fn facts(&self, area: AreaId) -> AreaFacts {
        let actions = self.actions_of_area(area).map(|a| self.action_fact(a)).collect();
        let evidence = self.evidence_of_area(area).map(evidence_fact).collect();
        let measures = self
            .measures_of_area(area)
            .map(|m| {
                let recalculations = self.recalculations.get(&m.id).unwrap_or_default();
                let results = self.results.get(&m.id).unwrap_or_default();
                measure_facts(m, recalculations, results)
            })
            .collect();
        AreaFacts { actions, evidence, measures }
    }

    /// What judging a live finding on its own needs: the live actions that
    /// answer it, and the evidence linked to it or to one of them, each once.
    pub fn finding_facts(&self, finding: &FindingRow) -> FindingFacts {
        let action_ids = self.actions_of_finding.get(&finding.id).unwrap_or_default();
        let mut evidence_ids: Vec<EvidenceId> =
            self.evidence_of_finding.get(&finding.id).map(<[_]>::to_vec).unwrap_or_default();
        evidence_ids.extend(action_ids.iter().flat_map(|a| self.evidence_of_action.get(a).into_iter().flatten()));
        evidence_ids.sort_unstable();
        evidence_ids.dedup();
        FindingFacts {
            id: finding.id,
            reference: finding.reference.clone(),
            area_id: finding.practice_area_id,
            area_name: self.area(finding.practice_area_id).map(|a| a.name.clone()).unwrap_or_default(),
            actions: action_ids.iter().filter_map(|a| self.action(*a)).map(|a| self.action_fact(a)).collect(),
            evidence: evidence_ids.into_iter().filter_map(|e| self.evidence_item(e)).map(evidence_fact).collect(),
        }
    }
}

impl PlanIndex {
    fn action_fact(&self, a: &ActionRow) -> ActionFact {
        ActionFact {
            reference: a.reference.clone(),
            state: a.state,
            start_date: a.start_date,
            due_date: a.due_date,
            completed_date: a.completed_date,
            cancelled_on: a.cancelled_on,
            sign_off: self.sign_off(a).fact(),
        }
    }
}

/// An item counts as verified only from the day it was reviewed.
fn evidence_fact(e: &EvidenceRow) -> EvidenceFact {
    let verified_on = (e.review_state == ReviewState::Verified).then_some(e.reviewed_on).flatten();
    EvidenceFact { title: e.title.clone(), kind: e.kind, observed_on: e.observed_on, verified_on }
}
