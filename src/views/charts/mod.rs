//! The statistical process control (SPC) chart of one measure, drawn on the
//! server as inline SVG in the Making Data Count style, with its variation
//! and assurance icons, a text alternative and the data behind it.
//!
//! Everything is a pure function of the engine's `SpcAnalysis`: the chart
//! never works out a mean, a limit or a signal itself. No JavaScript, no
//! image files and no inline styles (the Content-Security-Policy forbids
//! them): looks come from SVG presentation attributes, and the few layout
//! rules live in `assets/charts.css`.
//!
//! - `geometry`: the frame, the y scale, x positions and which dates are labelled.
//! - `plot`: the SVG itself.
//! - `marks`: point shapes and colours, the legend, the variation and assurance icons.
//! - `text`: the chart in words and the data table.
//!
//! A series of fewer than 15 points is drawn as a run chart: its limits,
//! worked out from so few points, are not reliable and are not drawn. The
//! engine still tests every point against them, and the verdict uses what
//! it finds, so the chart marks those points as the engine does; its words
//! then give the limits the signals rest on and say they are not drawn,
//! so that marks, words and verdict agree.

pub mod comparison;
mod geometry;
mod marks;
mod plot;
mod text;

use crate::domain::kinds::{Direction, Unit};
use crate::domain::spc::{AnalysedPoint, AssuranceNeeds, SpcAnalysis};
use chrono::NaiveDate;
use maud::{html, Markup};
use std::ops::Range;

pub use geometry::format_value;
pub use marks::{assurance_icon, assurance_label, variation_icon, variation_label};
pub use text::{chart_summary, variation_words};

/// How big a chart is drawn; it always scales to the width of its container.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartSize {
    /// Beside other content: the practice-area page and committee reports.
    Small,
    /// The main thing on the page: the measure page.
    Large,
}

impl ChartSize {
    fn as_str(self) -> &'static str {
        match self {
            ChartSize::Small => "small",
            ChartSize::Large => "large",
        }
    }
}

/// Which published figure a reference line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferenceKind {
    England,
    NeighboursMedian,
}

impl ReferenceKind {
    /// Its name on the chart and in words.
    pub fn name(self) -> &'static str {
        match self {
            ReferenceKind::England => "England",
            ReferenceKind::NeighboursMedian => "Neighbours' median",
        }
    }
}

/// A published figure drawn across the chart to compare the measure with:
/// England's, or the median of the council's statistical neighbours, for
/// the year it refers to.
#[derive(Debug, Clone, PartialEq)]
pub struct ReferenceLine {
    pub kind: ReferenceKind,
    pub value: f64,
    /// The year the figure refers to, as published ("2025").
    pub year: String,
    /// More about it for the words, such as "median of 8 of 10 neighbours (2 not published)".
    pub note: Option<String>,
}

impl ReferenceLine {
    /// Its label on the chart: "England 2025".
    pub fn label(&self) -> String {
        format!("{} {}", self.kind.name(), self.year)
    }

    /// It in words: "England 22.6% (2025, published)".
    pub fn in_words(&self, unit: Unit) -> String {
        let note = self.note.as_deref().map(|n| format!("{n}, ")).unwrap_or_default();
        format!("{} {} ({note}{}, published)", self.kind.name(), format_value(self.value, unit), self.year)
    }
}

/// Everything a chart of one measure shows.
#[derive(Debug, Clone, Copy)]
pub struct ChartInput<'a> {
    /// Unique on the page; element ids and ARIA references are built from it.
    pub id: &'a str,
    /// The measure's name.
    pub title: &'a str,
    /// The unit values are in, for axis labels and words.
    pub unit: Unit,
    /// Which way is better, for the icon and the words of each signal.
    pub direction: Direction,
    /// The measure's target, drawn as a line when there is one.
    pub target: Option<f64>,
    /// The engine's analysis of the measure's results.
    pub analysis: &'a SpcAnalysis,
    /// Plan actions completed, as (completed date, "1.3 Train MASH managers");
    /// the text up to the first space is taken as the action's reference.
    pub completed_actions: &'a [(NaiveDate, String)],
    /// Small or large.
    pub size: ChartSize,
    /// Whether to draw the near-limit lines (two thirds of the way to each limit).
    pub show_near_limits: bool,
    /// Published figures drawn across the chart to compare with.
    pub references: &'a [ReferenceLine],
}

