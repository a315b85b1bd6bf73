//! Matching a whole-plan workbook against the plan as it stands: each sheet
//! in the order its references need (owners, areas, inspections, judgements,
//! findings, the plan, measures, recalculation points, results), every sheet
//! finding records the way the plan sheet does (`plan_match::Matcher`), so a
//! row may name a record a sheet before it creates. A row whose record is
//! stored and identical changes nothing; one that differs updates it; others
//! add a record. Records not in the workbook are left alone. Every problem is
//! named by sheet, row and column, and any problem writes nothing.

pub use super::plan_changes::*;
use super::plan_match::{kind_from_reference, plan_rows_into, Matcher};
use super::results::result_changes;
use super::workbook::{tag, Sheet, WorkbookRows, OVERRIDE_COLUMNS};
use super::workbook_measures::{measure_link, measures, recalculations};
use super::{key, problem, Problems};
use crate::domain::fields::FieldErrors;
use crate::domain::ids::{AreaId, InspectionId, OwnerId};
use crate::domain::plan::{AreaInput, FindingInput, InspectionInput, JudgementInput, OwnerInput};
use crate::domain::valid::{Context, Validate};
use std::collections::HashMap;

/// Reports a checked input's problems under the sheet's columns.
pub(super) fn report(problems: &mut Problems, row: usize, errors: FieldErrors, column: impl Fn(&str) -> &'static str) {
    for e in errors.iter() {
        problem(problems, row, column(&e.field), e.message.clone());
    }
}

/// "also on row 3" for a record given twice in one sheet.
pub(super) fn once<K: std::hash::Hash + Eq>(
    seen: &mut HashMap<K, usize>,
    k: K,
    row: usize,
    column: &str,
    problems: &mut Problems,
) -> bool {
    match seen.get(&k) {
        Some(first) => {
            problem(problems, row, column, format!("this is also on row {first}"));
            false
        }
        None => {
            seen.insert(k, row);
            true
        }
    }
}

pub(super) fn existing<T: Copy>(link: Option<Link<T>>, none: T) -> T {
    match link {
        Some(Link::Existing(id)) => id,
        _ => none,
    }
}

fn owners(m: &mut Matcher<'_>, rows: &WorkbookRows, problems: &mut Problems) {
    let mut seen = HashMap::new();
    for r in &rows.owners {
        let names = (key(&r.owner.name), key(&r.owner.job_title));
        if !once(&mut seen, names.clone(), r.row, "Name", problems) {
            continue;
        }
        let stored = m
            .existing
            .records
            .owners
            .iter()
            .find(|o| key(&o.input.name) == names.0 && key(&o.input.job_title) == names.1);
        let input = OwnerInput {
            name: r.owner.name.clone(),
            job_title: r.owner.job_title.clone(),
            team: r.owner.agency.clone(),
            email: r.email.clone(),
            user_id: stored.and_then(|s| s.input.user_id),
        };
        let valid = match input.validate(m.context) {
            Ok(valid) => valid,
            Err(errors) => {
                report(problems, r.row, errors, |f| match f {
                    "job_title" => "Job title",
                    "team" => "Agency",
                    "email" => "Email",
                    _ => "Name",
                });
                continue;
            }
        };
        match stored {
            None => {
                m.created_owner(valid);
            }
            Some(s) if s.input == *valid => m.changes.unchanged_records += 1,
            Some(s) => {
                let line = format!("Owner {} {}", valid.name, valid.job_title);
                m.changes.updates.push((line, RecordUpdate::Owner { id: s.id, version: s.version, input: valid }));
            }
        }
    }
}

/// Problems `Matcher::owner` found, moved to the lead columns of the areas sheet.
fn as_lead(problems: &mut Problems, from: usize) {
    for p in &mut problems[from..] {
        p.column = match p.column.as_str() {
            "Owner job title" => "Lead job title".into(),
            "Owner name" => "Lead name".into(),
            other => other.into(),
        };
    }
}

