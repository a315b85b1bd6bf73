//! Stored field names and values in words: "due_date" is "Due date",
//! "in_progress" is "In progress", an owner's id is their name.

use super::super::plan::PlanIndex;
use crate::domain::dates::{long_date, long_date_time};
use crate::domain::figures::catalogue;
use crate::domain::history::{sentence, Entity};
use crate::domain::ids::*;
use crate::domain::kinds::*;
use chrono::{NaiveDate, NaiveDateTime};
use serde_json::Value;
use std::str::FromStr;

/// Fields that say nothing to a reader: bookkeeping, hashes, the archive
/// moment (the entry itself says "Archived").
const HIDDEN: &[&str] = &["id", "created_at", "updated_at", "version", "token_version", "sha256", "archived_at"];

/// The order fields are listed in: what a record is first, then its links,
/// state and dates; anything else after, alphabetically.
const ORDER: &[&str] = &[
    "reference",
    "title",
    "name",
    "display_name",
    "job_title",
    "file_name",
    "area",
    "kind",
    "text",
    "description",
    "email",
    "role",
    "active",
    "practice_area_id",
    "inspection_id",
    "measure_id",
    "action_id",
    "evidence_id",
    "finding_id",
    "finding_ids",
    "action_ids",
    "owner_id",
    "lead_owner_id",
    "team",
    "user_id",
    "state",
    "rag",
    "note",
    "update_date",
    "start_date",
    "end_date",
    "due_date",
    "completed_date",
    "success_measure",
    "published_on",
    "overall_judgement",
    "grade",
    "report_url",
    "draft_plan_due",
    "final_plan_due",
    "observed_on",
    "period_start",
    "period_end",
    "review_state",
    "reviewed_by",
    "reviewed_by_name",
    "reviewed_on",
    "rejection_reason",
    "returned_by",
    "returned_on",
    "return_reason",
    "result_id",
    "unit",
    "direction",
    "target",
    "frequency",
    "is_key",
    "baseline_points",
    "screen_moving_ranges",
    "published_indicator_code",
    "period_end",
    "value",
    "outstanding",
    "good",
    "requires_improvement",
    "inadequate",
    "sample_size",
    "starts_on",
    "reason",
];

/// Where a field comes in the list of a change's fields.
pub fn rank(field: &str) -> usize {
    ORDER.iter().position(|f| *f == field).unwrap_or(ORDER.len())
}

/// Longest value shown in full; longer text is cut.
const LONGEST: usize = 240;

/// The label of a stored field, or none for one that is not shown.
pub fn label(entity: &Entity, field: &str) -> Option<String> {
    if HIDDEN.contains(&field) {
        return None;
    }
    let known = match (entity, field) {
        (Entity::Judgement, "area") => "Judgement area",
        (Entity::Council, "la_number") => "Local authority number",
        (Entity::Council, "colour") => "Colour",
        (Entity::ReportCommentary, "text") => "Commentary",
        (Entity::ReportCommentary, "as_at") => "Report date",
        (_, "success_measure") => "How we will know",
        (_, "owner_id") => "Owner",
        (_, "lead_owner_id") => "Lead",
        (_, "practice_area_id") => "Practice area",
        (_, "inspection_id") => "Inspection",
        (_, "measure_id") => "Measure",
        (_, "evidence_id") => "Evidence",
        (_, "action_id") => "Action",
        (_, "finding_id") => "Finding",
        (_, "finding_ids") => "Findings",
        (_, "action_ids") => "Actions",
        (_, "user_id") => "Linked user",
        (_, "author_id") => "Author",
        (_, "reviewed_by") => "Reviewed by",
        (_, "reviewed_by_name") => "Reviewed by (not a user)",
        (_, "reviewed_on") => "Reviewed on",
        (_, "rejection_reason") => "Reason for rejection",
        (_, "returned_by") => "Returned for changes by",
        (_, "returned_on") => "Returned for changes on",
        (_, "return_reason") => "What should change",
        (_, "result_id") => "Recorded from the case-audit result",
        (_, "observed_on") => "Observed on",
        (_, "published_on") => "Published on",
        (_, "update_date") => "Date of update",
        (_, "rag") => "RAG rating",
        (_, "report_url") => "Report link",
        (_, "team") => "Team or agency",
        (_, "is_key") => "Key measure",
        (_, "screen_moving_ranges") => "Screen outlying moving ranges",
        (_, "published_indicator_code") => "Published indicator",
        (_, "baseline_points") => "Points in the baseline",
        (_, "requires_improvement") => "Requires improvement",
        (_, "size_bytes") => "Size",
        (_, "media_type") => "Type of file",
        (_, "display_name") => "Name",
        (_, "password_set") => "Has a password",
        (_, "client_address") => "Client address",
        (_, "sessions") => "Sessions",
        (_, "evidence_window_months") => "Evidence window (months)",
        (_, "evidence_min_items") => "Verified evidence items needed",
        (_, "evidence_min_kinds") => "Kinds of evidence needed",
        (_, "results_window_months") => "Results window (months)",
        (_, "results_min_count") => "Results needed in the window",
        (_, "slipping_lookback_months") => "Slipping look-back (months)",
        (_, "starts_on") => "Limits restart on",
        (Entity::EvidenceRequest, "wanted") => "Evidence asked for",
        (Entity::EvidenceRequest, "due_on") => "Needed by",
        (Entity::EvidenceRequest, "close_reason") => "Why it was closed unanswered",
        _ => return Some(sentence(field)),
    };
    Some(known.to_string())
}

