//! Imports of spreadsheets: what the live plan holds, read for matching, and
//! the writes of a checked import, all in one transaction with change history.
//! The rows are matched again inside the transaction, so that what is written
//! follows the plan as it is at that moment, not as it was at the preview.

use super::connection::{read_snapshot, write_transaction};
use super::inspections as inspection_repo;
use super::schema::{finding_actions, findings, inspections, measures, owners, practice_areas, results};
use super::{actions as action_repo, areas, findings as finding_repo, measures as measure_repo, owners as owner_repo};
use super::{Actor, DbConnection, DbError};
use crate::domain::audit::GradeCounts;
use crate::domain::evidence::MeasureShape;
use crate::domain::ids::{ActionId, AreaId, FindingId, InspectionId, MeasureId, OwnerId, ResultId};
use crate::domain::kinds::{MeasureKind, Unit};
use crate::domain::plan::ActionInput;
use crate::domain::sheets::plan_match::{
    ActionWrite, ExistingAction, ExistingFinding, ExistingOwner, ExistingPlan, ImportOptions, Link, PlanChanges,
    RecordUpdate,
};
use crate::domain::sheets::results::{
    result_changes, ExistingMeasure, ExistingResult, ResultChange, ResultSheetRow, ResultWrite,
};
use crate::domain::sheets::workbook::WorkbookRows;
use crate::domain::sheets::workbook_match::workbook_changes;
use crate::domain::sheets::Problems;
use crate::domain::valid::Context;
use chrono::NaiveDate;
use diesel::prelude::*;
use std::collections::HashMap;

/// Why an import wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Rows with problems, every one listed.
    #[error("{} problem(s) in the file", .0.len())]
    Rows(Problems),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for ImportError {
    fn from(e: diesel::result::Error) -> Self {
        ImportError::Db(DbError::Database(e))
    }
}

/// The live plan as an import matches against it.
pub fn existing_plan(conn: &mut DbConnection) -> Result<ExistingPlan, DbError> {
    let areas: Vec<(AreaId, String)> = practice_areas::table
        .filter(practice_areas::archived_at.is_null())
        .order(practice_areas::id.asc())
        .select((practice_areas::id, practice_areas::name))
        .load(conn)?;
    let owners: Vec<(OwnerId, String, String)> = owners::table
        .filter(owners::archived_at.is_null())
        .order(owners::id.asc())
        .select((owners::id, owners::name, owners::job_title))
        .load(conn)?;
    let inspections: Vec<(InspectionId, String)> = inspections::table
        .filter(inspections::archived_at.is_null())
        .order(inspections::id.asc())
        .select((inspections::id, inspections::title))
        .load(conn)?;
    let findings: Vec<(FindingId, InspectionId, String)> = findings::table
        .filter(findings::archived_at.is_null())
        .order(findings::id.asc())
        .select((findings::id, findings::inspection_id, findings::reference))
        .load(conn)?;
    let links: Vec<(ActionId, FindingId)> = finding_actions::table
        .select((finding_actions::action_id, finding_actions::finding_id))
        .order((finding_actions::action_id.asc(), finding_actions::finding_id.asc()))
        .load(conn)?;
    let live_findings: std::collections::HashSet<FindingId> = findings.iter().map(|f| f.0).collect();
    let mut linked: HashMap<ActionId, Vec<FindingId>> = HashMap::new();
    for (action, finding) in links.into_iter().filter(|(_, f)| live_findings.contains(f)) {
        linked.entry(action).or_default().push(finding);
    }
    let actions = action_repo::list(conn, super::Archived::Hide)?
        .into_iter()
        .map(|a| ExistingAction {
            id: a.id,
            version: a.version,
            findings: linked.remove(&a.id).unwrap_or_default(),
            input: ActionInput {
                reference: a.reference,
                title: a.title,
                description: a.description,
                owner_id: a.owner_id,
                practice_area_id: a.practice_area_id,
                start_date: a.start_date,
                due_date: a.due_date,
                completed_date: a.completed_date,
                state: a.state,
                success_measure: a.success_measure,
            },
        })
        .collect();
    Ok(ExistingPlan {
        records: super::sheet_records::existing_records(conn)?,
        areas,
        owners: owners.into_iter().map(|(id, name, job_title)| ExistingOwner { id, name, job_title }).collect(),
        inspections,
        findings: findings
            .into_iter()
            .map(|(id, inspection_id, reference)| ExistingFinding { id, inspection_id, reference })
            .collect(),
        actions,
    })
}

