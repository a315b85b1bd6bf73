use super::*;

mod ahead;
mod findings;
mod readiness;
use crate::domain::kinds::{Direction, EvidenceKind};
use crate::domain::sign_off::SignOff;

pub(super) fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

const AS_AT: (i32, u32, u32) = (2025, 3, 31);

pub(super) fn as_at() -> NaiveDate {
    d(AS_AT.0, AS_AT.1, AS_AT.2)
}

pub(super) fn action(
    reference: &str,
    start: Option<NaiveDate>,
    done: Option<NaiveDate>,
    due: Option<NaiveDate>,
) -> ActionFact {
    ActionFact {
        reference: reference.into(),
        state: if done.is_some() { ActionState::Completed } else { ActionState::InProgress },
        start_date: start,
        due_date: due,
        completed_date: done,
        cancelled_on: None,
        sign_off: SignOff::NotAsked,
    }
}

pub(super) fn verified(kind: EvidenceKind, observed: NaiveDate) -> EvidenceFact {
    EvidenceFact { title: String::new(), kind, observed_on: observed, verified_on: Some(observed) }
}

/// Monthly results ending at each month end from `from` for `n` months.
pub(super) fn monthly(from: NaiveDate, values: &[f64]) -> Vec<(NaiveDate, f64)> {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            (crate::domain::dates::month_end(from.checked_add_months(chrono::Months::new(i as u32)).unwrap()), *v)
        })
        .collect()
}

pub(super) fn key_measure(results: Vec<(NaiveDate, f64)>) -> MeasureFacts {
    MeasureFacts {
        name: "Audit: % good or better".into(),
        key: true,
        unit: Unit::Percent,
        settings: SpcSettings {
            direction: Direction::HigherIsBetter,
            target: Some(80.0),
            baseline: None,
            screen: true,
        },
        recalculation_points: vec![],
        results,
    }
}

/// 24 steady months on target up to March 2025.
pub(super) fn steady() -> Vec<(NaiveDate, f64)> {
    let values: Vec<f64> = (0..24).map(|i| 85.0 + f64::from(i % 3) - 1.0).collect();
    monthly(d(2023, 4, 1), &values)
}

pub(super) fn embedded_area() -> AreaFacts {
    AreaFacts {
        actions: vec![action("1.1", Some(d(2023, 1, 1)), Some(d(2023, 6, 30)), Some(d(2023, 6, 30)))],
        evidence: vec![
            verified(EvidenceKind::CaseAudit, d(2024, 11, 15)),
            verified(EvidenceKind::ChildFamilyFeedback, d(2025, 1, 20)),
        ],
        measures: vec![key_measure(steady())],
    }
}

fn status(facts: &AreaFacts) -> AreaStatus {
    verdict(facts, &Rules::default(), as_at()).status
}

#[test]
fn an_area_is_embedded_when_delivered_changed_and_sustained() {
    let v = verdict(&embedded_area(), &Rules::default(), as_at());
    assert_eq!(v.status, AreaStatus::Embedded);
    assert!(v.criteria.iter().all(|c| c.met));
    assert_eq!(
        v.criteria[2].reasons,
        vec!["Audit: % good or better: target 80% met in 6 of 6 results since 1 October 2024"]
    );
}

#[test]
fn area_is_not_yet_sustained_when_one_result_misses_target() {
    let mut facts = embedded_area();
    let mut results = steady();
    results.last_mut().unwrap().1 = 79.0;
    facts.measures = vec![key_measure(results)];
    // 24 months back it was not embedded either (evidence is recent), so not slipping.
    facts.evidence =
        vec![verified(EvidenceKind::CaseAudit, d(2025, 3, 15)), verified(EvidenceKind::StaffFeedback, d(2025, 3, 20))];
    let v = verdict(&facts, &Rules::default(), as_at());
    assert_eq!(v.status, AreaStatus::NotYetSustained);
    assert!(v.criteria[2].reasons[0].contains("met in 5 of 6 results"), "{:?}", v.criteria[2].reasons);
}