fn areas(m: &mut Matcher<'_>, rows: &WorkbookRows, problems: &mut Problems) {
    let mut seen = HashMap::new();
    for r in &rows.areas {
        if r.name.is_empty() || !once(&mut seen, key(&r.name), r.row, "Practice area", problems) {
            continue;
        }
        let from = problems.len();
        let lead = r.lead.as_ref().and_then(|l| m.owner(r.row, l, problems));
        as_lead(problems, from);
        if r.lead.is_some() && lead.is_none() {
            continue;
        }
        let [evidence_window_months, evidence_min_items, evidence_min_kinds, results_window_months, results_min_count, slipping_lookback_months] =
            r.overrides;
        let input = AreaInput {
            name: r.name.clone(),
            description: r.description.clone(),
            lead_owner_id: lead.map(|l| existing(Some(l), OwnerId(0))),
            evidence_window_months,
            evidence_min_items,
            evidence_min_kinds,
            results_window_months,
            results_min_count,
            slipping_lookback_months,
        };
        let valid = match input.validate(m.context) {
            Ok(valid) => valid,
            Err(errors) => {
                report(problems, r.row, errors, |f| match f {
                    "description" => "Description",
                    "evidence_window_months" => OVERRIDE_COLUMNS[0],
                    "evidence_min_items" => OVERRIDE_COLUMNS[1],
                    "evidence_min_kinds" => OVERRIDE_COLUMNS[2],
                    "results_window_months" => OVERRIDE_COLUMNS[3],
                    "results_min_count" => OVERRIDE_COLUMNS[4],
                    "slipping_lookback_months" => OVERRIDE_COLUMNS[5],
                    _ => "Practice area",
                });
                continue;
            }
        };
        let stored = m.existing.records.areas.iter().find(|a| key(&a.input.name) == key(&r.name));
        let lead_is_new = matches!(lead, Some(Link::New(_)));
        match stored {
            None => {
                m.created_area(NewArea { input: valid, lead });
            }
            Some(s) if s.input == *valid && !lead_is_new => m.changes.unchanged_records += 1,
            Some(s) => {
                let line = format!("Practice area {}", valid.name);
                m.changes.updates.push((line, RecordUpdate::Area { id: s.id, version: s.version, input: valid, lead }));
            }
        }
    }
}

fn inspections(m: &mut Matcher<'_>, rows: &WorkbookRows, problems: &mut Problems) {
    let mut seen = HashMap::new();
    for r in &rows.inspections {
        let (Some(kind), Some(start_date), Some(end_date)) = (r.kind, r.start_date, r.end_date) else { continue };
        if r.title.is_empty() || !once(&mut seen, key(&r.title), r.row, "Title", problems) {
            continue;
        }
        let input = InspectionInput {
            kind,
            title: r.title.clone(),
            inspectorate: r.inspectorate.clone(),
            start_date,
            end_date,
            published_on: r.published_on,
            overall_judgement: r.overall_judgement,
            report_url: r.report_url.clone(),
            draft_plan_due: r.draft_plan_due,
            final_plan_due: r.final_plan_due,
        };
        let valid = match input.validate(m.context) {
            Ok(valid) => valid,
            Err(errors) => {
                report(problems, r.row, errors, |f| match f {
                    "inspectorate" => "Inspectorate",
                    "report_url" => "Report link",
                    "start_date" => "Start date",
                    "end_date" => "End date",
                    "published_on" => "Published on",
                    "draft_plan_due" => "Draft plan due",
                    "final_plan_due" => "Final plan due",
                    _ => "Title",
                });
                continue;
            }
        };
        let stored: Vec<_> =
            m.existing.records.inspections.iter().filter(|i| key(&i.input.title) == key(&r.title)).collect();
        match stored.as_slice() {
            [] => {
                m.created_inspection(valid);
            }
            [s] if s.input == *valid => m.changes.unchanged_records += 1,
            [s] => {
                let line = format!("Inspection {}", valid.title);
                m.changes.updates.push((line, RecordUpdate::Inspection { id: s.id, version: s.version, input: valid }));
            }
            several => {
                let message =
                    format!("{} inspections are titled '{}'; give one a distinct title", several.len(), r.title);
                problem(problems, r.row, "Title", message);
            }
        }
    }
}

fn judgements(m: &mut Matcher<'_>, rows: &WorkbookRows, problems: &mut Problems) {
    let mut seen = HashMap::new();
    for r in &rows.judgements {
        let inspection =
            if r.inspection.is_empty() { None } else { m.inspection(r.row, &r.inspection, "Inspection", problems) };
        let (Some(inspection), Some(grade)) = (inspection, r.grade) else { continue };
        if r.area.is_empty() || !once(&mut seen, (inspection, key(&r.area)), r.row, "Judgement area", problems) {
            continue;
        }
        let inspection_id = existing(Some(inspection), InspectionId(0));
        let input = JudgementInput { inspection_id, area: r.area.clone(), grade };
        let valid = match input.validate(m.context) {
            Ok(valid) => valid,
            Err(errors) => {
                report(problems, r.row, errors, |_| "Judgement area");
                continue;
            }
        };
        let stored = match inspection {
            Link::Existing(id) => m
                .existing
                .records
                .judgements
                .iter()
                .find(|j| j.input.inspection_id == id && key(&j.input.area) == key(&r.area)),
            Link::New(_) => None,
        };
        match stored {
            None => {
                let inspection_title = m.title_of(inspection);
                m.changes.new_judgements.push(NewJudgement { input: valid, inspection, inspection_title });
            }
            Some(s) if s.input == *valid => m.changes.unchanged_records += 1,
            Some(s) => {
                let line = format!("Judgement {}: {}", r.inspection, valid.area);
                m.changes.updates.push((line, RecordUpdate::Judgement { id: s.id, version: s.version, input: valid }));
            }
        }
    }
}

