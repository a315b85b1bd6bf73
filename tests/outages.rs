//! Running beside a council's other services (issue 25): probes a load
//! balancer can use, figures Prometheus reads, and a database that stops
//! answering or fills its disk answered "unavailable" within a second or two,
//! never 500, with nothing acknowledged lost.

use crate::common;
use crate::plan_fixture::{self, app_with, id_in, pairs, post, signed_in, LEADER};

use common::{Backend, TestApp};
use std::time::{Duration, Instant};

/// `promtool check metrics` on a scrape: its verdict and what it said.
fn promtool_check(scrape: &str) -> (bool, String) {
    use std::io::Write;
    let mut child = std::process::Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("promtool (Debian's prometheus package; .ci/run installs it)");
    child.stdin.take().expect("stdin").write_all(scrape.as_bytes()).expect("the scrape is written");
    let out = child.wait_with_output().expect("promtool ends");
    (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

on_both_backends! {
    async fn probes_answer_and_the_figures_are_prometheus_text_for_this_machine_only(backend) {
        let (app, plan) = app_with(backend).await;
        let anyone = TestApp::new_client();
        let live = anyone.get(app.url("/livez")).send().await.expect("livez");
        assert_eq!(live.status(), 200);
        let ready = anyone.get(app.url("/readyz")).send().await.expect("readyz");
        assert_eq!(ready.status(), 200);
        assert_eq!(ready.json::<serde_json::Value>().await.expect("json")["status"], "ready");

        let leader = signed_in(&app, LEADER).await;
        plan_fixture::page(&leader, &app, &format!("/actions/{}", plan.action.0), 200).await;
        plan_fixture::page(&leader, &app, "/no-such-page", 404).await;

        let scrape = anyone.get(app.url("/metrics")).send().await.expect("metrics");
        assert_eq!(scrape.status(), 200, "read from this machine, with no session");
        assert!(scrape.headers()["content-type"].to_str().unwrap().starts_with("text/plain"));
        let text = scrape.text().await.expect("figures");
        let timed = |route: &str, status: &str| {
            text.lines().any(|l| {
                l.starts_with("http_server_request_duration_seconds_count{")
                    && l.contains(&format!("route=\"{route}\""))
                    && l.contains(&format!("status=\"{status}\""))
                    && l.contains("method=\"GET\"")
            })
        };
        assert!(timed("/actions/{id}", "200"), "the action page is counted by its template:\n{text}");
        assert!(timed("unmatched", "404"), "an address that is no route is one label, not its own:\n{text}");
        for figure in [
            "sustain_db_pool_connections_in_use ",
            "sustain_db_pool_wait_seconds_bucket{",
            "sustain_plan_cache_hits_total ",
            "sustain_documents_in_progress 0",
            "sustain_data_generation ",
            "sustain_db_statements_total ",
            "sustain_ready 1",
        ] {
            assert!(text.lines().any(|l| l.starts_with(figure)), "{figure} in:\n{text}");
        }
        assert!(!text.contains(LEADER) && !text.contains(&format!("/actions/{}", plan.action.0)), "no user or address");
        let (accepted, said) = promtool_check(&text);
        assert!(accepted, "promtool check metrics:\n{said}\n{text}");

        // Through a proxy the loopback address proves nothing: the token is needed.
        let proxied = anyone.get(app.url("/metrics")).header("X-Forwarded-For", "203.0.113.9").send().await.unwrap();
        assert_eq!(proxied.status(), 403);
        assert_eq!(leader.get(app.url("/metrics")).header("X-Forwarded-For", "203.0.113.9").send().await.unwrap().status(), 403, "a session is not enough");
        let with_token = app.another_instance_with(|c| c.metrics_token = Some("a-scraper-token-of-some-length".into())).await;
        let read = |token: &'static str| {
            anyone.get(with_token.url("/metrics")).header("X-Forwarded-For", "203.0.113.9").bearer_auth(token).send()
        };
        assert_eq!(read("a-scraper-token-of-some-length").await.unwrap().status(), 200);
        assert_eq!(read("a-scraper-token-of-some-other").await.unwrap().status(), 403);
    }
}

/// The test database's name, the last part of its URL.
fn database_name(app: &TestApp) -> String {
    app.db.raw_url.rsplit('/').next().expect("a database name").split('?').next().unwrap_or_default().to_string()
}

fn admin_sql(sql: &str) {
    use diesel::connection::SimpleConnection;
    let url = sustain::db::DatabaseUrl::parse(&common::postgres_base_url()).expect("url");
    let mut admin = sustain::db::establish(&url).expect("the PostgreSQL server");
    admin.batch_execute(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// The database refuses new connections and its open ones are cut, as a
/// PostgreSQL stop or restart does (until ALLOW_CONNECTIONS is true again).
fn cut_off(name: &str) {
    admin_sql(&format!(
        "ALTER DATABASE {name} ALLOW_CONNECTIONS false; \
         SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid();"
    ));
}

/// PostgreSQL stops answering this database (it refuses new connections and
/// cuts those open, as a stop or restart does) while a leader works: every
/// page and API request is answered 503 with `Retry-After` within two seconds,
/// the probes say why, and within five seconds of the database coming back
/// everything answers again with nothing acknowledged lost.
#[actix_web::test]
async fn a_database_that_stops_answering_gets_quick_503s_and_service_returns_with_nothing_lost() {
    let (app, plan) = app_with(Backend::Postgres).await;
    let leader = signed_in(&app, LEADER).await;
    let made = post(&app, &leader, "/areas", &pairs(&[("name", "Acknowledged before the outage")])).await;
    assert_eq!(made.status(), 303, "the area is saved");
    let area = id_in(&made);

    let name = database_name(&app);
    cut_off(&name);
    let anyone = TestApp::new_client();
    for path in ["/", &format!("/actions/{}", plan.action.0), "/api/v1/areas", "/readyz", "/healthz"] {
        let started = Instant::now();
        let answer = leader.get(app.url(path)).send().await.expect("an answer");
        let took = started.elapsed();
        assert_eq!(answer.status(), 503, "GET {path} in the outage");
        assert!(took < Duration::from_secs(2), "GET {path} took {took:?}");
        if !path.ends_with('z') {
            assert!(answer.headers().contains_key("retry-after"), "GET {path} says when to come back");
            let body = answer.text().await.unwrap();
            assert!(body.contains("cannot reach its database"), "GET {path}: {body}");
        }
    }
    let page = leader.get(app.url("/")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Sorry, the service is unavailable"), "{page}");
    let api = leader.get(app.url("/api/v1/areas")).send().await.unwrap();
    assert_eq!(api.json::<serde_json::Value>().await.unwrap()["error"]["code"], "unavailable");
    let sign_in = app.sign_in_with(&TestApp::new_client(), LEADER, plan_fixture::PASSWORD).await;
    assert_eq!(sign_in.status(), 503, "a sign-in is unavailable too, not a 500");
    let ready = anyone.get(app.url("/readyz")).send().await.unwrap().json::<serde_json::Value>().await.unwrap();
    assert_eq!(ready["status"], "not ready");
    assert_eq!(anyone.get(app.url("/livez")).send().await.unwrap().status(), 200, "the process is alive");

    admin_sql(&format!("ALTER DATABASE {name} ALLOW_CONNECTIONS true"));
    let back = Instant::now();
    loop {
        let status = leader.get(app.url(&format!("/areas/{area}"))).send().await.unwrap().status();
        if status == 200 {
            break;
        }
        assert_eq!(status, 503, "only unavailable while coming back");
        assert!(back.elapsed() < Duration::from_secs(5), "full service within 5 s of the database returning");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(anyone.get(app.url("/readyz")).send().await.unwrap().status(), 200);
    let again = post(&app, &leader, "/areas", &pairs(&[("name", "Saved after the outage")])).await;
    assert_eq!(again.status(), 303, "writes are accepted again, in the same session");
}

/// A database away for several seconds while requests keep coming: once it
/// answers again, so does the server, within about a second, however long it
/// was away. (The pool retries a connection that failed to open after a delay
/// that doubles; left at its usual cap of 5 s, service came back up to 5 s
/// after the database did.)
#[actix_web::test]
async fn service_returns_within_about_a_second_of_a_database_that_was_away_for_seconds() {
    let (app, _) = app_with(Backend::Postgres).await;
    let leader = signed_in(&app, LEADER).await;
    let made = post(&app, &leader, "/areas", &pairs(&[("name", "Saved before the outage")])).await;
    let area = id_in(&made);
    let name = database_name(&app);
    cut_off(&name);
    let away = Instant::now();
    while away.elapsed() < Duration::from_millis(6500) {
        let status = leader.get(app.url(&format!("/areas/{area}"))).send().await.unwrap().status();
        assert_eq!(status, 503, "unavailable while the database is away");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    admin_sql(&format!("ALTER DATABASE {name} ALLOW_CONNECTIONS true"));
    let back = Instant::now();
    while leader.get(app.url(&format!("/areas/{area}"))).send().await.unwrap().status() != 200 {
        assert!(back.elapsed() < Duration::from_millis(2500), "served again {:?} after the database", back.elapsed());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    eprintln!("served again {} ms after the database was back", back.elapsed().as_millis());
}

/// The database's connections cut while they sit idle in the pool (a quick
/// restart, a failover): the first request to meet one is answered 503, and
/// after that no request is given one, however many come at once.
#[actix_web::test]
async fn connections_cut_while_idle_cost_one_request_not_one_each() {
    let (app, _) = app_with(Backend::Postgres).await;
    let leader = signed_in(&app, LEADER).await;
    let path = "/areas";
    let at_once = |n: usize| {
        let requests: Vec<_> = (0..n).map(|_| leader.get(app.url(path)).send()).collect();
        futures_util::future::join_all(requests)
    };
    // Every connection of the pool (4) in use at once, so each is open and idle after.
    for answer in at_once(8).await {
        assert_eq!(answer.unwrap().status(), 200);
    }
    let name = database_name(&app);
    admin_sql(&format!(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid();"
    ));
    let first = leader.get(app.url(path)).send().await.unwrap().status();
    assert!(first == 503 || first == 200, "the first request meets a cut connection, or a new one: {first}");
    for round in 0..3 {
        for answer in at_once(8).await {
            assert_eq!(answer.unwrap().status(), 200, "round {round}: no request is given a cut connection");
        }
    }
}

/// A small file system of its own for an SQLite database, filled to the
/// brim: writes are answered 507 to the API and 503 on pages, saying storage
/// is full; what was saved stays; given room again, writes are accepted. The
/// same file seen through a read-only mount leaves an instance not ready and
/// its sign-ins unavailable, not failing.
#[actix_web::test]
async fn a_full_disk_refuses_writes_clearly_and_keeps_what_was_saved() {
    let Some(disk) = SmallDisk::mount() else {
        eprintln!("this machine does not allow mounting a small file system: the full-disk test is skipped here");
        return;
    };
    let template = common::TestDb::new(Backend::Sqlite);
    let path = disk.dir.path().join("sustain.db");
    std::fs::copy(&template.raw_url, &path).expect("the database on the small disk");
    disk.resize(std::fs::metadata(&path).expect("size").len() + 600 * 1024);
    let mut db = common::TestDb::new(Backend::Sqlite);
    db.raw_url = path.to_string_lossy().to_string();
    db.url = sustain::db::DatabaseUrl::Sqlite(db.raw_url.clone());
    plan_fixture::prepare(&mut db.connect());
    let app = TestApp::spawn_on(db, |_| {}).await;
    let leader = signed_in(&app, LEADER).await;

    let mut saved = Vec::new();
    let refused = loop {
        let (name, description) = (format!("Area {}", saved.len()), "Notes that fill the disk. ".repeat(600));
        let answer = post(&app, &leader, "/areas", &pairs(&[("name", &name), ("description", &description)])).await;
        match answer.status().as_u16() {
            303 => saved.push(id_in(&answer)),
            _ => break answer,
        }
        assert!(saved.len() < 5000, "the disk never filled");
    };
    assert_eq!(refused.status(), 503, "a page says unavailable");
    let body = refused.text().await.unwrap();
    assert!(body.contains("storage is full"), "{body}");
    assert!(!saved.is_empty(), "some areas were saved before the disk filled");
    for id in &saved {
        plan_fixture::page(&leader, &app, &format!("/areas/{id}"), 200).await;
    }
    disk.resize(8 * 1024 * 1024);
    let after = post(&app, &leader, "/areas", &pairs(&[("name", "Saved once there is room")])).await;
    assert_eq!(after.status(), 303, "writes are accepted again");

    // The same file seen through a read-only mount, by a second instance.
    let read_only = disk.read_only_view();
    let file = read_only.path().join("sustain.db").to_string_lossy().to_string();
    let second = app.another_instance_with(|c| c.database_url = file).await;
    let anyone = TestApp::new_client();
    let ready = anyone.get(second.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 503);
    let why = ready.json::<serde_json::Value>().await.unwrap();
    assert_eq!(why["reason"], "the database file cannot be written", "{why}");
    assert_eq!(anyone.get(second.url("/livez")).send().await.unwrap().status(), 200);
    let page = anyone.get(second.url("/sign-in")).send().await.unwrap().text().await.unwrap();
    let token = common::token_in(&page).expect("a CSRF token");
    let fields =
        [("csrf_token", token.as_str()), ("email", LEADER), ("password", plan_fixture::PASSWORD), ("next", "/")];
    let sign_in = anyone.post(second.url("/sign-in")).form(&fields).send().await.unwrap();
    assert_eq!(sign_in.status(), 503, "a sign-in cannot be recorded, and says so");
    drop(second);
    drop(read_only);
}

/// A tmpfs mounted for one test and unmounted after.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn mount() -> Option<Self> {
        let dir = tempfile::tempdir().ok()?;
        let mounted = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=4m", "tmpfs"])
            .arg(dir.path())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        mounted.then_some(Self { dir })
    }

    fn remount(&self, options: &str) {
        let done = std::process::Command::new("mount").args(["-o", options]).arg(self.dir.path()).status();
        assert!(done.is_ok_and(|s| s.success()), "mount -o {options}");
    }

    fn resize(&self, bytes: u64) {
        self.remount(&format!("remount,size={}k", bytes.div_ceil(4096) * 4));
    }

    /// The disk's files seen through a read-only bind mount, unmounted when dropped.
    fn read_only_view(&self) -> ReadOnlyView {
        let dir = tempfile::tempdir().expect("a mount point");
        let bind = |args: &[&str]| {
            let done = std::process::Command::new("mount").args(args).status();
            assert!(done.is_ok_and(|s| s.success()), "mount {args:?}");
        };
        let (from, to) = (self.dir.path().to_string_lossy(), dir.path().to_string_lossy());
        bind(&["--bind", &from, &to]);
        bind(&["-o", "remount,bind,ro", &to]);
        ReadOnlyView { dir }
    }
}

struct ReadOnlyView {
    dir: tempfile::TempDir,
}

impl ReadOnlyView {
    fn path(&self) -> &std::path::Path {
        self.dir.path()
    }
}

impl Drop for ReadOnlyView {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg("-l").arg(self.dir.path()).status();
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg("-l").arg(self.dir.path()).status();
    }
}
