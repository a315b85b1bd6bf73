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
use sustain::domain::evidence::{MeasureShape, MeasuredResult, ResultInput};
use sustain::domain::ids::MeasureId;
use sustain::domain::kinds::{MeasureKind, Role};

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
        let id = MeasureId(id_in(&created));
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

/// Monthly results ending with last month.
fn add_results(conn: &mut sustain::db::DbConnection, measure: MeasureId, values: &[f64]) {
    use chrono::Datelike;
    let today = common::context().today;
    let first_of_month = today.with_day(1).unwrap();
    for (i, value) in values.iter().rev().enumerate() {
        let period_end = first_of_month - chrono::Months::new(i as u32) - chrono::Days::new(1);
        let input = ResultInput {
            measure_id: measure,
            period_end,
            value: Some(*value),
            grades: None,
            sample_size: None,
            note: None,
        };
        let shape = MeasureShape { kind: MeasureKind::Indicator, unit: measures::get_any(conn, measure).unwrap().unit };
        let valid = MeasuredResult::check(input, shape, &common::context()).unwrap();
        measures::create_result(conn, &sustain::db::Actor::system("test"), &valid).unwrap();
    }
}

/// The shipped files of these prefixes, as (name, bytes).
fn shipped(prefixes: &[&str]) -> Vec<(&'static str, &'static [u8])> {
    sustain::domain::figures::shipped::FILES
        .iter()
        .filter(|(name, _)| prefixes.iter().any(|p| name.starts_with(&format!("{p}_"))))
        .copied()
        .collect()
}

on_both_backends! {
    async fn a_linked_measures_page_shows_the_latest_published_figures_and_draws_them_when_in_its_unit(backend) {
        let (app, plan) = app_with(backend).await;
        let actor = sustain::db::Actor::system("test");
        sustain::db::figures::load_files(&mut conn(&app), &actor, &shipped(&["c1", "cla", "sn"])).unwrap();
        let leader = signed_in(&app, LEADER).await;
        let area = plan.area.to_string();
        let created = post(&app, &leader, "/measures", &measure_form(&area, "rereferrals_percent")).await;
        let percent = id_in(&created);
        let mut looked_after = measure_form(&area, "cla_rate_per_10000");
        looked_after.retain(|(k, _)| k != "unit" && k != "name");
        looked_after.extend(pairs(&[("unit", "count"), ("name", "Children looked after")]));
        let count = id_in(&post(&app, &leader, "/measures", &looked_after).await);
        for id in [percent, count] {
            add_results(&mut conn(&app), MeasureId(id), &[24.0, 21.0, 19.0]);
        }

        let unset = page(&leader, &app, &format!("/measures/{percent}"), 200).await;
        assert!(unset.contains("How we compare (published)"), "{unset}");
        assert!(unset.contains("The council's local authority number is not set"), "{unset}");

        let council = sustain::domain::council::CouncilInput {
            name: "Swindon Borough Council".into(),
            la_number: Some("866".into()),
            colour: "#1d3a5f".into(),
            sign_off: true,
        };
        sustain::db::council::replace(&mut conn(&app), &actor, &common::valid(council)).unwrap();
        let figures = sustain::read::figures::load(&mut conn(&app), "866").unwrap().expect("Swindon's figures");
        let rereferrals = figures.by_code("rereferrals_percent").unwrap();
        let latest = rereferrals.comparison.latest().unwrap();
        let shown = page(&leader, &app, &format!("/measures/{percent}"), 200).await;
        let panel = &shown[shown.find("How we compare (published)").expect("the panel")..];
        assert!(panel.contains(&format!("href=\"/figures/{}\"", rereferrals.indicator.id)), "{panel}");
        assert!(panel.contains(&format!("<strong>{}</strong>", latest.time_period)), "the year they refer to: {panel}");
        assert!(panel.contains(&latest.council.in_words(rereferrals.unit)), "the council's own: {panel}");
        assert!(panel.contains(&latest.england.in_words(rereferrals.unit)), "England's: {panel}");
        let median = latest.median.expect("a neighbours' median");
        assert!(panel.contains(&median.label()), "the median says what it is of: {panel}");
        let judged = latest.against_england.expect("a judgement against England");
        let words = if judged.as_str() == "the same" { "the same as".to_string() } else { format!("{} than", judged.as_str()) };
        assert!(panel.contains(&format!("{} is {words} England", figures.council.name)), "better or worse is said: {panel}");
        let lines = shown.matches("class=\"app-chart__reference-line\"").count();
        assert_eq!(lines, 2, "England's and the neighbours' median are drawn: {shown}");
        assert!(shown.contains(&format!(">England {}<", latest.time_period)), "labelled with the year");
        assert!(shown.contains("Drawn for comparison: England"), "the words say so");

        let looked_after_page = page(&leader, &app, &format!("/measures/{count}"), 200).await;
        assert!(looked_after_page.contains("not drawn on the chart"), "{looked_after_page}");
        assert!(!looked_after_page.contains("app-chart__reference-line"), "a rate is not drawn on a count's chart");
    }
}
