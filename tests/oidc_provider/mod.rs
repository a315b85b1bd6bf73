//! A real OpenID provider on loopback for the single sign-on tests: panva's
//! `oidc-provider` (pinned in tests/e2e/package.json) run by node from
//! tests/e2e/oidc-provider.mjs, started once per test run and stopped when
//! the run ends (the script exits when its standard input closes). Each test
//! registers a client of its own, with its server's exact redirect URI.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::{Mutex, OnceLock};

/// The provider's issuer, and the pipe that keeps it running.
pub struct TestProvider {
    pub issuer: String,
    /// The process, its standard input open until the run ends, and its output still read from.
    _alive: Mutex<(Child, BufReader<ChildStdout>)>,
}

static PROVIDER: OnceLock<Option<TestProvider>> = OnceLock::new();

/// The run's provider, started on first use; none (the test is skipped,
/// saying so) where node or the e2e packages are missing, except under CI.
pub fn provider() -> Option<&'static TestProvider> {
    PROVIDER.get_or_init(start).as_ref()
}

fn start() -> Option<TestProvider> {
    let e2e = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e");
    if !e2e.join("node_modules/oidc-provider").exists() {
        let message = "the OpenID provider is missing: run `npm ci` in tests/e2e";
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{message}");
        }
        eprintln!("SKIPPED: {message}");
        return None;
    }
    let mut child = Command::new("node")
        .arg("oidc-provider.mjs")
        .current_dir(&e2e)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("node starts the OpenID provider");
    let mut line = String::new();
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    stdout.read_line(&mut line).expect("the provider's first line");
    let ready: serde_json::Value = serde_json::from_str(&line).expect("the provider says where it listens");
    let issuer = ready["issuer"].as_str().expect("issuer").to_string();
    Some(TestProvider { issuer, _alive: Mutex::new((child, stdout)) })
}

impl TestProvider {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.issuer)
    }

    async fn control(&self, path: &str, body: serde_json::Value) {
        let response = reqwest::Client::new().post(self.url(path)).json(&body).send().await.expect("provider control");
        assert_eq!(response.status(), 200, "{path}");
    }

    /// Registers a client for one Sustain server (dynamic client
    /// registration, as the provider offers it): its id and secret.
    pub async fn register(&self, sustain: &str, provider_id: &str) -> (String, String) {
        let body = serde_json::json!({
            "redirect_uris": [format!("{sustain}/auth/oidc/{provider_id}/callback")],
            "post_logout_redirect_uris": [format!("{sustain}/sign-in")],
            "token_endpoint_auth_method": "client_secret_basic",
        });
        let response = reqwest::Client::new().post(self.url("/reg")).json(&body).send().await.expect("register");
        assert_eq!(response.status(), 201, "registration");
        let client: serde_json::Value = response.json().await.expect("client");
        (client["client_id"].as_str().unwrap().into(), client["client_secret"].as_str().unwrap().into())
    }

    /// Sets the claims an account signs in with (merged over its defaults:
    /// `{login}@partner.example`, vouched for, no roles).
    pub async fn account(&self, login: &str, claims: serde_json::Value) {
        self.control("/test/accounts", serde_json::json!({ "login": login, "claims": claims })).await;
    }

    /// Changes the ID token of the account's next code exchange: `nonce`,
    /// `issuer`, `expired` (each signed again with the provider's key) or
    /// `kid` (signed by a key the provider never published).
    pub async fn tamper(&self, login: &str, kind: &str) {
        self.control("/test/tamper", serde_json::json!({ "login": login, "kind": kind })).await;
    }

    /// Signs with a new key from now on, publishing it beside the old one.
    pub async fn rotate_keys(&self) -> String {
        let response = reqwest::Client::new().post(self.url("/test/rotate")).send().await.expect("rotate");
        let body: serde_json::Value = response.json().await.expect("kid");
        body["kid"].as_str().unwrap().to_string()
    }
}
