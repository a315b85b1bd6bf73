//! A point whose signals point both ways, and what a measure lacks for assurance.

use super::*;

/// Twelve months like the demo's: a low start, then a rise that levels off.
const LOW_START_THEN_RISE: [f64; 12] = [30.0, 31.0, 33.0, 48.0, 55.0, 60.0, 63.0, 62.0, 64.0, 63.0, 65.0, 64.0];

#[test]
fn a_low_start_then_a_rise_counts_its_first_points_as_a_concern_with_an_improvement_too() {
    let a = analyse(
        &points(&LOW_START_THEN_RISE),
        &SpcSettings { target: Some(60.0), ..settings(Direction::HigherIsBetter) },
    );
    assert!(a.too_few_points, "12 points: limits not yet reliable");
    for p in &a.points[..3] {
        assert_eq!(p.signals, vec![Signal::OutsideLimits, Signal::Trend], "{}", p.period);
        assert_eq!(p.kind, PointKind::Concern, "below the lower limit comes before the trend");
        assert_eq!(p.other_way(Direction::HigherIsBetter), Some(PointKind::Improvement));
        assert_eq!(p.signal_words(), vec!["below the lower limit", "rising trend"]);
    }
    let fourth = &a.points[3];
    assert_eq!((fourth.signals.clone(), fourth.kind), (vec![Signal::Trend], PointKind::Improvement));
    assert_eq!(fourth.other_way(Direction::HigherIsBetter), None, "its only signal points one way");
    let lower = analyse(&points(&LOW_START_THEN_RISE), &settings(Direction::LowerIsBetter));
    assert_eq!(lower.points[0].kind, PointKind::Improvement);
    assert_eq!(lower.points[0].other_way(Direction::LowerIsBetter), Some(PointKind::Concern));
    let neither = analyse(&points(&LOW_START_THEN_RISE), &settings(Direction::Neither));
    assert_eq!(neither.points[0].kind, PointKind::NeutralLow);
    assert_eq!(neither.points[0].other_way(Direction::Neither), Some(PointKind::NeutralHigh));
}

#[test]
fn assurance_needs_name_only_what_the_measure_lacks() {
    let short = analyse(&points(&LOW_START_THEN_RISE), &settings(Direction::HigherIsBetter));
    let needs = |a: &SpcAnalysis, target, direction| a.assurance_needs(target, direction);
    let limits_only = AssuranceNeeds { target: false, direction: false, limits: true };
    assert_eq!(needs(&short, Some(60.0), Direction::HigherIsBetter), limits_only);
    assert_eq!(needs(&short, None, Direction::HigherIsBetter), AssuranceNeeds { target: true, ..limits_only });
    let long = analyse(
        &points(&[&LOW_START_THEN_RISE[..], &LOW_START_THEN_RISE[..]].concat()),
        &settings(Direction::HigherIsBetter),
    );
    assert!(!long.too_few_points);
    assert_eq!(needs(&long, None, Direction::HigherIsBetter), AssuranceNeeds { target: true, ..Default::default() });
    assert_eq!(needs(&long, Some(1.0), Direction::Neither), AssuranceNeeds { direction: true, ..Default::default() });
    assert!(!needs(&long, Some(1.0), Direction::LowerIsBetter).any());
    let mut cut = points(&LOW_START_THEN_RISE.repeat(2));
    cut[23].recalculate = true;
    let one_point_segment = analyse(&cut, &settings(Direction::HigherIsBetter));
    assert!(needs(&one_point_segment, Some(1.0), Direction::HigherIsBetter).limits, "the latest segment has no limits");
}

proptest! {
    #[test]
    fn a_point_counts_by_its_first_signal_in_precedence_and_says_when_others_disagree(values in series_values()) {
        for direction in [Direction::HigherIsBetter, Direction::LowerIsBetter, Direction::Neither] {
            let a = analyse(&points(&values), &settings(direction));
            for p in &a.points {
                let words = p.signal_words();
                let way_of = |s: Signal| {
                    let i = p.signals.iter().position(|x| *x == s).unwrap();
                    words[i].contains("above") || words[i].contains("upper") || words[i].starts_with("rising")
                };
                let Some(first) = PRECEDENCE.iter().find(|s| p.signals.contains(s)) else {
                    prop_assert_eq!(p.kind, PointKind::CommonCause);
                    prop_assert_eq!(p.other_way(direction), None);
                    continue;
                };
                let high = way_of(*first);
                let expected = match (direction, high) {
                    (Direction::Neither, true) => PointKind::NeutralHigh,
                    (Direction::Neither, false) => PointKind::NeutralLow,
                    (Direction::HigherIsBetter, true) | (Direction::LowerIsBetter, false) => PointKind::Improvement,
                    _ => PointKind::Concern,
                };
                prop_assert_eq!(p.kind, expected);
                let disagree = p.signals.iter().any(|s| way_of(*s) != high);
                prop_assert_eq!(p.other_way(direction).is_some(), disagree);
                prop_assert!(p.other_way(direction) != Some(p.kind));
            }
        }
    }
}
