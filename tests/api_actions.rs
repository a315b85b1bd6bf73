//! The API's record pattern on plan actions: list with filters, paging and
//! sorting; get; create; update at a version (409 with the record now);
//! archive and restore; and every refusal in the one error shape. Progress
//! updates and finding-action links too.

use crate::api_client;
use crate::common;

use api_client::Api;
use serde_json::json;
use sustain::domain::kinds::Role;

fn action_body(area: i64, reference: &str) -> serde_json::Value {
    json!({ "reference": reference, "title": "Audit the front door", "practice_area_id": area, "state": "planned" })
}

on_both_backends! {
    async fn actions_are_listed_a_page_at_a_time_with_a_total_and_a_next_link(backend) {
        let (api, f) = Api::spawn(backend).await;
        for n in 2..=7 {
            let made = api.post(Role::Leader, "/api/v1/actions", action_body(f.area.0, &format!("1.{n}"))).await;
            assert_eq!(made.status, 201, "{}", made.body);
        }
        let page = api.get(Role::Viewer, "/api/v1/actions?per_page=3&sort=reference&dir=desc").await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert_eq!(page.body["total"], 7);
        let refs: Vec<&str> = page.body["items"].as_array().unwrap().iter().map(|a| a["reference"].as_str().unwrap()).collect();
        assert_eq!(refs, ["1.7", "1.6", "1.5"]);
        let next = page.body["next"].as_str().unwrap().to_string();
        assert!(next.starts_with("/api/v1/actions?") && next.contains("page=2") && next.contains("dir=desc"), "{next}");
        let second = api.get(Role::Viewer, &next).await;
        assert_eq!(second.body["items"][0]["reference"], "1.4");
        let last = api.get(Role::Viewer, "/api/v1/actions?per_page=3&page=3").await;
        assert_eq!(last.body["items"].as_array().unwrap().len(), 1);
        assert!(last.body["next"].is_null());
        // Filters as on the tracker.
        let mine = api.get(Role::Viewer, &format!("/api/v1/actions?owner={}", f.owner.0)).await;
        assert_eq!(mine.body["total"], 1);
        let bad = api.get(Role::Viewer, "/api/v1/actions?per_page=500&state=done&colour=red").await;
        assert_eq!(bad.status, 422);
        for field in ["per_page", "state", "colour"] {
            assert!(bad.names(field), "{field} is named: {}", bad.body);
        }
    }
}

on_both_backends! {
    async fn actions_sort_by_each_column_with_ties_in_reference_order(backend) {
        let (api, f) = Api::spawn(backend).await;
        // The fixture's action is 1.1, "Audit the front door", with no due date.
        for (reference, title, due) in
            [("1.10", "beta", Some("2026-03-01")), ("1.2", "Alpha", None), ("1.9", "alpha", Some("2026-03-01")), ("2.1", "Gamma", Some("2026-01-15"))]
        {
            let mut body = action_body(f.area.0, reference);
            body["title"] = json!(title);
            body["due_date"] = json!(due);
            let made = api.post(Role::Leader, "/api/v1/actions", body).await;
            assert_eq!(made.status, 201, "{}", made.body);
        }
        let order = |query: &'static str| {
            let api = &api;
            async move {
                let listed = api.get(Role::Viewer, &format!("/api/v1/actions?{query}")).await;
                assert_eq!(listed.status, 200, "{}", listed.body);
                let items = listed.body["items"].as_array().unwrap().clone();
                items.iter().map(|a| a["reference"].as_str().unwrap().to_string()).collect::<Vec<_>>()
            }
        };
        assert_eq!(order("").await, ["1.1", "1.2", "1.9", "1.10", "2.1"], "references as people number them");
        assert_eq!(order("sort=due").await, ["2.1", "1.9", "1.10", "1.1", "1.2"], "undated last, ties by reference");
        assert_eq!(order("sort=due&dir=desc").await, ["1.2", "1.1", "1.10", "1.9", "2.1"], "desc is asc reversed");
        assert_eq!(order("sort=title").await, ["1.2", "1.9", "1.1", "1.10", "2.1"], "titles ignore case");
        assert_eq!(order("sort=title&per_page=2&page=2").await, ["1.1", "1.10"], "a page of the sorted whole");
    }
}

