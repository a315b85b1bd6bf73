//! What was true on a date (issue 21), seen only from outside: reads "as at" a
//! past day D give the same verdicts and readiness after every kind of undated
//! edit made later, the progress report "as recorded" on D is the same file,
//! and an export taken on D, imported elsewhere, judges D as the edited
//! database does.

use crate::common;

use chrono::{Duration, Months, NaiveDate};
use common::{Backend, TestApp, TestDb};
use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;
use sustain::domain::kinds::Role;

const EMAIL: &str = "rewind.leader@hartwell.example";
const PASSWORD: &str = "a-long-test-password-1";

/// A past day that is recent, so that the demo's verdicts today are still
/// those of D until the edits change them.
fn day_d() -> NaiveDate {
    common::today() - Duration::days(14)
}

/// The earlier date of the progress report, given so no default is involved.
fn since_s() -> NaiveDate {
    day_d() - Months::new(3)
}

/// Fields the API takes back on a change, per record (as in its OpenAPI body).
const OWNER: &[&str] = &["name", "job_title", "team", "email", "user_id"];
const ACTION: &[&str] = &[
    "reference",
    "title",
    "description",
    "owner_id",
    "practice_area_id",
    "start_date",
    "due_date",
    "completed_date",
    "state",
    "success_measure",
];
const MEASURE: &[&str] = &[
    "practice_area_id",
    "name",
    "description",
    "kind",
    "unit",
    "direction",
    "target",
    "frequency",
    "is_key",
    "baseline_points",
    "screen_moving_ranges",
    "published_indicator_code",
];
const AREA: &[&str] = &[
    "name",
    "description",
    "lead_owner_id",
    "evidence_window_months",
    "evidence_min_items",
    "evidence_min_kinds",
    "results_window_months",
    "results_min_count",
    "slipping_lookback_months",
];

/// The app over the demo as at D, with a leader's API token.
struct Api {
    app: TestApp,
    token: String,
}

impl Api {
    async fn spawn(backend: Backend) -> Self {
        let db = TestDb::with_demo(backend, day_d());
        common::add_user(&mut db.connect(), EMAIL, Role::Leader, PASSWORD);
        let app = TestApp::spawn_on(db, |_| {}).await;
        let sent = app.client.post(app.url("/api/v1/tokens")).json(&json!({ "email": EMAIL, "password": PASSWORD }));
        let response = sent.send().await.unwrap();
        assert_eq!(response.status(), 201, "a leader gets an API token");
        let token = response.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_string();
        Api { app, token }
    }

