//! The whole plan's other sheets, written from the cached plan in the columns
//! the import reads back (`domain::sheets::workbook`): owners, practice areas,
//! inspections, judgements, findings, measures and recalculation points.
//! Records are written in the order they were created, so that a workbook
//! imported into an empty instance creates them in that order and exports
//! again row for row. Archived records are left out.

use super::out::{ColumnSpec, ExportError, Sink, Value};
use crate::domain::sheets::workbook::Sheet;
use crate::read::plan::PlanIndex;

/// The columns of a sheet as exported: its headers, with a width each.
pub fn columns(sheet: Sheet) -> &'static [ColumnSpec] {
    match sheet {
        Sheet::Owners => &[("Name", 24.0), ("Job title", 36.0), ("Agency", 24.0), ("Email", 32.0)],
        Sheet::Areas => &[
            ("Practice area", 40.0),
            ("Description", 60.0),
            ("Lead name", 24.0),
            ("Lead job title", 36.0),
            ("Evidence window (months)", 12.0),
            ("Evidence items needed", 12.0),
            ("Evidence kinds needed", 12.0),
            ("Results window (months)", 12.0),
            ("Results needed", 12.0),
            ("Slipping look-back (months)", 12.0),
        ],
        Sheet::Inspections => &[
            ("Title", 44.0),
            ("Kind", 24.0),
            ("Inspectorate", 16.0),
            ("Start date", 13.0),
            ("End date", 13.0),
            ("Published on", 13.0),
            ("Overall judgement", 22.0),
            ("Report link", 40.0),
            ("Draft plan due", 13.0),
            ("Final plan due", 13.0),
        ],
        Sheet::Judgements => &[("Inspection", 44.0), ("Judgement area", 60.0), ("Grade", 24.0)],
        Sheet::Findings => {
            &[("Inspection", 44.0), ("Reference", 11.0), ("Kind", 22.0), ("Practice area", 40.0), ("Text", 80.0)]
        }
        Sheet::Measures => &[
            ("Practice area", 40.0),
            ("Measure", 44.0),
            ("Description", 50.0),
            ("Kind", 20.0),
            ("Unit", 9.0),
            ("Direction", 16.0),
            ("Target", 9.0),
            ("Frequency", 11.0),
            ("Key measure", 8.0),
            ("Baseline points", 9.0),
            ("Screen moving ranges", 9.0),
            ("Published indicator", 24.0),
        ],
        Sheet::Recalculations => &[("Practice area", 40.0), ("Measure", 44.0), ("Starts on", 13.0), ("Reason", 60.0)],
        // The plan and results sheets are the registers' own.
        Sheet::Plan | Sheet::Results => &[],
    }
}

fn yes_no(b: bool) -> Value {
    Value::text(if b { "Yes" } else { "No" })
}

fn whole(n: Option<i32>) -> Value {
    Value::number(n.map(f64::from))
}

fn area_name(plan: &PlanIndex, id: crate::domain::ids::AreaId) -> String {
    plan.area(id).map(|a| a.name.clone()).unwrap_or_default()
}

fn inspection_title(plan: &PlanIndex, id: crate::domain::ids::InspectionId) -> String {
    plan.inspection(id).map(|i| i.title.clone()).unwrap_or_default()
}

/// Sorted by id: the order records were created in.
fn by_id<T, K: Ord>(rows: impl IntoIterator<Item = T>, id: impl Fn(&T) -> K) -> Vec<T> {
    let mut rows: Vec<T> = rows.into_iter().collect();
    rows.sort_by_key(|r| id(r));
    rows
}