on_both_backends! {
    async fn an_action_is_created_read_changed_archived_and_restored(backend) {
        let (api, f) = Api::spawn(backend).await;
        let mut body = action_body(f.area.0, "2.1");
        body["finding_ids"] = json!([f.finding.0]);
        let made = api.post(Role::Leader, "/api/v1/actions", body.clone()).await;
        assert_eq!(made.status, 201, "{}", made.body);
        let id = made.body["id"].as_i64().unwrap();
        assert_eq!(made.headers["location"], format!("/api/v1/actions/{id}").as_str());
        let links = api.get(Role::Viewer, &format!("/api/v1/finding-actions?action={id}")).await;
        assert_eq!(links.body["items"][0]["finding_id"], f.finding.0);

        body["title"] = json!("Audit every referral");
        body["version"] = json!(1);
        let changed = api.put(Role::Leader, &format!("/api/v1/actions/{id}"), body.clone()).await;
        assert_eq!(changed.status, 200, "{}", changed.body);
        assert_eq!(changed.body["version"], 2);
        // The same change from version 1 again is stale: 409 with the record as it is now.
        body["title"] = json!("Something else");
        let stale = api.put(Role::Leader, &format!("/api/v1/actions/{id}"), body).await;
        assert_eq!(stale.status, 409);
        assert_eq!(stale.code(), "conflict");
        assert_eq!(stale.body["current"]["title"], "Audit every referral");
        assert_eq!(stale.body["current"]["version"], 2);

        let archived = api.post(Role::Leader, &format!("/api/v1/actions/{id}/archive"), json!({ "version": 2 })).await;
        assert_eq!(archived.status, 200, "{}", archived.body);
        assert!(archived.body["archived_at"].is_string());
        let listed = api.get(Role::Viewer, "/api/v1/actions").await;
        assert_eq!(listed.body["total"], 1, "an archived action leaves the list");
        assert_eq!(api.get(Role::Viewer, &format!("/api/v1/actions/{id}")).await.status, 200, "but is still found");
        let restored = api.post(Role::Leader, &format!("/api/v1/actions/{id}/restore"), json!({ "version": 3 })).await;
        assert_eq!(restored.status, 200, "{}", restored.body);
        assert!(restored.body["archived_at"].is_null());
    }
}

on_both_backends! {
    async fn refusals_are_distinct_and_in_one_shape(backend) {
        let (api, f) = Api::spawn(backend).await;
        let anonymous = api.call(None, "GET", "/api/v1/actions", None).await;
        assert_eq!((anonymous.status, anonymous.code()), (401, "unauthorized"));
        let viewer = api.post(Role::Viewer, "/api/v1/actions", action_body(f.area.0, "3.1")).await;
        assert_eq!((viewer.status, viewer.code()), (403, "forbidden"));
        let missing = api.get(Role::Viewer, "/api/v1/actions/999999").await;
        assert_eq!((missing.status, missing.code()), (404, "not_found"));
        let not_an_id = api.get(Role::Viewer, "/api/v1/actions/abc").await;
        assert_eq!(not_an_id.status, 404);
        // Every bad field is named at once: missing, mistyped, unknown, and the domain's own checks.
        let bad = api
            .post(Role::Leader, "/api/v1/actions", json!({ "title": 5, "state": "done", "due_date": "31/03/2025", "colour": "red", "practice_area_id": f.area.0, "completed_date": "2999-01-01" }))
            .await;
        assert_eq!((bad.status, bad.code()), (422, "invalid"));
        for field in ["reference", "title", "state", "due_date", "colour"] {
            assert!(bad.names(field), "{field}: {}", bad.body);
        }
        let missing_area = api.post(Role::Leader, "/api/v1/actions", action_body(999_999, "3.2")).await;
        assert_eq!(missing_area.status, 422);
        assert!(missing_area.names("practice_area_id"), "{}", missing_area.body);
        let no_version = api.put(Role::Leader, &format!("/api/v1/actions/{}", f.action.0), action_body(f.area.0, "1.1")).await;
        assert!(no_version.names("version"), "{}", no_version.body);
        let not_json = api.app.client.post(api.app.url("/api/v1/actions")).body("x").header("content-type", "text/plain");
        assert_eq!(not_json.send().await.unwrap().status(), 401, "no token comes first");
        let bearer = api.token(Role::Leader).to_string();
        let text = api.app.client.post(api.app.url("/api/v1/actions")).bearer_auth(&bearer).body("x").header("content-type", "text/plain");
        assert_eq!(text.send().await.unwrap().status(), 415, "a body that is not JSON");
        let huge = json!({ "reference": "9.9", "title": "x".repeat(2 * 1024 * 1024) });
        let large = api.app.client.post(api.app.url("/api/v1/actions")).bearer_auth(&bearer).json(&huge).send().await.unwrap();
        assert_eq!(large.status(), 413, "a body past the limit");
        let broken = api.app.client.post(api.app.url("/api/v1/actions")).bearer_auth(&bearer).body("{").header("content-type", "application/json");
        assert_eq!(broken.send().await.unwrap().status(), 400, "JSON that cannot be read");
    }
}

