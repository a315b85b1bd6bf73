//! Slipping seen ahead: the first day within the next 90 on which an embedded
//! area would stop being embedded if nothing new were recorded, and why.
//!
//! The engine is asked, with the facts known on the day, about later days.
//! Its answer changes only on a day when a fact starts to count (its own
//! date) or stops counting (the first day its window no longer reaches back
//! to it: evidence after the evidence window, a result after the results
//! window), so only those days are tried, with the day after each, rather
//! than every day; a property test (`tests::ahead`) checks the two agree.

use super::criteria::{practice, Prepared};
use super::explain::plural;
use super::{verdict, AreaFacts, CriterionName, Rules};
use crate::domain::dates::{long_date, months_before};
use chrono::{Days, Months, NaiveDate};
use serde::Serialize;

/// How many days ahead slipping is looked for.
pub const LOOK_AHEAD_DAYS: u64 = 90;

/// The first day an area embedded today would stop being embedded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Slip {
    /// The first day it would no longer be embedded.
    pub on: NaiveDate,
    /// The last day it stays embedded (the day before `on`).
    pub embedded_until: NaiveDate,
    /// The criterion that stops holding on that day (the first, if several).
    pub criterion: CriterionName,
    /// Why, in plain words: "Evidence runs out on 14 February 2027: 1
    /// verified item will remain, 2 are needed".
    pub reason: String,
}

impl Slip {
    /// Days from `today` to the day it would slip.
    pub fn days_from(&self, today: NaiveDate) -> i64 {
        (self.on - today).num_days()
    }
}

/// The facts as known at the end of `today`: evidence verified later is not
/// verified yet, results for later periods and later completions are not
/// there. Nothing new is recorded after today.
pub fn as_known_on(facts: &AreaFacts, today: NaiveDate) -> AreaFacts {
    let mut known = facts.clone();
    for action in &mut known.actions {
        action.completed_date = action.completed_date.filter(|d| *d <= today);
    }
    for item in &mut known.evidence {
        item.verified_on = item.verified_on.filter(|d| *d <= today);
    }
    for measure in &mut known.measures {
        measure.results.retain(|(period, _)| *period <= today);
    }
    known
}

/// The first day `date` is outside a window of `months` up to the day: the
/// first day whose window start (`months_before`) is on or after it. Months
/// differ in length, so the day found by adding months is moved a day or two
/// until it is the first.
pub fn leaves_window(date: NaiveDate, months: u32) -> Option<NaiveDate> {
    let mut day = date.checked_add_months(Months::new(months))?;
    while months_before(day, months) < date {
        day = day.succ_opt()?;
    }
    while let Some(before) = day.pred_opt().filter(|b| months_before(*b, months) >= date) {
        day = before;
    }
    Some(day)
}

/// Every day after `today` and within the look-ahead on which the area's
/// verdict can change, soonest first.
fn turning_days(facts: &AreaFacts, rules: &Rules, today: NaiveDate) -> Vec<NaiveDate> {
    let mut days = Vec::new();
    let counted_from = facts
        .actions
        .iter()
        .flat_map(|a| [a.start_date, a.due_date, a.completed_date, a.cancelled_on])
        .chain(facts.evidence.iter().flat_map(|e| [Some(e.observed_on), e.verified_on]))
        .chain(facts.measures.iter().flat_map(|m| m.results.iter().map(|(period, _)| Some(*period))))
        .flatten();
    days.extend(counted_from);
    let evidence_leaves =
        facts.evidence.iter().filter_map(|e| leaves_window(e.observed_on, rules.evidence_window_months));
    days.extend(evidence_leaves);
    let results_leave = facts
        .measures
        .iter()
        .flat_map(|m| &m.results)
        .filter_map(|(period, _)| leaves_window(*period, rules.results_window_months));
    days.extend(results_leave);
    // The day after each too, so a rule read as "before" rather than "on or before" is caught.
    let after: Vec<NaiveDate> = days.iter().filter_map(|d| d.succ_opt()).collect();
    days.extend(after);
    let last = today.checked_add_days(Days::new(LOOK_AHEAD_DAYS)).unwrap_or(today);
    days.retain(|d| *d > today && *d <= last);
    days.sort_unstable();
    days.dedup();
    days
}

