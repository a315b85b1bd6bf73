//! A running app with one user and one API token per role, and short calls
//! that return the status and the JSON body.

#![allow(dead_code)]

use crate::common::{Backend, TestApp};
pub use crate::security_fixture::{email, Fixture, PASSWORD};
use serde_json::Value;
use sustain::domain::kinds::Role;

/// The app and a bearer token for each role.
pub struct Api {
    pub app: TestApp,
    tokens: Vec<(Role, String)>,
}

/// What a call answered.
pub struct Answer {
    pub status: u16,
    pub body: Value,
    pub headers: reqwest::header::HeaderMap,
}

impl Answer {
    /// The answer's error code (`invalid`, `conflict`...).
    pub fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or("")
    }

    /// Whether the 422 names a field.
    pub fn names(&self, field: &str) -> bool {
        self.body["error"]["fields"][field].as_array().is_some_and(|m| !m.is_empty())
    }
}

impl Api {
    /// Starts the app over the role matrix's fixture: a user per role and one of every record.
    pub async fn spawn(backend: Backend) -> (Self, Fixture) {
        Self::spawn_configured(backend, |_| {}).await
    }

    /// As `spawn`, with adjusted settings.
    pub async fn spawn_configured(
        backend: Backend,
        configure: impl FnOnce(&mut sustain::config::Config),
    ) -> (Self, Fixture) {
        Self::spawn_prepared(backend, |_| {}, configure).await
    }

    /// As `spawn`, with more data added to the fixture's.
    pub async fn spawn_with(backend: Backend, more: impl FnOnce(&mut sustain::db::DbConnection)) -> (Self, Fixture) {
        Self::spawn_prepared(backend, more, |_| {}).await
    }

    async fn spawn_prepared(
        backend: Backend,
        more: impl FnOnce(&mut sustain::db::DbConnection),
        configure: impl FnOnce(&mut sustain::config::Config),
    ) -> (Self, Fixture) {
        let mut fixture = None;
        let prepare = |conn: &mut sustain::db::DbConnection| {
            fixture = Some(crate::security_fixture::prepare(conn));
            more(conn);
        };
        let app = TestApp::spawn_configured(backend, prepare, configure).await;
        let mut tokens = Vec::new();
        for role in Role::ALL {
            let response = app
                .client
                .post(app.url("/api/v1/tokens"))
                .json(&serde_json::json!({ "email": email(*role), "password": PASSWORD }))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 201);
            let body: Value = response.json().await.unwrap();
            tokens.push((*role, body["token"].as_str().unwrap().to_string()));
        }
        (Api { app, tokens }, fixture.expect("the fixture is prepared"))
    }

    pub fn token(&self, role: Role) -> &str {
        &self.tokens.iter().find(|(r, _)| *r == role).unwrap().1
    }

    /// Sends a request as `role` (or with no token), with an optional JSON body.
    pub async fn call(&self, role: Option<Role>, method: &str, path: &str, body: Option<Value>) -> Answer {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut request = self.app.client.request(method, self.app.url(path));
        if let Some(role) = role {
            request = request.bearer_auth(self.token(role));
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Answer { status, body, headers }
    }

    pub async fn get(&self, role: Role, path: &str) -> Answer {
        self.call(Some(role), "GET", path, None).await
    }

    pub async fn post(&self, role: Role, path: &str, body: Value) -> Answer {
        self.call(Some(role), "POST", path, Some(body)).await
    }

    pub async fn put(&self, role: Role, path: &str, body: Value) -> Answer {
        self.call(Some(role), "PUT", path, Some(body)).await
    }
}
