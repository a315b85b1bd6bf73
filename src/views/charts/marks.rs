//! How each kind of point looks, and the pieces that explain the looks: the
//! legend and the variation and assurance icons.
//!
//! Colour follows Making Data Count (blue improvement, orange concern, grey
//! common cause, purple neutral) and every kind also has its own shape, so a
//! chart printed in black and white still reads. Each shape has a dark
//! outline, because the light Making Data Count fills alone are too faint
//! against white (WCAG asks 3:1 for graphics).

use super::geometry::coordinate;
use super::{ChartInput, ReferenceKind};
use crate::domain::kinds::Direction;
use crate::domain::spc::{Assurance, AssuranceNeeds, PointKind};
use maud::{html, Markup};

/// Line styles, shared by the plot and the legend: (stroke, width, dash pattern).
pub(super) const MEAN_LINE: (&str, f64, Option<&str>) = ("#0b0c0c", 1.5, None);
pub(super) const LIMIT_LINE: (&str, f64, Option<&str>) = ("#505a5f", 1.5, Some("6 4"));
pub(super) const NEAR_LIMIT_LINE: (&str, f64, Option<&str>) = ("#505a5f", 1.0, Some("2 3"));
pub(super) const TARGET_LINE: (&str, f64, Option<&str>) = ("#d4351c", 2.0, Some("12 4 3 4"));
pub(super) const RECALCULATION_LINE: (&str, f64, Option<&str>) = ("#0b0c0c", 1.5, Some("5 3"));
pub(super) const ACTION_LINE: (&str, f64, Option<&str>) = ("#8c9194", 1.0, Some("1 3"));
pub(super) const BOTH_WAYS_RING: (&str, f64, Option<&str>) = ("#0b0c0c", 1.5, Some("2 2"));
/// Reference lines: England's figure and the neighbours' median.
pub(super) const ENGLAND_LINE: (&str, f64, Option<&str>) = ("#00703c", 1.5, Some("9 3"));
pub(super) const MEDIAN_LINE: (&str, f64, Option<&str>) = ("#003078", 1.5, Some("3 2 1 2"));
/// The colour of completed-action markers.
pub(super) const ACTION_MARK: &str = "#0b0c0c";

/// (fill, outline) of a kind of point.
pub(super) fn colours(kind: PointKind) -> (&'static str, &'static str) {
    match kind {
        PointKind::CommonCause => ("#b1b4b6", "#505a5f"),
        PointKind::Improvement => ("#41b6e6", "#005ea5"),
        PointKind::Concern => ("#ed8b00", "#7a4100"),
        PointKind::NeutralHigh | PointKind::NeutralLow => ("#a285d1", "#4c2c92"),
    }
}

/// The name of a kind in class names.
pub(super) fn kind_class(kind: PointKind) -> &'static str {
    match kind {
        PointKind::CommonCause => "common-cause",
        PointKind::Improvement => "improvement",
        PointKind::Concern => "concern",
        PointKind::NeutralHigh => "neutral-high",
        PointKind::NeutralLow => "neutral-low",
    }
}

/// The marker of a kind centred on (x, y), about `r` across each way from
/// the centre: circle (common cause), square (improvement), diamond
/// (concern), triangle up or down (neutral high or low). Its classes are
/// `base` and `base--kind`, e.g. `app-chart__point--concern`.
pub(super) fn marker(base: &str, kind: PointKind, x: f64, y: f64, r: f64, title: Option<&str>) -> Markup {
    let (fill, outline) = colours(kind);
    let class = format!("{base} {base}--{}", kind_class(kind));
    let polygon = |corners: &[(f64, f64)]| {
        corners
            .iter()
            .map(|(dx, dy)| format!("{},{}", coordinate(x + dx * r), coordinate(y + dy * r)))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let title = html! { @if let Some(title) = title { title { (title) } } };
    match kind {
        PointKind::CommonCause => html! {
            circle class=(class) cx=(coordinate(x)) cy=(coordinate(y)) r=(coordinate(r * 0.9)) fill=(fill) stroke=(outline) stroke-width="1" { (title) }
        },
        PointKind::Improvement => html! {
            rect class=(class) x=(coordinate(x - r * 0.85)) y=(coordinate(y - r * 0.85)) width=(coordinate(r * 1.7)) height=(coordinate(r * 1.7))
                fill=(fill) stroke=(outline) stroke-width="1" { (title) }
        },
        PointKind::Concern => html! {
            polygon class=(class) points=(polygon(&[(0.0, -1.25), (1.25, 0.0), (0.0, 1.25), (-1.25, 0.0)]))
                fill=(fill) stroke=(outline) stroke-width="1" { (title) }
        },
        PointKind::NeutralHigh => html! {
            polygon class=(class) points=(polygon(&[(0.0, -1.2), (1.15, 0.85), (-1.15, 0.85)]))
                fill=(fill) stroke=(outline) stroke-width="1" { (title) }
        },
        PointKind::NeutralLow => html! {
            polygon class=(class) points=(polygon(&[(0.0, 1.2), (1.15, -0.85), (-1.15, -0.85)]))
                fill=(fill) stroke=(outline) stroke-width="1" { (title) }
        },
    }
}

/// The ring round a point whose signals point both ways: the point keeps the
/// shape and colour of the way it counts, and the ring says it shows the other
/// way too (a shape, so it still reads in black and white).
pub(super) fn both_ways_ring(class: &str, x: f64, y: f64, r: f64) -> Markup {
    let (stroke, width, dash) = BOTH_WAYS_RING;
    html! {
        circle class=(class) cx=(coordinate(x)) cy=(coordinate(y)) r=(coordinate(r * 1.9)) fill="none"
            stroke=(stroke) stroke-width=(width) stroke-dasharray=[dash] {}
    }
}

/// A sample of a line for the legend, horizontal or (for recalculation points) upright, as drawn.
fn line_swatch(style: (&str, f64, Option<&str>), upright: bool) -> Markup {
    let (stroke, width, dash) = style;
    let (x1, y1, x2, y2) = if upright { (14, 0, 14, 14) } else { (0, 7, 28, 7) };
    html! {
        svg class="app-chart__swatch" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 28 14" width="28" height="14" aria-hidden="true" focusable="false" {
            line x1=(x1) y1=(y1) x2=(x2) y2=(y2) stroke=(stroke) stroke-width=(width) stroke-dasharray=[dash] {}
        }
    }
}

