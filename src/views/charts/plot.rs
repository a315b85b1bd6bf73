//! The chart itself: one inline SVG that scales to its container.
//!
//! Every element carries its look as presentation attributes (`stroke`,
//! `fill`, `stroke-dasharray`), never a `style`, and a class naming what it
//! is (`app-chart__mean`, `app-chart__point--concern`) for tests and print.

use super::geometry::{axis_label, coordinate, date_position, x_labels, Frame, YScale};
use super::marks::{
    both_ways_ring, marker, reference_style, ACTION_LINE, ACTION_MARK, LIMIT_LINE, MEAN_LINE, NEAR_LIMIT_LINE,
    RECALCULATION_LINE, TARGET_LINE,
};
use super::text::variation_words;
use super::{segment_ranges, ChartInput};
use crate::domain::formats::xml_text;
use crate::domain::kinds::Unit;
use crate::domain::spc::AnalysedPoint;
use crate::views::components::date;
use chrono::NaiveDate;
use maud::{html, Markup};

/// Axis, labels and gridlines.
const AXIS: &str = "#0b0c0c";
const LABEL: &str = "#505a5f";
const GRID: &str = "#e5e6e7";
const VALUES_LINE: &str = "#6f777b";

/// A completed action placed on the time axis.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct PlacedAction {
    /// Fractional point index.
    pub position: f64,
    /// Its reference, e.g. "1.3", shown under the marker when there is room.
    pub reference: String,
    /// "Action completed 12 March 2024: 1.3 Train MASH managers".
    pub title: String,
}

/// The completed actions that fall within the series' dates, in date order;
/// the rest are left to the words.
pub(super) fn placed_actions(input: &ChartInput) -> Vec<PlacedAction> {
    let periods: Vec<NaiveDate> = input.analysis.points.iter().map(|p| p.period).collect();
    let mut actions: Vec<&(NaiveDate, String)> = input.completed_actions.iter().collect();
    actions.sort_by_key(|(completed, _)| *completed);
    actions
        .into_iter()
        .filter_map(|(completed, action)| {
            let position = date_position(&periods, *completed)?;
            // Stored text, so made safe for XML: the same drawing goes into PDF and Word.
            let reference = xml_text(action.split_whitespace().next().unwrap_or_default()).into_owned();
            Some(PlacedAction {
                position,
                reference,
                title: format!("Action completed {}: {}", date(*completed), xml_text(action)),
            })
        })
        .collect()
}

/// Every value the chart draws, for the y scale.
pub(super) fn drawn_values(input: &ChartInput) -> Vec<f64> {
    let mut values = Vec::new();
    for p in &input.analysis.points {
        values.push(p.value);
        values.extend(p.mean);
        if input.shows_limits() {
            values.extend(p.lower_limit.into_iter().chain(p.upper_limit));
        }
        if input.shows_near_limits() {
            values.extend(p.near_lower.into_iter().chain(p.near_upper));
        }
    }
    values.extend(input.target);
    values.extend(input.references.iter().map(|r| r.value));
    values
}

/// The frame and scale a chart is drawn with.
pub(super) fn layout(input: &ChartInput) -> (Frame, YScale) {
    let frame = Frame::new(input.size, !placed_actions(input).is_empty());
    let scale = YScale::new(drawn_values(input), &frame);
    (frame, scale)
}

fn hline(class: &str, x1: f64, x2: f64, y: f64, style: (&str, f64, Option<&str>)) -> Markup {
    let (stroke, width, dash) = style;
    html! {
        line class=(class) x1=(coordinate(x1)) y1=(coordinate(y)) x2=(coordinate(x2)) y2=(coordinate(y))
            stroke=(stroke) stroke-width=(width) stroke-dasharray=[dash] {}
    }
}

fn vline(class: &str, x: f64, frame: &Frame, style: (&str, f64, Option<&str>)) -> Markup {
    let (stroke, width, dash) = style;
    html! {
        line class=(class) x1=(coordinate(x)) y1=(coordinate(frame.top)) x2=(coordinate(x)) y2=(coordinate(frame.bottom))
            stroke=(stroke) stroke-width=(width) stroke-dasharray=[dash] {}
    }
}

