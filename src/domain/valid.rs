//! Input read once at the edge: a form, a JSON body or an imported row
//! becomes a `Valid` value, or a list of field errors, in one place.
//! Repository functions take only `Valid` values and never check again.

use super::fields::FieldErrors;
use chrono::{Datelike, NaiveDate};
use std::ops::Deref;

/// An input that has been tidied (text trimmed) and found good. It can only be
/// made by [`Validate::validate`], so holding one proves the checks ran.
#[derive(Debug, Clone, PartialEq)]
pub struct Valid<T>(T);

impl<T> Valid<T> {
    /// The checked value.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> Deref for Valid<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// An input whose links to other records (their ids) can be set after it was
/// checked. Ids take no part in the checks (repositories check that the rows
/// they name exist), so the value stays valid: an import checks a row before
/// the practice area it names has been created, then links it.
pub trait Relink {
    /// The ids the input links to.
    type Links;
    /// Sets the links.
    fn relink(&mut self, links: Self::Links);
}

impl<T: Relink> Valid<T> {
    /// The same checked value with its links set.
    pub fn relinked(mut self, links: T::Links) -> Self {
        self.0.relink(links);
        self
    }
}

/// What checks need to know beyond the input itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Context {
    /// Today: nothing can have been observed or completed after it. The demo
    /// loader's today is its "as at" date.
    pub today: NaiveDate,
    /// The earliest plausible date of anything in the plan.
    pub earliest: NaiveDate,
    /// The latest plausible date (a due date may be years ahead, not centuries).
    pub latest: NaiveDate,
}

impl Context {
    /// A context for `today` with plausible dates from the start of
    /// `earliest_year` to the end of `latest_year`.
    pub fn new(today: NaiveDate, earliest_year: i32, latest_year: i32) -> Self {
        let earliest = NaiveDate::from_ymd_opt(earliest_year, 1, 1).unwrap_or(NaiveDate::MIN);
        let latest = NaiveDate::from_ymd_opt(latest_year, 12, 31).unwrap_or(NaiveDate::MAX);
        Self { today, earliest, latest }
    }

    /// The default range, 1990 to 2100.
    pub fn for_today(today: NaiveDate) -> Self {
        Self::new(today, 1990, 2100)
    }

    /// Records a problem when a date is outside the plausible range.
    pub fn check_date(&self, errors: &mut FieldErrors, field: &str, label: &str, date: NaiveDate) {
        if date < self.earliest || date > self.latest {
            errors.add(field, format!("{label} must be between {} and {}", self.earliest.year(), self.latest.year()));
        }
    }

    /// As `check_date`, for an optional date.
    pub fn check_optional_date(&self, errors: &mut FieldErrors, field: &str, label: &str, date: Option<NaiveDate>) {
        if let Some(date) = date {
            self.check_date(errors, field, label, date);
        }
    }
}

/// An input that can be tidied and checked.
pub trait Validate: Sized {
    /// Tidies the input in place (trims text, empties become none) and returns
    /// every problem found, by field, all at once.
    fn tidy_and_check(&mut self, context: &Context) -> FieldErrors;

    /// The input as a `Valid` value, or every problem with it.
    fn validate(mut self, context: &Context) -> Result<Valid<Self>, FieldErrors> {
        let errors = self.tidy_and_check(context);
        errors.into_result(Valid(self))
    }
}

/// An input as it was read, before it is known to be whole: a field left out,
/// or sent but unreadable, is `None`. Reading a form or a body gives a draft;
/// only a draft with every required field becomes the input, so no input is
/// ever made whole with a stand-in and checked afterwards.
pub trait Draft: Complete {
    /// Tidies what was given (text trimmed) and returns every problem with
    /// it; a rule that needs a field that is not there waits for it.
    fn tidy_and_check(&mut self, context: &Context) -> FieldErrors;

