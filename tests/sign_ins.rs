//! Sign-in throttling that cannot be turned against users: only failures
//! count, a burst of guesses is limited exactly, guesses from elsewhere never
//! lock an owner out of a browser they have used, and API tokens and requests
//! are limited per user; both limits hold across instances on one database.

use crate::common;

use common::TestApp;
use futures_util::future::join_all;
use sustain::db;
use sustain::domain::kinds::Role;

const PASSWORD: &str = "a-long-test-password-1";
const OWNER: &str = "director@hartwell.example";

/// A browser ready to sign in: its own cookie jar and its sign-in form's token.
struct Browser {
    client: reqwest::Client,
    token: String,
}

impl Browser {
    async fn new(app: &TestApp) -> Self {
        let client = TestApp::new_client();
        let token = app.csrf_token_for(&client).await;
        Self { client, token }
    }

    /// Posts the sign-in form, from `address` when the app trusts `X-Forwarded-For`.
    async fn sign_in(&self, app: &TestApp, email: &str, password: &str, address: Option<&str>) -> u16 {
        let mut request = self.client.post(app.url("/sign-in"));
        if let Some(address) = address {
            request = request.header("X-Forwarded-For", address);
        }
        let form = [("csrf_token", self.token.as_str()), ("email", email), ("password", password), ("next", "/")];
        request.form(&form).send().await.unwrap().status().as_u16()
    }
}

/// `n` browsers, each with its form token already fetched, so that their
/// sign-ins can be sent at the same moment.
async fn browsers(app: &TestApp, n: usize) -> Vec<Browser> {
    join_all((0..n).map(|_| Browser::new(app))).await
}

/// How many change-history entries say `what` (sign_in, sign_in_failed...),
/// whichever account or address they were about.
fn in_history(app: &TestApp, what: &str) -> usize {
    let filter = db::history::HistoryFilter { limit: 10_000, ..Default::default() };
    db::history::list(&mut app.db.connect(), &filter).unwrap().iter().filter(|h| h.what.as_str() == what).count()
}

fn count(statuses: &[u16], status: u16) -> usize {
    statuses.iter().filter(|&&s| s == status).count()
}

async fn spawn_with_owner(backend: common::Backend, trust_forwarded_for: bool) -> TestApp {
    TestApp::spawn_configured(
        backend,
        |conn| {
            common::add_user(conn, OWNER, Role::Leader, PASSWORD);
        },
        |config| config.trust_forwarded_for = trust_forwarded_for,
    )
    .await
}

on_both_backends! {
    async fn ten_concurrent_correct_sign_ins_to_one_account_all_succeed(backend) {
        let app = spawn_with_owner(backend, false).await;
        let browsers = browsers(&app, 10).await;
        let statuses = join_all(browsers.iter().map(|b| b.sign_in(&app, OWNER, PASSWORD, None))).await;
        assert_eq!(statuses, vec![303; 10], "every one signs in");
        assert_eq!(in_history(&app, "sign_in"), 10);
        assert_eq!(in_history(&app, "sign_in_throttled"), 0);
    }
}

on_both_backends! {
    async fn forty_concurrent_guesses_from_one_address_are_evaluated_at_most_five_times(backend) {
        let app = spawn_with_owner(backend, false).await;
        let browsers = browsers(&app, 40).await;
        let guesses = browsers.iter().enumerate().map(|(n, b)| {
            let app = &app;
            async move { b.sign_in(app, &format!("guess{n}@hartwell.example"), "password-guess-1234", None).await }
        });
        let statuses = join_all(guesses).await;
        let evaluated = in_history(&app, "sign_in_failed");
        assert!((1..=5).contains(&evaluated), "{evaluated} guesses were checked: {statuses:?}");
        assert_eq!(count(&statuses, 401), evaluated, "only the checked ones are told the password is wrong");
        assert_eq!(count(&statuses, 429), 40 - evaluated, "{statuses:?}");
        assert_eq!(in_history(&app, "sign_in_throttled"), 40 - evaluated, "every refusal is recorded");
        assert_eq!(Browser::new(&app).await.sign_in(&app, OWNER, PASSWORD, None).await, 429, "the address stays limited");
    }
}

