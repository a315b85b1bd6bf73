//! The defects found when the app was attacked (issue 9) that concern sessions,
//! form tokens, redirects and passwords, each reproduced as the attack was made
//! and shown to be refused, on both backends.

use crate::common;
use crate::defects_fixture;

use common::TestApp;
use defects_fixture::*;
use sustain::db::{self, actions, users};

// 1. Signing out did not end the session: a copied cookie went on working.
on_both_backends! {
    async fn a_copied_session_cookie_stops_working_after_sign_out(backend) {
        let (app, f) = spawn(backend).await;
        let (browser, session) = signed_in(&app, "leader@hartwell.example").await;
        let edit = format!("/actions/{}/edit", f.action);
        let replay = |cookie: String, path: String| bare_client().get(app.url(&path)).header("cookie", cookie).send();

        // The copied cookie works while the session lasts, and gives the attacker the form token too.
        let copied = format!("sustain_session={session}");
        assert_eq!(replay(copied.clone(), edit.clone()).await.unwrap().status(), 200);
        let account = replay(copied.clone(), "/account".into()).await.unwrap().text().await.unwrap();
        let token = common::token_in(&account).expect("the account page has a form");

        assert_eq!(app.post_form(&browser, "/sign-out", &[]).await.status(), 303);
        let after = replay(copied.clone(), edit.clone()).await.unwrap();
        assert_eq!(after.status(), 303, "the replayed cookie is signed out");
        assert!(after.headers()["location"].to_str().unwrap().starts_with("/sign-in"));
        let posted = bare_client()
            .post(app.url(&format!("/actions/{}/updates", f.action)))
            .header("cookie", copied)
            .form(&update_form(&token, "Added with a copied cookie"))
            .send()
            .await
            .unwrap();
        assert_eq!(posted.status(), 303, "sent to sign in");
        assert!(actions::updates(&mut app.db.connect(), Some(f.action)).unwrap().is_empty(), "nothing was added");

        // A session past its expiry time ends, whatever its token says.
        let (_, session) = signed_in(&app, "leader@hartwell.example").await;
        let cookie = format!("sustain_session={session}");
        assert_eq!(replay(cookie.clone(), "/".into()).await.unwrap().status(), 200);
        {
            use diesel::prelude::*;
            use sustain::db::schema::sessions;
            let past = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap();
            diesel::update(sessions::table.filter(sessions::ended_at.is_null()))
                .set(sessions::expires_at.eq(past))
                .execute(&mut app.db.connect())
                .unwrap();
        }
        assert_eq!(replay(cookie, "/".into()).await.unwrap().status(), 303, "an expired session is signed out");

        // An API token stops working once revoked.
        let bearer = api_token(&app, "leader@hartwell.example").await;
        let areas = || app.client.get(app.url("/api/v1/areas")).bearer_auth(&bearer).send();
        assert_eq!(areas().await.unwrap().status(), 200);
        let revoked = app.client.delete(app.url("/api/v1/tokens/current")).bearer_auth(&bearer).send().await.unwrap();
        assert_eq!(revoked.status(), 204);
        assert_eq!(areas().await.unwrap().status(), 401, "a revoked token is refused");

        // The account page lists both live sessions, and signs out the other one.
        let (first, _) = signed_in(&app, "leader@hartwell.example").await;
        let (second, _) = signed_in(&app, "leader@hartwell.example").await;
        let page = first.get(app.url("/account")).send().await.unwrap().text().await.unwrap();
        assert_eq!(page.matches("<tr>").count(), 3, "a heading row and two sessions: {page}");
        assert!(page.contains("Sign out of 1 other session"), "{page}");
        assert_eq!(app.post_form(&first, "/account/sessions", &[]).await.status(), 303);
        assert_eq!(second.get(app.url("/")).send().await.unwrap().status(), 303, "the other session ended");
        assert_eq!(first.get(app.url("/")).send().await.unwrap().status(), 200, "this one carries on");
        let page = first.get(app.url("/account")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("You are not signed in anywhere else"), "{page}");
    }
}

