//! One way to enter a date, one clock, on both backends: "today" is England's
//! date by the application's clock (a summer night's half past midnight
//! included); every form asks for a date as three fields, which become one
//! address parameter; addresses take `2025-12-31` and `31/12/2025` on pages
//! and the API; a bad date gets a message beside its fields.

use crate::common;
use crate::plan_fixture;

use common::TestApp;
use plan_fixture::*;
use serde_json::Value;

/// A page's status and body.
async fn get(client: &reqwest::Client, app: &TestApp, path: &str) -> (u16, String) {
    let response = client.get(app.url(path)).send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// Where a redirect sends the browser.
async fn redirect(client: &reqwest::Client, app: &TestApp, path: &str) -> String {
    let response = client.get(app.url(path)).send().await.unwrap();
    assert_eq!(response.status(), 303, "GET {path} redirects");
    response.headers()["location"].to_str().unwrap().to_string()
}

/// A bearer token for the leader.
async fn token(app: &TestApp) -> String {
    let body: Value = app
        .client
        .post(app.url("/api/v1/tokens"))
        .json(&serde_json::json!({ "email": LEADER, "password": PASSWORD }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    body["token"].as_str().unwrap().to_string()
}

async fn api(app: &TestApp, bearer: &str, path: &str) -> (u16, Value) {
    let response = app.client.get(app.url(path)).bearer_auth(bearer).send().await.unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

on_both_backends! {
    async fn at_half_past_midnight_in_summer_today_is_already_englands_new_day(backend) {
        // 00:30 BST on 1 July 2026 is 23:30 UTC on 30 June.
        let mut plan = None;
        let app = TestApp::spawn_configured(backend, |conn| plan = Some(prepare(conn)), |config| {
            config.now = Some("2026-07-01T00:30:00+01:00".into());
        })
        .await;
        let leader = signed_in(&app, LEADER).await;
        let (status, today) = get(&leader, &app, "/areas?as_at=2026-07-01").await;
        assert_eq!(status, 200, "today's \"as at\" is not refused as the future: {today}");
        assert!(!today.contains("You are looking at Sustain as it stood"), "1 July is today, not the past");
        let (status, dashboard) = get(&leader, &app, "/").await;
        assert_eq!(status, 200);
        assert!(dashboard.contains(r#"id="as_at" name="as_at-day" type="text" inputmode="numeric" value="1""#), "the form shows today");
        assert!(dashboard.contains(r#"name="as_at-month" type="text" inputmode="numeric" value="7""#));
        let (status, tomorrow) = get(&leader, &app, "/areas?as_at=2026-07-02").await;
        assert_eq!(status, 422, "2 July is still the future");
        assert!(tomorrow.contains("must be today (1 July 2026) or in the past"), "{tomorrow}");
        let bearer = token(&app).await;
        let (status, verdicts) = api(&app, &bearer, "/api/v1/verdicts?as_at=2026-07-01").await;
        assert_eq!(status, 200, "{verdicts}");
        // The review form's "today" is England's too: evidence observed on 1 July can be verified now.
        let item = app.client.post(app.url("/api/v1/evidence")).bearer_auth(&bearer).json(&serde_json::json!({
            "title": "Night duty dip-sample", "kind": "case_audit", "observed_on": "2026-07-01",
            "practice_area_id": plan.unwrap().area.0,
        })).send().await.unwrap();
        assert_eq!(item.status(), 201, "observed today, England's date");
    }
}

on_both_backends! {
    async fn addresses_take_either_spelling_of_a_date_on_pages_and_the_api(backend) {
        let (app, _) = app_with(backend).await;
        let leader = signed_in(&app, LEADER).await;
        for path in ["/areas?as_at=2025-12-31", "/areas?as_at=31/12/2025", "/measures?as_at=31%2F12%2F2025"] {
            let (status, html) = get(&leader, &app, path).await;
            assert_eq!(status, 200, "{path}");
            assert!(html.contains("as it stood on 31 December 2025"), "{path}");
        }
        let (status, report) = get(&leader, &app, "/reports/progress?as_at=31/12/2025&since=30/9/2025").await;
        assert_eq!(status, 200);
        assert!(report.contains("changes since 30 September 2025"), "the earlier date is read too");
        let (status, history) = get(&leader, &app, "/history?from=01/01/2024&to=2025-12-31").await;
        assert_eq!(status, 200);
        assert!(!history.contains("app-error-message"), "both filters are read: {history}");
        assert!(history.contains(r#"name="from-day" type="text" inputmode="numeric" value="1""#), "and shown in their fields");

        let bearer = token(&app).await;
        for path in ["/api/v1/verdicts?as_at=31/12/2025", "/api/v1/verdicts?as_at=2025-12-31"] {
            let (status, body) = api(&app, &bearer, path).await;
            assert_eq!(status, 200, "{path}: {body}");
        }
        let (status, _) = api(&app, &bearer, "/api/v1/history?from=01/01/2024&to=31/12/2025&as_at=31/12/2025").await;
        assert_eq!(status, 200);
        let (status, body) = api(&app, &bearer, "/api/v1/verdicts?as_at=31/02/2025").await;
        assert_eq!(status, 422);
        assert!(body["error"]["fields"]["as_at"][0].as_str().unwrap().contains("real date"), "{body}");

        let (status, refused) = get(&leader, &app, "/areas?as_at=31/02/2025").await;
        assert_eq!(status, 422);
        assert!(refused.contains(r##"<a href="#as_at">The &quot;as at&quot; date must be a real date"##), "the summary links to the field: {refused}");
        assert!(refused.contains(r#"id="as_at-error""#), "the message sits by the fields");
        assert!(refused.contains(r#"name="as_at-day" type="text" inputmode="numeric" value="31/02/2025""#), "with what was typed");
    }
}

on_both_backends! {
    async fn three_fields_become_the_address_and_a_bad_date_is_shown_by_its_fields(backend) {
        let (app, _) = app_with(backend).await;
        let leader = signed_in(&app, LEADER).await;
        let to = redirect(&leader, &app, "/measures?key=yes&as_at-day=31&as_at-month=12&as_at-year=2025").await;
        assert_eq!(to, "/measures?key=yes&as_at=2025-12-31");
        assert_eq!(redirect(&leader, &app, "/areas?as_at=2025-01-31&as_at-day=&as_at-month=&as_at-year=").await, "/areas", "blank is today");
        let to = redirect(&leader, &app, "/reports/progress?since-day=30&since-month=9&since-year=2025&as_at=2025-12-31").await;
        assert_eq!(to, "/reports/progress?as_at=2025-12-31&since=2025-09-30");
        let to = redirect(&leader, &app, "/history?from-day=1&from-month=1&from-year=2025&to-day=&to-month=&to-year=").await;
        assert_eq!(to, "/history?from=2025-01-01");
        let to = redirect(&leader, &app, "/evidence?from-day=1&from-month=1&from-year=2025").await;
        assert_eq!(to, "/evidence?from=2025-01-01", "the evidence library's filters too");
        let (status, library) = get(&leader, &app, &to).await;
        assert_eq!(status, 200);
        assert!(library.contains("Observed on or after: 1 January 2025"), "the filter is applied from the address");

        let (status, html) = get(&leader, &app, "/areas?as_at-day=31&as_at-month=2&as_at-year=2025").await;
        assert_eq!(status, 422);
        assert!(html.contains("The &quot;as at&quot; date must be a real date"), "{html}");
        assert!(html.contains(r#"name="as_at-day" type="text" inputmode="numeric" value="31""#), "as typed");
        let (status, html) = get(&leader, &app, "/areas?as_at-day=31&as_at-month=&as_at-year=2025").await;
        assert_eq!(status, 422);
        assert!(html.contains(r##"<a href="#as_at-month">The &quot;as at&quot; date must include a month"##), "the missing part is named and linked");
        let (status, html) = get(&leader, &app, "/reports/progress?since=01/01/2999").await;
        assert_eq!(status, 422, "an earlier date in the future");
        assert!(html.contains(r#"id="since-error""#) && html.contains("The earlier date must be today"), "{html}");
        let (status, html) = get(&leader, &app, "/history?from-day=40&from-month=1&from-year=2025").await;
        assert_eq!(status, 200, "the history shows its filters' problems itself");
        assert!(html.contains(r#"id="from-error""#) && html.contains("The start date must be a real date"), "{html}");
        assert!(html.contains(r#"name="from-day" type="text" inputmode="numeric" value="40""#));

        for (path, field) in [("/", "as_at-day"), ("/reports/progress", "since-day"), ("/history", "from-day"), ("/history", "to-year")] {
            let (_, html) = get(&leader, &app, path).await;
            assert!(html.contains(&format!("name=\"{field}\"")), "{path} asks for {field}");
            assert!(!html.contains("type=\"date\""), "{path} has no browser date picker");
        }
    }
}

#[test]
fn the_command_line_reads_today_from_the_same_clock() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sustain.db");
    let run = |now: &str, args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_sustain"))
            .args(args)
            .env("SUSTAIN_DATABASE_URL", &db)
            .env("SUSTAIN_CONFIG", "/dev/null")
            .env("SUSTAIN_NOW", now)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    assert_eq!(run("2026-07-01T00:30:00+01:00", &["migrate"]).0, Some(0));
    let (code, json, _) = run("2026-07-01T00:30:00+01:00", &["status", "--format", "json"]);
    assert_eq!(code, Some(0));
    let doc: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["as_at"], "2026-07-01", "England's date at 00:30 BST, though UTC's is 30 June");
    let (code, table, _) = run("2026-07-01T00:30:00+01:00", &["status", "--as-at", "31/12/2025"]);
    assert_eq!(code, Some(0));
    assert!(table.starts_with("Status of practice areas as at 31 December 2025"), "{table}");
    let (code, _, stderr) = run("tomorrow", &["status"]);
    assert_ne!(code, Some(0));
    assert!(stderr.contains("SUSTAIN_NOW"), "a clock that cannot be read is named: {stderr}");
}
