//! Change history in words: who changed which record, when, and each field
//! before and after, with ids named through the plan index.

mod fields;

use super::plan::PlanIndex;
use crate::db::history::{Events, HistoryQuery, HistoryRow, PLAN_ENTITIES};
use crate::domain::history::Entity;
use crate::domain::ids::*;
use chrono::NaiveDateTime;
use serde_json::{Map, Value};

pub use crate::domain::history::sentence;

/// The kinds of record people can filter history by (its name is the value
/// in the URL), with their labels.
pub const RECORD_KINDS: &[(Entity, &str)] = &[
    (Entity::PracticeArea, "Practice areas"),
    (Entity::Action, "Actions"),
    (Entity::ActionUpdate, "Progress updates"),
    (Entity::Finding, "Findings"),
    (Entity::Inspection, "Inspections"),
    (Entity::Judgement, "Judgements"),
    (Entity::Evidence, "Evidence"),
    (Entity::Attachment, "Attachments"),
    (Entity::Measure, "Measures"),
    (Entity::Result, "Results"),
    (Entity::RecalculationPoint, "Recalculation points"),
    (Entity::Owner, "Owners"),
    (Entity::EvidenceRequest, "Requests for evidence"),
    (Entity::User, "Users"),
    (Entity::SignIn, "Sign-ins and sessions"),
];

/// The history query for a kind of record (one of `RECORD_KINDS`); none, or
/// a kind not in the plan, keeps everything. "user" is changes to accounts,
/// "sign_in" every sign-in and session event, whoever it names.
pub fn query_for_kind(kind: Option<&Entity>) -> HistoryQuery {
    match kind {
        Some(Entity::SignIn) => HistoryQuery { events: Events::SessionsOnly, ..HistoryQuery::default() },
        Some(Entity::User) => {
            HistoryQuery { entities: vec![Entity::User], events: Events::NoSessions, ..HistoryQuery::default() }
        }
        Some(kind) if PLAN_ENTITIES.contains(kind) || *kind == Entity::EvidenceRequest => {
            HistoryQuery { entities: vec![kind.clone()], ..HistoryQuery::default() }
        }
        _ => HistoryQuery::default(),
    }
}

/// Changes to the plan only: no accounts, no sign-ins.
pub fn plan_changes() -> HistoryQuery {
    HistoryQuery { entities: PLAN_ENTITIES.to_vec(), ..HistoryQuery::default() }
}

/// The record an entry is about.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordRef {
    /// "Action", "Practice area".
    pub kind: String,
    /// Its name, reference or title, or its kind and id when it is gone.
    pub name: String,
    /// Its page, when there is one to show.
    pub href: Option<String>,
}

/// One field's change, in words; none means blank.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    pub label: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// One entry of change history, in words.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEntry {
    pub id: i64,
    pub at: NaiveDateTime,
    pub who: String,
    pub record: RecordRef,
    /// "Created", "Changed", "Signed in".
    pub what: String,
    pub changes: Vec<FieldChange>,
}

fn object(text: Option<&str>) -> Map<String, Value> {
    text.and_then(|t| serde_json::from_str::<Value>(t).ok())
        .and_then(|v| if let Value::Object(map) = v { Some(map) } else { None })
        .unwrap_or_default()
}

/// A number in a JSON object.
fn id_in(map: &Map<String, Value>, field: &str) -> Option<i64> {
    map.get(field).and_then(Value::as_i64)
}

/// Text in a JSON object.
fn text_in<'a>(map: &'a Map<String, Value>, field: &str) -> Option<&'a str> {
    map.get(field).and_then(Value::as_str)
}

/// A record named by its entity and id, as history shows it.
pub fn record_named(plan: &PlanIndex, entity: &Entity, id: i64) -> RecordRef {
    record(plan, entity, id, &Map::new())
}

