//! Answers for the published figures: a council beside its statistical
//! neighbours, its region and England, as the "How we compare" pages show it.
//!
//! A figure is a number when published; when not, `value` is null and
//! `not_published` gives the file's code and what it means, so a reader
//! never mistakes a suppressed figure for zero.

use crate::db::figures::IndicatorRow;
use crate::db::published_inspections::PublishedInspectionRow;
use crate::domain::figures::compare::{self, Figure, YearComparison};
use crate::domain::figures::{Suppression, Unit};
use crate::read::figures::{CouncilFigures, IndicatorFigures, NeighbourPlace, Place};
use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

/// A council's latest Ofsted inspection of children's services.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = figures_inspection)]
pub struct Inspection {
    /// The kind of inspection, as Ofsted names it.
    pub inspection_type: String,
    pub start_date: Option<NaiveDate>,
    pub published_date: Option<NaiveDate>,
    /// The overall effectiveness grade.
    pub overall: String,
    pub help_and_protection: Option<String>,
    pub in_care: Option<String>,
    pub care_leavers: Option<String>,
    pub leadership: Option<String>,
}

impl From<&PublishedInspectionRow> for Inspection {
    fn from(row: &PublishedInspectionRow) -> Self {
        Inspection {
            inspection_type: row.inspection_type.clone(),
            start_date: row.start_date,
            published_date: row.published_date,
            overall: row.overall.clone(),
            help_and_protection: row.help_and_protection.clone(),
            in_care: row.in_care.clone(),
            care_leavers: row.care_leavers.clone(),
            leadership: row.leadership.clone(),
        }
    }
}

/// The council compared.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = figures_council)]
pub struct Council {
    /// The DfE's three-digit local authority number.
    pub code: String,
    pub name: String,
    /// Its region's name.
    pub region: Option<String>,
    /// The statistical-neighbour model's year; null when the model does not
    /// name the council (one reorganised since), so it has no neighbours.
    pub model: Option<String>,
    pub inspection: Option<Inspection>,
}

/// One of the council's statistical neighbours, nearest first.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = figures_neighbour)]
pub struct Neighbour {
    /// 1 is the nearest.
    pub position: i32,
    pub code: String,
    pub name: String,
    /// The model's band: "Extremely close", "Very close", ...
    pub closeness: String,
    pub inspection: Option<Inspection>,
}

impl From<&NeighbourPlace> for Neighbour {
    fn from(n: &NeighbourPlace) -> Self {
        Neighbour {
            position: n.position,
            code: n.place.code.clone(),
            name: n.place.name.clone(),
            closeness: n.closeness.clone(),
            inspection: n.inspection.as_ref().map(Inspection::from),
        }
    }
}

/// A council that has published figures, to choose one to compare.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = figures_council_choice)]
pub struct CouncilChoice {
    /// The DfE's three-digit local authority number, for `la`.
    pub code: String,
    pub name: String,
    /// Its region's name.
    pub region: Option<String>,
}

impl From<&Place> for CouncilChoice {
    fn from(p: &Place) -> Self {
        CouncilChoice { code: p.code.clone(), name: p.name.clone(), region: p.region_name.clone() }
    }
}

/// Every council with published figures, by name.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = figures_councils)]
pub struct Councils {
    pub councils: Vec<CouncilChoice>,
}

/// A published indicator: what it counts and where it is read from.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = figures_indicator)]
pub struct Indicator {
    /// For `GET /api/v1/figures/{id}`.
    pub id: i64,
    pub code: String,
    pub name: String,
    /// The DfE publication it comes from.
    pub publication: String,
    /// percent, rate_per_10000 or number.
    pub unit: String,
    /// high (higher is better), low (lower is better) or neither.
    pub polarity: String,
    /// The file it is read from.
    pub source_file: String,
    /// The file's column.
    pub column: String,
}

impl From<&IndicatorRow> for Indicator {
    fn from(row: &IndicatorRow) -> Self {
        Indicator {
            id: row.id,
            code: row.code.clone(),
            name: row.name.clone(),
            publication: row.publication.clone(),
            unit: row.unit.clone(),
            polarity: row.polarity.clone(),
            source_file: row.source_file.clone(),
            column: row.column_name.clone(),
        }
    }
}

/// Why a figure is not published: the file's code and what it means.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = figures_not_published)]
pub struct NotPublished {
    /// As the file writes it: c, k, low, x, z, u, ...
    pub code: String,
    pub meaning: String,
}

/// One area's figure in a year.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = figures_figure)]
pub struct FigureAnswer {
    /// Null when not published, or when the files hold no figure.
    pub value: Option<f64>,
    /// Set when the file withholds the figure.
    pub not_published: Option<NotPublished>,
    /// "22.6%", "70 per 10,000", or why there is no number.
    pub in_words: String,
}

impl FigureAnswer {
    fn of(figure: &Figure, unit: Unit) -> Self {
        FigureAnswer {
            value: figure.value(),
            not_published: figure
                .code()
                .map(|code| NotPublished { code: code.to_string(), meaning: Suppression::meaning_of(code) }),
            in_words: figure.in_words(unit),
        }
    }
}

/// A neighbour's figure in a year.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = figures_neighbour_figure)]
pub struct NeighbourFigure {
    pub code: String,
    pub figure: FigureAnswer,
}