on_both_backends! {
    async fn an_owner_changes_their_own_action_and_adds_progress(backend) {
        let (api, f) = Api::spawn(backend).await;
        let path = format!("/api/v1/actions/{}", f.action.0);
        let mut body = action_body(f.area.0, "1.1");
        body["owner_id"] = json!(f.owner.0);
        body["state"] = json!("in_progress");
        body["version"] = json!(1);
        assert_eq!(api.put(Role::Contributor, &path, body).await.status, 200, "the contributor owns it");
        let archive = api.post(Role::Contributor, &format!("{path}/archive"), json!({ "version": 2 })).await;
        assert_eq!(archive.status, 403, "archiving is for leaders");
        let update = json!({ "action_id": f.action.0, "update_date": "2025-02-01", "rag": "amber", "note": "Audits booked" });
        let added = api.post(Role::Contributor, "/api/v1/progress-updates", update.clone()).await;
        assert_eq!(added.status, 201, "{}", added.body);
        assert_eq!(added.body["rag"], "amber");
        let listed = api.get(Role::Viewer, &format!("/api/v1/progress-updates?action={}", f.action.0)).await;
        assert_eq!(listed.body["total"], 1);
        let future = api.post(Role::Contributor, "/api/v1/progress-updates", json!({ "action_id": f.action.0, "update_date": "2999-01-01", "rag": "red", "note": "x" })).await;
        assert!(future.names("update_date"), "{}", future.body);
        let nowhere = api.post(Role::Contributor, "/api/v1/progress-updates", json!({ "action_id": 999_999, "update_date": "2025-02-01", "rag": "red", "note": "x" })).await;
        assert!(nowhere.names("action_id"), "{}", nowhere.body);
        assert_eq!(api.post(Role::Viewer, "/api/v1/progress-updates", update).await.status, 403);
    }
}

on_both_backends! {
    async fn findings_and_actions_are_linked_and_unlinked(backend) {
        let (api, f) = Api::spawn(backend).await;
        let made = api.post(Role::Leader, "/api/v1/actions", action_body(f.area.0, "4.1")).await;
        let action = made.body["id"].as_i64().unwrap();
        let link = json!({ "finding_id": f.finding.0, "action_id": action });
        assert_eq!(api.post(Role::Contributor, "/api/v1/finding-actions", link.clone()).await.status, 403);
        assert_eq!(api.post(Role::Leader, "/api/v1/finding-actions", link.clone()).await.status, 201);
        let listed = api.get(Role::Viewer, &format!("/api/v1/finding-actions?finding={}", f.finding.0)).await;
        assert!(listed.body["items"].as_array().unwrap().iter().any(|l| l["action_id"] == action), "{}", listed.body);
        let path = format!("/api/v1/finding-actions/{}/{action}", f.finding.0);
        assert_eq!(api.call(Some(Role::Leader), "DELETE", &path, None).await.status, 204);
        let again = api.get(Role::Viewer, &format!("/api/v1/finding-actions?finding={}", f.finding.0)).await;
        assert!(!again.body["items"].as_array().unwrap().iter().any(|l| l["action_id"] == action), "{}", again.body);
        assert_eq!(api.call(Some(Role::Leader), "DELETE", &path, None).await.status, 204, "removing it twice is harmless");
        let gone = format!("/api/v1/finding-actions/999999/{action}");
        assert_eq!(api.call(Some(Role::Leader), "DELETE", &gone, None).await.status, 404, "no such finding");
        let nowhere = api.post(Role::Leader, "/api/v1/finding-actions", json!({ "finding_id": 999_999, "action_id": action })).await;
        assert!(nowhere.names("finding_id"), "{}", nowhere.body);
    }
}
