use super::*;
use proptest::prelude::*;
use std::collections::BTreeSet;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Years whose bank holidays were changed by proclamation, so the standard
/// pattern does not hold.
const ONE_OFF_YEARS: [i32; 3] = [2020, 2022, 2023];

fn listed(year: i32) -> Vec<BankHoliday> {
    BANK_HOLIDAYS.iter().copied().filter(|h| h.date.year() == year).collect()
}

// The table

#[test]
fn the_table_is_in_date_order_without_repeats() {
    assert!(BANK_HOLIDAYS.windows(2).all(|w| w[0].date < w[1].date));
}

#[test]
fn the_table_lists_every_year_from_2015_to_2035_and_no_other() {
    let years: BTreeSet<i32> = BANK_HOLIDAYS.iter().map(|h| h.date.year()).collect();
    assert_eq!(years, (FIRST_LISTED_YEAR..=LAST_LISTED_YEAR).collect());
    assert_eq!((FIRST_LISTED_YEAR, LAST_LISTED_YEAR), (2015, 2035));
}

#[test]
fn no_listed_bank_holiday_falls_at_a_weekend() {
    for h in BANK_HOLIDAYS {
        assert!(!matches!(h.date.weekday(), Weekday::Sat | Weekday::Sun), "{} {}", h.date, h.name);
    }
}

#[test]
fn the_standard_pattern_agrees_with_the_table_in_every_ordinary_year() {
    for year in (FIRST_LISTED_YEAR..=LAST_LISTED_YEAR).filter(|y| !ONE_OFF_YEARS.contains(y)) {
        assert_eq!(standard_bank_holidays(year), listed(year), "{year}");
    }
}

#[test]
fn the_one_off_years_differ_from_the_pattern_only_by_the_proclaimed_days() {
    let difference = |year: i32| {
        let rule: BTreeSet<NaiveDate> = standard_bank_holidays(year).iter().map(|h| h.date).collect();
        let table: BTreeSet<NaiveDate> = listed(year).iter().map(|h| h.date).collect();
        let removed: Vec<NaiveDate> = rule.difference(&table).copied().collect();
        let added: Vec<NaiveDate> = table.difference(&rule).copied().collect();
        (removed, added)
    };
    assert_eq!(difference(2020), (vec![d(2020, 5, 4)], vec![d(2020, 5, 8)]));
    assert_eq!(difference(2022), (vec![d(2022, 5, 30)], vec![d(2022, 6, 2), d(2022, 6, 3), d(2022, 9, 19)]));
    assert_eq!(difference(2023), (vec![], vec![d(2023, 5, 8)]));
}

// Easter and the standard pattern

#[test]
fn easter_sunday_matches_known_dates_including_the_earliest_and_latest() {
    let known = [
        d(2000, 4, 23),
        d(2008, 3, 23),
        d(2011, 4, 24),
        d(2019, 4, 21),
        d(2024, 3, 31),
        d(2025, 4, 20),
        d(2038, 4, 25),
        d(2285, 3, 22),
    ];
    for easter in known {
        assert_eq!(easter_sunday(easter.year()), Some(easter));
    }
}

#[test]
fn easter_is_always_a_sunday_between_22_march_and_25_april() {
    for year in 1583..=3000 {
        let easter = easter_sunday(year).unwrap();
        assert_eq!(easter.weekday(), Weekday::Sun, "{year}");
        assert!(easter >= d(year, 3, 22) && easter <= d(year, 4, 25), "{year}");
    }
}

#[test]
fn years_outside_the_table_follow_the_standard_pattern() {
    let before: Vec<NaiveDate> = standard_bank_holidays(2014).iter().map(|h| h.date).collect();
    assert_eq!(
        before,
        [
            d(2014, 1, 1),
            d(2014, 4, 18),
            d(2014, 4, 21),
            d(2014, 5, 5),
            d(2014, 5, 26),
            d(2014, 8, 25),
            d(2014, 12, 25),
            d(2014, 12, 26)
        ]
    );
    // 2039: New Year's Day on a Saturday, Christmas Day on a Sunday.
    assert!(is_bank_holiday(d(2039, 1, 3)));
    assert!(!is_bank_holiday(d(2039, 1, 1)));
    assert_eq!(bank_holiday_name(d(2039, 12, 26)), Some("Boxing Day"));
    assert_eq!(bank_holiday_name(d(2039, 12, 27)), Some("Christmas Day (substitute day)"));
    assert!(is_bank_holiday(d(2036, 4, 14)), "Easter Monday 2036");
}

