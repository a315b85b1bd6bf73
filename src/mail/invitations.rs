//! The email that carries an invitation's link.

use super::Mailer;
use chrono::NaiveDateTime;

/// One invitation to send.
pub struct Invitation<'a> {
    pub name: &'a str,
    pub email: &'a str,
    /// The whole link, with its token.
    pub link: &'a str,
    /// The council, as the header names it.
    pub authority: &'a str,
    /// When the link stops working (UTC).
    pub expires_at: NaiveDateTime,
}

impl Invitation<'_> {
    /// The subject line.
    pub fn subject(&self) -> String {
        format!("Set your password for Sustain at {}", self.authority)
    }

    /// The message, in plain text.
    pub fn body(&self) -> String {
        let until = crate::domain::dates::long_date_time(self.expires_at);
        format!(
            "Dear {name},\n\n\
             You have been given an account on Sustain, {authority}'s tracker for improving children's services.\n\n\
             To choose your password and sign in, open this link:\n\n{link}\n\n\
             The link works once, until {until}. If it has stopped working, ask an admin to send you another.\n\n\
             If you did not expect this email, you can ignore it: nothing happens until the link is used.\n",
            name = self.name,
            authority = self.authority,
            link = self.link,
        )
    }

    /// Sends it; the error names the server and what went wrong.
    pub fn send(&self, mailer: &Mailer) -> Result<(), String> {
        mailer.send(self.name, self.email, &self.subject(), self.body())
    }
}
