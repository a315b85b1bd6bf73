//! Values that can be, on both backends: each measure's unit refuses what it
//! cannot hold through the API, the results form and both imports, naming
//! the field (or row and column), and nothing is saved; a measure's target
//! must fit its unit; values stored before these rules are left out of the
//! statistics with the reason shown, and never printed as NaN or infinity.

use crate::api_client;
use crate::common;

use api_client::{Answer, Api, PASSWORD};
use diesel::RunQueryDsl;
use serde_json::{json, Value};
use sustain::db::{self, Actor};
use sustain::domain::ids::MeasureId;
use sustain::domain::kinds::Role;
use sustain::domain::sheets::SheetLimits;
use sustain::reports::sheets::import::{self, ImportFailure, SheetFile};

const COUNT_RULE: &str = "A count must be a whole number from 0 to 10,000,000";
const PERCENT_RULE: &str = "A percentage must be from 0 to 100";

/// A measure made through the API by a leader; its id.
async fn measure(api: &Api, area: i64, name: &str, kind: &str, unit: &str) -> i64 {
    let body = json!({ "practice_area_id": area, "name": name, "kind": kind, "unit": unit,
                       "direction": "neither", "frequency": "monthly", "is_key": false });
    let made = api.post(Role::Leader, "/api/v1/measures", body).await;
    assert_eq!(made.status, 201, "{}", made.body);
    made.body["id"].as_i64().unwrap()
}

fn refused(answer: &Answer, field: &str, message: &str) {
    assert_eq!((answer.status, answer.code()), (422, "invalid"), "{}", answer.body);
    let said = &answer.body["error"]["fields"][field];
    assert!(
        said.as_array().is_some_and(|m| m.iter().any(|m| m.as_str().is_some_and(|m| m.contains(message)))),
        "{field} is named with '{message}': {}",
        answer.body
    );
}

async fn results_of(api: &Api, measure: i64) -> usize {
    let listed = api.get(Role::Viewer, &format!("/api/v1/results?measure={measure}&per_page=100")).await;
    listed.body["total"].as_u64().unwrap() as usize
}

/// Sends a raw body, for JSON spellings a JSON library will not write.
async fn raw_post(api: &Api, body: &str) -> Answer {
    let response = api
        .app
        .client
        .post(api.app.url("/api/v1/results"))
        .bearer_auth(api.token(Role::Contributor))
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap();
    Answer { status, body: serde_json::from_str(&text).unwrap_or(Value::String(text)), headers }
}

