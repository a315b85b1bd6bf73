//! Published figures: loading the DfE's files (all of a command's or an
//! upload's files in one transaction, or none) and reading them back.

use super::connection::write_transaction;
use super::history::record;
use super::published_inspections;
use super::schema::{published_areas, published_indicators, published_values, statistical_neighbours};
use super::{Actor, DbConnection, DbError};
use crate::domain::figures::inspections::PublishedInspection;
use crate::domain::figures::lait::Dictionary;
use crate::domain::figures::neighbours::{Model, Neighbour};
use crate::domain::figures::tidy::{Area, Series, Statistics};
use crate::domain::figures::{self, catalogue, shipped, FigureError, FigureFile, Polarity};
use crate::domain::history::{Change, Entity};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;
use serde_json::json;
use std::collections::{HashMap, HashSet};

/// An indicator as stored.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Serialize)]
#[diesel(table_name = published_indicators)]
pub struct IndicatorRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub publication: String,
    pub source_file: String,
    pub column_name: String,
    pub unit: String,
    pub polarity: String,
    pub lait_code: Option<String>,
    pub loaded_at: NaiveDateTime,
}

/// One value as stored: `value` is none when not published, with the code in `suppressed`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Serialize)]
#[diesel(table_name = published_values, treat_none_as_default_value = false)]
pub struct ValueRow {
    pub indicator_id: i64,
    pub time_period: String,
    pub level: String,
    pub area_code: String,
    pub value: Option<f64>,
    pub suppressed: Option<String>,
    pub release: String,
}

/// England, a region or a council as stored. As a changeset it sets every
/// field but the code, an absent one to null.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = published_areas, primary_key(code), treat_none_as_default_value = false, treat_none_as_null = true)]
pub struct AreaRow {
    pub code: String,
    pub level: String,
    pub name: String,
    pub ons_code: Option<String>,
    pub region_code: Option<String>,
    pub region_name: Option<String>,
    pub named_in: String,
}

/// One neighbour of a council in the statistical-neighbour model.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, Serialize)]
#[diesel(table_name = statistical_neighbours)]
pub struct NeighbourRow {
    pub la_code: String,
    pub position: i32,
    pub neighbour_code: String,
    pub closeness: String,
    pub la_name: String,
    pub region_name: String,
    pub model: String,
}

impl From<&Area> for AreaRow {
    fn from(area: &Area) -> Self {
        AreaRow {
            code: area.code.clone(),
            level: area.level.as_str().to_string(),
            name: area.name.clone(),
            ons_code: area.ons_code.clone(),
            region_code: area.region_code.clone(),
            region_name: area.region_name.clone(),
            named_in: area.named_in.clone(),
        }
    }
}

impl NeighbourRow {
    /// A neighbour as stored, under the model it was read from.
    pub fn in_model(model: &str, n: &Neighbour) -> Self {
        NeighbourRow {
            la_code: n.la_code.clone(),
            position: n.position,
            neighbour_code: n.neighbour_code.clone(),
            closeness: n.closeness.clone(),
            la_name: n.la_name.clone(),
            region_name: n.region_name.clone(),
            model: model.to_string(),
        }
    }
}

/// Why a load wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A file could not be read (named, with its column and row).
    #[error("{0}; nothing was loaded")]
    File(FigureError),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for LoadError {
    fn from(err: diesel::result::Error) -> Self {
        LoadError::Db(DbError::Database(err))
    }
}

/// What one indicator of a file put in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorLoaded {
    pub code: String,
    pub name: String,
    pub column: String,
    pub first_year: String,
    pub last_year: String,
    /// Values written (published or not).
    pub rows: usize,
    pub not_published: usize,
    /// Values left as they were because a newer release had written them.
    pub kept_newer: usize,
}

/// What one file put in.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Loaded {
    Statistics {
        file: String,
        release: String,
        areas: usize,
        indicators: Vec<IndicatorLoaded>,
    },
    /// `kept_newer`: a newer model was already loaded, so this one was not.
    Neighbours {
        file: String,
        model: String,
        councils: usize,
        kept_newer: bool,
    },
    /// `polarities_set`: how many of Sustain's indicators the dictionary gives the polarity of.
    Dictionary {
        file: String,
        measures: usize,
        polarities_set: usize,
    },
}

/// Rows to a statement: 7 columns x 500 rows stays far below both backends'
/// bound-value limits, and one statement per row made a load several times slower.
const ROWS_PER_STATEMENT: usize = 500;

macro_rules! insert_batches {
    ($conn:expr, $table:expr, $rows:expr) => {
        for rows in $rows.chunks(ROWS_PER_STATEMENT) {
            match $conn {
                DbConnection::Postgres(pg) => diesel::insert_into($table).values(rows).execute(pg)?,
                DbConnection::Sqlite(sqlite) => diesel::insert_into($table).values(rows).execute(sqlite)?,
            };
        }
    };
}

