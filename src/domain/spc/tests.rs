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
fn a_falling_trend_is_a_concern_when_higher_is_better_even_above_the_mean() {
    let a = run(&[50.0, 50.0, 50.0, 70.0, 69.0, 68.0, 67.0, 66.0, 65.0, 64.0]);
    let last = a.points.last().unwrap();
    assert!(last.signals.contains(&Signal::Trend));
    assert_eq!(last.kind, PointKind::Concern);
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
