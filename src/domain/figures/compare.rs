//! How a council compares: for one indicator, its published figure each year
//! beside its statistical neighbours' median, its rank among them, its region
//! and England, judged better or worse by the indicator's polarity.
//!
//! A neighbour's figure that is not published is left out of the median and
//! the rank, and the median says how many it is of ("median of 8 of 10
//! neighbours (2 with no published figure)"), so a reader can weigh it. An even count
//! takes the mean of the middle two, as the DfE's own benchmarking tools do.

use super::{Level, Polarity, Suppression, Unit};
use crate::domain::numbers::plain_number;
use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap};

/// One area's figure in a year.
#[derive(Debug, Clone, PartialEq)]
pub enum Figure {
    Published(f64),
    /// Not published: the code the file writes in its place.
    NotPublished(String),
    /// The files hold no row for the area that year.
    Absent,
}

impl Figure {
    /// The number, when published.
    pub fn value(&self) -> Option<f64> {
        match self {
            Figure::Published(v) => Some(*v),
            _ => None,
        }
    }

    /// The suppression code, when not published.
    pub fn code(&self) -> Option<&str> {
        match self {
            Figure::NotPublished(code) => Some(code),
            _ => None,
        }
    }

    /// "22.6%", "70 per 10,000", "not published: confidential ...", "no figure".
    pub fn in_words(&self, unit: Unit) -> String {
        match self {
            Figure::Published(v) => number_in_words(*v, unit),
            Figure::NotPublished(code) => Suppression::meaning_of(code),
            Figure::Absent => "no figure".to_string(),
        }
    }
}

/// A number as the DfE publishes it: one decimal place at most, thousands separated.
pub fn number_in_words(value: f64, unit: Unit) -> String {
    let text = plain_number(value);
    match unit {
        Unit::Percent => format!("{text}%"),
        Unit::RatePer10000 => format!("{text} per 10,000"),
        Unit::Number => text,
    }
}

/// One published value as the comparison reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    pub time_period: String,
    pub level: Level,
    pub area_code: String,
    pub figure: Figure,
}

/// The neighbours' median of a year: of how many published figures, out of how many neighbours.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Median {
    pub value: f64,
    pub of: usize,
    pub out_of: usize,
}

impl Median {
    /// "median of 10 neighbours", or "median of 8 of 10 neighbours (2 with no
    /// published figure)": not published, or not in that year's file (a council formed since).
    pub fn label(&self) -> String {
        if self.of == self.out_of {
            format!("median of {} neighbours", self.of)
        } else {
            let missing = self.out_of - self.of;
            format!("median of {} of {} neighbours ({missing} with no published figure)", self.of, self.out_of)
        }
    }
}

/// The council's place among itself and its neighbours with a published figure: 1 is best.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rank {
    pub position: usize,
    pub of: usize,
}

impl Rank {
    /// "3rd of 11".
    pub fn in_words(&self) -> String {
        format!("{} of {}", ordinal(self.position), self.of)
    }
}

fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// The council against another figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Judgement {
    Better,
    Worse,
    Same,
    /// Higher or lower, for an indicator where neither is better.
    Higher,
    Lower,
}

impl Judgement {
    /// The council's figure against another, by the indicator's polarity.
    pub fn of(council: f64, other: f64, polarity: Polarity) -> Judgement {
        match (council.partial_cmp(&other).unwrap_or(Ordering::Equal), polarity) {
            (Ordering::Equal, _) => Judgement::Same,
            (Ordering::Greater, Polarity::High) | (Ordering::Less, Polarity::Low) => Judgement::Better,
            (_, Polarity::High | Polarity::Low) => Judgement::Worse,
            (Ordering::Greater, Polarity::Neither) => Judgement::Higher,
            (Ordering::Less, Polarity::Neither) => Judgement::Lower,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Judgement::Better => "better",
            Judgement::Worse => "worse",
            Judgement::Same => "the same",
            Judgement::Higher => "higher",
            Judgement::Lower => "lower",
        }
    }
}

