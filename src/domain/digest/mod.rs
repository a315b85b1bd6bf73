//! Reminder digests: what each owner is told about their plan actions on a
//! date, and which of those reminders are new.
//!
//! A digest holds an owner's overdue actions, the actions due in the next 14
//! days, and those due in 15 to 30 days; a leader's digest adds the evidence
//! waiting for review and the owners who have no email address, with their
//! actions, so that someone passes the message on.
//!
//! Reminders mark points in an action's life: 30, 7 and 1 days before its due
//! date, and each whole week it is overdue. An action is due the reminder of
//! the latest point it has reached on the date (a "30 days" reminder from 30
//! down to 8 days before, "7 days" from 7 to 2, "1 day" from the day before
//! until a week overdue, then "1 week overdue", "2 weeks overdue"...), so a
//! digest run daily reminds on the day, and one run weekly catches up with
//! the latest reminder without sending the ones it skipped. Evidence waiting
//! for review is reminded each week it waits. Each reminder is recorded per
//! recipient with the due date it was about (a new due date starts afresh),
//! and a digest is sent only when it holds at least one reminder not sent
//! before: that is what makes a second run on the same day send nothing.
//!
//! Evidence asked of an owner is in their digest while the request waits: it
//! is news when asked, then reminded as an action is, by the date it is
//! needed by.
//!
//! The owner who leads an area is told when it would stop being embedded
//! within 30 days if nothing new were recorded (`slipping`).

pub mod schedule;
pub mod slipping;
pub mod text;

use super::ids::{ActionId, AreaId, EvidenceId, OwnerId, RequestId};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

/// Days ahead that count as "due soon".
pub const DUE_SOON_DAYS: i64 = 14;

/// Days before a due date on which a reminder is sent, earliest first.
pub const DAYS_BEFORE: [i64; 3] = [30, 7, 1];

/// An owner as a digest sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub id: OwnerId,
    /// How the owner is named: job title and name.
    pub label: String,
    /// Where their digest goes; without one, their reminders go to the leaders.
    pub email: Option<String>,
    /// Linked to an active user who leads (a leader or an administrator).
    pub leader: bool,
}

/// An open plan action with a due date (actions that are completed,
/// cancelled or archived, or have no due date, are never reminded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenAction {
    pub id: ActionId,
    pub reference: String,
    pub title: String,
    pub owner: Option<OwnerId>,
    pub due: NaiveDate,
}

/// An evidence item waiting for a leader to verify or reject it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitingEvidence {
    pub id: EvidenceId,
    pub title: String,
    /// When the practice was observed; the weeks it has waited count from here.
    pub observed_on: NaiveDate,
}

/// Evidence a leader has asked an owner for, still waiting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AskedEvidence {
    pub id: RequestId,
    pub owner: OwnerId,
    /// What it is about: "Action 1.3 Audit of referrals".
    pub about: String,
    /// What is wanted, in the leader's words.
    pub wanted: String,
    /// The day it is needed by.
    pub due: NaiveDate,
}

/// Everything digests are built from.
#[derive(Debug, Clone, Default)]
pub struct DigestInput {
    pub recipients: Vec<Recipient>,
    pub actions: Vec<OpenAction>,
    pub evidence: Vec<WaitingEvidence>,
    pub requests: Vec<AskedEvidence>,
    /// Embedded areas that would slip within the look-ahead.
    pub slipping: Vec<slipping::SlippingArea>,
}

/// The point in an item's life that a reminder marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Milestone {
    /// 30, 7 or 1 days before the due date.
    DaysBefore(i64),
    /// Whole weeks past the due date (1 and more).
    WeeksOverdue(i64),
    /// Whole weeks an evidence item has waited for review (0 and more).
    WeeksWaiting(i64),
    /// Evidence just asked for, more than 30 days before it is needed.
    Asked,
    /// 30 or 7 days before an area would stop being embedded.
    DaysBeforeSlipping(i64),
}

impl Milestone {
    /// The reminder an action due on `due` has reached on `on`, if any (none
    /// until 30 days before the due date).
    pub fn for_action(due: NaiveDate, on: NaiveDate) -> Option<Milestone> {
        let days_left = (due - on).num_days();
        if days_left <= -7 {
            return Some(Milestone::WeeksOverdue(-days_left / 7));
        }
        DAYS_BEFORE.iter().rev().find(|before| days_left <= **before).map(|before| Milestone::DaysBefore(*before))
    }

    /// The reminder a request for evidence needed by `due` has reached on
    /// `on`: as an action's, and from the day it is asked.
    pub fn for_request(due: NaiveDate, on: NaiveDate) -> Milestone {
        Milestone::for_action(due, on).unwrap_or(Milestone::Asked)
    }

    /// The weekly reminder an evidence item observed on `observed_on` has reached.
    pub fn for_evidence(observed_on: NaiveDate, on: NaiveDate) -> Milestone {
        Milestone::WeeksWaiting((on - observed_on).num_days().max(0) / 7)
    }

