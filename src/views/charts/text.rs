//! The chart in words: the text alternative, which says what the picture
//! says, and the data table of every point.

use super::geometry::format_value;
use super::marks::{assurance_label, variation_label};
use super::{segment_ranges, ChartInput, TOO_FEW_POINTS};
use crate::domain::kinds::{Direction, Unit};
use crate::domain::spc::{AnalysedPoint, PointKind, Signal, PRECEDENCE};
use crate::views::components::date;
use chrono::NaiveDate;
use maud::{html, Markup};
use std::ops::Range;

/// One signal over one or more neighbouring points, told in one sentence.
#[derive(Debug, Clone, PartialEq)]
struct SignalGroup {
    signal: Signal,
    /// Above the mean (or, for a trend, rising).
    high: bool,
    /// Point indices, in order.
    indices: Vec<usize>,
}

fn is_high(points: &[AnalysedPoint], i: usize, signal: Signal) -> bool {
    let p = &points[i];
    match signal {
        Signal::Trend => p.rising == Some(true),
        _ => p.value > p.mean.unwrap_or(p.value),
    }
}

/// Signals grouped into runs: a shift or trend is one run of neighbouring
/// points; two-of-three points may have one point between them; points
/// outside the limits on one side are told together while they follow each
/// other. Ordered by first point.
fn signal_groups(points: &[AnalysedPoint]) -> Vec<SignalGroup> {
    let mut groups: Vec<SignalGroup> = Vec::new();
    for signal in [Signal::OutsideLimits, Signal::Shift, Signal::Trend, Signal::TwoOfThree] {
        let gap = if signal == Signal::TwoOfThree { 2 } else { 1 };
        let mut current: Option<SignalGroup> = None;
        for (i, p) in points.iter().enumerate().filter(|(_, p)| p.signals.contains(&signal)) {
            let high = is_high(points, i, signal);
            let joins = current.as_ref().is_some_and(|g| {
                let last = g.indices[g.indices.len() - 1];
                g.high == high && i - last <= gap && points[last].segment == p.segment
            });
            match current.as_mut() {
                Some(group) if joins => group.indices.push(i),
                _ => groups.extend(current.replace(SignalGroup { signal, high, indices: vec![i] })),
            }
        }
        groups.extend(current);
    }
    groups.sort_by_key(|g| (g.indices[0], g.signal));
    groups
}

/// Whether a high (or low) signal is good news, bad news, or neither.
fn judgement(high: bool, direction: Direction) -> &'static str {
    match (direction, high) {
        (Direction::HigherIsBetter, true) | (Direction::LowerIsBetter, false) => "Improvement",
        (Direction::HigherIsBetter, false) | (Direction::LowerIsBetter, true) => "Concern",
        (Direction::Neither, true) => "Special cause, high",
        (Direction::Neither, false) => "Special cause, low",
    }
}

/// "A", "A and B", "A, B and C".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Whether a signal rests on the process limits rather than on the mean or the run of points.
fn rests_on_limits(signal: Signal) -> bool {
    matches!(signal, Signal::OutsideLimits | Signal::TwoOfThree)
}

fn group_sentence(group: &SignalGroup, points: &[AnalysedPoint], direction: Direction, limits_drawn: bool) -> String {
    let first = date(points[group.indices[0]].period);
    let last = date(points[group.indices[group.indices.len() - 1]].period);
    let n = group.indices.len();
    let what = match (group.signal, group.high) {
        (Signal::OutsideLimits, true) if n == 1 => {
            format!("{first} is outside the process limits, above the upper limit")
        }
        (Signal::OutsideLimits, false) if n == 1 => {
            format!("{first} is outside the process limits, below the lower limit")
        }
        (Signal::OutsideLimits, true) => {
            format!("{n} points in a row outside the process limits, above the upper limit, from {first} to {last}")
        }
        (Signal::OutsideLimits, false) => {
            format!("{n} points in a row outside the process limits, below the lower limit, from {first} to {last}")
        }
        (Signal::Shift, true) => format!("a shift of {n} points in a row above the mean, from {first} to {last}"),
        (Signal::Shift, false) => format!("a shift of {n} points in a row below the mean, from {first} to {last}"),
        (Signal::Trend, true) => format!("a rising trend of {n} points, from {first} to {last}"),
        (Signal::Trend, false) => format!("a falling trend of {n} points, from {first} to {last}"),
        (Signal::TwoOfThree, high) => {
            let dates: Vec<String> = group.indices.iter().map(|i| date(points[*i].period)).collect();
            let limit = if high { "upper" } else { "lower" };
            format!("two of three points near the {limit} limit, on {}", and_list(&dates))
        }
    };
    let caveat = if !limits_drawn && rests_on_limits(group.signal) { " (limits not drawn)" } else { "" };
    format!("{}: {what}{caveat}.", judgement(group.high, direction))
}