fn vocabulary<T: FromStr + Copy>(text: &str, label: impl Fn(T) -> &'static str) -> String {
    text.parse::<T>().map(|v| label(v).to_string()).unwrap_or_else(|_| sentence(text))
}

/// A stored vocabulary name in words, from the field (and the entity, for "kind").
fn named(entity: &Entity, field: &str, text: &str) -> Option<String> {
    Some(match (entity, field) {
        (Entity::EvidenceRequest, "state") => vocabulary::<RequestState>(text, RequestState::label),
        (_, "state") => vocabulary::<ActionState>(text, ActionState::label),
        (_, "review_state") => vocabulary::<ReviewState>(text, ReviewState::label),
        (_, "rag") => vocabulary::<Rag>(text, Rag::label),
        (_, "grade" | "overall_judgement") => vocabulary::<Grade>(text, Grade::label),
        (_, "unit") => vocabulary::<Unit>(text, Unit::label),
        (_, "direction") => vocabulary::<Direction>(text, Direction::label),
        (_, "frequency") => vocabulary::<Frequency>(text, Frequency::label),
        (_, "role") => vocabulary::<Role>(text, Role::label),
        (Entity::Inspection, "kind") => vocabulary::<InspectionKind>(text, InspectionKind::label),
        (Entity::Finding, "kind") => vocabulary::<FindingKind>(text, FindingKind::label),
        (Entity::Evidence, "kind") => vocabulary::<EvidenceKind>(text, EvidenceKind::label),
        (Entity::Measure, "kind") => vocabulary::<MeasureKind>(text, MeasureKind::label),
        (_, "published_indicator_code") => {
            catalogue::indicator(text).map_or_else(|| text.to_string(), |i| i.name.into())
        }
        _ => return None,
    })
}

/// A record's id in words, from the plan: its name, reference or title.
fn record_name(plan: &PlanIndex, field: &str, id: i64) -> Option<String> {
    match field {
        "owner_id" | "lead_owner_id" => plan.owner_label(Some(OwnerId(id))),
        "practice_area_id" => plan.area(AreaId(id)).map(|a| a.name.clone()),
        "inspection_id" => plan.inspection(InspectionId(id)).map(|i| i.title.clone()),
        "measure_id" => plan.measure(MeasureId(id)).map(|m| m.name.clone()),
        "evidence_id" => plan.evidence_item(EvidenceId(id)).map(|e| e.title.clone()),
        "action_id" | "action_ids" => plan.action(ActionId(id)).map(|a| format!("{} {}", a.reference, a.title)),
        "finding_id" | "finding_ids" => plan.finding(FindingId(id)).map(|f| f.reference.clone()),
        "user_id" | "author_id" | "reviewed_by" | "returned_by" | "asked_by" | "closed_by" => {
            plan.user_names.get(&UserId(id)).cloned()
        }
        _ => None,
    }
}

