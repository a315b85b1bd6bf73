//! Single sign-on against a real OpenID provider on loopback (`oidc_provider`):
//! new and returning users, links by a vouched-for email, roles from claims,
//! and every way a sign-in must be refused, each with a clear page.

use crate::common;
use crate::oidc_provider::{provider, TestProvider};
use crate::smtp::free_port;

use common::TestApp;
use diesel::prelude::*;
use std::collections::BTreeMap;
use sustain::config::{Config, PasswordSignIn, ProviderSettings, Unmapped};
use sustain::db::history::HistoryRow;
use sustain::db::schema::{change_history, users};
use sustain::domain::history::Change;
use sustain::domain::kinds::Role;

const PASSWORD: &str = "a-long-test-password-1";
/// The provider's id in Sustain's settings.
const PARTNER: &str = "partner";

/// The settings for the test provider, with Entra-style app roles.
fn partner(issuer: &str, client: (String, String)) -> ProviderSettings {
    ProviderSettings {
        name: "Partner Agency".into(),
        issuer: issuer.into(),
        client_id: client.0,
        client_secret: client.1.into(),
        scopes: vec!["openid".into(), "email".into(), "profile".into()],
        role_claim: Some("roles".into()),
        roles: BTreeMap::from([
            ("Sustain.Admin".into(), Role::Admin),
            ("Sustain.Leader".into(), Role::Leader),
            ("Sustain.Contributor".into(), Role::Contributor),
        ]),
        unmapped: Unmapped::Viewer,
        email_verified_claim: "email_verified".into(),
    }
}

/// A server on a port chosen first, so that its client can be registered at
/// the provider with its exact redirect URI before it starts.
async fn spawn(backend: common::Backend, op: &TestProvider, configure: impl FnOnce(&mut Config)) -> TestApp {
    let port = free_port();
    let client = op.register(&format!("http://127.0.0.1:{port}"), PARTNER).await;
    let settings = partner(&op.issuer, client);
    TestApp::spawn_configured(
        backend,
        |conn| {
            common::add_user(conn, "admin@hartwell.example", Role::Admin, PASSWORD);
        },
        move |config| {
            config.bind = format!("127.0.0.1:{port}");
            config.oidc.providers.insert(PARTNER.into(), settings);
            configure(config);
        },
    )
    .await
}

fn location(response: &reqwest::Response, base: &str) -> String {
    let to = response.headers()["location"].to_str().unwrap();
    if to.starts_with("http") {
        to.to_string()
    } else {
        format!("{base}{to}")
    }
}

/// Follows the sign-in from Sustain's button through the provider's login
/// form, as a browser would, up to the provider sending the browser back:
/// the callback address, not yet visited.
async fn to_callback(app: &TestApp, op: &TestProvider, client: &reqwest::Client, login: &str) -> String {
    let start = client.get(app.url(&format!("/auth/oidc/{PARTNER}?next=/areas"))).send().await.unwrap();
    assert_eq!(start.status(), 303, "the button leaves for the provider");
    let mut url = location(&start, &op.issuer);
    assert!(url.starts_with(&op.issuer) && url.contains("code_challenge=") && url.contains("nonce="), "{url}");
    for _ in 0..10 {
        if url.starts_with(&app.address) {
            return url;
        }
        let response = client.get(&url).send().await.unwrap();
        if response.status().is_redirection() {
            url = location(&response, &op.issuer);
            continue;
        }
        let status = response.status();
        let page = response.text().await.unwrap();
        assert_eq!(status, 200, "{url}: {page}");
        let action = page.split("action=\"").nth(1).and_then(|r| r.split('"').next()).expect("the login form");
        let sent = client.post(format!("{}{action}", op.issuer)).form(&[("login", login)]).send().await.unwrap();
        assert!(sent.status().is_redirection(), "the login form answers {}", sent.status());
        url = location(&sent, &op.issuer);
    }
    panic!("the provider never sent the browser back: {url}")
}

/// Signs in through the provider; the response to the callback.
async fn sign_in(app: &TestApp, op: &TestProvider, client: &reqwest::Client, login: &str) -> reqwest::Response {
    let callback = to_callback(app, op, client, login).await;
    client.get(callback).send().await.unwrap()
}

fn history(app: &TestApp) -> Vec<HistoryRow> {
    change_history::table.order(change_history::id).select(HistoryRow::as_select()).load(&mut app.db.connect()).unwrap()
}

