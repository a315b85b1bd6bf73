//! A valid JSON body for each API route that takes one, for the role matrix.

use crate::security_fixture::Fixture;
use actix_web::http::Method;
use serde_json::{json, Value};

/// The body for an API route that changes something; `None` for the rest
/// (a route added without one fails the matrix).
pub fn json_for(method: &Method, path: &str, version: &str, n: usize, f: &Fixture) -> Option<Value> {
    if !path.starts_with("/api/v1/") || *method == Method::GET || path.starts_with("/api/v1/tokens") {
        return None;
    }
    let version: i64 = version.parse().unwrap_or(0);
    let with_version = |mut body: Value| {
        body["version"] = json!(version);
        body
    };
    let body = match (method.as_str(), path) {
        (_, p) if p.ends_with("/archive") || p.ends_with("/restore") => json!({ "version": version }),
        ("POST", "/api/v1/inspections") => inspection(),
        ("PUT", "/api/v1/inspections/{id}") => with_version(inspection()),
        ("POST", "/api/v1/judgements") => {
            json!({ "inspection_id": f.inspection.0, "area": format!("Judgement area {n}"), "grade": "good" })
        }
        ("PUT", "/api/v1/judgements/{id}") => with_version(
            json!({ "inspection_id": f.inspection.0, "area": "The experiences and progress of children in care", "grade": "outstanding" }),
        ),
        ("POST", "/api/v1/findings") => finding(f, &format!("R{n}")),
        ("PUT", "/api/v1/findings/{id}") => with_version(finding(f, "APA1")),
        ("POST", "/api/v1/areas") => json!({ "name": format!("Area {n}") }),
        ("PUT", "/api/v1/areas/{id}") => with_version(json!({ "name": "Care leavers", "evidence_min_kinds": 3 })),
        ("POST", "/api/v1/owners") => json!({ "job_title": "Detective Inspector", "team": "Hartshire Police" }),
        ("PUT", "/api/v1/owners/{id}") => with_version(json!({ "name": "DI Chris Walsh", "team": "Hartshire Police" })),
        ("POST", "/api/v1/actions") => action(f),
        ("PUT", "/api/v1/actions/{id}") => with_version(action(f)),
        ("POST", "/api/v1/progress-updates") => {
            json!({ "action_id": f.action.0, "update_date": "2025-02-01", "rag": "green", "note": "On track" })
        }
        ("POST", "/api/v1/finding-actions") => json!({ "finding_id": f.finding.0, "action_id": f.action.0 }),
        ("DELETE", "/api/v1/finding-actions/{finding_id}/{action_id}") => json!({}),
        ("POST", "/api/v1/measures") => measure(f, &format!("Referral decisions (check {n})")),
        ("PUT", "/api/v1/measures/{id}") => with_version(measure(f, "Referral decisions within 1 working day")),
        ("POST", "/api/v1/results") => {
            json!({ "measure_id": f.measure.0, "period_end": format!("{}-01-31", 1991 + n % 30), "value": 81.5 })
        }
        ("PUT", "/api/v1/results/{id}") => {
            with_version(json!({ "measure_id": f.measure.0, "period_end": "2024-12-31", "value": 82 }))
        }
        ("POST", "/api/v1/evidence") => evidence(f),
        ("POST", "/api/v1/requests") => json!({
            "action_id": f.action.0, "owner_id": f.owner.0, "due_on": "2099-12-31", "wanted": "Supervision records"
        }),
        ("POST", "/api/v1/requests/{id}/close") => json!({ "version": version, "reason": "No longer needed" }),
        ("POST", "/api/v1/actions/{id}/sign-off") => {
            json!({ "decision": "return", "note": "Not yet", "version": version })
        }
        ("POST", "/api/v1/evidence/{id}/review") => json!({ "decision": "verify", "version": version }),
        ("POST", "/api/v1/evidence/reviews") => {
            json!({ "items": [{ "id": f.evidence.0, "version": version, "decision": "return", "reason": "Say which cases" }] })
        }
        ("POST", "/api/v1/results/{id}/evidence") => json!({}),
        ("PUT", "/api/v1/evidence/{id}") => with_version(evidence(f)),
        ("POST", "/api/v1/users") => {
            json!({ "email": format!("api{n}@hartwell.example"), "display_name": "New person", "role": "viewer" })
        }
        ("PUT", "/api/v1/users/{id}") => {
            with_version(json!({ "display_name": "Someone", "role": "viewer", "active": true }))
        }
        _ => return None,
    };
    Some(body)
}

fn inspection() -> Value {
    json!({ "kind": "focused_visit", "title": "Focused visit", "inspectorate": "Ofsted", "start_date": "2024-03-05", "end_date": "2024-03-06" })
}

fn finding(f: &Fixture, reference: &str) -> Value {
    json!({ "inspection_id": f.inspection.0, "practice_area_id": f.area.0, "kind": "priority_action", "reference": reference, "text": "Identification of risk" })
}

fn action(f: &Fixture) -> Value {
    json!({
        "reference": "1.1", "title": "Audit the front door", "practice_area_id": f.area.0, "owner_id": f.owner.0,
        "finding_ids": [f.finding.0], "state": "in_progress", "start_date": "2025-01-01"
    })
}

fn measure(f: &Fixture, name: &str) -> Value {
    json!({
        "practice_area_id": f.area.0, "name": name, "kind": "indicator", "unit": "percent",
        "direction": "higher_is_better", "target": 80, "frequency": "monthly", "is_key": true
    })
}

fn evidence(f: &Fixture) -> Value {
    json!({
        "title": "Case example", "kind": "case_example", "practice_area_id": f.area.0,
        "observed_on": "2025-01-15", "action_ids": [f.action.0]
    })
}