    async fn send(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> reqwest::Response {
        let mut request = self.app.client.request(method, self.app.url(path)).bearer_auth(&self.token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.unwrap()
    }

    /// A JSON read that must succeed.
    async fn get(&self, path: &str) -> Value {
        let response = self.send(reqwest::Method::GET, path, None).await;
        let status = response.status();
        let text = response.text().await.unwrap();
        assert_eq!(status, 200, "GET {path}: {text}");
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("GET {path} is not JSON ({e}): {text}"))
    }

    /// A document's bytes.
    async fn bytes(&self, path: &str) -> Vec<u8> {
        let response = self.send(reqwest::Method::GET, path, None).await;
        let status = response.status();
        let bytes = response.bytes().await.unwrap().to_vec();
        assert_eq!(status, 200, "GET {path}: {}", String::from_utf8_lossy(&bytes[..bytes.len().min(500)]));
        bytes
    }

    /// A write that must succeed (2xx), with what it answered otherwise.
    async fn write(&self, method: reqwest::Method, path: &str, body: Option<Value>) {
        let response = self.send(method.clone(), path, body.clone()).await;
        let status = response.status();
        let text = response.text().await.unwrap();
        assert!(status.is_success(), "{method} {path} {body:?}: {status} {text}");
    }

    /// Changes some fields of a record at the version read, keeping the rest.
    async fn change(&self, path: &str, fields: &[&str], edits: Value) {
        let now = self.get(path).await;
        let mut body = json!({ "version": now["version"] });
        for field in fields {
            body[*field] = now[*field].clone();
        }
        for (field, value) in edits.as_object().unwrap() {
            body[field] = value.clone();
        }
        self.write(reqwest::Method::PUT, path, Some(body)).await;
    }

    async fn archive(&self, path: &str) {
        let version = self.get(path).await["version"].clone();
        self.write(reqwest::Method::POST, &format!("{path}/archive"), Some(json!({ "version": version }))).await;
    }

    /// Every item of a list (its first page of 100 is enough for the demo).
    async fn items(&self, path: &str) -> Vec<Value> {
        let joiner = if path.contains('?') { '&' } else { '?' };
        self.get(&format!("{path}{joiner}per_page=100")).await["items"].as_array().unwrap().clone()
    }
}

/// What the council could read as at a date: verdicts, readiness, and each
/// inspection's readiness on its own.
#[derive(Debug, PartialEq)]
struct Reads {
    verdicts: Value,
    readiness: Value,
    each: Vec<Value>,
}

async fn reads(api: &Api, query: &str) -> Reads {
    let verdicts = api.get(&format!("/api/v1/verdicts{query}")).await;
    let readiness = api.get(&format!("/api/v1/readiness{query}")).await;
    let mut each = Vec::new();
    for inspection in readiness["inspections"].as_array().unwrap() {
        each.push(api.get(&format!("/api/v1/inspections/{}/readiness{query}", inspection["inspection_id"])).await);
    }
    Reads { verdicts, readiness, each }
}

/// Where two JSON values first differ, as "path: left != right" (None if equal).
fn first_difference(path: &str, left: &Value, right: &Value) -> Option<String> {
    match (left, right) {
        (Value::Object(a), Value::Object(b)) => {
            let keys = a.keys().chain(b.keys().filter(|k| !a.contains_key(*k)));
            keys.map(|k| (k, a.get(k).unwrap_or(&Value::Null), b.get(k).unwrap_or(&Value::Null)))
                .find_map(|(k, x, y)| first_difference(&format!("{path}.{k}"), x, y))
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            a.iter().zip(b).enumerate().find_map(|(i, (x, y))| first_difference(&format!("{path}[{i}]"), x, y))
        }
        _ if left == right => None,
        _ => {
            let short = |v: &Value| v.to_string().chars().take(400).collect::<String>();
            Some(format!("{path}: {} != {}", short(left), short(right)))
        }
    }
}

/// Asserts two reads are the same JSON, naming the first difference (with the
/// area or inspection it is in, where the path starts in a list).
#[track_caller]
fn assert_same(what: &str, before: &Value, after: &Value) {
    if let Some(difference) = first_difference("", before, after) {
        let named = ["verdicts", "inspections", "areas", "readiness"]
            .iter()
            .filter_map(|list| {
                let i: usize = difference.strip_prefix(&format!(".{list}["))?.split(']').next()?.parse().ok()?;
                let item = &before[*list][i];
                let name = ["name", "title", "inspection"].iter().find_map(|k| item.get(*k))?;
                Some(format!(" (in {name})"))
            })
            .next()
            .unwrap_or_default();
        panic!("{what} differs{named}: {difference}");
    }
}

/// The edits of issue 21's acceptance, each through the API, on records
/// chosen so they bite on what D's verdicts and readiness rest on.
async fn edit_everything(api: &Api, verdicts_d: &Value) {
    let verdicts = verdicts_d["verdicts"].as_array().unwrap();
    let embedded = verdicts.iter().find(|v| v["status"] == "embedded").unwrap_or(&verdicts[0]);
    let area = embedded["area_id"].as_i64().unwrap();
    let other_area = verdicts.iter().map(|v| v["area_id"].as_i64().unwrap()).find(|a| *a != area).unwrap();

    // Owners renamed.
    let owners = api.items("/api/v1/owners").await;
    assert!(owners.len() >= 2, "the demo has owners to rename and reassign to");
    for owner in &owners {
        let name = format!("{} (renamed)", owner["name"].as_str().unwrap_or("Owner"));
        api.change(&format!("/api/v1/owners/{}", owner["id"]), OWNER, json!({ "name": name })).await;
    }

    // The area's rules: far more evidence needed than it has.
    let rules = json!({ "evidence_min_items": 50, "evidence_min_kinds": 4, "results_min_count": 24 });
    api.change(&format!("/api/v1/areas/{area}"), AREA, rules).await;

    // A key measure (of the area, if it has one) turned round and given a target it cannot meet; another archived.
    let mut key = api.items("/api/v1/measures?key=true").await;
    key.sort_by_key(|m| m["practice_area_id"].as_i64() != Some(area));
    assert!(key.len() >= 2, "the demo has key measures");
    let (turned, archived) = (&key[0], &key[1]);
    let lower = turned["direction"] == "higher_is_better";
    let target = match (lower, turned["unit"].as_str().unwrap()) {
        (true, _) => 0.0,
        (false, "percent") => 100.0,
        (false, "days") => 36_525.0,
        (false, _) => 1_000_000.0,
    };
    let direction = if lower { "lower_is_better" } else { "higher_is_better" };
    let edits = json!({ "direction": direction, "target": target });
    api.change(&format!("/api/v1/measures/{}", turned["id"]), MEASURE, edits).await;
    api.archive(&format!("/api/v1/measures/{}", archived["id"])).await;

    // Actions: a completed one of the area cancelled, one moved to another owner and area,
    // others given to another owner.
    let mut actions = api.items("/api/v1/actions").await;
    actions.sort_by_key(|a| (a["practice_area_id"].as_i64() != Some(area), a["state"] != "completed"));
    let cancelled = actions.iter().find(|a| a["state"] == "completed").expect("a completed action").clone();
    api.change(
        &format!("/api/v1/actions/{}", cancelled["id"]),
        ACTION,
        json!({ "state": "cancelled", "completed_date": null }),
    )
    .await;
    // Sustain keeps the day it was cancelled: it counted before.
    let now_cancelled = api.get(&format!("/api/v1/actions/{}", cancelled["id"])).await;
    assert_eq!(now_cancelled["cancelled_on"], json!(common::today().to_string()), "{now_cancelled}");
    let others: Vec<&Value> =
        actions.iter().filter(|a| a["id"] != cancelled["id"] && a["state"] != "cancelled").collect();
    for (i, action) in others.iter().take(6).enumerate() {
        let owner = owners.iter().find(|o| o["id"] != action["owner_id"]).unwrap()["id"].clone();
        let mut edits = json!({ "owner_id": owner });
        if i == 0 {
            let moved_to = if action["practice_area_id"] == json!(area) { other_area } else { area };
            edits["practice_area_id"] = json!(moved_to);
        }
        api.change(&format!("/api/v1/actions/{}", action["id"]), ACTION, edits).await;
    }

    // A finding unlinked from an action that answers it (not one already changed).
    let links = api.items("/api/v1/finding-actions").await;
    let link = links.iter().find(|l| l["action_id"] != cancelled["id"]).expect("a finding-action link");
    let path = format!("/api/v1/finding-actions/{}/{}", link["finding_id"], link["action_id"]);
    api.write(reqwest::Method::DELETE, &path, None).await;

    // A verified evidence item (of the area, if it has one) archived.
    let mut evidence = api.items("/api/v1/evidence?review_state=verified").await;
    evidence.sort_by_key(|e| e["practice_area_id"].as_i64() != Some(area));
    let item = evidence.first().expect("the demo has verified evidence");
    api.archive(&format!("/api/v1/evidence/{}", item["id"])).await;
}

fn report_paths(query: &str) -> [String; 2] {
    let since = since_s();
    ["pdf", "docx"].map(|format| format!("/reports/progress.{format}?{query}&since={since}"))
}

on_both_backends! {
    async fn reads_as_at_a_past_day_are_unchanged_by_later_edits(backend) {
        let api = Api::spawn(backend).await;
        let d = day_d();
        let as_at = format!("?as_at={d}");
        let then = reads(&api, &as_at).await;
        let mut reports = Vec::new();
        for path in report_paths(&format!("as_at={d}")) {
            reports.push(api.bytes(&path).await);
        }
        let now_before = reads(&api, "").await;

        edit_everything(&api, &then.verdicts).await;

        // The edits change today's reads, so reads as at D that followed them would show it.
        let now_after = reads(&api, "").await;
        assert!(
            first_difference("", &now_before.verdicts, &now_after.verdicts).is_some(),
            "the edits change no verdict read as now, so the test could not fail"
        );

        // Whole JSON compared: every area's status, reasons, measures and names as at D.
        let again = reads(&api, &as_at).await;
        assert_same(&format!("/api/v1/verdicts?as_at={d} after the edits"), &then.verdicts, &again.verdicts);
        assert_same(&format!("/api/v1/readiness?as_at={d} after the edits"), &then.readiness, &again.readiness);
        for (before, after) in then.each.iter().zip(&again.each) {
            let what = format!("/api/v1/inspections/{}/readiness?as_at={d} after the edits", before["inspection_id"]);
            assert_same(&what, before, after);
        }

        // The report as recorded on D is the one made on D, byte for byte (made the same day, so
        // any "printed on" line is the same too).
        for (path, first) in report_paths(&format!("as_recorded={d}")).iter().zip(&reports) {
            let recorded = api.bytes(path).await;
            assert!(recorded == *first, "{path} is not the report made as at {d} ({} bytes then, {} now)", first.len(), recorded.len());
        }

        issued_reports_check_out(&api).await;
    }
}

/// The links on a page to the pages of issued reports.
fn issued_links(page: &str) -> Vec<String> {
    let mut links: Vec<String> = page
        .split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|href| href.starts_with("/reports/issued/") && !href.contains('?'))
        .map(str::to_string)
        .collect();
    links.dedup();
    links
}