    /// How the reminder is recorded: the point and the date it counts from,
    /// so a changed due date is reminded again.
    pub fn key(self, from: NaiveDate) -> String {
        match self {
            Milestone::DaysBefore(days) => format!("{days}-days-before:{from}"),
            Milestone::WeeksOverdue(weeks) => format!("{weeks}-weeks-overdue:{from}"),
            Milestone::WeeksWaiting(weeks) => format!("{weeks}-weeks-waiting:{from}"),
            Milestone::Asked => format!("asked:{from}"),
            Milestone::DaysBeforeSlipping(days) => format!("{days}-days-before-slipping:{from}"),
        }
    }
}

/// What a reminder is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Subject {
    Action(ActionId),
    Evidence(EvidenceId),
    Request(RequestId),
    /// A practice area at risk of slipping.
    Area(AreaId),
}

impl Subject {
    /// The kind of record, as stored.
    pub fn kind(self) -> &'static str {
        match self {
            Subject::Action(_) => "action",
            Subject::Evidence(_) => "evidence",
            Subject::Request(_) => "request",
            Subject::Area(_) => "area",
        }
    }

    /// The record's id.
    pub fn id(self) -> i64 {
        match self {
            Subject::Action(id) => id.0,
            Subject::Evidence(id) => id.0,
            Subject::Request(id) => id.0,
            Subject::Area(id) => id.0,
        }
    }
}

/// One reminder sent, or to send, to one recipient.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Reminder {
    pub recipient: OwnerId,
    pub subject: Subject,
    /// `Milestone::key`.
    pub milestone: String,
}

/// An action in a digest, and whether its reminder is new to this recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionItem {
    pub action: OpenAction,
    /// Days until the due date (negative once overdue).
    pub days_left: i64,
    pub new_reminder: bool,
}

/// An evidence item in a leader's digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceItem {
    pub evidence: WaitingEvidence,
    pub days_waiting: i64,
    pub new_reminder: bool,
}

/// Evidence asked of a recipient (or of an owner passed on to the leaders).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestItem {
    pub request: AskedEvidence,
    /// Days until it is needed (negative once overdue).
    pub days_left: i64,
    pub new_reminder: bool,
}

/// An owner's actions in three groups.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ActionGroups {
    /// Overdue, longest overdue first.
    pub overdue: Vec<ActionItem>,
    /// Due today or in the next 14 days, soonest first.
    pub due_soon: Vec<ActionItem>,
    /// Due in 15 to 30 days, soonest first.
    pub coming_up: Vec<ActionItem>,
}

impl ActionGroups {
    /// Every action in the groups.
    pub fn all(&self) -> impl Iterator<Item = &ActionItem> {
        self.overdue.iter().chain(&self.due_soon).chain(&self.coming_up)
    }

    /// Whether there is nothing to tell.
    pub fn is_empty(&self) -> bool {
        self.overdue.is_empty() && self.due_soon.is_empty() && self.coming_up.is_empty()
    }
}

/// An owner without an email address, listed to the leaders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreachable {
    pub owner: Recipient,
    pub actions: ActionGroups,
    /// Evidence asked of them, soonest needed first.
    pub requests: Vec<RequestItem>,
}

/// One recipient's digest on a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digest {
    pub on: NaiveDate,
    pub recipient: Recipient,
    pub actions: ActionGroups,
    /// Evidence asked of them, soonest needed first.
    pub requests: Vec<RequestItem>,
    /// Leaders only: evidence waiting for review, longest waiting first.
    pub evidence: Vec<EvidenceItem>,
    /// Leaders only: owners with no email address, and their actions.
    pub unreachable: Vec<Unreachable>,
    /// Areas this owner leads that would slip within 30 days, soonest first.
    pub slipping: Vec<slipping::SlippingItem>,
    /// Reminders in this digest not sent to this recipient before.
    pub new_reminders: Vec<Reminder>,
}

impl Digest {
    /// Whether the digest has anything in it at all.
    pub fn is_empty(&self) -> bool {
        self.actions.is_empty()
            && self.requests.is_empty()
            && self.evidence.is_empty()
            && self.unreachable.is_empty()
            && self.slipping.is_empty()
    }

    /// Whether it should be sent: it has a reminder not sent before.
    pub fn has_news(&self) -> bool {
        !self.new_reminders.is_empty()
    }
}

