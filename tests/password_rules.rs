//! Passwords that hold the name in the holder's email address, the council's
//! name or the product's name are refused, saying why, on every path that sets
//! one: changing your own, `user add`, `user reset-password` and the first admin.

use crate::common;

use common::TestApp;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use sustain::domain::kinds::Role;

const PASSWORD: &str = "a-long-test-password-1";
const COUNCIL: &str = "Hartwell Borough Council";
const EMAIL: &str = "jo.reed@hartwell.example";

/// Each refused password, and words of the message that says why.
const REFUSED: &[(&str, &str)] = &[
    ("JoReed-harbour-otter", "the name in your email address"),
    ("Hartwell-2025-otters", "the council"),
    ("otters-borough-2025", "the council"),
    ("Sustain-2025-otters", "the name of this service"),
];
const GOOD: &str = "harbour-otter-lantern-7";

on_both_backends! {
    async fn changing_your_own_password_refuses_one_guessable_from_who_you_are(backend) {
        let app = TestApp::spawn_configured(backend, |conn| {
            common::add_user(conn, EMAIL, Role::Contributor, PASSWORD);
        }, |config| config.authority_name = Some(COUNCIL.into())).await;
        assert_eq!(app.sign_in(EMAIL, PASSWORD).await.status(), 303);
        for (refused, why) in REFUSED {
            let fields = [("current_password", PASSWORD), ("new_password", refused), ("confirm_password", refused)];
            let answer = app.post_form(&app.client, "/account/password", &fields).await;
            assert_eq!(answer.status(), 422, "{refused}");
            let page = answer.text().await.unwrap();
            assert!(page.contains(why), "{refused}: the page says why ({why})");
        }
        let fields = [("current_password", PASSWORD), ("new_password", GOOD), ("confirm_password", GOOD)];
        assert_eq!(app.post_form(&app.client, "/account/password", &fields).await.status(), 200);
        assert_eq!(app.sign_in_with(&TestApp::new_client(), EMAIL, GOOD).await.status(), 303);
    }
}

/// Runs the binary on `db` with the council's name set and `stdin` piped in;
/// a command that has not ended in 30 seconds is stopped and fails the test.
fn command(db: &common::TestDb, args: &[&str], env: &[(&str, &str)], stdin: &str) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sustain"))
        .args(args)
        .env("SUSTAIN_DATABASE_URL", &db.raw_url)
        .env("SUSTAIN_CONFIG", "/dev/null")
        .env("SUSTAIN_AUTHORITY_NAME", COUNCIL)
        .env("SUSTAIN_BIND", "127.0.0.1:0")
        .env_remove("SUSTAIN_ADMIN_PASSWORD")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the sustain binary runs");
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(30) {
            child.kill().unwrap();
            panic!("sustain {args:?} did not end");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into())
}

on_both_backends! {
    fn the_command_line_refuses_a_guessable_password_saying_why(backend) {
        let db = common::TestDb::new(backend);
        for (refused, why) in REFUSED {
            let (code, stderr) = command(&db, &["user", "add", EMAIL, "--name", "Jo Reed", "--role", "viewer", "--password-stdin"], &[], refused);
            assert_eq!(code, 2, "{refused}: {stderr}");
            assert!(stderr.contains(why), "{refused}: {stderr}");
        }
        assert!(sustain::db::users::find_by_email(&mut db.connect(), EMAIL).unwrap().is_none(), "nobody was added");
        let (code, stderr) = command(&db, &["user", "add", EMAIL, "--name", "Jo Reed", "--role", "viewer", "--password-stdin"], &[], GOOD);
        assert_eq!(code, 0, "{stderr}");

        for (refused, why) in REFUSED {
            let (code, stderr) = command(&db, &["user", "reset-password", EMAIL, "--password-stdin"], &[], refused);
            assert_eq!(code, 2, "{refused}: {stderr}");
            assert!(stderr.contains(why), "{refused}: {stderr}");
        }
        let row = sustain::db::users::find_by_email(&mut db.connect(), EMAIL).unwrap().unwrap();
        assert!(sustain::auth::password::verify(GOOD, row.password_hash.as_deref().unwrap()), "the password is unchanged");
    }
}

on_both_backends! {
    fn the_first_admins_password_is_checked_against_their_email_and_the_council(backend) {
        let db = common::TestDb::new(backend);
        for (refused, why) in REFUSED {
            let env = [("SUSTAIN_ADMIN_EMAIL", EMAIL), ("SUSTAIN_ADMIN_PASSWORD", refused)];
            let (code, stderr) = command(&db, &["serve"], &env, "");
            assert_ne!(code, 0, "{refused}: {stderr}");
            assert!(stderr.contains("SUSTAIN_ADMIN_PASSWORD") && stderr.contains(why), "{refused}: {stderr}");
        }
        assert_eq!(sustain::db::users::count(&mut db.connect()).unwrap(), 0, "no admin was made");
    }
}