/// "improvement", "concern", "high" or "low": the way a kind of point points.
fn way(kind: PointKind) -> &'static str {
    match kind {
        PointKind::CommonCause => "common cause",
        PointKind::Improvement => "improvement",
        PointKind::Concern => "concern",
        PointKind::NeutralHigh => "high",
        PointKind::NeutralLow => "low",
    }
}

/// A point's variation in words, the same in every table and tooltip:
/// "Special cause: concern", and for a point with signals both ways
/// "Special cause: concern (also improvement: signals both ways)".
pub fn variation_words(kind: PointKind, other_way: Option<PointKind>) -> String {
    match other_way {
        Some(other) => format!("{} (also {}: signals both ways)", sentence_case(kind.label()), way(other)),
        None => sentence_case(kind.label()),
    }
}

/// A sentence for each run of neighbouring points whose signals point both
/// ways, saying how they count (the engine's `PRECEDENCE`) and what else they show.
fn both_ways_sentences(points: &[AnalysedPoint], direction: Direction) -> Vec<String> {
    let mut runs: Vec<(Range<usize>, PointKind, PointKind)> = Vec::new();
    for (i, p) in points.iter().enumerate() {
        let Some(other) = p.other_way(direction) else { continue };
        match runs.last_mut() {
            Some((run, kind, o))
                if run.end == i && *kind == p.kind && *o == other && points[run.start].segment == p.segment =>
            {
                run.end = i + 1
            }
            _ => runs.push((i..i + 1, p.kind, other)),
        }
    }
    let order: Vec<&str> = PRECEDENCE.iter().map(|s| rule_name(*s)).collect();
    runs.into_iter()
        .map(|(run, kind, other)| {
            let (first, last) = (date(points[run.start].period), date(points[run.end - 1].period));
            let (what, counts, shows) =
                if run.len() == 1 { (first, "is", "shows") } else { (format!("{first} to {last}"), "are", "show") };
            format!(
                "Signals both ways: {what} {counts} counted as {} and also {shows} {} (a point counts by its first signal in the order {}).",
                kind_phrase(kind),
                kind_phrase(other),
                and_list(&order.iter().map(|s| s.to_string()).collect::<Vec<_>>())
            )
        })
        .collect()
}

/// A rule's short name, for the order signals count in.
fn rule_name(signal: Signal) -> &'static str {
    match signal {
        Signal::OutsideLimits => "outside the limits",
        Signal::Trend => "trend",
        Signal::TwoOfThree => "two of three near a limit",
        Signal::Shift => "shift",
    }
}

/// A kind of special cause as a noun phrase: "an improvement", "a concern", "special cause high".
fn kind_phrase(kind: PointKind) -> &'static str {
    match kind {
        PointKind::CommonCause => "common cause",
        PointKind::Improvement => "an improvement",
        PointKind::Concern => "a concern",
        PointKind::NeutralHigh => "special cause high",
        PointKind::NeutralLow => "special cause low",
    }
}

