//! The live records a whole-plan workbook is matched against, read as the
//! forms would give them (`StoredRecord`), so that a row can be compared with
//! what is stored field by field.

use super::inspections::JudgementRow;
use super::schema::judgements;
use super::{areas, findings, inspections, measures, owners, Archived, DbConnection, DbError};
use crate::domain::plan::{FindingInput, JudgementInput};
use crate::domain::sheets::plan_changes::{ExistingRecords, StoredRecord};
use diesel::prelude::*;

/// Every live owner, area, inspection, judgement, finding and measure, each
/// measure's recalculation points, and the live results.
pub fn existing_records(conn: &mut DbConnection) -> Result<ExistingRecords, DbError> {
    let owners = owners::list(conn, Archived::Hide)?
        .into_iter()
        .map(|o| StoredRecord { id: o.id, version: o.version, input: o.into_input() })
        .collect();
    let areas = areas::list(conn, Archived::Hide)?
        .into_iter()
        .map(|a| StoredRecord { id: a.id, version: a.version, input: a.into_input() })
        .collect();
    let inspections = inspections::list(conn, Archived::Hide)?
        .into_iter()
        .map(|i| StoredRecord { id: i.id, version: i.version, input: i.into_input() })
        .collect();
    let judgements: Vec<JudgementRow> = judgements::table
        .filter(judgements::archived_at.is_null())
        .order(judgements::id.asc())
        .select(JudgementRow::as_select())
        .load(conn)?;
    let findings = findings::list(conn, Archived::Hide)?
        .into_iter()
        .map(|f| StoredRecord {
            id: f.id,
            version: f.version,
            input: FindingInput {
                inspection_id: f.inspection_id,
                practice_area_id: f.practice_area_id,
                kind: f.kind,
                reference: f.reference,
                text: f.text,
            },
        })
        .collect();
    let measures_stored = measures::list(conn, Archived::Hide)?
        .into_iter()
        .map(|m| StoredRecord { id: m.id, version: m.version, input: m.into_input() })
        .collect();
    let recalculations = measures::recalculations(conn)?.into_iter().map(|r| (r.measure_id, r.starts_on)).collect();
    let (result_measures, results) = super::sheet_imports::existing_results(conn)?;
    Ok(ExistingRecords {
        owners,
        areas,
        inspections,
        judgements: judgements
            .into_iter()
            .map(|j| StoredRecord {
                id: j.id,
                version: j.version,
                input: JudgementInput { inspection_id: j.inspection_id, area: j.area, grade: j.grade },
            })
            .collect(),
        findings,
        measures: measures_stored,
        recalculations,
        result_measures,
        results,
    })
}
