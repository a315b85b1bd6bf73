//! A real SMTP server on loopback for the digest tests: Python's aiosmtpd
//! (pinned in `.ci/python-requirements.txt`, installed by `.ci/run` into
//! `.ci/venv`) saving every message it receives into a maildir.
#![allow(dead_code)]

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The Python that has aiosmtpd: `SUSTAIN_TEST_PYTHON`, else `.ci/venv`'s.
/// Without one, the tests that need it fail under `CI=true` and are skipped,
/// saying so, elsewhere.
pub fn python() -> Option<PathBuf> {
    let candidate = std::env::var_os("SUSTAIN_TEST_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join(".ci/venv/bin/python"));
    let works = Command::new(&candidate)
        .args(["-c", "import aiosmtpd"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if works {
        return Some(candidate);
    }
    let message = format!(
        "the SMTP test server is missing: {} cannot import aiosmtpd. Create it with \
         `python3 -m venv .ci/venv && .ci/venv/bin/pip install -r .ci/python-requirements.txt` \
         or set SUSTAIN_TEST_PYTHON (bash .ci/run does this)",
        candidate.display()
    );
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{message}");
    }
    eprintln!("SKIPPED: {message}");
    None
}

/// A port on loopback that nothing listens on (just now).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").expect("a free port").local_addr().expect("address").port()
}

/// aiosmtpd listening on a loopback port, stopped when dropped.
pub struct SmtpServer {
    pub port: u16,
    child: Child,
    maildir: PathBuf,
    _dir: tempfile::TempDir,
}

/// One message the server received.
#[derive(Debug, Clone)]
pub struct Mail {
    /// The envelope recipient.
    pub to: String,
    pub subject: String,
    /// The body, decoded.
    pub body: String,
}

impl SmtpServer {
    /// Starts the server on `port` and waits until it answers.
    pub fn start(python: &Path, port: u16) -> Self {
        Self::launch(python, port, &[])
    }

    fn launch(python: &Path, port: u16, extra: &[PathBuf]) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let maildir = dir.path().join("maildir");
        let child = Command::new(python)
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", "aiosmtpd.handlers.Mailbox"])
            .args(extra)
            .arg(&maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("aiosmtpd starts");
        let server = SmtpServer { port, child, maildir, _dir: dir };
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(20), "aiosmtpd did not listen on port {port} in 20 s");
            std::thread::sleep(Duration::from_millis(100));
        }
        server
    }

    /// Starts the server speaking TLS with a certificate that no authority
    /// vouches for (aiosmtpd's own test certificate): from the first byte
    /// (`implicit`) or after STARTTLS.
    pub fn start_with_untrusted_tls(python: &Path, port: u16, implicit: bool) -> Self {
        let certs = Command::new(python)
            .args(["-c", "import os, aiosmtpd.tests.certs as c; print(os.path.dirname(c.__file__))"])
            .output()
            .expect("python runs");
        let certs = PathBuf::from(String::from_utf8_lossy(&certs.stdout).trim());
        let (cert, key) = if implicit { ("--smtpscert", "--smtpskey") } else { ("--tlscert", "--tlskey") };
        let tls = [cert.into(), certs.join("server.crt"), key.into(), certs.join("server.key")];
        Self::launch(python, port, &tls)
    }

    /// Every message received so far.
    pub fn messages(&self) -> Vec<Mail> {
        let Ok(entries) = std::fs::read_dir(self.maildir.join("new")) else { return Vec::new() };
        entries
            .map(|e| std::fs::read_to_string(e.expect("entry").path()).expect("a message file"))
            .map(|text| parse(&text))
            .collect()
    }

    /// The messages sent to one address.
    pub fn messages_to(&self, address: &str) -> Vec<Mail> {
        self.messages().into_iter().filter(|m| m.to == address).collect()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn parse(text: &str) -> Mail {
    let text = text.replace("\r\n", "\n");
    let (head, body) = text.split_once("\n\n").unwrap_or((&text, ""));
    let header = |name: &str| {
        head.lines()
            .find_map(|l| l.strip_prefix(name).and_then(|rest| rest.strip_prefix(": ")))
            .unwrap_or_default()
            .trim()
            .to_string()
    };
    let body = if header("Content-Transfer-Encoding").eq_ignore_ascii_case("quoted-printable") {
        quoted_printable(body)
    } else {
        body.to_string()
    };
    Mail { to: header("X-RcptTo"), subject: header("Subject"), body }
}

fn quoted_printable(text: &str) -> String {
    let joined = text.replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'=', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (other, _) => {
                out.push(other);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
