use super::geometry::{date_position, format_value, label_every, Frame, YScale};
use super::*;
use crate::domain::dates::month_end;
use crate::domain::spc::{analyse, series, Assurance, AssuranceNeeds, PointKind, Signal, SpcSettings};
use chrono::Months;
use std::collections::BTreeMap;

fn month(i: usize) -> NaiveDate {
    let first = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    month_end(first.checked_add_months(Months::new(i as u32)).unwrap())
}

fn analysed(values: &[f64], recalculate_at: &[usize], direction: Direction, target: Option<f64>) -> SpcAnalysis {
    let results: Vec<(NaiveDate, f64)> = values.iter().enumerate().map(|(i, v)| (month(i), *v)).collect();
    let recalculations: Vec<NaiveDate> = recalculate_at.iter().map(|i| month(*i)).collect();
    analyse(&series(&results, &recalculations), &SpcSettings { direction, target, baseline: None, screen: true })
}

fn input<'a>(analysis: &'a SpcAnalysis, actions: &'a [(NaiveDate, String)]) -> ChartInput<'a> {
    ChartInput {
        id: "decisions",
        title: "Referral decisions within 1 working day",
        unit: Unit::Percent,
        direction: Direction::HigherIsBetter,
        target: None,
        analysis,
        completed_actions: actions,
        size: ChartSize::Large,
        show_near_limits: false,
        references: &[],
    }
}

/// Every start tag in the markup as (element name, attributes), in order.
fn tags(markup: &str) -> Vec<(String, BTreeMap<String, String>)> {
    markup
        .split('<')
        .skip(1)
        .filter(|t| !t.starts_with('/'))
        .filter_map(|t| {
            let tag = t.split('>').next()?;
            let (name, mut rest) = tag.split_once(' ').unwrap_or((tag, ""));
            let mut attributes = BTreeMap::new();
            while let Some(eq) = rest.find("=\"") {
                let after = &rest[eq + 2..];
                let end = after.find('"')?;
                attributes.insert(rest[..eq].trim().to_string(), after[..end].to_string());
                rest = &after[end + 1..];
            }
            Some((name.to_string(), attributes))
        })
        .collect()
}

/// The attributes of every element whose classes include `class`.
fn with_class(markup: &str, class: &str) -> Vec<(String, BTreeMap<String, String>)> {
    tags(markup).into_iter().filter(|(_, a)| a.get("class").is_some_and(|c| c.split(' ').any(|c| c == class))).collect()
}

fn number(attributes: &BTreeMap<String, String>, name: &str) -> f64 {
    attributes[name].parse().unwrap()
}

fn close(actual: f64, expected: f64) -> bool {
    // Coordinates are written to one decimal place.
    (actual - expected).abs() <= 0.051
}

/// Twenty results round 50% with no signal.
const STEADY: [f64; 20] = [
    50.0, 52.0, 49.0, 51.0, 53.0, 48.0, 50.0, 52.0, 47.0, 51.0, 50.0, 49.0, 53.0, 51.0, 50.0, 52.0, 48.0, 50.0, 51.0,
    49.0,
];

