//! A published indicator over the years: the council, its neighbours' median
//! and England as three lines told apart by dash and marker as well as
//! colour, with the same figures in words and as a table beside it; and the
//! small trend line of the indicator list.

use super::geometry::{coordinate, Frame, YScale};
use super::ChartSize;
use crate::domain::figures::compare::{number_in_words, Comparison};
use crate::domain::figures::Unit;
use crate::domain::formats::xml_text;
use maud::{html, Markup};

const AXIS: &str = "#0b0c0c";
const LABEL: &str = "#505a5f";
const GRID: &str = "#e5e6e7";

/// One line of the chart: its name, look and a value per year (none: not published).
struct Line<'a> {
    class: &'static str,
    label: &'a str,
    stroke: &'static str,
    dash: Option<&'static str>,
    marker: Marker,
    values: Vec<Option<f64>>,
}

#[derive(Clone, Copy)]
enum Marker {
    Circle,
    Square,
    Diamond,
}

fn marker(kind: Marker, x: f64, y: f64, colour: &str) -> Markup {
    match kind {
        Marker::Circle => html! { circle cx=(coordinate(x)) cy=(coordinate(y)) r="4" fill=(colour) {} },
        Marker::Square => html! {
            rect x=(coordinate(x - 3.5)) y=(coordinate(y - 3.5)) width="7" height="7" fill="#ffffff" stroke=(colour)
                stroke-width="2" {}
        },
        Marker::Diamond => html! {
            path d=(format!("M{} {}l4.5 4.5l-4.5 4.5l-4.5 -4.5z", coordinate(x), coordinate(y - 4.5))) fill=(colour) {}
        },
    }
}

fn swatch(line: &Line) -> Markup {
    html! {
        svg class="app-chart__swatch" xmlns="http://www.w3.org/2000/svg" width="28" height="12" viewBox="0 0 28 12" aria-hidden="true" {
            line x1="0" y1="6" x2="28" y2="6" stroke=(line.stroke) stroke-width="2" stroke-dasharray=[line.dash] {}
            (marker(line.marker, 14.0, 6.0, line.stroke))
        }
    }
}

/// The chart of one indicator for one council. `id` is unique on the page;
/// `described_by` names the element with the chart in words.
pub fn comparison_chart(id: &str, title: &str, council: &str, comparison: &Comparison, described_by: &str) -> Markup {
    let years: Vec<&str> = comparison.years.iter().map(|y| y.time_period.as_str()).collect();
    let lines = [
        Line {
            class: "app-chart__council",
            label: council,
            stroke: "#1d70b8",
            dash: None,
            marker: Marker::Circle,
            values: comparison.years.iter().map(|y| y.council.value()).collect(),
        },
        Line {
            class: "app-chart__median",
            label: "Statistical neighbours' median",
            stroke: "#d4351c",
            dash: Some("6 4"),
            marker: Marker::Square,
            values: comparison.years.iter().map(|y| y.median.map(|m| m.value)).collect(),
        },
        Line {
            class: "app-chart__england",
            label: "England",
            stroke: "#0b0c0c",
            dash: Some("2 3"),
            marker: Marker::Diamond,
            values: comparison.years.iter().map(|y| y.england.value()).collect(),
        },
    ];
    let frame = Frame::new(ChartSize::Large, false);
    let mut drawn: Vec<f64> = lines.iter().flat_map(|l| l.values.iter().flatten().copied()).collect();
    // Rates and percentages read truest from zero.
    drawn.push(0.0);
    let scale = YScale::new(drawn, &frame);
    let count = years.len();
    let x = |i: usize| frame.x(i as f64, count);
    let title_id = format!("{id}-title");
    let every = years.len().div_ceil(7).max(1);
    html! {
        div class="app-chart__scroll" role="region" aria-label=(format!("{title} chart")) tabindex="0" {
            svg class="app-chart__svg" xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {} {}", frame.width, frame.height))
                width="100%" preserveAspectRatio="xMidYMid meet" role="img" aria-labelledby=(title_id)
                aria-describedby=(described_by) font-family="Arial, Helvetica, sans-serif" font-size=(frame.font) {
                title id=(title_id) { (xml_text(title)) ": " (xml_text(council)) ", neighbours' median and England by year" }
                g class="app-chart__y-axis" fill=(LABEL) text-anchor="end" {
                    @for tick in scale.ticks(5) {
                        line x1=(coordinate(frame.left)) y1=(coordinate(scale.y(tick))) x2=(coordinate(frame.right))
                            y2=(coordinate(scale.y(tick))) stroke=(GRID) stroke-width="1" {}
                        text x=(coordinate(frame.left - 6.0)) y=(coordinate(scale.y(tick) + frame.font * 0.35)) {
                            (axis_label(tick, comparison.unit))
                        }
                    }
                    line x1=(coordinate(frame.left)) y1=(coordinate(frame.top)) x2=(coordinate(frame.left))
                        y2=(coordinate(frame.bottom)) stroke=(AXIS) stroke-width="1" {}
                }
                g class="app-chart__x-axis" fill=(LABEL) text-anchor="middle" {
                    line x1=(coordinate(frame.left)) y1=(coordinate(frame.bottom)) x2=(coordinate(frame.right))
                        y2=(coordinate(frame.bottom)) stroke=(AXIS) stroke-width="1" {}
                    @for (i, year) in years.iter().enumerate() {
                        @if i % every == 0 || i + 1 == count {
                            text x=(coordinate(x(i))) y=(coordinate(frame.bottom + 4.0 + frame.font)) { (year) }
                        }
                    }
                }
                @for line in &lines {
                    g class=(line.class) {
                        @for run in runs(&line.values) {
                            polyline points=(run.iter().map(|&(i, v)| format!("{},{}", coordinate(x(i)), coordinate(scale.y(v)))).collect::<Vec<_>>().join(" "))
                                fill="none" stroke=(line.stroke) stroke-width="2" stroke-dasharray=[line.dash] {}
                        }
                        @for (i, value) in line.values.iter().enumerate() {
                            @if let Some(v) = value { (marker(line.marker, x(i), scale.y(*v), line.stroke)) }
                        }
                    }
                }
            }
        }
        ul class="app-chart__legend" {
            @for line in &lines { li { (swatch(line)) (line.label) } }
        }
    }
}

