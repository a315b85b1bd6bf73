use super::*;
use proptest::prelude::*;

fn month(i: usize) -> NaiveDate {
    let first = NaiveDate::from_ymd_opt(2022, 1, 1).unwrap();
    crate::domain::dates::month_end(first.checked_add_months(chrono::Months::new(i as u32)).unwrap())
}

fn points(values: &[f64]) -> Vec<SeriesPoint> {
    values.iter().enumerate().map(|(i, v)| SeriesPoint { period: month(i), value: *v, recalculate: false }).collect()
}

fn settings(direction: Direction) -> SpcSettings {
    SpcSettings { direction, target: None, baseline: None, screen: true }
}

fn run(values: &[f64]) -> SpcAnalysis {
    analyse(&points(values), &settings(Direction::HigherIsBetter))
}

fn has(a: &SpcAnalysis, i: usize, s: Signal) -> bool {
    a.points[i].signals.contains(&s)
}

#[test]
fn limits_are_the_mean_plus_and_minus_2_66_mean_moving_ranges() {
    let a = run(&[10.0, 12.0, 10.0, 12.0, 10.0]);
    let p = &a.points[0];
    assert_eq!(p.mean, Some(10.8));
    assert!((p.upper_limit.unwrap() - (10.8 + 2.66 * 2.0)).abs() < 1e-9);
    assert!((p.near_upper.unwrap() - (10.8 + 2.0 / 3.0 * 2.66 * 2.0)).abs() < 1e-9);
}

#[test]
fn a_point_beyond_a_limit_is_outside_limits() {
    let mut values = vec![50.0, 52.0, 49.0, 51.0, 50.0, 52.0, 49.0, 51.0, 50.0, 52.0];
    values.push(80.0);
    let a = run(&values);
    assert!(has(&a, 10, Signal::OutsideLimits));
    assert_eq!(a.points[10].kind, PointKind::Improvement);
    assert!(!has(&a, 9, Signal::OutsideLimits));
}

#[test]
fn seven_points_above_the_mean_are_a_shift_and_six_are_not() {
    let below = [40.0, 42.0, 41.0, 40.0, 42.0, 41.0, 40.0];
    let six = [60.0, 61.0, 60.0, 61.0, 60.0, 61.0];
    let a = run(&[&below[..], &six[..], &[40.0]].concat());
    assert!((7..13).all(|i| !has(&a, i, Signal::Shift)), "6 points are not a shift");
    let seven = [60.0, 61.0, 60.0, 61.0, 60.0, 61.0, 60.0];
    let b = run(&[&below[..], &seven[..]].concat());
    assert!((7..14).all(|i| has(&b, i, Signal::Shift)));
}

#[test]
fn a_point_on_the_mean_breaks_a_shift() {
    // Mean is exactly 50: 7 points above would be a shift, but the 4th sits on the mean.
    let values = [45.0, 45.0, 45.0, 45.0, 45.0, 45.0, 45.0, 55.0, 55.0, 55.0, 50.0, 55.0, 55.0, 55.0, 55.0];
    let a = run(&values);
    assert_eq!(a.points[0].mean, Some(50.0));
    assert!((7..15).all(|i| !has(&a, i, Signal::Shift)));
    assert!((0..7).all(|i| has(&a, i, Signal::Shift)), "the first 7 below the mean are a shift");
}

#[test]
fn seven_rising_points_are_a_trend_and_six_are_not() {
    let six = run(&[50.0, 40.0, 41.0, 42.0, 43.0, 44.0, 45.0, 30.0]);
    assert!((1..7).all(|i| !has(&six, i, Signal::Trend)));
    let seven = run(&[50.0, 40.0, 41.0, 42.0, 43.0, 44.0, 45.0, 46.0, 30.0]);
    assert!((1..8).all(|i| has(&seven, i, Signal::Trend)));
    assert!(!has(&seven, 0, Signal::Trend) && !has(&seven, 8, Signal::Trend));
}

#[test]
fn an_equal_value_breaks_a_trend() {
    let a = run(&[40.0, 41.0, 42.0, 42.0, 43.0, 44.0, 45.0, 46.0]);
    assert!(a.points.iter().all(|p| !p.signals.contains(&Signal::Trend)));
}

