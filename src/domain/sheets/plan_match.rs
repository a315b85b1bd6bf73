//! Matching plan rows against the plan as it stands, giving what an import
//! would create, change and leave alone, or every problem by row and column.
//!
//! Rules (case and spacing ignored throughout):
//! - an action is found by its reference among live actions; a reference
//!   shared by two live actions, or used twice in the file, is a problem;
//! - a practice area is found by name;
//! - an owner by name and job title; a job title alone (or a name alone)
//!   finds the one owner who has it, and is a problem when several do;
//! - a finding by its reference, unique among live findings, or by
//!   "Inspection title: reference"; inspections are never created.
//!
//! What is missing is created only when the user asked for it; otherwise it
//! is a problem naming the column and the value, with the nearest name.

use super::plan::{FindingName, OwnerName, PlanRow};
pub use super::plan_changes::*;
use super::{creatable, did_you_mean, key, problem, Problems};
use crate::domain::fields::FieldErrors;
use crate::domain::ids::{AreaId, FindingId, InspectionId, OwnerId};
use crate::domain::kinds::FindingKind;
use crate::domain::plan::{ActionInput, AreaInput, FindingInput, InspectionInput, OwnerInput};
use crate::domain::valid::Valid;
use crate::domain::valid::{Context, Validate};
use std::collections::{HashMap, HashSet};

/// The column a field of an input is shown under.
fn column_of(field: &str) -> &'static str {
    match field {
        "reference" => "Reference",
        "title" => "Title",
        "description" => "Description",
        "success_measure" => "Success measure",
        "start_date" => "Start date",
        "due_date" => "Due date",
        "completed_date" => "Completed date",
        "job_title" => "Owner job title",
        "team" => "Owner agency",
        _ => "Owner name",
    }
}

fn report(problems: &mut Problems, row: usize, errors: FieldErrors, column: Option<&str>) {
    for e in errors.iter() {
        problem(problems, row, column.unwrap_or_else(|| column_of(&e.field)), e.message.clone());
    }
}

/// The kind a new finding is given from its reference: APA1 is an area for
/// priority action, R3 a recommendation, S2 a strength, anything else an area
/// for improvement.
pub fn kind_from_reference(reference: &str) -> FindingKind {
    let prefix: String = reference.chars().take_while(|c| c.is_alphabetic()).collect::<String>().to_uppercase();
    match prefix.as_str() {
        "APA" | "PA" => FindingKind::PriorityAction,
        "R" | "REC" => FindingKind::Recommendation,
        "S" => FindingKind::Strength,
        _ => FindingKind::AreaForImprovement,
    }
}

/// The text of a finding created by an import, until someone enters the inspection's words.
pub const NEW_FINDING_TEXT: &str = "Added by a plan import: enter what the inspection said.";

/// Findings by reference (as matched), each with its inspection.
type FindingsByReference = HashMap<String, Vec<(Link<InspectionId>, Link<FindingId>)>>;

/// Finds what rows name among the stored plan and what the import creates.
/// Shared by the plan sheet and the workbook's other sheets
/// (`workbook_match`), so that every sheet finds records the same way.
pub(super) struct Matcher<'a> {
    pub(super) existing: &'a ExistingPlan,
    pub(super) options: ImportOptions,
    pub(super) context: &'a Context,
    areas: HashMap<String, AreaId>,
    inspections: HashMap<String, Vec<Link<InspectionId>>>,
    titles: Vec<(Link<InspectionId>, String)>,
    findings: FindingsByReference,
    pub(super) changes: PlanChanges,
    new_areas: HashMap<String, usize>,
    new_owners: HashMap<(String, String), usize>,
}

impl<'a> Matcher<'a> {
    pub(super) fn new(existing: &'a ExistingPlan, options: ImportOptions, context: &'a Context) -> Self {
        let mut areas = HashMap::new();
        for (id, name) in &existing.areas {
            areas.entry(key(name)).or_insert(*id);
        }
        let mut inspections: HashMap<String, Vec<Link<InspectionId>>> = HashMap::new();
        for (id, title) in &existing.inspections {
            inspections.entry(key(title)).or_default().push(Link::Existing(*id));
        }
        let titles = existing.inspections.iter().map(|(id, t)| (Link::Existing(*id), t.clone())).collect();
        let mut findings = FindingsByReference::new();
        for f in &existing.findings {
            findings
                .entry(key(&f.reference))
                .or_default()
                .push((Link::Existing(f.inspection_id), Link::Existing(f.id)));
        }
        Self {
            existing,
            options,
            context,
            areas,
            inspections,
            titles,
            findings,
            changes: PlanChanges::default(),
            new_areas: HashMap::new(),
            new_owners: HashMap::new(),
        }
    }

