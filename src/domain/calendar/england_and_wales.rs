//! The England and Wales bank holiday table, 2015 to 2035 inclusive.
//!
//! Source: GOV.UK's "UK bank holidays" list for England and Wales
//! (gov.uk/bank-holidays), as published for 2015 to 2027, names included. It
//! has the one-off changes made by proclamation: the early May bank holiday
//! moved to Friday 8 May 2020 for VE day; the spring bank holiday moved to
//! Thursday 2 June 2022, with the Platinum Jubilee on Friday 3 June 2022; the
//! State Funeral of Queen Elizabeth II on 19 September 2022; the coronation of
//! King Charles III on 8 May 2023.
//!
//! 2028 to 2035 had no published list when this table was written: those rows
//! are the standard pattern (`super::standard_bank_holidays`), written out so
//! that a later proclamation (a moved or an extra day) is a one-line change
//! here; the year then joins `ONE_OFF_YEARS` in the tests, which check that
//! every other year agrees with the rule.
//!
//! Rows are in date order; a test checks that too, because lookups
//! binary-search the table.

use chrono::NaiveDate;

/// One bank holiday: its date and the name GOV.UK gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct BankHoliday {
    pub(super) date: NaiveDate,
    pub(super) name: &'static str,
}

/// A row of the table; an impossible date stops the build rather than a request.
const fn day(year: i32, month: u32, day: u32, name: &'static str) -> BankHoliday {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => BankHoliday { date, name },
        None => panic!("not a calendar date in the bank holiday table"),
    }
}

/// The first year the table lists.
pub(super) const FIRST_LISTED_YEAR: i32 = 2015;

/// The last year the table lists; later years follow the standard pattern.
pub(super) const LAST_LISTED_YEAR: i32 = 2035;

