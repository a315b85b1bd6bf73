//! The reads a comparison needs: a council and its neighbours as the files
//! name them, every value of those areas, and the neighbours' latest
//! inspections. Each is one query, whatever the number of indicators.

use super::figures::{AreaRow, ValueRow};
use super::published_inspections::PublishedInspectionRow;
use super::schema::{published_areas, published_inspections, published_values};
use super::{DbConnection, DbError};
use crate::domain::figures::Level;
use diesel::prelude::*;

/// The council with this DfE number, as the newest file names it.
pub fn council(conn: &mut DbConnection, la_code: &str) -> Result<Option<AreaRow>, DbError> {
    Ok(published_areas::table
        .filter(published_areas::code.eq(la_code))
        .filter(published_areas::level.eq(Level::LocalAuthority.as_str()))
        .select(AreaRow::as_select())
        .get_result(conn)
        .optional()?)
}

/// Every council the files name, by name: the councils a comparison can be made for.
pub fn councils(conn: &mut DbConnection) -> Result<Vec<AreaRow>, DbError> {
    Ok(published_areas::table
        .filter(published_areas::level.eq(Level::LocalAuthority.as_str()))
        .order((published_areas::name, published_areas::code))
        .select(AreaRow::as_select())
        .load(conn)?)
}

/// These areas, any level.
pub fn areas(conn: &mut DbConnection, codes: &[&str]) -> Result<Vec<AreaRow>, DbError> {
    Ok(published_areas::table.filter(published_areas::code.eq_any(codes)).select(AreaRow::as_select()).load(conn)?)
}

/// Every value of every indicator for these areas, by indicator and year.
pub fn values_of_areas(conn: &mut DbConnection, codes: &[&str]) -> Result<Vec<ValueRow>, DbError> {
    Ok(published_values::table
        .filter(published_values::area_code.eq_any(codes))
        .order((published_values::indicator_id, published_values::time_period))
        .select(ValueRow::as_select())
        .load(conn)?)
}

/// The latest inspection of each council with these ONS codes that was inspected.
pub fn latest_inspections(conn: &mut DbConnection, ons_codes: &[&str]) -> Result<Vec<PublishedInspectionRow>, DbError> {
    let mut rows = published_inspections::table
        .filter(published_inspections::ons_code.eq_any(ons_codes))
        .select(PublishedInspectionRow::as_select())
        .load(conn)?;
    super::published_inspections::latest_first(&mut rows);
    rows.dedup_by(|later, first| later.ons_code == first.ons_code);
    Ok(rows)
}