/// Reads every file, then writes them all in one transaction with an entry
/// of change history per file. A file that cannot be read writes nothing.
pub fn load_files(conn: &mut DbConnection, actor: &Actor, files: &[(&str, &[u8])]) -> Result<Vec<Loaded>, LoadError> {
    let read = read_all(files)?;
    write_transaction(conn, |c| write_all(c, actor, &read))
}

/// Ofsted's inspection outcomes, read from the file named.
pub type Outcomes<'a> = (&'a str, &'a [PublishedInspection]);

/// As `load_files`, and Ofsted's outcomes in place of those stored, all in
/// one transaction: what an upload of several files does, all or nothing.
/// Returns what each file put in, and how many inspections were stored.
pub fn load_files_and_outcomes(
    conn: &mut DbConnection,
    actor: &Actor,
    files: &[(&str, &[u8])],
    outcomes: Option<Outcomes>,
) -> Result<(Vec<Loaded>, Option<usize>), LoadError> {
    let read = read_all(files)?;
    write_transaction(conn, |c| {
        let loaded = write_all(c, actor, &read)?;
        let stored = match outcomes {
            Some((file, inspections)) => Some(published_inspections::replace_all(c, actor, file, inspections)?),
            None => None,
        };
        Ok((loaded, stored))
    })
}

fn read_all(files: &[(&str, &[u8])]) -> Result<Vec<FigureFile>, LoadError> {
    files.iter().map(|(name, bytes)| figures::read(name, bytes)).collect::<Result<_, _>>().map_err(LoadError::File)
}

fn write_all(c: &mut DbConnection, actor: &Actor, read: &[FigureFile]) -> Result<Vec<Loaded>, LoadError> {
    // The dictionary goes first, so that indicators created by the same load take its polarities.
    let dictionary = read.iter().rev().find_map(|f| match f {
        FigureFile::Dictionary(d) => Some(d),
        _ => None,
    });
    let mut loaded = Vec::new();
    if let Some(d) = dictionary {
        loaded.push(write_dictionary(c, actor, d)?);
    }
    for file in read {
        match file {
            FigureFile::Statistics(s) => loaded.push(write_statistics(c, actor, s, dictionary)?),
            FigureFile::Neighbours(m) => loaded.push(write_model(c, actor, m)?),
            FigureFile::Dictionary(_) => {}
        }
    }
    Ok(loaded)
}

/// Loads the files that ship in the program: what a first start and the demo do.
pub fn load_shipped(conn: &mut DbConnection, actor: &Actor) -> Result<Vec<Loaded>, DbError> {
    load_files(conn, actor, shipped::FILES).map_err(|e| match e {
        LoadError::Db(db) => db,
        // The shipped files are read by a unit test; this is a build gone wrong.
        LoadError::File(f) => DbError::internal(&f.to_string()),
    })
}

/// Whether no published figures are stored.
pub fn is_empty(conn: &mut DbConnection) -> Result<bool, DbError> {
    Ok(published_indicators::table.count().get_result::<i64>(conn)? == 0)
}

/// Loads the shipped files into an instance that holds no published figures;
/// none when it held some already.
pub fn ensure_shipped(conn: &mut DbConnection, actor: &Actor) -> Result<Option<Vec<Loaded>>, DbError> {
    if !is_empty(conn)? {
        return Ok(None);
    }
    load_shipped(conn, actor).map(Some)
}

fn history(c: &mut DbConnection, actor: &Actor, after: serde_json::Value) -> Result<(), DbError> {
    record(c, actor, Entity::PublishedFigures, 0, Change::Import, None, Some(after))
}

fn write_dictionary(c: &mut DbConnection, actor: &Actor, d: &Dictionary) -> Result<Loaded, DbError> {
    let mut set = 0;
    for indicator in catalogue::INDICATORS {
        if let Some(polarity) = d.polarity_of(indicator) {
            set += 1;
            diesel::update(published_indicators::table.filter(published_indicators::code.eq(indicator.code)))
                .set(published_indicators::polarity.eq(polarity.as_str()))
                .execute(c)?;
        }
    }
    history(c, actor, json!({"file": d.file, "measures": d.measures.len()}))?;
    Ok(Loaded::Dictionary { file: d.file.clone(), measures: d.measures.len(), polarities_set: set })
}

