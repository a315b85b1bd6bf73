//! Slipping seen ahead: the day found, its reason, and a day-by-day scan that
//! must agree with the turning days tried.

use super::*;
use crate::domain::kinds::EvidenceKind::*;
use proptest::prelude::*;

fn seen(kind: EvidenceKind, observed: NaiveDate, title: &str) -> EvidenceFact {
    EvidenceFact { title: title.into(), ..verified(kind, observed) }
}

/// Embedded on 31 March 2025 with results to then; its evidence is one audit
/// of May 2024 and one piece of family feedback of January 2025.
fn thin_evidence() -> AreaFacts {
    AreaFacts {
        evidence: vec![seen(CaseAudit, d(2024, 5, 14), "Audit"), seen(ChildFamilyFeedback, d(2025, 1, 20), "Survey")],
        ..embedded_area()
    }
}

#[test]
fn evidence_leaving_its_window_makes_the_area_slip_on_the_day_it_leaves() {
    let slip = slip_ahead(&thin_evidence(), &Rules::default(), as_at()).expect("slips within 90 days");
    assert_eq!(slip.on, d(2025, 5, 14));
    assert_eq!(slip.embedded_until, d(2025, 5, 13));
    assert_eq!(slip.criterion, CriterionName::PracticeChanged);
    assert_eq!(slip.reason, "Evidence runs out on 14 May 2025: 1 verified item will remain, 2 are needed");
    assert_eq!(slip.days_from(as_at()), 44);
}

#[test]
fn the_engine_agrees_with_the_day_found() {
    let facts = thin_evidence();
    let slip = slip_ahead(&facts, &Rules::default(), as_at()).unwrap();
    assert_eq!(verdict(&facts, &Rules::default(), slip.embedded_until).status, AreaStatus::Embedded);
    let then = verdict(&facts, &Rules::default(), slip.on);
    assert_ne!(then.status, AreaStatus::Embedded);
    assert!(!then.criteria[1].met, "{:?}", then.criteria);
}

#[test]
fn results_growing_too_old_make_the_area_slip() {
    let mut facts = embedded_area();
    facts.evidence = vec![verified(CaseAudit, d(2025, 2, 10)), verified(StaffFeedback, d(2025, 3, 3))];
    // The latest result is March's; by 31 July January's is out of the six months.
    let today = d(2025, 5, 15);
    let slip = slip_ahead(&facts, &Rules::default(), today).expect("slips");
    assert_eq!(slip.on, d(2025, 7, 31));
    assert_eq!(slip.criterion, CriterionName::Sustained);
    assert_eq!(
        slip.reason,
        "Results grow too old on 31 July 2025: Audit: % good or better will have 2 results in the 6 months, 3 are needed"
    );
}

#[test]
fn kinds_are_named_when_more_items_alone_would_not_do() {
    let mut facts = embedded_area();
    facts.evidence = vec![
        verified(CaseAudit, d(2024, 5, 14)),
        verified(CaseAudit, d(2025, 1, 20)),
        verified(CaseAudit, d(2025, 2, 20)),
        verified(StaffFeedback, d(2024, 6, 1)),
    ];
    let slip = slip_ahead(&facts, &Rules::default(), as_at()).unwrap();
    assert_eq!(slip.on, d(2025, 6, 1), "the one item of a second kind leaves on 1 June");
    assert_eq!(
        slip.reason,
        "Evidence runs out on 1 June 2025: 2 verified items of 1 kind will remain, 2 kinds are needed"
    );
}

#[test]
fn an_area_that_holds_for_90_days_or_is_not_embedded_has_no_slip() {
    let mut lasting = embedded_area();
    lasting.evidence = vec![verified(CaseAudit, d(2025, 2, 10)), verified(StaffFeedback, d(2025, 3, 3))];
    assert_eq!(slip_ahead(&lasting, &Rules::default(), as_at()), None, "results to July, evidence to next year");
    let mut open = embedded_area();
    open.actions.push(action("1.2", Some(d(2024, 6, 1)), None, Some(d(2025, 6, 30))));
    assert_eq!(slip_ahead(&open, &Rules::default(), as_at()), None, "in progress, so nothing to slip from");
}

#[test]
fn nothing_recorded_after_the_day_counts() {
    let mut facts = thin_evidence();
    // Verified only after the day: on the day, nobody knew it would count.
    facts.evidence.push(EvidenceFact { verified_on: Some(d(2025, 4, 2)), ..verified(StaffFeedback, d(2025, 3, 1)) });
    facts.measures[0].results.push((d(2025, 4, 30), 85.0));
    let slip = slip_ahead(&facts, &Rules::default(), as_at()).unwrap();
    assert_eq!(slip.on, d(2025, 5, 14));
    assert_eq!(slip, slip_ahead(&thin_evidence(), &Rules::default(), as_at()).unwrap());
}

