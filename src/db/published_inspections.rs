//! Ofsted's published inspection outcomes of every council: replaced whole by
//! each load (a new edition lists every inspection again), in one transaction
//! with one entry in change history; read as each council's latest inspection
//! or all of one council's, latest first.

use super::connection::write_transaction;
use super::history::{record, Actor};
use super::schema::published_inspections;
use super::{DbConnection, DbError};
use crate::domain::figures::inspections::PublishedInspection;
use crate::domain::history::{Change, Entity};
use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Serialize;
use serde_json::json;

/// The id change history files every load under: the outcomes are one set.
const SET_ID: i64 = 1;

/// One stored inspection; judgements in Ofsted's words.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Serialize)]
#[diesel(table_name = published_inspections)]
pub struct PublishedInspectionRow {
    pub id: i64,
    pub ons_code: String,
    pub la_name: String,
    pub inspection_type: String,
    pub start_date: Option<NaiveDate>,
    pub published_date: Option<NaiveDate>,
    pub overall: String,
    pub help_and_protection: Option<String>,
    pub in_care: Option<String>,
    pub care_leavers: Option<String>,
    pub leadership: Option<String>,
}

/// Replaces every stored inspection with these, read from `file_name`, and
/// records the load (file, how many before and after) in change history.
pub fn replace_all(
    conn: &mut DbConnection,
    actor: &Actor,
    file_name: &str,
    inspections: &[PublishedInspection],
) -> Result<usize, DbError> {
    write_transaction(conn, |c| {
        let before = diesel::delete(published_inspections::table).execute(c)?;
        // Written field by field from the domain record: judgements in Ofsted's words.
        use published_inspections as stored;
        for i in inspections {
            diesel::insert_into(stored::table)
                .values((
                    stored::ons_code.eq(&i.ons_code),
                    stored::la_name.eq(&i.la_name),
                    stored::inspection_type.eq(&i.inspection_type),
                    stored::start_date.eq(i.start_date),
                    stored::published_date.eq(i.published_date),
                    stored::overall.eq(i.overall.label()),
                    stored::help_and_protection.eq(i.help_and_protection.map(|g| g.label())),
                    stored::in_care.eq(i.in_care.map(|g| g.label())),
                    stored::care_leavers.eq(i.care_leavers.map(|g| g.label())),
                    stored::leadership.eq(i.leadership.map(|g| g.label())),
                ))
                .execute(c)?;
        }
        let councils = inspections.iter().map(|i| i.ons_code.as_str()).collect::<std::collections::BTreeSet<_>>();
        record(
            c,
            actor,
            Entity::PublishedInspections,
            SET_ID,
            Change::Import,
            Some(json!({ "inspections": before })),
            Some(json!({ "file_name": file_name, "inspections": inspections.len(), "councils": councils.len() })),
        )?;
        Ok(inspections.len())
    })
}

/// How many inspections are stored.
pub fn count(conn: &mut DbConnection) -> Result<i64, DbError> {
    Ok(published_inspections::table.count().get_result(conn)?)
}

/// Latest first: by start date (an undated one last), then publication date,
/// then the later row. Sorted here, not in SQL, because the backends order
/// NULLs differently.
pub(super) fn latest_first(rows: &mut [PublishedInspectionRow]) {
    rows.sort_by(|a, b| {
        a.ons_code
            .cmp(&b.ons_code)
            .then_with(|| (b.start_date, b.published_date, b.id).cmp(&(a.start_date, a.published_date, a.id)))
    });
}

/// Every inspection of the council with this ONS code, latest first.
pub fn of_council(conn: &mut DbConnection, ons_code: &str) -> Result<Vec<PublishedInspectionRow>, DbError> {
    let mut rows = published_inspections::table
        .filter(published_inspections::ons_code.eq(ons_code))
        .select(PublishedInspectionRow::as_select())
        .load(conn)?;
    latest_first(&mut rows);
    Ok(rows)
}

/// The latest inspection of the council with this ONS code, if it was inspected.
pub fn latest(conn: &mut DbConnection, ons_code: &str) -> Result<Option<PublishedInspectionRow>, DbError> {
    Ok(of_council(conn, ons_code)?.into_iter().next())
}

/// Each council's latest inspection, by ONS code.
pub fn latest_each(conn: &mut DbConnection) -> Result<Vec<PublishedInspectionRow>, DbError> {
    let mut rows = published_inspections::table.select(PublishedInspectionRow::as_select()).load(conn)?;
    latest_first(&mut rows);
    rows.dedup_by(|later, first| later.ons_code == first.ons_code);
    Ok(rows)
}