fn findings(m: &mut Matcher<'_>, rows: &WorkbookRows, problems: &mut Problems) {
    let mut seen = HashMap::new();
    for r in &rows.findings {
        let inspection =
            if r.inspection.is_empty() { None } else { m.inspection(r.row, &r.inspection, "Inspection", problems) };
        let area = if r.area.is_empty() { None } else { m.area(r.row, &r.area, problems) };
        let (Some(inspection), Some(area)) = (inspection, area) else { continue };
        if r.reference.is_empty() || !once(&mut seen, (inspection, key(&r.reference)), r.row, "Reference", problems) {
            continue;
        }
        let input = FindingInput {
            inspection_id: existing(Some(inspection), InspectionId(0)),
            practice_area_id: existing(Some(area), AreaId(0)),
            kind: r.kind.unwrap_or_else(|| kind_from_reference(&r.reference)),
            reference: r.reference.clone(),
            text: r.text.clone(),
        };
        let valid = match input.validate(m.context) {
            Ok(valid) => valid,
            Err(errors) => {
                report(problems, r.row, errors, |f| if f == "reference" { "Reference" } else { "Text" });
                continue;
            }
        };
        let stored = match m.finding_of(inspection, &r.reference) {
            Some(Link::Existing(id)) => m.existing.records.findings.iter().find(|f| f.id == id),
            _ => None,
        };
        match stored {
            None => {
                let inspection_title = m.title_of(inspection);
                m.created_finding(NewFinding { input: valid, inspection, inspection_title, area });
            }
            Some(s) if s.input == *valid && matches!(area, Link::Existing(_)) => m.changes.unchanged_records += 1,
            Some(s) => {
                let line = format!("Finding {}: {}", r.inspection, valid.reference);
                let update = RecordUpdate::Finding { id: s.id, version: s.version, input: valid, area };
                m.changes.updates.push((line, update));
            }
        }
    }
}

/// What importing a whole workbook into `existing` would do, or every problem
/// found, by sheet (with `named`) and row. The sheets are matched in the order
/// their records are created.
pub fn workbook_changes(
    rows: &WorkbookRows,
    existing: &ExistingPlan,
    options: ImportOptions,
    context: &Context,
    named: bool,
) -> Result<PlanChanges, Problems> {
    let mut m = Matcher::new(existing, options, context);
    let mut problems = Problems::new();
    let stage = |sheet: Sheet, problems: &mut Problems, from: usize| {
        if named {
            tag(problems, from, sheet);
        }
    };
    let from = problems.len();
    owners(&mut m, rows, &mut problems);
    stage(Sheet::Owners, &mut problems, from);
    let from = problems.len();
    areas(&mut m, rows, &mut problems);
    stage(Sheet::Areas, &mut problems, from);
    let from = problems.len();
    inspections(&mut m, rows, &mut problems);
    stage(Sheet::Inspections, &mut problems, from);
    let from = problems.len();
    judgements(&mut m, rows, &mut problems);
    stage(Sheet::Judgements, &mut problems, from);
    let from = problems.len();
    findings(&mut m, rows, &mut problems);
    stage(Sheet::Findings, &mut problems, from);
    let from = problems.len();
    plan_rows_into(&mut m, &rows.plan, &mut problems);
    stage(Sheet::Plan, &mut problems, from);
    let from = problems.len();
    let measure_list = measures(&mut m, rows, &mut problems);
    stage(Sheet::Measures, &mut problems, from);
    let from = problems.len();
    recalculations(&mut m, rows, &measure_list, &mut problems);
    stage(Sheet::Recalculations, &mut problems, from);
    let from = problems.len();
    if !rows.results.is_empty() {
        match result_changes(&rows.results, &measure_list, &existing.records.results, context) {
            Ok(changes) => {
                m.changes.results =
                    changes.into_iter().map(|c| (c.clone(), measure_link(c.result.input.measure_id))).collect();
            }
            Err(found) => problems.extend(found),
        }
    }
    stage(Sheet::Results, &mut problems, from);
    if problems.is_empty() {
        Ok(m.changes)
    } else {
        sort(&mut problems);
        Err(problems)
    }
}

/// Problems in workbook order: by sheet, then row.
pub fn sort(problems: &mut Problems) {
    problems.sort_by_key(|p| (Sheet::named(&p.sheet).map_or(0, |s| s as usize), p.row));
}

#[cfg(test)]
#[path = "workbook_match_tests.rs"]
mod tests;