/// The SVG of a chart with at least one point. `described_by` is the id of
/// the chart in words, which screen readers read as its description.
pub(super) fn chart_svg(input: &ChartInput, described_by: &str) -> Markup {
    let (frame, scale) = layout(input);
    let points = &input.analysis.points;
    let count = points.len();
    let xs: Vec<f64> = (0..count).map(|i| frame.x(i as f64, count)).collect();
    let title_id = format!("{}-chart-title", input.id);
    let view_box = format!("0 0 {} {}", frame.width, frame.height);
    let values_line: Vec<String> =
        points.iter().zip(&xs).map(|(p, x)| format!("{},{}", coordinate(*x), coordinate(scale.y(p.value)))).collect();
    html! {
        svg class="app-chart__svg" xmlns="http://www.w3.org/2000/svg" viewBox=(view_box) width="100%"
            preserveAspectRatio="xMidYMid meet" role="img" aria-labelledby=(title_id) aria-describedby=(described_by)
            font-family="Arial, Helvetica, sans-serif" font-size=(frame.font) {
            title id=(title_id) { (xml_text(input.title)) ": statistical process control chart" }
            (y_axis(&frame, &scale, input.unit))
            (x_axis(&frame, points, &xs))
            (recalculations(&frame, points, &xs))
            (segment_lines(input, &scale, &xs))
            @if let Some(target) = input.target {
                g class="app-chart__target" {
                    title { "Target " (super::format_value(target, input.unit)) }
                    (hline("app-chart__target-line", frame.left, frame.right, scale.y(target), TARGET_LINE))
                }
            }
            (reference_lines(input, &frame, &scale))
            polyline class="app-chart__values" points=(values_line.join(" ")) fill="none" stroke=(VALUES_LINE)
                stroke-width="1.5" stroke-linejoin="round" {}
            (point_markers(input, &frame, &scale, &xs))
            (action_markers(input, &frame))
        }
    }
}

/// Each published figure as a line across the plot, labelled at its right
/// end (above the line, or below it when the line is near the top).
fn reference_lines(input: &ChartInput, frame: &Frame, scale: &YScale) -> Markup {
    let font = frame.font - 2.0;
    html! {
        @for reference in input.references {
            @let style = reference_style(reference.kind);
            @let y = scale.y(reference.value);
            @let label_y = if y - font < frame.top { y + font + 1.0 } else { y - 3.0 };
            g class="app-chart__reference" {
                title { (xml_text(&reference.in_words(input.unit))) }
                (hline("app-chart__reference-line", frame.left, frame.right, y, style))
                text x=(coordinate(frame.right - 2.0)) y=(coordinate(label_y)) text-anchor="end" font-size=(font)
                    fill=(style.0) stroke="#ffffff" stroke-width="3" paint-order="stroke" { (xml_text(&reference.label())) }
            }
        }
    }
}

/// Gridlines and labels at round values, the axis line, and the unit for days.
fn y_axis(frame: &Frame, scale: &YScale, unit: Unit) -> Markup {
    let ticks = scale.ticks(if frame.bottom - frame.top > 200.0 { 6 } else { 4 });
    html! {
        g class="app-chart__y-axis" fill=(LABEL) text-anchor="end" {
            @for tick in ticks {
                (hline("app-chart__grid", frame.left, frame.right, scale.y(tick), (GRID, 1.0, None)))
                text x=(coordinate(frame.left - 6.0)) y=(coordinate(scale.y(tick) + frame.font * 0.35)) { (axis_label(tick, unit)) }
            }
            @if unit == Unit::Days {
                text x=(coordinate(frame.left - 6.0)) y=(coordinate(frame.top - 8.0)) { "days" }
            }
            line x1=(coordinate(frame.left)) y1=(coordinate(frame.top)) x2=(coordinate(frame.left)) y2=(coordinate(frame.bottom))
                stroke=(AXIS) stroke-width="1" {}
        }
    }
}

/// The time axis with thinned date labels.
fn x_axis(frame: &Frame, points: &[AnalysedPoint], xs: &[f64]) -> Markup {
    let periods: Vec<NaiveDate> = points.iter().map(|p| p.period).collect();
    html! {
        g class="app-chart__x-axis" fill=(LABEL) text-anchor="middle" {
            line x1=(coordinate(frame.left)) y1=(coordinate(frame.bottom)) x2=(coordinate(frame.right)) y2=(coordinate(frame.bottom))
                stroke=(AXIS) stroke-width="1" {}
            @for (i, label) in x_labels(&periods, frame) {
                line x1=(coordinate(xs[i])) y1=(coordinate(frame.bottom)) x2=(coordinate(xs[i])) y2=(coordinate(frame.bottom + 4.0))
                    stroke=(AXIS) stroke-width="1" {}
                text class="app-chart__x-label" x=(coordinate(xs[i])) y=(coordinate(frame.bottom + 4.0 + frame.font)) { (label) }
            }
        }
    }
}