/// The unbroken runs of a series: a year not published breaks the line rather than bridging it.
fn runs(values: &[Option<f64>]) -> Vec<Vec<(usize, f64)>> {
    let mut runs: Vec<Vec<(usize, f64)>> = vec![Vec::new()];
    for (i, value) in values.iter().enumerate() {
        match value {
            Some(v) => runs.last_mut().map_or((), |run| run.push((i, *v))),
            None if runs.last().is_some_and(|r| !r.is_empty()) => runs.push(Vec::new()),
            None => {}
        }
    }
    runs.retain(|r| !r.is_empty());
    runs
}

fn axis_label(value: f64, unit: Unit) -> String {
    match unit {
        Unit::RatePer10000 => number_in_words(value, Unit::Number),
        other => number_in_words(value, other),
    }
}

/// A small line of the council's figures, one value a year oldest first, for
/// the indicator list; a year not published breaks the line, as on the large
/// chart, rather than bridging it. Its words are in `label`.
pub fn trend_line(values: &[Option<f64>], label: &str) -> Markup {
    let (width, height, pad) = (120.0, 32.0, 4.0);
    let (low, high) =
        values.iter().flatten().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(*v), hi.max(*v)));
    let span = if high > low { high - low } else { 1.0 };
    let step = if values.len() > 1 { (width - 2.0 * pad) / (values.len() - 1) as f64 } else { 0.0 };
    let point = |i: usize, v: f64| {
        (coordinate(pad + i as f64 * step), coordinate(height - pad - (v - low) / span * (height - 2.0 * pad)))
    };
    let runs = runs(values);
    let last = runs.last().and_then(|run| run.last()).map(|&(i, v)| point(i, v));
    html! {
        svg class="app-trend" xmlns="http://www.w3.org/2000/svg" width=(width) height=(height)
            viewBox=(format!("0 0 {width} {height}")) role="img" aria-label=(label) {
            @for run in &runs {
                @if let [(i, v)] = run.as_slice() {
                    @let (cx, cy) = point(*i, *v);
                    circle cx=(cx) cy=(cy) r="2" fill="#1d70b8" {}
                } @else {
                    polyline points=(run.iter().map(|&(i, v)| { let (x, y) = point(i, v); format!("{x},{y}") }).collect::<Vec<_>>().join(" "))
                        fill="none" stroke="#1d70b8" stroke-width="2" {}
                }
            }
            @if let Some((cx, cy)) = last { circle cx=(cx) cy=(cy) r="3" fill="#1d70b8" {} }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_not_published_breaks_the_line() {
        let runs = runs(&[Some(1.0), Some(2.0), None, Some(4.0), None]);
        assert_eq!(runs, vec![vec![(0, 1.0), (1, 2.0)], vec![(3, 4.0)]]);
        assert!(super::runs(&[None, None]).is_empty());
    }

    #[test]
    fn the_trend_line_breaks_where_a_year_is_not_published() {
        let svg =
            trend_line(&[Some(6.1), None, Some(0.0), Some(2.9), Some(0.0), None, Some(1.8)], "trend").into_string();
        assert_eq!(svg.matches("<polyline").count(), 1, "2015 to 2017 is the only unbroken run: {svg}");
        // 2013 and 2019 stand alone as dots; 2019, the latest, also has the larger dot.
        assert_eq!(svg.matches("r=\"2\"").count(), 2, "{svg}");
        assert_eq!(svg.matches("r=\"3\"").count(), 1, "{svg}");
    }
}
