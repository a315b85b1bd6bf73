//! What a measure's values can be, by its unit: the one rule that results and
//! targets entered through the forms, the API and the imports are checked by,
//! and that stored values are screened by before the statistics use them.
//!
//! Every unit has a floor of 0 and a ceiling well past any real figure of a
//! council, so that no value can overflow the statistics (a sum of moving
//! ranges of 1e308 is infinite): percentages 0 to 100; counts whole, 0 to
//! 10,000,000; days 0 to 36,525 (a hundred years); ratios 0 to 1,000,000.
//! A case audit grades at most 100,000 cases of each grade, and a sample has
//! at most 1,000,000 cases or records.

use super::kinds::Unit;

/// The most cases of one grade in one case audit.
pub const MOST_CASES: u32 = 100_000;

/// The largest sample a result can be drawn from.
pub const LARGEST_SAMPLE: i32 = 1_000_000;

/// The largest value of any unit: no value the statistics take is bigger.
pub const LARGEST_VALUE: f64 = 10_000_000.0;

/// The largest value a measure in this unit can hold; the smallest is 0.
pub fn largest(unit: Unit) -> f64 {
    match unit {
        Unit::Percent => 100.0,
        Unit::Count => LARGEST_VALUE,
        Unit::Days => 36_525.0,
        Unit::Ratio => 1_000_000.0,
    }
}

/// Whether the values of this unit are whole numbers.
pub fn whole(unit: Unit) -> bool {
    unit == Unit::Count
}

/// Whether a value lies within its unit's range (0 to `largest`), a finite
/// number. Whether it is whole is not asked: a stored value within range
/// cannot upset the statistics, so this is the screen for stored values.
pub fn in_range(unit: Unit, value: f64) -> bool {
    value.is_finite() && (0.0..=largest(unit)).contains(&value)
}

/// The allowed values of a unit in words: "a whole number from 0 to 10,000,000".
fn allowed(unit: Unit) -> String {
    let kind = if whole(unit) { "a whole number from" } else { "from" };
    format!("{kind} 0 to {}", grouped(largest(unit)))
}

/// The allowed values of a unit as a hint beside a field: "A whole number from 0 to 10,000,000".
pub fn hint(unit: Unit) -> String {
    let words = allowed(unit);
    let mut chars = words.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// What a unit's values are called in messages.
fn called(unit: Unit) -> &'static str {
    match unit {
        Unit::Percent => "A percentage",
        Unit::Count => "A count",
        Unit::Days => "A number of days",
        Unit::Ratio => "A ratio",
    }
}

/// Why `value` cannot be a result of a measure in this unit, in words a
/// person can act on; none when it can. Not a number, or infinite, is told
/// the same range as any other value outside it.
pub fn value_problem(unit: Unit, value: f64) -> Option<String> {
    let fits = in_range(unit, value) && (!whole(unit) || value.fract() == 0.0);
    (!fits).then(|| format!("{} must be {}", called(unit), allowed(unit)))
}

/// Why `target` cannot be the target of a measure in this unit; none when it
/// can. A target is a threshold, so it need only lie within the unit's range.
pub fn target_problem(unit: Unit, target: f64) -> Option<String> {
    let called = match unit {
        Unit::Percent => "A percentage target",
        Unit::Count => "A count target",
        Unit::Days => "A target in days",
        Unit::Ratio => "A ratio target",
    };
    (!in_range(unit, target)).then(|| format!("{called} must be from 0 to {}", grouped(largest(unit))))
}

/// Why a stored value is left out of the statistics and charts; none when it
/// is used. Values stored before these rules, outside its unit's range, are
/// kept as they are (never changed or lost) but not used.
pub fn left_out(unit: Unit, value: f64) -> Option<String> {
    let rule = format!("{} must be {}", lower_first(called(unit)), allowed(unit));
    (!in_range(unit, value)).then(|| format!("Left out of the statistics and charts: {rule}"))
}

/// Why a stored target is left out of the statistics and charts (the
/// measure is judged as having none until it is corrected); none when it is used.
pub fn target_left_out(unit: Unit, target: f64) -> Option<String> {
    target_problem(unit, target).map(|rule| format!("Left out of the statistics and charts: {}", lower_first(&rule)))
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default()
}