#[test]
fn area_is_not_yet_sustained_when_its_evidence_is_of_one_kind() {
    let mut facts = embedded_area();
    facts.evidence =
        vec![verified(EvidenceKind::CaseAudit, d(2024, 11, 15)), verified(EvidenceKind::CaseAudit, d(2025, 1, 20))];
    let v = verdict(&facts, &Rules::default(), as_at());
    assert_eq!(v.status, AreaStatus::NotYetSustained);
    assert_eq!(
        v.criteria[1].reasons,
        vec!["2 verified items of 1 kind (case audit) observed since 1 April 2024; needs 2 kinds"]
    );
}

#[test]
fn an_area_with_no_started_action_is_not_started() {
    let facts = AreaFacts {
        actions: vec![action("9.1", Some(d(2025, 6, 1)), None, Some(d(2025, 12, 31)))],
        ..Default::default()
    };
    assert_eq!(status(&facts), AreaStatus::NotStarted);
}

#[test]
fn an_area_with_open_actions_is_in_progress_and_names_the_overdue_ones() {
    let mut facts = embedded_area();
    facts.actions.push(action("1.2", Some(d(2024, 6, 1)), None, Some(d(2025, 2, 28))));
    let v = verdict(&facts, &Rules::default(), as_at());
    assert_eq!(v.status, AreaStatus::InProgress);
    assert_eq!(
        v.criteria[0].reasons,
        vec!["1 of 2 actions completed by 31 March 2025; open: 1.2 (due 28 February 2025, overdue)"]
    );
}

#[test]
fn an_area_embedded_a_year_ago_but_not_now_is_slipping() {
    let mut facts = embedded_area();
    facts.evidence =
        vec![verified(EvidenceKind::CaseAudit, d(2023, 11, 15)), verified(EvidenceKind::Training, d(2024, 1, 20))];
    let v = verdict(&facts, &Rules::default(), as_at());
    assert_eq!(v.status, AreaStatus::Slipping);
    assert!(!v.criteria[1].met);
}

#[test]
fn cancelled_actions_are_left_out() {
    let mut facts = embedded_area();
    facts.actions.push(ActionFact {
        state: ActionState::Cancelled,
        ..action("1.9", Some(d(2024, 1, 1)), None, Some(d(2024, 3, 1)))
    });
    assert_eq!(status(&facts), AreaStatus::Embedded);
}

#[test]
fn an_open_action_cancelled_later_holds_delivery_back_until_its_cancellation_day() {
    let mut facts = embedded_area();
    facts.actions.push(ActionFact {
        state: ActionState::Cancelled,
        cancelled_on: Some(d(2025, 4, 15)),
        ..action("1.9", Some(d(2024, 1, 1)), None, Some(d(2024, 3, 1)))
    });
    let before = verdict(&facts, &Rules::default(), as_at());
    assert_eq!(before.status, AreaStatus::InProgress, "open and overdue on {}", as_at());
    let after = verdict(&facts, &Rules::default(), d(2025, 4, 30));
    assert!(after.criteria[0].met, "left out once cancelled: {:?}", after.criteria[0].reasons);
    assert!(after.criteria[0].reasons.iter().any(|r| r.contains("1 cancelled action not counted")));
}

#[test]
fn a_verdict_as_at_a_past_date_ignores_later_evidence_and_results() {
    let mut facts = embedded_area();
    // Before November 2024 only one kind of evidence had been observed and verified.
    let earlier = d(2024, 10, 31);
    let v = verdict(&facts, &Rules::default(), earlier);
    assert!(!v.criteria[1].met, "the feedback item of January 2025 is not counted in October 2024");
    // A bad result after the date changes nothing then.
    facts.measures[0].results.push((d(2025, 4, 30), 10.0));
    let again = verdict(&facts, &Rules::default(), earlier);
    assert_eq!(v, again);
    assert_eq!(again.measures[0].analysis.points.last().unwrap().period, d(2024, 10, 31));
    // And evidence verified after the date does not count, even if observed before it.
    facts.evidence.push(EvidenceFact {
        title: "Staff survey".into(),
        kind: EvidenceKind::StaffFeedback,
        observed_on: d(2024, 10, 1),
        verified_on: Some(d(2024, 12, 1)),
    });
    let before = verdict(&facts, &Rules::default(), earlier);
    assert!(!before.criteria[1].met);
    assert!(
        before.criteria[1].reasons.contains(
            &"Staff survey: observed 1 October 2024, verified 1 December 2024 – after this date, so not counted"
                .to_string()
        ),
        "{:?}",
        before.criteria[1].reasons
    );
}