/// A stored date ("2026-03-31") in words, or as stored when it is not one.
pub fn day(text: &str) -> String {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_or_else(|_| text.to_string(), long_date)
}

fn is_id_field(field: &str) -> bool {
    field.ends_with("_id")
        || field.ends_with("_ids")
        || ["reviewed_by", "returned_by", "asked_by", "closed_by"].contains(&field)
}

fn cut(text: &str) -> String {
    if text.chars().count() <= LONGEST {
        text.to_string()
    } else {
        let kept: String = text.chars().take(LONGEST).collect();
        format!("{}…", kept.trim_end())
    }
}

fn size(bytes: f64) -> String {
    if bytes >= 1024.0 * 1024.0 {
        format!("{:.1} MB", bytes / 1024.0 / 1024.0)
    } else {
        format!("{:.0} KB", (bytes / 1024.0).ceil())
    }
}

/// A stored value in words; none for a blank value.
pub fn value(plan: &PlanIndex, entity: &Entity, field: &str, value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::Bool(true) => Some("Yes".into()),
        Value::Bool(false) => Some("No".into()),
        Value::Number(n) if is_id_field(field) => n.as_i64().map(|id| {
            record_name(plan, field, id).unwrap_or_else(|| format!("{} {id}", label(entity, field).unwrap_or_default()))
        }),
        Value::Number(n) if field == "size_bytes" => n.as_f64().map(size),
        Value::Number(n) => Some(n.to_string()),
        Value::String(text) if text.trim().is_empty() => None,
        Value::String(text) => Some(
            named(entity, field, text)
                .or_else(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok().map(long_date))
                .or_else(|| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f").ok().map(long_date_time))
                .unwrap_or_else(|| cut(text)),
        ),
        Value::Array(items) => {
            let words: Vec<String> = items.iter().filter_map(|v| self::value(plan, entity, field, v)).collect();
            (!words.is_empty()).then(|| words.join("; "))
        }
        Value::Object(_) => Some(cut(&value.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fields_and_values_read_as_words() {
        let plan = PlanIndex::default();
        assert_eq!(label(&Entity::Action, "due_date").as_deref(), Some("Due date"));
        assert_eq!(label(&Entity::Action, "version"), None);
        assert_eq!(value(&plan, &Entity::Action, "state", &json!("in_progress")).as_deref(), Some("In progress"));
        assert_eq!(value(&plan, &Entity::Action, "due_date", &json!("2025-03-31")).as_deref(), Some("31 March 2025"));
        assert_eq!(value(&plan, &Entity::Evidence, "kind", &json!("case_audit")).as_deref(), Some("Case audit"));
        assert_eq!(value(&plan, &Entity::Measure, "is_key", &json!(true)).as_deref(), Some("Yes"));
        assert_eq!(label(&Entity::Measure, "published_indicator_code").as_deref(), Some("Published indicator"));
        let indicator = value(&plan, &Entity::Measure, "published_indicator_code", &json!("cla_rate_per_10000"));
        assert_eq!(indicator.as_deref(), Some(crate::domain::figures::catalogue::INDICATORS[3].name));
        assert_eq!(
            value(&plan, &Entity::Action, "owner_id", &json!(7)).as_deref(),
            Some("Owner 7"),
            "an unknown id is named"
        );
        assert_eq!(value(&plan, &Entity::Action, "completed_date", &json!(null)), None);
        let moment = value(&plan, &Entity::Action, "archived_on", &json!("2026-01-15T09:30:00.123456"));
        assert_eq!(moment.as_deref(), Some("15 January 2026 at 9:30am"));
        let whole = value(&plan, &Entity::Action, "archived_on", &json!("2026-01-15T09:30:00"));
        assert_eq!(whole.as_deref(), Some("15 January 2026 at 9:30am"));
    }
}
