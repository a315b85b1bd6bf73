//! The API's read-only answers: verdicts as at a date, an area's status
//! history, a measure's statistics, readiness, change history; and the
//! per-token rate limit.

use crate::api_client;
use crate::common;

use api_client::Api;
use serde_json::json;
use sustain::domain::kinds::Role;

on_both_backends! {
    async fn verdicts_are_read_as_at_a_date(backend) {
        let (api, f) = Api::spawn(backend).await;
        let all = api.get(Role::Viewer, "/api/v1/verdicts?as_at=2025-01-31").await;
        assert_eq!(all.status, 200, "{}", all.body);
        assert_eq!(all.body["as_at"], "2025-01-31");
        let names: Vec<&str> = all.body["verdicts"].as_array().unwrap().iter().map(|v| v["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["Care leavers", "Front door"]);
        // Each measure's charted points are asked for, not sent by default.
        let analysis = |body: &serde_json::Value| {
            let areas = body["verdicts"].as_array().unwrap().clone();
            areas.iter().flat_map(|v| v["verdict"]["measures"].as_array().cloned().unwrap_or_default()).map(|m| m["analysis"].clone()).collect::<Vec<_>>()
        };
        let lean = analysis(&api.get(Role::Viewer, "/api/v1/verdicts").await.body);
        assert!(!lean.is_empty() && lean.iter().all(|a| a["variation"].is_string() && a.get("points").is_none()), "{lean:?}");
        let full = analysis(&api.get(Role::Viewer, "/api/v1/verdicts?points=true").await.body);
        assert!(full.iter().all(|a| a["points"].as_array().is_some_and(|p| !p.is_empty())), "{full:?}");
        let one = api.get(Role::Viewer, &format!("/api/v1/areas/{}/verdict", f.area.0)).await;
        assert_eq!(one.status, 200);
        assert_eq!(one.body["status"], "not_started", "its only action is planned");
        let criteria = one.body["verdict"]["criteria"].as_array().unwrap();
        assert_eq!(criteria.len(), 3, "delivered, practice changed, sustained: {}", one.body);
        assert!(criteria.iter().all(|c| c["met"] == false && c["reasons"].as_array().is_some_and(|r| !r.is_empty())));
        let future = api.get(Role::Viewer, "/api/v1/verdicts?as_at=2999-01-01").await;
        assert_eq!(future.status, 422);
        assert!(future.names("as_at"));
        assert_eq!(api.get(Role::Viewer, "/api/v1/areas/999999/verdict").await.status, 404);
        assert_eq!(api.call(None, "GET", "/api/v1/verdicts", None).await.status, 401);
    }
}

on_both_backends! {
    async fn an_area_has_a_status_at_each_month_end(backend) {
        let (api, f) = Api::spawn(backend).await;
        let path = format!("/api/v1/areas/{}/status-history?as_at=2025-06-30&months=6", f.area.0);
        let history = api.get(Role::Viewer, &path).await;
        assert_eq!(history.status, 200, "{}", history.body);
        let months = history.body["months"].as_array().unwrap();
        assert_eq!(months.len(), 6);
        assert!(months.iter().all(|m| m["status"].is_string() && m["month_end"].is_string()));
        let bad = api.get(Role::Viewer, &format!("/api/v1/areas/{}/status-history?months=0", f.area.0)).await;
        assert!(bad.names("months"), "{}", bad.body);
    }
}

on_both_backends! {
    async fn a_measure_has_statistics_and_an_inspection_its_readiness(backend) {
        let (api, f) = Api::spawn(backend).await;
        let stats = api.get(Role::Viewer, &format!("/api/v1/measures/{}/statistics", f.measure.0)).await;
        assert_eq!(stats.status, 200, "{}", stats.body);
        assert_eq!(stats.body["analysis"]["points"].as_array().unwrap().len(), 1, "{}", stats.body);
        assert_eq!(api.get(Role::Viewer, "/api/v1/measures/999999/statistics").await.status, 404);
        let readiness = api.get(Role::Viewer, &format!("/api/v1/inspections/{}/readiness", f.inspection.0)).await;
        assert_eq!(readiness.status, 200, "{}", readiness.body);
        assert!(readiness.body["gaps"].as_array().is_some_and(|g| !g.is_empty()), "the area is not embedded: {}", readiness.body);
        let all = api.get(Role::Viewer, "/api/v1/readiness").await;
        assert_eq!(all.body["inspections"].as_array().unwrap().len(), 1);
        assert_eq!(api.get(Role::Viewer, "/api/v1/inspections/999999/readiness").await.status, 404);
    }
}

on_both_backends! {
    async fn change_history_is_filtered_as_on_its_page(backend) {
        let (api, f) = Api::spawn(backend).await;
        let action = format!("/api/v1/actions/{}", f.action.0);
        let body = json!({ "reference": "1.1", "title": "Audit again", "practice_area_id": f.area.0, "state": "planned", "version": 1 });
        assert_eq!(api.put(Role::Leader, &action, body).await.status, 200);
        let record = api.get(Role::Viewer, &format!("/api/v1/history?entity=action&id={}", f.action.0)).await;
        assert_eq!(record.status, 200, "{}", record.body);
        assert_eq!(record.body["items"][0]["what"], "update", "newest first");
        assert_eq!(record.body["items"][0]["after"]["title"], "Audit again");
        assert_eq!(record.body["total"], 2, "created, then changed");
        let signs = api.get(Role::Viewer, "/api/v1/history?kind=sign_in&per_page=1").await;
        assert!(signs.body["total"].as_i64().unwrap() >= 4, "a sign-in per token");
        assert!(signs.body["items"][0]["after"]["client_address"].is_null(), "addresses are for admins");
        let admin = api.get(Role::Admin, "/api/v1/history?kind=sign_in&per_page=1").await;
        assert!(admin.body["items"][0]["after"]["client_address"].is_string(), "{}", admin.body);
        let bad = api.get(Role::Viewer, "/api/v1/history?from=2025-02-01&to=2025-01-01&kind=nothing").await;
        assert!(bad.names("to") && bad.names("kind"), "{}", bad.body);
    }
}

on_both_backends! {
    async fn a_user_past_their_limit_is_told_when_to_come_back(backend) {
        let (api, _) = Api::spawn_configured(backend, |c| c.api_requests_per_minute = 5).await;
        for _ in 0..5 {
            assert_eq!(api.get(Role::Viewer, "/api/v1/actions").await.status, 200);
        }
        let refused = api.get(Role::Viewer, "/api/v1/actions").await;
        assert_eq!((refused.status, refused.code()), (429, "too_many_requests"));
        let wait: u64 = refused.headers["retry-after"].to_str().unwrap().parse().unwrap();
        assert!((1..=12).contains(&wait), "{wait}");
        assert_eq!(api.get(Role::Leader, "/api/v1/actions").await.status, 200, "another user has their own limit");
    }
}