/// The line style of a reference line.
pub(super) fn reference_style(kind: ReferenceKind) -> (&'static str, f64, Option<&'static str>) {
    match kind {
        ReferenceKind::England => ENGLAND_LINE,
        ReferenceKind::NeighboursMedian => MEDIAN_LINE,
    }
}

fn marker_swatch(kind: PointKind) -> Markup {
    html! {
        svg class="app-chart__swatch" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 28 14" width="28" height="14" aria-hidden="true" focusable="false" {
            (marker("app-chart__key", kind, 14.0, 7.0, 5.0, None))
        }
    }
}

/// The legend: the kinds of point a measure with this direction can have,
/// and each line the chart draws.
pub(super) fn legend(input: &ChartInput) -> Markup {
    let kinds: &[(PointKind, &str)] = match input.direction {
        Direction::Neither => &[
            (PointKind::CommonCause, "Common cause"),
            (PointKind::NeutralHigh, "Special cause, high"),
            (PointKind::NeutralLow, "Special cause, low"),
        ],
        _ => &[
            (PointKind::CommonCause, "Common cause"),
            (PointKind::Improvement, "Improvement"),
            (PointKind::Concern, "Concern"),
        ],
    };
    let points = &input.analysis.points;
    let recalculated = points.last().is_some_and(|p| p.segment > 0);
    let both_ways = points.iter().any(|p| p.other_way(input.direction).is_some());
    let placed_actions = super::plot::placed_actions(input);
    html! {
        ul class="app-chart__legend" aria-label="Key" {
            @for (kind, label) in kinds { li { (marker_swatch(*kind)) (label) } }
            @if both_ways {
                li {
                    svg class="app-chart__swatch" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 28 14" width="28" height="14" aria-hidden="true" focusable="false" {
                        (both_ways_ring("app-chart__key", 14.0, 7.0, 3.4))
                    }
                    "Signals both ways (drawn as it counts)"
                }
            }
            li { (line_swatch(MEAN_LINE, false)) "Mean" }
            @if input.shows_limits() { li { (line_swatch(LIMIT_LINE, false)) "Process limits" } }
            @if input.shows_near_limits() { li { (line_swatch(NEAR_LIMIT_LINE, false)) "Near a limit" } }
            @if input.target.is_some() { li { (line_swatch(TARGET_LINE, false)) "Target" } }
            @for reference in input.references {
                li { (line_swatch(reference_style(reference.kind), false)) (reference.label()) " (published)" }
            }
            @if recalculated { li { (line_swatch(RECALCULATION_LINE, true)) "Limits recalculated" } }
            @if !placed_actions.is_empty() {
                li {
                    svg class="app-chart__swatch" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 28 14" width="28" height="14" aria-hidden="true" focusable="false" {
                        polygon points="14,2 20,12 8,12" fill=(ACTION_MARK) {}
                    }
                    "Action completed"
                }
            }
        }
    }
}

/// Whether the latest point is high (the letter "H") or low ("L"), for the icon.
fn high_or_low(kind: PointKind, direction: Direction) -> Option<&'static str> {
    match (kind, direction) {
        (PointKind::NeutralHigh, _)
        | (PointKind::Improvement, Direction::HigherIsBetter)
        | (PointKind::Concern, Direction::LowerIsBetter) => Some("H"),
        (PointKind::NeutralLow, _)
        | (PointKind::Improvement, Direction::LowerIsBetter)
        | (PointKind::Concern, Direction::HigherIsBetter) => Some("L"),
        _ => None,
    }
}