/// Every bank holiday in England and Wales from 2015 to 2035, in date order.
pub(super) const BANK_HOLIDAYS: &[BankHoliday] = &[
    // 2015
    day(2015, 1, 1, "New Year's Day"),
    day(2015, 4, 3, "Good Friday"),
    day(2015, 4, 6, "Easter Monday"),
    day(2015, 5, 4, "Early May bank holiday"),
    day(2015, 5, 25, "Spring bank holiday"),
    day(2015, 8, 31, "Summer bank holiday"),
    day(2015, 12, 25, "Christmas Day"),
    day(2015, 12, 28, "Boxing Day (substitute day)"),
    // 2016
    day(2016, 1, 1, "New Year's Day"),
    day(2016, 3, 25, "Good Friday"),
    day(2016, 3, 28, "Easter Monday"),
    day(2016, 5, 2, "Early May bank holiday"),
    day(2016, 5, 30, "Spring bank holiday"),
    day(2016, 8, 29, "Summer bank holiday"),
    day(2016, 12, 26, "Boxing Day"),
    day(2016, 12, 27, "Christmas Day (substitute day)"),
    // 2017
    day(2017, 1, 2, "New Year's Day (substitute day)"),
    day(2017, 4, 14, "Good Friday"),
    day(2017, 4, 17, "Easter Monday"),
    day(2017, 5, 1, "Early May bank holiday"),
    day(2017, 5, 29, "Spring bank holiday"),
    day(2017, 8, 28, "Summer bank holiday"),
    day(2017, 12, 25, "Christmas Day"),
    day(2017, 12, 26, "Boxing Day"),
    // 2018
    day(2018, 1, 1, "New Year's Day"),
    day(2018, 3, 30, "Good Friday"),
    day(2018, 4, 2, "Easter Monday"),
    day(2018, 5, 7, "Early May bank holiday"),
    day(2018, 5, 28, "Spring bank holiday"),
    day(2018, 8, 27, "Summer bank holiday"),
    day(2018, 12, 25, "Christmas Day"),
    day(2018, 12, 26, "Boxing Day"),
    // 2019
    day(2019, 1, 1, "New Year's Day"),
    day(2019, 4, 19, "Good Friday"),
    day(2019, 4, 22, "Easter Monday"),
    day(2019, 5, 6, "Early May bank holiday"),
    day(2019, 5, 27, "Spring bank holiday"),
    day(2019, 8, 26, "Summer bank holiday"),
    day(2019, 12, 25, "Christmas Day"),
    day(2019, 12, 26, "Boxing Day"),
    // 2020
    day(2020, 1, 1, "New Year's Day"),
    day(2020, 4, 10, "Good Friday"),
    day(2020, 4, 13, "Easter Monday"),
    day(2020, 5, 8, "Early May bank holiday (VE day)"),
    day(2020, 5, 25, "Spring bank holiday"),
    day(2020, 8, 31, "Summer bank holiday"),
    day(2020, 12, 25, "Christmas Day"),
    day(2020, 12, 28, "Boxing Day (substitute day)"),
    // 2021
    day(2021, 1, 1, "New Year's Day"),
    day(2021, 4, 2, "Good Friday"),
    day(2021, 4, 5, "Easter Monday"),
    day(2021, 5, 3, "Early May bank holiday"),
    day(2021, 5, 31, "Spring bank holiday"),
    day(2021, 8, 30, "Summer bank holiday"),
    day(2021, 12, 27, "Christmas Day (substitute day)"),
    day(2021, 12, 28, "Boxing Day (substitute day)"),
    // 2022
    day(2022, 1, 3, "New Year's Day (substitute day)"),
    day(2022, 4, 15, "Good Friday"),
    day(2022, 4, 18, "Easter Monday"),
    day(2022, 5, 2, "Early May bank holiday"),
    day(2022, 6, 2, "Spring bank holiday"),
    day(2022, 6, 3, "Platinum Jubilee bank holiday"),
    day(2022, 8, 29, "Summer bank holiday"),
    day(2022, 9, 19, "Bank holiday for the State Funeral of Queen Elizabeth II"),
    day(2022, 12, 26, "Boxing Day"),
    day(2022, 12, 27, "Christmas Day (substitute day)"),
    // 2023
    day(2023, 1, 2, "New Year's Day (substitute day)"),
    day(2023, 4, 7, "Good Friday"),
    day(2023, 4, 10, "Easter Monday"),
    day(2023, 5, 1, "Early May bank holiday"),
    day(2023, 5, 8, "Bank holiday for the coronation of King Charles III"),
    day(2023, 5, 29, "Spring bank holiday"),
    day(2023, 8, 28, "Summer bank holiday"),
    day(2023, 12, 25, "Christmas Day"),
    day(2023, 12, 26, "Boxing Day"),
    // 2024
    day(2024, 1, 1, "New Year's Day"),
    day(2024, 3, 29, "Good Friday"),
    day(2024, 4, 1, "Easter Monday"),
    day(2024, 5, 6, "Early May bank holiday"),
    day(2024, 5, 27, "Spring bank holiday"),
    day(2024, 8, 26, "Summer bank holiday"),
    day(2024, 12, 25, "Christmas Day"),
    day(2024, 12, 26, "Boxing Day"),
    // 2025
    day(2025, 1, 1, "New Year's Day"),
    day(2025, 4, 18, "Good Friday"),
    day(2025, 4, 21, "Easter Monday"),
    day(2025, 5, 5, "Early May bank holiday"),
    day(2025, 5, 26, "Spring bank holiday"),
    day(2025, 8, 25, "Summer bank holiday"),
    day(2025, 12, 25, "Christmas Day"),
    day(2025, 12, 26, "Boxing Day"),
    // 2026
    day(2026, 1, 1, "New Year's Day"),
    day(2026, 4, 3, "Good Friday"),
    day(2026, 4, 6, "Easter Monday"),
    day(2026, 5, 4, "Early May bank holiday"),
    day(2026, 5, 25, "Spring bank holiday"),
    day(2026, 8, 31, "Summer bank holiday"),
    day(2026, 12, 25, "Christmas Day"),
    day(2026, 12, 28, "Boxing Day (substitute day)"),
    // 2027
    day(2027, 1, 1, "New Year's Day"),
    day(2027, 3, 26, "Good Friday"),
    day(2027, 3, 29, "Easter Monday"),
    day(2027, 5, 3, "Early May bank holiday"),
    day(2027, 5, 31, "Spring bank holiday"),
    day(2027, 8, 30, "Summer bank holiday"),
    day(2027, 12, 27, "Christmas Day (substitute day)"),
    day(2027, 12, 28, "Boxing Day (substitute day)"),
    // Not yet published: the standard pattern, projected (see the module documentation).
    // 2028
    day(2028, 1, 3, "New Year's Day (substitute day)"),
    day(2028, 4, 14, "Good Friday"),
    day(2028, 4, 17, "Easter Monday"),
    day(2028, 5, 1, "Early May bank holiday"),
    day(2028, 5, 29, "Spring bank holiday"),
    day(2028, 8, 28, "Summer bank holiday"),
    day(2028, 12, 25, "Christmas Day"),
    day(2028, 12, 26, "Boxing Day"),
    // 2029
    day(2029, 1, 1, "New Year's Day"),
    day(2029, 3, 30, "Good Friday"),
    day(2029, 4, 2, "Easter Monday"),
    day(2029, 5, 7, "Early May bank holiday"),
    day(2029, 5, 28, "Spring bank holiday"),
    day(2029, 8, 27, "Summer bank holiday"),
    day(2029, 12, 25, "Christmas Day"),
    day(2029, 12, 26, "Boxing Day"),
    // 2030
    day(2030, 1, 1, "New Year's Day"),
    day(2030, 4, 19, "Good Friday"),
    day(2030, 4, 22, "Easter Monday"),
    day(2030, 5, 6, "Early May bank holiday"),
    day(2030, 5, 27, "Spring bank holiday"),
    day(2030, 8, 26, "Summer bank holiday"),
    day(2030, 12, 25, "Christmas Day"),
    day(2030, 12, 26, "Boxing Day"),
    // 2031
    day(2031, 1, 1, "New Year's Day"),
    day(2031, 4, 11, "Good Friday"),
    day(2031, 4, 14, "Easter Monday"),
    day(2031, 5, 5, "Early May bank holiday"),
    day(2031, 5, 26, "Spring bank holiday"),
    day(2031, 8, 25, "Summer bank holiday"),
    day(2031, 12, 25, "Christmas Day"),
    day(2031, 12, 26, "Boxing Day"),
    // 2032
    day(2032, 1, 1, "New Year's Day"),
    day(2032, 3, 26, "Good Friday"),
    day(2032, 3, 29, "Easter Monday"),
    day(2032, 5, 3, "Early May bank holiday"),
    day(2032, 5, 31, "Spring bank holiday"),
    day(2032, 8, 30, "Summer bank holiday"),
    day(2032, 12, 27, "Christmas Day (substitute day)"),
    day(2032, 12, 28, "Boxing Day (substitute day)"),
    // 2033
    day(2033, 1, 3, "New Year's Day (substitute day)"),
    day(2033, 4, 15, "Good Friday"),
    day(2033, 4, 18, "Easter Monday"),
    day(2033, 5, 2, "Early May bank holiday"),
    day(2033, 5, 30, "Spring bank holiday"),
    day(2033, 8, 29, "Summer bank holiday"),
    day(2033, 12, 26, "Boxing Day"),
    day(2033, 12, 27, "Christmas Day (substitute day)"),
    // 2034
    day(2034, 1, 2, "New Year's Day (substitute day)"),
    day(2034, 4, 7, "Good Friday"),
    day(2034, 4, 10, "Easter Monday"),
    day(2034, 5, 1, "Early May bank holiday"),
    day(2034, 5, 29, "Spring bank holiday"),
    day(2034, 8, 28, "Summer bank holiday"),
    day(2034, 12, 25, "Christmas Day"),
    day(2034, 12, 26, "Boxing Day"),
    // 2035
    day(2035, 1, 1, "New Year's Day"),
    day(2035, 3, 23, "Good Friday"),
    day(2035, 3, 26, "Easter Monday"),
    day(2035, 5, 7, "Early May bank holiday"),
    day(2035, 5, 28, "Spring bank holiday"),
    day(2035, 8, 27, "Summer bank holiday"),
    day(2035, 12, 25, "Christmas Day"),
    day(2035, 12, 26, "Boxing Day"),
];