#[test]
fn embedded_since_is_the_first_month_end_of_the_unbroken_run() {
    let v = verdict(&embedded_area(), &Rules::default(), as_at());
    // The second kind of evidence was observed and verified on 20 January 2025.
    assert_eq!(v.embedded_since, Some(d(2025, 1, 31)));
    assert_eq!(v.months_embedded, Some(2));
}

#[test]
fn a_key_measure_is_required_to_be_sustained() {
    let mut facts = embedded_area();
    facts.measures[0].key = false;
    let v = verdict(&facts, &Rules::default(), as_at());
    assert!(!v.criteria[2].met);
    assert!(v.criteria[2].reasons[0].starts_with("no key measure"));
}

#[test]
fn too_few_recent_results_cannot_show_sustainment() {
    let mut facts = embedded_area();
    facts.measures[0].results = monthly(d(2025, 1, 1), &[85.0, 86.0]);
    let v = verdict(&facts, &Rules::default(), as_at());
    assert!(!v.criteria[2].met);
    assert!(v.criteria[2].reasons[0].contains("needs at least 3 results"));
}

#[test]
fn a_concern_at_the_latest_point_stops_sustainment() {
    let mut facts = embedded_area();
    // On target throughout, but falling for 7 months: a trend of concern.
    let values: Vec<f64> =
        (0..24).map(|i| if i < 17 { 95.0 + f64::from(i % 2) } else { 94.0 - f64::from(i - 17) }).collect();
    facts.measures = vec![key_measure(monthly(d(2023, 4, 1), &values))];
    let v = verdict(&facts, &Rules::default(), as_at());
    assert!(v.measures[0].latest_is_concern);
    assert!(!v.criteria[2].met);
    assert_eq!(
        v.criteria[2].reasons[1],
        "Audit: % good or better: latest point is a concern (below the lower limit, shift below the mean, falling trend)",
        "{:?}",
        v.criteria[2].reasons
    );
}

#[test]
fn an_area_override_changes_the_verdict() {
    let rules = Rules::default().with_overrides(&RuleOverrides { evidence_min_kinds: Some(3), ..Default::default() });
    let v = verdict(&embedded_area(), &rules, as_at());
    assert_eq!(v.rules.evidence_min_kinds, 3);
    assert!(!v.criteria[1].met);
}

#[test]
fn the_reasons_give_the_numbers_behind_each_criterion() {
    let mut facts = embedded_area();
    facts.actions = vec![
        action("2.1", Some(d(2024, 6, 1)), None, Some(d(2025, 2, 28))),
        action("2.2", Some(d(2024, 6, 1)), Some(d(2024, 9, 30)), Some(d(2024, 9, 30))),
        action("2.3", Some(d(2024, 6, 1)), Some(d(2024, 12, 20)), Some(d(2024, 12, 31))),
        action("2.4", Some(d(2024, 9, 1)), None, None),
    ];
    facts.evidence = vec![
        verified(EvidenceKind::CaseAudit, d(2024, 5, 10)),
        verified(EvidenceKind::CaseAudit, d(2025, 2, 10)),
        verified(EvidenceKind::StaffFeedback, d(2024, 3, 31)),
        EvidenceFact {
            title: String::new(),
            kind: EvidenceKind::Training,
            observed_on: d(2025, 1, 10),
            verified_on: None,
        },
    ];
    // Ten steady months at 95-96, then eight months at about 80: a shift below the mean.
    let values =
        [95.0, 96.0, 95.0, 96.0, 95.0, 96.0, 95.0, 96.0, 95.0, 96.0, 81.0, 82.0, 82.0, 81.0, 82.0, 79.0, 82.0, 79.0];
    facts.measures = vec![key_measure(monthly(d(2023, 10, 1), &values))];
    let v = verdict(&facts, &Rules::default(), as_at());
    assert_eq!(v.status, AreaStatus::InProgress);
    let reasons: Vec<&Vec<String>> = v.criteria.iter().map(|c| &c.reasons).collect();
    assert_eq!(
        reasons[0],
        &vec!["2 of 4 actions completed by 31 March 2025; open: 2.1 (due 28 February 2025, overdue), 2.4"]
    );
    assert_eq!(reasons[1], &vec!["2 verified items of 1 kind (case audit) observed since 1 April 2024; needs 2 kinds"]);
    assert_eq!(
        reasons[2],
        &vec![
            "Audit: % good or better: target 80% met in 4 of 6 results since 1 October 2024",
            "Audit: % good or better: latest point is a concern (below the lower limit, shift below the mean)",
        ]
    );
}