/// What the import would do now, in one consistent read; nothing is written.
/// `named` says problems are named by sheet (a workbook or CSV folder).
pub fn preview_plan(
    conn: &mut DbConnection,
    rows: &WorkbookRows,
    options: ImportOptions,
    context: &Context,
    named: bool,
) -> Result<PlanChanges, ImportError> {
    let existing = read_snapshot(conn, existing_plan)?;
    workbook_changes(rows, &existing, options, context, named).map_err(ImportError::Rows)
}

/// Imports every sheet's rows in one transaction, records created in the
/// order their references need (owners, areas, inspections, judgements,
/// findings, changed records, actions and their finding links, measures,
/// recalculation points, results), each write in change history. Rows with
/// problems write nothing at all. `progress` hears (actions done, actions in
/// all) as they are written.
pub fn import_plan(
    conn: &mut DbConnection,
    actor: &Actor,
    rows: &WorkbookRows,
    options: ImportOptions,
    context: &Context,
    named: bool,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<PlanChanges, ImportError> {
    write_transaction(conn, |c| {
        let existing = existing_plan(c)?;
        let changes = workbook_changes(rows, &existing, options, context, named).map_err(ImportError::Rows)?;
        write_plan(c, actor, &changes, progress)?;
        Ok(changes)
    })
}

fn resolve<T: Copy>(link: Link<T>, created: &[T]) -> T {
    match link {
        Link::Existing(id) => id,
        Link::New(at) => created[at],
    }
}

/// The ids of what an import created, by kind, in the order created.
#[derive(Default)]
struct Created {
    owners: Vec<OwnerId>,
    areas: Vec<AreaId>,
    inspections: Vec<InspectionId>,
    findings: Vec<FindingId>,
    measures: Vec<MeasureId>,
}

fn write_records(c: &mut DbConnection, actor: &Actor, changes: &PlanChanges) -> Result<Created, DbError> {
    let mut made = Created::default();
    for input in &changes.new_owners {
        made.owners.push(owner_repo::create(c, actor, input)?.id);
    }
    for area in &changes.new_areas {
        let lead = area.lead.map(|l| resolve(l, &made.owners));
        made.areas.push(areas::create(c, actor, &area.input.clone().relinked(lead))?.id);
    }
    for input in &changes.new_inspections {
        made.inspections.push(inspection_repo::create(c, actor, input)?.id);
    }
    for judgement in &changes.new_judgements {
        let input = judgement.input.clone().relinked(resolve(judgement.inspection, &made.inspections));
        inspection_repo::judgement::create(c, actor, &input)?;
    }
    for finding in &changes.new_findings {
        let links = (resolve(finding.inspection, &made.inspections), resolve(finding.area, &made.areas));
        made.findings.push(finding_repo::create(c, actor, &finding.input.clone().relinked(links))?.id);
    }
    for (_, update) in &changes.updates {
        match update {
            RecordUpdate::Owner { id, version, input } => {
                owner_repo::update(c, actor, *id, *version, input)?;
            }
            RecordUpdate::Area { id, version, input, lead } => {
                let lead = lead.map(|l| resolve(l, &made.owners));
                areas::update(c, actor, *id, *version, &input.clone().relinked(lead))?;
            }
            RecordUpdate::Inspection { id, version, input } => {
                inspection_repo::update(c, actor, *id, *version, input)?;
            }
            RecordUpdate::Judgement { id, version, input } => {
                inspection_repo::judgement::update(c, actor, *id, *version, input)?;
            }
            RecordUpdate::Finding { id, version, input, area } => {
                let links = (input.inspection_id, resolve(*area, &made.areas));
                finding_repo::update(c, actor, *id, *version, &input.clone().relinked(links))?;
            }
            RecordUpdate::Measure { id, version, input, area } => {
                let area = resolve(*area, &made.areas);
                measure_repo::update(c, actor, *id, *version, &input.clone().relinked(area))?;
            }
        }
    }
    Ok(made)
}

fn write_plan(
    c: &mut DbConnection,
    actor: &Actor,
    changes: &PlanChanges,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(), DbError> {
    let mut made = write_records(c, actor, changes)?;
    let total = changes.actions.len();
    for (done, change) in changes.actions.iter().enumerate() {
        progress(done, total);
        let area = resolve(change.area, &made.areas);
        let owner = change.owner.map(|o| resolve(o, &made.owners));
        let id = match &change.write {
            ActionWrite::Unchanged(_) => continue,
            ActionWrite::Create => action_repo::create(c, actor, &change.input.clone().relinked((area, owner)))?.id,
            ActionWrite::Update { id, version, .. } => {
                let input = change.input.clone().relinked((area, owner));
                action_repo::update(c, actor, *id, *version, &input, |_| true)?.id
            }
        };
        for link in &change.link {
            action_repo::link_finding(c, actor, id, resolve(*link, &made.findings))?;
        }
        for finding in &change.unlink {
            action_repo::unlink_finding(c, actor, id, *finding)?;
        }
    }
    for measure in &changes.new_measures {
        let input = measure.input.clone().relinked(resolve(measure.area, &made.areas));
        made.measures.push(measure_repo::create(c, actor, &input)?.id);
    }
    for point in &changes.new_recalculations {
        let input = point.input.clone().relinked(resolve(point.measure, &made.measures));
        measure_repo::add_recalculation(c, actor, &input)?;
    }
    for (change, measure) in &changes.results {
        let result = change.result.clone().relinked(resolve(*measure, &made.measures));
        match change.write {
            ResultWrite::Unchanged(_) => {}
            ResultWrite::Create => {
                measure_repo::create_result(c, actor, &result)?;
            }
            ResultWrite::Update { id, version } => {
                measure_repo::update_result(c, actor, id, version, &result)?;
            }
        }
    }
    progress(total, total);
    Ok(())
}

type MeasureColumns = (MeasureId, String, String, MeasureKind, Unit);
type ResultColumns = (
    ResultId,
    i32,
    MeasureId,
    NaiveDate,
    f64,
    Option<i32>,
    Option<i32>,
    Option<i32>,
    Option<i32>,
    Option<i32>,
    Option<String>,
);

/// Live measures (with their areas' names) and their live results.
pub fn existing_results(conn: &mut DbConnection) -> Result<(Vec<ExistingMeasure>, Vec<ExistingResult>), DbError> {
    let measures: Vec<MeasureColumns> = measures::table
        .inner_join(practice_areas::table)
        .filter(measures::archived_at.is_null())
        .filter(practice_areas::archived_at.is_null())
        .order(measures::id.asc())
        .select((measures::id, measures::name, practice_areas::name, measures::kind, measures::unit))
        .load(conn)?;
    let stored: Vec<ResultColumns> = results::table
        .filter(results::archived_at.is_null())
        .order((results::measure_id.asc(), results::period_end.asc()))
        .select((
            results::id,
            results::version,
            results::measure_id,
            results::period_end,
            results::value,
            results::outstanding,
            results::good,
            results::requires_improvement,
            results::inadequate,
            results::sample_size,
            results::note,
        ))
        .load(conn)?;
    let count = |n: Option<i32>| n.and_then(|n| u32::try_from(n).ok()).unwrap_or(0);
    Ok((
        measures
            .into_iter()
            .map(|(id, name, area, kind, unit)| ExistingMeasure { id, name, area, shape: MeasureShape { kind, unit } })
            .collect(),
        stored
            .into_iter()
            .map(|(id, version, measure_id, period_end, value, o, g, ri, i, sample_size, note)| ExistingResult {
                id,
                version,
                measure_id,
                period_end,
                value,
                grades: (o.is_some() || g.is_some() || ri.is_some() || i.is_some()).then(|| GradeCounts {
                    outstanding: count(o),
                    good: count(g),
                    requires_improvement: count(ri),
                    inadequate: count(i),
                }),
                sample_size,
                note,
            })
            .collect(),
    ))
}

/// What importing result rows would do now; nothing is written.
pub fn preview_results(
    conn: &mut DbConnection,
    rows: &[ResultSheetRow],
    context: &Context,
) -> Result<Vec<ResultChange>, ImportError> {
    let (measures, stored) = read_snapshot(conn, existing_results)?;
    result_changes(rows, &measures, &stored, context).map_err(ImportError::Rows)
}

/// Imports result rows in one transaction, each write in change history.
pub fn import_results(
    conn: &mut DbConnection,
    actor: &Actor,
    rows: &[ResultSheetRow],
    context: &Context,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<ResultChange>, ImportError> {
    write_transaction(conn, |c| {
        let (measures, stored) = existing_results(c)?;
        let changes = result_changes(rows, &measures, &stored, context).map_err(ImportError::Rows)?;
        for (done, change) in changes.iter().enumerate() {
            progress(done, changes.len());
            match change.write {
                ResultWrite::Unchanged(_) => {}
                ResultWrite::Create => {
                    measure_repo::create_result(c, actor, &change.result)?;
                }
                ResultWrite::Update { id, version } => {
                    measure_repo::update_result(c, actor, id, version, &change.result)?;
                }
            }
        }
        progress(changes.len(), changes.len());
        Ok(changes)
    })
}