/// The record an entry names, looked up in the plan; a record no longer in
/// it (archived) is named from the entry itself.
fn record(plan: &PlanIndex, entity: &Entity, id: i64, values: &Map<String, Value>) -> RecordRef {
    let own = |field: &str| text_in(values, field).map(str::to_string);
    let (kind, name, href): (&str, Option<String>, Option<String>) = match entity {
        Entity::PracticeArea => {
            ("Practice area", plan.area(AreaId(id)).map(|a| a.name.clone()), Some(format!("/areas/{id}")))
        }
        Entity::Action => (
            "Action",
            plan.action(ActionId(id)).map(|a| format!("{} {}", a.reference, a.title)),
            Some(format!("/actions/{id}")),
        ),
        Entity::Finding => {
            ("Finding", plan.finding(FindingId(id)).map(|f| f.reference.clone()), Some(format!("/findings/{id}")))
        }
        Entity::Inspection => (
            "Inspection",
            plan.inspection(InspectionId(id)).map(|i| i.title.clone()),
            Some(format!("/inspections/{id}")),
        ),
        Entity::Evidence => {
            ("Evidence", plan.evidence_item(EvidenceId(id)).map(|e| e.title.clone()), Some(format!("/evidence/{id}")))
        }
        Entity::Measure => {
            ("Measure", plan.measure(MeasureId(id)).map(|m| m.name.clone()), Some(format!("/measures/{id}")))
        }
        Entity::Owner => ("Owner", plan.owner_label(Some(OwnerId(id))), Some(format!("/owners/{id}"))),
        Entity::User => ("User", plan.user_names.get(&UserId(id)).cloned(), None),
        Entity::ActionSignOff => {
            let action = id_in(values, "action_id");
            let on = action.and_then(|a| plan.action(ActionId(a))).map(|a| format!("action {}", a.reference));
            ("Sign-off", on, action.map(|a| format!("/actions/{a}")))
        }
        Entity::ActionUpdate => {
            let action = id_in(values, "action_id");
            let on = action.and_then(|a| plan.action(ActionId(a))).map(|a| {
                let day = text_in(values, "update_date").map(|d| format!(", {}", fields::day(d))).unwrap_or_default();
                format!("action {}{day}", a.reference)
            });
            ("Progress update", on, action.map(|a| format!("/actions/{a}")))
        }
        Entity::Judgement => {
            let inspection = id_in(values, "inspection_id");
            ("Judgement", own("area"), inspection.map(|i| format!("/inspections/{i}")))
        }
        Entity::Attachment => {
            let evidence = id_in(values, "evidence_id");
            ("Attachment", own("file_name"), evidence.map(|e| format!("/evidence/{e}")))
        }
        Entity::Result | Entity::RecalculationPoint => {
            let measure = id_in(values, "measure_id");
            let (kind, day) =
                if *entity == Entity::Result { ("Result", "period_end") } else { ("Recalculation point", "starts_on") };
            let name = measure.and_then(|m| plan.measure(MeasureId(m))).map(|m| match text_in(values, day) {
                Some(d) => format!("{}, {}", m.name, fields::day(d)),
                None => m.name.clone(),
            });
            (kind, name, measure.map(|m| format!("/measures/{m}")))
        }
        Entity::SignIn => ("Sign-in", own("email"), None),
        Entity::ProviderSignIn => ("Sign-in through a provider", own("provider"), None),
        // Its page is for admins only, so the entry links nowhere.
        Entity::Council => ("Council details", own("name"), None),
        Entity::PublishedInspections => ("Published inspection outcomes", own("file_name"), None),
        Entity::Digest => {
            let owner = id_in(values, "owner_id");
            let name = owner.and_then(|o| plan.owner_label(Some(OwnerId(o)))).or_else(|| own("email"));
            ("Reminder digest", name, owner.map(|o| format!("/owners/{o}")))
        }
        Entity::PackShare => {
            let inspection = id_in(values, "inspection_id");
            let name = own("label").map(|l| format!("evidence pack link for {l}"));
            ("Shared link", name, inspection.map(|i| format!("/inspections/{i}/pack")))
        }
        Entity::Report => {
            let name = match (own("kind").as_deref(), text_in(values, "as_at")) {
                (Some("pack"), Some(d)) => Some(format!("evidence pack as at {}", fields::day(d))),
                (_, Some(d)) => Some(format!("progress report as at {}", fields::day(d))),
                _ => None,
            };
            ("Report issued", name, Some(format!("/reports/issued/{id}")))
        }
        Entity::PublishedFigures => ("Published figures", own("file"), None),
        Entity::ReportCommentary => {
            let area = id_in(values, "practice_area_id").and_then(|a| plan.area(AreaId(a))).map(|a| a.name.clone());
            let day = text_in(values, "as_at");
            let name = day.map(|d| match &area {
                Some(area) => format!("on {area} for {}", fields::day(d)),
                None => format!("overall for {}", fields::day(d)),
            });
            let href = day.map(|d| format!("/reports/progress?as_at={d}"));
            ("Report commentary", name, href)
        }
        Entity::EvidenceRequest => {
            let stored = plan.requests.iter().find(|r| r.id.0 == id).map(|r| r.owner_id.0);
            let owner = id_in(values, "owner_id").or(stored).and_then(|o| plan.owner_label(Some(OwnerId(o))));
            ("Request for evidence", owner.map(|o| format!("evidence asked of {o}")), Some(format!("/requests/{id}")))
        }
        Entity::Other(other) => {
            return RecordRef { kind: sentence(other), name: format!("{} {id}", sentence(other)), href: None }
        }
    };
    let fallback = || ["title", "name", "reference", "display_name"].iter().find_map(|f| own(f));
    let name = name.or_else(fallback).unwrap_or_else(|| format!("{kind} {id}"));
    RecordRef { kind: kind.to_string(), name, href }
}

