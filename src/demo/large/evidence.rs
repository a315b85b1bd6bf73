//! An area's evidence: its template's items, then new ones up to 500, reviewed
//! so that the area keeps its status, each linked to an action under way by
//! then and a finding that action answers. About one item in 64 has a file.

use super::files;
use super::rng::Rng;
use super::themes::{REJECTIONS, SHARED_EVIDENCE};
use super::{Place, EVIDENCE_PER_AREA};
use crate::demo::data::build::describe;
use crate::demo::data::{Calendar, DemoAction, DemoEvidence};
use crate::domain::kinds::{EvidenceKind, ReviewState};
use crate::domain::status::AreaStatus;
use std::collections::HashMap;

/// Every 64th evidence item in the authority has a file.
const FILE_EVERY: usize = 64;

/// The area's evidence; `renumbered` maps the template's action references to the area's.
pub(super) fn evidence(
    cal: &Calendar,
    place: &Place,
    actions: &[DemoAction],
    renumbered: &HashMap<String, String>,
    rng: &mut Rng,
) -> Vec<DemoEvidence> {
    let loc = place.locality.to_ascii_lowercase();
    let mut items: Vec<DemoEvidence> = place
        .template
        .evidence
        .iter()
        .map(|e| DemoEvidence {
            title: e.title.replace("Hartwell", "Marlshire"),
            description: e.description.replace("Hartwell", "Marlshire"),
            reviewer_email: e.reviewer_email.as_ref().map(|_| place.reviewer.clone()),
            rejection_reason: e.rejection_reason.as_ref().map(|r| r.replace("Hartwell", "Marlshire")),
            return_reason: e.return_reason.clone(),
            finding_keys: e.finding_keys.iter().map(|k| format!("{k}-{loc}")).collect(),
            action_refs: e.action_refs.iter().filter_map(|r| renumbered.get(r).cloned()).collect(),
            ..e.clone()
        })
        .collect();
    let first = items.len();
    for i in first..EVIDENCE_PER_AREA {
        let with_file = ((place.number - 1) * EVIDENCE_PER_AREA + i) % FILE_EVERY == FILE_EVERY / 4;
        items.push(extra(cal, place, actions, rng, with_file));
    }
    items
}

fn extra(cal: &Calendar, place: &Place, actions: &[DemoAction], rng: &mut Rng, with_file: bool) -> DemoEvidence {
    let status = place.status();
    let (stem, kind) = what(place, rng);
    // A not-started area has only the baseline gathered this year.
    let months_back = rng.between(0, if status == AreaStatus::NotStarted { 12 } else { 30 });
    let observed = cal.day(months_back, rng.between(1, 28));
    let (review, reason) = review(status, kind, months_back, rng);
    let reviewed_on =
        (review != ReviewState::Draft).then(|| Calendar::after(observed, u64::from(rng.between(5, 25))).min(cal.as_at));
    let team = rng.pick(place.theme.teams).trim_start_matches("the ");
    let title = format!("{stem} ({team}, {})", observed.format("%B %Y"));
    // Linked to an action under way by then, and the first finding it answers.
    let under_way: Vec<&DemoAction> = actions.iter().filter(|a| a.start_date.is_some_and(|s| s <= observed)).collect();
    let action = if under_way.is_empty() { &actions[rng.index(actions.len())] } else { rng.pick(&under_way) };
    DemoEvidence {
        description: describe(&title, kind, observed),
        attachments: if with_file { vec![files::attachment(&title, kind, observed, place, rng)] } else { vec![] },
        title,
        kind,
        observed_on: observed,
        period: matches!(kind, EvidenceKind::CaseAudit | EvidenceKind::PerformanceData)
            .then(|| (cal.day(months_back, 1), cal.m(months_back))),
        review,
        reviewed_on,
        reviewer_email: reviewed_on.map(|_| place.reviewer.clone()),
        rejection_reason: reason,
        return_reason: None,
        finding_keys: action.finding_keys.first().cloned().into_iter().collect(),
        action_refs: vec![action.reference.clone()],
    }
}

/// What an item is: mostly the theme's own kinds of evidence, some that any
/// area gathers. A not-yet-sustained area gathers case audits above all.
fn what(place: &Place, rng: &mut Rng) -> (&'static str, EvidenceKind) {
    let own = place.theme.evidence;
    if place.status() == AreaStatus::NotYetSustained && rng.chance(0.55) {
        let audits: Vec<_> = own.iter().chain(SHARED_EVIDENCE).filter(|(_, k)| *k == EvidenceKind::CaseAudit).collect();
        return *rng.pick(&audits);
    }
    let from = if rng.chance(0.65) { own } else { SHARED_EVIDENCE };
    rng.pick(from)
}

/// A review that keeps the area's status: a not-yet-sustained area has only
/// case audits verified (no second kind to triangulate); a slipping area has
/// nothing verified that was observed in the last year (its evidence has aged
/// out); other areas have most items verified. Items from this month are often
/// still drafts.
fn review(status: AreaStatus, kind: EvidenceKind, months_back: u32, rng: &mut Rng) -> (ReviewState, Option<String>) {
    let verifiable = match status {
        AreaStatus::NotYetSustained => kind == EvidenceKind::CaseAudit,
        AreaStatus::Slipping => months_back > 12,
        AreaStatus::NotStarted => rng.chance(0.3),
        AreaStatus::Embedded | AreaStatus::InProgress => true,
    };
    let roll = rng.unit();
    let mut rejected = || (ReviewState::Rejected, Some(rng.pick(REJECTIONS).to_string()));
    match (months_back == 0 && roll < 0.6, verifiable) {
        (true, _) => (ReviewState::Draft, None),
        (false, true) if roll < 0.8 => (ReviewState::Verified, None),
        (false, true) if roll < 0.9 => rejected(),
        (false, false) if roll >= 0.7 => rejected(),
        _ => (ReviewState::Draft, None),
    }
}