/// The neighbours' median: of the published figures only.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = figures_median)]
pub struct Median {
    pub value: f64,
    /// How many neighbours' figures are published that year.
    pub of: usize,
    /// How many neighbours the council has.
    pub out_of: usize,
    /// "median of 10 neighbours", or "median of 8 of 10 neighbours (2 with no published figure)".
    pub label: String,
}

/// The council's place among itself and its neighbours with a published figure.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = figures_rank)]
pub struct Rank {
    /// 1 is best (for an indicator where neither is better, highest).
    pub position: usize,
    pub of: usize,
}

/// The council against another figure: better or worse by the indicator's
/// polarity; higher or lower when neither is better.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[schema(as = figures_judgement)]
#[serde(rename_all = "snake_case")]
pub enum Judgement {
    Better,
    Worse,
    Same,
    Higher,
    Lower,
}

impl From<compare::Judgement> for Judgement {
    fn from(j: compare::Judgement) -> Self {
        match j {
            compare::Judgement::Better => Judgement::Better,
            compare::Judgement::Worse => Judgement::Worse,
            compare::Judgement::Same => Judgement::Same,
            compare::Judgement::Higher => Judgement::Higher,
            compare::Judgement::Lower => Judgement::Lower,
        }
    }
}

/// One year of an indicator for the council.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = figures_year)]
pub struct Year {
    /// The year, as the files write it: "2025".
    pub time_period: String,
    pub council: FigureAnswer,
    /// Each neighbour's figure, nearest first.
    pub neighbours: Vec<NeighbourFigure>,
    /// Null when no neighbour's figure is published (or the council has no neighbours).
    pub median: Option<Median>,
    pub region: FigureAnswer,
    pub england: FigureAnswer,
    /// Null when the council's own figure is not published.
    pub rank: Option<Rank>,
    pub against_neighbours: Option<Judgement>,
    pub against_england: Option<Judgement>,
}

impl Year {
    fn of(year: &YearComparison, unit: Unit, neighbours: &[NeighbourPlace]) -> Self {
        Year {
            time_period: year.time_period.clone(),
            council: FigureAnswer::of(&year.council, unit),
            neighbours: neighbours
                .iter()
                .zip(&year.neighbours)
                .map(|(n, figure)| NeighbourFigure {
                    code: n.place.code.clone(),
                    figure: FigureAnswer::of(figure, unit),
                })
                .collect(),
            median: year.median.map(|m| Median { value: m.value, of: m.of, out_of: m.out_of, label: m.label() }),
            region: FigureAnswer::of(&year.region, unit),
            england: FigureAnswer::of(&year.england, unit),
            rank: year.rank.map(|r| Rank { position: r.position, of: r.of }),
            against_neighbours: year.against_neighbours.map(Judgement::from),
            against_england: year.against_england.map(Judgement::from),
        }
    }
}

/// One year's published figure of the council.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = figures_trend_point)]
pub struct TrendPoint {
    pub year: String,
    pub value: f64,
}

/// An indicator with its latest year compared and the council's trend.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = figures_indicator_latest)]
pub struct IndicatorLatest {
    pub indicator: Indicator,
    /// The newest year the files hold; null when they hold none.
    pub latest: Option<Year>,
    /// The council's published figures, oldest first.
    pub trend: Vec<TrendPoint>,
}

/// A council compared on every published indicator, in its latest year.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = council_figures)]
pub struct Figures {
    pub council: Council,
    /// Nearest first; none when the model does not name the council.
    pub neighbours: Vec<Neighbour>,
    pub indicators: Vec<IndicatorLatest>,
}

/// One indicator for a council, every year the files hold.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = council_indicator)]
pub struct IndicatorYears {
    pub council: Council,
    pub neighbours: Vec<Neighbour>,
    pub indicator: Indicator,
    /// Oldest first.
    pub years: Vec<Year>,
}

fn council(figures: &CouncilFigures) -> Council {
    Council {
        code: figures.council.code.clone(),
        name: figures.council.name.clone(),
        region: figures.council.region_name.clone(),
        model: figures.model.clone(),
        inspection: figures.inspection.as_ref().map(Inspection::from),
    }
}

fn neighbours(figures: &CouncilFigures) -> Vec<Neighbour> {
    figures.neighbours.iter().map(Neighbour::from).collect()
}

impl From<&CouncilFigures> for Figures {
    fn from(figures: &CouncilFigures) -> Self {
        let indicators = figures
            .indicators
            .iter()
            .map(|i| IndicatorLatest {
                indicator: Indicator::from(&i.indicator),
                latest: i.comparison.latest().map(|y| Year::of(y, i.unit, &figures.neighbours)),
                trend: i
                    .comparison
                    .council_series()
                    .into_iter()
                    .map(|(year, value)| TrendPoint { year: year.to_string(), value })
                    .collect(),
            })
            .collect();
        Figures { council: council(figures), neighbours: neighbours(figures), indicators }
    }
}

impl IndicatorYears {
    pub fn of(figures: &CouncilFigures, indicator: &IndicatorFigures) -> Self {
        IndicatorYears {
            council: council(figures),
            neighbours: neighbours(figures),
            indicator: Indicator::from(&indicator.indicator),
            years: indicator
                .comparison
                .years
                .iter()
                .map(|y| Year::of(y, indicator.unit, &figures.neighbours))
                .collect(),
        }
    }
}
