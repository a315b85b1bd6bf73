//! Reminder digests, sent by `sustain digest` through a real SMTP server on
//! loopback (aiosmtpd): the right actions reach each owner, nothing reaches
//! an owner with none, a second run the same day sends nothing, and a server
//! that is down is reported and the next run delivers without duplicates.

use crate::common;
use crate::smtp;

use chrono::{Days, NaiveDate};
use std::process::Command;
use sustain::db::{actions, areas, evidence, owners, Actor, DbConnection};
use sustain::domain::evidence::EvidenceInput;
use sustain::domain::ids::OwnerId;
use sustain::domain::kinds::{ActionState, EvidenceKind, Role};
use sustain::domain::plan::{ActionInput, AreaInput, OwnerInput};

const PASSWORD: &str = "a-long-test-password-1";
const LEADER_EMAIL: &str = "head.of.service@council.example";
const MANAGER_EMAIL: &str = "team.manager@council.example";
const IDLE_EMAIL: &str = "idle@council.example";

fn today() -> NaiveDate {
    sustain::domain::dates::england_date(chrono::Utc::now().naive_utc())
}

fn days(n: i64) -> NaiveDate {
    if n < 0 {
        today() - Days::new(n.unsigned_abs())
    } else {
        today() + Days::new(n as u64)
    }
}

/// Who is in the fixture.
#[allow(dead_code)]
struct People {
    leader: OwnerId,
    manager: OwnerId,
    idle: OwnerId,
    partner: OwnerId,
}

/// A leader (signs in, has an email), a team manager with an overdue action,
/// one due in 5 days and one due in 90, an owner whose only action is due in
/// 60 days, a police partner with no email and an action due in 3 days, and
/// evidence waiting for review.
fn prepare(conn: &mut DbConnection) -> People {
    let actor = Actor::system("test");
    let user = common::add_user(conn, "leader@council.example", Role::Leader, PASSWORD);
    let owner = |conn: &mut DbConnection, name: &str, job: &str, email: Option<&str>, user| {
        let input = OwnerInput {
            name: name.into(),
            job_title: job.into(),
            team: "Children's services".into(),
            email: email.map(String::from),
            user_id: user,
        };
        owners::create(conn, &actor, &common::valid(input)).expect("owner").id
    };
    let leader = owner(conn, "Helen Marsh", "Head of Service", Some(LEADER_EMAIL), Some(user));
    let manager = owner(conn, "Ann Lee", "Team Manager", Some(MANAGER_EMAIL), None);
    let idle = owner(conn, "Sam Idle", "Practice Lead", Some(IDLE_EMAIL), None);
    let partner = owner(conn, "DS Clark", "Police Partner", None, None);
    let area =
        areas::create(conn, &actor, &common::valid(AreaInput { name: "Front door".into(), ..Default::default() }))
            .expect("area")
            .id;
    let action = |conn: &mut DbConnection, reference: &str, title: &str, owner: OwnerId, due: i64| {
        let input = ActionInput {
            reference: reference.into(),
            title: title.into(),
            description: String::new(),
            owner_id: Some(owner),
            practice_area_id: area,
            start_date: Some(days(-120)),
            due_date: Some(days(due)),
            completed_date: None,
            state: ActionState::InProgress,
            success_measure: String::new(),
        };
        actions::create(conn, &actor, &common::valid(input)).expect("action");
    };
    action(conn, "1.1", "Relaunch the threshold document", manager, -10);
    action(conn, "1.2", "Train partners on thresholds", manager, 5);
    action(conn, "1.3", "Review the MASH staffing model", manager, 90);
    action(conn, "2.1", "Audit referral RAG ratings", idle, 60);
    action(conn, "3.1", "Share police referral data weekly", partner, 3);
    let item = EvidenceInput {
        title: "Dip sample of contacts".into(),
        kind: EvidenceKind::CaseAudit,
        description: String::new(),
        observed_on: days(-2),
        period_start: None,
        period_end: None,
        practice_area_id: area,
    };
    evidence::create(conn, &actor, &common::valid(item), &[]).expect("evidence");
    People { leader, manager, idle, partner }
}