#[test]
fn a_falling_trend_is_a_concern_when_higher_is_better_even_in_a_shift_above_the_mean() {
    let a = run(&[40.0, 60.0, 42.0, 58.0, 44.0, 56.0, 55.5, 55.0, 54.5, 54.0, 53.5, 53.0]);
    let last = a.points.last().unwrap();
    assert_eq!(last.signals, vec![Signal::Shift, Signal::Trend]);
    assert_eq!(last.kind, PointKind::Concern, "a trend comes before a shift");
    assert_eq!(last.other_way(Direction::HigherIsBetter), Some(PointKind::Improvement));
    assert_eq!(last.signal_words(), vec!["shift above the mean", "falling trend"]);
}

#[test]
fn a_run_across_a_recalculation_point_is_not_a_run() {
    let mut p = points(&[40.0, 41.0, 42.0, 43.0, 44.0, 45.0, 46.0, 47.0]);
    let whole = analyse(&p, &settings(Direction::HigherIsBetter));
    assert!(whole.points.iter().all(|x| x.signals.contains(&Signal::Trend)));
    p[4].recalculate = true;
    let split = analyse(&p, &settings(Direction::HigherIsBetter));
    assert!(split.points.iter().all(|x| !x.signals.contains(&Signal::Trend)));
    assert_eq!(split.points[4].segment, 1);
    assert_ne!(split.points[0].mean, split.points[4].mean);
}

#[test]
fn two_of_three_near_a_limit_flags_only_the_points_beyond_the_line() {
    // Mean 50 and mean moving range 3 from a stable baseline; then two high points.
    let mut values = vec![50.0, 53.0, 50.0, 47.0, 50.0, 53.0, 50.0, 47.0, 50.0, 53.0, 50.0];
    values.extend([56.0, 51.0, 56.5]);
    let s = SpcSettings { baseline: Some(11), ..settings(Direction::HigherIsBetter) };
    let a = analyse(&points(&values), &s);
    let near = a.points[0].near_upper.unwrap();
    assert!(values[11] > near && values[13] > near && values[12] < near);
    assert!(has(&a, 11, Signal::TwoOfThree) && has(&a, 13, Signal::TwoOfThree));
    assert!(!has(&a, 12, Signal::TwoOfThree));
}

#[test]
fn screening_drops_an_outlying_moving_range() {
    let values = [50.0, 51.0, 50.0, 51.0, 50.0, 51.0, 50.0, 90.0, 50.0, 51.0];
    let screened = analyse(&points(&values), &settings(Direction::HigherIsBetter));
    let unscreened = analyse(&points(&values), &SpcSettings { screen: false, ..settings(Direction::HigherIsBetter) });
    let width = |a: &SpcAnalysis| a.points[0].upper_limit.unwrap() - a.points[0].mean.unwrap();
    assert!(width(&screened) < width(&unscreened));
}

#[test]
fn fewer_than_two_points_have_no_limits_and_fewer_than_15_are_flagged() {
    let one = run(&[50.0]);
    assert_eq!(one.points[0].upper_limit, None);
    assert_eq!(one.variation, Some(PointKind::CommonCause));
    assert!(run(&[1.0, 2.0, 3.0]).too_few_points);
    assert!(!run(&[1.0; 15]).too_few_points);
}

#[test]
fn assurance_compares_the_target_with_the_limits() {
    let values = [80.0, 82.0, 81.0, 83.0, 80.0, 82.0];
    let with = |target, direction| {
        analyse(&points(&values), &SpcSettings { target: Some(target), ..settings(direction) }).assurance
    };
    assert_eq!(with(60.0, Direction::HigherIsBetter), Some(Assurance::ConsistentPass));
    assert_eq!(with(95.0, Direction::HigherIsBetter), Some(Assurance::ConsistentFail));
    assert_eq!(with(81.0, Direction::HigherIsBetter), Some(Assurance::Inconsistent));
    assert_eq!(with(95.0, Direction::LowerIsBetter), Some(Assurance::ConsistentPass));
    assert_eq!(with(81.0, Direction::Neither), None);
}

#[test]
fn the_json_has_the_documented_shape() {
    let a = analyse(&points(&[1.0]), &settings(Direction::Neither));
    let json = serde_json::to_value(&a).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"points": [{"period": "2022-01-31", "value": 1.0, "segment": 0, "mean": null,
            "lower_limit": null, "upper_limit": null, "near_lower": null, "near_upper": null,
            "signals": [], "kind": "common_cause"}], "variation": "common_cause", "assurance": null})
    );
}

fn series_values() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec((0i32..1000).prop_map(f64::from), 2..40)
}

