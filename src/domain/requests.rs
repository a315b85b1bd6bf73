//! Requests for evidence: a leader asks an owner (who may not sign in to
//! Sustain) for evidence about one finding, action or practice area, in words,
//! by a date. Evidence added against the request answers it; a leader may
//! close it unanswered, saying why.
//!
//! A request's dates are the days it was asked, answered and closed, each
//! recorded on the day it happened, so where it stood on any date follows from
//! them alone (`Standing::on`): "as at" and "as recorded" agree.

use super::fields::FieldErrors;
use super::ids::{ActionId, AreaId, FindingId, OwnerId};
use super::valid::{Complete, Context, Draft, Validate};
use chrono::NaiveDate;

/// What the evidence is asked about: one finding, action or practice area.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Subject {
    Finding(FindingId),
    Action(ActionId),
    Area(AreaId),
}

impl Subject {
    /// The subject named by at most one of three ids, as a request row and a
    /// body keep it; none when none or more than one is given.
    pub fn from_ids(finding: Option<FindingId>, action: Option<ActionId>, area: Option<AreaId>) -> Option<Subject> {
        match (finding, action, area) {
            (Some(f), None, None) => Some(Subject::Finding(f)),
            (None, Some(a), None) => Some(Subject::Action(a)),
            (None, None, Some(p)) => Some(Subject::Area(p)),
            _ => None,
        }
    }

    /// The three ids, one of them set.
    pub fn ids(self) -> (Option<FindingId>, Option<ActionId>, Option<AreaId>) {
        match self {
            Subject::Finding(f) => (Some(f), None, None),
            Subject::Action(a) => (None, Some(a), None),
            Subject::Area(p) => (None, None, Some(p)),
        }
    }

    /// The field of a form or body that names it.
    pub fn field(self) -> &'static str {
        match self {
            Subject::Finding(_) => "finding_id",
            Subject::Action(_) => "action_id",
            Subject::Area(_) => "practice_area_id",
        }
    }
}

/// A new request, whole and ready to save once checked.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestInput {
    pub subject: Subject,
    /// Who is asked.
    pub owner_id: OwnerId,
    /// The day the evidence is needed by.
    pub due_on: NaiveDate,
    /// What is wanted, in the leader's words.
    pub wanted: String,
}

/// A request as read from a form or a body: the subject's three ids as sent,
/// and the owner and date when they could be read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RequestDraft {
    pub finding_id: Option<FindingId>,
    pub action_id: Option<ActionId>,
    pub practice_area_id: Option<AreaId>,
    pub owner_id: Option<OwnerId>,
    pub due_on: Option<NaiveDate>,
    pub wanted: String,
}

impl From<RequestInput> for RequestDraft {
    fn from(input: RequestInput) -> Self {
        let (finding_id, action_id, practice_area_id) = input.subject.ids();
        Self {
            finding_id,
            action_id,
            practice_area_id,
            owner_id: Some(input.owner_id),
            due_on: Some(input.due_on),
            wanted: input.wanted,
        }
    }
}

/// The longest "what is wanted" may be.
pub const WANTED_MAX: usize = 2_000;

impl Draft for RequestDraft {
    fn tidy_and_check(&mut self, context: &Context) -> FieldErrors {
        let mut errors = FieldErrors::new();
        errors.text("wanted", "what evidence is wanted", &mut self.wanted, WANTED_MAX, true);
        let given = [self.finding_id.is_some(), self.action_id.is_some(), self.practice_area_id.is_some()];
        if given.iter().filter(|g| **g).count() > 1 {
            errors.add("finding_id", "Ask about one finding, action or practice area, not several");
        }
        if let Some(due) = self.due_on {
            context.check_date(&mut errors, "due_on", "The date it is needed by", due);
            if due < context.today {
                errors.add("due_on", "The date it is needed by must be today or later");
            }
        }
        errors
    }
}