/// Every owner's digest on `on`, in the order of `input.recipients`, given
/// the reminders already sent.
pub fn digests(on: NaiveDate, input: &DigestInput, sent: &HashSet<Reminder>) -> Vec<Digest> {
    let mut by_owner: HashMap<OwnerId, Vec<&OpenAction>> = HashMap::new();
    for action in &input.actions {
        if let Some(owner) = action.owner {
            by_owner.entry(owner).or_default().push(action);
        }
    }
    let mut asked: HashMap<OwnerId, Vec<&AskedEvidence>> = HashMap::new();
    for request in &input.requests {
        asked.entry(request.owner).or_default().push(request);
    }
    let unreachable_owners: Vec<&Recipient> = input
        .recipients
        .iter()
        .filter(|r| r.email.is_none() && (by_owner.contains_key(&r.id) || asked.contains_key(&r.id)))
        .collect();
    input
        .recipients
        .iter()
        .map(|recipient| {
            let mut new_reminders = Vec::new();
            let group = |actions: Option<&Vec<&OpenAction>>, new: &mut Vec<Reminder>| {
                groups(on, recipient.id, actions.map(Vec::as_slice).unwrap_or_default(), sent, new)
            };
            let actions = group(by_owner.get(&recipient.id), &mut new_reminders);
            let requests = requested(on, recipient.id, asked.get(&recipient.id), sent, &mut new_reminders);
            let (evidence, unreachable) = if recipient.leader {
                let evidence = waiting(on, recipient.id, &input.evidence, sent, &mut new_reminders);
                let unreachable = unreachable_owners
                    .iter()
                    .filter(|owner| owner.id != recipient.id)
                    .map(|owner| Unreachable {
                        owner: (*owner).clone(),
                        actions: group(by_owner.get(&owner.id), &mut new_reminders),
                        requests: requested(on, recipient.id, asked.get(&owner.id), sent, &mut new_reminders),
                    })
                    .filter(|u| !u.actions.is_empty() || !u.requests.is_empty())
                    .collect();
                (evidence, unreachable)
            } else {
                (Vec::new(), Vec::new())
            };
            let slipping = slipping::led_by(on, recipient.id, &input.slipping, sent, &mut new_reminders);
            Digest {
                on,
                recipient: recipient.clone(),
                actions,
                requests,
                evidence,
                unreachable,
                slipping,
                new_reminders,
            }
        })
        .collect()
}

/// One owner's digest on `on` with no reminder counted as sent (what their page shows).
pub fn digest_for(on: NaiveDate, input: &DigestInput, owner: OwnerId) -> Option<Digest> {
    digests(on, input, &HashSet::new()).into_iter().find(|d| d.recipient.id == owner)
}

fn groups(
    on: NaiveDate,
    recipient: OwnerId,
    actions: &[&OpenAction],
    sent: &HashSet<Reminder>,
    new: &mut Vec<Reminder>,
) -> ActionGroups {
    let mut out = ActionGroups::default();
    for action in actions {
        let Some(milestone) = Milestone::for_action(action.due, on) else { continue };
        let reminder =
            Reminder { recipient, subject: Subject::Action(action.id), milestone: milestone.key(action.due) };
        let new_reminder = !sent.contains(&reminder);
        if new_reminder {
            new.push(reminder);
        }
        let days_left = (action.due - on).num_days();
        let item = ActionItem { action: (*action).clone(), days_left, new_reminder };
        match days_left {
            ..0 => out.overdue.push(item),
            0..=DUE_SOON_DAYS => out.due_soon.push(item),
            _ => out.coming_up.push(item),
        }
    }
    for list in [&mut out.overdue, &mut out.due_soon, &mut out.coming_up] {
        list.sort_by(|a, b| (a.days_left, &a.action.reference).cmp(&(b.days_left, &b.action.reference)));
    }
    out
}

/// The requests asked of one owner, told to `recipient` (the owner, or a
/// leader passing them on), soonest needed first.
fn requested(
    on: NaiveDate,
    recipient: OwnerId,
    requests: Option<&Vec<&AskedEvidence>>,
    sent: &HashSet<Reminder>,
    new: &mut Vec<Reminder>,
) -> Vec<RequestItem> {
    let mut items: Vec<RequestItem> = requests
        .into_iter()
        .flatten()
        .map(|r| {
            let milestone = Milestone::for_request(r.due, on);
            let reminder = Reminder { recipient, subject: Subject::Request(r.id), milestone: milestone.key(r.due) };
            let new_reminder = !sent.contains(&reminder);
            if new_reminder {
                new.push(reminder);
            }
            RequestItem { request: (*r).clone(), days_left: (r.due - on).num_days(), new_reminder }
        })
        .collect();
    items.sort_by_key(|i| (i.days_left, i.request.id));
    items
}

fn waiting(
    on: NaiveDate,
    recipient: OwnerId,
    evidence: &[WaitingEvidence],
    sent: &HashSet<Reminder>,
    new: &mut Vec<Reminder>,
) -> Vec<EvidenceItem> {
    let mut items: Vec<EvidenceItem> = evidence
        .iter()
        .filter(|e| e.observed_on <= on)
        .map(|e| {
            let milestone = Milestone::for_evidence(e.observed_on, on);
            let reminder =
                Reminder { recipient, subject: Subject::Evidence(e.id), milestone: milestone.key(e.observed_on) };
            let new_reminder = !sent.contains(&reminder);
            if new_reminder {
                new.push(reminder);
            }
            EvidenceItem { evidence: e.clone(), days_waiting: (on - e.observed_on).num_days(), new_reminder }
        })
        .collect();
    items.sort_by(|a, b| b.days_waiting.cmp(&a.days_waiting).then(a.evidence.id.cmp(&b.evidence.id)));
    items
}

#[cfg(test)]
mod tests;