proptest! {
    #[test]
    fn limits_are_symmetric_about_the_mean(values in series_values()) {
        let a = run(&values);
        for p in &a.points {
            let (m, l, u) = (p.mean.unwrap(), p.lower_limit.unwrap(), p.upper_limit.unwrap());
            prop_assert!(((u - m) - (m - l)).abs() < 1e-6);
            prop_assert!(((p.near_upper.unwrap() - m) - (m - p.near_lower.unwrap())).abs() < 1e-6);
        }
    }

    #[test]
    fn adding_a_constant_moves_mean_and_limits_and_changes_no_signal(values in series_values(), shift in -500i32..500) {
        let c = f64::from(shift);
        let a = run(&values);
        let moved: Vec<f64> = values.iter().map(|v| v + c).collect();
        let b = run(&moved);
        for (p, q) in a.points.iter().zip(&b.points) {
            prop_assert!((q.mean.unwrap() - p.mean.unwrap() - c).abs() < 1e-6);
            prop_assert!((q.upper_limit.unwrap() - p.upper_limit.unwrap() - c).abs() < 1e-6);
            prop_assert_eq!(&p.signals, &q.signals);
        }
    }

    #[test]
    fn reversing_direction_swaps_improvement_and_concern(values in series_values()) {
        let up = analyse(&points(&values), &settings(Direction::HigherIsBetter));
        let down = analyse(&points(&values), &settings(Direction::LowerIsBetter));
        for (p, q) in up.points.iter().zip(&down.points) {
            let swapped = match p.kind {
                PointKind::Improvement => PointKind::Concern,
                PointKind::Concern => PointKind::Improvement,
                other => other,
            };
            prop_assert_eq!(swapped, q.kind);
        }
    }
}

#[test]
fn six_falling_points_are_not_a_trend_and_seven_are() {
    let six = run(&[30.0, 46.0, 45.0, 44.0, 43.0, 42.0, 41.0, 60.0]);
    assert!(six.points.iter().all(|p| !p.signals.contains(&Signal::Trend)));
    let seven = run(&[30.0, 47.0, 46.0, 45.0, 44.0, 43.0, 42.0, 41.0, 60.0]);
    assert!((1..8).all(|i| has(&seven, i, Signal::Trend)));
    assert_eq!(seven.points[7].kind, PointKind::Concern);
}

#[test]
fn six_points_below_the_mean_are_not_a_shift() {
    let a = run(&[60.0, 61.0, 60.0, 61.0, 60.0, 61.0, 60.0, 40.0, 41.0, 40.0, 41.0, 40.0, 41.0]);
    assert!((7..13).all(|i| !has(&a, i, Signal::Shift)));
    assert!((0..7).all(|i| has(&a, i, Signal::Shift)));
}

#[test]
fn screening_on_and_off_give_the_documented_limits() {
    // Moving ranges 1 ×6, 40, 40, 1: mean 87/9; the two 40s are over 3.267 × that and are dropped.
    let values = [50.0, 51.0, 50.0, 51.0, 50.0, 51.0, 50.0, 90.0, 50.0, 51.0];
    let on = analyse(&points(&values), &settings(Direction::HigherIsBetter));
    let off = analyse(&points(&values), &SpcSettings { screen: false, ..settings(Direction::HigherIsBetter) });
    let width = |a: &SpcAnalysis| a.points[0].upper_limit.unwrap() - a.points[0].mean.unwrap();
    assert!((width(&on) - 2.66 * 1.0).abs() < 1e-9);
    assert!((width(&off) - 2.66 * 87.0 / 9.0).abs() < 1e-9);
}

#[test]
fn screening_keeps_the_ranges_when_it_would_drop_them_all() {
    let a = run(&[5.0, 5.0, 5.0, 5.0]);
    assert_eq!(a.points[0].upper_limit, Some(5.0));
    assert_eq!(a.points[0].kind, PointKind::CommonCause);
}

#[test]
fn a_baseline_sets_the_limits_from_the_first_points_only() {
    let values = [10.0, 12.0, 10.0, 12.0, 30.0, 31.0];
    let a = analyse(&points(&values), &SpcSettings { baseline: Some(4), ..settings(Direction::HigherIsBetter) });
    assert_eq!(a.points[5].mean, Some(11.0));
    assert!((a.points[5].upper_limit.unwrap() - (11.0 + 2.66 * 2.0)).abs() < 1e-9);
    assert!(has(&a, 4, Signal::OutsideLimits) && has(&a, 5, Signal::OutsideLimits));
}

