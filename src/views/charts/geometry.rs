//! Where things go on a chart, as small pure functions the tests can check:
//! the frame, the y scale, the x position of a point or a date, which dates
//! are labelled, and how a value reads in its unit.

use super::ChartSize;
use crate::domain::kinds::Unit;
use crate::domain::numbers::plain_number;
use crate::domain::spc::analysable;
use chrono::NaiveDate;

/// Space between the y axis and the first point, so markers clear the axis.
const INSET: f64 = 10.0;
/// Room above the plot for the "Recalculated" labels.
const TOP: f64 = 22.0;
/// Room below the plot for the date labels.
const BELOW: f64 = 28.0;
/// Extra room below the date labels for completed-action markers.
const BELOW_ACTIONS: f64 = 30.0;
/// Fewest viewBox units between two labels on the x axis.
const LABEL_GAP: f64 = 10.0;
/// A generous average character width, as a share of the font size, so
/// estimated label widths are never smaller than the drawn ones.
const CHAR_WIDTH: f64 = 0.62;
/// How many labelled points apart x labels may be: months, quarters, years.
const TICK_STEPS: [usize; 6] = [1, 2, 3, 4, 6, 12];

/// The drawing area of a chart, in viewBox units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    /// Width of the viewBox.
    pub width: f64,
    /// Height of the viewBox.
    pub height: f64,
    /// The y axis; its labels sit to the left.
    pub left: f64,
    /// The right edge of the plot.
    pub right: f64,
    /// The top of the plot.
    pub top: f64,
    /// The x axis.
    pub bottom: f64,
    /// Font size of labels.
    pub font: f64,
}

impl Frame {
    /// The frame for a size; room for action markers is kept only when there are some.
    pub fn new(size: ChartSize, with_actions: bool) -> Frame {
        let (width, plot_height, font) = match size {
            ChartSize::Large => (640.0, 240.0, 13.0),
            ChartSize::Small => (480.0, 170.0, 12.0),
        };
        let below = if with_actions { BELOW + BELOW_ACTIONS } else { BELOW };
        Frame {
            width,
            height: TOP + plot_height + below,
            left: 48.0,
            right: width - 24.0,
            top: TOP,
            bottom: TOP + plot_height,
            font,
        }
    }

    /// The x of a (possibly fractional) point index in a series of `count`
    /// points: evenly spaced, one point in the middle.
    pub fn x(&self, index: f64, count: usize) -> f64 {
        if count < 2 {
            return (self.left + self.right) / 2.0;
        }
        self.left + INSET + index * self.spacing(count)
    }

    /// The distance between neighbouring points.
    pub fn spacing(&self, count: usize) -> f64 {
        if count < 2 {
            return self.right - self.left;
        }
        (self.right - self.left - 2.0 * INSET) / (count - 1) as f64
    }

    /// The estimated width of a label of `chars` characters.
    pub fn label_width(&self, chars: usize) -> f64 {
        chars as f64 * self.font * CHAR_WIDTH
    }
}

/// Maps values to y coordinates: higher values higher on the chart.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct YScale {
    /// The value at the x axis.
    pub low: f64,
    /// The value at the top of the plot.
    pub high: f64,
    top: f64,
    bottom: f64,
}

impl YScale {
    /// A scale over every value drawn (results, means, limits, target), with
    /// 8% of the range spare above and below so nothing sits on an edge.
    /// Values the statistics could not take (`spc::analysable`: not a number,
    /// or a target stored before the rules, beyond any unit) do not stretch it.
    pub fn new(values: impl IntoIterator<Item = f64>, frame: &Frame) -> YScale {
        let (min, max) = values
            .into_iter()
            .filter(|v| analysable(*v))
            .fold(None, |acc: Option<(f64, f64)>, v| Some(acc.map_or((v, v), |(lo, hi)| (lo.min(v), hi.max(v)))))
            .unwrap_or((0.0, 1.0));
        let span = max - min;
        // A flat series (or one whose spread is lost in rounding) still needs a range to draw in.
        let flat = span <= 1e-9 * min.abs().max(max.abs()).max(1.0);
        let pad = if flat { (min.abs() * 0.1).max(1.0) } else { span * 0.08 };
        YScale { low: min - pad, high: max + pad, top: frame.top, bottom: frame.bottom }
    }

