//! Sign-in throttling that cannot be turned against users: only failures
//! count, a burst of guesses is limited exactly, and guesses from elsewhere
//! never lock an owner out of a browser they have used.

mod common;

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
    db::history::list(&mut app.db.connect(), &filter).unwrap().iter().filter(|h| h.what == what).count()
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
        let history = db::history::list(&mut app.db.connect(), &db::history::HistoryFilter { entity: Some("user".into()), ..Default::default() }).unwrap();
        let failed = history.iter().filter(|h| h.what == "sign_in_failed").collect::<Vec<_>>();
        assert_eq!(failed.len(), 5);
        assert!(failed.iter().all(|h| h.after_json.as_deref().unwrap_or("").contains("\"known_device\":true")), "{failed:?}");
    }
}
