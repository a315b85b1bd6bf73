//! Areas at risk of slipping in their lead owner's digest: an embedded area
//! that would stop being embedded within 30 days if nothing new were
//! recorded is listed to the owner who leads it, reminded 30 days before the
//! day and again, flagged, 7 days before (a "30 days" reminder from 30 down
//! to 8 days before, "7 days" from 7 to the day before), each once per day it
//! would slip: a new day (more evidence moved it on) is reminded afresh.

use super::{Milestone, Reminder, Subject};
use crate::domain::ids::{AreaId, OwnerId};
use chrono::NaiveDate;
use std::collections::HashSet;

/// Days before the day an area would slip on which its lead is reminded, earliest first.
pub const SLIP_DAYS_BEFORE: [i64; 2] = [30, 7];

/// An embedded area that would slip if nothing new were recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlippingArea {
    pub id: AreaId,
    pub name: String,
    /// The owner who leads it: their digest carries it.
    pub lead: Option<OwnerId>,
    /// The first day it would no longer be embedded.
    pub on: NaiveDate,
    /// Why, in plain words.
    pub reason: String,
}

/// An area in its lead's digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlippingItem {
    pub area: SlippingArea,
    /// Days until it would slip.
    pub days_left: i64,
    pub new_reminder: bool,
}

impl SlippingItem {
    /// Within a week: flagged in the digest.
    pub fn within_week(&self) -> bool {
        self.days_left <= SLIP_DAYS_BEFORE[1]
    }
}

/// The reminder an area that would slip on `slips_on` has reached on `on`:
/// none more than 30 days before, and none once the day has come.
pub fn milestone(slips_on: NaiveDate, on: NaiveDate) -> Option<Milestone> {
    let days_left = (slips_on - on).num_days();
    if days_left <= 0 {
        return None;
    }
    SLIP_DAYS_BEFORE
        .iter()
        .rev()
        .find(|before| days_left <= **before)
        .map(|before| Milestone::DaysBeforeSlipping(*before))
}

/// The areas `recipient` leads that are within 30 days of slipping on `on`,
/// soonest first, each new reminder added to `new`.
pub(super) fn led_by(
    on: NaiveDate,
    recipient: OwnerId,
    areas: &[SlippingArea],
    sent: &HashSet<Reminder>,
    new: &mut Vec<Reminder>,
) -> Vec<SlippingItem> {
    let mut items: Vec<SlippingItem> = areas
        .iter()
        .filter(|a| a.lead == Some(recipient))
        .filter_map(|a| {
            let milestone = milestone(a.on, on)?;
            let reminder = Reminder { recipient, subject: Subject::Area(a.id), milestone: milestone.key(a.on) };
            let new_reminder = !sent.contains(&reminder);
            if new_reminder {
                new.push(reminder);
            }
            Some(SlippingItem { area: a.clone(), days_left: (a.on - on).num_days(), new_reminder })
        })
        .collect();
    items.sort_by(|a, b| (a.days_left, &a.area.name).cmp(&(b.days_left, &b.area.name)));
    items
}

#[cfg(test)]
mod tests {
    use super::super::{digests, text, DigestInput, Recipient};
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn input(slips_on: NaiveDate) -> DigestInput {
        let owner = |id, leader| Recipient {
            id: OwnerId(id),
            label: format!("Owner {id}"),
            email: Some(format!("owner{id}@council.example")),
            leader,
        };
        DigestInput {
            recipients: vec![owner(1, true), owner(2, false)],
            slipping: vec![SlippingArea {
                id: AreaId(7),
                name: "Management oversight".into(),
                lead: Some(OwnerId(2)),
                on: slips_on,
                reason: "Results grow too old on 1 March 2027: Supervision will have 2 results in the 6 months, 3 are needed".into(),
            }],
            ..Default::default()
        }
    }

    #[test]
    fn an_area_is_reminded_30_and_7_days_before_it_would_slip() {
        let on = d(2027, 3, 1);
        assert_eq!(milestone(on, d(2027, 1, 29)), None, "31 days before");
        assert_eq!(milestone(on, d(2027, 1, 30)), Some(Milestone::DaysBeforeSlipping(30)));
        assert_eq!(milestone(on, d(2027, 2, 21)), Some(Milestone::DaysBeforeSlipping(30)), "8 days before");
        assert_eq!(milestone(on, d(2027, 2, 22)), Some(Milestone::DaysBeforeSlipping(7)));
        assert_eq!(milestone(on, d(2027, 2, 28)), Some(Milestone::DaysBeforeSlipping(7)), "the day before");
        assert_eq!(milestone(on, on), None, "on the day it is no longer embedded: nothing to warn of");
    }

    #[test]
    fn only_the_lead_owner_is_told_once_per_reminder_and_afresh_for_a_new_day() {
        let first = digests(d(2027, 2, 1), &input(d(2027, 3, 1)), &HashSet::new());
        assert!(first[0].slipping.is_empty(), "a leader who does not lead the area is not told");
        let lead = &first[1];
        assert_eq!(lead.slipping.len(), 1);
        assert!(lead.has_news() && !lead.slipping[0].within_week());
        assert_eq!(lead.new_reminders[0].milestone, "30-days-before-slipping:2027-03-01");
        assert_eq!(lead.new_reminders[0].subject.kind(), "area");
        let sent: HashSet<Reminder> = lead.new_reminders.iter().cloned().collect();
        let again = digests(d(2027, 2, 10), &input(d(2027, 3, 1)), &sent);
        assert!(!again[1].has_news(), "the 30-day reminder was sent already");
        let week = digests(d(2027, 2, 22), &input(d(2027, 3, 1)), &sent);
        assert!(week[1].has_news() && week[1].slipping[0].within_week());
        let moved = digests(d(2027, 2, 10), &input(d(2027, 3, 5)), &sent);
        assert!(moved[1].has_news(), "new results moved the day on: reminded afresh");
    }

    #[test]
    fn the_email_flags_an_area_within_a_week() {
        let week = &digests(d(2027, 2, 26), &input(d(2027, 3, 1)), &HashSet::new())[1];
        let body = text::body(week, "Hartwell Borough Council");
        assert!(
            body.contains(
                "Areas you lead that stop being embedded within 7 days: act now, unless more is recorded (1)"
            ),
            "{body}"
        );
        assert!(body.contains("  - Management oversight (in 3 days): Results grow too old on 1 March 2027"), "{body}");
        assert!(body.ends_with("[reminder]\n\nUpdate your actions in Sustain. This message was sent because you own improvement plan actions or lead a practice area.\n"), "{body}");
        assert_eq!(text::summary(week), "1 area you lead at risk of slipping");
        assert_eq!(text::reminder_lines(week), ["area Management oversight: stops being embedded in 3 days"]);
    }
}
