//! What change history records of each change: the kind of record it was
//! made to (`Entity`) and what happened to it (`Change`).
//!
//! Each is stored as the text it has always been stored as; a name written by
//! another version of Sustain (an imported database) that this one does not
//! know reads as `Other`, so reading history never fails.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

use super::kinds::UnknownName;

/// Defines an enum of stored names with an `Other` for names it does not know.
macro_rules! stored_names {
    ($(#[$meta:meta])* $name:ident, $what:literal, { $($(#[$vmeta:meta])* $variant:ident => $stored:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A name written by another version of Sustain that this one does not know.
            Other(String),
        }

        impl $name {
            /// The names this version writes.
            pub const NAMES: &'static [&'static str] = &[$($stored,)+];

            /// The text stored in change history (and sent by the API).
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $stored,)+
                    $name::Other(text) => text,
                }
            }

            /// The stored text of a value this version writes, which lasts as
            /// long as the program; none for `Other`.
            pub fn known(&self) -> Option<&'static str> {
                match self {
                    $($name::$variant => Some($stored),)+
                    $name::Other(_) => None,
                }
            }

            /// The value stored text names: one this version knows, else `Other`.
            pub fn from_stored(text: &str) -> Self {
                text.parse().unwrap_or_else(|_| $name::Other(text.to_string()))
            }
        }

        /// Only the names this version writes: `Other` comes from stored text alone.
        impl FromStr for $name {
            type Err = UnknownName;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($stored => Ok($name::$variant),)+
                    _ => Err(UnknownName { what: $what, given: s.to_string(), allowed: Self::NAMES }),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        /// Read as stored text is: an export from another version reads whole.
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                String::deserialize(deserializer).map(|text| Self::from_stored(&text))
            }
        }
    };
}

stored_names!(
    /// The kind of record a change was made to.
    Entity, "kind of record", {
        PracticeArea => "practice_area",
        Action => "action",
        /// A progress update on an action.
        ActionUpdate => "action_update",
        /// A leader's sign-off or return of an action (filed in history under the action).
        ActionSignOff => "action_sign_off",
        Finding => "finding",
        Inspection => "inspection",
        Judgement => "judgement",
        Evidence => "evidence",
        Attachment => "attachment",
        Measure => "measure",
        Result => "result",
        RecalculationPoint => "recalculation_point",
        Owner => "owner",
        User => "user",
        /// A sign-in attempt for an email that names no account.
        SignIn => "sign_in",
        /// The council's own details.
        Council => "council",
        /// Ofsted's published inspection outcomes of every council, loaded whole.
        PublishedInspections => "published_inspections",
        /// A reminder digest sent to an owner.
        Digest => "digest",
        /// A link that shares an inspection's evidence pack.
        PackShare => "pack_share",
        /// A progress report or evidence pack issued.
        Report => "report",
        /// Leaders' commentary on the progress report for one date (overall or on one area).
        ReportCommentary => "report_commentary",
        /// A file of published figures (DfE statistics) loaded.
        PublishedFigures => "published_figures",
        /// A leader's request to an owner for evidence.
        EvidenceRequest => "evidence_request",
        /// A sign-in through an OpenID provider that reached no account.
        ProviderSignIn => "provider_sign_in",
    }
);

stored_names!(
    /// What happened to a record.
    Change, "change", {
        Create => "create",
        Update => "update",
        Archive => "archive",
        Restore => "restore",
        /// Evidence verified.
        Verify => "verify",
        /// Evidence rejected.
        Reject => "reject",
        /// Evidence returned to the person who added it, or a completed action
        /// to its owner, for changes.
        Return => "return",
        /// Evidence linked to a finding or an action.
        Link => "link",
        LinkFinding => "link_finding",
        UnlinkFinding => "unlink_finding",
        /// The links between findings and actions, or of evidence, set as a whole.
        SetLinks => "set_links",
        /// Files added to an evidence item.
        AddFiles => "add_files",
        /// A result changed by a results import.
        Import => "import",
        /// A report issued.
        Issue => "issue",
        /// A completed action signed off by a leader.
        SignOff => "sign_off",
        /// A shared link revoked.
        Revoke => "revoke",
        /// A request for evidence answered by an evidence item.
        Answer => "answer",
        /// A request for evidence closed unanswered.
        Close => "close",
        /// A shared link opened.
        Use => "use",
        /// A claimed digest taken back because it could not be sent.
        NotSent => "not sent",
        ResetPassword => "reset_password",
        SignIn => "sign_in",
        SignInFailed => "sign_in_failed",
        SignInThrottled => "sign_in_throttled",
        SignOut => "sign_out",
        SignOutOthers => "sign_out_others",
        RevokeToken => "revoke_token",
        PasswordChangeFailed => "password_change_failed",
        /// A sign-in through an OpenID provider refused (see the reason).
        ProviderSignInRefused => "provider_sign_in_refused",
        /// A user's role changed because their provider's claims did.
        ProviderRole => "provider_role",
        /// A person invited by email to set their own password.
        Invite => "invite",
        /// An invitation sent again, with a new link.
        ResendInvitation => "resend_invitation",
        RevokeInvitation => "revoke_invitation",
        /// An invitation's link used: the person set their password.
        AcceptInvitation => "accept_invitation",
        /// One session ended from the account page.
        EndSession => "end_session",
        /// Every session of a user ended by an admin.
        EndSessions => "end_sessions",
    }
);

