//! The processes of a small deployment, each stopped when its guard is
//! dropped (a panicking test included): a PostgreSQL cluster of the test's
//! own, `sustain serve` instances, and nginx serving `deploy/nginx/sustain.conf`.
#![allow(dead_code)]

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const POSTGRES_BIN: &str = "/usr/lib/postgresql/15/bin";
pub const ADMIN: &str = "admin@fleet.example";
pub const PASSWORD: &str = "quiet-harbour-lantern-seventeen";
/// How long an instance drains after SIGTERM.
pub const DRAIN_SECONDS: u64 = 5;
const SECRET_KEY: &str = "the-fleet-test-secret-key-shared-by-every-instance";

/// A port nobody is listening on now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("a free port").local_addr().expect("address").port()
}

fn running_as_root() -> bool {
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

/// Runs a command to its end, panicking with its output when it fails.
pub fn run(command: &mut Command, what: &str) {
    let out = command.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        out.status.success(),
        "{what}: {}\n{}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Waits until something listens on `port`, or panics with `what` after `limit`.
pub fn wait_for_port(port: u16, limit: Duration, what: &str) {
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(started.elapsed() < limit, "{what} did not listen on port {port} within {limit:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A PostgreSQL 15 cluster made for one test in a folder of its own, on a
/// free port, so stopping it disturbs no other test. initdb refuses to run
/// as root, so as root it runs as the `postgres` user.
pub struct Cluster {
    _dir: tempfile::TempDir,
    own: PathBuf,
    data: PathBuf,
    log: PathBuf,
    pub port: u16,
}

impl Cluster {
    pub fn start() -> Self {
        let dir = tempfile::tempdir().expect("a folder for the cluster");
        // A folder the cluster's owner may write: its data, its log and its socket.
        let own = dir.path().join("cluster");
        std::fs::create_dir(&own).expect("the cluster's folder");
        if running_as_root() {
            // The `postgres` user must reach its folder through the temporary one.
            std::fs::set_permissions(dir.path(), std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
            run(Command::new("chown").args(["postgres:postgres"]).arg(&own), "chown the cluster's folder");
        }
        let port = free_port();
        let cluster = Cluster { data: own.join("data"), log: own.join("postgres.log"), own, _dir: dir, port };
        let mut initdb = cluster.as_owner(&format!("{POSTGRES_BIN}/initdb"));
        initdb.args(["-A", "trust", "-U", "postgres", "--no-sync", "-D"]).arg(&cluster.data);
        run(&mut initdb, "initdb (PostgreSQL 15's, from Debian's postgresql-15 package)");
        cluster.pg_ctl("start");
        run(cluster.client("createdb").arg("sustain"), "createdb sustain");
        cluster
    }

    fn as_owner(&self, program: &str) -> Command {
        if running_as_root() {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--", program]);
            command
        } else {
            Command::new(program)
        }
    }

    /// `pg_ctl start` or `stop`, waiting until it is done.
    pub fn pg_ctl(&self, action: &str) {
        let mut command = self.as_owner(&format!("{POSTGRES_BIN}/pg_ctl"));
        command.args([action, "-w", "-t", "30", "-m", "fast", "-D"]).arg(&self.data).arg("-l").arg(&self.log);
        // Its socket goes in its own folder, away from the shared server's.
        let options = format!("-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off", self.port, self.own.display());
        command.args(["-o", &options]);
        run(&mut command, &format!("pg_ctl {action}"));
    }

    pub fn url(&self) -> String {
        self.url_of("sustain")
    }

    pub fn url_of(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}?sslmode=disable", self.port)
    }

    /// One of PostgreSQL's client programs (createdb, pg_dump, pg_restore), pointed at this cluster.
    pub fn client(&self, program: &str) -> Command {
        let mut command = Command::new(format!("{POSTGRES_BIN}/{program}"));
        command.args(["-h", "127.0.0.1", "-p", &self.port.to_string(), "-U", "postgres"]);
        command
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let mut command = self.as_owner(&format!("{POSTGRES_BIN}/pg_ctl"));
        let _ = command.args(["stop", "-m", "immediate", "-D"]).arg(&self.data).output();
    }
}

/// The `sustain` command on `database_url`, with no settings but the test's.
pub fn sustain(database_url: &str, dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_sustain"));
    for (name, _) in std::env::vars().filter(|(name, _)| name.starts_with("SUSTAIN_")) {
        command.env_remove(name);
    }
    command.current_dir(dir).env("SUSTAIN_DATABASE_URL", database_url);
    command
}

/// One `sustain serve` process, killed when dropped.
pub struct Instance {
    pub port: u16,
    database_url: String,
    dir: PathBuf,
    child: Option<Child>,
    starts: u32,
}

impl Instance {
    /// Starts `sustain serve` on a free port against `database_url`, with
    /// the settings `deploy/sustain.env` gives, and waits until it is ready.
    pub fn start(database_url: &str, dir: &Path) -> Self {
        let mut instance =
            Instance { port: free_port(), database_url: database_url.into(), dir: dir.into(), child: None, starts: 0 };
        instance.restart();
        instance
    }

    /// Starts the process again on the same port (after a kill) and waits until `/readyz` says ready.
    pub fn restart(&mut self) {
        assert!(self.child.is_none(), "the instance on {} is still running", self.port);
        self.starts += 1;
        let log = self.dir.join(format!("sustain-{}-{}.log", self.port, self.starts));
        let log = std::fs::File::create(&log).expect("a log file");
        let mut command = sustain(&self.database_url, &self.dir);
        command
            .arg("serve")
            .env("SUSTAIN_BIND", format!("127.0.0.1:{}", self.port))
            .env("SUSTAIN_SECRET_KEY", SECRET_KEY)
            .env("SUSTAIN_ADMIN_EMAIL", ADMIN)
            .env("SUSTAIN_ADMIN_PASSWORD", PASSWORD)
            .env("SUSTAIN_HTTPS", "true")
            .env("SUSTAIN_TRUST_FORWARDED_FOR", "true")
            .env("SUSTAIN_POOL_SIZE", "6")
            // Longer than nginx keeps an idle connection to an instance (4 s), as the README asks.
            .env("SUSTAIN_DRAIN_SECONDS", DRAIN_SECONDS.to_string())
            .env("SUSTAIN_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log"))
            .stderr(log);
        self.child = Some(command.spawn().expect("sustain serve starts"));
        self.wait_until_ready();
    }

    fn wait_until_ready(&mut self) {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.as_mut().and_then(|c| c.try_wait().expect("the process")) {
                panic!("sustain serve on {} ended: {status}; see {}", self.port, self.dir.display());
            }
            let ready = std::net::TcpStream::connect(("127.0.0.1", self.port)).is_ok_and(|mut stream| {
                use std::io::{Read, Write};
                let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
                let asked = stream.write_all(b"GET /readyz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
                let mut answer = String::new();
                asked.is_ok() && stream.read_to_string(&mut answer).is_ok() && answer.starts_with("HTTP/1.1 200")
            });
            if ready {
                return;
            }
            assert!(started.elapsed() < Duration::from_secs(60), "sustain serve on {} never became ready", self.port);
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// `kill -9`: no draining, no requests finished.
    pub fn kill(&mut self) {
        let mut child = self.child.take().expect("a running instance");
        child.kill().expect("SIGKILL");
        child.wait().expect("the process ends");
    }

    /// `systemctl stop`'s way: SIGTERM, then wait for the process to drain and end.
    pub fn terminate(&mut self) -> std::process::ExitStatus {
        self.signal_stop();
        self.wait_for_end()
    }

    /// Sends SIGTERM, and returns at once.
    pub fn signal_stop(&mut self) {
        let child = self.child.as_ref().expect("a running instance");
        run(Command::new("kill").args(["-TERM", &child.id().to_string()]), "kill -TERM");
    }

    /// Waits for the process to end by itself.
    pub fn wait_for_end(&mut self) -> std::process::ExitStatus {
        let mut child = self.child.take().expect("a running instance");
        let started = Instant::now();
        loop {
            if let Some(status) = child.try_wait().expect("the process") {
                return status;
            }
            assert!(started.elapsed() < Duration::from_secs(30), "sustain serve on {} did not stop", self.port);
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// One request on a connection of its own that asks to be kept alive:
    /// the answer's head, and whether the instance closed the connection after it.
    pub fn ask_keeping_alive(&self, path: &str) -> (String, bool) {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", self.port)).expect("a connection");
        stream.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
        write!(stream, "GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").expect("the request");
        let mut answer = Vec::new();
        let mut chunk = [0u8; 4096];
        let closed = loop {
            match stream.read(&mut chunk) {
                Ok(0) => break true,
                Ok(n) => answer.extend_from_slice(&chunk[..n]),
                // Still open after the answer: kept alive.
                Err(_) => break false,
            }
        };
        let text = String::from_utf8_lossy(&answer).to_string();
        let head = text.split("\r\n\r\n").next().unwrap_or_default().to_ascii_lowercase();
        (head, closed)
    }

    /// This instance's own figures, read on its port from this machine.
    pub async fn figures(&self) -> String {
        let url = format!("http://127.0.0.1:{}/metrics", self.port);
        let answer = reqwest::get(&url).await.expect("the figures");
        assert_eq!(answer.status(), 200, "GET {url}");
        answer.text().await.expect("the figures' text")
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// A certificate authority made for one test and a certificate it signed for 127.0.0.1.
pub struct Certificate {
    pub authority: PathBuf,
    pub certificate: PathBuf,
    pub key: PathBuf,
}

impl Certificate {
    pub fn make(dir: &Path) -> Self {
        let file = |name: &str| dir.join(name);
        let openssl = |args: &[&str], what: &str| run(Command::new("openssl").args(args).current_dir(dir), what);
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
        openssl(
            &[
                &["req", "-x509"],
                &ec[..],
                &["-keyout", "ca.key", "-out", "ca.pem", "-days", "1", "-subj", "/CN=Sustain test authority"],
            ]
            .concat(),
            "openssl: the test's certificate authority",
        );
        let subject = ["-subj", "/CN=127.0.0.1"];
        openssl(&[&["req"], &ec[..], &["-keyout", "site.key", "-out", "site.csr"], &subject[..]].concat(), "a request");
        std::fs::write(file("site.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n").expect("extensions");
        openssl(
            &[
                "x509",
                "-req",
                "-in",
                "site.csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-days",
                "1",
                "-extfile",
                "site.ext",
                "-out",
                "site.pem",
            ],
            "openssl: the site's certificate",
        );
        Certificate { authority: file("ca.pem"), certificate: file("site.pem"), key: file("site.key") }
    }
}

/// nginx from Debian's package, serving the shipped `deploy/nginx/sustain.conf`
/// with only its ports and certificate paths changed.
pub struct Nginx {
    child: Child,
    error_log: PathBuf,
    pub https_port: u16,
    pub http_port: u16,
}

impl Nginx {
    pub fn start(dir: &Path, instances: &[&Instance], certificate: &Certificate) -> Self {
        let shipped = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/deploy/nginx/sustain.conf"))
            .expect("deploy/nginx/sustain.conf");
        let (https_port, http_port) = (free_port(), free_port());
        let mut site = String::new();
        for line in shipped.lines() {
            // This machine may have no IPv6; the IPv4 lines are the ones tested.
            if line.contains("listen [::]") {
                continue;
            }
            site.push_str(line);
            site.push('\n');
        }
        let swaps = [
            ("server 127.0.0.1:8081 ", format!("server 127.0.0.1:{} ", instances[0].port)),
            ("server 127.0.0.1:8082 ", format!("server 127.0.0.1:{} ", instances[1].port)),
            ("listen 443 ssl", format!("listen 127.0.0.1:{https_port} ssl")),
            ("listen 80;", format!("listen 127.0.0.1:{http_port};")),
            ("/etc/ssl/certs/sustain.council.example.pem", certificate.certificate.display().to_string()),
            ("/etc/ssl/private/sustain.council.example.key", certificate.key.display().to_string()),
        ];
        for (from, to) in &swaps {
            assert_eq!(site.matches(from).count(), 1, "deploy/nginx/sustain.conf has `{from}` once");
            site = site.replace(from, to);
        }
        std::fs::write(dir.join("sustain.conf"), site).expect("the site's configuration");
        let temp = |name: &str| format!("{name}_temp_path {};", dir.join(name).display());
        let main = format!(
            "{user}worker_processes 1;\npid {pid};\nerror_log {log} warn;\nevents {{ worker_connections 512; }}\n\
             http {{\n  access_log {access};\n  {body}\n  {proxy}\n  {fastcgi}\n  {uwsgi}\n  {scgi}\n  include {site};\n}}\n",
            user = if running_as_root() { "user root;\n" } else { "" },
            pid = dir.join("nginx.pid").display(),
            log = dir.join("nginx-error.log").display(),
            access = dir.join("nginx-access.log").display(),
            body = temp("client_body"),
            proxy = temp("proxy"),
            fastcgi = temp("fastcgi"),
            uwsgi = temp("uwsgi"),
            scgi = temp("scgi"),
            site = dir.join("sustain.conf").display(),
        );
        let conf = dir.join("nginx.conf");
        std::fs::write(&conf, main).expect("nginx.conf");
        let nginx = if Path::new("/usr/sbin/nginx").exists() { "/usr/sbin/nginx" } else { "nginx" };
        let mut check = Command::new(nginx);
        check.arg("-t").arg("-e").arg(dir.join("nginx-error.log")).arg("-p").arg(dir).arg("-c").arg(&conf);
        run(&mut check, "nginx -t on deploy/nginx/sustain.conf (Debian's nginx package; .ci/run installs it)");
        let child = Command::new(nginx)
            .arg("-e")
            .arg(dir.join("nginx-error.log"))
            .arg("-p")
            .arg(dir)
            .arg("-c")
            .arg(&conf)
            .args(["-g", "daemon off;"])
            .stdin(Stdio::null())
            .spawn()
            .expect("nginx starts");
        wait_for_port(https_port, Duration::from_secs(10), "nginx");
        Nginx { child, error_log: dir.join("nginx-error.log"), https_port, http_port }
    }

    pub fn url(&self, path: &str) -> String {
        format!("https://127.0.0.1:{}{path}", self.https_port)
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let log = std::fs::read_to_string(&self.error_log).unwrap_or_default();
            let tail: Vec<&str> = log.lines().rev().take(40).collect();
            eprintln!("nginx's error log, last lines first:\n{}", tail.join("\n"));
        }
        // SIGTERM is nginx's fast stop: the master ends its worker, then itself.
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(3) {
            if self.child.try_wait().is_ok_and(|s| s.is_some()) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