impl Complete for RequestDraft {
    type Input = RequestInput;

    fn complete(self) -> Result<RequestInput, FieldErrors> {
        let mut missing = FieldErrors::new();
        let subject = Subject::from_ids(self.finding_id, self.action_id, self.practice_area_id);
        if self.finding_id.is_none() && self.action_id.is_none() && self.practice_area_id.is_none() {
            missing.add("practice_area_id", "Say what the evidence is about: a finding, an action or a practice area");
        }
        if self.owner_id.is_none() {
            missing.add("owner_id", "Choose who is asked for the evidence");
        }
        if self.due_on.is_none() {
            missing.add("due_on", "Enter the date the evidence is needed by");
        }
        match (subject, self.owner_id, self.due_on) {
            (Some(subject), Some(owner_id), Some(due_on)) if missing.is_empty() => {
                Ok(RequestInput { subject, owner_id, due_on, wanted: self.wanted })
            }
            _ => Err(missing),
        }
    }
}

impl Validate for RequestInput {
    fn tidy_and_check(&mut self, context: &Context) -> FieldErrors {
        super::valid::check_whole::<RequestDraft>(self, context)
    }
}

/// Why a leader closes a request without evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Closing {
    pub reason: String,
}

impl Validate for Closing {
    fn tidy_and_check(&mut self, _: &Context) -> FieldErrors {
        let mut errors = FieldErrors::new();
        errors.text("reason", "why the request is closed without evidence", &mut self.reason, WANTED_MAX, true);
        errors
    }
}

/// Why a leader closes a request, as the page offers it: (name, words).
pub const CLOSE_REASONS: [(&str, &str); 4] = [
    ("not_needed", "It is no longer needed"),
    ("shown_elsewhere", "Other evidence already shows it"),
    ("cannot_provide", "The owner cannot provide it"),
    ("other", "Another reason"),
];

impl Closing {
    /// The reason from the page's choice (`why`, one of `CLOSE_REASONS`) and
    /// the leader's words, needed for "another reason": "Other evidence
    /// already shows it: the joint audit covers it".
    pub fn chosen(why: &str, details: &str) -> Result<Closing, FieldErrors> {
        let Some((name, words)) = CLOSE_REASONS.iter().find(|(name, _)| *name == why.trim()) else {
            return Err(FieldErrors::one("why", "Choose why the request is closed without evidence"));
        };
        let details = details.trim();
        match (*name, details.is_empty()) {
            ("other", true) => Err(FieldErrors::one("reason", "Say why the request is closed without evidence")),
            ("other", false) => Ok(Closing { reason: details.to_string() }),
            (_, true) => Ok(Closing { reason: words.to_string() }),
            (_, false) => Ok(Closing { reason: format!("{words}: {details}") }),
        }
    }
}

/// Where a request stood at the end of a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Standing {
    /// Waiting for evidence, and not yet past its date.
    Open,
    /// Waiting for evidence after the day it was needed by.
    Overdue,
    /// Evidence was added against it.
    Answered,
    /// A leader closed it without evidence.
    Closed,
}

/// A request's dates: when it was asked, needed, answered and closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestDates {
    pub asked_on: NaiveDate,
    pub due_on: NaiveDate,
    pub answered_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
}

impl Standing {
    /// Where a request with these dates stood at the end of `on`; none
    /// before it was asked.
    pub fn on(dates: RequestDates, on: NaiveDate) -> Option<Standing> {
        if dates.asked_on > on {
            return None;
        }
        Some(if dates.answered_on.is_some_and(|d| d <= on) {
            Standing::Answered
        } else if dates.closed_on.is_some_and(|d| d <= on) {
            Standing::Closed
        } else if dates.due_on < on {
            Standing::Overdue
        } else {
            Standing::Open
        })
    }

    /// Still waiting for evidence.
    pub fn is_waiting(self) -> bool {
        matches!(self, Standing::Open | Standing::Overdue)
    }