/// For a run chart whose points are flagged against limits it does not
/// draw: those limits in words, segment by segment.
fn undrawn_limits_sentence(input: &ChartInput) -> Option<String> {
    let points = &input.analysis.points;
    let ranges: Vec<Range<usize>> = segment_ranges(points)
        .into_iter()
        .filter(|r| points[r.clone()].iter().any(|p| p.signals.iter().any(|s| rests_on_limits(*s))))
        .collect();
    if input.shows_limits() || ranges.is_empty() {
        return None;
    }
    let unit = input.unit;
    let limits: Vec<String> = ranges
        .iter()
        .filter_map(|r| {
            let first = &points[r.start];
            let (lower, upper) = (first.lower_limit?, first.upper_limit?);
            let span = format!("{} to {}", format_value(lower, unit), format_value(upper, unit));
            Some(if segment_ranges(points).len() > 1 { format!("{span} from {}", date(first.period)) } else { span })
        })
        .collect();
    Some(format!(
        "Some signals rest on process limits worked out from so few points ({}); the limits are not drawn, as they are not yet reliable.",
        and_list(&limits)
    ))
}

/// A segment's centre line and limits in words, as far as the chart shows them.
fn segment_words(input: &ChartInput, first: &AnalysedPoint) -> String {
    let unit = input.unit;
    let Some(mean) = first.mean else {
        return "too few points for a mean".to_string();
    };
    let mut words = format!("mean {}", format_value(mean, unit));
    if let (true, Some(lower), Some(upper)) = (input.shows_limits(), first.lower_limit, first.upper_limit) {
        words += &format!(", process limits {} to {}", format_value(lower, unit), format_value(upper, unit));
    }
    if let (true, Some(lower), Some(upper)) = (input.shows_near_limits(), first.near_lower, first.near_upper) {
        words += &format!(", near-limit lines at {} and {}", format_value(lower, unit), format_value(upper, unit));
    }
    words
}

fn segments_sentence(input: &ChartInput, ranges: &[Range<usize>]) -> String {
    let points = &input.analysis.points;
    if let [only] = ranges {
        return format!("{}.", sentence_case(&segment_words(input, &points[only.start])));
    }
    let starts: Vec<String> = ranges.iter().skip(1).map(|r| date(points[r.start].period)).collect();
    let mut sentence = format!("Limits recalculated from {}.", and_list(&starts));
    for range in ranges {
        let (from, to) = (date(points[range.start].period), date(points[range.end - 1].period));
        let span = if range.len() == 1 { from } else { format!("{from} to {to}") };
        sentence += &format!(" {span}: {}.", segment_words(input, &points[range.start]));
    }
    sentence
}

/// The chart in words, in three parts so a page can show the signals as a list.
struct Summary {
    /// The results, the latest value, the mean and limits, the target.
    about: Vec<String>,
    /// A sentence per signal, naming the rule and when it fired.
    signals: Vec<String>,
    /// The variation and assurance, and the actions completed.
    after: Vec<String>,
}

fn summary(input: &ChartInput) -> Summary {
    let analysis = input.analysis;
    let points = &analysis.points;
    let (Some(first), Some(latest)) = (points.first(), points.last()) else {
        return Summary { about: vec![format!("{}: no results yet.", input.title)], signals: vec![], after: vec![] };
    };
    let unit = input.unit;
    let mut about = vec![match points.len() {
        1 => format!("{}: 1 result, for {}.", input.title, date(first.period)),
        n => format!("{}: {n} results from {} to {}.", input.title, date(first.period), date(latest.period)),
    }];
    about.push(format!("Latest value {} ({}).", format_value(latest.value, unit), date(latest.period)));
    if !input.shows_limits() {
        about.push(format!("{TOO_FEW_POINTS}."));
    }
    about.extend(undrawn_limits_sentence(input));
    about.push(segments_sentence(input, &segment_ranges(points)));
    if let Some(target) = input.target {
        about.push(format!("Target {}.", format_value(target, unit)));
    }
    if !input.references.is_empty() {
        let lines: Vec<String> = input.references.iter().map(|r| r.in_words(unit)).collect();
        about.push(format!("Drawn for comparison: {}.", and_list(&lines)));
    }
    let mut signals: Vec<String> = signal_groups(points)
        .iter()
        .map(|g| group_sentence(g, points, input.direction, input.shows_limits()))
        .collect();
    signals.extend(both_ways_sentences(points, input.direction));
    if signals.is_empty() {
        about.push("No signals: common cause variation only.".to_string());
    }
    let mut after =
        vec![format!("Latest point: {}.", variation_label(analysis.variation, input.direction).to_lowercase())];
    if input.target.is_some() && input.shows_limits() {
        after.push(format!(
            "Assurance: {}.",
            assurance_label(analysis.assurance, input.assurance_needs()).to_lowercase()
        ));
    }
    let mut actions: Vec<&(NaiveDate, String)> = input.completed_actions.iter().collect();
    actions.sort_by_key(|(completed, _)| *completed);
    if !actions.is_empty() {
        let listed: Vec<String> =
            actions.iter().map(|(completed, action)| format!("{action} ({})", date(*completed))).collect();
        after.push(format!("Actions completed: {}.", listed.join("; ")));
    }
    Summary { about, signals, after }
}