    /// An area the import creates, found by later rows.
    pub(super) fn created_area(&mut self, area: NewArea) -> Link<AreaId> {
        self.changes.new_areas.push(area);
        let at = self.changes.new_areas.len() - 1;
        self.new_areas.insert(key(&self.changes.new_areas[at].input.name), at);
        Link::New(at)
    }

    /// An owner the import creates, found by later rows.
    pub(super) fn created_owner(&mut self, owner: Valid<OwnerInput>) -> Link<OwnerId> {
        let names = (key(&owner.name), key(&owner.job_title));
        self.changes.new_owners.push(owner);
        let at = self.changes.new_owners.len() - 1;
        self.new_owners.insert(names, at);
        Link::New(at)
    }

    /// An inspection the import creates, found by later rows.
    pub(super) fn created_inspection(&mut self, inspection: Valid<InspectionInput>) -> Link<InspectionId> {
        let title = inspection.title.clone();
        self.changes.new_inspections.push(inspection);
        let link = Link::New(self.changes.new_inspections.len() - 1);
        self.inspections.entry(key(&title)).or_default().push(link);
        self.titles.push((link, title));
        link
    }

    /// A finding the import creates, found by later rows.
    pub(super) fn created_finding(&mut self, finding: NewFinding) -> Link<FindingId> {
        let (reference, inspection) = (key(&finding.input.reference), finding.inspection);
        self.changes.new_findings.push(finding);
        let link = Link::New(self.changes.new_findings.len() - 1);
        self.findings.entry(reference).or_default().push((inspection, link));
        link
    }

    /// The finding of an inspection with a reference, stored or created.
    pub(super) fn finding_of(&self, inspection: Link<InspectionId>, reference: &str) -> Option<Link<FindingId>> {
        self.findings.get(&key(reference))?.iter().find(|(i, _)| *i == inspection).map(|(_, f)| *f)
    }

    /// The title of an inspection, stored or created.
    pub(super) fn title_of(&self, inspection: Link<InspectionId>) -> String {
        self.titles.iter().find(|(l, _)| *l == inspection).map(|(_, t)| t.clone()).unwrap_or_default()
    }

    pub(super) fn area(&mut self, row: usize, name: &str, problems: &mut Problems) -> Option<Link<AreaId>> {
        if name.is_empty() {
            problem(problems, row, "Practice area", "Enter the practice area's name");
            return None;
        }
        if let Some(id) = self.areas.get(&key(name)) {
            return Some(Link::Existing(*id));
        }
        if let Some(at) = self.new_areas.get(&key(name)) {
            return Some(Link::New(*at));
        }
        if !self.options.create_missing {
            // Areas an earlier sheet creates are suggested too.
            let created = self.changes.new_areas.iter().map(|a| a.input.name.as_str());
            let names = self.existing.areas.iter().map(|(_, n)| n.as_str()).chain(created);
            creatable(
                problems,
                row,
                "Practice area",
                format!("no practice area named '{name}'{}", did_you_mean(name, names)),
            );
            return None;
        }
        let input = AreaInput { name: name.to_string(), ..Default::default() };
        match input.validate(self.context) {
            Ok(valid) => Some(self.created_area(NewArea { input: valid, lead: None })),
            Err(errors) => {
                report(problems, row, errors, Some("Practice area"));
                None
            }
        }
    }