#[test]
fn the_calendar_works_at_the_ends_of_chronos_range() {
    assert_eq!(add_working_days(NaiveDate::MAX, 5), NaiveDate::MAX);
    assert_eq!(working_days_between(NaiveDate::MAX, NaiveDate::MAX), 0);
    let _ = is_working_day(NaiveDate::MIN);
}

// Bank holidays and working days

#[test]
fn christmas_boxing_day_and_new_years_day_are_not_working_days() {
    for date in [d(2024, 12, 25), d(2024, 12, 26), d(2025, 1, 1)] {
        assert!(is_bank_holiday(date) && !is_working_day(date), "{date}");
    }
    assert!(is_working_day(d(2024, 12, 24)) && is_working_day(d(2024, 12, 31)));
}

#[test]
fn weekends_are_not_working_days_and_ordinary_weekdays_are() {
    assert!(!is_working_day(d(2025, 6, 14)) && !is_working_day(d(2025, 6, 15)));
    assert!(!is_bank_holiday(d(2025, 6, 14)));
    assert!(is_working_day(d(2025, 6, 16)));
}

#[test]
fn a_weekend_christmas_gives_substitute_days() {
    // 2020: Boxing Day on a Saturday, so Monday 28 December.
    assert!(!is_bank_holiday(d(2020, 12, 26)));
    assert_eq!(bank_holiday_name(d(2020, 12, 28)), Some("Boxing Day (substitute day)"));
    // 2016: Christmas Day on a Sunday, so Tuesday 27 December as well as Boxing Day.
    assert_eq!(bank_holiday_name(d(2016, 12, 27)), Some("Christmas Day (substitute day)"));
    assert!(is_bank_holiday(d(2016, 12, 26)) && !is_bank_holiday(d(2016, 12, 25)));
    // 2021: both at the weekend, so Monday and Tuesday.
    assert!(is_bank_holiday(d(2021, 12, 27)) && is_bank_holiday(d(2021, 12, 28)));
}

#[test]
fn the_proclaimed_days_are_bank_holidays_and_the_days_they_replaced_are_not() {
    assert!(is_bank_holiday(d(2020, 5, 8)) && is_working_day(d(2020, 5, 4)), "VE day");
    assert!(is_bank_holiday(d(2022, 6, 2)) && is_bank_holiday(d(2022, 6, 3)), "Platinum Jubilee");
    assert!(is_working_day(d(2022, 5, 30)), "the spring holiday moved to June in 2022");
    assert!(is_bank_holiday(d(2022, 9, 19)), "State Funeral");
    assert!(is_bank_holiday(d(2023, 5, 8)), "Coronation");
}

// Adding and counting working days

#[test]
fn the_day_of_publication_does_not_count() {
    assert_eq!(add_working_days(d(2025, 6, 16), 1), d(2025, 6, 17));
    assert_eq!(add_working_days(d(2025, 6, 16), 0), d(2025, 6, 16));
    assert_eq!(add_working_days(d(2025, 6, 13), 1), d(2025, 6, 16), "Friday to Monday");
    assert_eq!(add_working_days(d(2025, 6, 14), 1), d(2025, 6, 16), "published on a Saturday");
}

#[test]
fn a_draft_plan_due_over_christmas_skips_christmas_boxing_day_and_new_years_day() {
    let deadlines = plan_deadlines(d(2024, 12, 13));
    // Counting weekdays alone would say Friday 10 January.
    assert_eq!(deadlines.draft, d(2025, 1, 15));
    assert_eq!(deadlines.final_plan, d(2025, 3, 26));
    assert_eq!(working_days_between(d(2024, 12, 13), d(2025, 1, 15)), 20);
}

#[test]
fn working_days_over_easter_skip_good_friday_and_easter_monday() {
    assert_eq!(add_working_days(d(2025, 4, 17), 1), d(2025, 4, 22));
    assert_eq!(working_days_between(d(2025, 4, 17), d(2025, 4, 22)), 1);
    assert_eq!(plan_deadlines(d(2025, 4, 11)).draft, d(2025, 5, 14), "Easter and the early May holiday");
}

#[test]
fn a_bank_holiday_monday_is_skipped() {
    assert_eq!(add_working_days(d(2025, 5, 2), 1), d(2025, 5, 6));
    assert_eq!(add_working_days(d(2025, 8, 22), 1), d(2025, 8, 26));
    assert_eq!(working_days_between(d(2025, 8, 22), d(2025, 8, 29)), 4);
}

#[test]
fn the_2020_boxing_day_substitute_is_skipped() {
    assert_eq!(add_working_days(d(2020, 12, 24), 1), d(2020, 12, 29));
}