#[test]
fn a_key_measure_with_no_target_or_no_direction_cannot_be_sustained() {
    let mut facts = embedded_area();
    facts.measures[0].settings.target = None;
    let v = verdict(&facts, &Rules::default(), as_at());
    assert!(!v.criteria[2].met);
    assert_eq!(
        v.criteria[2].reasons[0],
        "Audit: % good or better: has no target, so it cannot show the change has held"
    );
    let mut facts = embedded_area();
    facts.measures[0].settings.direction = Direction::Neither;
    let v = verdict(&facts, &Rules::default(), as_at());
    assert!(!v.criteria[2].met);
    assert!(v.criteria[2].reasons[0].contains("has no direction"));
}

#[test]
fn a_lower_is_better_measure_meets_its_target_at_or_below_it() {
    let mut facts = embedded_area();
    let m = &mut facts.measures[0];
    m.settings = SpcSettings { direction: Direction::LowerIsBetter, target: Some(10.0), ..m.settings };
    m.unit = Unit::Days;
    m.name = "Days to decision".into();
    m.results = monthly(d(2023, 4, 1), &(0..24).map(|i| if i % 2 == 0 { 10.0 } else { 9.0 }).collect::<Vec<_>>());
    let v = verdict(&facts, &Rules::default(), as_at());
    assert_eq!(v.status, AreaStatus::Embedded);
    assert_eq!(v.criteria[2].reasons[0], "Days to decision: target 10 days met in 6 of 6 results since 1 October 2024");
}

#[test]
fn an_action_completed_without_a_start_date_counts_as_started() {
    let facts = AreaFacts { actions: vec![action("3.1", None, Some(d(2025, 1, 10)), None)], ..Default::default() };
    assert_eq!(status(&facts), AreaStatus::NotYetSustained);
    assert_eq!(verdict(&facts, &Rules::default(), d(2025, 1, 9)).status, AreaStatus::NotStarted);
}

#[test]
fn an_area_with_no_actions_or_only_cancelled_ones_is_not_started() {
    assert_eq!(status(&AreaFacts::default()), AreaStatus::NotStarted);
    let facts = AreaFacts {
        actions: vec![ActionFact {
            state: ActionState::Cancelled,
            ..action("4.1", Some(d(2024, 1, 1)), Some(d(2024, 2, 1)), None)
        }],
        ..Default::default()
    };
    let v = verdict(&facts, &Rules::default(), as_at());
    assert_eq!(v.status, AreaStatus::NotStarted);
    assert_eq!(
        v.criteria[0].reasons,
        vec!["no plan actions, so nothing has been delivered", "1 cancelled action not counted"]
    );
}

#[test]
fn an_area_embedded_only_since_mid_month_has_no_embedded_since_yet() {
    let v = verdict(&embedded_area(), &Rules::default(), d(2025, 1, 25));
    assert_eq!(v.status, AreaStatus::Embedded);
    assert_eq!((v.embedded_since, v.months_embedded), (None, None));
    let v = verdict(&embedded_area(), &Rules::default(), d(2025, 1, 31));
    assert_eq!((v.embedded_since, v.months_embedded), (Some(d(2025, 1, 31)), Some(0)));
}

#[test]
fn embedded_since_reaches_back_to_the_month_the_last_criterion_was_met() {
    let mut facts = embedded_area();
    facts.evidence =
        vec![verified(EvidenceKind::CaseAudit, d(2024, 6, 3)), verified(EvidenceKind::Training, d(2024, 6, 4))];
    let v = verdict(&facts, &Rules::default(), d(2025, 3, 15));
    // Evidence of 3 June 2024 leaves the 12-month window after 3 June 2025: still embedded.
    assert_eq!(v.embedded_since, Some(d(2024, 6, 30)));
    assert_eq!(v.months_embedded, Some(8));
}