// 3. A form token was not tied to the session: one session's token worked in another.
on_both_backends! {
    async fn a_form_token_from_another_session_is_refused_with_a_page_that_says_why(backend) {
        let (app, f) = spawn(backend).await;
        let admin = TestApp::new_client();
        let signed = app.sign_in_with(&admin, "admin@hartwell.example", PASSWORD).await;
        let admin_session = set_cookie(&signed, "sustain_session");
        let leader = TestApp::new_client();
        let signed = app.sign_in_with(&leader, "leader@hartwell.example", PASSWORD).await;
        let leader_csrf_cookie = set_cookie(&signed, "sustain_csrf");
        let leader_token = app.csrf_token_for(&leader).await;

        // The admin's session cookie, with the leader's CSRF cookie and a token
        // from the leader's session: the one its forms carry, and the cookie's
        // own value (what a form carried when tokens were tied to the cookie).
        let cookie = format!("sustain_session={admin_session}; sustain_csrf={leader_csrf_cookie}");
        for token in [leader_token.clone(), leader_csrf_cookie.clone()] {
            let forged = |path: String, fields: Vec<(&'static str, String)>| {
                let mut form = fields;
                form.push(("csrf_token", token.clone()));
                bare_client().post(app.url(&path)).header("cookie", cookie.clone()).form(&form).send()
            };
            let new_user = vec![("email", "new@hartwell.example".into()), ("display_name", "New".into()), ("role", "admin".into())];
            let refused = forged("/users".into(), new_user).await.unwrap();
            assert_eq!(refused.status(), 403);
            let page = refused.text().await.unwrap();
            assert!(page.contains("This form did not come from your current session, so nothing was saved"), "{page}");
            assert!(users::find_by_email(&mut app.db.connect(), "new@hartwell.example").unwrap().is_none());

            let update = vec![("update_date", "2025-02-01".into()), ("rag", "green".into()), ("note", "Forged".into())];
            assert_eq!(forged(format!("/actions/{}/updates", f.action), update).await.unwrap().status(), 403);
            assert!(actions::updates(&mut app.db.connect(), Some(f.action)).unwrap().is_empty());
            assert_eq!(forged("/account/sessions".into(), vec![]).await.unwrap().status(), 403);
            assert_eq!(forged("/sign-out".into(), vec![]).await.unwrap().status(), 403);
            assert_eq!(admin.get(app.url("/")).send().await.unwrap().status(), 200, "the admin is still signed in");
            assert_eq!(leader.get(app.url("/")).send().await.unwrap().status(), 200, "so is the leader");
        }

        // The admin's own token still works.
        let created = app.post_form(&admin, "/users", &[("email", "new@hartwell.example"), ("display_name", "New"), ("role", "viewer")]).await;
        assert_eq!(created.status(), 201);
    }
}

/// The hidden `next` field of the sign-in page.
fn next_in(page: &str) -> String {
    let marker = "name=\"next\" value=\"";
    let start = page.find(marker).expect("the page carries next") + marker.len();
    page[start..start + page[start..].find('"').unwrap()].to_string()
}

// 4. The address to go to after sign-in could send the browser to another site.
on_both_backends! {
    async fn a_hostile_next_address_after_sign_in_goes_to_the_overview(backend) {
        let (app, _) = spawn(backend).await;
        for (query, raw) in [
            ("%2F%09%2F127.0.0.1:18198%2Fpwned", "/\t/127.0.0.1:18198/pwned"),
            ("/%0A/evil", "/\n/evil"),
            ("%2F%2Fevil.example", "//evil.example"),
        ] {
            for post_raw in [false, true] {
                let client = TestApp::new_client();
                let form = client.get(app.url(&format!("/sign-in?next={query}"))).send().await.unwrap();
                assert_eq!(form.status(), 200, "{query}");
                let page = form.text().await.unwrap();
                assert_eq!(next_in(&page), "/", "{query}: the page carries only a safe address");
                let token = common::token_in(&page).unwrap();
                let next = if post_raw { raw.to_string() } else { next_in(&page) };
                let signed = client.post(app.url("/sign-in"))
                    .form(&[("csrf_token", token.as_str()), ("email", "leader@hartwell.example"), ("password", PASSWORD), ("next", &next)])
                    .send().await.unwrap();
                assert_eq!(signed.status(), 303, "{query}");
                assert_eq!(signed.headers()["location"], "/", "{query} (posted as typed: {post_raw})");
            }
        }
        let client = TestApp::new_client();
        let page = client.get(app.url("/sign-in?next=%2Factions%2F1%3Fas_at%3D2025-03-31")).send().await.unwrap();
        assert_eq!(next_in(&page.text().await.unwrap()), "/actions/1?as_at=2025-03-31", "a plain path is kept");
    }
}

// 5. Guessing one's current password while signed in was not throttled.
on_both_backends! {
    async fn guessing_the_current_password_is_throttled_and_recorded(backend) {
        let (app, _) = spawn(backend).await;
        let (client, _) = signed_in(&app, "qa@hartwell.example").await;
        let change = |current: &'static str| {
            let fields = [("current_password", current), ("new_password", "harbour-otter-lantern-7"), ("confirm_password", "harbour-otter-lantern-7")];
            let (app, client) = (&app, &client);
            async move { app.post_form(client, "/account/password", &fields).await }
        };
        for n in 0..5 {
            let wrong = change("not-my-password-at-all").await;
            assert_eq!(wrong.status(), 422, "guess {n}");
            assert!(wrong.text().await.unwrap().contains("Your current password is not right"));
        }
        let right = change(PASSWORD).await;
        assert!([422, 429].contains(&right.status().as_u16()), "{}", right.status());
        assert!(right.text().await.unwrap().contains("Too many failed sign-in attempts"), "the right password waits too");

        let conn = &mut app.db.connect();
        let row = users::find_by_email(conn, "qa@hartwell.example").unwrap().unwrap();
        assert!(sustain::auth::password::verify(PASSWORD, row.password_hash.as_deref().unwrap()), "the password is unchanged");
        let history = db::history::list(conn, &db::history::HistoryFilter { entity: Some(sustain::domain::history::Entity::User), ..Default::default() }).unwrap();
        let failed = history.iter().filter(|h| h.what == sustain::domain::history::Change::PasswordChangeFailed && h.entity_id == row.id.0).count();
        assert_eq!(failed, 5, "{history:?}");
        assert_eq!(client.get(app.url("/")).send().await.unwrap().status(), 200, "the session itself carries on");
    }
}