/// Runs `sustain digest ARGS` on the database, with the SMTP server at `port` (if any).
fn digest(db: &common::TestDb, port: Option<u16>, args: &[&str]) -> (i32, String, String) {
    digest_with(db, port, args, &[])
}

/// As `digest`, with more settings in the environment (they win over the defaults here).
fn digest_with(db: &common::TestDb, port: Option<u16>, args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_sustain"));
    command
        .arg("digest")
        .args(args)
        .env("SUSTAIN_DATABASE_URL", &db.raw_url)
        .env("SUSTAIN_CONFIG", "/dev/null")
        .env("SUSTAIN_AUTHORITY_NAME", "Hartwell Borough Council")
        .env("SUSTAIN_LOG", "off");
    if let Some(port) = port {
        command
            .env("SUSTAIN_SMTP__HOST", "127.0.0.1")
            .env("SUSTAIN_SMTP__PORT", port.to_string())
            .env("SUSTAIN_SMTP__TLS", "none")
            .env("SUSTAIN_SMTP__FROM", "Sustain <sustain@council.example>")
            .env("SUSTAIN_SMTP__TIMEOUT_SECONDS", "10");
    }
    command.envs(env.iter().copied());
    let out = command.output().expect("the sustain binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

fn fixture(backend: common::Backend) -> common::TestDb {
    let db = common::TestDb::new(backend);
    prepare(&mut db.connect());
    db
}

on_both_backends! {
    fn each_owner_gets_their_own_actions_and_a_second_run_the_same_day_sends_nothing(backend) {
        let Some(python) = smtp::python() else { return };
        let db = fixture(backend);
        let server = smtp::SmtpServer::start(&python, smtp::free_port());
        let (code, stdout, stderr) = digest(&db, Some(server.port), &[]);
        assert_eq!(code, 0, "{stdout}\n{stderr}");
        assert!(stdout.contains("2 digests sent."), "{stdout}");

        let to_manager = server.messages_to(MANAGER_EMAIL);
        assert_eq!(to_manager.len(), 1, "{:?}", server.messages());
        let body = &to_manager[0].body;
        assert!(to_manager[0].subject.starts_with("Hartwell Borough Council: improvement plan reminders"));
        assert!(body.contains("Your overdue actions (1)"), "{body}");
        assert!(body.contains("1.1 Relaunch the threshold document"), "{body}");
        assert!(body.contains("10 days overdue [reminder]"), "{body}");
        assert!(body.contains("Your actions due in the next 14 days (1)"), "{body}");
        assert!(body.contains("1.2 Train partners on thresholds"), "{body}");
        assert!(body.contains("due in 5 days [reminder]"), "{body}");
        assert!(!body.contains("1.3 "), "an action due in 90 days is not reminded: {body}");
        assert!(!body.contains("police") && !body.contains("Dip sample"), "nobody else's items: {body}");

        let to_leader = server.messages_to(LEADER_EMAIL);
        assert_eq!(to_leader.len(), 1);
        let body = &to_leader[0].body;
        assert!(body.contains("Evidence waiting for review (1)") && body.contains("Dip sample of contacts"), "{body}");
        assert!(body.contains("Owners without an email address"), "{body}");
        assert!(body.contains("Police Partner (DS Clark)"), "{body}");
        assert!(body.contains("3.1 Share police referral data weekly"), "{body}");
        assert!(!body.contains("1.1 ") && !body.contains("1.2 "), "not the team manager's actions: {body}");

        assert!(server.messages_to(IDLE_EMAIL).is_empty(), "an owner with nothing due gets nothing");
        assert_eq!(server.messages().len(), 2, "the partner has no email: nothing is sent to them");

        let (code, stdout, _) = digest(&db, Some(server.port), &[]);
        assert_eq!(code, 0);
        assert!(stdout.contains("0 digests sent."), "{stdout}");
        assert!(stdout.contains("nothing new since the last digest"), "{stdout}");
        assert_eq!(server.messages().len(), 2, "nothing new the same day");
    }
}

on_both_backends! {
    fn a_server_that_is_down_is_reported_and_the_next_run_delivers_once(backend) {
        let Some(python) = smtp::python() else { return };
        let db = fixture(backend);
        let port = smtp::free_port();
        let (code, stdout, stderr) = digest(&db, Some(port), &[]);
        assert_eq!(code, 1, "{stdout}\n{stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "one line: {stderr}");
        assert!(stderr.contains(&format!("127.0.0.1:{port}")), "names the server: {stderr}");
        assert!(stderr.contains("Team Manager (Ann Lee)"), "names the owner: {stderr}");
        assert!(stdout.contains("Team Manager (Ann Lee) <team.manager@council.example>: NOT SENT"), "{stdout}");
        assert!(stdout.contains("2 failed"), "{stdout}");

        let server = smtp::SmtpServer::start(&python, port);
        let (code, stdout, stderr) = digest(&db, Some(port), &[]);
        assert_eq!(code, 0, "{stdout}\n{stderr}");
        assert_eq!(server.messages_to(MANAGER_EMAIL).len(), 1);
        assert_eq!(server.messages_to(LEADER_EMAIL).len(), 1);

        let (code, _, _) = digest(&db, Some(port), &[]);
        assert_eq!(code, 0);
        assert_eq!(server.messages().len(), 2, "no duplicates after the retry");
    }
}

on_both_backends! {
    fn two_runs_at_the_same_moment_send_each_digest_once(backend) {
        let Some(python) = smtp::python() else { return };
        let db = fixture(backend);
        let server = smtp::SmtpServer::start(&python, smtp::free_port());
        let port = server.port;
        std::thread::scope(|scope| {
            let runs: Vec<_> = (0..3).map(|_| scope.spawn(|| digest(&db, Some(port), &[]))).collect();
            for run in runs {
                let (code, stdout, stderr) = run.join().expect("the run finishes");
                assert_eq!(code, 0, "{stdout}\n{stderr}");
            }
        });
        assert_eq!(server.messages_to(MANAGER_EMAIL).len(), 1, "{:?}", server.messages());
        assert_eq!(server.messages_to(LEADER_EMAIL).len(), 1);
    }
}

on_both_backends! {
    fn a_week_later_only_the_next_reminders_go_out(backend) {
        let Some(python) = smtp::python() else { return };
        let db = fixture(backend);
        let server = smtp::SmtpServer::start(&python, smtp::free_port());
        assert_eq!(digest(&db, Some(server.port), &[]).0, 0);
        let a_week_on = days(7).to_string();
        let (code, stdout, stderr) = digest(&db, Some(server.port), &["--as-at", &a_week_on]);
        assert_eq!(code, 0, "{stdout}\n{stderr}");
        let to_manager = server.messages_to(MANAGER_EMAIL);
        assert_eq!(to_manager.len(), 2, "{stdout}");
        let later = to_manager.iter().find(|m| m.body.contains("17 days overdue")).expect("the second digest");
        assert!(later.body.contains("17 days overdue [reminder]"), "a new week overdue: {}", later.body);
        assert!(later.body.contains("2 days overdue [reminder]"), "1.2 is now past its date: {}", later.body);
    }
}

on_both_backends! {
    fn tls_and_starttls_refuse_a_certificate_no_authority_vouches_for(backend) {
        let Some(python) = smtp::python() else { return };
        let db = fixture(backend);
        for (mode, implicit) in [("tls", true), ("starttls", false)] {
            let server = smtp::SmtpServer::start_with_untrusted_tls(&python, smtp::free_port(), implicit);
            let (code, stdout, stderr) =
                digest_with(&db, Some(server.port), &[], &[("SUSTAIN_SMTP__TLS", mode)]);
            assert_eq!(code, 1, "{mode}: {stdout}\n{stderr}");
            assert!(stdout.contains("invalid peer certificate"), "{mode}: {stdout}");
            assert!(stderr.contains(&format!("127.0.0.1:{}", server.port)), "{mode}: {stderr}");
            assert!(server.messages().is_empty(), "{mode}: nothing was sent in the clear");
        }
    }
}

on_both_backends! {
    fn the_dry_run_lists_each_digest_and_sends_and_records_nothing(backend) {
        let db = fixture(backend);
        let (code, stdout, stderr) = digest(&db, None, &["--dry-run"]);
        assert_eq!(code, 0, "{stderr}");
        let expected = [
            format!("Reminder digests for {} (dry run: nothing is sent or recorded)", today()),
            format!(
                "Head of Service (Helen Marsh) <{LEADER_EMAIL}>: would send: 1 evidence item waiting for review, \
                 1 owner without an email"
            ),
            "  reminder: 1 evidence item waiting for review".into(),
            "  reminder: for Police Partner (DS Clark): action 3.1 Share police referral data weekly: due in 3 days"
                .into(),
            "Police Partner (DS Clark): no email address: listed to the leaders (1 action due in the next 14 days)"
                .into(),
            format!(
                "Team Manager (Ann Lee) <{MANAGER_EMAIL}>: would send: 1 action overdue, \
                 1 action due in the next 14 days"
            ),
            "  reminder: action 1.1 Relaunch the threshold document: 10 days overdue".into(),
            "  reminder: action 1.2 Train partners on thresholds: due in 5 days".into(),
            "2 digests would be sent.".into(),
        ];
        assert_eq!(stdout.lines().collect::<Vec<_>>(), expected, "{stdout}");
        let (_, again, _) = digest(&db, None, &["--dry-run"]);
        assert_eq!(again, stdout, "a dry run records nothing");
    }
}

on_both_backends! {
    fn sending_without_a_mail_server_is_refused_with_the_settings_to_set(backend) {
        let db = fixture(backend);
        let (code, stdout, stderr) = digest(&db, None, &[]);
        assert_eq!(code, 2, "{stdout}");
        assert!(stderr.contains("no mail server is configured") && stderr.contains("SUSTAIN_SMTP__HOST"), "{stderr}");
    }
}

/// The part of a page from the digest section's heading to the next section.
fn digest_part(html: &str) -> &str {
    let start = html.find(r#"id="digest""#).expect("the page has a digest section");
    let rest = &html[start..];
    &rest[..rest.find("</section>").unwrap_or(rest.len())]
}

on_both_backends! {
    async fn an_owners_page_shows_their_digest_and_a_leaders_shows_the_review_queue(backend) {
        let mut people = None;
        let app = common::TestApp::spawn_with(backend, |conn| people = Some(prepare(conn))).await;
        let people = people.expect("prepared");
        assert_eq!(app.sign_in("leader@council.example", PASSWORD).await.status(), 303);

        let html = app.get(&format!("/owners/{}", people.manager)).await.text().await.unwrap();
        let part = digest_part(&html);
        assert!(part.contains("Emailed to team.manager@council.example"), "{part}");
        assert!(part.contains("No digest has been sent yet."), "{part}");
        assert!(part.contains("Overdue (1)") && part.contains("1.1 Relaunch the threshold document"), "{part}");
        assert!(part.contains("Due in the next 14 days (1)") && part.contains("1.2 Train partners"), "{part}");
        assert!(!part.contains("1.3 Review"), "due in 90 days: {part}");
        assert!(!part.contains("Evidence waiting"), "not a leader: {part}");

        let html = app.get(&format!("/owners/{}", people.partner)).await.text().await.unwrap();
        assert!(digest_part(&html).contains("No email address: these reminders are listed to the leaders"));

        let html = app.get(&format!("/owners/{}", people.idle)).await.text().await.unwrap();
        assert!(digest_part(&html).contains("Nothing is overdue or due in the next 30 days."));

        let reminders: Vec<sustain::domain::digest::Reminder> = Vec::new();
        sustain::db::digests::record(&mut app.db.connect(), &Actor::system("test"), people.leader, LEADER_EMAIL, today(), &reminders)
            .expect("recorded");
        let html = app.get("/owners/me").await.text().await.unwrap();
        let part = digest_part(&html);
        assert!(part.contains(&format!("Last sent on {} to {LEADER_EMAIL}", today().format("%-d %B %Y"))), "{part}");
        assert!(part.contains("Evidence waiting for review (1)") && part.contains("Dip sample of contacts"), "{part}");
        assert!(part.contains("Owners without an email address (1)"), "{part}");
        assert!(part.contains(&format!(r#"href="/owners/{}""#, people.partner)), "{part}");
        assert!(part.contains("3.1 Share police referral data weekly"), "{part}");

        let history = app.get("/history").await.text().await.unwrap();
        let named = format!(r#" · Reminder digest: <a href="/owners/{}">Head of Service (Helen Marsh)</a>"#, people.leader);
        assert!(history.contains(&named), "the digest sent is in change history, named by its owner");
    }
}

#[test]
fn serve_with_a_digest_schedule_but_no_mail_server_does_not_start() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_sustain"))
        .arg("serve")
        .env("SUSTAIN_DATABASE_URL", dir.path().join("sustain.db"))
        .env("SUSTAIN_CONFIG", "/dev/null")
        .env("SUSTAIN_BIND", "127.0.0.1:0")
        .env("SUSTAIN_DIGEST__SCHEDULE", "monday 07:00")
        .output()
        .expect("the sustain binary runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("[digest] schedule is set, but no mail server is configured"), "{stderr}");
    assert!(!dir.path().join("sustain.db").exists(), "nothing was created");
}

#[test]
fn a_schedule_that_cannot_be_read_is_named() {
    let out = Command::new(env!("CARGO_BIN_EXE_sustain"))
        .args(["digest", "--dry-run"])
        .env("SUSTAIN_CONFIG", "/dev/null")
        .env("SUSTAIN_DIGEST__SCHEDULE", "every monday")
        .output()
        .expect("the sustain binary runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0));
    assert!(stderr.contains("SUSTAIN_DIGEST__SCHEDULE") && stderr.contains("monday 07:00"), "{stderr}");
}

on_both_backends! {
    fn serve_sends_the_digest_at_its_weekly_moment(backend) {
        let Some(python) = smtp::python() else { return };
        let db = fixture(backend);
        let server = smtp::SmtpServer::start(&python, smtp::free_port());
        // The server's clock is set three seconds before a whole minute, and the
        // schedule names that minute (in English clock time): the schedule looks
        // again at that minute and sends.
        use chrono::{DurationRound, TimeDelta};
        let minute = chrono::Utc::now().duration_trunc(TimeDelta::minutes(1)).unwrap() + TimeDelta::minutes(2);
        let start = (minute - TimeDelta::seconds(3)).to_rfc3339();
        let moment = sustain::domain::dates::uk_local(minute.naive_utc()).format("%A %H:%M").to_string().to_lowercase();
        let mut serve = Command::new(env!("CARGO_BIN_EXE_sustain"))
            .arg("serve")
            .env("SUSTAIN_DATABASE_URL", &db.raw_url)
            .env("SUSTAIN_CONFIG", "/dev/null")
            .env("SUSTAIN_BIND", "127.0.0.1:0")
            .env("SUSTAIN_LOG", "off")
            .env("SUSTAIN_DIGEST__SCHEDULE", &moment)
            .env("SUSTAIN_NOW", &start)
            .env("SUSTAIN_SMTP__HOST", "127.0.0.1")
            .env("SUSTAIN_SMTP__PORT", server.port.to_string())
            .env("SUSTAIN_SMTP__TLS", "none")
            .env("SUSTAIN_SMTP__FROM", "sustain@council.example")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("serve starts");
        let started = std::time::Instant::now();
        while server.messages().len() < 2 && started.elapsed() < std::time::Duration::from_secs(60) {
            std::thread::sleep(std::time::Duration::from_secs(1));
        }
        let _ = serve.kill();
        let _ = serve.wait();
        assert_eq!(server.messages_to(MANAGER_EMAIL).len(), 1, "sent at {moment}: {:?}", server.messages());
        assert_eq!(server.messages_to(LEADER_EMAIL).len(), 1);
        assert_eq!(server.messages().len(), 2);
    }
}
