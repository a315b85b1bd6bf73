//! Several instances behind nginx on one PostgreSQL database (issue 25): the
//! shipped `deploy/nginx/sustain.conf` in front of two `sustain serve`
//! processes, a PostgreSQL cluster of the test's own, and clients signing in
//! and writing through TLS while an instance is killed and the database restarts.

use crate::common::token_in;
use crate::fleet_processes::{run, sustain, Certificate, Cluster, Instance, Nginx, ADMIN, DRAIN_SECONDS, PASSWORD};
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What one request got back, and when.
#[derive(Debug, Clone)]
struct Answer {
    what: String,
    at: Instant,
    took: Duration,
    /// The status, or what went wrong before one came.
    status: Result<u16, String>,
    /// The status the request is meant to get.
    normal: bool,
}

/// A person's browser: its own session, through nginx.
struct Person {
    number: usize,
    http: reqwest::Client,
    csrf: String,
    written: usize,
    /// Names of the areas whose creation was acknowledged (303 to the new area).
    acknowledged: Vec<String>,
    answers: Vec<Answer>,
}

impl Person {
    async fn sign_in(number: usize, nginx: &Nginx, authority: &reqwest::Certificate) -> Self {
        let http = reqwest::Client::builder()
            .add_root_certificate(authority.clone())
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(15))
            .build()
            .expect("a client");
        let page = http.get(nginx.url("/sign-in")).send().await.expect("the sign-in page").text().await.unwrap();
        let token = token_in(&page).expect("a CSRF token");
        let fields = [("csrf_token", token.as_str()), ("email", ADMIN), ("password", PASSWORD), ("next", "/")];
        let signed = http.post(nginx.url("/sign-in")).form(&fields).send().await.expect("a sign-in");
        assert_eq!(signed.status(), 303, "person {number} signs in through nginx");
        let account = http.get(nginx.url("/account")).send().await.expect("the account page");
        assert_eq!(account.status(), 200, "person {number}'s session is honoured");
        let csrf = token_in(&account.text().await.unwrap()).expect("the session's CSRF token");
        Person { number, http, csrf, written: 0, acknowledged: Vec::new(), answers: Vec::new() }
    }

    /// Adds an area, then reads it back (most likely from the other instance).
    async fn write_and_read(&mut self, nginx: &Nginx) {
        self.written += 1;
        let name = format!("Area {} of person {}", self.written, self.number);
        let fields = [("csrf_token", self.csrf.as_str()), ("name", name.as_str())];
        let started = Instant::now();
        let sent = self.http.post(nginx.url("/areas")).form(&fields).send().await;
        let location = sent.as_ref().ok().and_then(|r| r.headers().get("location")?.to_str().ok().map(String::from));
        let status = sent.map(|r| r.status().as_u16()).map_err(|e| e.to_string());
        let made = status == Ok(303) && location.as_deref().is_some_and(|l| l.starts_with("/areas/"));
        self.note(format!("POST /areas {name} -> {location:?}"), started, status, made);
        let Some(address) = location.filter(|_| made) else { return };
        self.acknowledged.push(name.clone());
        let started = Instant::now();
        let read = self.http.get(nginx.url(&address)).send().await;
        let (status, normal) = match read {
            Ok(answer) => {
                let status = answer.status().as_u16();
                let body = answer.text().await.unwrap_or_default();
                (Ok(status), status == 200 && body.contains(&name))
            }
            Err(e) => (Err(e.to_string()), false),
        };
        self.note(format!("GET {address}"), started, status, normal);
        if self.written.is_multiple_of(2) {
            // Three requests to a round-robin of two, every other time: writes and reads fall on both instances.
            let started = Instant::now();
            let status = self.http.get(nginx.url("/account")).send().await.map(|r| r.status().as_u16());
            let normal = status.as_ref().is_ok_and(|s| *s == 200);
            self.note("GET /account".into(), started, status.map_err(|e| e.to_string()), normal);
        }
    }

    fn note(&mut self, what: String, at: Instant, status: Result<u16, String>, normal: bool) {
        self.answers.push(Answer { what, at, took: at.elapsed(), status, normal });
    }

    fn failures_since(&self, since: Instant) -> Vec<&Answer> {
        self.answers.iter().filter(|a| a.at >= since && !a.normal).collect()
    }
}

