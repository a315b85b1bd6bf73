//! The registers a council takes away: the whole plan's sheets (see
//! `records` for those besides the plan and results), the evidence register,
//! results with their SPC signals, and every area's verdict with its reasons.
//! Each is written row by row from the cached plan into a `Sink`.
//!
//! "As at" a date: verdicts are as at the date, and evidence and results are
//! those observed or ending by it (SPC computed from those results alone);
//! the plan's actions are as they stand, since the plan keeps no past states.

use super::out::{ExportError, SheetSpec, Sink, Value};
use super::records;
use crate::domain::sheets::plan::PLAN_COLUMNS;
use crate::domain::sheets::workbook::Sheet;
use crate::domain::spc::{self, SpcAnalysis};
use crate::domain::status::CriterionName;
use crate::domain::values;
use crate::read::cache::Snapshot;
use crate::read::plan::PlanIndex;
use chrono::NaiveDate;

/// A register that can be exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Register {
    Owners,
    Areas,
    Inspections,
    Judgements,
    Findings,
    Plan,
    Measures,
    Recalculations,
    Results,
    Evidence,
    Verdicts,
}

impl Register {
    /// Every register, in workbook order: the sheets the plan import reads, in
    /// the order it creates their records, then the evidence register and the
    /// verdicts, which it does not read.
    pub const ALL: &'static [Register] = &[
        Register::Owners,
        Register::Areas,
        Register::Inspections,
        Register::Judgements,
        Register::Findings,
        Register::Plan,
        Register::Measures,
        Register::Recalculations,
        Register::Results,
        Register::Evidence,
        Register::Verdicts,
    ];

    /// Where the register's rows come from.
    fn source(self) -> Source {
        match self {
            Register::Owners => Source::Records(Sheet::Owners),
            Register::Areas => Source::Records(Sheet::Areas),
            Register::Inspections => Source::Records(Sheet::Inspections),
            Register::Judgements => Source::Records(Sheet::Judgements),
            Register::Findings => Source::Records(Sheet::Findings),
            Register::Measures => Source::Records(Sheet::Measures),
            Register::Recalculations => Source::Records(Sheet::Recalculations),
            Register::Plan => Source::Plan,
            Register::Results => Source::Results,
            Register::Evidence => Source::Evidence,
            Register::Verdicts => Source::Verdicts,
        }
    }

    /// The whole-plan sheet a register is, when the import reads it back.
    pub fn sheet(self) -> Option<Sheet> {
        match self.source() {
            Source::Records(sheet) => Some(sheet),
            Source::Plan => Some(Sheet::Plan),
            Source::Results => Some(Sheet::Results),
            Source::Evidence | Source::Verdicts => None,
        }
    }

    /// The name in URLs, file names and the command line.
    pub fn as_str(self) -> &'static str {
        self.spec().name
    }

    /// A register by its name.
    pub fn parse(name: &str) -> Option<Register> {
        Self::ALL.iter().copied().find(|r| r.as_str().eq_ignore_ascii_case(name.trim()))
    }

    /// What the register holds, for people.
    pub fn describe(self) -> &'static str {
        match self.source() {
            Source::Records(sheet) => sheet.describe(),
            Source::Plan => "The improvement plan: one row per action, in the columns the plan import reads",
            Source::Evidence => "The evidence register: every item, its review and what it is linked to",
            Source::Results => "Results of every measure, with the SPC mean, limits and signals",
            Source::Verdicts => "Every practice area's status with the reasons for it",
        }
    }

    /// The register's sheet.
    pub fn spec(self) -> SheetSpec {
        match self.source() {
            Source::Records(sheet) => SheetSpec { name: sheet.name(), columns: records::columns(sheet) },
            Source::Plan => SheetSpec { name: "plan", columns: PLAN_SHEET },
            Source::Evidence => SheetSpec { name: "evidence", columns: EVIDENCE_SHEET },
            Source::Results => SheetSpec { name: "results", columns: RESULTS_SHEET },
            Source::Verdicts => SheetSpec { name: "verdicts", columns: VERDICTS_SHEET },
        }
    }

    /// Writes the register's rows.
    pub fn write(self, snapshot: &Snapshot, as_at: NaiveDate, sink: &mut dyn Sink) -> Result<usize, ExportError> {
        sink.begin(&self.spec())?;
        match self.source() {
            Source::Records(sheet) => records::write(sheet, &snapshot.plan, sink),
            Source::Plan => plan(&snapshot.plan, sink),
            Source::Evidence => evidence(&snapshot.plan, as_at, sink),
            Source::Results => results(&snapshot.plan, as_at, sink),
            Source::Verdicts => verdicts(snapshot, as_at, sink),
        }
    }
}

/// Where a register's rows come from: a whole-plan sheet `records` writes, or
/// one of those written here.
enum Source {
    Records(Sheet),
    Plan,
    Evidence,
    Results,
    Verdicts,
}