    pub(super) fn owner(&mut self, row: usize, owner: &OwnerName, problems: &mut Problems) -> Option<Link<OwnerId>> {
        let (name, job) = (key(&owner.name), key(&owner.job_title));
        let owners = &self.existing.owners;
        let exact: Vec<&ExistingOwner> =
            owners.iter().filter(|o| key(&o.name) == name && key(&o.job_title) == job).collect();
        if let Some(found) = exact.first() {
            return Some(Link::Existing(found.id));
        }
        let (partial, what, column): (Vec<&ExistingOwner>, &str, &str) = if name.is_empty() {
            (owners.iter().filter(|o| key(&o.job_title) == job).collect(), "job title", "Owner job title")
        } else if job.is_empty() {
            (owners.iter().filter(|o| key(&o.name) == name).collect(), "name", "Owner name")
        } else {
            (Vec::new(), "", "Owner name")
        };
        let given = if name.is_empty() { &owner.job_title } else { &owner.name };
        match partial.len() {
            1 => return Some(Link::Existing(partial[0].id)),
            0 => {}
            n => {
                let other = if name.is_empty() { "name" } else { "job title" };
                problem(
                    problems,
                    row,
                    column,
                    format!("{n} owners have the {what} '{given}'; add the owner's {other}"),
                );
                return None;
            }
        }
        if let Some(at) = self.new_owners.get(&(name.clone(), job.clone())) {
            return Some(Link::New(*at));
        }
        if !self.options.create_missing {
            let hint = if name.is_empty() {
                did_you_mean(given, owners.iter().map(|o| o.job_title.as_str()))
            } else {
                did_you_mean(given, owners.iter().map(|o| o.name.as_str()))
            };
            let described = match (owner.name.is_empty(), owner.job_title.is_empty()) {
                (false, false) => format!("'{}' ({})", owner.name, owner.job_title),
                (true, _) => format!("with the job title '{}'", owner.job_title),
                (false, true) => format!("'{}'", owner.name),
            };
            creatable(problems, row, column, format!("no owner {described}{hint}"));
            return None;
        }
        let input = OwnerInput {
            name: owner.name.clone(),
            job_title: owner.job_title.clone(),
            team: owner.agency.clone(),
            email: None,
            user_id: None,
        };
        match input.validate(self.context) {
            Ok(valid) => Some(self.created_owner(valid)),
            Err(errors) => {
                report(problems, row, errors, None);
                None
            }
        }
    }

    /// An inspection by its title, stored or created; a problem under `column` when there is none or several.
    pub(super) fn inspection(
        &self,
        row: usize,
        title: &str,
        column: &str,
        problems: &mut Problems,
    ) -> Option<Link<InspectionId>> {
        match self.inspections.get(&key(title)).map(Vec::as_slice) {
            Some([one]) => Some(*one),
            Some(several) if several.len() > 1 => {
                let message = format!("{} inspections are titled '{title}'; give one a distinct title", several.len());
                problem(problems, row, column, message);
                None
            }
            _ => {
                let hint = did_you_mean(title, self.titles.iter().map(|(_, t)| t.as_str()));
                problem(problems, row, column, format!("no inspection titled '{title}'{hint}"));
                None
            }
        }
    }

    fn finding(
        &mut self,
        row: usize,
        name: &FindingName,
        area: Option<Link<AreaId>>,
        problems: &mut Problems,
    ) -> Option<Link<FindingId>> {
        let column = "Finding references";
        let wanted = key(&name.reference);
        let candidates = self.findings.get(&wanted).cloned().unwrap_or_default();
        let inspection = match &name.inspection {
            Some(title) => Some(self.inspection(row, title, column, problems)?),
            None => None,
        };
        if let Some(inspection) = inspection {
            if let Some((_, found)) = candidates.iter().find(|(i, _)| *i == inspection) {
                return Some(*found);
            }
        } else {
            match candidates.as_slice() {
                [(_, one)] => return Some(*one),
                [] => {}
                several => {
                    let titles: Vec<String> = several.iter().map(|(i, _)| format!("'{}'", self.title_of(*i))).collect();
                    let first = self.title_of(several[0].0);
                    let message = format!(
                        "{} is a finding of more than one inspection ({}); write it with the inspection's title, like '{first}: {}'",
                        name.reference,
                        titles.join(", "),
                        name.reference
                    );
                    problem(problems, row, column, message);
                    return None;
                }
            }
        }
        let Some(inspection) = inspection else {
            let refs = self.existing.findings.iter().map(|f| f.reference.as_str());
            let hint = did_you_mean(&name.reference, refs);
            let how = if self.options.create_missing {
                format!(
                    "; to create it, write it with its inspection's title, like 'Inspection title: {}'",
                    name.reference
                )
            } else {
                String::new()
            };
            problem(problems, row, column, format!("no finding '{}'{hint}{how}", name.reference));
            return None;
        };
        if !self.options.create_missing {
            creatable(problems, row, column, format!("no finding '{name}'"));
            return None;
        }
        let area = area?;
        let input = FindingInput {
            inspection_id: InspectionId(0),
            practice_area_id: AreaId(0),
            kind: kind_from_reference(&name.reference),
            reference: name.reference.clone(),
            text: NEW_FINDING_TEXT.into(),
        };
        match input.validate(self.context) {
            Ok(valid) => {
                let inspection_title = self.title_of(inspection);
                Some(self.created_finding(NewFinding { input: valid, inspection, inspection_title, area }))
            }
            Err(errors) => {
                report(problems, row, errors, Some(column));
                None
            }
        }
    }
}