impl ChartInput<'_> {
    /// Limits are drawn only from `MIN_POINTS_FOR_LIMITS` points up; below
    /// that the chart is a run chart.
    fn shows_limits(&self) -> bool {
        !self.analysis.too_few_points
    }

    /// What the measure lacks for assurance, from its target, direction and limits.
    fn assurance_needs(&self) -> AssuranceNeeds {
        self.analysis.assurance_needs(self.target, self.direction)
    }

    fn shows_near_limits(&self) -> bool {
        self.show_near_limits && self.shows_limits()
    }
}

/// The message shown instead of limits when a series is short.
pub const TOO_FEW_POINTS: &str = "Too few points for reliable limits";

/// The message shown instead of a chart when a measure has no results.
pub const NO_RESULTS: &str = "No results yet";

/// A measure's chart as a figure: its name, the variation and assurance
/// icons, the SVG, a legend, the chart in words and the data table (closed
/// until opened). An empty series shows "No results yet" instead.
pub fn spc_chart(input: &ChartInput) -> Markup {
    let analysis = input.analysis;
    let summary_id = format!("{}-summary", input.id);
    let data_label = format!("Data for {}", input.title);
    let figure_class = format!("app-chart app-chart--{}", input.size.as_str());
    html! {
        figure class=(figure_class) id=(input.id) {
            figcaption class="app-chart__title" { (input.title) }
            @if analysis.points.is_empty() {
                p class="app-chart__message" { (NO_RESULTS) }
            } @else {
                div class="app-spc-icons" {
                    (variation_icon(analysis.variation, input.direction))
                    // Assurance rests on the limits, so it is not claimed when they are not shown.
                    (assurance_icon(analysis.assurance.filter(|_| input.shows_limits()), input.assurance_needs()))
                }
                @if !input.shows_limits() {
                    p class="app-chart__message" { (TOO_FEW_POINTS) }
                }
                // On a narrow screen the drawing keeps a readable size and scrolls
                // sideways inside this region, never the page.
                div class="app-chart__scroll" role="region" aria-label=(format!("{} chart", input.title)) tabindex="0" {
                    (plot::chart_svg(input, &summary_id))
                }
                (marks::legend(input))
                (text::summary_markup(input, &summary_id))
                details class="app-details app-chart__data" {
                    summary { (data_label) }
                    div class="app-table-wrap" role="region" aria-label=(data_label) tabindex="0" {
                        (text::data_table(input))
                    }
                }
            }
        }
    }
}

/// A measure's chart as an SVG document of its own, sized in points, for a
/// PDF or a Word document to draw; the same drawing as the page's.
pub fn svg_document(input: &ChartInput) -> (String, f32, f32) {
    let (frame, _) = plot::layout(input);
    let (width, height) = (frame.width as f32, frame.height as f32);
    let svg = plot::chart_svg(input, &format!("{}-summary", input.id)).into_string();
    let sized = svg.replacen("width=\"100%\"", &format!("width=\"{width}\" height=\"{height}\""), 1);
    (sized, width, height)
}

/// The index ranges of the segments of an analysed series, in order; a new
/// segment starts at each recalculation point.
fn segment_ranges(points: &[AnalysedPoint]) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for (i, point) in points.iter().enumerate() {
        match ranges.last_mut() {
            Some(range) if points[range.start].segment == point.segment => range.end = i + 1,
            _ => ranges.push(i..i + 1),
        }
    }
    ranges
}

#[cfg(test)]
mod finite_tests;
#[cfg(test)]
mod tests;