const PLAN_SHEET: &[(&str, f64)] = &[
    ("Reference", 11.0),
    ("Title", 50.0),
    ("Description", 60.0),
    ("Practice area", 34.0),
    ("Finding references", 40.0),
    ("Owner name", 22.0),
    ("Owner job title", 34.0),
    ("Owner agency", 24.0),
    ("Start date", 13.0),
    ("Due date", 13.0),
    ("Completed date", 15.0),
    ("State", 13.0),
    ("Success measure", 60.0),
];

const EVIDENCE_SHEET: &[(&str, f64)] = &[
    ("Title", 50.0),
    ("Kind", 22.0),
    ("Practice area", 34.0),
    ("Observed on", 13.0),
    ("Period start", 13.0),
    ("Period end", 13.0),
    ("Review state", 13.0),
    ("Reviewed on", 13.0),
    ("Reviewed by", 22.0),
    ("Rejection reason", 40.0),
    ("Finding references", 40.0),
    ("Action references", 20.0),
    ("Files", 8.0),
    ("Description", 60.0),
];

const RESULTS_SHEET: &[(&str, f64)] = &[
    ("Practice area", 34.0),
    ("Measure", 44.0),
    ("Kind", 20.0),
    ("Unit", 8.0),
    ("Period end", 13.0),
    ("Value", 9.0),
    ("Outstanding", 12.0),
    ("Good", 8.0),
    ("Requires improvement", 12.0),
    ("Inadequate", 11.0),
    ("Sample size", 11.0),
    ("Note", 40.0),
    ("Target", 9.0),
    ("Mean", 9.0),
    ("Lower limit", 11.0),
    ("Upper limit", 11.0),
    ("Variation", 28.0),
    ("Signals", 50.0),
    ("Left out", 40.0),
];

const VERDICTS_SHEET: &[(&str, f64)] = &[
    ("Practice area", 34.0),
    ("Status", 18.0),
    ("Embedded since", 15.0),
    ("Months embedded", 10.0),
    ("Delivered", 10.0),
    ("Practice changed", 10.0),
    ("Sustained", 10.0),
    ("Reasons", 100.0),
    ("As at", 13.0),
];

/// A finding as the plan import reads it back: always with its inspection's title.
fn finding_label(plan: &PlanIndex, id: crate::domain::ids::FindingId) -> Option<String> {
    let finding = plan.finding(id)?;
    Some(match plan.inspection(finding.inspection_id) {
        Some(inspection) => format!("{}: {}", inspection.title, finding.reference),
        None => finding.reference.clone(),
    })
}

/// Findings in a cell, sorted so the cell reads the same whatever order they were linked in.
fn findings_cell(plan: &PlanIndex, ids: &[crate::domain::ids::FindingId]) -> Value {
    let mut labels: Vec<String> = ids.iter().filter_map(|id| finding_label(plan, *id)).collect();
    labels.sort();
    Value::text(labels.join("; "))
}

fn area_name(plan: &PlanIndex, id: crate::domain::ids::AreaId) -> String {
    plan.area(id).map(|a| a.name.clone()).unwrap_or_default()
}

fn plan(plan: &PlanIndex, sink: &mut dyn Sink) -> Result<usize, ExportError> {
    debug_assert_eq!(PLAN_SHEET.len(), PLAN_COLUMNS.len());
    for action in &plan.actions {
        let owner = action.owner_id.and_then(|id| plan.owners.get(&id));
        let findings = plan.findings_of_action.get(&action.id).unwrap_or_default();
        sink.row(&[
            Value::text(&action.reference),
            Value::text(&action.title),
            Value::text(&action.description),
            Value::text(area_name(plan, action.practice_area_id)),
            findings_cell(plan, findings),
            Value::text(owner.map(|o| o.name.clone()).unwrap_or_default()),
            Value::text(owner.map(|o| o.job_title.clone()).unwrap_or_default()),
            Value::text(owner.map(|o| o.team.clone()).unwrap_or_default()),
            Value::date(action.start_date),
            Value::date(action.due_date),
            Value::date(action.completed_date),
            Value::text(action.state.label()),
            Value::text(&action.success_measure),
        ])?;
    }
    Ok(plan.actions.len())
}