/// A stable baseline of 11 points (mean 50, mean moving range 3: near line 55.32, limit 57.98) then `tail`.
fn near_line_case(tail: &[f64]) -> SpcAnalysis {
    let mut values = vec![50.0, 53.0, 50.0, 47.0, 50.0, 53.0, 50.0, 47.0, 50.0, 53.0, 50.0];
    values.extend_from_slice(tail);
    analyse(&points(&values), &SpcSettings { baseline: Some(11), ..settings(Direction::HigherIsBetter) })
}

#[test]
fn one_point_beyond_the_near_line_is_not_two_of_three() {
    let a = near_line_case(&[56.0, 51.0, 52.0]);
    assert!(a.points.iter().all(|p| !p.signals.contains(&Signal::TwoOfThree)));
}

#[test]
fn two_of_three_needs_all_three_points_on_the_same_side_of_the_mean() {
    let a = near_line_case(&[56.0, 49.0, 56.5]);
    assert!(a.points.iter().all(|p| !p.signals.contains(&Signal::TwoOfThree)));
}

#[test]
fn a_point_outside_the_limits_does_not_count_towards_two_of_three() {
    let a = near_line_case(&[56.0, 51.0, 70.0]);
    assert!(a.points.iter().all(|p| !p.signals.contains(&Signal::TwoOfThree)));
    assert!(has(&a, 13, Signal::OutsideLimits));
}

#[test]
fn a_measure_with_no_direction_gets_neutral_kinds() {
    let a = near_line_case(&[70.0, 50.0, 30.0]);
    let neither = analyse(
        &points(&a.points.iter().map(|p| p.value).collect::<Vec<_>>()),
        &SpcSettings { baseline: Some(11), ..settings(Direction::Neither) },
    );
    assert_eq!(neither.points[11].kind, PointKind::NeutralHigh);
    assert_eq!(neither.points[12].kind, PointKind::CommonCause);
    assert_eq!(neither.points[13].kind, PointKind::NeutralLow);
    assert_eq!(neither.variation, Some(PointKind::NeutralLow));
}

#[test]
fn points_in_any_order_are_analysed_in_period_order() {
    let mut p = points(&[1.0, 2.0, 3.0, 4.0]);
    p.reverse();
    let a = analyse(&p, &settings(Direction::HigherIsBetter));
    assert_eq!(a.points.iter().map(|x| x.value).collect::<Vec<_>>(), vec![1.0, 2.0, 3.0, 4.0]);
}

#[test]
fn a_recalculation_date_between_periods_starts_the_segment_at_the_next_point() {
    let results: Vec<(NaiveDate, f64)> = (0..6).map(|i| (month(i), i as f64)).rev().collect();
    let s = series(&results, &[month(2).succ_opt().unwrap(), month(0)]);
    assert_eq!(s.iter().map(|p| p.recalculate).collect::<Vec<_>>(), vec![false, false, false, true, false, false]);
    let exact = series(&results, &[month(4)]);
    assert!(exact[4].recalculate && exact.iter().filter(|p| p.recalculate).count() == 1);
    assert!(series(&results, &[month(9)]).iter().all(|p| !p.recalculate));
}

#[test]
fn a_segment_of_one_point_has_no_mean_limits_or_signals() {
    let mut p = points(&[50.0, 52.0, 49.0, 51.0, 200.0]);
    p[4].recalculate = true;
    let a = analyse(&p, &settings(Direction::HigherIsBetter));
    assert_eq!((a.points[4].segment, a.points[4].mean, a.points[4].upper_limit), (1, None, None));
    assert_eq!(a.points[4].kind, PointKind::CommonCause);
    assert_eq!(a.assurance, None, "the latest segment has no limits");
}

#[test]
fn assurance_uses_the_latest_segments_limits() {
    let mut p = points(&[50.0, 52.0, 49.0, 51.0, 90.0, 92.0, 89.0, 91.0]);
    p[4].recalculate = true;
    let s = SpcSettings { target: Some(80.0), ..settings(Direction::HigherIsBetter) };
    assert_eq!(analyse(&p, &s).assurance, Some(Assurance::ConsistentPass));
    let s = SpcSettings { target: Some(80.0), ..settings(Direction::LowerIsBetter) };
    assert_eq!(analyse(&p, &s).assurance, Some(Assurance::ConsistentFail));
}

#[test]
fn an_empty_series_has_no_variation_and_no_assurance() {
    let a = analyse(&[], &SpcSettings { target: Some(1.0), ..settings(Direction::HigherIsBetter) });
    assert!(a.points.is_empty() && a.variation.is_none() && a.assurance.is_none() && a.too_few_points);
}

