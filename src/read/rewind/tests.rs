use super::*;
use crate::db::actions::FindingActionRow;
use crate::db::owners::OwnerRow;
use crate::db::plan_rows::AllRows;
use crate::domain::ids::{ActionId, FindingId, OwnerId};
use serde_json::json;

fn at(day: u32, hour: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2025, 3, day).unwrap().and_hms_opt(hour, 0, 0).unwrap()
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, d).unwrap()
}

fn owner(id: i64, name: &str, recorded: NaiveDateTime) -> OwnerRow {
    OwnerRow {
        id: OwnerId(id),
        name: name.into(),
        job_title: "Head of Service".into(),
        team: String::new(),
        email: None,
        user_id: None,
        created_at: recorded,
        updated_at: recorded,
        version: 1,
        archived_at: None,
    }
}

fn change(
    id: i64,
    when: NaiveDateTime,
    entity: Entity,
    record: i64,
    what: Change,
    before: Value,
    after: Value,
) -> HistoryRow {
    HistoryRow {
        id,
        at: when,
        user_id: None,
        actor: "test".into(),
        entity,
        entity_id: record,
        what,
        before_json: Some(before.to_string()),
        after_json: Some(after.to_string()),
        created_at: when,
        updated_at: when,
    }
}

fn rewind(rows: AllRows, changes: &[HistoryRow], past: Past) -> AllRows {
    Later::new(changes, past).plan(rows)
}

fn names(rows: &AllRows) -> Vec<(i64, String)> {
    rows.owners.iter().map(|o| (o.id.0, o.name.clone())).collect()
}

/// Two renames of owner 1 after the 10th, and owner 2 first recorded on the 20th.
fn owners_renamed() -> (AllRows, Vec<HistoryRow>) {
    let rows = AllRows {
        owners: vec![owner(1, "Third name", at(1, 9)), owner(2, "Later owner", at(20, 9))],
        ..AllRows::default()
    };
    // Change `id` renamed `owner` on `day` from `was` to `now`.
    let rename = |id: i64, day: u32, owner: i64, was: &str, now: &str| {
        change(id, at(day, 9), Entity::Owner, owner, Change::Update, json!({"name": was}), json!({"name": now}))
    };
    let changes = vec![
        rename(1, 5, 1, "First name", "Second name"),
        rename(2, 15, 1, "Second name", "Third name"),
        rename(3, 25, 2, "Owner", "Later owner"),
    ];
    (rows, changes)
}

#[test]
fn a_record_is_shown_with_every_later_change_undone() {
    let (rows, changes) = owners_renamed();
    let then = rewind(rows, &changes, Past::as_at(day(10)));
    assert_eq!(names(&then), [(1, "Second name".to_string()), (2, "Later owner".to_string())]);
}

#[test]
fn as_recorded_leaves_out_what_was_recorded_later_and_as_it_stood_keeps_it_as_now() {
    let (rows, changes) = owners_renamed();
    let recorded = rewind(rows, &changes, Past::as_recorded(day(10)));
    assert_eq!(names(&recorded), [(1, "Second name".to_string())]);
    let (rows, changes) = owners_renamed();
    assert_eq!(names(&rewind(rows, &changes, Past::as_at(day(4))))[0].1, "First name");
}

#[test]
fn an_issued_document_sees_later_records_as_they_were_when_it_was_issued() {
    // Issued on the 22nd as at the 10th: owner 1 as on the 10th, owner 2 as on the 22nd.
    let (rows, changes) = owners_renamed();
    let then = rewind(rows, &changes, Past::issued(day(10), at(22, 12)));
    assert_eq!(names(&then), [(1, "Second name".to_string()), (2, "Owner".to_string())]);
}