fn evidence(plan: &PlanIndex, as_at: NaiveDate, sink: &mut dyn Sink) -> Result<usize, ExportError> {
    let mut written = 0;
    for item in plan.evidence.iter().filter(|e| e.observed_on <= as_at) {
        let findings = plan.findings_of_evidence.get(&item.id).unwrap_or_default();
        let actions: Vec<String> = plan
            .actions_of_evidence
            .get(&item.id)
            .into_iter()
            .flatten()
            .filter_map(|id| plan.action(*id).map(|a| a.reference.clone()))
            .collect();
        let files = plan.attachments.get(&item.id).map_or(0, <[_]>::len);
        sink.row(&[
            Value::text(&item.title),
            Value::text(item.kind.label()),
            Value::text(area_name(plan, item.practice_area_id)),
            Value::Date(item.observed_on),
            Value::date(item.period_start),
            Value::date(item.period_end),
            Value::text(item.review_state.label()),
            Value::date(item.reviewed_on),
            Value::text(
                item.reviewed_by
                    .map(|u| plan.user_name(Some(u)))
                    .or_else(|| item.reviewed_by_name.clone())
                    .unwrap_or_default(),
            ),
            Value::text(item.rejection_reason.clone().unwrap_or_default()),
            findings_cell(plan, findings),
            Value::text(actions.join("; ")),
            Value::Number(files as f64),
            Value::text(&item.description),
        ])?;
        written += 1;
    }
    Ok(written)
}

fn analysis(plan: &PlanIndex, measure: &crate::db::measures::MeasureRow, as_at: NaiveDate) -> SpcAnalysis {
    let facts = crate::db::facts::measure_facts(
        measure,
        plan.recalculations.get(&measure.id).unwrap_or_default(),
        plan.results.get(&measure.id).unwrap_or_default(),
    );
    let results: Vec<(NaiveDate, f64)> = facts.results.iter().copied().filter(|(d, _)| *d <= as_at).collect();
    spc::analyse(&spc::series(&results, &facts.recalculation_points), &facts.settings)
}

fn results(plan: &PlanIndex, as_at: NaiveDate, sink: &mut dyn Sink) -> Result<usize, ExportError> {
    let mut written = 0;
    for measure in &plan.measures {
        let spc = analysis(plan, measure, as_at);
        let rows = plan.results.get(&measure.id).unwrap_or_default();
        let mut points = spc.points.iter().peekable();
        for result in rows.iter().filter(|r| r.period_end <= as_at) {
            // A result the statistics leave out has no point: the next one waits for its own row.
            let point = points.next_if(|p| p.period == result.period_end);
            let target = measure
                .target
                .and_then(|t| values::target_left_out(measure.unit, t))
                .map(|why| format!("Target: {why}"));
            let left_out: Vec<String> =
                values::left_out(measure.unit, result.value).into_iter().chain(target).collect();
            let count = |n: Option<i32>| Value::number(n.map(f64::from));
            let signals: Vec<&str> = point.map(|p| p.signals.iter().map(|s| s.label()).collect()).unwrap_or_default();
            sink.row(&[
                Value::text(area_name(plan, measure.practice_area_id)),
                Value::text(&measure.name),
                Value::text(measure.kind.label()),
                Value::text(measure.unit.as_str()),
                Value::Date(result.period_end),
                // As stored, so that nothing is lost; a number that is not finite has no cell a sheet can hold.
                Value::number(Some(result.value).filter(|v| v.is_finite())),
                count(result.outstanding),
                count(result.good),
                count(result.requires_improvement),
                count(result.inadequate),
                count(result.sample_size),
                Value::text(result.note.clone().unwrap_or_default()),
                Value::number(measure.target.filter(|t| t.is_finite())),
                Value::number(point.and_then(|p| p.mean).map(round)),
                Value::number(point.and_then(|p| p.lower_limit).map(round)),
                Value::number(point.and_then(|p| p.upper_limit).map(round)),
                Value::text(point.map(|p| p.kind.label()).unwrap_or_default()),
                Value::text(signals.join("; ")),
                Value::text(left_out.join("; ")),
            ])?;
            written += 1;
        }
    }
    Ok(written)
}

/// SPC figures to two decimal places, as people read them.
fn round(n: f64) -> f64 {
    (n * 100.0).round() / 100.0
}

fn verdicts(snapshot: &Snapshot, as_at: NaiveDate, sink: &mut dyn Sink) -> Result<usize, ExportError> {
    let verdicts = snapshot.verdicts(as_at);
    let mut written = 0;
    for area in &snapshot.plan.areas {
        let Some(verdict) = verdicts.get(&area.id) else { continue };
        let met = |name: CriterionName| {
            let found = verdict.criteria.iter().find(|c| c.criterion == name);
            Value::text(found.map(|c| if c.met { "Met" } else { "Not met" }).unwrap_or_default())
        };
        let reasons: Vec<String> = verdict
            .criteria
            .iter()
            .flat_map(|c| c.reasons.iter().map(move |r| format!("{}: {r}", c.criterion.label())))
            .collect();
        sink.row(&[
            Value::text(&area.name),
            Value::text(verdict.status.label()),
            Value::date(verdict.embedded_since),
            Value::number(verdict.months_embedded.map(f64::from)),
            met(CriterionName::Delivered),
            met(CriterionName::PracticeChanged),
            met(CriterionName::Sustained),
            Value::text(reasons.join("\n")),
            Value::Date(as_at),
        ])?;
        written += 1;
    }
    Ok(written)
}