fn write_model(c: &mut DbConnection, actor: &Actor, m: &Model) -> Result<Loaded, DbError> {
    let newest: Option<String> =
        statistical_neighbours::table.select(diesel::dsl::max(statistical_neighbours::model)).get_result(c)?;
    let kept_newer = newest.is_some_and(|n| n > m.model);
    if !kept_newer {
        diesel::delete(statistical_neighbours::table).execute(c)?;
        let rows: Vec<NeighbourRow> = m.neighbours.iter().map(|n| NeighbourRow::in_model(&m.model, n)).collect();
        insert_batches!(c, statistical_neighbours::table, rows);
    }
    history(c, actor, json!({"file": m.file, "model": m.model, "councils": m.councils(), "kept_newer": kept_newer}))?;
    Ok(Loaded::Neighbours { file: m.file.clone(), model: m.model.clone(), councils: m.councils(), kept_newer })
}

fn write_statistics(
    c: &mut DbConnection,
    actor: &Actor,
    s: &Statistics,
    dictionary: Option<&Dictionary>,
) -> Result<Loaded, DbError> {
    write_areas(c, &s.areas)?;
    let mut indicators = Vec::new();
    for series in &s.series {
        let id = upsert_indicator(c, actor, s, series, dictionary)?;
        indicators.push(write_series(c, id, &s.release, series)?);
    }
    let codes: Vec<&str> = indicators.iter().map(|i| i.code.as_str()).collect();
    let values: usize = indicators.iter().map(|i| i.rows).sum();
    let summary = json!({
        "file": s.file, "release": s.release, "areas": s.areas.len(), "indicators": codes.join(", "), "values": values,
    });
    history(c, actor, summary)?;
    Ok(Loaded::Statistics { file: s.file.clone(), release: s.release.clone(), areas: s.areas.len(), indicators })
}

/// New areas are added; a known one takes the names of a year as new as its own or newer.
fn write_areas(c: &mut DbConnection, areas: &[Area]) -> Result<(), DbError> {
    let known: HashMap<String, AreaRow> =
        published_areas::table.select(AreaRow::as_select()).load(c)?.into_iter().map(|a| (a.code.clone(), a)).collect();
    let mut new = Vec::new();
    for area in areas {
        let row = AreaRow::from(area);
        match known.get(&area.code) {
            None => new.push(row),
            Some(old) if *old != row && row.named_in >= old.named_in => {
                diesel::update(published_areas::table.find(&row.code)).set(&row).execute(c)?;
            }
            Some(_) => {}
        }
    }
    insert_batches!(c, published_areas::table, new);
    Ok(())
}

/// The indicator's id, its row written or brought up to date with the file it was last loaded from.
fn upsert_indicator(
    c: &mut DbConnection,
    actor: &Actor,
    s: &Statistics,
    series: &Series,
    dictionary: Option<&Dictionary>,
) -> Result<i64, DbError> {
    let indicator = series.indicator;
    let from_dictionary = dictionary.and_then(|d| d.polarity_of(indicator));
    let existing: Option<(i64, String)> = published_indicators::table
        .filter(published_indicators::code.eq(indicator.code))
        .select((published_indicators::id, published_indicators::polarity))
        .get_result(c)
        .optional()?;
    let fields = (
        published_indicators::name.eq(indicator.name),
        published_indicators::publication.eq(s.publication),
        published_indicators::source_file.eq(&s.file),
        published_indicators::column_name.eq(&series.column),
        published_indicators::unit.eq(indicator.unit.as_str()),
        published_indicators::lait_code.eq(indicator.lait.as_ref().map(|l| l.code)),
        published_indicators::loaded_at.eq(actor.at),
    );
    match existing {
        Some((id, stored)) => {
            // A polarity an earlier dictionary set stays unless this load brings one.
            let polarity = from_dictionary.map_or(stored, |p| p.as_str().to_string());
            diesel::update(published_indicators::table.find(id))
                .set((fields, published_indicators::polarity.eq(polarity)))
                .execute(c)?;
            Ok(id)
        }
        None => {
            let polarity: Polarity = from_dictionary.unwrap_or(indicator.polarity);
            Ok(diesel::insert_into(published_indicators::table)
                .values((
                    published_indicators::code.eq(indicator.code),
                    fields,
                    published_indicators::polarity.eq(polarity.as_str()),
                ))
                .returning(published_indicators::id)
                .get_result(c)?)
        }
    }
}