#[test]
fn the_2022_jubilee_weekend_is_skipped() {
    assert_eq!(add_working_days(d(2022, 6, 1), 1), d(2022, 6, 6));
    assert_eq!(add_working_days(d(2022, 5, 27), 1), d(2022, 5, 30));
    assert_eq!(add_working_days(d(2022, 9, 16), 1), d(2022, 9, 20));
}

#[test]
fn working_days_between_is_zero_on_the_day_and_negative_once_past() {
    assert_eq!(working_days_between(d(2025, 3, 31), d(2025, 3, 31)), 0);
    assert_eq!(working_days_between(d(2025, 3, 31), d(2025, 4, 30)), 20);
    assert_eq!(working_days_between(d(2025, 4, 30), d(2025, 3, 31)), -20);
    assert_eq!(working_days_between(d(2025, 6, 13), d(2025, 6, 15)), 0, "only a weekend between");
}

#[test]
fn plan_deadlines_are_20_and_70_working_days_after_publication() {
    let published = d(2025, 3, 31);
    let deadlines = plan_deadlines(published);
    assert_eq!(deadlines, PlanDeadlines { draft: d(2025, 4, 30), final_plan: d(2025, 7, 11) });
    assert_eq!(working_days_between(published, deadlines.draft), 20);
    assert_eq!(working_days_between(published, deadlines.final_plan), 70);
}

// Deadlines that counting weekdays alone would get wrong, checked against
// dates worked out by hand from GOV.UK's list.

#[test]
fn a_draft_plan_published_before_christmas_2025_skips_christmas_boxing_day_and_new_years_day() {
    let deadlines = plan_deadlines(d(2025, 12, 5));
    // Weekdays alone would say Friday 2 January 2026.
    assert_eq!(deadlines.draft, d(2026, 1, 7));
    assert_eq!(deadlines.final_plan, d(2026, 3, 18));
    // From the Friday before Christmas: 13 weekdays to the deadline, 10 of them working days.
    assert_eq!(working_days_between(d(2025, 12, 19), d(2026, 1, 7)), 10);
    assert_eq!(working_days_between(d(2025, 12, 24), d(2025, 12, 29)), 1, "Christmas Eve to the Monday after");
}

#[test]
fn a_draft_plan_due_on_good_friday_by_weekdays_moves_past_easter_monday() {
    let deadlines = plan_deadlines(d(2026, 3, 6));
    // Weekdays alone would say Good Friday, 3 April 2026.
    assert_eq!(deadlines.draft, d(2026, 4, 7));
    assert_eq!(deadlines.final_plan, d(2026, 6, 18), "Easter and both May bank holidays");
    assert_eq!(working_days_between(d(2026, 4, 2), d(2026, 4, 7)), 1, "Maundy Thursday to the Tuesday after");
    assert!(!is_working_day(d(2026, 4, 3)) && !is_working_day(d(2026, 4, 6)));
}

#[test]
fn a_draft_plan_due_on_a_bank_holiday_monday_by_weekdays_moves_to_the_tuesday() {
    let deadlines = plan_deadlines(d(2026, 8, 3));
    // Weekdays alone would say Monday 31 August 2026, the summer bank holiday.
    assert_eq!(bank_holiday_name(d(2026, 8, 31)), Some("Summer bank holiday"));
    assert_eq!(deadlines.draft, d(2026, 9, 1));
    assert_eq!(deadlines.final_plan, d(2026, 11, 10));
    assert_eq!(working_days_between(d(2026, 8, 28), d(2026, 9, 1)), 1, "Friday to the Tuesday after");
    // The early May and spring bank holiday Mondays in 2026 too.
    assert_eq!(add_working_days(d(2026, 5, 1), 1), d(2026, 5, 5));
    assert_eq!(add_working_days(d(2026, 5, 22), 1), d(2026, 5, 26));
}

proptest! {
    #[test]
    fn adding_working_days_lands_on_a_working_day_that_counts_back_to_n(
        offset in 0u64..(45 * 366),
        n in 0u32..400,
    ) {
        let from = d(2005, 1, 1) + Days::new(offset);
        let due = add_working_days(from, n);
        prop_assert!(n == 0 || is_working_day(due), "{due} is not a working day");
        prop_assert_eq!(working_days_between(from, due), i64::from(n));
        prop_assert_eq!(working_days_between(due, from), -i64::from(n));
    }

    #[test]
    fn the_first_working_day_after_a_date_is_the_next_working_day(offset in 0u64..(45 * 366)) {
        let from = d(2005, 1, 1) + Days::new(offset);
        let next = add_working_days(from, 1);
        prop_assert!(from.iter_days().skip(1).take_while(|day| *day < next).all(|day| !is_working_day(day)));
    }
}