on_both_backends! {
    async fn forty_concurrent_guesses_at_one_account_from_forty_addresses_are_evaluated_at_most_five_times(backend) {
        let app = spawn_with_owner(backend, true).await;
        let browsers = browsers(&app, 40).await;
        let guesses = browsers.iter().enumerate().map(|(n, b)| {
            let (app, address) = (&app, format!("192.0.2.{}", n + 1));
            async move { b.sign_in(app, OWNER, "password-guess-1234", Some(&address)).await }
        });
        let statuses = join_all(guesses).await;
        let evaluated = in_history(&app, "sign_in_failed");
        assert!((1..=5).contains(&evaluated), "{evaluated} guesses were checked: {statuses:?}");
        assert_eq!(count(&statuses, 401), evaluated);
        assert_eq!(count(&statuses, 429), 40 - evaluated, "{statuses:?}");
    }
}

on_both_backends! {
    async fn guesses_from_other_addresses_do_not_lock_the_owner_out_of_a_browser_they_have_used(backend) {
        let app = spawn_with_owner(backend, true).await;
        let owner = Browser::new(&app).await;
        assert_eq!(owner.sign_in(&app, OWNER, PASSWORD, Some("198.51.100.10")).await, 303);
        let signed_out = app.post_form(&owner.client, "/sign-out", &[]).await;
        assert_eq!(signed_out.status(), 303);

        // Someone guesses the director's password from addresses of their own.
        for n in 1..=8 {
            let status = Browser::new(&app).await.sign_in(&app, OWNER, "password-guess-1234", Some(&format!("203.0.113.{n}"))).await;
            assert_eq!(status, if n <= 5 { 401 } else { 429 }, "guess {n}");
        }
        let stranger = Browser::new(&app).await;
        assert_eq!(stranger.sign_in(&app, OWNER, PASSWORD, Some("198.51.100.99")).await, 429,
            "a browser the account does not know waits, even with the right password");

        // The owner's own browser still gets in, at the office or elsewhere.
        let owner = Browser { token: app.csrf_token_for(&owner.client).await, client: owner.client };
        assert_eq!(owner.sign_in(&app, OWNER, PASSWORD, Some("198.51.100.10")).await, 303, "from the office");
        assert_eq!(owner.client.get(app.url("/")).send().await.unwrap().status(), 200, "and is signed in");
        assert_eq!(app.post_form(&owner.client, "/sign-out", &[]).await.status(), 303);
        let owner = Browser { token: app.csrf_token_for(&owner.client).await, client: owner.client };
        assert_eq!(owner.sign_in(&app, OWNER, PASSWORD, Some("192.0.2.200")).await, 303, "from another address");

        // A device cookie made up by hand is not a known device.
        let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
        let forged = format!("sustain_device=00112233445566778899aabbccddeeff.1.{}; Path=/", "ab".repeat(32));
        jar.add_cookie_str(&forged, &app.url("/").parse().unwrap());
        let client = reqwest::Client::builder().cookie_provider(jar).redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let forger = Browser { token: app.csrf_token_for(&client).await, client };
        let status = forger.sign_in(&app, OWNER, PASSWORD, Some("198.51.100.98")).await;
        assert_eq!(status, 429, "a forged device cookie does not lift the lock");
    }
}

on_both_backends! {
    async fn a_known_browser_has_its_own_limit_of_five_failures(backend) {
        let app = spawn_with_owner(backend, true).await;
        let owner = Browser::new(&app).await;
        assert_eq!(owner.sign_in(&app, OWNER, PASSWORD, Some("198.51.100.10")).await, 303);
        assert_eq!(app.post_form(&owner.client, "/sign-out", &[]).await.status(), 303);
        for n in 1..=5 {
            // From a new address each time, so that only the browser's own limit applies.
            let owner = Browser { token: app.csrf_token_for(&owner.client).await, client: owner.client.clone() };
            let status = owner.sign_in(&app, OWNER, "not-my-password-at-all", Some(&format!("192.0.2.{n}"))).await;
            assert_eq!(status, 401, "wrong password {n}");
        }
        let owner = Browser { token: app.csrf_token_for(&owner.client).await, client: owner.client };
        assert_eq!(owner.sign_in(&app, OWNER, PASSWORD, Some("192.0.2.50")).await, 429, "the browser now waits too");
        let history = db::history::list(&mut app.db.connect(), &db::history::HistoryFilter { entity: Some(sustain::domain::history::Entity::User), ..Default::default() }).unwrap();
        let failed = history.iter().filter(|h| h.what == sustain::domain::history::Change::SignInFailed).collect::<Vec<_>>();
        assert_eq!(failed.len(), 5);
        assert!(failed.iter().all(|h| h.after_json.as_deref().unwrap_or("").contains("\"known_device\":true")), "{failed:?}");
    }
}

