use super::*;
use proptest::prelude::*;

fn at(period: &str, level: Level, code: &str, figure: Figure) -> Observation {
    Observation { time_period: period.into(), level, area_code: code.into(), figure }
}

fn neighbours(n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("{}", 800 + i)).collect()
}

/// The council "900" at `own`, ten neighbours 801..810 at `values` (none: suppressed), England at 20.
fn year(own: f64, values: &[Option<f64>]) -> Vec<Observation> {
    let mut out = vec![
        at("2025", Level::LocalAuthority, "900", Figure::Published(own)),
        at("2025", Level::National, "E92000001", Figure::Published(20.0)),
        at("2025", Level::Regional, "E12000009", Figure::Published(19.0)),
    ];
    for (i, v) in values.iter().enumerate() {
        let figure = v.map_or(Figure::NotPublished("c".into()), Figure::Published);
        out.push(at("2025", Level::LocalAuthority, &format!("{}", 801 + i), figure));
    }
    out
}

fn compared(polarity: Polarity, own: f64, values: &[Option<f64>]) -> YearComparison {
    let codes = neighbours(values.len());
    let places = Places { council: "900", neighbours: &codes, region: Some("E12000009"), england: "E92000001" };
    compare(polarity, Unit::Percent, &places, &year(own, values)).years.remove(0)
}

#[test]
fn ten_published_neighbours_take_the_mean_of_the_middle_two() {
    let values: Vec<Option<f64>> = (1..=10).map(|v| Some(f64::from(v))).collect();
    let y = compared(Polarity::Low, 4.0, &values);
    let median = y.median.unwrap();
    assert_eq!((median.value, median.of, median.out_of), (5.5, 10, 10));
    assert_eq!(median.label(), "median of 10 neighbours");
    assert_eq!(y.against_neighbours, Some(Judgement::Better));
    assert_eq!(y.against_england, Some(Judgement::Better));
    assert_eq!(y.region, Figure::Published(19.0));
    // Lower is better: three neighbours (1, 2, 3) are ahead of 4.
    assert_eq!(y.rank, Some(Rank { position: 4, of: 11 }));
    assert_eq!(y.rank.unwrap().in_words(), "4th of 11");
}

#[test]
fn a_suppressed_neighbour_is_left_out_of_the_median_and_named_in_its_label() {
    let mut values: Vec<Option<f64>> = (1..=10).map(|v| Some(f64::from(v))).collect();
    values[9] = None;
    values[0] = None;
    let y = compared(Polarity::High, 30.0, &values);
    let median = y.median.unwrap();
    // 2..=9: middle two are 5 and 6.
    assert_eq!((median.value, median.of, median.out_of), (5.5, 8, 10));
    assert_eq!(median.label(), "median of 8 of 10 neighbours (2 with no published figure)");
    assert_eq!(y.neighbours[0], Figure::NotPublished("c".into()));
    assert_eq!(y.rank, Some(Rank { position: 1, of: 9 }));
    assert_eq!(y.against_england, Some(Judgement::Better));
}

#[test]
fn an_odd_count_takes_the_middle_value() {
    let y = compared(Polarity::Low, 5.0, &[Some(9.0), Some(1.0), None, Some(4.0)]);
    assert_eq!(y.median.unwrap().value, 4.0);
    assert_eq!(y.against_neighbours, Some(Judgement::Worse));
}

#[test]
fn where_neither_is_better_the_council_is_higher_or_lower() {
    let y = compared(Polarity::Neither, 25.0, &[Some(10.0), Some(30.0)]);
    assert_eq!(y.against_neighbours, Some(Judgement::Higher));
    assert_eq!(y.against_england, Some(Judgement::Higher));
    assert_eq!(Judgement::of(20.0, 20.0, Polarity::Neither), Judgement::Same);
}

#[test]
fn a_council_not_in_the_model_has_no_median_nor_rank_among_neighbours() {
    let places = Places { council: "900", neighbours: &[], region: None, england: "E92000001" };
    let y = compare(Polarity::Low, Unit::Percent, &places, &year(12.0, &[])).years.remove(0);
    assert_eq!(y.median, None);
    assert_eq!(y.against_neighbours, None);
    assert_eq!(y.rank, Some(Rank { position: 1, of: 1 }));
    assert_eq!(y.region, Figure::Absent);
    assert_eq!(y.against_england, Some(Judgement::Better));
}

#[test]
fn a_suppressed_council_figure_is_judged_against_nothing() {
    let codes = neighbours(2);
    let places = Places { council: "900", neighbours: &codes, region: None, england: "E92000001" };
    let observations = vec![
        at("2024", Level::LocalAuthority, "900", Figure::NotPublished("x".into())),
        at("2024", Level::LocalAuthority, "801", Figure::Published(3.0)),
        at("2024", Level::National, "E92000001", Figure::Published(2.0)),
        at("2025", Level::National, "E92000001", Figure::Published(2.5)),
    ];
    let c = compare(Polarity::Low, Unit::Percent, &places, &observations);
    assert_eq!(c.years.len(), 2);
    let first = &c.years[0];
    assert_eq!((first.rank, first.against_england, first.against_neighbours), (None, None, None));
    assert_eq!(first.council.in_words(Unit::Percent), "not published: not available");
    assert_eq!(c.latest().unwrap().time_period, "2025");
    assert_eq!(c.latest().unwrap().council, Figure::Absent);
    assert!(c.council_series().is_empty());
}

#[test]
fn numbers_read_as_the_dfe_writes_them() {
    assert_eq!(number_in_words(22.6, Unit::Percent), "22.6%");
    assert_eq!(number_in_words(70.0, Unit::RatePer10000), "70 per 10,000");
    assert_eq!(number_in_words(1234567.0, Unit::Number), "1,234,567");
    assert_eq!(number_in_words(-3.25, Unit::Number), "-3.3");
    assert_eq!(number_in_words(999.96, Unit::Number), "1,000");
}

proptest! {
    #[test]
    fn the_median_lies_between_the_published_figures_and_the_rank_within_the_count(
        own in 0.0f64..100.0,
        values in proptest::collection::vec(proptest::option::of(0.0f64..100.0), 0..12),
    ) {
        let y = compared(Polarity::Low, own, &values);
        let published: Vec<f64> = values.iter().flatten().copied().collect();
        match y.median {
            None => prop_assert!(published.is_empty()),
            Some(m) => {
                let min = published.iter().copied().fold(f64::INFINITY, f64::min);
                let max = published.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                prop_assert!(m.value >= min && m.value <= max);
                prop_assert_eq!(m.of, published.len());
                prop_assert_eq!(m.out_of, values.len());
                let below = published.iter().filter(|v| **v < m.value).count();
                let above = published.iter().filter(|v| **v > m.value).count();
                prop_assert!(below <= published.len() / 2 && above <= published.len() / 2);
            }
        }
        let rank = y.rank.unwrap();
        prop_assert_eq!(rank.of, published.len() + 1);
        prop_assert!(rank.position >= 1 && rank.position <= rank.of);
    }
}
