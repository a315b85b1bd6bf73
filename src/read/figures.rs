//! How a council compares with its statistical neighbours, its region and
//! England on every published indicator: read once per data generation and
//! council, then kept, since the pages, the API, the measure pages and the
//! progress report all ask the same question.

use crate::db::comparison;
use crate::db::figures::{self, AreaRow, IndicatorRow};
use crate::db::published_inspections::PublishedInspectionRow;
use crate::db::{DbConnection, DbError};
use crate::domain::figures::compare::{compare, Comparison, Figure, Observation, Places};
use crate::domain::figures::{Level, Polarity, Unit, ENGLAND};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// A council or region as the newest file names it.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub code: String,
    pub name: String,
    pub ons_code: Option<String>,
    pub region_code: Option<String>,
    pub region_name: Option<String>,
}

impl From<AreaRow> for Place {
    fn from(a: AreaRow) -> Self {
        Place {
            code: a.code,
            name: a.name,
            ons_code: a.ons_code,
            region_code: a.region_code,
            region_name: a.region_name,
        }
    }
}

/// One of the council's statistical neighbours, with its latest inspection.
#[derive(Debug, Clone, PartialEq)]
pub struct NeighbourPlace {
    pub place: Place,
    /// 1 is the nearest.
    pub position: i32,
    /// The model's band: "Extremely close", "Very close", ...
    pub closeness: String,
    pub inspection: Option<PublishedInspectionRow>,
}

/// One indicator compared.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorFigures {
    pub indicator: IndicatorRow,
    pub unit: Unit,
    pub polarity: Polarity,
    pub comparison: Comparison,
}

/// Every indicator compared for one council.
#[derive(Debug, Clone, PartialEq)]
pub struct CouncilFigures {
    pub council: Place,
    /// The statistical-neighbour model's year; none when the model does not
    /// name the council (one reorganised since, such as Cumberland).
    pub model: Option<String>,
    pub neighbours: Vec<NeighbourPlace>,
    pub inspection: Option<PublishedInspectionRow>,
    pub indicators: Vec<IndicatorFigures>,
}

impl CouncilFigures {
    /// The indicator with this id.
    pub fn indicator(&self, id: i64) -> Option<&IndicatorFigures> {
        self.indicators.iter().find(|i| i.indicator.id == id)
    }

    /// The indicator with this code (a measure links to one by code).
    pub fn by_code(&self, code: &str) -> Option<&IndicatorFigures> {
        self.indicators.iter().find(|i| i.indicator.code == code)
    }
}

/// Which council a page or the API shows, and why that one.
#[derive(Debug, Clone, PartialEq)]
pub enum Chosen {
    /// The council details give no local authority number and none was asked for.
    NotSet,
    /// The number names no council in the published files; `asked` when it
    /// came from the address rather than council details.
    Unknown { code: String, asked: bool },
    /// A council's comparison; `own` when it is the number in council details.
    Council { figures: Arc<CouncilFigures>, own: bool },
}

/// Every council the files name, by name, to choose one to compare.
pub fn councils(conn: &mut DbConnection) -> Result<Vec<Place>, DbError> {
    Ok(comparison::councils(conn)?.into_iter().map(Place::from).collect())
}