#[test]
fn an_area_that_was_embedded_longer_ago_than_the_look_back_is_not_slipping() {
    let mut facts = embedded_area();
    facts.evidence =
        vec![verified(EvidenceKind::CaseAudit, d(2023, 11, 15)), verified(EvidenceKind::Training, d(2024, 1, 20))];
    let short =
        Rules::default().with_overrides(&RuleOverrides { slipping_lookback_months: Some(3), ..Default::default() });
    assert_eq!(verdict(&facts, &short, as_at()).status, AreaStatus::NotYetSustained);
    assert_eq!(verdict(&facts, &Rules::default(), as_at()).status, AreaStatus::Slipping);
}

#[test]
fn overriding_the_results_rules_takes_effect() {
    let mut facts = embedded_area();
    facts.measures[0].results = monthly(d(2025, 1, 1), &[85.0, 86.0]);
    let fewer = Rules::default().with_overrides(&RuleOverrides { results_min_count: Some(2), ..Default::default() });
    assert_eq!(verdict(&facts, &fewer, as_at()).status, AreaStatus::Embedded);
    let wider =
        Rules::default().with_overrides(&RuleOverrides { evidence_window_months: Some(1), ..Default::default() });
    assert!(!verdict(&embedded_area(), &wider, as_at()).criteria[1].met);
}

#[test]
fn statuses_have_snake_case_names_and_labels_for_people() {
    assert_eq!(serde_json::to_value(AreaStatus::NotYetSustained).unwrap(), "not_yet_sustained");
    assert_eq!(AreaStatus::NotYetSustained.label(), "Not yet sustained");
    for s in AreaStatus::ALL {
        assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
    }
}

#[test]
fn the_verdict_serialises_with_its_criteria_rules_and_measures() {
    let json = serde_json::to_value(verdict(&embedded_area(), &Rules::default(), as_at())).unwrap();
    assert_eq!(json["status"], "embedded");
    assert_eq!(json["criteria"][1]["criterion"], "practice_changed");
    assert_eq!(json["rules"]["results_min_count"], 3);
    assert_eq!(json["measures"][0]["analysis"]["variation"], "common_cause");
    assert_eq!(json["embedded_since"], "2025-01-31");
}

#[test]
fn every_status_reads_back_from_its_name() {
    for (status, name) in AreaStatus::ALL.iter().zip(AreaStatus::NAMES) {
        assert_eq!(status.as_str(), *name);
        assert_eq!(name.parse::<AreaStatus>(), Ok(*status));
    }
    assert!("sustained".parse::<AreaStatus>().is_err());
}

#[test]
fn a_completed_action_does_not_deliver_its_area_until_signed_off() {
    let mut facts = embedded_area();
    for a in &mut facts.actions {
        a.sign_off = SignOff::Awaiting;
    }
    let v = verdict(&facts, &Rules::default(), as_at());
    assert!(!v.criteria[0].met, "awaiting sign-off: {:?}", v.criteria[0].reasons);
    assert!(v.criteria[0].reasons[0].contains("completed and signed off by"), "{:?}", v.criteria[0].reasons);
    assert!(v.criteria[0].reasons[0].contains("(completed, awaiting sign-off)"), "{:?}", v.criteria[0].reasons);
    assert_eq!(v.status, AreaStatus::InProgress);
}

#[test]
fn a_signed_off_action_counts_from_its_sign_off() {
    let mut facts = embedded_area();
    let last = facts.actions.iter().filter_map(|a| a.completed_date).max().expect("completed actions");
    let signed = last + chrono::Duration::days(10);
    for a in &mut facts.actions {
        a.sign_off = SignOff::SignedOff(signed);
    }
    assert!(!verdict(&facts, &Rules::default(), signed - chrono::Duration::days(1)).criteria[0].met);
    assert!(verdict(&facts, &Rules::default(), signed).criteria[0].met);
    assert_eq!(status(&facts), AreaStatus::Embedded);
}
