//! Requests for evidence as the pages show them, as at a date: what each is
//! about, who was asked and by whom, and where it stood at the end of the day.

use super::plan::PlanIndex;
use crate::db::requests::RequestRow;
use crate::domain::ids::{EvidenceId, OwnerId, RequestId};
use crate::domain::requests::{Standing, Subject};
use chrono::NaiveDate;

/// What a request is about, named and linked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct About {
    /// "Finding", "Action", "Practice area".
    pub kind: &'static str,
    pub name: String,
    /// Its page; none once it has left the plan.
    pub href: Option<String>,
}

/// One request as at a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestLine {
    pub id: RequestId,
    pub version: i32,
    pub about: About,
    pub subject: Option<Subject>,
    /// The owner asked, as plans name them.
    pub owner: (OwnerId, String),
    pub asked_by: String,
    pub asked_on: NaiveDate,
    pub due_on: NaiveDate,
    pub wanted: String,
    pub standing: Standing,
    /// Days past the date it was needed by, when still waiting.
    pub days_overdue: i64,
    /// The item that answered it, and when.
    pub answered: Option<(EvidenceId, String, NaiveDate)>,
    /// Who closed it unanswered, when, and why.
    pub closed: Option<(String, NaiveDate, String)>,
}

impl RequestLine {
    /// Where it stands in words, as lists print it: "Overdue by 3 days".
    pub fn standing_words(&self) -> String {
        match self.standing {
            Standing::Overdue => {
                format!("Overdue by {} {}", self.days_overdue, if self.days_overdue == 1 { "day" } else { "days" })
            }
            other => other.label().to_string(),
        }
    }
}

fn about(plan: &PlanIndex, subject: Option<Subject>) -> About {
    let gone = |kind: &'static str| About { kind, name: format!("{} no longer in the plan", kind), href: None };
    match subject {
        Some(Subject::Finding(id)) => plan.finding(id).map_or(gone("Finding"), |f| About {
            kind: "Finding",
            name: f.reference.clone(),
            href: Some(format!("/findings/{id}")),
        }),
        Some(Subject::Action(id)) => plan.action(id).map_or(gone("Action"), |a| About {
            kind: "Action",
            name: format!("{} {}", a.reference, a.title),
            href: Some(format!("/actions/{id}")),
        }),
        Some(Subject::Area(id)) => plan.area(id).map_or(gone("Practice area"), |a| About {
            kind: "Practice area",
            name: a.name.clone(),
            href: Some(format!("/areas/{id}")),
        }),
        None => gone("Record"),
    }
}

/// A request as at `on`; none if it had not been asked by then.
pub fn request_line(plan: &PlanIndex, row: &RequestRow, on: NaiveDate) -> Option<RequestLine> {
    let standing = Standing::on(row.dates(), on)?;
    let subject = row.subject();
    let answered = match (standing, row.evidence_id, row.answered_on) {
        (Standing::Answered, Some(item), Some(day)) => {
            let title = plan.evidence_item(item).map_or_else(|| format!("Evidence item {item}"), |e| e.title.clone());
            Some((item, title, day))
        }
        _ => None,
    };
    let closed = match (standing, row.closed_on) {
        (Standing::Closed, Some(day)) => {
            Some((plan.user_name(row.closed_by), day, row.close_reason.clone().unwrap_or_default()))
        }
        _ => None,
    };
    Some(RequestLine {
        id: row.id,
        version: row.version,
        about: about(plan, subject),
        subject,
        owner: (
            row.owner_id,
            plan.owner_label(Some(row.owner_id)).unwrap_or_else(|| format!("Owner {}", row.owner_id)),
        ),
        asked_by: plan.user_name(row.asked_by),
        asked_on: row.asked_on,
        due_on: row.due_on,
        wanted: row.wanted.clone(),
        standing,
        days_overdue: if standing == Standing::Overdue { (on - row.due_on).num_days() } else { 0 },
        answered,
        closed,
    })
}

/// Waiting requests first (most overdue, then soonest due), then the
/// answered and closed, latest first.
fn in_order(mut lines: Vec<RequestLine>) -> Vec<RequestLine> {
    lines.sort_by_key(|l| {
        let finished = l.answered.as_ref().map(|a| a.2).or(l.closed.as_ref().map(|c| c.1));
        let waiting = l.standing.is_waiting();
        (!waiting, waiting.then_some(l.due_on), std::cmp::Reverse(finished), l.id)
    });
    lines
}

/// Every request asked by `on` that `keep` keeps, in order.
pub fn requests(plan: &PlanIndex, on: NaiveDate, keep: impl Fn(&RequestRow) -> bool) -> Vec<RequestLine> {
    in_order(plan.requests.iter().filter(|r| keep(r)).filter_map(|r| request_line(plan, r, on)).collect())
}

/// The requests asked of one owner by `on`.
pub fn of_owner(plan: &PlanIndex, owner: OwnerId, on: NaiveDate) -> Vec<RequestLine> {
    requests(plan, on, |r| r.owner_id == owner)
}

/// The list page: requests in one standing (or all), with how many there are in each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestList {
    pub on: NaiveDate,
    pub shown: Option<Standing>,
    pub counts: Vec<(Standing, usize)>,
    pub lines: Vec<RequestLine>,
}

/// Every request asked by `on`, filtered to one standing when asked.
pub fn request_list(plan: &PlanIndex, on: NaiveDate, shown: Option<Standing>) -> RequestList {
    let all = requests(plan, on, |_| true);
    let counts = Standing::ALL.iter().map(|s| (*s, all.iter().filter(|l| l.standing == *s).count())).collect();
    let lines = all.into_iter().filter(|l| shown.is_none_or(|s| l.standing == s)).collect();
    RequestList { on, shown, counts, lines }
}

/// The requests still waiting on `on`, as the evidence form offers them:
/// "Action 1.3 Audit of referrals, asked of Head of Service (Sam Okafor)".
pub fn waiting_choices(plan: &PlanIndex, on: NaiveDate) -> Vec<(RequestId, String)> {
    requests(plan, on, |r| r.state == crate::domain::kinds::RequestState::Open)
        .into_iter()
        .filter(|l| l.standing.is_waiting())
        .map(|l| (l.id, format!("{} {}, asked of {}", l.about.kind, l.about.name, l.owner.1)))
        .collect()
}

/// What the dashboard shows: the overdue requests, and how many wait in all.
pub fn dashboard(plan: &PlanIndex, on: NaiveDate) -> (Vec<RequestLine>, usize) {
    let waiting = requests(plan, on, |_| true).into_iter().filter(|l| l.standing.is_waiting());
    let (overdue, open): (Vec<_>, Vec<_>) = waiting.partition(|l| l.standing == Standing::Overdue);
    let total = overdue.len() + open.len();
    (overdue, total)
}
