//! Signing on through an OpenID provider: who a verified ID token names in
//! Sustain, with which role, or why they are refused. Pure rules; the
//! token's checks happen before (`auth::oidc`), the writes after (`db::identities`).

use super::kinds::Role;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What becomes of someone whose claims map to none of Sustain's roles.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum Unmapped {
    /// They arrive (or stay) as a viewer.
    #[default]
    Viewer,
    /// They are refused, with a page saying so.
    Refuse,
}

/// How a provider's claims give a role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleRules {
    /// Whether a role claim is set for the provider: then the provider decides
    /// the role at every sign-in; otherwise only a new user's.
    pub from_provider: bool,
    pub unmapped: Unmapped,
}

/// The highest Sustain role that any of the claim's values maps to.
pub fn mapped_role(values: &[String], mapping: &BTreeMap<String, Role>) -> Option<Role> {
    values.iter().filter_map(|v| mapping.get(v).copied()).max_by_key(|r| rank(*r))
}

fn rank(role: Role) -> u8 {
    match role {
        Role::Viewer => 0,
        Role::Contributor => 1,
        Role::Leader => 2,
        Role::Admin => 3,
    }
}

/// The account a verified identity meets in Sustain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Met {
    /// A user already linked to this issuer and subject.
    Linked { active: bool, role: Role },
    /// A user with the email the token gives, not linked to this subject.
    SameEmail {
        active: bool,
        role: Role,
        /// Linked to another subject at this issuer already.
        linked_elsewhere: bool,
    },
    /// No one: a new user, if the rules allow.
    Nobody,
}

/// Why a provider's sign-in is refused, in words for the person and history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Refusal {
    /// The account is deactivated in Sustain.
    Deactivated,
    /// No claim maps to a role, and unmapped people are refused.
    NoRole,
    /// An account has the email, but the provider does not vouch for the email.
    EmailNotVouched,
    /// The account with the email is linked to someone else at this provider.
    LinkedElsewhere,
    /// A new user, but the provider gave no email address.
    NoEmail,
}

impl Refusal {
    /// What the person is told.
    pub fn words(self) -> &'static str {
        match self {
            Refusal::Deactivated => "Your Sustain account is deactivated. Ask an admin if you need it back.",
            Refusal::NoRole => "Your account at the provider gives you no role in Sustain. Ask your IT service to add one.",
            Refusal::EmailNotVouched => {
                "A Sustain account already has your email address, but the provider does not confirm that the address is yours, so they cannot be joined. Ask an admin."
            }
            Refusal::LinkedElsewhere => {
                "The Sustain account with your email address is already joined to another account at this provider. Ask an admin."
            }
            Refusal::NoEmail => "The provider did not give your email address, which a new Sustain account needs.",
        }
    }
}

/// What to do with a verified identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Sign the linked user in, changing their role first when the provider's differs.
    SignIn {
        new_role: Option<Role>,
    },
    /// Link the user with the vouched-for email to this identity (once), then sign in.
    LinkAndSignIn {
        new_role: Option<Role>,
    },
    /// Add a user with this role, linked to the identity, and sign them in.
    Create {
        role: Role,
    },
    Refuse(Refusal),
}

