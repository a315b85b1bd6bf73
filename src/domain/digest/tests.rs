use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn owner(id: i64, email: Option<&str>, leader: bool) -> Recipient {
    Recipient { id: OwnerId(id), label: format!("Owner {id}"), email: email.map(String::from), leader }
}

fn action(id: i64, owner: i64, due: NaiveDate) -> OpenAction {
    OpenAction {
        id: ActionId(id),
        reference: format!("1.{id}"),
        title: format!("Action {id}"),
        owner: Some(OwnerId(owner)),
        due,
    }
}

const ON: (i32, u32, u32) = (2026, 11, 25);

fn on() -> NaiveDate {
    d(ON.0, ON.1, ON.2)
}

fn days(n: i64) -> NaiveDate {
    on() + chrono::Duration::days(n)
}

// Which reminder an action has reached

#[test]
fn reminders_fall_30_7_and_1_days_before_the_due_date() {
    let due = d(2026, 12, 25);
    assert_eq!(Milestone::for_action(due, d(2026, 11, 24)), None, "31 days before");
    assert_eq!(Milestone::for_action(due, d(2026, 11, 25)), Some(Milestone::DaysBefore(30)));
    assert_eq!(Milestone::for_action(due, d(2026, 12, 17)), Some(Milestone::DaysBefore(30)), "8 days before");
    assert_eq!(Milestone::for_action(due, d(2026, 12, 18)), Some(Milestone::DaysBefore(7)));
    assert_eq!(Milestone::for_action(due, d(2026, 12, 23)), Some(Milestone::DaysBefore(7)), "2 days before");
    assert_eq!(Milestone::for_action(due, d(2026, 12, 24)), Some(Milestone::DaysBefore(1)));
    assert_eq!(Milestone::for_action(due, d(2026, 12, 25)), Some(Milestone::DaysBefore(1)), "the day itself");
}

#[test]
fn an_overdue_action_is_reminded_each_whole_week() {
    let due = d(2026, 12, 1);
    assert_eq!(Milestone::for_action(due, d(2026, 12, 7)), Some(Milestone::DaysBefore(1)), "6 days overdue");
    assert_eq!(Milestone::for_action(due, d(2026, 12, 8)), Some(Milestone::WeeksOverdue(1)));
    assert_eq!(Milestone::for_action(due, d(2026, 12, 14)), Some(Milestone::WeeksOverdue(1)));
    assert_eq!(Milestone::for_action(due, d(2026, 12, 15)), Some(Milestone::WeeksOverdue(2)));
    assert_eq!(Milestone::for_action(due, d(2027, 3, 2)), Some(Milestone::WeeksOverdue(13)));
}

#[test]
fn a_reminder_key_names_the_due_date_so_a_new_date_is_reminded_again() {
    let before = Milestone::DaysBefore(7).key(d(2026, 12, 25));
    let moved = Milestone::DaysBefore(7).key(d(2027, 1, 8));
    assert_eq!(before, "7-days-before:2026-12-25");
    assert_ne!(before, moved);
}

// What a digest holds

#[test]
fn an_owner_gets_their_overdue_due_soon_and_coming_up_actions_and_nothing_else() {
    let input = DigestInput {
        recipients: vec![owner(1, Some("a@council.example"), false), owner(2, Some("b@council.example"), false)],
        actions: vec![
            action(1, 1, days(-10)),
            action(2, 1, days(3)),
            action(3, 1, days(20)),
            action(4, 1, days(45)),
            action(5, 2, days(60)),
        ],
        evidence: vec![],
        ..Default::default()
    };
    let all = digests(on(), &input, &HashSet::new());
    let first = &all[0];
    let ids = |items: &Vec<ActionItem>| items.iter().map(|i| i.action.id.0).collect::<Vec<_>>();
    assert_eq!(ids(&first.actions.overdue), [1]);
    assert_eq!(ids(&first.actions.due_soon), [2]);
    assert_eq!(ids(&first.actions.coming_up), [3]);
    assert_eq!(first.new_reminders.len(), 3, "the action due in 45 days is not reminded yet");
    assert!(first.has_news());
    let second = &all[1];
    assert!(second.is_empty() && !second.has_news(), "an action due in 60 days is not in a digest");
}

#[test]
fn a_reminder_already_sent_is_not_new_and_a_digest_with_nothing_new_is_not_sent() {
    let input = DigestInput {
        recipients: vec![owner(1, Some("a@council.example"), false)],
        actions: vec![action(1, 1, days(5))],
        evidence: vec![],
        ..Default::default()
    };
    let first = digests(on(), &input, &HashSet::new());
    let sent: HashSet<Reminder> = first[0].new_reminders.iter().cloned().collect();
    let again = digests(on(), &input, &sent);
    assert!(!again[0].is_empty(), "the action is still listed");
    assert!(!again[0].has_news(), "but nothing is new the same day");
    // Two days later the action is 3 days away: still the 7-day reminder, already sent.
    assert!(!digests(days(2), &input, &sent)[0].has_news());
    // Four days later it is due tomorrow: the 1-day reminder is new.
    let later = digests(days(4), &input, &sent);
    assert_eq!(later[0].new_reminders.len(), 1);
    assert_eq!(later[0].new_reminders[0].milestone, format!("1-days-before:{}", days(5)));
}

