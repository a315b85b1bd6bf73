//! A measure linked to a published indicator, on both backends: chosen on the
//! measure form and through the API, a code Sustain does not read refused by
//! name, and the change kept in the measure's history.

use crate::api_client;
use crate::common;
use crate::plan_fixture;

use api_client::Api;
use plan_fixture::*;
use serde_json::json;
use sustain::db::measures;
use sustain::domain::kinds::Role;

/// The measure form's fields for a re-referrals measure, with this indicator.
fn measure_form(area: &str, indicator: &str) -> Vec<(String, String)> {
    pairs(&[
        ("practice_area_id", area),
        ("name", "Children referred again within a year"),
        ("kind", "indicator"),
        ("unit", "percent"),
        ("direction", "lower_is_better"),
        ("target", "20"),
        ("frequency", "monthly"),
        ("is_key", "no"),
        ("screen_moving_ranges", "yes"),
        ("published_indicator_code", indicator),
    ])
}

on_both_backends! {
    async fn a_measure_is_linked_to_a_published_indicator_on_its_form_and_the_change_is_in_its_history(backend) {
        let (app, plan) = app_with(backend).await;
        let leader = signed_in(&app, LEADER).await;
        let area = plan.area.to_string();

        let form = page(&leader, &app, "/measures/new", 200).await;
        assert!(form.contains("Compare with a published indicator (optional)"), "{form}");
        assert!(form.contains("value=\"rereferrals_percent\""), "the catalogue's indicators are offered");

        let wrong = post(&app, &leader, "/measures", &measure_form(&area, "rereferral_rate")).await;
        assert_eq!(wrong.status(), 422);
        let shown = wrong.text().await.unwrap();
        assert!(shown.contains("href=\"#published_indicator_code\""), "the error links to the field: {shown}");
        assert!(shown.contains("Choose a published indicator Sustain reads"), "{shown}");
        assert!(shown.contains("Children referred again within a year"), "what was typed is kept");

        let created = post(&app, &leader, "/measures", &measure_form(&area, "rereferrals_percent")).await;
        assert_eq!(created.status(), 303);
        let id = sustain::domain::ids::MeasureId(id_in(&created));
        let row = measures::get_any(&mut conn(&app), id).unwrap();
        assert_eq!(row.published_indicator_code.as_deref(), Some("rereferrals_percent"));
        let measure_page = page(&leader, &app, &format!("/measures/{id}"), 200).await;
        assert!(measure_page.contains("Re-referrals within 12 months (published)"), "{measure_page}");

        let mut change = measure_form(&area, "cpp_subsequent_percent");
        change.push(("version".into(), row.version.to_string()));
        let changed = post(&app, &leader, &format!("/measures/{id}"), &change).await;
        assert_eq!(changed.status(), 303);
        let history = page(&leader, &app, &format!("/history?entity=measure&id={id}"), 200).await;
        assert!(history.contains("Published indicator"), "{history}");
        let subsequent = sustain::domain::figures::catalogue::indicator("cpp_subsequent_percent").unwrap().name;
        assert!(history.contains(&subsequent.replace('\'', "&#39;")), "the indicator is named: {history}");

        let mut cleared = measure_form(&area, "");
        cleared.push(("version".into(), (row.version + 1).to_string()));
        assert_eq!(post(&app, &leader, &format!("/measures/{id}"), &cleared).await.status(), 303);
        assert_eq!(measures::get_any(&mut conn(&app), id).unwrap().published_indicator_code, None, "none chosen is none");
    }
}

on_both_backends! {
    async fn the_api_sets_and_answers_a_measures_published_indicator_and_names_a_bad_code(backend) {
        let (api, f) = Api::spawn(backend).await;
        let body = json!({ "practice_area_id": f.area.0, "name": "Children looked after", "kind": "indicator",
            "unit": "count", "direction": "neither", "frequency": "monthly", "is_key": false,
            "published_indicator_code": "cla_rate_per_10000" });
        let made = api.post(Role::Leader, "/api/v1/measures", body.clone()).await;
        assert_eq!(made.status, 201, "{}", made.body);
        assert_eq!(made.body["published_indicator_code"], "cla_rate_per_10000");
        let id = made.body["id"].as_i64().unwrap();
        let read = api.get(Role::Viewer, &format!("/api/v1/measures/{id}")).await;
        assert_eq!(read.body["published_indicator_code"], "cla_rate_per_10000");

        let mut bad = body.clone();
        bad["published_indicator_code"] = json!("looked_after_rate");
        bad["version"] = json!(1);
        let refused = api.put(Role::Leader, &format!("/api/v1/measures/{id}"), bad).await;
        assert_eq!((refused.status, refused.code()), (422, "invalid"), "{}", refused.body);
        assert!(refused.names("published_indicator_code"), "{}", refused.body);

        let mut none = body;
        none["published_indicator_code"] = json!(null);
        none["version"] = json!(1);
        let cleared = api.put(Role::Leader, &format!("/api/v1/measures/{id}"), none).await;
        assert_eq!(cleared.status, 200, "{}", cleared.body);
        assert_eq!(cleared.body["published_indicator_code"], json!(null));
        let history = api.get(Role::Viewer, &format!("/api/v1/history?entity=measure&id={id}")).await;
        let change = &history.body["items"][0];
        assert_eq!(change["before"]["published_indicator_code"], "cla_rate_per_10000", "{}", history.body);
        assert_eq!(change["after"]["published_indicator_code"], json!(null), "{}", history.body);
    }
}
