//! Charts never draw or say "NaN" or an infinity: for any values a measure
//! can hold, and for values and targets stored before the rules, beyond them.

use super::*;
use crate::domain::dates::month_end;
use crate::domain::spc::{analyse, series, SpcSettings, LARGEST_MAGNITUDE};
use crate::domain::values;
use proptest::prelude::*;

fn month(i: usize) -> NaiveDate {
    let first = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap();
    month_end(first.checked_add_months(chrono::Months::new(i as u32)).unwrap())
}

fn chart(values: &[f64], target: Option<f64>, unit: Unit, near: bool) -> String {
    let results: Vec<(NaiveDate, f64)> = values.iter().enumerate().map(|(i, v)| (month(i), *v)).collect();
    let recalculate = if values.len() > 20 { vec![month(10)] } else { vec![] };
    let settings = SpcSettings { direction: Direction::LowerIsBetter, target, baseline: None, screen: true };
    let analysis = analyse(&series(&results, &recalculate), &settings);
    let actions = vec![(month(1), "1.1 Train managers".to_string()), (month(3), "1.2 Audit".to_string())];
    let input = ChartInput {
        id: "measure",
        title: "A measure",
        unit,
        direction: Direction::LowerIsBetter,
        target,
        analysis: &analysis,
        completed_actions: &actions,
        size: ChartSize::Large,
        show_near_limits: near,
        references: &[],
    };
    spc_chart(&input).into_string() + &svg_document(&input).0
}

/// Every number written into a drawing attribute is finite, and no word of the
/// markup is NaN or an infinity.
fn all_finite(markup: &str) -> Result<(), String> {
    for word in markup.split(|c: char| !c.is_ascii_alphanumeric()) {
        if ["nan", "inf", "infinity"].contains(&word.to_ascii_lowercase().as_str()) {
            return Err(format!("the markup says {word}"));
        }
    }
    for name in ["x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "points", "viewBox"] {
        let marker = format!(" {name}=\"");
        for part in markup.split(&marker).skip(1) {
            let value = part.split('"').next().unwrap_or_default();
            for number in value.split([' ', ',']).filter(|n| !n.is_empty()) {
                let parsed: f64 = number.parse().map_err(|_| format!("{name}=\"{value}\" is not numbers"))?;
                if !parsed.is_finite() {
                    return Err(format!("{name}=\"{value}\""));
                }
            }
        }
    }
    Ok(())
}

fn unit() -> impl Strategy<Value = Unit> {
    prop_oneof![Just(Unit::Percent), Just(Unit::Count), Just(Unit::Days), Just(Unit::Ratio)]
}

/// A value within a unit's range: anywhere in it, at its ends, or tiny.
fn within(unit: Unit) -> impl Strategy<Value = f64> {
    let top = values::largest(unit);
    prop_oneof![0.0..=top, Just(0.0), Just(top), Just(f64::MIN_POSITIVE), (0u32..100).prop_map(f64::from)]
}

fn wild() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(1e308),
        Just(-1e308),
        Just(f64::MAX),
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(LARGEST_MAGNITUDE),
        any::<f64>()
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn a_chart_of_values_within_their_units_range_is_finite(
        (unit, values, target) in unit().prop_flat_map(|u| {
            (Just(u), prop::collection::vec(within(u), 1..40), prop::option::of(within(u)))
        }),
        near in any::<bool>(),
    ) {
        let markup = chart(&values, target, unit, near);
        prop_assert!(all_finite(&markup).is_ok(), "{:?} for {:?} with target {:?}", all_finite(&markup), values, target);
    }

    #[test]
    fn a_chart_with_values_and_a_target_stored_beyond_the_rules_is_finite(
        values in prop::collection::vec(prop_oneof![wild(), 0.0..100.0], 1..30),
        target in prop::option::of(wild()),
    ) {
        let markup = chart(&values, target, Unit::Count, true);
        prop_assert!(all_finite(&markup).is_ok(), "{:?} for {:?} with target {:?}", all_finite(&markup), values, target);
    }
}

#[test]
fn the_checker_catches_what_it_is_for() {
    assert!(all_finite("<line x1=\"NaN\" />").is_err());
    assert!(all_finite("<polyline points=\"1,2 inf,3\" />").is_err());
    assert!(all_finite("<text>-inf</text>").is_err());
    assert!(all_finite("<line x1=\"1.5\" y1=\"-2\" />").is_ok());
}
