//! A finding judged on its own: delivered, evidenced, ready, and the reasons.

use super::readiness::finding;
use super::*;
use crate::domain::ids::AreaId;
use proptest::prelude::*;

/// The embedded area's verdict as at the date.
fn embedded() -> Verdict {
    verdict(&embedded_area(), &Rules::default(), as_at())
}

/// The embedded area's verdict with another status, as if it stood there.
fn standing(status: AreaStatus) -> Verdict {
    Verdict { status, ..embedded() }
}

fn judge(f: &FindingFacts, v: &Verdict) -> FindingReadiness {
    finding_readiness(f, Some(v), 12, as_at())
}

fn evidenced(reference: &str) -> FindingFacts {
    let mut f = finding(reference, AreaId(1), 1);
    f.evidence = vec![verified(EvidenceKind::CaseAudit, d(2025, 1, 20))];
    f
}

fn check(r: &FindingReadiness, test: FindingTest) -> &FindingCheck {
    r.checks.iter().find(|c| c.test == test).unwrap()
}

#[test]
fn a_finding_is_ready_when_delivered_evidenced_and_its_area_is_embedded() {
    let r = judge(&evidenced("APA1"), &embedded());
    assert!(r.delivered && r.evidenced && r.area_embedded && r.ready);
    assert_eq!(r.reasons_not_ready().count(), 0);
    assert_eq!(check(&r, FindingTest::Delivered).reasons, vec!["1 action answers it, completed by 31 March 2025"]);
    assert_eq!(
        check(&r, FindingTest::Evidenced).reasons,
        vec!["1 verified item linked to this finding or its actions observed since 1 April 2024"]
    );
    assert_eq!(check(&r, FindingTest::AreaEmbedded).reasons, vec!["Its area, Management oversight, is embedded"]);
}

#[test]
fn a_finding_no_action_answers_is_not_ready_though_its_area_is_embedded() {
    let mut f = evidenced("AFI3");
    f.actions.clear();
    let r = judge(&f, &embedded());
    assert!(!r.delivered && r.evidenced && r.area_embedded && !r.ready);
    assert_eq!(r.reasons_not_ready().collect::<Vec<_>>(), vec!["No action answers this finding"]);
}

#[test]
fn a_finding_with_no_linked_verified_evidence_is_not_ready_though_its_area_is_embedded() {
    let r = judge(&finding("AFI4", AreaId(1), 2), &embedded());
    assert!(r.delivered && !r.evidenced && r.area_embedded && !r.ready);
    assert_eq!(
        r.reasons_not_ready().collect::<Vec<_>>(),
        vec!["No verified evidence linked to this finding or its actions observed since 1 April 2024"]
    );
    assert_eq!(check(&r, FindingTest::Delivered).reasons, vec!["2 actions answer it, all completed by 31 March 2025"]);
}

#[test]
fn every_open_action_is_named_with_its_due_date() {
    let mut f = evidenced("APA2");
    f.actions = vec![
        action("2.1", None, Some(d(2024, 5, 1)), None),
        action("2.3", Some(d(2024, 6, 1)), None, Some(d(2025, 2, 28))),
        action("2.4", Some(d(2024, 6, 1)), None, Some(d(2025, 6, 30))),
        action("2.5", Some(d(2024, 6, 1)), None, None),
    ];
    let r = judge(&f, &embedded());
    assert!(!r.delivered && !r.ready);
    assert_eq!(
        r.reasons_not_ready().collect::<Vec<_>>(),
        vec![
            "Action 2.3 is not completed (due 28 February 2025, overdue)",
            "Action 2.4 is not completed (due 30 June 2025)",
            "Action 2.5 is not completed",
        ]
    );
}

#[test]
fn an_action_counts_as_completed_from_its_completion_date_on() {
    let mut f = evidenced("R1");
    f.actions = vec![action("3.1", None, Some(as_at()), None)];
    assert!(judge(&f, &embedded()).delivered, "completed on the date");
    f.actions = vec![action("3.1", None, as_at().succ_opt(), None)];
    let r = judge(&f, &embedded());
    assert!(!r.delivered, "completed the day after");
    assert_eq!(r.reasons_not_ready().collect::<Vec<_>>(), vec!["Action 3.1 is not completed"]);
}

#[test]
fn cancelled_actions_are_not_counted_and_cancelled_alone_deliver_nothing() {
    let cancelled = ActionFact { state: ActionState::Cancelled, ..action("4.2", None, None, Some(d(2024, 1, 1))) };
    let mut f = evidenced("R2");
    f.actions.push(cancelled.clone());
    let r = judge(&f, &embedded());
    assert!(r.delivered && r.ready, "the open cancelled action does not hold it back");
    assert_eq!(
        check(&r, FindingTest::Delivered).reasons,
        vec!["1 action answers it, completed by 31 March 2025", "1 cancelled action not counted"]
    );
    f.actions = vec![cancelled];
    let r = judge(&f, &embedded());
    assert!(!r.delivered && !r.ready);
    assert_eq!(
        r.reasons_not_ready().collect::<Vec<_>>(),
        vec!["Every action answering it is cancelled (1 action), so nothing has been delivered for it"]
    );
}