    /// The words shown on a tag.
    pub fn label(self) -> &'static str {
        match self {
            Standing::Open => "Open",
            Standing::Overdue => "Overdue",
            Standing::Answered => "Answered",
            Standing::Closed => "Closed unanswered",
        }
    }

    /// The name used in addresses (`?show=overdue`) and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Standing::Open => "open",
            Standing::Overdue => "overdue",
            Standing::Answered => "answered",
            Standing::Closed => "closed",
        }
    }

    /// Every standing, in the order the list of requests shows them.
    pub const ALL: [Standing; 4] = [Standing::Overdue, Standing::Open, Standing::Answered, Standing::Closed];

    /// The standing an address names.
    pub fn parse(name: &str) -> Option<Standing> {
        Standing::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    fn dates(answered: Option<u32>, closed: Option<u32>) -> RequestDates {
        RequestDates { asked_on: day(2), due_on: day(10), answered_on: answered.map(day), closed_on: closed.map(day) }
    }

    fn draft() -> RequestDraft {
        RequestDraft {
            action_id: Some(ActionId(3)),
            owner_id: Some(OwnerId(1)),
            due_on: Some(day(20)),
            wanted: "  The last three supervision records  ".into(),
            ..RequestDraft::default()
        }
    }

    #[test]
    fn a_request_is_open_until_its_date_and_overdue_after_it() {
        assert_eq!(Standing::on(dates(None, None), day(1)), None);
        assert_eq!(Standing::on(dates(None, None), day(10)), Some(Standing::Open));
        assert_eq!(Standing::on(dates(None, None), day(11)), Some(Standing::Overdue));
    }

    #[test]
    fn a_request_answered_or_closed_later_was_waiting_before() {
        assert_eq!(Standing::on(dates(Some(12), None), day(11)), Some(Standing::Overdue));
        assert_eq!(Standing::on(dates(Some(12), None), day(12)), Some(Standing::Answered));
        assert_eq!(Standing::on(dates(None, Some(5)), day(5)), Some(Standing::Closed));
    }

    #[test]
    fn a_request_is_tidied_and_its_date_must_not_have_passed() {
        let context = Context::for_today(day(15));
        let input = draft().validate(&context).unwrap();
        assert_eq!(input.wanted, "The last three supervision records");
        assert_eq!(input.subject, Subject::Action(ActionId(3)));
        let late = RequestDraft { due_on: Some(day(14)), ..draft() };
        let errors = late.validate(&context).unwrap_err();
        assert_eq!(errors.for_field("due_on"), Some("The date it is needed by must be today or later"));
    }

    #[test]
    fn a_request_is_about_exactly_one_thing() {
        let context = Context::for_today(day(15));
        let none = RequestDraft { action_id: None, ..draft() };
        assert!(none.validate(&context).unwrap_err().for_field("practice_area_id").is_some());
        let two = RequestDraft { finding_id: Some(FindingId(1)), ..draft() };
        assert!(two.validate(&context).unwrap_err().for_field("finding_id").is_some());
    }

    #[test]
    fn a_closing_chosen_on_the_page_reads_as_words() {
        let reason = |why, details| Closing::chosen(why, details).map(|c| c.reason);
        assert_eq!(reason("not_needed", " "), Ok("It is no longer needed".into()));
        assert_eq!(
            reason("shown_elsewhere", "the joint audit"),
            Ok("Other evidence already shows it: the joint audit".into())
        );
        assert!(reason("other", "").unwrap_err().for_field("reason").is_some());
        assert!(reason("<script>", "words").unwrap_err().for_field("why").is_some());
    }

    #[test]
    fn closing_unanswered_needs_a_reason() {
        let context = Context::for_today(day(15));
        let errors = Closing { reason: "   ".into() }.validate(&context).unwrap_err();
        assert!(errors.for_field("reason").is_some());
    }
}
