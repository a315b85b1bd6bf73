//! Reports issued: each PDF, Word or command-line copy of a progress report
//! or evidence pack is recorded with its dates, the data generation it was
//! read at and the SHA-256 of its bytes, and in change history. They are not
//! plan data, so the data generation is left alone.

use super::connection::security_transaction;
use super::history::{record, Actor};
use super::schema::reports;
use super::{DbConnection, DbError};
use crate::domain::history::{Change, Entity};
use crate::domain::kinds::{ReportForm, ReportFormat, ReportKind};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

/// One issued report.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = reports)]
pub struct ReportRow {
    pub id: i64,
    pub kind: ReportKind,
    pub format: ReportFormat,
    pub as_at: NaiveDate,
    pub since: Option<NaiveDate>,
    pub inspection_id: Option<i64>,
    pub generation: i64,
    pub sha256: String,
    pub issued_by: Option<i64>,
    pub created_at: NaiveDateTime,
    /// The whole progress report or its one-page summary (a pack is whole).
    pub form: ReportForm,
    /// The commentary printed in a progress report, as JSON
    /// (`domain::commentary::Commentary`), so it is made again the same.
    pub commentary: Option<String>,
}

/// What is recorded when a report is issued.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = reports)]
pub struct NewReport {
    pub kind: ReportKind,
    pub format: ReportFormat,
    pub as_at: NaiveDate,
    pub since: Option<NaiveDate>,
    pub inspection_id: Option<i64>,
    pub generation: i64,
    pub sha256: String,
    pub form: ReportForm,
    pub commentary: Option<String>,
}

/// What a progress report was made of besides the plan: its dates, its form
/// and the commentary printed in it (as JSON).
#[derive(Debug, Clone)]
pub struct ProgressIssue {
    pub format: ReportFormat,
    pub form: ReportForm,
    pub as_at: NaiveDate,
    pub since: NaiveDate,
    pub commentary: String,
}

impl NewReport {
    /// A progress report on the plan from `since` to `as_at`, made at `generation`.
    pub fn progress(issue: ProgressIssue, generation: i64, sha256: String) -> Self {
        NewReport {
            kind: ReportKind::Progress,
            format: issue.format,
            as_at: issue.as_at,
            since: Some(issue.since),
            inspection_id: None,
            generation,
            sha256,
            form: issue.form,
            commentary: Some(issue.commentary),
        }
    }
}

/// Records an issued report and its issue in change history.
pub fn issue(conn: &mut DbConnection, actor: &Actor, new: NewReport) -> Result<ReportRow, DbError> {
    security_transaction(conn, |c| {
        let row: ReportRow = diesel::insert_into(reports::table)
            .values((&new, reports::issued_by.eq(actor.user_id.map(|u| u.0)), reports::created_at.eq(actor.at)))
            .returning(reports::all_columns)
            .get_result(c)?;
        let after = serde_json::to_value(&row)
            .map_err(|e| DbError::Database(diesel::result::Error::SerializationError(Box::new(e))))?;
        record(c, actor, Entity::Report, row.id, Change::Issue, None, Some(after))?;
        Ok(row)
    })
}

/// The "as at" date of the latest progress report issued for a date before
/// `before`, among those issued by `issued_by` (none: every one issued).
pub fn last_progress_date(
    conn: &mut DbConnection,
    before: NaiveDate,
    issued_by: Option<NaiveDateTime>,
) -> Result<Option<NaiveDate>, DbError> {
    let mut query = reports::table.into_boxed();
    if let Some(moment) = issued_by {
        query = query.filter(reports::created_at.le(moment));
    }
    Ok(query
        .filter(reports::kind.eq(ReportKind::Progress))
        .filter(reports::as_at.lt(before))
        .select(diesel::dsl::max(reports::as_at))
        .get_result::<Option<NaiveDate>>(conn)?)
}

/// One issued report.
pub fn get(conn: &mut DbConnection, id: i64) -> Result<ReportRow, DbError> {
    reports::table
        .find(id)
        .select(ReportRow::as_select())
        .get_result(conn)
        .optional()?
        .ok_or(DbError::NotFound { entity: Entity::Report, id })
}

/// Issued reports, newest first.
pub fn latest(conn: &mut DbConnection, limit: i64) -> Result<Vec<ReportRow>, DbError> {
    Ok(reports::table.order(reports::id.desc()).limit(limit).select(ReportRow::as_select()).load(conn)?)
}