on_both_backends! {
    async fn the_api_refuses_values_a_measure_cannot_hold_by_field(backend) {
        let (api, f) = Api::spawn(backend).await;
        let count = measure(&api, f.area.0, "Contacts received", "indicator", "count").await;
        let audit = measure(&api, f.area.0, "Case audit: % good or better", "case_audit", "percent").await;
        let result = |measure: i64, value: Value| json!({ "measure_id": measure, "period_end": "2025-01-31", "value": value });
        for bad in [json!(1e308), json!(-1e308), json!(-5), json!(1.5)] {
            refused(&api.post(Role::Contributor, "/api/v1/results", result(count, bad)).await, "value", COUNT_RULE);
        }
        for bad in [json!(101), json!(-1)] {
            refused(&api.post(Role::Contributor, "/api/v1/results", result(f.measure.0, bad)).await, "value", PERCENT_RULE);
        }
        // NaN and infinity are not JSON numbers: as strings they are the wrong type, bare they are not JSON,
        // and a number too large for any float is named as such.
        for spelling in ["NaN", "Infinity", "-Infinity", "inf", "-inf"] {
            let answer = api.post(Role::Contributor, "/api/v1/results", result(count, json!(spelling))).await;
            assert_eq!(answer.status, 422, "{spelling}: {}", answer.body);
            assert!(answer.names("value"), "{spelling}: {}", answer.body);
        }
        for spelling in ["NaN", "Infinity", "-Infinity"] {
            let answer = raw_post(&api, &format!(r#"{{"measure_id": {count}, "period_end": "2025-01-31", "value": {spelling}}}"#)).await;
            assert_eq!((answer.status, answer.code()), (400, "bad_request"), "{spelling}: {}", answer.body);
        }
        let huge = raw_post(&api, &format!(r#"{{"measure_id": {count}, "period_end": "2025-01-31", "value": 1e999}}"#)).await;
        assert_eq!(huge.status, 422, "{}", huge.body);
        assert!(huge.names("body"), "{}", huge.body);
        // Grade counts: whole, not negative, and a sample size that agrees with them.
        let grades = |o: Value, g: Value, sample: Value| json!({ "measure_id": audit, "period_end": "2025-01-31",
            "outstanding": o, "good": g, "requires_improvement": 3, "inadequate": 1, "sample_size": sample });
        refused(&api.post(Role::Contributor, "/api/v1/results", grades(json!(-5), json!(10), Value::Null)).await,
            "outstanding", "Cases graded outstanding must be a whole number from 0 to 100,000");
        refused(&api.post(Role::Contributor, "/api/v1/results", grades(json!(1), json!(200_000), Value::Null)).await,
            "good", "Cases graded good must be a whole number from 0 to 100,000");
        assert!(api.post(Role::Contributor, "/api/v1/results", grades(json!(1), json!(1.5), Value::Null)).await.names("good"));
        refused(&api.post(Role::Contributor, "/api/v1/results", grades(json!(1), json!(10), json!(99))).await,
            "sample_size", "must equal the number of cases graded");
        refused(&api.post(Role::Contributor, "/api/v1/results", grades(json!(1), json!(10), json!(-1))).await,
            "sample_size", "The sample size must be a whole number from 0 to 1,000,000");
        assert_eq!((results_of(&api, count).await, results_of(&api, audit).await), (0, 0), "nothing refused was saved");

        let good = api.post(Role::Contributor, "/api/v1/results", result(count, json!(1204))).await;
        assert_eq!(good.status, 201, "{}", good.body);
        let graded = api.post(Role::Contributor, "/api/v1/results", grades(json!(1), json!(10), json!(15))).await;
        assert_eq!(graded.status, 201, "{}", graded.body);
        assert_eq!(graded.body["value"], json!(73.3));
        // A correction is held to the same rule.
        let id = good.body["id"].as_i64().unwrap();
        let mut changed = result(count, json!(-5));
        changed["version"] = json!(1);
        refused(&api.put(Role::Contributor, &format!("/api/v1/results/{id}"), changed).await, "value", COUNT_RULE);
    }
}

on_both_backends! {
    async fn a_measures_target_must_fit_its_unit(backend) {
        let (api, f) = Api::spawn(backend).await;
        let body = |unit: &str, target: Value| json!({ "practice_area_id": f.area.0, "name": format!("Measure in {unit}"),
            "kind": "indicator", "unit": unit, "direction": "higher_is_better", "target": target, "frequency": "monthly", "is_key": true });
        refused(&api.post(Role::Leader, "/api/v1/measures", body("percent", json!(150))).await, "target",
            "A percentage target must be from 0 to 100");
        refused(&api.post(Role::Leader, "/api/v1/measures", body("count", json!(-1))).await, "target",
            "A count target must be from 0 to 10,000,000");
        refused(&api.post(Role::Leader, "/api/v1/measures", body("days", json!(1e308))).await, "target",
            "A target in days must be from 0 to 36,525");
        assert_eq!(api.post(Role::Leader, "/api/v1/measures", body("ratio", json!(18.5))).await.status, 201);

        // On the form, the message sits by the field.
        let leader = common::TestApp::new_client();
        assert_eq!(api.app.sign_in_with(&leader, &api_client::email(Role::Leader), PASSWORD).await.status(), 303);
        let area = f.area.0.to_string();
        let fields = [("practice_area_id", area.as_str()), ("name", "Assessments in 45 days"), ("kind", "indicator"),
            ("unit", "percent"), ("direction", "higher_is_better"), ("target", "150"), ("frequency", "monthly"),
            ("is_key", "yes"), ("screen_moving_ranges", "yes")];
        let response = api.app.post_form(&leader, "/measures", &fields).await;
        assert_eq!(response.status(), 422);
        let page = response.text().await.unwrap();
        assert!(page.contains("id=\"target-error\"") && page.contains("A percentage target must be from 0 to 100"), "{page}");
    }
}

/// The results form of a measure, posted by a signed-in contributor: its status and page.
async fn form_result(
    app: &common::TestApp,
    client: &reqwest::Client,
    measure: i64,
    fields: &[(&str, &str)],
) -> (u16, String) {
    let mut all = vec![("period_end-day", "31"), ("period_end-month", "1"), ("period_end-year", "2025")];
    all.extend_from_slice(fields);
    let response = app.post_form(client, &format!("/measures/{measure}/results"), &all).await;
    (response.status().as_u16(), response.text().await.unwrap())
}

on_both_backends! {
    async fn the_results_form_shows_each_values_problem_by_its_field(backend) {
        let (api, f) = Api::spawn(backend).await;
        let count = measure(&api, f.area.0, "Contacts received", "indicator", "count").await;
        let audit = measure(&api, f.area.0, "Case audit: % good or better", "case_audit", "percent").await;
        let app = &api.app;
        let client = common::TestApp::new_client();
        assert_eq!(app.sign_in_with(&client, &api_client::email(Role::Contributor), PASSWORD).await.status(), 303);
        for bad in ["1e308", "-1e308", "-5", "1.5", "100000000000000000000"] {
            let (status, page) = form_result(app, &client, count, &[("value", bad)]).await;
            assert_eq!(status, 422, "{bad}");
            assert!(page.contains("id=\"value-error\"") && page.contains(COUNT_RULE), "{bad}: {page}");
            assert!(page.contains(&format!("value=\"{bad}\"")), "the form keeps what was typed");
        }
        for bad in ["101", "-1"] {
            let (status, page) = form_result(app, &client, f.measure.0, &[("value", bad)]).await;
            assert_eq!(status, 422, "{bad}");
            assert!(page.contains("id=\"value-error\"") && page.contains(PERCENT_RULE), "{bad}: {page}");
        }
        for spelling in ["NaN", "inf", "-Infinity"] {
            let (status, page) = form_result(app, &client, count, &[("value", spelling)]).await;
            assert_eq!(status, 422, "{spelling}");
            assert!(page.contains("id=\"value-error\"") && page.contains("must be a number"), "{spelling}: {page}");
        }
        let grades = [("outstanding", "-5"), ("good", "10"), ("requires_improvement", "3"), ("inadequate", "1")];
        let (status, page) = form_result(app, &client, audit, &grades).await;
        assert_eq!(status, 422);
        assert!(page.contains("id=\"grades-error\"") && page.contains("Cases graded outstanding must be a whole number from 0 to 100,000"), "{page}");
        let (status, page) = form_result(app, &client, audit, &[("good", "2.5")]).await;
        assert!(status == 422 && page.contains("Cases graded good must be a whole number"), "{page}");
        let (status, page) = form_result(app, &client, count, &[("value", "12"), ("sample_size", "-3")]).await;
        assert!(status == 422 && page.contains("id=\"sample_size-error\""), "{page}");
        assert_eq!(results_of(&api, count).await + results_of(&api, audit).await, 0, "nothing refused was saved");

        let (status, _) = form_result(app, &client, count, &[("value", "1,204")]).await;
        assert_eq!(status, 303, "a good count is saved");
        assert_eq!(results_of(&api, count).await, 1);
    }
}

on_both_backends! {
    async fn both_imports_name_the_row_and_column_of_each_value_that_cannot_be(backend) {
        let (api, f) = Api::spawn(backend).await;
        let count = measure(&api, f.area.0, "Contacts received", "indicator", "count").await;
        let app = &api.app;
        let client = common::TestApp::new_client();
        assert_eq!(app.sign_in_with(&client, &api_client::email(Role::Contributor), PASSWORD).await.status(), 303);

        // The measure page's import: pasted rows.
        let pasted = "period,value\n2024-07-31,1e308\n2024-08-31,-1e308\n2024-09-30,-5\n2024-10-31,1.5\n2024-11-30,NaN\n2024-12-31,inf\n2025-01-31,-Infinity\n2025-02-28,12\n";
        let form = reqwest::multipart::Form::new().text("csrf_token", app.csrf_token_for(&client).await).text("csv", pasted);
        let response = client.post(app.url(&format!("/measures/{count}/results/import"))).multipart(form).send().await.unwrap();
        assert_eq!(response.status(), 422);
        let page = response.text().await.unwrap();
        for line in 2..=5 {
            assert!(page.contains(&format!("Line {line}, column value: {COUNT_RULE}")), "line {line}: {page}");
        }
        for (line, spelling) in [(6, "NaN"), (7, "inf"), (8, "-Infinity")] {
            assert!(page.contains(&format!("Line {line}: the value &quot;{spelling}&quot; is not a number")), "{spelling}: {page}");
        }
        assert!(!page.contains("Line 9"), "the good row has no problem");

        // The results spreadsheet (the page's and the command's import).
        let sheet = "Measure,Period end,Value,Outstanding\n\
            Contacts received,2024-07-31,1e308,\nContacts received,2024-08-31,-5,\nContacts received,2024-09-30,1.5,\n\
            Referral decisions within 1 working day,2024-10-31,101,\nReferral decisions within 1 working day,2024-11-30,-1,\n\
            Contacts received,2024-12-31,NaN,\nContacts received,2025-01-31,12,\n";
        let mut conn = app.db.connect();
        let limits = SheetLimits::default();
        let file = SheetFile { bytes: sheet.as_bytes(), sheet: None, limits: &limits };
        let outcome = import::import_results(&mut conn, &Actor::system("test"), file, &common::context(), &mut |_, _| {});
        let Err(ImportFailure::Rows(problems)) = outcome else { panic!("the rows are refused: {outcome:?}") };
        let said: Vec<String> = problems.iter().map(ToString::to_string).collect();
        for row in 2..=4 {
            assert!(said.contains(&format!("row {row}, Value: {COUNT_RULE}")), "row {row}: {said:?}");
        }
        for row in 5..=6 {
            assert!(said.contains(&format!("row {row}, Value: {PERCENT_RULE}")), "row {row}: {said:?}");
        }
        assert!(said.contains(&"row 7, Value: 'NaN' is not a number".to_string()), "{said:?}");
        assert_eq!(said.len(), 6, "{said:?}");
        assert_eq!(results_of(&api, count).await, 0, "nothing was written");
    }
}

/// Puts a value straight into a stored result, as data from before the rules would be.
fn store_value(conn: &mut db::DbConnection, measure: MeasureId, period: &str, value: &str) {
    let sql =
        format!("UPDATE results SET value = {value} WHERE measure_id = {} AND period_end = '{period}'", measure.0);
    assert_eq!(diesel::sql_query(sql).execute(conn).unwrap(), 1);
}

fn no_nonsense(what: &str, text: &str) {
    for word in text.split(|c: char| !c.is_ascii_alphanumeric()) {
        assert!(
            !["nan", "inf", "infinity"].contains(&word.to_ascii_lowercase().as_str()),
            "{what} says {word}: {text}"
        );
    }
}

on_both_backends! {
    async fn values_stored_before_the_rules_are_left_out_of_the_statistics_with_the_reason_shown(backend) {
        let (api, f) = Api::spawn(backend).await;
        let count = measure(&api, f.area.0, "Contacts received", "indicator", "count").await;
        for (i, period) in ["2024-07-31", "2024-08-31", "2024-09-30", "2024-10-31", "2024-11-30"].iter().enumerate() {
            let made = api.post(Role::Contributor, "/api/v1/results", json!({ "measure_id": count, "period_end": period, "value": 10 + i })).await;
            assert_eq!(made.status, 201);
        }
        let mut conn = api.app.db.connect();
        store_value(&mut conn, MeasureId(count), "2024-08-31", "1e308");
        store_value(&mut conn, MeasureId(count), "2024-09-30", "-1e308");
        store_value(&mut conn, MeasureId(count), "2024-10-31", "-5");
        diesel::sql_query(format!("UPDATE measures SET target = -1e308 WHERE id = {count}")).execute(&mut conn).unwrap();
        // A write through the API moves the data generation, so every page reads the rows afresh.
        let made = api.post(Role::Contributor, "/api/v1/results", json!({ "measure_id": count, "period_end": "2024-12-31", "value": 16 })).await;
        assert_eq!(made.status, 201);

        let statistics = api.get(Role::Viewer, &format!("/api/v1/measures/{count}/statistics")).await;
        assert_eq!(statistics.status, 200, "{}", statistics.body);
        let points = statistics.body["analysis"]["points"].as_array().unwrap();
        assert_eq!(points.len(), 3, "the three values no count can be are left out: {}", statistics.body);
        let mean = points[0]["mean"].as_f64().expect("the mean is a number");
        assert!((mean - 40.0 / 3.0).abs() < 1e-9, "the mean of 10, 14 and 16: {mean}");
        for point in points {
            for figure in ["mean", "lower_limit", "upper_limit", "near_lower", "near_upper"] {
                assert!(point[figure].is_number(), "{figure} is a number, not null: {point}");
            }
        }
        let verdicts = api.get(Role::Viewer, "/api/v1/verdicts?points=true").await;
        assert_eq!(verdicts.status, 200);
        no_nonsense("the verdicts", &verdicts.body.to_string());

        let client = common::TestApp::new_client();
        assert_eq!(api.app.sign_in_with(&client, &api_client::email(Role::Viewer), PASSWORD).await.status(), 303);
        let page = client.get(api.app.url(&format!("/measures/{count}"))).send().await.unwrap().text().await.unwrap();
        no_nonsense("the measure page", &page);
        assert_eq!(page.matches("Left out of the statistics and charts: a count must be a whole number from 0 to 10,000,000").count(), 3, "{page}");
        assert!(page.contains("Left out of the statistics and charts: a count target must be from 0 to 10,000,000"), "{page}");
        assert!(page.contains("1e308") && page.contains("-1e308"), "stored values are shown as stored");
        let area = client.get(api.app.url(&format!("/areas/{}", f.area.0))).send().await.unwrap().text().await.unwrap();
        no_nonsense("the area page", &area);

        let csv = client.get(api.app.url("/plan/export/download?register=results")).send().await.unwrap().text().await.unwrap();
        no_nonsense("the results CSV", &csv);
        let rows: Vec<&str> = csv.lines().filter(|l| l.contains("Contacts received")).collect();
        assert_eq!(rows.len(), 6, "{csv}");
        assert_eq!(rows.iter().filter(|r| r.contains("Left out of the statistics")).count(), 6, "the target is left out on every row");
        assert!(rows[3].contains(",-5,") && rows[3].contains("a count must be a whole number"), "{}", rows[3]);
        assert!(rows[4].contains(",13.33,"), "a kept row has its mean: {}", rows[4]);
        let workbook = client.get(api.app.url("/plan/export/download?format=xlsx")).send().await.unwrap();
        assert_eq!(workbook.status(), 200, "the workbook is written");
    }
}