/// A number of cases given a grade, as typed or sent (any number): a whole
/// number from 0 to `MOST_CASES`, or why not, with `label` naming it
/// ("Cases graded good").
pub fn cases(label: &str, value: f64) -> Result<u32, String> {
    if value.is_finite() && value.fract() == 0.0 && (0.0..=f64::from(MOST_CASES)).contains(&value) {
        Ok(value as u32)
    } else {
        Err(format!("{label} must be a whole number from 0 to {}", grouped(f64::from(MOST_CASES))))
    }
}

/// A sample size, as typed or sent: a whole number from 0 to `LARGEST_SAMPLE`, or why not.
pub fn sample_size(value: f64) -> Result<i32, String> {
    if value.is_finite() && value.fract() == 0.0 && (0.0..=f64::from(LARGEST_SAMPLE)).contains(&value) {
        Ok(value as i32)
    } else {
        Err(format!("The sample size must be a whole number from 0 to {}", grouped(f64::from(LARGEST_SAMPLE))))
    }
}

/// A whole number with its thousands grouped: 10,000,000.
fn grouped(n: f64) -> String {
    let digits = format!("{}", n.round() as u64);
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_is_whole_and_not_negative_and_not_huge() {
        for bad in [1e308, -1e308, -5.0, 1.5, f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 10_000_001.0] {
            assert_eq!(
                value_problem(Unit::Count, bad).as_deref(),
                Some("A count must be a whole number from 0 to 10,000,000"),
                "{bad}"
            );
        }
        assert_eq!(value_problem(Unit::Count, 0.0), None);
        assert_eq!(value_problem(Unit::Count, 10_000_000.0), None);
    }

    #[test]
    fn a_percentage_is_from_0_to_100_with_decimals() {
        assert_eq!(value_problem(Unit::Percent, 101.0).as_deref(), Some("A percentage must be from 0 to 100"));
        assert!(value_problem(Unit::Percent, -1.0).is_some());
        assert_eq!(value_problem(Unit::Percent, 66.7), None);
    }

    #[test]
    fn days_and_ratios_are_not_negative_but_may_have_decimals() {
        assert_eq!(value_problem(Unit::Days, -0.5).as_deref(), Some("A number of days must be from 0 to 36,525"));
        assert_eq!(value_problem(Unit::Days, 12.5), None);
        assert_eq!(value_problem(Unit::Ratio, -1.0).as_deref(), Some("A ratio must be from 0 to 1,000,000"));
        assert_eq!(value_problem(Unit::Ratio, 0.75), None);
    }

    #[test]
    fn a_target_must_lie_within_its_units_range() {
        assert_eq!(target_problem(Unit::Percent, 150.0).as_deref(), Some("A percentage target must be from 0 to 100"));
        assert!(target_problem(Unit::Count, -1.0).is_some());
        assert!(target_problem(Unit::Days, f64::NAN).is_some());
        assert_eq!(target_problem(Unit::Count, 18.5), None, "a threshold need not be whole");
    }

    #[test]
    fn a_stored_value_out_of_range_is_left_out_and_says_why() {
        assert_eq!(left_out(Unit::Count, 1.5), None, "a stored fraction of a count does the statistics no harm");
        assert_eq!(
            left_out(Unit::Count, 1e308).as_deref(),
            Some("Left out of the statistics and charts: a count must be a whole number from 0 to 10,000,000")
        );
        assert!(left_out(Unit::Percent, f64::NAN).is_some() && left_out(Unit::Ratio, -1.0).is_some());
    }

    #[test]
    fn grade_counts_and_samples_are_whole_and_bounded() {
        assert_eq!(cases("Cases graded good", 7.0), Ok(7));
        for bad in [-5.0, 1.5, 1e308, f64::NAN, 100_001.0] {
            assert_eq!(
                cases("Cases graded good", bad),
                Err("Cases graded good must be a whole number from 0 to 100,000".into())
            );
        }
        assert_eq!(sample_size(240.0), Ok(240));
        assert!(sample_size(-1.0).is_err() && sample_size(2.5).is_err() && sample_size(1e9).is_err());
    }
}
