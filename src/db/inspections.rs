//! Inspections (any visit or review) and the judgements they give.

use super::schema::{inspections, judgements};
use super::versioned::{versioned_row, written_whole};
use super::write::{self, archivable};
use super::{Actor, DbConnection, DbError};
use crate::domain::history::{Change, Entity};
use crate::domain::ids::{InspectionId, JudgementId};
use crate::domain::kinds::{Grade, InspectionKind};
use crate::domain::plan::{InspectionInput, JudgementInput};
use crate::domain::valid::Valid;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

versioned_row! {
    /// A stored inspection.
    pub struct InspectionRow in inspections as Entity::Inspection {
        id: InspectionId,
        written from InspectionInput as InspectionValues {
            kind: InspectionKind,
            title: String,
            inspectorate: String,
            start_date: NaiveDate,
            end_date: NaiveDate,
            published_on: Option<NaiveDate>,
            overall_judgement: Option<Grade>,
            report_url: Option<String>,
            draft_plan_due: Option<NaiveDate>,
            final_plan_due: Option<NaiveDate>,
        }
    }
}

written_whole!(inspections, InspectionRow, InspectionId, InspectionInput as InspectionValues, refused as DbError::from);

archivable!(inspections, InspectionRow, InspectionId, #[doc = "Inspections, most recent first."] listed by (inspections::start_date.desc(), inspections::id.desc()));

/// Live inspections, most recent first, as (id, title, start date): what forms offer.
pub fn live_titles(conn: &mut DbConnection) -> Result<Vec<(InspectionId, String, NaiveDate)>, DbError> {
    Ok(inspections::table
        .filter(inspections::archived_at.is_null())
        .order((inspections::start_date.desc(), inspections::id.desc()))
        .select((inspections::id, inspections::title, inspections::start_date))
        .load(conn)?)
}

versioned_row! {
    /// A stored judgement.
    pub struct JudgementRow in judgements as Entity::Judgement {
        id: JudgementId,
        {
            inspection_id: InspectionId,
            area: String,
            grade: Grade,
        }
    }
}

/// Judgements are filed under their own module name in history and lists.
pub mod judgement {
    use super::*;

    fn area_taken(err: diesel::result::Error) -> DbError {
        super::super::unique_as_field(err, "area", "This inspection already has a judgement for that area")
    }

    /// Adds a judgement to an inspection.
    pub fn create(
        conn: &mut DbConnection,
        actor: &Actor,
        input: &Valid<JudgementInput>,
    ) -> Result<JudgementRow, DbError> {
        super::get_any(conn, input.inspection_id)?;
        write::create(conn, actor, |c| {
            write::insert_at_version_one!(
                c,
                actor,
                judgements,
                judgements::inspection_id.eq(input.inspection_id),
                judgements::area.eq(&input.area),
                judgements::grade.eq(input.grade)
            )
            .map_err(area_taken)
        })
    }

    /// Changes a judgement's area or grade.
    pub fn update(
        conn: &mut DbConnection,
        actor: &Actor,
        id: JudgementId,
        expected_version: i32,
        input: &Valid<JudgementInput>,
    ) -> Result<JudgementRow, DbError> {
        write::update(conn, actor, Change::Update, id, expected_version, get_any, |c| {
            write::update_at_version!(
                c,
                actor,
                judgements,
                id,
                expected_version,
                judgements::area.eq(&input.area),
                judgements::grade.eq(input.grade)
            )
            .map_err(area_taken)
        })
    }

    archivable!(
        judgements,
        JudgementRow,
        JudgementId,
        #[doc = "Judgements in inspection order, each inspection's as they were added."]
        listed by (judgements::inspection_id.asc(), judgements::id.asc())
    );

    /// The live judgements of one inspection.
    pub fn for_inspection(conn: &mut DbConnection, inspection_id: InspectionId) -> Result<Vec<JudgementRow>, DbError> {
        Ok(judgements::table
            .filter(judgements::inspection_id.eq(inspection_id))
            .filter(judgements::archived_at.is_null())
            .order(judgements::id.asc())
            .select(JudgementRow::as_select())
            .load(conn)?)
    }
}

/// One judgement area's grade as a form gives it: none means not judged.
pub type Judged = (String, Option<Grade>);

/// Adds an inspection with its judgements, in one transaction.
pub fn create_judged(
    conn: &mut DbConnection,
    actor: &Actor,
    input: &Valid<InspectionInput>,
    judged: &[Judged],
) -> Result<InspectionRow, DbError> {
    super::connection::write_transaction(conn, |c| {
        let row = create(c, actor, input)?;
        set_judgements(c, actor, row.id, judged)?;
        Ok(row)
    })
}

/// Changes an inspection and its judgements, in one transaction.
pub fn update_judged(
    conn: &mut DbConnection,
    actor: &Actor,
    id: InspectionId,
    expected_version: i32,
    input: &Valid<InspectionInput>,
    judged: &[Judged],
) -> Result<InspectionRow, DbError> {
    super::connection::write_transaction(conn, |c| {
        let row = update(c, actor, id, expected_version, input)?;
        set_judgements(c, actor, id, judged)?;
        Ok(row)
    })
}

/// Makes an inspection's judgements what the form says, area by area: a new
/// grade is added (or an archived one brought back), a changed grade updated,
/// and an area no longer judged archived, each with its own history entry.
/// Areas not named are left as they are. The caller holds the transaction.
fn set_judgements(
    conn: &mut DbConnection,
    actor: &Actor,
    inspection_id: InspectionId,
    judged: &[Judged],
) -> Result<(), DbError> {
    let existing: Vec<JudgementRow> = judgements::table
        .filter(judgements::inspection_id.eq(inspection_id))
        .select(JudgementRow::as_select())
        .load(conn)?;
    for (area, grade) in judged {
        let found = existing.iter().find(|j| j.area == *area);
        let live = found.filter(|j| j.archived_at.is_none());
        match (found, grade) {
            (None, Some(grade)) => {
                let input = JudgementInput { inspection_id, area: area.clone(), grade: *grade };
                let valid = crate::domain::valid::Validate::validate(
                    input,
                    &crate::domain::valid::Context::for_today(actor.at.date()),
                )
                .map_err(DbError::Invalid)?;
                judgement::create(conn, actor, &valid)?;
            }
            (Some(row), Some(grade)) if live.is_none() || row.grade != *grade => {
                write::update(conn, actor, Change::Update, row.id, row.version, judgement::get_any, |c| {
                    Ok(diesel::update(
                        judgements::table.filter(judgements::id.eq(row.id)).filter(judgements::version.eq(row.version)),
                    )
                    .set((
                        judgements::grade.eq(*grade),
                        judgements::archived_at.eq(None::<NaiveDateTime>),
                        judgements::version.eq(row.version + 1),
                        judgements::updated_at.eq(actor.at),
                    ))
                    .execute(c)?)
                })?;
            }
            (Some(row), None) if live.is_some() => {
                judgement::archive(conn, actor, row.id, row.version)?;
            }
            _ => {}
        }
    }
    Ok(())
}