fn role_of(app: &TestApp, email: &str) -> Option<(Role, bool)> {
    users::table
        .filter(users::email.eq(email))
        .select((users::role, users::active))
        .get_result(&mut app.db.connect())
        .optional()
        .unwrap()
}

on_both_backends! {
    async fn a_new_user_arrives_with_the_role_from_the_claim_and_comes_back_to_the_same_account(backend) {
        let Some(op) = provider() else { return };
        let app = spawn(backend, op, |_| {}).await;
        let login = common::unique_name("lead");
        op.account(&login, serde_json::json!({ "name": "Sam Lead", "roles": ["Sustain.Leader", "Unrelated"] })).await;

        let page = app.get("/sign-in").await.text().await.unwrap();
        assert!(page.contains(&format!("href=\"/auth/oidc/{PARTNER}?next=%2F\"")) && page.contains("Sign in with Partner Agency"));

        let client = TestApp::new_client();
        let back = sign_in(&app, op, &client, &login).await;
        assert_eq!(back.status(), 200);
        assert_eq!(back.headers()["refresh"], "0; url=/areas", "on to the page asked for");
        assert_eq!(client.get(app.url("/areas")).send().await.unwrap().status(), 200, "signed in");
        let email = format!("{login}@partner.example");
        assert_eq!(role_of(&app, &email), Some((Role::Leader, true)));
        let account = client.get(app.url("/account")).send().await.unwrap().text().await.unwrap();
        assert!(account.contains("Sam Lead"));

        // Returning: the same account, found by issuer and subject.
        let again = TestApp::new_client();
        assert_eq!(sign_in(&app, op, &again, &login).await.status(), 200);
        assert_eq!(again.get(app.url("/")).send().await.unwrap().status(), 200);
        let count: i64 = users::table.filter(users::email.eq(&email)).count().get_result(&mut app.db.connect()).unwrap();
        assert_eq!(count, 1, "no second account");

        let entries = history(&app);
        let made = entries.iter().filter(|h| h.what == Change::Create && h.actor == "Sign-in with Partner Agency").count();
        let linked = entries.iter().filter(|h| h.what == Change::Link).count();
        let signed_in = entries.iter().filter(|h| h.what == Change::SignIn && h.after_json.as_deref().is_some_and(|a| a.contains(PARTNER))).count();
        assert_eq!((made, linked, signed_in), (1, 1, 2), "created, linked once, signed in twice");
    }
}

on_both_backends! {
    async fn an_existing_user_is_linked_once_by_a_vouched_email_and_never_by_an_unvouched_one(backend) {
        let Some(op) = provider() else { return };
        let app = spawn(backend, op, |_| {}).await;
        let (vouched, unvouched) = (common::unique_name("reed"), common::unique_name("shaw"));
        for login in [&vouched, &unvouched] {
            common::add_user(&mut app.db.connect(), &format!("{login}@partner.example"), Role::Contributor, PASSWORD);
        }
        op.account(&unvouched, serde_json::json!({ "email_verified": false })).await;
        op.account(&vouched, serde_json::json!({ "roles": ["Sustain.Contributor"] })).await;

        let refused = sign_in(&app, op, &TestApp::new_client(), &unvouched).await;
        assert_eq!(refused.status(), 403);
        assert!(refused.text().await.unwrap().contains("does not confirm that the address is yours"));

        let client = TestApp::new_client();
        assert_eq!(sign_in(&app, op, &client, &vouched).await.status(), 200);
        assert_eq!(client.get(app.url("/")).send().await.unwrap().status(), 200);
        let entries = history(&app);
        let link = entries.iter().find(|h| h.what == Change::Link).expect("the link is in history");
        assert!(link.after_json.as_deref().unwrap().contains(&format!("{vouched}@partner.example")));
        assert!(entries.iter().any(|h| h.what == Change::ProviderSignInRefused && h.after_json.as_deref().unwrap().contains("email_not_vouched")));
        assert_eq!(role_of(&app, &format!("{vouched}@partner.example")), Some((Role::Contributor, true)));
    }
}

