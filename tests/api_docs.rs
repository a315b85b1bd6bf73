//! The OpenAPI document: every API route of the route table is in it with the
//! same least role, and it is served as JSON and as a page that loads nothing
//! from elsewhere.

use crate::common;

use common::TestApp;
use sustain::web::routes::{self, Access};

#[test]
fn every_api_route_is_documented_with_the_role_of_the_route_table() {
    let document = sustain::api::openapi::json();
    assert_eq!(document["openapi"].as_str().map(|v| v.starts_with("3.1")), Some(true), "OpenAPI 3.1");
    let mut checked = 0;
    for def in routes::table().iter().filter(|d| d.path.starts_with("/api/")) {
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
    // And nothing documented that the table does not serve.
    for (path, item) in document["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            let served =
                routes::table().iter().any(|d| d.path == path && d.method.as_str().eq_ignore_ascii_case(method));
            assert!(served, "{method} {path} is documented but not served");
        }
    }
}

#[test]
fn every_error_is_documented_in_the_one_shape() {
    let document = sustain::api::openapi::json();
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
        assert_eq!(&served, sustain::api::openapi::json());
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
