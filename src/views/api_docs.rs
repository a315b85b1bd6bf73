//! `/api/docs`: the OpenAPI document as a page, drawn on the server from the
//! document itself (no script, nothing loaded from elsewhere).

use super::layout::{layout, Chrome};
use maud::{html, Markup};
use serde_json::Value;

fn type_of(schema: &Value) -> String {
    if let Some(r) = schema["$ref"].as_str() {
        return r.rsplit('/').next().unwrap_or(r).to_string();
    }
    let base = match &schema["type"] {
        Value::String(t) => t.clone(),
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(" or "),
        _ => "any".into(),
    };
    let mut words = base;
    if let Some(format) = schema["format"].as_str() {
        words = format!("{words} ({format})");
    }
    if let Some(values) = schema["enum"].as_array() {
        let names: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
        words = format!("{words}: {}", names.join(", "));
    }
    if let Some(item) = schema.get("items") {
        words = format!("{words} of {}", type_of(item));
    }
    words
}

fn fields_table(caption: &str, schema: &Value) -> Markup {
    let required: Vec<&str> =
        schema["required"].as_array().map(|r| r.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
    html! {
        @if let Some(properties) = schema["properties"].as_object() {
            table class="app-table" {
                caption class="app-table__caption" { (caption) }
                thead { tr { th scope="col" { "Field" } th scope="col" { "Type" } th scope="col" { "Required" } th scope="col" { "Meaning" } } }
                tbody {
                    @for (name, field) in properties {
                        tr {
                            td { code { (name) } }
                            td { (type_of(field)) }
                            td { @if required.contains(&name.as_str()) { "yes" } @else { "no" } }
                            td { (field["description"].as_str().unwrap_or("")) }
                        }
                    }
                }
            }
        }
    }
}

fn operation(method: &str, path: &str, op: &Value) -> Markup {
    let id = op["operationId"].as_str().unwrap_or("");
    html! {
        section class="app-section" id=(id) {
            h3 class="app-heading-s" { code { (method.to_uppercase()) " " (path) } }
            p { (op["summary"].as_str().unwrap_or("")) }
            p { "Least role: " strong { (op["x-sustain-role"].as_str().unwrap_or("")) } }
            @if let Some(parameters) = op["parameters"].as_array() {
                table class="app-table" {
                    caption class="app-table__caption" { "Parameters" }
                    thead { tr { th scope="col" { "Name" } th scope="col" { "In" } th scope="col" { "Type" } th scope="col" { "Meaning" } } }
                    tbody {
                        @for p in parameters {
                            tr {
                                td { code { (p["name"].as_str().unwrap_or("")) } }
                                td { (p["in"].as_str().unwrap_or("")) }
                                td { (type_of(&p["schema"])) }
                                td { (p["description"].as_str().unwrap_or("")) }
                            }
                        }
                    }
                }
            }
            @if let Some(content) = op["requestBody"]["content"].as_object() {
                @for (media, body) in content {
                    (fields_table(&format!("Body ({media})"), &body["schema"]))
                }
            }
            table class="app-table" {
                caption class="app-table__caption" { "Answers" }
                thead { tr { th scope="col" { "Status" } th scope="col" { "Meaning" } } }
                tbody {
                    @for (status, response) in op["responses"].as_object().into_iter().flatten() {
                        tr { td { (status) } td { (response["description"].as_str().unwrap_or("")) } }
                    }
                }
            }
        }
    }
}

/// The whole document as a page.
pub fn api_docs(document: &Value, chrome: &Chrome) -> Markup {
    let paths = document["paths"].as_object();
    let content = html! {
        h1 class="app-heading-xl" { (document["info"]["title"].as_str().unwrap_or("API")) }
        p class="app-body-l" { (document["info"]["description"].as_str().unwrap_or("")) }
        p { "The same document as JSON: " a href="/api/v1/openapi.json" { "/api/v1/openapi.json" } " (OpenAPI " (document["openapi"].as_str().unwrap_or("")) ")." }
        h2 class="app-heading-l" { "Operations" }
        @for (path, item) in paths.into_iter().flatten() {
            @for method in ["get", "post", "put", "delete"] {
                @if let Some(op) = item.get(method) { (operation(method, path, op)) }
            }
        }
        h2 class="app-heading-l" { "Schemas" }
        @for (name, schema) in document["components"]["schemas"].as_object().into_iter().flatten() {
            (fields_table(name, schema))
        }
    };
    layout("API documentation", chrome, content)
}