on_both_backends! {
    async fn a_role_changed_at_the_provider_applies_at_the_next_sign_in_and_a_deactivated_user_stays_out(backend) {
        let Some(op) = provider() else { return };
        let app = spawn(backend, op, |_| {}).await;
        let login = common::unique_name("moss");
        let email = format!("{login}@partner.example");
        op.account(&login, serde_json::json!({ "roles": ["Sustain.Contributor"] })).await;
        assert_eq!(sign_in(&app, op, &TestApp::new_client(), &login).await.status(), 200);
        assert_eq!(role_of(&app, &email), Some((Role::Contributor, true)));

        op.account(&login, serde_json::json!({ "roles": ["Sustain.Admin"] })).await;
        let client = TestApp::new_client();
        assert_eq!(sign_in(&app, op, &client, &login).await.status(), 200);
        assert_eq!(role_of(&app, &email), Some((Role::Admin, true)));
        assert_eq!(client.get(app.url("/users")).send().await.unwrap().status(), 200, "an admin now");
        assert!(history(&app).iter().any(|h| h.what == Change::ProviderRole), "the change is in history");

        diesel::update(users::table.filter(users::email.eq(&email))).set(users::active.eq(false)).execute(&mut app.db.connect()).unwrap();
        let refused = sign_in(&app, op, &TestApp::new_client(), &login).await;
        assert_eq!(refused.status(), 403);
        assert!(refused.text().await.unwrap().contains("Your Sustain account is deactivated"));
    }
}

on_both_backends! {
    async fn a_tampered_state_a_replayed_code_and_bad_id_tokens_are_refused_with_a_clear_page(backend) {
        let Some(op) = provider() else { return };
        let app = spawn(backend, op, |_| {}).await;
        let login = common::unique_name("mallory");
        let refused = |page: &str| page.contains("Sign-in not completed") && page.contains("Go back to sign in");

        let client = TestApp::new_client();
        let callback = to_callback(&app, op, &client, &login).await;
        let tampered = callback.replace("state=", "state=x");
        let answer = client.get(&tampered).send().await.unwrap();
        assert_eq!(answer.status(), 400, "tampered state");
        assert!(refused(&answer.text().await.unwrap()));

        // The code used once by the browser, then replayed with the flow cookie it carried.
        let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
        let client = reqwest::Client::builder().cookie_provider(jar.clone()).redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let callback = to_callback(&app, op, &client, &login).await;
        let cookies = reqwest::cookie::CookieStore::cookies(&*jar, &callback.parse().unwrap()).expect("the flow cookie");
        assert_eq!(client.get(&callback).send().await.unwrap().status(), 200, "the first use signs in");
        let replayed = TestApp::new_client().get(&callback).header("cookie", cookies).send().await.unwrap();
        assert_eq!(replayed.status(), 400, "replayed code");
        assert!(refused(&replayed.text().await.unwrap()));
        assert!(history(&app).iter().any(|h| h.after_json.as_deref().is_some_and(|a| a.contains("code_refused"))));

        for (kind, reason) in [("nonce", "nonce"), ("issuer", "issuer"), ("expired", "expired"), ("kid", "unknown_key")] {
            op.tamper(&login, kind).await;
            let answer = sign_in(&app, op, &TestApp::new_client(), &login).await;
            assert_eq!(answer.status(), 400, "{kind}");
            assert!(refused(&answer.text().await.unwrap()), "{kind}");
            assert!(history(&app).iter().any(|h| h.what == Change::ProviderSignInRefused && h.after_json.as_deref().unwrap().contains(&format!("\"reason\":\"{reason}\""))), "{kind} in history");
        }
        assert_eq!(sign_in(&app, op, &TestApp::new_client(), &login).await.status(), 200, "an honest token still signs in");
    }
}

on_both_backends! {
    async fn a_key_rotation_at_the_provider_is_followed_without_a_restart(backend) {
        let Some(op) = provider() else { return };
        let app = spawn(backend, op, |_| {}).await;
        let login = common::unique_name("rota");
        assert_eq!(sign_in(&app, op, &TestApp::new_client(), &login).await.status(), 200, "keys fetched");
        let new_key = op.rotate_keys().await;
        let client = TestApp::new_client();
        let callback = to_callback(&app, op, &client, &login).await;
        let back = client.get(&callback).send().await.unwrap();
        assert_eq!(back.status(), 200, "a token signed by the key {new_key}, unknown until fetched again");
        assert_eq!(client.get(app.url("/")).send().await.unwrap().status(), 200);
    }
}

