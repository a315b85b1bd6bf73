//! The OpenAPI document: every API route of the route table is in it, with
//! its least role, it is served as JSON and as a page that loads nothing
//! from elsewhere, and its answer schemas name exactly what is sent.

use crate::common;

use common::TestApp;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use sustain::db::{self, Actor, DbConnection};
use sustain::routes::{self, docs::document, Access};

const PASSWORD: &str = "a-long-test-password-1";

#[test]
fn every_api_route_is_documented_and_no_page_is() {
    let document = document();
    assert_eq!(document["openapi"].as_str().map(|v| v.starts_with("3.1")), Some(true), "OpenAPI 3.1");
    let mut checked = 0;
    for def in routes::table() {
        let is_api = def.path.starts_with("/api/");
        assert_eq!(
            def.description.is_some(),
            is_api,
            "{} {}: described if and only if in the API",
            def.method,
            def.path
        );
        if !is_api {
            continue;
        }
        let method = def.method.as_str().to_lowercase();
        let operation = &document["paths"][def.path][&method];
        assert!(operation.is_object(), "{} {} is missing from the document", def.method, def.path);
        let role = match def.access {
            Access::Public => "public".to_string(),
            Access::SignedIn(role) => role.to_string(),
        };
        assert_eq!(operation["x-sustain-role"], role.as_str(), "{} {}: the document's role", def.method, def.path);
        assert!(operation["responses"].as_object().is_some_and(|r| !r.is_empty()), "{} {}", def.method, def.path);
        checked += 1;
    }
    assert!(checked >= 70, "{checked} API routes");
}

#[test]
fn every_error_is_documented_in_the_one_shape() {
    let document = document();
    let update = &document["paths"]["/api/v1/actions/{id}"]["put"]["responses"];
    for status in ["200", "400", "401", "403", "404", "409", "413", "415", "422", "429"] {
        assert!(update[status].is_object(), "PUT /api/v1/actions/{{id}} documents {status}");
    }
    assert_eq!(update["422"]["content"]["application/json"]["schema"]["$ref"], "#/components/schemas/error");
    assert!(update["429"]["headers"]["Retry-After"].is_object());
    let error = &document["components"]["schemas"]["error"]["properties"]["error"]["properties"];
    for field in ["code", "message", "fields"] {
        assert!(error[field].is_object(), "the error shape has {field}");
    }
    let list = &document["paths"]["/api/v1/actions"]["get"]["parameters"];
    let names: Vec<&str> = list.as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    for name in ["owner", "area", "state", "overdue", "page", "per_page", "sort", "dir"] {
        assert!(names.contains(&name), "the action list documents {name}: {names:?}");
    }
}