#[test]
fn signals_are_listed_in_a_fixed_order_in_the_json() {
    let values = [0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 50.0, 51.0, 52.0, 53.0, 54.0, 55.0, 200.0];
    let a = run(&values);
    let json = serde_json::to_value(&a).unwrap();
    assert_eq!(json["points"][14]["signals"], serde_json::json!(["outside_limits", "shift", "trend"]));
    assert_eq!(json["points"][14]["kind"], "improvement");
    assert_eq!(json.as_object().unwrap().keys().collect::<Vec<_>>(), vec!["assurance", "points", "variation"]);
}

#[test]
fn signal_words_say_which_way_the_point_went() {
    let a = run(&[60.0, 61.0, 60.0, 61.0, 60.0, 61.0, 60.0, 40.0, 41.0, 40.0, 41.0, 40.0, 41.0, 40.0]);
    let last = a.latest().unwrap();
    assert_eq!(last.kind, PointKind::Concern);
    assert_eq!(last.signal_words(), vec!["below the lower limit", "shift below the mean"]);
    let falling = run(&[30.0, 47.0, 46.0, 45.0, 44.0, 43.0, 42.0, 41.0]);
    assert!(falling.latest().unwrap().signal_words().contains(&"falling trend".to_string()));
}

proptest! {
    #[test]
    fn each_segment_is_analysed_as_if_it_stood_alone(values in series_values(), cut in 1usize..39) {
        prop_assume!(cut < values.len());
        let mut whole = points(&values);
        whole[cut].recalculate = true;
        let s = settings(Direction::HigherIsBetter);
        let both = analyse(&whole, &s);
        let first = analyse(&whole[..cut], &s);
        let mut rest = whole[cut..].to_vec();
        rest[0].recalculate = false;
        let second = analyse(&rest, &s);
        for (p, q) in both.points.iter().zip(first.points.iter().chain(&second.points)) {
            prop_assert_eq!((&p.signals, p.kind, p.mean), (&q.signals, q.kind, q.mean));
        }
    }
}

/// Every number an analysis gives out.
fn every_figure(a: &SpcAnalysis) -> Vec<f64> {
    a.points
        .iter()
        .flat_map(|p| {
            [Some(p.value), p.mean, p.lower_limit, p.upper_limit, p.near_lower, p.near_upper].into_iter().flatten()
        })
        .collect()
}

/// Any finite value a measure could hold, and more: the whole range the statistics take.
fn bounded() -> impl Strategy<Value = f64> {
    prop_oneof![
        -LARGEST_MAGNITUDE..=LARGEST_MAGNITUDE,
        Just(LARGEST_MAGNITUDE),
        Just(-LARGEST_MAGNITUDE),
        Just(0.0),
        Just(f64::MIN_POSITIVE),
        (0i32..100).prop_map(f64::from),
    ]
}

/// Any value at all, as a stored row might hold.
fn anything() -> impl Strategy<Value = f64> {
    prop_oneof![
        bounded(),
        Just(1e308),
        Just(-1e308),
        Just(f64::MAX),
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        any::<f64>()
    ]
}

proptest! {
    #[test]
    fn the_statistics_of_values_within_bounds_are_always_finite(
        values in prop::collection::vec(bounded(), 0..60),
        baseline in prop::option::of(0usize..20),
        screen in any::<bool>(),
        target in prop::option::of(bounded()),
    ) {
        let s = SpcSettings { direction: Direction::LowerIsBetter, target, baseline, screen };
        let a = analyse(&points(&values), &s);
        prop_assert_eq!(a.points.len(), values.len(), "nothing within bounds is left out");
        for figure in every_figure(&a) {
            prop_assert!(figure.is_finite(), "{} in {:?}", figure, values);
        }
    }

    #[test]
    fn values_beyond_bounds_are_left_out_and_nothing_is_infinite(values in prop::collection::vec(anything(), 0..40)) {
        let a = analyse(&points(&values), &settings(Direction::HigherIsBetter));
        prop_assert_eq!(a.points.len(), values.iter().filter(|v| analysable(**v)).count());
        for figure in every_figure(&a) {
            prop_assert!(figure.is_finite(), "{} in {:?}", figure, values);
        }
    }
}

#[test]
fn one_huge_value_and_its_opposite_do_not_make_the_mean_nonsense() {
    let a = run(&[10.0, 1e308, -1e308, 12.0, 11.0]);
    assert_eq!(a.points.len(), 3, "the two values no measure can hold are left out");
    assert_eq!(a.points[0].mean, Some(11.0));
}

mod both_ways;
