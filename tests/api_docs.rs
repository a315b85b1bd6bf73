//! The OpenAPI document: every API route of the route table is in it, with
//! its least role, and it is served as JSON and as a page that loads nothing
//! from elsewhere.

use crate::common;

use common::TestApp;
use sustain::routes::{self, docs::document, Access};

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