#[test]
fn an_area_override_moves_the_day() {
    let rules =
        Rules::default().with_overrides(&RuleOverrides { evidence_window_months: Some(11), ..Default::default() });
    let slip = slip_ahead(&thin_evidence(), &rules, d(2025, 3, 31)).unwrap();
    assert_eq!(slip.on, d(2025, 4, 14), "an 11-month window lets the May audit go a month sooner");
}

#[test]
fn a_date_leaves_its_window_on_the_first_day_the_window_starts_on_or_after_it() {
    assert_eq!(leaves_window(d(2025, 1, 31), 1), Some(d(2025, 3, 1)), "28 February's window starts 28 January");
    assert_eq!(leaves_window(d(2024, 2, 29), 12), Some(d(2025, 3, 1)));
    assert_eq!(leaves_window(d(2024, 5, 14), 12), Some(d(2025, 5, 14)));
    assert_eq!(leaves_window(d(2024, 8, 31), 6), Some(d(2025, 3, 1)));
}

/// The first day after `today`, up to 90 days on, that the engine does not
/// call embedded, trying every day.
fn scanned(facts: &AreaFacts, rules: &Rules, today: NaiveDate) -> Option<NaiveDate> {
    let known = as_known_on(facts, today);
    if verdict(&known, rules, today).status != AreaStatus::Embedded {
        return None;
    }
    (1..=LOOK_AHEAD_DAYS)
        .filter_map(|n| today.checked_add_days(chrono::Days::new(n)))
        .find(|day| verdict(&known, rules, *day).status != AreaStatus::Embedded)
}

/// Areas near the edge of embedded: a few completed actions (one maybe
/// completed after the day), evidence of three kinds seen over the last 15
/// months (some verified after the day), and monthly key results on target
/// up to a month end a little before the day.
fn near_the_edge() -> impl Strategy<Value = (AreaFacts, Rules, NaiveDate)> {
    let today = (0i64..1500).prop_map(|n| d(2023, 1, 1) + chrono::Duration::days(n));
    let evidence = prop::collection::vec((0i64..460, 0i64..60, 0usize..3), 1..6);
    let results = prop::collection::vec((0u32..2, 80.0f64..95.0), 2..14);
    let rules = (9u32..14, 1u32..4, 1u32..3, 4u32..8, 2u32..4);
    (today, evidence, results, 0u32..3, prop::option::of(0i64..40), rules).prop_map(
        |(today, evidence, values, lag, late_completion, (ew, items, kinds, rw, count))| {
            let kinds_of = [CaseAudit, StaffFeedback, ChildFamilyFeedback];
            let mut actions = vec![action("1.1", Some(d(2022, 1, 1)), Some(d(2022, 6, 1)), Some(d(2022, 6, 30)))];
            if let Some(after) = late_completion {
                actions.push(action("1.2", Some(d(2022, 1, 1)), Some(today + chrono::Duration::days(after)), None));
            }
            let evidence = evidence
                .into_iter()
                .map(|(ago, wait, kind)| {
                    let observed = today - chrono::Duration::days(ago);
                    EvidenceFact {
                        verified_on: Some(observed + chrono::Duration::days(wait)),
                        ..verified(kinds_of[kind], observed)
                    }
                })
                .collect();
            // Monthly results to a month end 0 to 2 months back, one in ten a month later still (a gap).
            let last = crate::domain::dates::month_end(months_before(today, lag + 1));
            let n = values.len() as u32;
            let results = values
                .iter()
                .enumerate()
                .map(|(i, (gap, v))| (crate::domain::dates::month_end(months_before(last, n - 1 - i as u32 + gap)), *v))
                .collect();
            let rules = Rules {
                evidence_window_months: ew,
                evidence_min_items: items,
                evidence_min_kinds: kinds,
                results_window_months: rw,
                results_min_count: count,
                ..Rules::default()
            };
            (AreaFacts { actions, evidence, measures: vec![key_measure(results)] }, rules, today)
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn the_day_found_is_the_first_day_a_day_by_day_scan_finds((facts, rules, today) in near_the_edge()) {
        let found = slip_ahead(&facts, &rules, today);
        prop_assert_eq!(found.as_ref().map(|s| s.on), scanned(&facts, &rules, today));
        if let Some(slip) = found {
            let known = as_known_on(&facts, today);
            let then = verdict(&known, &rules, slip.on);
            prop_assert!(then.criteria.iter().any(|c| c.criterion == slip.criterion && !c.met));
            prop_assert!(slip.reason.contains(&crate::domain::dates::long_date(slip.on)));
        }
    }
}