on_both_backends! {
    async fn the_document_is_served_as_json_and_as_a_page_that_loads_nothing_from_elsewhere(backend) {
        let app = TestApp::spawn(backend).await;
        let json = app.get("/api/v1/openapi.json").await;
        assert_eq!(json.status(), 200);
        let served: serde_json::Value = json.json().await.unwrap();
        assert_eq!(&served, document());
        let page = app.get("/api/docs").await;
        assert_eq!(page.status(), 200);
        assert!(page.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
        let html = page.text().await.unwrap();
        assert!(html.contains("PUT /api/v1/actions/{id}") && html.contains("Least role"), "every operation is shown");
        for outside in ["src=\"http", "href=\"http", "src=\"//", "href=\"//", "<script"] {
            assert!(!html.contains(outside), "the page loads nothing from elsewhere: {outside}");
        }
    }
}

fn demo(conn: &mut DbConnection) {
    let hash = common::password_hash(PASSWORD);
    for user in db::users::list(conn).expect("users") {
        db::users::set_password(conn, &Actor::system("test"), user.id, &hash).expect("password");
    }
    // As a first start does: the demo's council details name Swindon's number.
    db::figures::load_shipped(conn, &Actor::system("test")).expect("the shipped figures load");
    sustain::reports::sheets::inspections::load_shipped(conn, &Actor::system("test")).expect("the outcomes load");
}

/// The keys an answer carries and the properties its schema names, side by side.
fn keys_of(answer: &Value, schema: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let sent = answer.as_object().unwrap_or_else(|| panic!("{schema}: {answer}")).keys().cloned().collect();
    let properties = &document()["components"]["schemas"][schema]["properties"];
    let named = properties.as_object().unwrap_or_else(|| panic!("no schema {schema}")).keys().cloned().collect();
    (sent, named)
}

on_both_backends! {
    async fn each_answer_schema_names_exactly_the_keys_a_real_answer_carries(backend) {
        let app = TestApp::spawn_demo(backend, demo).await;
        let taken = app
            .client
            .post(app.url("/api/v1/tokens"))
            .json(&json!({ "email": "admin@hartwell.example", "password": PASSWORD }))
            .send()
            .await
            .unwrap();
        assert_eq!(taken.status(), 201);
        let token = taken.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_string();
        let call = |method: reqwest::Method, path: String, body: Option<Value>| {
            let mut request = app.client.request(method, app.url(&path)).bearer_auth(&token);
            if let Some(body) = body {
                request = request.json(&body);
            }
            async move {
                let response = request.send().await.unwrap();
                assert!(response.status().is_success(), "{path}: {}", response.status());
                response.json::<Value>().await.unwrap()
            }
        };
        let lists = [
            ("/api/v1/inspections", "inspection"),
            ("/api/v1/judgements", "judgement"),
            ("/api/v1/findings", "finding"),
            ("/api/v1/areas", "practice_area"),
            ("/api/v1/owners", "owner"),
            ("/api/v1/actions", "action"),
            ("/api/v1/progress-updates", "progress_update"),
            ("/api/v1/finding-actions", "finding_action"),
            ("/api/v1/measures", "measure"),
            ("/api/v1/results", "result"),
            ("/api/v1/evidence", "evidence"),
            ("/api/v1/users", "user"),
            ("/api/v1/history", "change"),
        ];
        for (path, schema) in lists {
            let page = call(reqwest::Method::GET, format!("{path}?per_page=1"), None).await;
            let first = &page["items"][0];
            assert!(first.is_object(), "the demo has one of {path}: {page}");
            let (sent, named) = keys_of(first, schema);
            assert_eq!(sent, named, "{path}: what is sent and what {schema} names");
            if path.contains("history") || path.contains("finding-actions") || path.contains("progress") {
                continue;
            }
            let one = call(reqwest::Method::GET, format!("{path}/{}", first["id"]), None).await;
            assert_eq!(keys_of(&one, schema), (named.clone(), named), "{path}/{{id}}");
        }
        let item = &call(reqwest::Method::GET, "/api/v1/evidence?per_page=1".into(), None).await["items"][0];
        let files = app.url(&format!("/api/v1/evidence/{}/attachments", item["id"]));
        let form = reqwest::multipart::Form::new()
            .text("version", item["version"].to_string())
            .part("file", reqwest::multipart::Part::bytes(b"case,grade\n1,good\n".to_vec()).file_name("audit.csv"));
        let uploaded = app.client.post(&files).bearer_auth(&token).multipart(form).send().await.unwrap();
        assert_eq!(uploaded.status(), 201);
        let (sent, named) = keys_of(&uploaded.json::<Value>().await.unwrap(), "evidence");
        assert_eq!(sent, named, "the item after an upload");
        let listed = call(reqwest::Method::GET, format!("/api/v1/evidence/{}/attachments", item["id"]), None).await;
        let (sent, named) = keys_of(&listed, "attachments");
        assert_eq!(sent, named, "an item's files");
        let (sent, named) = keys_of(&listed["items"][0], "attachment");
        assert_eq!(sent, named, "a file");
        let body = json!({ "email": "new.reader@hartwell.example", "display_name": "New Reader", "role": "viewer" });
        let added = call(reqwest::Method::POST, "/api/v1/users".into(), Some(body)).await;
        let (sent, named) = keys_of(&added, "new_user");
        assert_eq!(sent, named, "a new user's answer");
        assert!(sent.contains("password") && !sent.contains("password_hash"), "{sent:?}");

        let figures = call(reqwest::Method::GET, "/api/v1/figures".into(), None).await;
        let (sent, named) = keys_of(&figures, "council_figures");
        assert_eq!(sent, named, "a council's figures");
        let latest = &figures["indicators"][0];
        let nested = [
            (&figures["council"], "figures_council"),
            (&figures["neighbours"][0], "figures_neighbour"),
            (&figures["neighbours"][0]["inspection"], "figures_inspection"),
            (latest, "figures_indicator_latest"),
            (&latest["indicator"], "figures_indicator"),
            (&latest["latest"], "figures_year"),
            (&latest["latest"]["council"], "figures_figure"),
            (&latest["latest"]["median"], "figures_median"),
            (&latest["latest"]["rank"], "figures_rank"),
            (&latest["latest"]["neighbours"][0], "figures_neighbour_figure"),
            (&latest["trend"][0], "figures_trend_point"),
        ];
        for (answer, schema) in nested {
            let (sent, named) = keys_of(answer, schema);
            assert_eq!(sent, named, "what is sent and what {schema} names");
        }
        let id = latest["indicator"]["id"].as_i64().unwrap();
        let one = call(reqwest::Method::GET, format!("/api/v1/figures/{id}"), None).await;
        let (sent, named) = keys_of(&one, "council_indicator");
        assert_eq!(sent, named, "one indicator's figures");
        let councils = call(reqwest::Method::GET, "/api/v1/figures/councils".into(), None).await;
        let (sent, named) = keys_of(&councils, "figures_councils");
        assert_eq!(sent, named);
        let (sent, named) = keys_of(&councils["councils"][0], "figures_council_choice");
        assert_eq!(sent, named, "a council to choose");

        // The demo's oversight area is at risk of slipping, so its answer names when.
        let verdicts = call(reqwest::Method::GET, "/api/v1/verdicts".into(), None).await;
        let at_risk = verdicts["verdicts"].as_array().unwrap().iter().find(|v| !v["slipping"].is_null()).expect("one at risk");
        let one = call(reqwest::Method::GET, format!("/api/v1/areas/{}/verdict", at_risk["area_id"]), None).await;
        let (sent, named) = keys_of(&one, "area_verdict");
        assert_eq!(sent, named, "one area's verdict");
        let (sent, named) = keys_of(&one["slipping"], "slipping_ahead");
        assert_eq!(sent, named, "when it would slip");
    }
}