/// People writing and reading until `stop` is set; each is handed back.
fn keep_working(
    people: Vec<Person>,
    nginx: &Arc<Nginx>,
    stop: &Arc<AtomicBool>,
) -> Vec<tokio::task::JoinHandle<Person>> {
    people
        .into_iter()
        .map(|mut person| {
            let (nginx, stop) = (nginx.clone(), stop.clone());
            tokio::spawn(async move {
                while !stop.load(Ordering::Relaxed) {
                    person.write_and_read(&nginx).await;
                }
                person
            })
        })
        .collect()
}

async fn stop_working(stop: &AtomicBool, working: Vec<tokio::task::JoinHandle<Person>>) -> Vec<Person> {
    stop.store(true, Ordering::Relaxed);
    let mut people = Vec::new();
    for person in working {
        people.push(person.await.expect("a person's work ends"));
    }
    people
}

/// Requests this instance answered `method route` with `status`, by its own figures.
async fn answered(instance: &Instance, method: &str, route: &str, status: &str) -> u64 {
    let figures = instance.figures().await;
    let labels = [format!("method=\"{method}\""), format!("route=\"{route}\""), format!("status=\"{status}\"")];
    figures
        .lines()
        .filter(|l| l.starts_with("http_server_request_duration_seconds_count{"))
        .filter(|l| labels.iter().all(|label| l.contains(label.as_str())))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<u64>().ok())
        .sum()
}

/// The names of the areas in a database.
fn area_names(url: &str) -> HashSet<String> {
    let url = sustain::db::DatabaseUrl::parse(url).expect("the URL");
    let mut conn = sustain::db::establish(&url).expect("the database");
    sustain::db::areas::live_names(&mut conn).expect("the areas").into_iter().map(|(_, name)| name).collect()
}

async fn blocking(work: impl FnOnce() + Send + 'static) {
    tokio::task::spawn_blocking(work).await.expect("the blocking work ends");
}