async fn mint(app: &TestApp, client: &reqwest::Client) -> reqwest::Response {
    client
        .post(app.url("/api/v1/tokens"))
        .json(&serde_json::json!({ "email": OWNER, "password": PASSWORD }))
        .send()
        .await
        .unwrap()
}

on_both_backends! {
    async fn an_account_holds_at_most_twenty_live_api_tokens(backend) {
        let app = spawn_with_owner(backend, false).await;
        let mut tokens = Vec::new();
        for n in 0..15 {
            let minted = mint(&app, &app.client).await;
            assert_eq!(minted.status(), 201, "token {n}");
            tokens.push(minted.json::<serde_json::Value>().await.unwrap()["token"].as_str().unwrap().to_string());
        }
        // Ten asked for at once: the limit holds exactly.
        let clients: Vec<reqwest::Client> = (0..10).map(|_| TestApp::new_client()).collect();
        let answers = join_all(clients.iter().map(|c| mint(&app, c))).await;
        let statuses: Vec<u16> = answers.iter().map(|a| a.status().as_u16()).collect();
        assert_eq!((count(&statuses, 201), count(&statuses, 429)), (5, 5), "{statuses:?}");
        let refused = answers.into_iter().find(|a| a.status() == 429).unwrap();
        let wait: u64 = refused.headers()["retry-after"].to_str().unwrap().parse().unwrap();
        assert!(wait > 0 && wait <= 480 * 60, "told to wait until the first token expires: {wait}");
        let body: serde_json::Value = refused.json().await.unwrap();
        assert_eq!(body["error"]["code"], "too_many_requests");
        assert!(body["error"]["message"].as_str().unwrap().contains("20 live API tokens"), "{body}");

        assert_eq!(Browser::new(&app).await.sign_in(&app, OWNER, PASSWORD, None).await, 303, "signing in to the pages is not limited");
        let ended = app.client.delete(app.url("/api/v1/tokens/current")).bearer_auth(&tokens[0]).send().await.unwrap();
        assert_eq!(ended.status(), 204);
        assert_eq!(mint(&app, &app.client).await.status(), 201, "ending one makes room for another");
        assert_eq!(mint(&app, &app.client).await.status(), 429);
    }
}

on_both_backends! {
    async fn the_api_limit_counts_all_of_a_users_tokens_together(backend) {
        let app = TestApp::spawn_configured(backend, |conn| {
            common::add_user(conn, OWNER, Role::Leader, PASSWORD);
            common::add_user(conn, "qa@hartwell.example", Role::Contributor, PASSWORD);
        }, |config| config.api_requests_per_minute = 6).await;
        let token = |email: &'static str| {
            let app = &app;
            async move {
                let minted = app.client.post(app.url("/api/v1/tokens")).json(&serde_json::json!({ "email": email, "password": PASSWORD })).send().await.unwrap();
                minted.json::<serde_json::Value>().await.unwrap()["token"].as_str().unwrap().to_string()
            }
        };
        let (first, second, other) = (token(OWNER).await, token(OWNER).await, token("qa@hartwell.example").await);
        let get = |token: &str| app.client.get(app.url("/api/v1/areas")).bearer_auth(token).send();
        for n in 0..3 {
            assert_eq!(get(&first).await.unwrap().status(), 200, "first token, request {n}");
            assert_eq!(get(&second).await.unwrap().status(), 200, "second token, request {n}");
        }
        let refused = get(&second).await.unwrap();
        assert_eq!(refused.status(), 429, "six requests over two tokens use up the user's six");
        assert!(refused.headers().contains_key("retry-after"));
        assert_eq!(get(&first).await.unwrap().status(), 429);
        assert_eq!(get(&other).await.unwrap().status(), 200, "another user has their own limit");
    }
}