/// Writes a series' values: each replaces the stored value of its year and
/// area when it comes from a release as new or newer, and is left out otherwise.
fn write_series(c: &mut DbConnection, id: i64, release: &str, series: &Series) -> Result<IndicatorLoaded, DbError> {
    let mut periods: Vec<&str> = series.values.iter().map(|v| v.time_period.as_str()).collect();
    periods.sort_unstable();
    periods.dedup();
    let of_these = published_values::indicator_id.eq(id).and(published_values::time_period.eq_any(&periods));
    diesel::delete(published_values::table.filter(of_these.clone()).filter(published_values::release.le(release)))
        .execute(c)?;
    let newer: HashSet<(String, String, String)> = published_values::table
        .filter(of_these)
        .select((published_values::time_period, published_values::level, published_values::area_code))
        .load(c)?
        .into_iter()
        .collect();
    let rows: Vec<ValueRow> = series
        .values
        .iter()
        .map(|v| ValueRow {
            indicator_id: id,
            time_period: v.time_period.clone(),
            level: v.level.as_str().to_string(),
            area_code: v.area_code.clone(),
            value: v.value,
            suppressed: v.suppressed.map(|s| s.code().to_string()),
            release: release.to_string(),
        })
        .filter(|r| !newer.contains(&(r.time_period.clone(), r.level.clone(), r.area_code.clone())))
        .collect();
    insert_batches!(c, published_values::table, rows);
    Ok(IndicatorLoaded {
        code: series.indicator.code.to_string(),
        name: series.indicator.name.to_string(),
        column: series.column.clone(),
        first_year: periods.first().map(|p| p.to_string()).unwrap_or_default(),
        last_year: periods.last().map(|p| p.to_string()).unwrap_or_default(),
        rows: rows.len(),
        not_published: rows.iter().filter(|r| r.suppressed.is_some()).count(),
        kept_newer: series.values.len() - rows.len(),
    })
}

/// Every indicator, by code.
pub fn indicators(conn: &mut DbConnection) -> Result<Vec<IndicatorRow>, DbError> {
    Ok(published_indicators::table.order(published_indicators::code).select(IndicatorRow::as_select()).load(conn)?)
}

/// The indicator with this code.
pub fn indicator_by_code(conn: &mut DbConnection, code: &str) -> Result<Option<IndicatorRow>, DbError> {
    Ok(published_indicators::table
        .filter(published_indicators::code.eq(code))
        .select(IndicatorRow::as_select())
        .get_result(conn)
        .optional()?)
}

/// Every value of an indicator, by year, level and area.
pub fn values_of(conn: &mut DbConnection, indicator_id: i64) -> Result<Vec<ValueRow>, DbError> {
    Ok(published_values::table
        .filter(published_values::indicator_id.eq(indicator_id))
        .order((published_values::time_period, published_values::level, published_values::area_code))
        .select(ValueRow::as_select())
        .load(conn)?)
}

/// One value: an indicator's in a year for an area of a level.
pub fn value(
    conn: &mut DbConnection,
    indicator_id: i64,
    time_period: &str,
    level: figures::Level,
    area_code: &str,
) -> Result<Option<ValueRow>, DbError> {
    Ok(published_values::table
        .find((indicator_id, time_period, level.as_str(), area_code))
        .select(ValueRow::as_select())
        .get_result(conn)
        .optional()?)
}

/// Every area, by code.
pub fn areas(conn: &mut DbConnection) -> Result<Vec<AreaRow>, DbError> {
    Ok(published_areas::table.order(published_areas::code).select(AreaRow::as_select()).load(conn)?)
}

/// A council's neighbours, nearest first (none when the model does not name it).
pub fn neighbours_of(conn: &mut DbConnection, la_code: &str) -> Result<Vec<NeighbourRow>, DbError> {
    Ok(statistical_neighbours::table
        .filter(statistical_neighbours::la_code.eq(la_code))
        .order(statistical_neighbours::position)
        .select(NeighbourRow::as_select())
        .load(conn)?)
}

/// How many values are stored, of every indicator.
pub fn value_count(conn: &mut DbConnection) -> Result<i64, DbError> {
    Ok(published_values::table.count().get_result(conn)?)
}

/// An indicator with the years of its stored values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorHeld {
    pub indicator: IndicatorRow,
    /// The oldest and newest year held; none when no value is stored.
    pub years: Option<(String, String)>,
    pub values: i64,
}

/// Every indicator, by code, with the years of its values.
pub fn held(conn: &mut DbConnection) -> Result<Vec<IndicatorHeld>, DbError> {
    use diesel::dsl::{count_star, max, min};
    let spans: HashMap<i64, (Option<String>, Option<String>, i64)> = published_values::table
        .group_by(published_values::indicator_id)
        .select((
            published_values::indicator_id,
            min(published_values::time_period),
            max(published_values::time_period),
            count_star(),
        ))
        .load::<(i64, Option<String>, Option<String>, i64)>(conn)?
        .into_iter()
        .map(|(id, first, last, n)| (id, (first, last, n)))
        .collect();
    Ok(indicators(conn)?
        .into_iter()
        .map(|indicator| {
            let (first, last, values) = spans.get(&indicator.id).cloned().unwrap_or_default();
            IndicatorHeld { years: first.zip(last), values, indicator }
        })
        .collect())
}

/// The year of the statistical-neighbour model stored, if one is.
pub fn neighbour_model(conn: &mut DbConnection) -> Result<Option<String>, DbError> {
    Ok(statistical_neighbours::table.select(diesel::dsl::max(statistical_neighbours::model)).get_result(conn)?)
}