    /// The y coordinate of a value; a value far off the scale is drawn just
    /// off it, and one that is not a number at the axis, so that no
    /// coordinate is ever infinite or not a number.
    pub fn y(&self, value: f64) -> f64 {
        let range = self.high - self.low;
        let value = if value.is_nan() { self.low } else { value.clamp(self.low - range, self.high + range) };
        self.bottom - (value - self.low) / range * (self.bottom - self.top)
    }

    /// Round values within the scale for gridlines, about `count` of them,
    /// stepping by 1, 2 or 5 times a power of ten (never finer than 0.1, the
    /// precision values are shown to).
    pub fn ticks(&self, count: usize) -> Vec<f64> {
        let raw = (self.high - self.low) / count.max(1) as f64;
        let magnitude = 10f64.powf(raw.log10().floor());
        let step = match raw / magnitude {
            f if f <= 1.0 => magnitude,
            f if f <= 2.0 => 2.0 * magnitude,
            f if f <= 5.0 => 5.0 * magnitude,
            _ => 10.0 * magnitude,
        }
        .max(0.1);
        let first = (self.low / step).ceil() as i64;
        let last = (self.high / step).floor() as i64;
        (first..=last).map(|k| k as f64 * step).collect()
    }
}

/// How many points apart the x labels go so that none overlap: the fewest
/// of 1, 2, 3, 4, 6 or 12 (then whole years) that leaves room for a label.
pub fn label_every(spacing: f64, label_width: f64) -> usize {
    let needed = label_width + LABEL_GAP;
    let fits = |every: usize| every as f64 * spacing >= needed;
    TICK_STEPS.into_iter().find(|every| fits(*every)).unwrap_or_else(|| {
        let years = (needed / (12.0 * spacing)).ceil().max(1.0) as usize;
        12 * years
    })
}

/// A period as a short label: "Jan 24".
pub fn short_month(date: NaiveDate) -> String {
    date.format("%b %y").to_string()
}

/// The points whose dates are labelled on the x axis, with their labels,
/// counted back from the latest so the latest result is always labelled.
pub fn x_labels(periods: &[NaiveDate], frame: &Frame) -> Vec<(usize, String)> {
    let count = periods.len();
    let labels: Vec<String> = periods.iter().map(|p| short_month(*p)).collect();
    let widest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let every = label_every(frame.spacing(count), frame.label_width(widest));
    labels.into_iter().enumerate().filter(|(i, _)| (count - 1 - i).is_multiple_of(every)).collect()
}

/// Where a date falls among the periods, as a fractional point index (so a
/// date between two periods is drawn between their points); none outside
/// the series. Periods must be in order.
pub fn date_position(periods: &[NaiveDate], date: NaiveDate) -> Option<f64> {
    let (first, last) = (*periods.first()?, *periods.last()?);
    if date < first || date > last {
        return None;
    }
    let after = periods.partition_point(|p| *p < date);
    if periods[after] == date || after == 0 {
        return Some(after as f64);
    }
    let (from, to) = (periods[after - 1], periods[after]);
    let days = (to - from).num_days() as f64;
    Some((after - 1) as f64 + (date - from).num_days() as f64 / days)
}

/// A value in its unit, to at most one decimal place: "72%", "12.5 days",
/// "1,204". A whole number drops the ".0".
pub fn format_value(value: f64, unit: Unit) -> String {
    if !value.is_finite() {
        return plain_number(value);
    }
    let number = plain_number(value);
    match unit {
        Unit::Percent => format!("{number}%"),
        Unit::Days if number == "1" => "1 day".to_string(),
        Unit::Days => format!("{number} days"),
        Unit::Count | Unit::Ratio => number,
    }
}

/// A value on the y axis: short, so days drop their word (the axis is labelled once).
pub fn axis_label(value: f64, unit: Unit) -> String {
    match unit {
        Unit::Percent => format!("{}%", plain_number(value)),
        _ => plain_number(value),
    }
}

/// A coordinate as written into the SVG: one decimal place is finer than a pixel.
pub fn coordinate(value: f64) -> String {
    format!("{value:.1}")
}