/// The council with this DfE number compared on every indicator; none when
/// the files name no council with that number.
pub fn load(conn: &mut DbConnection, la_code: &str) -> Result<Option<CouncilFigures>, DbError> {
    let Some(council) = comparison::council(conn, la_code)? else { return Ok(None) };
    let council = Place::from(council);
    let model = figures::neighbours_of(conn, la_code)?;
    let neighbour_codes: Vec<String> = model.iter().map(|n| n.neighbour_code.clone()).collect();
    let mut codes: Vec<&str> = neighbour_codes.iter().map(String::as_str).collect();
    codes.push(la_code);
    codes.push(ENGLAND);
    codes.extend(council.region_code.as_deref());
    let named: HashMap<String, Place> =
        comparison::areas(conn, &codes)?.into_iter().map(|a| (a.code.clone(), Place::from(a))).collect();
    let ons_codes: Vec<&str> = named.values().filter_map(|p| p.ons_code.as_deref()).collect();
    let inspections: HashMap<String, PublishedInspectionRow> =
        comparison::latest_inspections(conn, &ons_codes)?.into_iter().map(|i| (i.ons_code.clone(), i)).collect();
    let inspection_of = |place: &Place| place.ons_code.as_ref().and_then(|ons| inspections.get(ons)).cloned();
    let neighbours = model
        .iter()
        .map(|n| {
            // A neighbour no file names (reorganised since the model) keeps the model's own name for it.
            let place = named.get(&n.neighbour_code).cloned().unwrap_or_else(|| Place {
                code: n.neighbour_code.clone(),
                name: format!("Council {} (no published figures)", n.neighbour_code),
                ons_code: None,
                region_code: None,
                region_name: None,
            });
            NeighbourPlace {
                inspection: inspection_of(&place),
                place,
                position: n.position,
                closeness: n.closeness.clone(),
            }
        })
        .collect();
    let mut values: HashMap<i64, Vec<Observation>> = HashMap::new();
    for v in comparison::values_of_areas(conn, &codes)? {
        let Some(level) = Level::from_stored(&v.level) else { continue };
        let figure = match (v.value, v.suppressed) {
            (Some(value), _) => Figure::Published(value),
            (None, Some(code)) => Figure::NotPublished(code),
            (None, None) => Figure::Absent,
        };
        values.entry(v.indicator_id).or_default().push(Observation {
            time_period: v.time_period,
            level,
            area_code: v.area_code,
            figure,
        });
    }
    let places = Places {
        council: la_code,
        neighbours: &neighbour_codes,
        region: council.region_code.as_deref(),
        england: ENGLAND,
    };
    let indicators = figures::indicators(conn)?
        .into_iter()
        .map(|indicator| {
            let (unit, polarity) = (Unit::from_stored(&indicator.unit), Polarity::from_stored(&indicator.polarity));
            let observations = values.remove(&indicator.id).unwrap_or_default();
            let comparison = compare(polarity, unit, &places, &observations);
            IndicatorFigures { indicator, unit, polarity, comparison }
        })
        .collect();
    Ok(Some(CouncilFigures {
        inspection: inspection_of(&council),
        model: model.first().map(|n| n.model.clone()),
        council,
        neighbours,
        indicators,
    }))
}

/// How many councils' comparisons are kept: a council's own, and a few a lead
/// member looked at beside it.
const KEPT: usize = 8;

type Kept = (i64, String, Option<Arc<CouncilFigures>>);

/// Comparisons kept per data generation: every write (a load of figures
/// included) makes a newer generation, and the older ones are dropped.
#[derive(Debug, Default)]
pub struct FiguresCache {
    kept: Mutex<Vec<Kept>>,
    councils: Mutex<Option<(i64, Arc<Vec<Place>>)>>,
}

impl FiguresCache {
    /// Every council with published figures, kept as the comparisons are.
    pub fn councils(&self, conn: &mut DbConnection, generation: i64) -> Result<Arc<Vec<Place>>, DbError> {
        let mut kept = self.councils.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        match &*kept {
            Some((g, councils)) if *g >= generation => Ok(councils.clone()),
            _ => {
                let councils = Arc::new(councils(conn)?);
                *kept = Some((generation, councils.clone()));
                Ok(councils)
            }
        }
    }

    /// The councils kept at the generation or a later one.
    pub fn kept_councils(&self, generation: i64) -> Option<Arc<Vec<Place>>> {
        let kept = self.councils.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        kept.as_ref().filter(|(g, _)| *g >= generation).map(|(_, c)| c.clone())
    }

    /// The comparison kept for this council at the generation or a later one.
    pub fn get(&self, generation: i64, la_code: &str) -> Option<Option<Arc<CouncilFigures>>> {
        let kept = self.kept.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        kept.iter().find(|(g, code, _)| *g >= generation && code == la_code).map(|(_, _, figures)| figures.clone())
    }

    /// The comparison kept, else read and kept.
    pub fn get_or_load(
        &self,
        conn: &mut DbConnection,
        generation: i64,
        la_code: &str,
    ) -> Result<Option<Arc<CouncilFigures>>, DbError> {
        if let Some(found) = self.get(generation, la_code) {
            return Ok(found);
        }
        let figures = load(conn, la_code)?.map(Arc::new);
        let mut kept = self.kept.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        kept.retain(|(g, code, _)| *g >= generation && code != la_code);
        if kept.len() >= KEPT {
            kept.remove(0);
        }
        kept.push((generation, la_code.to_string(), figures.clone()));
        Ok(figures)
    }
}