/// Signs in from a fresh browser at the server at `base` (one instance or the other).
async fn sign_in_at(base: &str, email: &str, password: &str) -> u16 {
    let client = TestApp::new_client();
    let page = client.get(format!("{base}/sign-in")).send().await.unwrap().text().await.unwrap();
    let token = common::token_in(&page).expect("the sign-in form's token");
    let form = [("csrf_token", token.as_str()), ("email", email), ("password", password), ("next", "/")];
    client.post(format!("{base}/sign-in")).form(&form).send().await.unwrap().status().as_u16()
}

on_both_backends! {
    async fn guesses_alternating_between_two_instances_are_limited_to_five_in_all(backend) {
        let app = spawn_with_owner(backend, false).await;
        let other = app.another_instance().await;
        let instances = [app.address.as_str(), other.address.as_str()];
        for n in 0..5 {
            assert_eq!(sign_in_at(instances[n % 2], OWNER, "password-guess-1234").await, 401, "guess {n}");
        }
        for (n, base) in instances.iter().enumerate() {
            assert_eq!(sign_in_at(base, OWNER, "password-guess-1234").await, 429, "instance {n} counts the other's failures");
            assert_eq!(sign_in_at(base, OWNER, PASSWORD).await, 429, "instance {n}: the address waits, even with the right password");
        }
        assert_eq!(in_history(&app, "sign_in_failed"), 5);
    }
}

/// A user's API token, minted at the server at `base`.
async fn token_at(base: &str, email: &str) -> String {
    let minted = TestApp::new_client()
        .post(format!("{base}/api/v1/tokens"))
        .json(&serde_json::json!({ "email": email, "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(minted.status(), 201);
    minted.json::<serde_json::Value>().await.unwrap()["token"].as_str().unwrap().to_string()
}

async fn areas_at(base: &str, token: &str) -> reqwest::Response {
    TestApp::new_client().get(format!("{base}/api/v1/areas")).bearer_auth(token).send().await.unwrap()
}

const QA: &str = "qa@hartwell.example";

async fn spawn_two_limited(backend: common::Backend, per_minute: u32) -> (TestApp, common::Instance) {
    let app = TestApp::spawn_configured(
        backend,
        |conn| {
            common::add_user(conn, OWNER, Role::Leader, PASSWORD);
            common::add_user(conn, QA, Role::Contributor, PASSWORD);
        },
        |config| config.api_requests_per_minute = per_minute,
    )
    .await;
    let other = app.another_instance_with(|config| config.api_requests_per_minute = per_minute).await;
    (app, other)
}

on_both_backends! {
    async fn the_api_limit_holds_when_requests_alternate_between_two_instances(backend) {
        let (app, other) = spawn_two_limited(backend, 4).await;
        let instances = [app.address.as_str(), other.address.as_str()];
        // A token minted at each instance: neither the instance nor the token gives a second allowance.
        let tokens = [token_at(instances[0], OWNER).await, token_at(instances[1], OWNER).await];
        for n in 0..4 {
            assert_eq!(areas_at(instances[n % 2], &tokens[n % 2]).await.status(), 200, "request {n}");
        }
        for (n, base) in instances.iter().enumerate() {
            let refused = areas_at(base, &tokens[n]).await;
            assert_eq!(refused.status(), 429, "instance {n}: four requests over both use up the user's four");
            let wait: u64 = refused.headers()["retry-after"].to_str().unwrap().parse().unwrap();
            assert!((1..=15).contains(&wait), "one request refills in 15 seconds: {wait}");
            let body: serde_json::Value = refused.json().await.unwrap();
            assert_eq!(body["error"]["code"], "too_many_requests");
            assert!(body["error"]["message"].as_str().unwrap().contains("all its tokens together"), "{body}");
        }
        let qa = token_at(instances[1], QA).await;
        for base in instances {
            assert_eq!(areas_at(base, &qa).await.status(), 200, "another user has their own allowance");
        }
    }
}

on_both_backends! {
    async fn a_burst_of_requests_at_two_instances_at_once_is_served_exactly_the_limit(backend) {
        let (app, other) = spawn_two_limited(backend, 3).await;
        let instances = [app.address.clone(), other.address.clone()];
        let token = token_at(&instances[0], OWNER).await;
        let statuses: Vec<u16> =
            join_all((0..12).map(|n| { let (base, token) = (&instances[n % 2], &token); async move { areas_at(base, token).await.status().as_u16() } }))
                .await;
        assert_eq!((count(&statuses, 200), count(&statuses, 429)), (3, 9), "{statuses:?}");
    }
}