/// The chart in words, for screen readers and anyone who prefers text: how
/// many results over what time, the latest value, each segment's mean and
/// limits, the target, every signal with the rule it meets and when, the
/// variation and assurance, and the actions completed.
pub fn chart_summary(input: &ChartInput) -> String {
    let Summary { about, signals, after } = summary(input);
    let signals = if signals.is_empty() { vec![] } else { [vec!["Signals:".to_string()], signals].concat() };
    [about, signals, after].concat().join(" ")
}

/// The same words as `chart_summary`, with the signals as a list.
pub(super) fn summary_markup(input: &ChartInput, id: &str) -> Markup {
    let Summary { about, signals, after } = summary(input);
    html! {
        div class="app-chart__summary" id=(id) {
            p { (about.join(" ")) }
            @if !signals.is_empty() {
                p { "Signals:" }
                ul class="app-list" { @for signal in &signals { li { (signal) } } }
            }
            p { (after.join(" ")) }
        }
    }
}

fn maybe_value(value: Option<f64>, unit: Unit) -> String {
    value.map_or_else(|| "–".to_string(), |v| format_value(v, unit))
}

/// A kind's label with a capital letter, for a table cell.
fn sentence_case(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Every point with its segment's mean and limits (as far as the chart shows
/// them), its signals in words and its kind.
pub(super) fn data_table(input: &ChartInput) -> Markup {
    let unit = input.unit;
    let (limits, near) = (input.shows_limits(), input.shows_near_limits());
    let points = &input.analysis.points;
    let columns = 5 + 2 * usize::from(limits) + 2 * usize::from(near);
    html! {
        table class="app-table app-chart__table" {
            caption class="app-visually-hidden" { "Results of " (input.title) " with each segment's mean and limits" }
            thead {
                tr {
                    th scope="col" { "Period" } th scope="col" { "Value" } th scope="col" { "Mean" }
                    @if limits { th scope="col" { "Lower limit" } th scope="col" { "Upper limit" } }
                    @if near { th scope="col" { "Near lower" } th scope="col" { "Near upper" } }
                    th scope="col" { "Signals" } th scope="col" { "Variation" }
                }
            }
            tbody {
                @for (i, p) in points.iter().enumerate() {
                    @let words = p.signal_words();
                    tr {
                        th scope="row" {
                            (date(p.period))
                            @if i > 0 && points[i - 1].segment != p.segment { br; span class="app-hint" { "Limits recalculated" } }
                        }
                        td { (format_value(p.value, unit)) }
                        td { (maybe_value(p.mean, unit)) }
                        @if limits { td { (maybe_value(p.lower_limit, unit)) } td { (maybe_value(p.upper_limit, unit)) } }
                        @if near { td { (maybe_value(p.near_lower, unit)) } td { (maybe_value(p.near_upper, unit)) } }
                        td { @if words.is_empty() { "None" } @else { (sentence_case(&words.join("; "))) } }
                        td { (variation_words(p.kind, p.other_way(input.direction))) }
                    }
                }
            }
            @if !input.references.is_empty() {
                tfoot {
                    @for reference in input.references {
                        tr {
                            th scope="row" { (reference.label()) }
                            td { (format_value(reference.value, unit)) }
                            td colspan=(columns - 2) { "Published figure drawn for comparison"
                                @if let Some(note) = &reference.note { " (" (note) ")" } }
                        }
                    }
                }
            }
        }
    }
}