impl Change {
    /// Sign-ins, sign-outs and other session events: in history, but not
    /// changes to the plan.
    pub const SESSION_EVENTS: &'static [Change] = &[
        Change::SignIn,
        Change::SignInFailed,
        Change::SignInThrottled,
        Change::SignOut,
        Change::SignOutOthers,
        Change::RevokeToken,
        Change::PasswordChangeFailed,
        Change::ProviderSignInRefused,
        Change::EndSession,
        Change::EndSessions,
    ];

    /// What happened, in words: "Created", "Signed in".
    pub fn words(&self) -> String {
        let words = match self {
            Change::Create => "Created",
            Change::Update => "Changed",
            Change::Archive => "Archived",
            Change::Restore => "Restored",
            Change::Verify => "Verified",
            Change::Reject => "Rejected",
            Change::SignOff => "Signed off",
            Change::Return => "Returned for changes",
            Change::Link => "Linked",
            Change::LinkFinding => "Linked to a finding",
            Change::UnlinkFinding => "Unlinked from a finding",
            Change::ResetPassword => "Password changed",
            Change::Answer => "Answered",
            Change::Close => "Closed unanswered",
            Change::SignIn => "Signed in",
            Change::SignInFailed => "Sign-in failed",
            Change::SignInThrottled => "Sign-in refused: too many attempts",
            Change::SignOut => "Signed out",
            Change::SignOutOthers => "Signed out everywhere else",
            Change::RevokeToken => "API token revoked",
            Change::PasswordChangeFailed => "Password change refused: wrong current password",
            Change::ProviderSignInRefused => "Sign-in through a provider refused",
            Change::ProviderRole => "Role set by the sign-in provider",
            Change::Invite => "Invited by email",
            Change::ResendInvitation => "Invitation sent again",
            Change::RevokeInvitation => "Invitation revoked",
            Change::AcceptInvitation => "Invitation accepted: password set",
            Change::EndSession => "Signed out of one session",
            Change::EndSessions => "Every session ended by an admin",
            other => return sentence(other.as_str()),
        };
        words.to_string()
    }
}

/// "due_date" as "Due date": a stored name in words, when it has none of its own.
pub fn sentence(name: &str) -> String {
    let words = name.replace('_', " ");
    let mut chars = words.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_reads_back_as_the_value_that_wrote_it() {
        for name in Entity::NAMES {
            let entity: Entity = name.parse().expect("a known entity");
            assert_eq!(entity.as_str(), *name);
            assert_eq!(entity.known(), Some(*name));
        }
        for name in Change::NAMES {
            let change: Change = name.parse().expect("a known change");
            assert_eq!(change.as_str(), *name);
            assert!(!matches!(change, Change::Other(_)));
        }
    }

    #[test]
    fn a_name_this_version_does_not_know_reads_as_other_and_is_kept_as_stored() {
        assert!("retired_thing".parse::<Entity>().is_err());
        let stored = Entity::from_stored("retired_thing");
        assert_eq!(stored, Entity::Other("retired_thing".into()));
        assert_eq!(stored.as_str(), "retired_thing");
        assert_eq!(stored.known(), None);
        assert_eq!(Change::from_stored("merge_areas").words(), "Merge areas");
        assert_eq!(Change::from_stored("create"), Change::Create);
    }

    #[test]
    fn changes_read_as_words_people_use() {
        assert_eq!(Change::Update.words(), "Changed");
        assert_eq!(Change::SignInFailed.words(), "Sign-in failed");
        assert_eq!(Change::SetLinks.words(), "Set links");
        assert_eq!(Change::NotSent.words(), "Not sent");
    }

    #[test]
    fn json_carries_the_stored_text() {
        assert_eq!(serde_json::to_value(Entity::PackShare).unwrap(), serde_json::json!("pack_share"));
        assert_eq!(serde_json::to_value(Change::NotSent).unwrap(), serde_json::json!("not sent"));
        let read: Change = serde_json::from_value(serde_json::json!("whatever")).unwrap();
        assert_eq!(read, Change::Other("whatever".into()));
    }
}