/// Writes one of the sheets this module holds; returns the number of rows.
pub fn write(sheet: Sheet, plan: &PlanIndex, sink: &mut dyn Sink) -> Result<usize, ExportError> {
    let mut written = 0;
    let mut row = |values: &[Value]| -> Result<(), ExportError> {
        written += 1;
        sink.row(values)
    };
    match sheet {
        Sheet::Owners => {
            for o in by_id(plan.owners.values().filter(|o| o.archived_at.is_none()), |o| o.id) {
                row(&[
                    Value::text(&o.name),
                    Value::text(&o.job_title),
                    Value::text(&o.team),
                    Value::text(o.email.clone().unwrap_or_default()),
                ])?;
            }
        }
        Sheet::Areas => {
            for a in by_id(&plan.areas, |a| a.id) {
                let lead = a.lead_owner_id.and_then(|id| plan.owners.get(&id));
                row(&[
                    Value::text(&a.name),
                    Value::text(&a.description),
                    Value::text(lead.map(|o| o.name.clone()).unwrap_or_default()),
                    Value::text(lead.map(|o| o.job_title.clone()).unwrap_or_default()),
                    whole(a.evidence_window_months),
                    whole(a.evidence_min_items),
                    whole(a.evidence_min_kinds),
                    whole(a.results_window_months),
                    whole(a.results_min_count),
                    whole(a.slipping_lookback_months),
                ])?;
            }
        }
        Sheet::Inspections => {
            for i in by_id(plan.inspections.iter().filter(|i| i.archived_at.is_none()), |i| i.id) {
                row(&[
                    Value::text(&i.title),
                    Value::text(i.kind.label()),
                    Value::text(&i.inspectorate),
                    Value::Date(i.start_date),
                    Value::Date(i.end_date),
                    Value::date(i.published_on),
                    Value::text(i.overall_judgement.map(|g| g.label()).unwrap_or_default()),
                    Value::text(i.report_url.clone().unwrap_or_default()),
                    Value::date(i.draft_plan_due),
                    Value::date(i.final_plan_due),
                ])?;
            }
        }
        Sheet::Judgements => {
            let live = plan.inspections.iter().filter(|i| i.archived_at.is_none());
            let judgements = live.flat_map(|i| plan.judgements.get(&i.id).into_iter().flatten());
            for j in by_id(judgements, |j| j.id) {
                row(&[
                    Value::text(inspection_title(plan, j.inspection_id)),
                    Value::text(&j.area),
                    Value::text(j.grade.label()),
                ])?;
            }
        }
        Sheet::Findings => {
            let live = plan
                .findings
                .iter()
                .filter(|f| plan.inspection(f.inspection_id).is_some_and(|i| i.archived_at.is_none()));
            for f in by_id(live, |f| f.id) {
                row(&[
                    Value::text(inspection_title(plan, f.inspection_id)),
                    Value::text(&f.reference),
                    Value::text(f.kind.label()),
                    Value::text(area_name(plan, f.practice_area_id)),
                    Value::text(&f.text),
                ])?;
            }
        }
        Sheet::Measures => {
            for m in by_id(&plan.measures, |m| m.id) {
                row(&[
                    Value::text(area_name(plan, m.practice_area_id)),
                    Value::text(&m.name),
                    Value::text(&m.description),
                    Value::text(m.kind.label()),
                    Value::text(m.unit.as_str()),
                    Value::text(m.direction.label()),
                    Value::number(m.target.filter(|t| t.is_finite())),
                    Value::text(m.frequency.label()),
                    yes_no(m.is_key),
                    whole(m.baseline_points),
                    yes_no(m.screen_moving_ranges),
                    Value::text(m.published_indicator_code.as_deref().unwrap_or_default()),
                ])?;
            }
        }
        Sheet::Recalculations => {
            let points = plan.measures.iter().flat_map(|m| plan.recalculations.get(&m.id).into_iter().flatten());
            for r in by_id(points, |r| r.id) {
                let Some(m) = plan.measure(r.measure_id) else { continue };
                row(&[
                    Value::text(area_name(plan, m.practice_area_id)),
                    Value::text(&m.name),
                    Value::Date(r.starts_on),
                    Value::text(&r.reason),
                ])?;
            }
        }
        Sheet::Plan | Sheet::Results => {}
    }
    Ok(written)
}