#[test]
fn the_y_scale_pads_the_range_by_8_percent_and_puts_higher_values_higher() {
    let frame = Frame::new(ChartSize::Large, false);
    let scale = YScale::new([0.0, 100.0], &frame);
    assert_eq!((scale.low, scale.high), (-8.0, 108.0));
    assert!(close(scale.y(-8.0), frame.bottom) && close(scale.y(108.0), frame.top));
    assert!(close(scale.y(50.0), frame.bottom - 120.0), "50 is half way up a 240-high plot");
    assert_eq!(scale.ticks(6), vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
    let flat = YScale::new([70.0, 70.0], &frame);
    assert!(flat.low < 70.0 && flat.high > 70.0, "a flat series still has a range");
}

#[test]
fn mean_and_limits_are_drawn_at_their_values() {
    let analysis = analysed(&STEADY, &[], Direction::HigherIsBetter, None);
    let chart = input(&analysis, &[]);
    let svg = spc_chart(&chart).into_string();
    let (frame, scale) = plot::layout(&chart);
    let p = &analysis.points[0];
    let (first_x, last_x) = (frame.x(0.0, 20), frame.x(19.0, 20));
    for (class, value) in [
        ("app-chart__mean", p.mean.unwrap()),
        ("app-chart__upper-limit", p.upper_limit.unwrap()),
        ("app-chart__lower-limit", p.lower_limit.unwrap()),
    ] {
        let lines = with_class(&svg, class);
        assert_eq!(lines.len(), 1, "one {class} line");
        let line = &lines[0].1;
        assert!(
            close(number(line, "y1"), scale.y(value)) && close(number(line, "y2"), scale.y(value)),
            "{class} at {value}"
        );
        assert!(close(number(line, "x1"), first_x) && close(number(line, "x2"), last_x), "{class} spans the series");
    }
    let values = with_class(&svg, "app-chart__values");
    let first = values[0].1["points"].split(' ').next().unwrap().to_string();
    assert_eq!(first, format!("{:.1},{:.1}", first_x, scale.y(50.0)), "the values line starts at the first result");
}

#[test]
fn the_target_line_is_drawn_at_the_target() {
    let analysis = analysed(&STEADY, &[], Direction::HigherIsBetter, Some(60.0));
    let chart = ChartInput { target: Some(60.0), ..input(&analysis, &[]) };
    let svg = spc_chart(&chart).into_string();
    let (_, scale) = plot::layout(&chart);
    let target = &with_class(&svg, "app-chart__target-line")[0].1;
    assert!(close(number(target, "y1"), scale.y(60.0)));
    assert!(scale.high > 60.0, "the scale reaches the target");
}

#[test]
fn published_figures_are_drawn_as_labelled_lines_and_told_in_the_words_and_the_table() {
    let analysis = analysed(&STEADY, &[], Direction::HigherIsBetter, None);
    let references = [
        ReferenceLine { kind: ReferenceKind::England, value: 72.5, year: "2025".into(), note: None },
        ReferenceLine {
            kind: ReferenceKind::NeighboursMedian,
            value: 30.0,
            year: "2025".into(),
            note: Some("median of 10 neighbours".into()),
        },
    ];
    let chart = ChartInput { references: &references, ..input(&analysis, &[]) };
    let markup = spc_chart(&chart).into_string();
    let (_, scale) = plot::layout(&chart);
    let lines = with_class(&markup, "app-chart__reference-line");
    assert_eq!(lines.len(), 2);
    assert!(close(number(&lines[0].1, "y1"), scale.y(72.5)) && close(number(&lines[1].1, "y1"), scale.y(30.0)));
    assert!(scale.high > 72.5 && scale.low < 30.0, "the scale reaches both figures");
    assert!(markup.contains(">England 2025<") && markup.contains(">Neighbours' median 2025<"), "labelled");
    let words = chart_summary(&chart);
    assert!(
        words.contains(
            "Drawn for comparison: England 72.5% (2025, published) and Neighbours' median 30% (median of 10 neighbours, 2025, published)."
        ),
        "{words}"
    );
    assert!(markup.contains("<tfoot>"), "the data table lists them");
    assert!(markup.contains("England 2025 (published)"), "the key names them");
}

#[test]
fn points_the_engine_flags_get_the_concern_and_improvement_colour_and_shape() {
    let mut values = STEADY.to_vec();
    values[8] = 80.0;
    values[15] = 20.0;
    let analysis = analysed(&values, &[], Direction::HigherIsBetter, None);
    assert_eq!(analysis.points[8].kind, PointKind::Improvement);
    assert_eq!(analysis.points[15].kind, PointKind::Concern);
    let svg = spc_chart(&input(&analysis, &[])).into_string();
    let markers = with_class(&svg, "app-chart__point");
    assert_eq!(markers.len(), values.len(), "one marker per result");
    for ((element, attributes), point) in markers.iter().zip(&analysis.points) {
        let expected = match point.kind {
            PointKind::Improvement => ("rect", "#41b6e6", "app-chart__point--improvement"),
            PointKind::Concern => ("polygon", "#ed8b00", "app-chart__point--concern"),
            _ => ("circle", "#b1b4b6", "app-chart__point--common-cause"),
        };
        assert_eq!((element.as_str(), attributes["fill"].as_str()), (expected.0, expected.1), "{}", point.period);
        assert!(attributes["class"].contains(expected.2));
    }
}

#[test]
fn the_text_alternative_names_each_signal_that_fired() {
    // Steady, then one result far above, then eight below the mean.
    let mut values = vec![50.0, 52.0, 49.0, 51.0, 50.0, 52.0, 49.0, 51.0, 50.0, 52.0, 80.0];
    values.extend([46.0, 47.0, 46.0, 47.0, 46.0, 47.0, 46.0, 47.0]);
    let analysis = analysed(&values, &[], Direction::HigherIsBetter, Some(55.0));
    assert!(analysis.points[10].signals.contains(&Signal::OutsideLimits));
    assert!((11..19).all(|i| analysis.points[i].signals.contains(&Signal::Shift)));
    let chart = ChartInput { target: Some(55.0), ..input(&analysis, &[]) };
    let words = chart_summary(&chart);
    assert!(
        words.contains("Improvement: 30 November 2024 is outside the process limits, above the upper limit."),
        "{words}"
    );
    assert!(
        words.contains("Concern: a shift of 8 points in a row below the mean, from 31 December 2024 to 31 July 2025."),
        "{words}"
    );
    assert!(words.contains("Latest value 47% (31 July 2025)."), "{words}");
    assert!(words.contains("Target 55%."), "{words}");
    let p = analysis.latest().unwrap();
    let limits = format!(
        "process limits {} to {}",
        format_value(p.lower_limit.unwrap(), Unit::Percent),
        format_value(p.upper_limit.unwrap(), Unit::Percent)
    );
    assert!(words.contains(&limits), "{words}");
    let markup = spc_chart(&chart).into_string();
    assert!(markup.contains("<li>Concern: a shift of 8 points"), "signals are listed on the page");
}

#[test]
fn a_trend_is_told_once_with_its_direction() {
    let mut values = STEADY[..10].to_vec();
    values.extend([44.0, 46.0, 48.0, 50.0, 52.0, 54.0, 56.0]);
    let analysis = analysed(&values, &[], Direction::LowerIsBetter, None);
    assert!((10..17).all(|i| analysis.points[i].signals.contains(&Signal::Trend)));
    let chart = ChartInput { direction: Direction::LowerIsBetter, ..input(&analysis, &[]) };
    let words = chart_summary(&chart);
    assert_eq!(words.matches("trend").count(), 1, "{words}");
    assert!(words.contains("Concern: a rising trend of 7 points, from 30 November 2024 to 31 May 2025."), "{words}");
}

#[test]
fn fewer_than_15_points_draw_no_limits_and_say_so() {
    let analysis = analysed(&STEADY[..10], &[], Direction::HigherIsBetter, Some(60.0));
    assert!(analysis.too_few_points);
    let chart = ChartInput { target: Some(60.0), show_near_limits: true, ..input(&analysis, &[]) };
    let markup = spc_chart(&chart).into_string();
    for class in ["app-chart__upper-limit", "app-chart__lower-limit", "app-chart__near-limit"] {
        assert!(with_class(&markup, class).is_empty(), "no {class}");
    }
    assert_eq!(with_class(&markup, "app-chart__mean").len(), 1, "a run chart keeps its centre line");
    assert!(markup.contains(TOO_FEW_POINTS));
    assert!(chart_summary(&chart).contains("Too few points for reliable limits."));
    assert!(!chart_summary(&chart).contains("process limits"), "limits are not given in words either");
    assert!(!markup.contains("Lower limit"), "nor in the table");
    assert!(markup.contains("No assurance: needs reliable limits<"), "no assurance is claimed without limits");
}

#[test]
fn near_limit_lines_are_drawn_only_when_asked() {
    let analysis = analysed(&STEADY, &[], Direction::HigherIsBetter, None);
    let without = spc_chart(&input(&analysis, &[])).into_string();
    assert!(with_class(&without, "app-chart__near-limit").is_empty());
    let chart = ChartInput { show_near_limits: true, ..input(&analysis, &[]) };
    let with = spc_chart(&chart).into_string();
    let (_, scale) = plot::layout(&chart);
    let ys: Vec<f64> = with_class(&with, "app-chart__near-limit").iter().map(|(_, a)| number(a, "y1")).collect();
    let p = &analysis.points[0];
    assert_eq!(ys.len(), 2);
    assert!(close(ys[0], scale.y(p.near_lower.unwrap())) && close(ys[1], scale.y(p.near_upper.unwrap())));
}

#[test]
fn sixty_monthly_points_have_date_labels_that_do_not_overlap() {
    let values: Vec<f64> = (0..60).map(|i| 50.0 + (i % 5) as f64).collect();
    let analysis = analysed(&values, &[], Direction::HigherIsBetter, None);
    for size in [ChartSize::Large, ChartSize::Small] {
        let chart = ChartInput { size, ..input(&analysis, &[]) };
        let svg = spc_chart(&chart).into_string();
        let frame = Frame::new(size, false);
        let labels = with_class(&svg, "app-chart__x-label");
        let xs: Vec<f64> = labels.iter().map(|(_, a)| number(a, "x")).collect();
        assert!((4..=12).contains(&labels.len()), "{} labels", labels.len());
        assert!(xs.windows(2).all(|w| w[1] - w[0] >= frame.label_width(6)), "labels overlap: {xs:?}");
        assert!(xs
            .iter()
            .all(|x| x - frame.label_width(6) / 2.0 >= 0.0 && x + frame.label_width(6) / 2.0 <= frame.width));
        assert!(svg.contains(">Dec 28</text>"), "the latest month is labelled");
    }
    assert_eq!(label_every(100.0, 40.0), 1);
    assert_eq!(label_every(9.0, 40.0), 6);
    assert_eq!(label_every(2.5, 40.0), 24, "whole years beyond 12");
}

#[test]
fn a_recalculation_point_draws_two_segments_with_different_means() {
    let before: Vec<f64> = STEADY[..15].iter().map(|v| v - 10.0).collect();
    let after: Vec<f64> = STEADY[..15].iter().map(|v| v + 20.0).collect();
    let values = [before, after].concat();
    let analysis = analysed(&values, &[15], Direction::HigherIsBetter, None);
    let chart = input(&analysis, &[]);
    let svg = spc_chart(&chart).into_string();
    let (frame, scale) = plot::layout(&chart);
    let means = with_class(&svg, "app-chart__mean");
    assert_eq!(means.len(), 2, "a mean per segment");
    let (first, second) = (&means[0].1, &means[1].1);
    assert!(close(number(first, "y1"), scale.y(analysis.points[0].mean.unwrap())));
    assert!(close(number(second, "y1"), scale.y(analysis.points[15].mean.unwrap())));
    assert!(number(second, "y1") < number(first, "y1"), "the higher mean is drawn higher");
    assert!(close(number(first, "x2"), frame.x(14.0, 30)) && close(number(second, "x1"), frame.x(15.0, 30)));
    assert_eq!(with_class(&svg, "app-chart__upper-limit").len(), 2, "limits per segment");
    let marks = with_class(&svg, "app-chart__recalculation-line");
    assert_eq!(marks.len(), 1);
    assert!(
        close(number(&marks[0].1, "x1"), (frame.x(14.0, 30) + frame.x(15.0, 30)) / 2.0),
        "the break is marked between"
    );
    assert!(chart_summary(&chart).contains("Limits recalculated from 30 April 2025."));
}

#[test]
fn completed_actions_are_marked_on_the_time_axis_between_their_periods() {
    let analysis = analysed(&STEADY, &[], Direction::HigherIsBetter, None);
    let actions = [
        (NaiveDate::from_ymd_opt(2024, 2, 15).unwrap(), "1.3 Train MASH managers".to_string()),
        (NaiveDate::from_ymd_opt(2023, 6, 1).unwrap(), "1.1 Publish thresholds".to_string()),
    ];
    let chart = input(&analysis, &actions);
    let svg = spc_chart(&chart).into_string();
    let (frame, _) = plot::layout(&chart);
    let position = date_position(&analysis.points.iter().map(|p| p.period).collect::<Vec<_>>(), actions[0].0).unwrap();
    assert!(close(position, 15.0 / 29.0), "15 February is half way from 31 January to 29 February");
    let lines = with_class(&svg, "app-chart__action-line");
    assert_eq!(lines.len(), 1, "an action before the first result is not placed");
    assert!(close(number(&lines[0].1, "x1"), frame.x(position, 20)));
    assert!(svg.contains("<title>Action completed 15 February 2024: 1.3 Train MASH managers</title>"));
    assert!(svg.contains(">1.3</text>"));
    let words = chart_summary(&chart);
    assert!(words.contains(
        "Actions completed: 1.1 Publish thresholds (1 June 2023); 1.3 Train MASH managers (15 February 2024)."
    ));
}

#[test]
fn the_chart_scales_to_its_container_with_no_inline_styles() {
    let analysis = analysed(&STEADY, &[15], Direction::HigherIsBetter, Some(55.0));
    let actions = [(month(3), "2.1 Audit RAG ratings".to_string())];
    let markup = spc_chart(&ChartInput { target: Some(55.0), show_near_limits: true, ..input(&analysis, &actions) })
        .into_string();
    assert!(!markup.contains("style="), "the Content-Security-Policy forbids inline styles");
    assert!(!markup.contains("<script"));
    let svg = &tags(&markup).into_iter().find(|(name, a)| name == "svg" && a.contains_key("role")).unwrap().1;
    assert_eq!((svg["width"].as_str(), svg["role"].as_str()), ("100%", "img"));
    assert!(svg.contains_key("viewBox") && !svg.contains_key("height"));
    assert!(markup.contains(&format!("<title id=\"{}\">", svg["aria-labelledby"])));
    assert!(markup.contains(&format!("id=\"{}\"", svg["aria-describedby"])));
}

#[test]
fn the_data_table_is_closed_and_has_a_row_per_point() {
    let analysis = analysed(&STEADY, &[], Direction::HigherIsBetter, None);
    let markup = spc_chart(&input(&analysis, &[])).into_string();
    let details = tags(&markup).into_iter().find(|(name, _)| name == "details").unwrap().1;
    assert!(!details.contains_key("open"));
    let region = &with_class(&markup, "app-table-wrap")[0].1;
    assert_eq!((region["role"].as_str(), region["tabindex"].as_str()), ("region", "0"));
    assert_eq!(region["aria-label"], "Data for Referral decisions within 1 working day");
    assert_eq!(markup.matches("<th scope=\"row\">").count(), 20);
}

#[test]
fn an_empty_series_says_no_results_yet() {
    let analysis = analysed(&[], &[], Direction::HigherIsBetter, None);
    let markup = spc_chart(&input(&analysis, &[])).into_string();
    assert!(markup.contains(NO_RESULTS));
    assert!(!markup.contains("<svg"));
    assert_eq!(chart_summary(&input(&analysis, &[])), "Referral decisions within 1 working day: no results yet.");
}

#[test]
fn values_read_in_their_unit_to_one_decimal_place() {
    assert_eq!(format_value(72.0, Unit::Percent), "72%");
    assert_eq!(format_value(71.96, Unit::Percent), "72%");
    assert_eq!(format_value(12.46, Unit::Days), "12.5 days");
    assert_eq!(format_value(1.0, Unit::Days), "1 day");
    assert_eq!(format_value(1234.0, Unit::Count), "1,234");
    assert_eq!(format_value(0.333, Unit::Ratio), "0.3");
    assert_eq!(format_value(-0.04, Unit::Count), "0");
    assert_eq!(format_value(-2.25, Unit::Count), "-2.3");
}

#[test]
fn icons_say_what_they_mean_in_words() {
    let icon = variation_icon(Some(PointKind::Improvement), Direction::HigherIsBetter).into_string();
    assert!(icon.contains("Special cause improvement, higher is better"));
    assert!(icon.contains(">H</text>"), "an improvement where higher is better is high");
    let icon = variation_icon(Some(PointKind::Concern), Direction::LowerIsBetter).into_string();
    assert!(icon.contains("Special cause concern, lower is better") && icon.contains(">H</text>"));
    assert!(variation_icon(Some(PointKind::CommonCause), Direction::Neither)
        .into_string()
        .contains("Common cause variation"));
    assert!(assurance_icon(Some(Assurance::ConsistentPass), AssuranceNeeds::default())
        .into_string()
        .contains("Consistently passes target"));
    assert!(assurance_icon(Some(Assurance::ConsistentFail), AssuranceNeeds::default())
        .into_string()
        .contains("Consistently fails target"));
    assert!(assurance_icon(Some(Assurance::Inconsistent), AssuranceNeeds::default())
        .into_string()
        .contains("Hit and miss target"));
    for icon in [variation_icon(None, Direction::Neither), assurance_icon(None, AssuranceNeeds::default())] {
        assert!(icon.into_string().contains("aria-hidden=\"true\""), "the words, not the drawing, carry the meaning");
    }
}

#[test]
fn one_result_is_drawn_in_the_middle_with_no_lines() {
    let analysis = analysed(&[64.0], &[], Direction::HigherIsBetter, None);
    let chart = input(&analysis, &[]);
    let svg = spc_chart(&chart).into_string();
    let (frame, _) = plot::layout(&chart);
    let markers = with_class(&svg, "app-chart__point");
    assert_eq!(markers.len(), 1);
    assert!(close(number(&markers[0].1, "cx"), (frame.left + frame.right) / 2.0));
    assert!(with_class(&svg, "app-chart__mean").is_empty(), "one point has no moving range, so no mean");
    assert!(svg.contains(">Jan 24</text>"));
    assert!(chart_summary(&chart).contains("1 result, for 31 January 2024. Latest value 64% (31 January 2024)."));
}

#[test]
fn a_measure_with_no_direction_marks_high_and_low_with_triangles() {
    let mut values = STEADY.to_vec();
    values[8] = 80.0;
    values[15] = 20.0;
    let analysis = analysed(&values, &[], Direction::Neither, None);
    let chart = ChartInput { direction: Direction::Neither, ..input(&analysis, &[]) };
    let markup = spc_chart(&chart).into_string();
    let high = with_class(&markup, "app-chart__point--neutral-high");
    let low = with_class(&markup, "app-chart__point--neutral-low");
    assert_eq!((high.len(), low.len()), (1, 1));
    assert!(high.iter().chain(&low).all(|(element, a)| element == "polygon" && a["fill"] == "#a285d1"));
    assert!(chart_summary(&chart).contains("Special cause, high: 30 September 2024 is outside the process limits"));
    assert!(markup.contains("Special cause, low</li>"), "the legend shows the shapes a measure can have");
}

#[test]
fn points_outside_the_limits_one_after_another_are_told_together() {
    let mut values = STEADY.to_vec();
    values.extend([70.0, 72.0, 71.0]);
    let analysis = analysed(&values, &[], Direction::HigherIsBetter, None);
    let outside: Vec<usize> =
        (0..analysis.points.len()).filter(|i| analysis.points[*i].signals.contains(&Signal::OutsideLimits)).collect();
    assert_eq!(outside, vec![20, 21, 22]);
    let words = chart_summary(&input(&analysis, &[]));
    let together = "Improvement: 3 points in a row outside the process limits, above the upper limit, \
                    from 30 September 2025 to 30 November 2025.";
    assert!(words.contains(together), "{words}");
}

#[test]
fn a_run_chart_marks_what_the_engine_flags_and_gives_the_limits_it_does_not_draw() {
    let mut values = STEADY[..9].to_vec();
    values.push(20.0);
    let analysis = analysed(&values, &[], Direction::HigherIsBetter, None);
    assert!(analysis.too_few_points && analysis.points[9].signals.contains(&Signal::OutsideLimits));
    let chart = input(&analysis, &[]);
    let markup = spc_chart(&chart).into_string();
    assert!(with_class(&markup, "app-chart__lower-limit").is_empty(), "no limits are drawn");
    assert_eq!(with_class(&markup, "app-chart__point--concern").len(), 1, "the point the engine flags is marked");
    let p = &analysis.points[9];
    let limits = format!(
        "process limits worked out from so few points ({} to {}); the limits are not drawn",
        format_value(p.lower_limit.unwrap(), Unit::Percent),
        format_value(p.upper_limit.unwrap(), Unit::Percent)
    );
    let words = chart_summary(&chart);
    assert!(words.contains(&limits), "{words}");
    assert!(words.contains("below the lower limit (limits not drawn)."), "{words}");
}

#[test]
fn a_chart_scrolls_in_its_own_labelled_region_on_a_narrow_screen() {
    let analysis = analysed(&STEADY, &[], Direction::HigherIsBetter, None);
    let markup = spc_chart(&input(&analysis, &[])).into_string();
    let regions = with_class(&markup, "app-chart__scroll");
    assert_eq!(regions.len(), 1);
    let (_, region) = &regions[0];
    assert_eq!(region["role"], "region");
    assert_eq!(region["aria-label"], "Referral decisions within 1 working day chart");
    assert_eq!(region["tabindex"], "0", "a keyboard can reach it to scroll it");
}

/// The text of the value cells of each row of the data table.
fn table_rows(markup: &str) -> Vec<Vec<String>> {
    let body = &markup[markup.find("<tbody>").unwrap()..markup.find("</tbody>").unwrap()];
    let text =
        |cell: &str| cell.split('<').map(|part| part.split_once('>').map_or(part, |(_, t)| t)).collect::<String>();
    let cells = |row: &str| row.split("<td>").skip(1).map(|c| text(c.split("</td>").next().unwrap())).collect();
    body.split("<tr>").skip(1).map(cells).collect()
}

#[test]
fn a_point_with_signals_both_ways_is_drawn_told_and_tabled_the_same_way() {
    // Twelve months like the demo's: a low start, then a rise.
    let values = [30.0, 31.0, 33.0, 48.0, 55.0, 60.0, 63.0, 62.0, 64.0, 63.0, 65.0, 64.0];
    let analysis = analysed(&values, &[], Direction::HigherIsBetter, Some(60.0));
    let chart = ChartInput { target: Some(60.0), ..input(&analysis, &[]) };
    let markup = spc_chart(&chart).into_string();
    let both = "special cause: concern (also improvement: signals both ways)";
    let markers = with_class(&markup, "app-chart__point");
    let rings = with_class(&markup, "app-chart__both-ways");
    assert_eq!(rings.len(), 3, "the first three points, and only they, are ringed");
    for (i, ring) in rings.iter().enumerate() {
        let (_, marker) = &markers[i];
        assert!(marker["class"].ends_with("app-chart__point--concern"), "drawn as the concern it counts as");
        assert!(markup.contains(&format!(
            "{}: {}, {both} (below the lower limit; rising trend)",
            crate::views::components::date(month(i)),
            format_value(values[i], Unit::Percent)
        )));
        assert!(close(number(&ring.1, "cx"), Frame::new(ChartSize::Large, false).x(i as f64, 12)));
    }
    assert!(markers[3].1["class"].ends_with("--improvement") && markers[4].1["class"].ends_with("--improvement"));
    let rows = table_rows(&markup);
    for row in &rows[..3] {
        let variation = "Special cause: concern (also improvement: signals both ways)";
        assert_eq!(row[row.len() - 2..], ["Below the lower limit; rising trend", variation]);
    }
    assert_eq!(rows[3].last().unwrap(), "Special cause: improvement");
    let words = chart_summary(&chart);
    assert!(words.contains("Concern: 3 points in a row outside the process limits, below the lower limit, from 31 January 2024 to 31 March 2024"), "{words}");
    assert!(
        words.contains("Improvement: a rising trend of 7 points, from 31 January 2024 to 31 July 2024."),
        "{words}"
    );
    assert!(words.contains("Signals both ways: 31 January 2024 to 31 March 2024 are counted as a concern and also show an improvement (a point counts by its first signal in the order outside the limits, trend, two of three near a limit and shift)."), "{words}");
    assert!(markup.contains("Signals both ways (drawn as it counts)"), "the legend explains the ring");
    assert!(
        markup.contains(">No assurance: needs reliable limits<"),
        "the measure has a target: only limits are lacking"
    );
    assert!(!markup.contains("needs a target"));
}

#[test]
fn no_assurance_names_only_what_the_measure_lacks() {
    let label = |points: usize, target: Option<f64>, direction: Direction| {
        let analysis = analysed(&STEADY[..points], &[], direction, target);
        let chart = ChartInput { target, direction, ..input(&analysis, &[]) };
        let markup = spc_chart(&chart).into_string();
        let start = markup.find("app-spc-icon--none").map(|i| &markup[i..]).unwrap_or("");
        start.split("app-spc-icon__label\">").nth(1).map(|s| s.split('<').next().unwrap().to_string())
    };
    assert_eq!(label(10, None, Direction::HigherIsBetter).unwrap(), "No assurance: needs a target and reliable limits");
    assert_eq!(label(10, Some(60.0), Direction::HigherIsBetter).unwrap(), "No assurance: needs reliable limits");
    assert_eq!(label(20, None, Direction::HigherIsBetter).unwrap(), "No assurance: needs a target");
    assert_eq!(
        label(20, Some(60.0), Direction::Neither).unwrap(),
        "No assurance: needs a direction (which way is better)"
    );
    assert_eq!(label(20, Some(60.0), Direction::HigherIsBetter), None, "with all three it has an assurance");
}