/// From change history, as a person would: each report issued before the
/// edits is made again and has the SHA-256 recorded at issue; one whose
/// recorded SHA-256 is not its bytes' is said to differ.
async fn issued_reports_check_out(api: &Api) {
    let app = &api.app;
    assert_eq!(app.sign_in(EMAIL, PASSWORD).await.status(), 303, "the leader signs in");
    let history = app.client.get(app.url("/history")).send().await.unwrap().text().await.unwrap();
    let links = issued_links(&history);
    assert_eq!(links.len(), 2, "the PDF and the Word report issued before the edits are in history: {links:?}");
    let page_of = |link: &str| {
        let url = app.url(link);
        async move { app.client.get(url).send().await.unwrap().text().await.unwrap() }
    };
    for link in &links {
        let page = page_of(link).await;
        let check = format!("{link}?check=yes");
        assert!(page.contains(&format!("href=\"{check}\"")), "{link} offers the check: {page}");
        let checked = page_of(&check).await;
        assert!(checked.contains("Same document"), "{check} after the edits: {checked}");
    }
    // A recorded SHA-256 that is not the report's is caught.
    {
        use diesel::prelude::*;
        use sustain::db::schema::reports;
        let id: i64 = links[0].rsplit('/').next().unwrap().parse().unwrap();
        diesel::update(reports::table.find(id))
            .set(reports::sha256.eq("0".repeat(64)))
            .execute(&mut app.db.connect())
            .unwrap();
    }
    let checked = page_of(&format!("{}?check=yes", links[0])).await;
    assert!(checked.contains("Not the same"), "a report whose recorded SHA-256 was altered: {checked}");
}