const PEOPLE: usize = 6;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "timed to the second: .ci/run runs it alone, after the rest (cargo test --test integration fleet:: -- --ignored)"]
async fn two_instances_behind_nginx_survive_a_killed_instance_and_a_database_restart() {
    let dir = tempfile::tempdir().expect("a folder for the deployment");
    let cluster = Arc::new(Cluster::start());
    let url = cluster.url();
    // The first migrates the database and makes the first admin; the second finds both done.
    let mut first = Instance::start(&url, dir.path());
    let mut second = Instance::start(&url, dir.path());
    let certificate = Certificate::make(dir.path());
    let nginx = Arc::new(Nginx::start(dir.path(), &[&first, &second], &certificate));
    let authority =
        reqwest::Certificate::from_pem(&std::fs::read(&certificate.authority).expect("the authority")).expect("PEM");

    // The shipped configuration: plain HTTP is sent to HTTPS, the figures stay private, HSTS is sent once.
    let plain = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let moved = plain.get(format!("http://127.0.0.1:{}/areas", nginx.http_port)).send().await.expect("port 80");
    assert_eq!(moved.status(), 301);
    assert!(moved.headers()["location"].to_str().unwrap().starts_with("https://"), "{moved:?}");
    let mut people = Vec::new();
    for number in 1..=PEOPLE {
        people.push(Person::sign_in(number, &nginx, &authority).await);
    }
    let metrics = people[0].http.get(nginx.url("/metrics")).send().await.expect("/metrics through nginx");
    assert_eq!(metrics.status(), 404, "the figures are not served through nginx");
    let home = people[0].http.get(nginx.url("/")).send().await.expect("the dashboard");
    assert_eq!(home.headers().get_all("strict-transport-security").iter().count(), 1, "{:?}", home.headers());

    // Sessions and writes cross instances: each person signed in on one, and both answer them.
    let warm_up = Instant::now();
    for person in &mut people {
        for _ in 0..6 {
            person.write_and_read(&nginx).await;
        }
    }
    for person in &people {
        assert!(person.failures_since(warm_up).is_empty(), "{:#?}", person.failures_since(warm_up));
    }
    for instance in [&first, &second] {
        assert!(answered(instance, "POST", "/areas", "303").await > 0, "port {} took writes", instance.port);
        assert!(answered(instance, "GET", "/areas/{id}", "200").await > 0, "port {} served reads", instance.port);
    }

    // kill -9 one instance under load, then start it again.
    let stop = Arc::new(AtomicBool::new(false));
    let working = keep_working(people, &nginx, &stop);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let killed_at = Instant::now();
    second.kill();
    tokio::time::sleep(Duration::from_secs(1)).await;
    let second = tokio::task::spawn_blocking(move || {
        second.restart();
        second
    })
    .await
    .expect("the instance starts again");
    let restarted = Instant::now();
    // nginx tries it again once its fail_timeout has passed.
    while answered(&second, "POST", "/areas", "303").await == 0 {
        assert!(restarted.elapsed() < Duration::from_secs(15), "the restarted instance never got a write");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let back_in_upstream = restarted.elapsed();
    let people = stop_working(&stop, working).await;
    let mut kill_requests = 0;
    let mut kill_failures = 0;
    for person in &people {
        let failed = person.failures_since(killed_at);
        kill_requests += person.answers.iter().filter(|a| a.at >= killed_at).count();
        kill_failures += failed.len();
        assert!(failed.len() <= 1, "person {} saw more than one failure:\n{failed:#?}", person.number);
    }
    eprintln!(
        "fleet: kill -9 of one instance: {kill_requests} requests, {kill_failures} failed ({} people, at most one each); \
         the restarted instance took writes again {} ms after it was ready",
        people.len(),
        back_in_upstream.as_millis()
    );

    // A rolling restart: SIGTERM (drained for DRAIN_SECONDS), then started again, under load.
    let stop = Arc::new(AtomicBool::new(false));
    let working = keep_working(people, &nginx, &stop);
    tokio::time::sleep(Duration::from_secs(1)).await;
    let rolling = Instant::now();
    let (first, stopped) = tokio::task::spawn_blocking(move || {
        let stopped = first.terminate();
        first.restart();
        (first, stopped)
    })
    .await
    .expect("the instance stops and starts again");
    assert!(stopped.success(), "SIGTERM ends serve cleanly: {stopped}");
    tokio::time::sleep(Duration::from_secs(1)).await;
    let people = stop_working(&stop, working).await;
    let rolling_requests: usize = people.iter().map(|p| p.answers.iter().filter(|a| a.at >= rolling).count()).sum();
    for person in &people {
        let failed = person.failures_since(rolling);
        assert!(failed.is_empty(), "person {} saw a failure in a rolling restart:\n{failed:#?}", person.number);
    }
    eprintln!("fleet: a rolling restart of one instance: {rolling_requests} requests, none failed");

    // PostgreSQL stopped under load for 3 s, then started again.
    let stop = Arc::new(AtomicBool::new(false));
    let working = keep_working(people, &nginx, &stop);
    tokio::time::sleep(Duration::from_secs(1)).await;
    let outage = Instant::now();
    let database = cluster.clone();
    blocking(move || database.pg_ctl("stop")).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let database = cluster.clone();
    blocking(move || database.pg_ctl("start")).await;
    let back = Instant::now();
    tokio::time::sleep(Duration::from_secs(6)).await;
    let people = stop_working(&stop, working).await;

    let mut outage_requests = 0;
    let mut unavailable = 0;
    let mut longest_unavailable = Duration::ZERO;
    let mut last_unavailable_end = back;
    for person in &people {
        for answer in person.answers.iter().filter(|a| a.at >= outage) {
            outage_requests += 1;
            if answer.normal {
                continue;
            }
            let what = &answer.what;
            assert_eq!(answer.status, Ok(503), "{what}: only unavailable, never another failure: {answer:#?}");
            assert!(answer.took < Duration::from_secs(2), "{what}: a 503 within 2 s, not {:?}", answer.took);
            unavailable += 1;
            longest_unavailable = longest_unavailable.max(answer.took);
            last_unavailable_end = last_unavailable_end.max(answer.at + answer.took);
        }
        assert!(
            person.answers.iter().any(|a| a.at >= back + Duration::from_secs(5) && a.normal),
            "person {} was served again",
            person.number
        );
    }
    let recovery = last_unavailable_end.saturating_duration_since(back);
    eprintln!(
        "fleet: PostgreSQL stopped for 3 s: {outage_requests} requests, {unavailable} answered 503 (the longest in \
         {} ms), none 500; full service {} ms after PostgreSQL was back",
        longest_unavailable.as_millis(),
        recovery.as_millis()
    );
    assert!(recovery < Duration::from_secs(5), "full service within 5 s of PostgreSQL being back: {recovery:?}");

    // Every acknowledged write is there.
    let names = area_names(&url);
    let acknowledged: Vec<&String> = people.iter().flat_map(|p| &p.acknowledged).collect();
    let missing: Vec<&&String> = acknowledged.iter().filter(|name| !names.contains(name.as_str())).collect();
    assert!(missing.is_empty(), "acknowledged but not saved: {missing:?}");
    eprintln!("fleet: {} acknowledged writes, every one saved", acknowledged.len());

    // The README's backups, taken while the instances run, and its restores into empty databases.
    let dump = dir.path().join("sustain.dump");
    run(cluster.client("pg_dump").args(["-Fc", "-f"]).arg(&dump).arg("sustain"), "pg_dump -Fc");
    let backup = dir.path().join("sustain-backup.json");
    run(sustain(&url, dir.path()).arg("backup").arg(&backup), "sustain backup");
    run(cluster.client("createdb").arg("from_dump"), "createdb from_dump");
    run(cluster.client("pg_restore").args(["--no-owner", "-d", "from_dump"]).arg(&dump), "pg_restore");
    assert_eq!(area_names(&cluster.url_of("from_dump")), names, "pg_restore gives every area back");
    run(cluster.client("createdb").arg("from_backup"), "createdb from_backup");
    let restored = cluster.url_of("from_backup");
    run(sustain(&restored, dir.path()).arg("migrate"), "sustain migrate");
    run(sustain(&restored, dir.path()).arg("restore").arg(&backup), "sustain restore");
    assert_eq!(area_names(&restored), names, "sustain restore gives every area back");
    drop(nginx);
    drop((first, second));
}

/// After SIGTERM an instance goes on answering for `drain_seconds`, with
/// `/readyz` saying it is draining and every answer closing its connection,
/// then stops by itself, cleanly.
#[test]
fn a_draining_instance_answers_says_so_and_closes_each_connection() {
    let db = crate::common::TestDb::new(crate::common::Backend::Sqlite);
    let dir = tempfile::tempdir().expect("a folder");
    let mut instance = Instance::start(&db.raw_url, dir.path());
    let (head, closed) = instance.ask_keeping_alive("/livez");
    assert!(head.starts_with("http/1.1 200") && !closed, "kept alive before: {head}");
    let asked_to_stop = Instant::now();
    instance.signal_stop();
    std::thread::sleep(Duration::from_millis(300));
    let (head, closed) = instance.ask_keeping_alive("/readyz");
    assert!(head.starts_with("http/1.1 503") && head.contains("connection: close") && closed, "draining: {head}");
    let (head, closed) = instance.ask_keeping_alive("/sign-in");
    assert!(head.starts_with("http/1.1 200") && closed, "pages are still answered, each on its own connection: {head}");
    let stopped = instance.wait_for_end();
    assert!(stopped.success(), "{stopped}");
    let took = asked_to_stop.elapsed();
    assert!(took >= Duration::from_secs(DRAIN_SECONDS), "answered for the drain, then stopped: {took:?}");
}