#[test]
fn a_weekly_run_sends_only_the_latest_reminder_reached() {
    let input = DigestInput {
        recipients: vec![owner(1, Some("a@council.example"), false)],
        actions: vec![action(1, 1, days(1))],
        evidence: vec![],
        ..Default::default()
    };
    let digest = &digests(on(), &input, &HashSet::new())[0];
    assert_eq!(digest.new_reminders.len(), 1, "not the 30- and 7-day reminders it skipped");
}

#[test]
fn leaders_get_evidence_waiting_and_owners_without_an_email() {
    let input = DigestInput {
        recipients: vec![
            owner(1, Some("leader@council.example"), true),
            owner(2, None, false),
            owner(3, Some("c@council.example"), false),
        ],
        actions: vec![action(1, 2, days(-8)), action(2, 3, days(2))],
        evidence: vec![WaitingEvidence { id: EvidenceId(9), title: "Dip sample".into(), observed_on: days(-15) }],
        ..Default::default()
    };
    let all = digests(on(), &input, &HashSet::new());
    let leader = &all[0];
    assert!(leader.actions.is_empty());
    assert_eq!(leader.evidence.len(), 1);
    assert_eq!(leader.evidence[0].evidence.id, EvidenceId(9));
    assert_eq!(leader.unreachable.len(), 1);
    assert_eq!(leader.unreachable[0].owner.id, OwnerId(2));
    assert_eq!(leader.unreachable[0].actions.overdue[0].action.id, ActionId(1));
    assert_eq!(leader.new_reminders.len(), 2, "the evidence and the passed-on action");
    let others = &all[2];
    assert!(others.evidence.is_empty() && others.unreachable.is_empty(), "only leaders see these");
    assert_eq!(others.actions.due_soon.len(), 1);
}

#[test]
fn evidence_waiting_is_reminded_once_a_week() {
    let input = DigestInput {
        recipients: vec![owner(1, Some("leader@council.example"), true)],
        actions: vec![],
        evidence: vec![WaitingEvidence { id: EvidenceId(1), title: "Audit".into(), observed_on: days(-3) }],
        ..Default::default()
    };
    let first = digests(on(), &input, &HashSet::new());
    let sent: HashSet<Reminder> = first[0].new_reminders.iter().cloned().collect();
    assert!(!digests(days(3), &input, &sent)[0].has_news(), "the same week");
    assert!(digests(days(4), &input, &sent)[0].has_news(), "a week after it was observed");
}

#[test]
fn the_body_lists_each_section_and_marks_new_reminders() {
    let input = DigestInput {
        recipients: vec![owner(1, Some("a@council.example"), false)],
        actions: vec![action(1, 1, days(-7)), action(2, 1, days(0))],
        evidence: vec![],
        ..Default::default()
    };
    let digest = &digests(on(), &input, &HashSet::new())[0];
    let body = text::body(digest, "Hartwell Borough Council");
    assert!(body.contains("Your overdue actions (1)"), "{body}");
    assert!(body.contains("1.1 Action 1: due 18 November 2026, 7 days overdue [reminder]"), "{body}");
    assert!(body.contains("1.2 Action 2: due 25 November 2026, due today [reminder]"), "{body}");
    assert_eq!(text::summary(digest), "1 action overdue, 1 action due in the next 14 days");
    assert_eq!(text::subject(digest, "Hartwell"), "Hartwell: improvement plan reminders for 25 November 2026");
}

fn asked(id: i64, owner: i64, due: NaiveDate) -> AskedEvidence {
    AskedEvidence {
        id: RequestId(id),
        owner: OwnerId(owner),
        about: format!("Action 1.{id}"),
        wanted: "Three supervision records".into(),
        due,
    }
}

#[test]
fn evidence_asked_of_an_owner_is_in_their_digest_only_and_is_news_when_asked() {
    let input = DigestInput {
        recipients: vec![owner(1, Some("a@council.example"), false), owner(2, Some("b@council.example"), false)],
        requests: vec![asked(4, 1, days(60))],
        ..DigestInput::default()
    };
    let all = digests(on(), &input, &HashSet::new());
    assert_eq!(all[0].requests.len(), 1);
    assert_eq!(all[0].new_reminders[0].milestone, format!("asked:{}", days(60)));
    assert!(all[1].requests.is_empty() && !all[1].has_news(), "another owner is not told");
    let sent: HashSet<Reminder> = all[0].new_reminders.iter().cloned().collect();
    assert!(!digests(days(1), &input, &sent)[0].has_news(), "asked once");
    assert!(digests(days(30), &input, &sent)[0].has_news(), "then reminded 30 days before it is needed");
    let body = text::body(&all[0], "Hartwell");
    assert!(body.contains("Evidence asked of you (1)"), "{body}");
    assert!(body.contains("Action 1.4: Three supervision records (by 24 January 2027, needed in 60 days)"), "{body}");
}

#[test]
fn evidence_asked_of_an_owner_without_an_email_is_passed_to_the_leaders() {
    let input = DigestInput {
        recipients: vec![owner(1, Some("leader@council.example"), true), owner(2, None, false)],
        requests: vec![asked(5, 2, days(-3))],
        ..DigestInput::default()
    };
    let leader = &digests(on(), &input, &HashSet::new())[0];
    assert_eq!(leader.unreachable.len(), 1);
    assert_eq!(leader.unreachable[0].requests[0].days_left, -3);
    assert_eq!(text::reminder_lines(leader), ["for Owner 2: evidence asked about Action 1.5: 3 days overdue"]);
}
