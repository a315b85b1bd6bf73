//! Sign-off of completed actions: an owner marks an action completed, and it
//! counts as delivered only once a leader has signed it off as it stands. A
//! leader may instead return it to its owner with a reason: it is in
//! progress again, with no completed date, until the owner marks it completed
//! once more. A sign-off keeps the action as it stood; a later change to its
//! completed date, due date or success measure asks for sign-off again. A
//! council may choose not to ask for sign-off: completion then counts as it
//! did before sign-off was kept.

use super::fields::FieldErrors;
use super::kinds::{ActionState, SignOffDecision};
use super::plan::TEXT_MAX;
use super::valid::{Context, Validate};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What a sign-off keeps of an action, and what must still hold for it to
/// stand: a new progress update alone does not ask again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AsItStands<'a> {
    pub completed_date: Option<NaiveDate>,
    pub due_date: Option<NaiveDate>,
    pub success_measure: &'a str,
}

/// The latest decision on an action: what it was, the day, and the action as it stood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Latest<'a> {
    pub decision: SignOffDecision,
    pub on: NaiveDate,
    pub as_it_stood: AsItStands<'a>,
}

/// Where an action's sign-off stands now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// The council does not ask for sign-off: completion counts on its own.
    NotAsked,
    /// Not completed, and not returned since it was last marked completed.
    NotCompleted,
    /// Completed and waiting for a leader; `changed` when it had been signed
    /// off and its dates or success measure have changed since.
    Awaiting { changed: bool },
    /// Signed off as it stands, on this day.
    SignedOff { on: NaiveDate },
    /// Returned to its owner on this day, and not marked completed since.
    Returned { on: NaiveDate },
}

impl Standing {
    /// Waiting for a leader's sign-off.
    pub fn is_awaiting(self) -> bool {
        matches!(self, Standing::Awaiting { .. })
    }

    /// The words shown beside the action.
    pub fn label(self) -> &'static str {
        match self {
            Standing::NotAsked | Standing::NotCompleted => "",
            Standing::Awaiting { changed: false } => "Awaiting sign-off",
            Standing::Awaiting { changed: true } => "Changed since sign-off: awaiting sign-off again",
            Standing::SignedOff { .. } => "Signed off",
            Standing::Returned { .. } => "Returned to its owner",
        }
    }

    /// The stored name used in the API and the tracker's filter.
    pub fn as_str(self) -> &'static str {
        match self {
            Standing::NotAsked => "not_asked",
            Standing::NotCompleted => "not_completed",
            Standing::Awaiting { .. } => "awaiting",
            Standing::SignedOff { .. } => "signed_off",
            Standing::Returned { .. } => "returned",
        }
    }

    /// What the status engine reads of it.
    pub fn fact(self) -> SignOff {
        match self {
            Standing::NotAsked => SignOff::NotAsked,
            Standing::SignedOff { on } => SignOff::SignedOff(on),
            _ => SignOff::Awaiting,
        }
    }
}

/// Where an action's sign-off stands, from whether the council asks for it,
/// the action's state and how it stands now, and the latest decision on it.
pub fn standing(asked: bool, state: ActionState, now: &AsItStands, latest: Option<&Latest>) -> Standing {
    if !asked {
        return Standing::NotAsked;
    }
    match (state, latest) {
        (ActionState::Completed, Some(l)) if l.decision == SignOffDecision::SignedOff => {
            if l.as_it_stood == *now {
                Standing::SignedOff { on: l.on }
            } else {
                Standing::Awaiting { changed: true }
            }
        }
        (ActionState::Completed, _) => Standing::Awaiting { changed: false },
        (_, Some(l)) if l.decision == SignOffDecision::Returned => Standing::Returned { on: l.on },
        _ => Standing::NotCompleted,
    }
}

/// What the status engine needs of an action's sign-off.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignOff {
    /// The council does not ask for it: an action counts from its completed date.
    #[default]
    NotAsked,
    /// Asked for and not given for the action as it stands: it does not count.
    Awaiting,
    /// Signed off on this day: it counts from the later of this and its completed date.
    SignedOff(NaiveDate),
}

/// A leader's decision as sent: sign off or return, with a note (for a
/// return, the reason its owner sees).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignOffInput {
    pub decision: SignOffDecision,
    pub note: String,
}

impl Validate for SignOffInput {
    fn tidy_and_check(&mut self, _: &Context) -> FieldErrors {
        let mut errors = FieldErrors::new();
        let label = match self.decision {
            SignOffDecision::SignedOff => "a note for the sign-off",
            SignOffDecision::Returned => "why the action is returned",
        };
        errors.text("note", label, &mut self.note, TEXT_MAX, true);
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn stands(done: Option<NaiveDate>, measure: &str) -> AsItStands<'_> {
        AsItStands { completed_date: done, due_date: Some(d(2025, 3, 31)), success_measure: measure }
    }

    #[test]
    fn a_completed_action_awaits_sign_off_until_a_leader_gives_it() {
        let now = stands(Some(d(2025, 3, 1)), "Audits show it");
        assert_eq!(standing(true, ActionState::Completed, &now, None), Standing::Awaiting { changed: false });
        let signed = Latest { decision: SignOffDecision::SignedOff, on: d(2025, 3, 4), as_it_stood: now.clone() };
        assert_eq!(
            standing(true, ActionState::Completed, &now, Some(&signed)),
            Standing::SignedOff { on: d(2025, 3, 4) }
        );
    }

    #[test]
    fn a_change_to_what_was_signed_off_asks_again() {
        let was = stands(Some(d(2025, 3, 1)), "Audits show it");
        let signed = Latest { decision: SignOffDecision::SignedOff, on: d(2025, 3, 4), as_it_stood: was };
        let moved = stands(Some(d(2025, 2, 1)), "Audits show it");
        assert_eq!(standing(true, ActionState::Completed, &moved, Some(&signed)), Standing::Awaiting { changed: true });
        let reworded = stands(Some(d(2025, 3, 1)), "Audits and families show it");
        assert!(standing(true, ActionState::Completed, &reworded, Some(&signed)).is_awaiting());
    }

    #[test]
    fn a_returned_action_shows_as_returned_until_marked_completed_again() {
        let was = stands(Some(d(2025, 3, 1)), "Audits show it");
        let returned = Latest { decision: SignOffDecision::Returned, on: d(2025, 3, 4), as_it_stood: was };
        let open = stands(None, "Audits show it");
        assert_eq!(
            standing(true, ActionState::InProgress, &open, Some(&returned)),
            Standing::Returned { on: d(2025, 3, 4) }
        );
        let again = stands(Some(d(2025, 3, 10)), "Audits show it");
        assert!(standing(true, ActionState::Completed, &again, Some(&returned)).is_awaiting());
    }

    #[test]
    fn a_council_that_does_not_ask_for_sign_off_is_never_asked() {
        let now = stands(Some(d(2025, 3, 1)), "Audits show it");
        assert_eq!(standing(false, ActionState::Completed, &now, None), Standing::NotAsked);
        assert_eq!(Standing::NotAsked.fact(), SignOff::NotAsked);
    }

    #[test]
    fn a_return_needs_its_reason() {
        let input = SignOffInput { decision: SignOffDecision::Returned, note: "  ".into() };
        let errors = input.validate(&Context::for_today(d(2025, 4, 1))).unwrap_err();
        assert!(errors.for_field("note").is_some_and(|m| m.contains("why the action is returned")));
    }
}