/// One entry in words.
pub fn describe(plan: &PlanIndex, row: &HistoryRow) -> HistoryEntry {
    let before = object(row.before_json.as_deref());
    let after = object(row.after_json.as_deref());
    // A creation lists every field it set; a change, every field it changed.
    let mut names: Vec<&String> = after.keys().collect();
    names.extend(before.keys().filter(|k| !after.contains_key(*k)));
    names.sort_by_key(|name| (fields::rank(name), name.as_str()));
    let changes = names
        .into_iter()
        .filter_map(|field| {
            let label = fields::label(&row.entity, field)?;
            let words =
                |map: &Map<String, Value>| map.get(field).and_then(|v| fields::value(plan, &row.entity, field, v));
            let (was, now) = (words(&before), words(&after));
            (was.is_some() || now.is_some()).then_some(FieldChange { label, before: was, after: now })
        })
        .collect();
    let mut values = before.clone();
    values.extend(after);
    HistoryEntry {
        id: row.id,
        at: row.at,
        who: row.actor.clone(),
        record: record(plan, &row.entity, row.entity_id, &values),
        what: row.what.words(),
        changes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::history::Change;

    fn row(entity: &str, what: &str, before: Option<&str>, after: Option<&str>) -> HistoryRow {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 1, 15).unwrap().and_hms_opt(9, 30, 0).unwrap();
        HistoryRow {
            id: 1,
            at,
            user_id: None,
            actor: "Helen Marsh".into(),
            entity: Entity::from_stored(entity),
            entity_id: 4,
            what: Change::from_stored(what),
            before_json: before.map(str::to_string),
            after_json: after.map(str::to_string),
            created_at: at,
            updated_at: at,
        }
    }

    #[test]
    fn a_change_reads_as_fields_before_and_after_in_a_natural_order() {
        let plan = PlanIndex::default();
        let entry = describe(
            &plan,
            &row(
                "action",
                "update",
                Some(r#"{"due_date":"2026-03-31","state":"planned"}"#),
                Some(r#"{"due_date":"2026-04-30","state":"in_progress"}"#),
            ),
        );
        assert_eq!(entry.what, "Changed");
        assert_eq!(entry.record.kind, "Action");
        assert_eq!(entry.record.href.as_deref(), Some("/actions/4"));
        assert_eq!(
            entry.changes,
            vec![
                FieldChange {
                    label: "State".into(),
                    before: Some("Planned".into()),
                    after: Some("In progress".into())
                },
                FieldChange {
                    label: "Due date".into(),
                    before: Some("31 March 2026".into()),
                    after: Some("30 April 2026".into())
                },
            ]
        );
    }

    #[test]
    fn a_record_gone_from_the_plan_is_named_from_the_entry() {
        let plan = PlanIndex::default();
        let entry = describe(
            &plan,
            &row("action", "create", None, Some(r#"{"reference":"1.3","title":"Train managers","version":1}"#)),
        );
        assert_eq!(entry.record.name, "Train managers");
        assert!(entry.changes.iter().all(|c| c.label != "Version"), "bookkeeping is not shown");
        let sign_in = describe(&plan, &row("sign_in", "sign_in_failed", None, Some(r#"{"email":"x@y.example"}"#)));
        assert_eq!((sign_in.what.as_str(), sign_in.record.name.as_str()), ("Sign-in failed", "x@y.example"));
    }

    #[test]
    fn kinds_of_record_choose_entities_and_events() {
        assert_eq!(query_for_kind(Some(&Entity::Action)).entities, vec![Entity::Action]);
        assert_eq!(query_for_kind(Some(&Entity::SignIn)).events, Events::SessionsOnly);
        assert_eq!(query_for_kind(Some(&Entity::User)).events, Events::NoSessions);
        assert_eq!(query_for_kind(Some(&Entity::Council)), HistoryQuery::default());
        assert_eq!(query_for_kind("nonsense".parse::<Entity>().ok().as_ref()), HistoryQuery::default());
    }
}