/// What importing `rows` into `existing` would do, or every problem found.
pub fn plan_changes(
    rows: &[PlanRow],
    existing: &ExistingPlan,
    options: ImportOptions,
    context: &Context,
) -> Result<PlanChanges, Problems> {
    let mut m = Matcher::new(existing, options, context);
    let mut problems = Problems::new();
    plan_rows_into(&mut m, rows, &mut problems);
    if problems.is_empty() {
        Ok(m.changes)
    } else {
        problems.sort_by_key(|p| p.row);
        Err(problems)
    }
}

/// Matches the plan sheet's rows, adding what they would write to the
/// matcher's changes and every problem to `problems`.
pub(super) fn plan_rows_into(m: &mut Matcher<'_>, rows: &[PlanRow], problems: &mut Problems) {
    let (existing, context) = (m.existing, m.context);
    let mut actions: HashMap<String, Vec<&ExistingAction>> = HashMap::new();
    for a in &existing.actions {
        actions.entry(key(&a.input.reference)).or_default().push(a);
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in rows {
        let n = row.row;
        let before = problems.len();
        let reference_key = key(&row.reference);
        if !reference_key.is_empty() {
            if let Some(first) = seen.get(&reference_key) {
                problem(problems, n, "Reference", format!("'{}' is also the reference on row {first}", row.reference));
            } else {
                seen.insert(reference_key.clone(), n);
            }
        }
        let matched: Option<&ExistingAction> = match actions.get(&reference_key).map(Vec::as_slice) {
            Some([one]) => Some(*one),
            Some(several) if several.len() > 1 => {
                let ids: Vec<String> = several.iter().map(|a| format!("#{}", a.id.0)).collect();
                problem(
                    problems,
                    n,
                    "Reference",
                    format!(
                        "'{}' is the reference of {} actions in the plan ({}): give each its own reference first",
                        row.reference,
                        several.len(),
                        ids.join(", ")
                    ),
                );
                None
            }
            _ => None,
        };
        let area = m.area(n, &row.area, problems);
        let owner = row.owner.as_ref().and_then(|o| m.owner(n, o, problems));
        let owner_failed = row.owner.is_some() && owner.is_none();
        let mut findings = Vec::new();
        for name in &row.findings {
            if let Some(link) = m.finding(n, name, area, problems) {
                if !findings.contains(&link) {
                    findings.push(link);
                }
            }
        }
        let existing_id = |link: Option<Link<AreaId>>| match link {
            Some(Link::Existing(id)) => id,
            _ => AreaId(0),
        };
        let input = ActionInput {
            reference: row.reference.clone(),
            title: row.title.clone(),
            description: row.description.clone(),
            owner_id: match owner {
                Some(Link::Existing(id)) => Some(id),
                _ => None,
            },
            practice_area_id: existing_id(area),
            start_date: row.start_date,
            due_date: row.due_date,
            completed_date: row.completed_date,
            state: row.state,
            success_measure: row.success_measure.clone(),
        };
        let valid = match input.validate(context) {
            Ok(valid) => valid,
            Err(errors) => {
                report(problems, n, errors, None);
                continue;
            }
        };
        let (Some(area), false) = (area, owner_failed) else { continue };
        if problems.len() > before {
            continue;
        }
        let owner_new = matches!(owner, Some(Link::New(_)));
        let change = match matched {
            None => ActionChange {
                row: n,
                write: ActionWrite::Create,
                input: valid,
                area,
                owner,
                link: findings,
                unlink: Vec::new(),
            },
            Some(stored) => {
                let wanted: HashSet<FindingId> = findings
                    .iter()
                    .filter_map(|l| match l {
                        Link::Existing(id) => Some(*id),
                        Link::New(_) => None,
                    })
                    .collect();
                let link: Vec<Link<FindingId>> = findings
                    .into_iter()
                    .filter(|l| match l {
                        Link::Existing(id) => !stored.findings.contains(id),
                        Link::New(_) => true,
                    })
                    .collect();
                let unlink: Vec<FindingId> = stored.findings.iter().copied().filter(|f| !wanted.contains(f)).collect();
                let mut changed = changed_columns(&stored.input, &valid, matches!(area, Link::New(_)), owner_new);
                if !link.is_empty() || !unlink.is_empty() {
                    changed.push("Finding references");
                }
                let write = if changed.is_empty() {
                    ActionWrite::Unchanged(stored.id)
                } else {
                    ActionWrite::Update { id: stored.id, version: stored.version, changed }
                };
                ActionChange { row: n, write, input: valid, area, owner, link, unlink }
            }
        };
        m.changes.actions.push(change);
    }
}

#[cfg(test)]
#[path = "plan_match_tests.rs"]
mod tests;
