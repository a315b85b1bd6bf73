//! How a record stood on a date, from its own dates: the rules every read
//! page uses for "as at" views, written once.
//!
//! The plan index holds rows as they are now, and the plan keeps no dated
//! history of every field. So an "as at" view shows the plan's records as
//! they are now (names, owners, links), with everything that has a date of
//! its own judged as at the date:
//!
//! - an action is **open** on a date unless it was cancelled or completed on
//!   or before it (one entered as cancelled, with no cancellation day, counts
//!   as cancelled on every date, as the status engine does);
//! - it is **overdue** when open and due before the date;
//! - an evidence item **exists** from the date its practice was observed (the
//!   demo's rows, and imported ones, have no reliable upload date), and is
//!   **waiting for review** on a date when it exists and was not verified or
//!   rejected by then.

use crate::db::actions::ActionRow;
use crate::db::evidence::EvidenceRow;
use crate::domain::kinds::{ActionState, ReviewState};
use chrono::NaiveDate;

/// Open on the date: not cancelled, and not completed on or before it.
pub fn is_open(action: &ActionRow, on: NaiveDate) -> bool {
    !cancelled_by(action, on) && action.completed_date.is_none_or(|done| done > on)
}

/// Cancelled by the end of the date: on a known day, or (entered as
/// cancelled) on every date.
pub fn cancelled_by(action: &ActionRow, on: NaiveDate) -> bool {
    action.state == ActionState::Cancelled && action.cancelled_on.is_none_or(|day| day <= on)
}

/// Open on the date and due before it.
pub fn is_overdue(action: &ActionRow, on: NaiveDate) -> bool {
    is_open(action, on) && action.due_date.is_some_and(|due| due < on)
}

/// Open on the date and due on it or within `days` days after.
pub fn is_due_within(action: &ActionRow, on: NaiveDate, days: u64) -> bool {
    let until = on.checked_add_days(chrono::Days::new(days)).unwrap_or(on);
    is_open(action, on) && action.due_date.is_some_and(|due| due >= on && due <= until)
}

/// Whole days an overdue action is past its due date on the date.
pub fn days_overdue(action: &ActionRow, on: NaiveDate) -> i64 {
    action.due_date.map_or(0, |due| (on - due).num_days().max(0))
}

/// The item's review state on the date, or none if it was not yet observed.
pub fn review_state_on(item: &EvidenceRow, on: NaiveDate) -> Option<ReviewState> {
    if item.observed_on > on {
        return None;
    }
    let reviewed_by_then = item.reviewed_on.is_none_or(|reviewed| reviewed <= on);
    Some(if item.review_state == ReviewState::Draft || !reviewed_by_then {
        ReviewState::Draft
    } else {
        item.review_state
    })
}

/// Observed by the date and not yet verified or rejected then, nor returned
/// to the person who added it for changes (it then waits for them).
pub fn is_waiting_for_review(item: &EvidenceRow, on: NaiveDate) -> bool {
    review_state_on(item, on) == Some(ReviewState::Draft) && !is_returned(item, on)
}

/// Returned for changes by the date, and not changed since.
pub fn is_returned(item: &EvidenceRow, on: NaiveDate) -> bool {
    item.review_state == ReviewState::Draft && item.returned_on.is_some_and(|returned| returned <= on)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::{ActionId, AreaId, EvidenceId};
    use crate::domain::kinds::EvidenceKind;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn action(state: ActionState, due: Option<NaiveDate>, completed: Option<NaiveDate>) -> ActionRow {
        let at = d(2025, 1, 1).and_hms_opt(0, 0, 0).unwrap();
        ActionRow {
            id: ActionId(1),
            reference: "1.1".into(),
            title: "Train managers".into(),
            description: String::new(),
            owner_id: None,
            practice_area_id: AreaId(1),
            start_date: None,
            due_date: due,
            completed_date: completed,
            state,
            success_measure: String::new(),
            created_at: at,
            updated_at: at,
            version: 1,
            archived_at: None,
            cancelled_on: None,
        }
    }

    fn item(state: ReviewState, observed: NaiveDate, reviewed: Option<NaiveDate>) -> EvidenceRow {
        let at = d(2025, 1, 1).and_hms_opt(0, 0, 0).unwrap();
        EvidenceRow {
            id: EvidenceId(1),
            title: "Dip-sample".into(),
            kind: EvidenceKind::CaseAudit,
            description: String::new(),
            observed_on: observed,
            period_start: None,
            period_end: None,
            practice_area_id: AreaId(1),
            review_state: state,
            reviewed_by: None,
            reviewed_by_name: None,
            reviewed_on: reviewed,
            rejection_reason: None,
            returned_by: None,
            returned_on: None,
            return_reason: None,
            result_id: None,
            created_at: at,
            updated_at: at,
            version: 1,
            archived_at: None,
        }
    }

    #[test]
    fn an_action_completed_later_was_overdue_before_it_was_completed() {
        let late = action(ActionState::Completed, Some(d(2025, 3, 31)), Some(d(2025, 5, 10)));
        assert!(is_overdue(&late, d(2025, 4, 30)));
        assert!(!is_overdue(&late, d(2025, 5, 10)), "not overdue once completed");
        assert!(!is_overdue(&late, d(2025, 3, 31)), "not overdue on its due date");
        assert_eq!(days_overdue(&late, d(2025, 4, 30)), 30);
    }

    #[test]
    fn an_action_entered_as_cancelled_is_never_open() {
        let cancelled = action(ActionState::Cancelled, Some(d(2025, 3, 31)), None);
        assert!(!is_open(&cancelled, d(2025, 1, 1)) && !is_overdue(&cancelled, d(2025, 6, 1)));
    }

    #[test]
    fn an_action_cancelled_on_a_day_was_open_and_overdue_before_it() {
        let cancelled = ActionRow {
            cancelled_on: Some(d(2025, 5, 10)),
            ..action(ActionState::Cancelled, Some(d(2025, 3, 31)), None)
        };
        assert!(is_overdue(&cancelled, d(2025, 4, 30)), "overdue before it was cancelled");
        assert!(!is_open(&cancelled, d(2025, 5, 10)), "not open from the day it was cancelled");
    }

    #[test]
    fn due_within_counts_the_day_itself_and_the_last_day() {
        let open = action(ActionState::InProgress, Some(d(2025, 4, 30)), None);
        assert!(is_due_within(&open, d(2025, 3, 31), 30));
        assert!(is_due_within(&open, d(2025, 4, 30), 30));
        assert!(!is_due_within(&open, d(2025, 3, 30), 30));
        assert!(!is_due_within(&open, d(2025, 5, 1), 30), "overdue is not due soon");
    }

    #[test]
    fn evidence_verified_later_was_waiting_before_and_unseen_before_it_was_observed() {
        let verified = item(ReviewState::Verified, d(2025, 2, 1), Some(d(2025, 3, 15)));
        assert_eq!(review_state_on(&verified, d(2025, 1, 31)), None);
        assert!(is_waiting_for_review(&verified, d(2025, 3, 1)));
        assert_eq!(review_state_on(&verified, d(2025, 3, 15)), Some(ReviewState::Verified));
        let draft = item(ReviewState::Draft, d(2025, 2, 1), None);
        assert!(is_waiting_for_review(&draft, d(2026, 1, 1)));
    }
}
