//! A measure's published indicator for the council: the latest year's figures
//! of the council, its statistical neighbours' median and England, beside the
//! measure's own monthly results.

use super::figures::CouncilFigures;
use crate::domain::figures::catalogue::Indicator;
use crate::domain::figures::compare::YearComparison;
use crate::domain::figures::Unit as FigureUnit;
use crate::domain::kinds::Unit;

/// What the measure page can show of its published indicator.
#[derive(Debug, Clone, PartialEq)]
pub enum Published {
    /// Council details give no local authority number, so there is no council to look up.
    NoLaNumber,
    /// The loaded files hold no figures of the indicator for the council with this number.
    NoFigures {
        la_code: String,
    },
    Figures(Box<PublishedFigures>),
}

/// The indicator's latest year for the council.
#[derive(Debug, Clone, PartialEq)]
pub struct PublishedFigures {
    /// The indicator's id in the loaded files, for its page (`/figures/{id}`).
    pub indicator_id: i64,
    pub name: String,
    pub unit: FigureUnit,
    pub council_name: String,
    pub latest: YearComparison,
    /// Whether the figures are in the measure's unit, so that they can be drawn on its chart.
    pub comparable: bool,
}

/// The indicator's figures for the council (`None`: council details give no
/// local authority number; `Some((code, None))`: the files name no such council).
pub fn published(
    indicator: &Indicator,
    measure_unit: Unit,
    council: Option<(&str, Option<&CouncilFigures>)>,
) -> Published {
    let Some((la_code, figures)) = council else { return Published::NoLaNumber };
    let none = || Published::NoFigures { la_code: la_code.to_string() };
    let Some(figures) = figures else { return none() };
    let Some(found) = figures.by_code(indicator.code) else { return none() };
    let Some(latest) = found.comparison.latest() else { return none() };
    Published::Figures(Box::new(PublishedFigures {
        indicator_id: found.indicator.id,
        name: found.indicator.name.clone(),
        unit: found.unit,
        council_name: figures.council.name.clone(),
        latest: latest.clone(),
        comparable: measure_unit == Unit::Percent && found.unit == FigureUnit::Percent,
    }))
}
