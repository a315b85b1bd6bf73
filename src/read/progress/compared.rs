//! The progress report's "How we compare" table: each published indicator a
//! live measure is linked to, the council's latest figure against its
//! statistical neighbours' median and England, better or worse.
//!
//! Published figures are yearly and are not rewound with the plan: a year's
//! figures count from the end of that year (the DfE publishes a year ending
//! 31 March in the autumn after), so a report as at 30 June 2025 shows 2024's
//! figures, not 2025's. The table says when the figures were loaded, since a
//! newer release loaded later would change it.

use super::contents::Listed;
use crate::domain::dates::long_date;
use crate::domain::figures::compare::{Figure, YearComparison};
use crate::read::cache::Snapshot;
use crate::read::figures::{CouncilFigures, IndicatorFigures};
use chrono::NaiveDate;

/// The columns of the table.
pub const COMPARED_HEADERS: [&str; 6] = ["Indicator", "Year", "Council", "Neighbours' median", "England", "Compared"];

/// The section: whose figures, when loaded, and the table.
#[derive(Debug, Clone)]
pub struct Compared {
    /// Whose figures they are and when they were loaded, or why there are none.
    pub whose: String,
    /// Rows in the order of [`COMPARED_HEADERS`].
    pub table: Listed<Vec<String>>,
}

/// The newest year of the comparison counted as published by `as_at`.
fn year_by(i: &IndicatorFigures, as_at: NaiveDate) -> Option<&YearComparison> {
    let published_by = |year: i32| NaiveDate::from_ymd_opt(year, 12, 31).is_some_and(|end| end <= as_at);
    i.comparison.years.iter().rev().find(|y| y.time_period.parse::<i32>().is_ok_and(published_by))
}

fn row(i: &IndicatorFigures, measures: &str, y: &YearComparison) -> Vec<String> {
    let median = y.median.map_or("no neighbours' figures".to_string(), |m| {
        format!("{} ({})", Figure::Published(m.value).in_words(i.unit), m.label())
    });
    let judged: Vec<String> = [(y.against_neighbours, "neighbours"), (y.against_england, "England")]
        .into_iter()
        .filter_map(|(j, against)| j.map(|j| format!("{} than {against}", j.as_str())))
        .collect();
    vec![
        format!("{} (measure: {measures})", i.indicator.name),
        y.time_period.clone(),
        y.council.in_words(i.unit),
        median,
        y.england.in_words(i.unit),
        if judged.is_empty() { "not compared".to_string() } else { judged.join("; ") },
    ]
}

/// The section as at `as_at`, for the council's own figures (none when
/// council details give no local authority number or the files name none).
pub fn compared(snapshot: &Snapshot, as_at: NaiveDate, figures: Option<&CouncilFigures>) -> Compared {
    let none = "No live measure is linked to a published indicator.";
    let mut linked: Vec<(&str, Vec<&str>)> = Vec::new();
    for m in snapshot.plan.measures.iter().filter(|m| m.archived_at.is_none()) {
        let Some(code) = m.published_indicator_code.as_deref() else { continue };
        match linked.iter_mut().find(|(c, _)| *c == code) {
            Some((_, names)) => names.push(&m.name),
            None => linked.push((code, vec![&m.name])),
        }
    }
    let Some(figures) = figures else {
        let whose = "Council details give no local authority number whose published figures the DfE's files hold, \
                     so no comparison is made.";
        return Compared { whose: whose.to_string(), table: Listed::new("How we compare", none, Vec::new()) };
    };
    let mut rows = Vec::new();
    let mut loaded = None;
    for (code, names) in &linked {
        let Some(i) = figures.by_code(code) else { continue };
        let Some(y) = year_by(i, as_at) else { continue };
        loaded = loaded.max(Some(i.indicator.loaded_at.date()));
        rows.push((i.indicator.name.clone(), row(i, &names.join(", "), y)));
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    let whose = match loaded {
        Some(day) => format!(
            "{}'s published figures (local authority number {}), from the DfE's files as loaded on {}; a year's \
             figures count from the end of that year.",
            figures.council.name,
            figures.council.code,
            long_date(day)
        ),
        None => {
            format!("{}'s published figures (local authority number {}).", figures.council.name, figures.council.code)
        }
    };
    Compared { whose, table: Listed::new("How we compare", none, rows.into_iter().map(|(_, r)| r).collect()) }
}
