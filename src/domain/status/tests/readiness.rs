//! Readiness of an inspection and its gaps.

use super::*;
use crate::domain::ids::AreaId;
use std::collections::HashMap;

fn verdicts_of(facts: &HashMap<AreaId, AreaFacts>) -> HashMap<AreaId, Verdict> {
    facts.iter().map(|(id, f)| (*id, verdict(f, &Rules::default(), as_at()))).collect()
}

#[test]
fn readiness_is_the_share_of_findings_in_embedded_areas_with_the_gaps() {
    let mut facts = HashMap::new();
    facts.insert(AreaId(1), embedded_area());
    let mut open = embedded_area();
    open.actions.push(action("2.2", Some(d(2024, 6, 1)), None, Some(d(2025, 1, 31))));
    open.measures[0].key = false;
    facts.insert(AreaId(2), open);
    let verdicts: HashMap<AreaId, Verdict> =
        facts.iter().map(|(id, f)| (*id, verdict(f, &Rules::default(), as_at()))).collect();
    let findings = vec![
        FindingFacts { reference: "APA1".into(), area_id: AreaId(1), linked_actions: 1 },
        FindingFacts { reference: "R2".into(), area_id: AreaId(2), linked_actions: 0 },
    ];
    let r = readiness(&findings, &verdicts, &facts, as_at());
    assert_eq!((r.findings_total, r.findings_embedded, r.percent_embedded), (2, 1, 50.0));
    assert!(r.gaps.contains(&Gap::FindingWithoutAction { finding: "R2".into() }));
    assert!(r.gaps.contains(&Gap::AreaWithoutKeyMeasure { area_id: AreaId(2) }));
    assert!(r.gaps.contains(&Gap::OverdueAction { area_id: AreaId(2), action: "2.2".into(), due: d(2025, 1, 31) }));
}

#[test]
fn an_area_with_no_verified_evidence_is_a_gap_and_cancelled_or_completed_actions_are_not_overdue() {
    let mut area = embedded_area();
    area.evidence = vec![EvidenceFact {
        title: String::new(),
        kind: EvidenceKind::CaseAudit,
        observed_on: d(2025, 1, 1),
        verified_on: None,
    }];
    area.actions.push(ActionFact {
        state: ActionState::Cancelled,
        ..action("3.1", Some(d(2024, 1, 1)), None, Some(d(2024, 2, 1)))
    });
    area.actions.push(action("3.2", Some(d(2024, 1, 1)), Some(d(2025, 3, 31)), Some(d(2025, 1, 31))));
    area.actions.push(action("3.3", Some(d(2024, 1, 1)), None, Some(d(2025, 3, 31))));
    let facts = HashMap::from([(AreaId(7), area)]);
    let findings = vec![FindingFacts { reference: "AFI3".into(), area_id: AreaId(7), linked_actions: 2 }];
    let r = readiness(&findings, &verdicts_of(&facts), &facts, as_at());
    assert_eq!(
        r.gaps,
        vec![Gap::AreaWithoutVerifiedEvidence { area_id: AreaId(7) }],
        "due on the date is not yet overdue"
    );
    assert_eq!((r.findings_embedded, r.percent_embedded), (0, 0.0));
}

#[test]
fn evidence_verified_after_the_date_leaves_a_gap_then() {
    let facts = HashMap::from([(AreaId(1), embedded_area())]);
    let findings = vec![FindingFacts { reference: "R1".into(), area_id: AreaId(1), linked_actions: 1 }];
    let r = readiness(&findings, &verdicts_of(&facts), &facts, d(2024, 11, 1));
    assert!(r.gaps.contains(&Gap::AreaWithoutVerifiedEvidence { area_id: AreaId(1) }));
}

#[test]
fn an_inspection_with_no_findings_is_zero_percent_ready_with_no_gaps() {
    let r = readiness(&[], &HashMap::new(), &HashMap::new(), as_at());
    assert_eq!((r.findings_total, r.percent_embedded, r.gaps.len()), (0, 0.0, 0));
}