    /// The draft as a `Valid` input, or every problem with it at once.
    fn validate(self, context: &Context) -> Result<Valid<Self::Input>, FieldErrors> {
        parse(FieldErrors::new(), self, context)
    }
}

/// A draft made whole. Apart from its rules (`Draft`), because for most
/// drafts it follows from their fields alone (`drafts::draft!` writes it).
pub trait Complete: Sized {
    /// What the draft becomes when whole.
    type Input;

    /// The whole input, or every required field that is not there, each
    /// with the message that asks for it.
    fn complete(self) -> Result<Self::Input, FieldErrors>;
}

/// Checks a whole input by the rules of its draft, so the two cannot differ:
/// `Validate::tidy_and_check` for an input that has a draft.
pub fn check_whole<D: Draft + From<D::Input>>(input: &mut D::Input, context: &Context) -> FieldErrors
where
    D::Input: Clone,
{
    let mut draft = D::from(input.clone());
    let mut errors = draft.tidy_and_check(context);
    // The tidied text is kept; an input whole in its type may still lack what its draft asks for (a result's value).
    match draft.complete() {
        Ok(tidied) => *input = tidied,
        Err(missing) => errors.merge(missing),
    }
    errors
}

/// Finishes reading a form or a body into a draft: problems found while
/// reading its fields (a date that is not a date, a choice not offered) are
/// reported with the draft's own, every one at once. A field found unreadable
/// is reported for that alone, not asked for again or checked as if left out.
pub fn parse<D: Draft>(read: FieldErrors, mut draft: D, context: &Context) -> Result<Valid<D::Input>, FieldErrors> {
    let mut errors = read.clone();
    let checked = draft.tidy_and_check(context);
    let (input, missing) = match draft.complete() {
        Ok(input) => (Some(input), FieldErrors::new()),
        Err(missing) => (None, missing),
    };
    for e in checked.iter().chain(missing.iter()).filter(|e| !read.names(&e.field)) {
        errors.add(&e.field, e.message.clone());
    }
    match input {
        Some(input) if errors.is_empty() => Ok(Valid(input)),
        _ => Err(errors),
    }
}

/// Finishes reading a form: problems found while reading typed fields (a date
/// that is not a date) are reported with the input's own, so that every
/// problem shows at once.
pub fn finish<T: Validate>(mut errors: FieldErrors, input: T, context: &Context) -> Result<Valid<T>, FieldErrors> {
    match input.validate(context) {
        Ok(valid) if errors.is_empty() => Ok(valid),
        Ok(_) => Err(errors),
        Err(more) => {
            errors.merge(more);
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Note(String);

    impl Validate for Note {
        fn tidy_and_check(&mut self, _: &Context) -> FieldErrors {
            let mut errors = FieldErrors::new();
            errors.line("note", "the note", &mut self.0, 10, true);
            errors
        }
    }

    fn context() -> Context {
        Context::for_today(NaiveDate::from_ymd_opt(2025, 3, 31).unwrap())
    }

    #[test]
    fn a_valid_value_is_tidied() {
        let valid = Note("  kept  ".into()).validate(&context()).unwrap();
        assert_eq!(valid.into_inner(), Note("kept".into()));
    }

    #[test]
    fn problems_from_reading_a_form_are_kept_with_the_inputs_own() {
        let earlier = FieldErrors::one("date", "Enter a real date");
        let errors = finish(earlier, Note(String::new()), &context()).unwrap_err();
        assert!(errors.for_field("date").is_some() && errors.for_field("note").is_some());
    }

    #[test]
    fn dates_outside_the_plausible_range_are_named() {
        let mut errors = FieldErrors::new();
        let ancient = NaiveDate::from_ymd_opt(0, 1, 1).unwrap();
        context().check_date(&mut errors, "due_date", "The due date", ancient);
        assert_eq!(errors.for_field("due_date"), Some("The due date must be between 1990 and 2100"));
    }
}