/// The first day within the next 90 on which an area embedded on `today`
/// would stop being embedded if nothing new were recorded, with the reason;
/// none when it is not embedded today or stays embedded throughout.
pub fn slip_ahead(facts: &AreaFacts, rules: &Rules, today: NaiveDate) -> Option<Slip> {
    let known = as_known_on(facts, today);
    let prepared = Prepared::new(&known);
    if !prepared.embedded_at(rules, today) {
        return None;
    }
    let on = turning_days(&known, rules, today).into_iter().find(|day| !prepared.embedded_at(rules, *day))?;
    let embedded_until = on.pred_opt()?;
    let (criterion, reason) = reason(&known, rules, on);
    Some(Slip { on, embedded_until, criterion, reason })
}

/// What the engine says on the day, turned into one sentence about the first
/// criterion that no longer holds.
fn reason(facts: &AreaFacts, rules: &Rules, on: NaiveDate) -> (CriterionName, String) {
    let judged = verdict(facts, rules, on);
    let when = long_date(on);
    let Some(failed) = judged.criteria.iter().find(|c| !c.met) else {
        return (CriterionName::Sustained, format!("Not embedded from {when}"));
    };
    let sentence = match failed.criterion {
        CriterionName::PracticeChanged => {
            let p = practice(&facts.evidence, rules, on);
            format!("Evidence runs out on {when}: {}", evidence_needed(p.items, p.kinds.len(), rules))
        }
        CriterionName::Sustained => {
            let short = judged
                .measures
                .iter()
                .find(|m| m.key && !m.met && m.results_in_window < rules.results_min_count as usize);
            match short {
                Some(m) => format!(
                    "Results grow too old on {when}: {} will have {} in the {}, {}",
                    m.name,
                    plural(m.results_in_window, "result", "results"),
                    plural(rules.results_window_months as usize, "month", "months"),
                    needed(rules.results_min_count as usize)
                ),
                None => format!("Sustained no longer holds on {when}: {}", failed.reasons.join("; ")),
            }
        }
        CriterionName::Delivered => {
            format!("Delivered no longer holds on {when}: {}", failed.reasons.join("; "))
        }
    };
    (failed.criterion, sentence)
}

/// "2 are needed", "1 is needed".
fn needed(n: usize) -> String {
    format!("{n} {} needed", if n == 1 { "is" } else { "are" })
}

/// What will remain of the evidence and what the rules need: "1 verified item
/// will remain, 2 are needed". Kinds are named only when more items alone
/// would not be enough.
fn evidence_needed(items: usize, kinds: usize, rules: &Rules) -> String {
    let (min_items, min_kinds) = (rules.evidence_min_items as usize, rules.evidence_min_kinds as usize);
    let remain = plural(items, "verified item", "verified items");
    let of_kinds = plural(kinds, "kind", "kinds");
    let kinds_short = kinds < min_kinds && !(kinds == items && min_kinds <= min_items);
    match (items < min_items, kinds_short) {
        (true, false) => format!("{remain} will remain, {}", needed(min_items)),
        (true, true) => format!(
            "{remain} of {of_kinds} will remain, {} of {}",
            plural(min_items, "item", "items"),
            kinds_needed(min_kinds)
        ),
        (false, _) => format!("{remain} of {of_kinds} will remain, {}", kinds_needed(min_kinds)),
    }
}

/// "2 kinds are needed", "1 kind is needed".
fn kinds_needed(n: usize) -> String {
    format!("{} {} needed", plural(n, "kind", "kinds"), if n == 1 { "is" } else { "are" })
}