/// One year of the comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct YearComparison {
    pub time_period: String,
    pub council: Figure,
    /// Each neighbour's figure, in the model's order (nearest first).
    pub neighbours: Vec<Figure>,
    pub median: Option<Median>,
    pub region: Figure,
    pub england: Figure,
    pub rank: Option<Rank>,
    pub against_neighbours: Option<Judgement>,
    pub against_england: Option<Judgement>,
}

/// Whose figures are compared: the council, its neighbours' codes (nearest
/// first; none when the model does not name the council) and its region's code.
#[derive(Debug, Clone, PartialEq)]
pub struct Places<'a> {
    pub council: &'a str,
    pub neighbours: &'a [String],
    pub region: Option<&'a str>,
    pub england: &'a str,
}

/// One indicator compared for one council, every year the files hold, oldest first.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub polarity: Polarity,
    pub unit: Unit,
    pub years: Vec<YearComparison>,
}

impl Comparison {
    /// The newest year the files hold.
    pub fn latest(&self) -> Option<&YearComparison> {
        self.years.last()
    }

    /// The council's published figures, oldest first: its trend.
    pub fn council_series(&self) -> Vec<(&str, f64)> {
        self.years.iter().filter_map(|y| y.council.value().map(|v| (y.time_period.as_str(), v))).collect()
    }
}

/// Compares the council with its places over every year the observations hold.
pub fn compare(polarity: Polarity, unit: Unit, places: &Places<'_>, observations: &[Observation]) -> Comparison {
    let mut figures: HashMap<(&str, Level, &str), &Figure> = HashMap::new();
    let mut periods = BTreeSet::new();
    for o in observations {
        figures.insert((o.time_period.as_str(), o.level, o.area_code.as_str()), &o.figure);
        periods.insert(o.time_period.as_str());
    }
    let figure = |period: &str, level: Level, code: &str| {
        figures.get(&(period, level, code)).map_or(Figure::Absent, |f| (*f).clone())
    };
    let years = periods
        .into_iter()
        .map(|period| {
            let council = figure(period, Level::LocalAuthority, places.council);
            let neighbours: Vec<Figure> =
                places.neighbours.iter().map(|code| figure(period, Level::LocalAuthority, code)).collect();
            let median = median(&neighbours, places.neighbours.len());
            let rank = council.value().map(|own| rank(own, &neighbours, polarity));
            let region = places.region.map_or(Figure::Absent, |code| figure(period, Level::Regional, code));
            let england = figure(period, Level::National, places.england);
            let judge = |other: Option<f64>| Some(Judgement::of(council.value()?, other?, polarity));
            YearComparison {
                time_period: period.to_string(),
                against_neighbours: judge(median.map(|m| m.value)),
                against_england: judge(england.value()),
                council,
                neighbours,
                median,
                region,
                england,
                rank,
            }
        })
        .collect();
    Comparison { polarity, unit, years }
}

/// The median of the published figures; none when no neighbour's is published.
fn median(neighbours: &[Figure], out_of: usize) -> Option<Median> {
    let mut values: Vec<f64> = neighbours.iter().filter_map(Figure::value).collect();
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    let value = if values.len() % 2 == 1 { values[middle] } else { (values[middle - 1] + values[middle]) / 2.0 };
    Some(Median { value, of: values.len(), out_of })
}

/// 1 + how many published neighbours are strictly better (for an indicator
/// where neither is better, strictly higher), so ties share a place.
fn rank(own: f64, neighbours: &[Figure], polarity: Polarity) -> Rank {
    let published: Vec<f64> = neighbours.iter().filter_map(Figure::value).collect();
    let ahead = published
        .iter()
        .filter(|&&other| match polarity {
            Polarity::Low => other < own,
            Polarity::High | Polarity::Neither => other > own,
        })
        .count();
    Rank { position: ahead + 1, of: published.len() + 1 }
}

#[cfg(test)]
#[path = "compare_tests.rs"]
mod tests;
