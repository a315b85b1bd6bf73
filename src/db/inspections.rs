//! Inspections (any visit or review) and the judgements they give.

use super::schema::{inspections, judgements};
use super::write::{self, archivable, Stored};
use super::{Actor, Archived, DbConnection, DbError};
use crate::domain::kinds::{Grade, InspectionKind};
use crate::domain::plan::{InspectionInput, JudgementInput};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

/// A stored inspection.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Serialize, Deserialize)]
#[diesel(table_name = inspections)]
pub struct InspectionRow {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub inspectorate: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub published_on: Option<NaiveDate>,
    pub overall_judgement: Option<String>,
    pub report_url: Option<String>,
    pub draft_plan_due: Option<NaiveDate>,
    pub final_plan_due: Option<NaiveDate>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i32,
    pub archived_at: Option<NaiveDateTime>,
}

impl Stored for InspectionRow {
    const ENTITY: &'static str = "inspection";
    fn id(&self) -> i64 {
        self.id
    }
    fn version(&self) -> i32 {
        self.version
    }
}

impl InspectionRow {
    /// The kind of visit; the column's check constraint keeps it one of the names.
    pub fn kind(&self) -> InspectionKind {
        self.kind.parse().unwrap_or(InspectionKind::Other)
    }

    /// The overall grade, where one was given.
    pub fn overall_judgement(&self) -> Option<Grade> {
        self.overall_judgement.as_deref().and_then(|g| g.parse().ok())
    }
}

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = inspections, treat_none_as_null = true)]
struct InspectionValues<'a> {
    kind: &'a str,
    title: &'a str,
    inspectorate: &'a str,
    start_date: NaiveDate,
    end_date: NaiveDate,
    published_on: Option<NaiveDate>,
    overall_judgement: Option<&'a str>,
    report_url: Option<&'a str>,
    draft_plan_due: Option<NaiveDate>,
    final_plan_due: Option<NaiveDate>,
}

impl<'a> From<&'a InspectionInput> for InspectionValues<'a> {
    fn from(input: &'a InspectionInput) -> Self {
        Self {
            kind: input.kind.as_str(),
            title: input.title.trim(),
            inspectorate: input.inspectorate.trim(),
            start_date: input.start_date,
            end_date: input.end_date,
            published_on: input.published_on,
            overall_judgement: input.overall_judgement.map(Grade::as_str),
            report_url: input.report_url.as_deref().map(str::trim).filter(|u| !u.is_empty()),
            draft_plan_due: input.draft_plan_due,
            final_plan_due: input.final_plan_due,
        }
    }
}

/// Adds an inspection.
pub fn create(conn: &mut DbConnection, actor: &Actor, input: &InspectionInput) -> Result<InspectionRow, DbError> {
    input.check().map_err(DbError::Invalid)?;
    write::create(conn, actor, |c| {
        Ok(diesel::insert_into(inspections::table)
            .values((
                InspectionValues::from(input),
                inspections::created_at.eq(actor.at),
                inspections::updated_at.eq(actor.at),
                inspections::version.eq(1),
            ))
            .returning(inspections::all_columns)
            .get_result(c)?)
    })
}

/// Changes an inspection read at `expected_version`.
pub fn update(
    conn: &mut DbConnection,
    actor: &Actor,
    id: i64,
    expected_version: i32,
    input: &InspectionInput,
) -> Result<InspectionRow, DbError> {
    input.check().map_err(DbError::Invalid)?;
    write::update(conn, actor, "update", id, expected_version, get_any, |c| {
        Ok(diesel::update(
            inspections::table.filter(inspections::id.eq(id)).filter(inspections::version.eq(expected_version)),
        )
        .set((
            InspectionValues::from(input),
            inspections::version.eq(expected_version + 1),
            inspections::updated_at.eq(actor.at),
        ))
        .execute(c)?)
    })
}

archivable!(inspections, InspectionRow);

/// Inspections, most recent first.
pub fn list(conn: &mut DbConnection, archived: Archived) -> Result<Vec<InspectionRow>, DbError> {
    let mut query = inspections::table.into_boxed();
    if archived == Archived::Hide {
        query = query.filter(inspections::archived_at.is_null());
    }
    Ok(query
        .order((inspections::start_date.desc(), inspections::id.desc()))
        .select(InspectionRow::as_select())
        .load(conn)?)
}

/// A stored judgement.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Serialize, Deserialize)]
#[diesel(table_name = judgements)]
pub struct JudgementRow {
    pub id: i64,
    pub inspection_id: i64,
    pub area: String,
    pub grade: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i32,
    pub archived_at: Option<NaiveDateTime>,
}

impl Stored for JudgementRow {
    const ENTITY: &'static str = "judgement";
    fn id(&self) -> i64 {
        self.id
    }
    fn version(&self) -> i32 {
        self.version
    }
}

/// Judgements are filed under their own module name in history and lists.
pub mod judgement {
    use super::*;

    fn area_taken(err: diesel::result::Error) -> DbError {
        super::super::unique_as_field(err, "area", "This inspection already has a judgement for that area")
    }

    /// Adds a judgement to an inspection.
    pub fn create(conn: &mut DbConnection, actor: &Actor, input: &JudgementInput) -> Result<JudgementRow, DbError> {
        input.check().map_err(DbError::Invalid)?;
        super::get_any(conn, input.inspection_id)?;
        write::create(conn, actor, |c| {
            diesel::insert_into(judgements::table)
                .values((
                    judgements::inspection_id.eq(input.inspection_id),
                    judgements::area.eq(input.area.trim()),
                    judgements::grade.eq(input.grade.as_str()),
                    judgements::created_at.eq(actor.at),
                    judgements::updated_at.eq(actor.at),
                    judgements::version.eq(1),
                ))
                .returning(judgements::all_columns)
                .get_result(c)
                .map_err(area_taken)
        })
    }

    /// Changes a judgement's area or grade.
    pub fn update(
        conn: &mut DbConnection,
        actor: &Actor,
        id: i64,
        expected_version: i32,
        input: &JudgementInput,
    ) -> Result<JudgementRow, DbError> {
        input.check().map_err(DbError::Invalid)?;
        write::update(conn, actor, "update", id, expected_version, get_any, |c| {
            diesel::update(
                judgements::table.filter(judgements::id.eq(id)).filter(judgements::version.eq(expected_version)),
            )
            .set((
                judgements::area.eq(input.area.trim()),
                judgements::grade.eq(input.grade.as_str()),
                judgements::version.eq(expected_version + 1),
                judgements::updated_at.eq(actor.at),
            ))
            .execute(c)
            .map_err(area_taken)
        })
    }

    archivable!(judgements, JudgementRow);

    /// The live judgements of one inspection.
    pub fn for_inspection(conn: &mut DbConnection, inspection_id: i64) -> Result<Vec<JudgementRow>, DbError> {
        Ok(judgements::table
            .filter(judgements::inspection_id.eq(inspection_id))
            .filter(judgements::archived_at.is_null())
            .order(judgements::id.asc())
            .select(JudgementRow::as_select())
            .load(conn)?)
    }
}