#[test]
fn an_archived_record_is_live_before_it_was_archived() {
    let mut archived = owner(1, "Owner", at(1, 9));
    archived.archived_at = Some(at(15, 9));
    let changes = vec![change(
        1,
        at(15, 9),
        Entity::Owner,
        1,
        Change::Archive,
        json!({"archived_at": null}),
        json!({"archived_at": "2025-03-15T09:00:00"}),
    )];
    let before = Later::new(&changes, Past::as_at(day(10))).rows(vec![archived.clone()], Kept::Live);
    assert_eq!(before.len(), 1, "live on the 10th");
    assert!(before[0].archived_at.is_none());
    let after = Later::new(&changes, Past::as_at(day(16))).rows(vec![archived], Kept::Live);
    assert!(after.is_empty(), "archived by the 16th");
}

fn link(finding: i64, action: i64, made: NaiveDateTime) -> FindingActionRow {
    FindingActionRow { finding_id: FindingId(finding), action_id: ActionId(action), created_at: made }
}

fn linked(rows: &AllRows) -> Vec<(i64, i64)> {
    rows.finding_actions.iter().map(|l| (l.finding_id.0, l.action_id.0)).collect()
}

fn plan_of_links(links: Vec<FindingActionRow>) -> AllRows {
    use crate::db::actions::ActionRow;
    use crate::db::findings::FindingRow;
    let finding = |id: i64| -> FindingRow {
        serde_json::from_value(json!({
            "id": id, "inspection_id": 1, "practice_area_id": 1, "kind": "priority_action", "reference": format!("F{id}"),
            "text": "", "created_at": "2025-03-01T09:00:00", "updated_at": "2025-03-01T09:00:00", "version": 1,
            "archived_at": null
        }))
        .unwrap()
    };
    let action = |id: i64| -> ActionRow {
        serde_json::from_value(json!({
            "id": id, "reference": "1.1", "title": "Train managers", "description": "", "owner_id": null,
            "practice_area_id": 1, "start_date": null, "due_date": null, "completed_date": null, "state": "in_progress",
            "success_measure": "", "created_at": "2025-03-01T09:00:00", "updated_at": "2025-03-01T09:00:00",
            "version": 1, "archived_at": null
        }))
        .unwrap()
    };
    AllRows {
        findings: vec![finding(1), finding(2)],
        actions: vec![action(7)],
        finding_actions: links,
        ..AllRows::default()
    }
}

#[test]
fn links_made_since_are_taken_away_and_those_removed_since_put_back() {
    // Finding 1 was linked on the 2nd, unlinked on the 12th and linked again on the 14th;
    // finding 2 was linked on the 12th.
    let rows = plan_of_links(vec![link(1, 7, at(14, 9)), link(2, 7, at(12, 9))]);
    let changes = vec![
        change(1, at(12, 9), Entity::Action, 7, Change::UnlinkFinding, Value::Null, json!({"finding_id": 1})),
        change(2, at(12, 9), Entity::Action, 7, Change::LinkFinding, Value::Null, json!({"finding_id": 2})),
        change(3, at(14, 9), Entity::Action, 7, Change::LinkFinding, Value::Null, json!({"finding_id": 1})),
    ];
    assert_eq!(linked(&rewind(plan_of_links(rows.finding_actions.clone()), &changes, Past::as_at(day(10)))), [(1, 7)]);
    assert_eq!(linked(&rewind(plan_of_links(rows.finding_actions.clone()), &changes, Past::as_at(day(13)))), [(2, 7)]);
    assert_eq!(linked(&rewind(rows, &changes, Past::as_at(day(15)))), [(1, 7), (2, 7)]);
}

#[test]
fn a_whole_list_set_since_is_undone() {
    let rows = plan_of_links(vec![link(2, 7, at(12, 9))]);
    let changes = vec![change(
        1,
        at(12, 9),
        Entity::Action,
        7,
        Change::SetLinks,
        json!({"finding_ids": [1]}),
        json!({"finding_ids": [2]}),
    )];
    assert_eq!(linked(&rewind(rows, &changes, Past::as_at(day(10)))), [(1, 7)]);
}