/// The rule: a link by issuer and subject first; an email only when the
/// provider vouches for it, and only for an account not linked to someone
/// else there; a deactivated account stays out whatever the provider says.
pub fn decide(met: Met, mapped: Option<Role>, rules: &RoleRules, has_email: bool, email_vouched: bool) -> Verdict {
    let role_for_existing = |current: Role| -> Result<Option<Role>, Refusal> {
        match (mapped, rules.from_provider, rules.unmapped) {
            (Some(role), _, _) => Ok((role != current).then_some(role)),
            (None, false, _) => Ok(None),
            (None, true, Unmapped::Viewer) => Ok((current != Role::Viewer).then_some(Role::Viewer)),
            (None, true, Unmapped::Refuse) => Err(Refusal::NoRole),
        }
    };
    match met {
        Met::Linked { active: false, .. } | Met::SameEmail { active: false, .. } => {
            Verdict::Refuse(Refusal::Deactivated)
        }
        Met::Linked { role, .. } => match role_for_existing(role) {
            Ok(new_role) => Verdict::SignIn { new_role },
            Err(refusal) => Verdict::Refuse(refusal),
        },
        Met::SameEmail { .. } if !email_vouched => Verdict::Refuse(Refusal::EmailNotVouched),
        Met::SameEmail { linked_elsewhere: true, .. } => Verdict::Refuse(Refusal::LinkedElsewhere),
        Met::SameEmail { role, .. } => match role_for_existing(role) {
            Ok(new_role) => Verdict::LinkAndSignIn { new_role },
            Err(refusal) => Verdict::Refuse(refusal),
        },
        Met::Nobody if !has_email => Verdict::Refuse(Refusal::NoEmail),
        Met::Nobody => match (mapped, rules.unmapped) {
            (Some(role), _) => Verdict::Create { role },
            (None, Unmapped::Viewer) => Verdict::Create { role: Role::Viewer },
            (None, Unmapped::Refuse) => Verdict::Refuse(Refusal::NoRole),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FROM_PROVIDER: RoleRules = RoleRules { from_provider: true, unmapped: Unmapped::Viewer };
    const REFUSING: RoleRules = RoleRules { from_provider: true, unmapped: Unmapped::Refuse };

    #[test]
    fn the_highest_mapped_role_wins() {
        let mapping =
            BTreeMap::from([("Sustain.Leader".into(), Role::Leader), ("Sustain.Viewer".into(), Role::Viewer)]);
        let values = vec!["Sustain.Viewer".into(), "Sustain.Leader".into(), "Other".into()];
        assert_eq!(mapped_role(&values, &mapping), Some(Role::Leader));
        assert_eq!(mapped_role(&["Other".into()], &mapping), None);
    }

    #[test]
    fn a_deactivated_user_stays_out_whatever_the_provider_says() {
        let met = Met::Linked { active: false, role: Role::Viewer };
        assert_eq!(decide(met, Some(Role::Admin), &FROM_PROVIDER, true, true), Verdict::Refuse(Refusal::Deactivated));
    }

    #[test]
    fn a_role_change_at_the_provider_applies_at_sign_in() {
        let met = Met::Linked { active: true, role: Role::Viewer };
        assert_eq!(
            decide(met, Some(Role::Leader), &FROM_PROVIDER, true, true),
            Verdict::SignIn { new_role: Some(Role::Leader) }
        );
        assert_eq!(decide(met, None, &REFUSING, true, true), Verdict::Refuse(Refusal::NoRole));
        let keeps = RoleRules { from_provider: false, unmapped: Unmapped::Viewer };
        let admin = Met::Linked { active: true, role: Role::Admin };
        assert_eq!(decide(admin, None, &keeps, true, true), Verdict::SignIn { new_role: None });
    }

    #[test]
    fn an_email_links_only_when_the_provider_vouches_for_it() {
        let met = Met::SameEmail { active: true, role: Role::Contributor, linked_elsewhere: false };
        assert_eq!(decide(met, None, &FROM_PROVIDER, true, false), Verdict::Refuse(Refusal::EmailNotVouched));
        let linked = Met::SameEmail { active: true, role: Role::Contributor, linked_elsewhere: true };
        assert_eq!(decide(linked, None, &FROM_PROVIDER, true, true), Verdict::Refuse(Refusal::LinkedElsewhere));
        assert_eq!(
            decide(met, Some(Role::Contributor), &FROM_PROVIDER, true, true),
            Verdict::LinkAndSignIn { new_role: None }
        );
    }

    #[test]
    fn a_new_user_arrives_with_the_mapped_role_or_as_the_setting_says() {
        assert_eq!(
            decide(Met::Nobody, Some(Role::Leader), &REFUSING, true, false),
            Verdict::Create { role: Role::Leader }
        );
        assert_eq!(decide(Met::Nobody, None, &FROM_PROVIDER, true, false), Verdict::Create { role: Role::Viewer });
        assert_eq!(decide(Met::Nobody, None, &REFUSING, true, true), Verdict::Refuse(Refusal::NoRole));
        assert_eq!(decide(Met::Nobody, Some(Role::Leader), &REFUSING, false, false), Verdict::Refuse(Refusal::NoEmail));
    }
}