/// The variation icon's words: "Special cause improvement, higher is better".
pub fn variation_label(kind: Option<PointKind>, direction: Direction) -> String {
    let better = match direction {
        Direction::HigherIsBetter => ", higher is better",
        Direction::LowerIsBetter => ", lower is better",
        Direction::Neither => "",
    };
    match kind {
        None => "No results yet".to_string(),
        Some(PointKind::CommonCause) => "Common cause variation, no sign of change".to_string(),
        Some(PointKind::Improvement) => format!("Special cause improvement{better}"),
        Some(PointKind::Concern) => format!("Special cause concern{better}"),
        Some(PointKind::NeutralHigh) => "Special cause variation, high".to_string(),
        Some(PointKind::NeutralLow) => "Special cause variation, low".to_string(),
    }
}

/// The icon for the variation of the latest point, with its words beside it:
/// a ring in the kind's colour round the kind's marker, and "H" or "L" when
/// the latest point is a special cause high or low.
pub fn variation_icon(kind: Option<PointKind>, direction: Direction) -> Markup {
    let label = variation_label(kind, direction);
    let shown = kind.unwrap_or(PointKind::CommonCause);
    let (_, outline) = if kind.is_some() { colours(shown) } else { ("", "#b1b4b6") };
    let letter = kind.and_then(|k| high_or_low(k, direction));
    let class = format!("app-spc-icon app-spc-icon--{}", kind.map_or("none", kind_class));
    html! {
        span class=(class) {
            svg class="app-spc-icon__image" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40" width="40" height="40" aria-hidden="true" focusable="false" {
                circle cx="20" cy="20" r="17" fill="#ffffff" stroke=(outline) stroke-width="3" {}
                @if kind.is_some() {
                    @if let Some(letter) = letter {
                        (marker("app-spc-icon__mark", shown, 14.0, 20.0, 5.5, None))
                        text x="27" y="25" text-anchor="middle" font-family="Arial, Helvetica, sans-serif" font-size="14"
                            font-weight="700" fill=(outline) { (letter) }
                    } @else {
                        (marker("app-spc-icon__mark", shown, 20.0, 20.0, 6.5, None))
                    }
                }
            }
            span class="app-spc-icon__label" { (label) }
        }
    }
}

/// The assurance icon's words: "Consistently passes target"; with no
/// assurance, what the measure lacks for one, and only that: "No assurance:
/// needs a target" (`needs` says what; the icon key passes nothing).
pub fn assurance_label(assurance: Option<Assurance>, needs: AssuranceNeeds) -> String {
    match assurance {
        Some(Assurance::ConsistentPass) => "Consistently passes target".to_string(),
        Some(Assurance::ConsistentFail) => "Consistently fails target".to_string(),
        Some(Assurance::Inconsistent) => "Hit and miss target".to_string(),
        None if !needs.any() => "No assurance".to_string(),
        None => {
            let missing: Vec<&str> = [
                (needs.target, "a target"),
                (needs.direction, "a direction (which way is better)"),
                (needs.limits, "reliable limits"),
            ]
            .into_iter()
            .filter_map(|(lacking, what)| lacking.then_some(what))
            .collect();
            let listed = match missing.as_slice() {
                [rest @ .., last] if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
                _ => missing.concat(),
            };
            format!("No assurance: needs {listed}")
        }
    }
}

/// The icon for whether the process will meet its target, with its words
/// beside it: a ring with "P" (passes), "F" (fails) or "?" (hit and miss),
/// and a grey dash when there is no assurance to give.
pub fn assurance_icon(assurance: Option<Assurance>, needs: AssuranceNeeds) -> Markup {
    let (letter, colour, name) = match assurance {
        Some(Assurance::ConsistentPass) => ("P", "#005ea5", "pass"),
        Some(Assurance::ConsistentFail) => ("F", "#7a4100", "fail"),
        Some(Assurance::Inconsistent) => ("?", "#505a5f", "hit-and-miss"),
        None => ("–", "#8c9194", "none"),
    };
    let class = format!("app-spc-icon app-spc-icon--{name}");
    html! {
        span class=(class) {
            svg class="app-spc-icon__image" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40" width="40" height="40" aria-hidden="true" focusable="false" {
                circle cx="20" cy="20" r="17" fill="#ffffff" stroke=(colour) stroke-width="3" {}
                // The target, drawn as a short line under the letter, as on the chart.
                line x1="10" y1="29" x2="30" y2="29" stroke=(TARGET_LINE.0) stroke-width="2" stroke-dasharray="4 2" {}
                text x="20" y="24" text-anchor="middle" font-family="Arial, Helvetica, sans-serif" font-size="16"
                    font-weight="700" fill=(colour) { (letter) }
            }
            span class="app-spc-icon__label" { (assurance_label(assurance, needs)) }
        }
    }
}