#[test]
fn evidence_counts_when_observed_inside_the_window_and_verified_by_the_date() {
    let mut f = finding("R3", AreaId(1), 1);
    let counts = |f: &FindingFacts| judge(f, &embedded()).evidenced;
    // The window runs from the day after 31 March 2024 to the date, both included.
    f.evidence = vec![verified(EvidenceKind::CaseAudit, d(2024, 3, 31))];
    assert!(!counts(&f), "observed on the day before the window");
    f.evidence = vec![verified(EvidenceKind::CaseAudit, d(2024, 4, 1))];
    assert!(counts(&f), "observed on the window's first day");
    f.evidence = vec![verified(EvidenceKind::CaseAudit, as_at())];
    assert!(counts(&f), "observed and verified on the date");
    f.evidence = vec![EvidenceFact { verified_on: None, ..verified(EvidenceKind::CaseAudit, d(2025, 1, 1)) }];
    assert!(!counts(&f), "not verified");
    f.evidence = vec![verified(EvidenceKind::CaseAudit, as_at().succ_opt().unwrap())];
    assert!(!counts(&f), "observed after the date");
}

#[test]
fn evidence_verified_after_the_date_is_named_and_not_counted() {
    let mut f = finding("R4", AreaId(1), 1);
    f.evidence = vec![EvidenceFact {
        title: "Dip-sample of referrals".into(),
        verified_on: Some(d(2025, 4, 10)),
        ..verified(EvidenceKind::CaseAudit, d(2025, 3, 20))
    }];
    let r = judge(&f, &embedded());
    assert!(!r.evidenced);
    assert_eq!(
        check(&r, FindingTest::Evidenced).reasons,
        vec![
            "No verified evidence linked to this finding or its actions observed since 1 April 2024",
            "Dip-sample of referrals: observed 20 March 2025, verified 10 April 2025 – after this date, so not counted",
        ]
    );
}

#[test]
fn the_window_is_the_one_the_area_verdict_used_with_its_overrides() {
    let rules =
        Rules::default().with_overrides(&RuleOverrides { evidence_window_months: Some(3), ..Default::default() });
    let short = verdict(&embedded_area(), &rules, as_at());
    let mut f = evidenced("R5"); // observed 20 January 2025
    assert!(finding_readiness(&f, Some(&short), 12, as_at()).evidenced);
    f.evidence = vec![verified(EvidenceKind::CaseAudit, d(2024, 12, 20))];
    let r = finding_readiness(&f, Some(&short), 12, as_at());
    assert!(!r.evidenced, "older than the area's three months");
    assert!(r.reasons_not_ready().any(|w| w.ends_with("observed since 1 January 2025")));
    assert!(finding_readiness(&f, None, 12, as_at()).evidenced, "with no verdict, the default window");
}

#[test]
fn a_delivered_and_evidenced_finding_in_an_area_not_embedded_is_not_ready_and_says_so() {
    let f = evidenced("APA2");
    for (status, words) in [
        (AreaStatus::NotYetSustained, "is not yet sustained"),
        (AreaStatus::Slipping, "is slipping"),
        (AreaStatus::InProgress, "is in progress"),
        (AreaStatus::NotStarted, "has not started"),
    ] {
        let r = judge(&f, &standing(status));
        assert!(r.delivered && r.evidenced && !r.area_embedded && !r.ready);
        assert_eq!(r.reasons_not_ready().collect::<Vec<_>>(), vec![format!("Its area, Management oversight, {words}")]);
    }
    let r = finding_readiness(&f, None, 12, as_at());
    assert!(!r.ready && r.reasons_not_ready().any(|w| w.ends_with("has no status on this date")));
}

fn any_action() -> impl Strategy<Value = ActionFact> {
    (any::<bool>(), prop::option::of(-400i64..60)).prop_map(|(cancelled, done)| ActionFact {
        state: if cancelled { ActionState::Cancelled } else { ActionState::InProgress },
        ..action("1.1", None, done.map(|days| as_at() + chrono::Duration::days(days)), None)
    })
}

fn any_evidence() -> impl Strategy<Value = EvidenceFact> {
    (-500i64..30, prop::option::of(0i64..90)).prop_map(|(observed, review)| {
        let observed_on = as_at() + chrono::Duration::days(observed);
        EvidenceFact {
            verified_on: review.map(|days| observed_on + chrono::Duration::days(days)),
            ..verified(EvidenceKind::CaseAudit, observed_on)
        }
    })
}

proptest! {
    #[test]
    fn ready_means_delivered_evidenced_and_embedded_whatever_the_facts(
        actions in prop::collection::vec(any_action(), 0..5),
        evidence in prop::collection::vec(any_evidence(), 0..5),
        status in prop::sample::select(AreaStatus::ALL.to_vec()),
        window in 1u32..24,
    ) {
        let mut f = finding("R9", AreaId(1), 0);
        f.actions = actions;
        f.evidence = evidence;
        let mut v = standing(status);
        v.rules.evidence_window_months = window;
        let r = finding_readiness(&f, Some(&v), 12, as_at());
        prop_assert_eq!(r.ready, r.delivered && r.evidenced && r.area_embedded);
        prop_assert_eq!(r.ready, r.reasons_not_ready().next().is_none());
        if r.ready {
            // Worked out again from the facts themselves.
            let live: Vec<&ActionFact> = f.actions.iter().filter(|a| a.state != ActionState::Cancelled).collect();
            prop_assert!(!live.is_empty() && live.iter().all(|a| a.completed_date.is_some_and(|d| d <= as_at())));
            let start = crate::domain::dates::months_before(as_at(), window);
            prop_assert!(f.evidence.iter().any(|e| e.observed_on > start
                && e.observed_on <= as_at()
                && e.verified_on.is_some_and(|v| v <= as_at())));
            prop_assert_eq!(status, AreaStatus::Embedded);
        }
    }
}