/// Runs the command line against a database; returns its standard output.
fn sustain(db: &TestDb, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_sustain"))
        .args(args)
        .env("SUSTAIN_DATABASE_URL", &db.raw_url)
        .env("SUSTAIN_CONFIG", "/dev/null")
        .env_remove("SUSTAIN_ADMIN_PASSWORD")
        .output()
        .expect("the sustain binary runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "sustain {}: {stderr}", args.join(" "));
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn status_as_at(db: &TestDb, d: NaiveDate) -> Value {
    let text = sustain(db, &["status", "--as-at", &d.to_string(), "--format", "json"]);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("status --format json is JSON ({e}): {text}"))
}

on_both_backends! {
    async fn an_export_taken_on_a_day_judges_that_day_as_the_edited_database_does(backend) {
        let api = Api::spawn(backend).await;
        let d = day_d();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("export.json");
        sustain(&api.app.db, &["export", "--output", file.to_str().unwrap()]);
        assert!(Path::new(&file).metadata().unwrap().len() > 100_000, "the export holds the demo");

        let verdicts_d = api.get(&format!("/api/v1/verdicts?as_at={d}")).await;
        edit_everything(&api, &verdicts_d).await;

        let imported = TestDb::new(backend);
        sustain(&imported, &["import", file.to_str().unwrap()]);
        let from_export = status_as_at(&imported, d);
        let edited = status_as_at(&api.app.db, d);
        assert_same(&format!("sustain status --as-at {d} (the export of D imported, against the edited database)"), &from_export, &edited);
    }
}