on_both_backends! {
    async fn an_unreachable_provider_gives_a_clear_page_and_a_history_entry(backend) {
        let closed = format!("http://127.0.0.1:{}", free_port());
        let app = TestApp::spawn_configured(backend, |_| {}, |config| {
            config.oidc.providers.insert("gone".into(), ProviderSettings { name: "Gone Council".into(), ..partner(&closed, ("id".into(), "secret".into())) });
        })
        .await;
        let answer = app.get("/auth/oidc/gone").await;
        assert_eq!(answer.status(), 502);
        let page = answer.text().await.unwrap();
        assert!(page.contains("Could not reach Gone Council") && page.contains("Go back to sign in"), "{page}");
        assert!(history(&app).iter().any(|h| h.what == Change::ProviderSignInRefused && h.after_json.as_deref().unwrap().contains("unreachable")));
        assert_eq!(app.get("/auth/oidc/unknown").await.status(), 404, "no such provider");
    }
}

on_both_backends! {
    async fn signing_out_ends_the_session_and_offers_the_providers_end_session(backend) {
        let Some(op) = provider() else { return };
        let app = spawn(backend, op, |_| {}).await;
        let login = common::unique_name("outa");
        assert_eq!(sign_in(&app, op, &app.client, &login).await.status(), 200);
        let token = app.csrf_token().await;
        let out = app.client.post(app.url("/sign-out")).form(&[("csrf_token", token)]).send().await.unwrap();
        assert_eq!(out.status(), 303);
        let next = out.headers()["location"].to_str().unwrap().to_string();
        assert_eq!(next, format!("/signed-out?provider={PARTNER}"));
        assert_eq!(app.get("/").await.status(), 303, "the Sustain session has ended");
        let page = app.get(&next).await.text().await.unwrap();
        let end_session = format!("{}/session/end?client_id=", op.issuer);
        assert!(page.contains(&end_session) && page.contains("Sign out of Partner Agency"), "{page}");
        let post_logout = format!("post_logout_redirect_uri={}", urlencode(&app.url("/sign-in")));
        assert!(page.contains(&post_logout), "{page}");
    }
}

fn urlencode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

on_both_backends! {
    async fn password_sign_in_can_be_kept_for_admins_only(backend) {
        let Some(op) = provider() else { return };
        let app = spawn(backend, op, |config| config.oidc.password_sign_in = PasswordSignIn::AdminsOnly).await;
        common::add_user(&mut app.db.connect(), "viewer@hartwell.example", Role::Viewer, PASSWORD);
        let page = app.get("/sign-in").await.text().await.unwrap();
        assert!(page.contains("Admins: sign in with a password"));
        let refused = app.sign_in_with(&TestApp::new_client(), "viewer@hartwell.example", PASSWORD).await;
        assert_eq!(refused.status(), 403);
        assert!(refused.text().await.unwrap().contains("only admins sign in with a password"));
        let token = reqwest::Client::new().post(app.url("/api/v1/tokens")).json(&serde_json::json!({ "email": "viewer@hartwell.example", "password": PASSWORD })).send().await.unwrap();
        assert_eq!(token.status(), 403, "nor an API token");
        assert_eq!(app.sign_in_with(&TestApp::new_client(), "admin@hartwell.example", PASSWORD).await.status(), 303);
    }
}

on_both_backends! {
    async fn the_sign_on_routes_answer_every_role_without_an_error(backend) {
        let Some(op) = provider() else { return };
        let app = spawn(backend, op, |_| {}).await;
        let mut clients = vec![("signed out".to_string(), TestApp::new_client())];
        for role in Role::ALL {
            let email = format!("{role}@hartwell.example");
            if *role != Role::Admin {
                common::add_user(&mut app.db.connect(), &email, *role, PASSWORD);
            }
            let client = TestApp::new_client();
            assert_eq!(app.sign_in_with(&client, &email, PASSWORD).await.status(), 303);
            clients.push((role.to_string(), client));
        }
        for (who, client) in &clients {
            for (path, expected) in [
                (format!("/auth/oidc/{PARTNER}"), 303),
                ("/auth/oidc/nobody".to_string(), 404),
                (format!("/auth/oidc/{PARTNER}/callback?code=c&state=s"), 400),
                ("/signed-out".to_string(), 303),
                (format!("/signed-out?provider={PARTNER}"), 200),
            ] {
                let status = client.get(app.url(&path)).send().await.unwrap().status();
                assert_eq!(status, expected, "{path} as {who}");
            }
        }
    }
}