/// A dashed upright line between the last point of one segment and the first
/// of the next, labelled "Recalculated" where the label fits.
fn recalculations(frame: &Frame, points: &[AnalysedPoint], xs: &[f64]) -> Markup {
    let label = "Recalculated";
    let font = frame.font - 2.0;
    let half = label.len() as f64 * font * 0.62 / 2.0;
    let mut last_label_end = f64::NEG_INFINITY;
    let marks: Vec<(f64, NaiveDate, bool)> = segment_ranges(points)
        .iter()
        .skip(1)
        .map(|range| {
            let x = (xs[range.start - 1] + xs[range.start]) / 2.0;
            let centre = x.clamp(half, frame.width - half);
            let labelled = centre - half > last_label_end + 6.0;
            if labelled {
                last_label_end = centre + half;
            }
            (x, points[range.start].period, labelled)
        })
        .collect();
    html! {
        @for (x, from, labelled) in marks {
            g class="app-chart__recalculation" {
                title { "Limits recalculated from " (date(from)) }
                (vline("app-chart__recalculation-line", x, frame, RECALCULATION_LINE))
                @if labelled {
                    text x=(coordinate(x.clamp(half, frame.width - half))) y=(coordinate(frame.top - 7.0)) text-anchor="middle"
                        font-size=(font) fill=(AXIS) { (label) }
                }
            }
        }
    }
}

/// Each segment's mean, limits and (if asked for) near-limit lines, from its
/// first point to its last, so a recalculation shows as a step.
fn segment_lines(input: &ChartInput, scale: &YScale, xs: &[f64]) -> Markup {
    let points = &input.analysis.points;
    html! {
        @for range in segment_ranges(points) {
            @let first = &points[range.start];
            @let (x1, x2) = (xs[range.start], xs[range.end - 1]);
            g class="app-chart__segment" data-segment=(first.segment) {
                @if let Some(mean) = first.mean { (hline("app-chart__mean", x1, x2, scale.y(mean), MEAN_LINE)) }
                @if input.shows_near_limits() {
                    @for near in first.near_lower.into_iter().chain(first.near_upper) {
                        (hline("app-chart__near-limit", x1, x2, scale.y(near), NEAR_LIMIT_LINE))
                    }
                }
                @if input.shows_limits() {
                    @if let Some(upper) = first.upper_limit { (hline("app-chart__upper-limit", x1, x2, scale.y(upper), LIMIT_LINE)) }
                    @if let Some(lower) = first.lower_limit { (hline("app-chart__lower-limit", x1, x2, scale.y(lower), LIMIT_LINE)) }
                }
            }
        }
    }
}

/// A marker per point, shaped and coloured by its kind, with its date, value
/// and signals as a tooltip.
fn point_markers(input: &ChartInput, frame: &Frame, scale: &YScale, xs: &[f64]) -> Markup {
    let points = &input.analysis.points;
    // Markers shrink on crowded charts, but not so far that their shapes blur together.
    let r = (frame.spacing(points.len()) * 0.5).clamp(3.5, 5.0);
    html! {
        g class="app-chart__points" {
            @for (p, x) in points.iter().zip(xs) {
                @let words = p.signal_words();
                @let signals = if words.is_empty() { String::new() } else { format!(" ({})", words.join("; ")) };
                @let other_way = p.other_way(input.direction);
                @let variation = variation_words(p.kind, other_way).to_lowercase();
                @let title = format!("{}: {}, {variation}{signals}", date(p.period), super::format_value(p.value, input.unit));
                @if other_way.is_some() { (both_ways_ring("app-chart__both-ways", *x, scale.y(p.value), r)) }
                (marker("app-chart__point", p.kind, *x, scale.y(p.value), r, Some(&title)))
            }
        }
    }
}

/// A small triangle under the date labels for each completed action, with a
/// faint line up through the plot and its reference underneath where it fits.
fn action_markers(input: &ChartInput, frame: &Frame) -> Markup {
    let count = input.analysis.points.len();
    let tip = frame.bottom + 4.0 + frame.font + 8.0;
    let mut last_label_end = f64::NEG_INFINITY;
    let placed: Vec<(f64, PlacedAction, bool)> = placed_actions(input)
        .into_iter()
        .map(|action| {
            let x = frame.x(action.position, count);
            let half = frame.label_width(action.reference.chars().count()) / 2.0;
            let labelled = !action.reference.is_empty() && x - half > last_label_end + 4.0;
            if labelled {
                last_label_end = x + half;
            }
            (x, action, labelled)
        })
        .collect();
    html! {
        @for (x, action, labelled) in placed {
            g class="app-chart__action" {
                title { (action.title) }
                (vline("app-chart__action-line", x, frame, ACTION_LINE))
                polygon points=(format!("{},{} {},{} {},{}", coordinate(x), coordinate(tip), coordinate(x + 5.0),
                    coordinate(tip + 9.0), coordinate(x - 5.0), coordinate(tip + 9.0))) fill=(ACTION_MARK) {}
                @if labelled {
                    text x=(coordinate(x)) y=(coordinate(tip + 9.0 + frame.font)) text-anchor="middle" fill=(AXIS) { (action.reference) }
                }
            }
        }
    }
}
