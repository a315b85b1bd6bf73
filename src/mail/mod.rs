//! Email: reminder digests and invitations sent through the configured SMTP server.
//!
//! Sending uses lettre's blocking SMTP client with rustls, so that nothing
//! needs a system TLS library to build or run.

pub mod digests;
pub mod invitations;

use crate::config::{SmtpSettings, TlsMode};
use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{Message, SmtpTransport, Transport};
use std::time::Duration;

/// Whether `[smtp]` names a mail server.
pub fn configured(settings: &SmtpSettings) -> bool {
    settings.host.as_deref().is_some_and(|h| !h.trim().is_empty())
}

/// A connection recipe for the configured mail server.
pub struct Mailer {
    transport: SmtpTransport,
    from: Mailbox,
    server: String,
}

impl Mailer {
    /// The mailer for the `[smtp]` settings, or why there is none.
    pub fn new(settings: &SmtpSettings) -> Result<Self, String> {
        let host = settings.host.as_deref().map(str::trim).filter(|h| !h.is_empty()).ok_or_else(|| {
            "no mail server is configured: set [smtp] host and from (SUSTAIN_SMTP__HOST, SUSTAIN_SMTP__FROM), \
             or use --dry-run"
                .to_string()
        })?;
        let from_text = settings.from.as_deref().unwrap_or_default();
        let from: Mailbox = from_text
            .parse()
            .map_err(|e| format!("SUSTAIN_SMTP__FROM: '{from_text}' is not an email address ({e})"))?;
        let parameters = || {
            TlsParameters::new(host.to_string()).map_err(|e| format!("TLS settings for the mail server {host}: {e}"))
        };
        let tls = match settings.tls {
            TlsMode::None => Tls::None,
            TlsMode::Starttls => Tls::Required(parameters()?),
            TlsMode::Tls => Tls::Wrapper(parameters()?),
        };
        let mut builder = SmtpTransport::builder_dangerous(host)
            .port(settings.port())
            .tls(tls)
            .timeout(Some(Duration::from_secs(settings.timeout_seconds)));
        if let (Some(user), Some(password)) = (&settings.user, &settings.password) {
            builder = builder.credentials(Credentials::new(
                user.clone(),
                secrecy::ExposeSecret::expose_secret(password).to_string(),
            ));
        }
        Ok(Self { transport: builder.build(), from, server: settings.server() })
    }

    /// The server as `host:port`, to name it in messages.
    pub fn server(&self) -> &str {
        &self.server
    }

    /// Sends one plain-text message; the error names the server and what went wrong.
    pub fn send(&self, to_name: &str, to_address: &str, subject: &str, body: String) -> Result<(), String> {
        let address =
            to_address.trim().parse().map_err(|e| format!("the address '{to_address}' cannot be sent to ({e})"))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(Mailbox::new(Some(to_name.to_string()), address))
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .map_err(|e| format!("the message could not be built: {e}"))?;
        self.transport
            .send(&message)
            .map(|_| ())
            .map_err(|e| format!("sending through the mail server {} failed: {e}", self.server))
    }
}
