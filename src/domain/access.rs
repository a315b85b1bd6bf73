//! Who may change which row, beyond what their role allows on a route, and
//! the words a page shows where a control is absent.

use super::ids::{OwnerId, UserId};
use super::kinds::{ReviewState, Role};

/// Why a person may not do something, in words the page shows in place of
/// the missing control.
pub type Refusal = &'static str;

/// Said to viewers wherever a control is absent.
pub const READ_ONLY: Refusal = "Your role lets you read the plan but not change it.";

/// Whether a user may edit an action and add progress to it: leaders and admins
/// any action, contributors only the actions of the owner record linked to them.
pub fn may_edit_action(role: Role, user_owner_id: Option<OwnerId>, action_owner_id: Option<OwnerId>) -> bool {
    action_edit(role, user_owner_id, action_owner_id).is_ok()
}

/// As `may_edit_action`, with the reason when not.
pub fn action_edit(
    role: Role,
    user_owner_id: Option<OwnerId>,
    action_owner_id: Option<OwnerId>,
) -> Result<(), Refusal> {
    match role {
        Role::Leader | Role::Admin => Ok(()),
        Role::Viewer => Err(READ_ONLY),
        Role::Contributor if user_owner_id.is_none() => Err(
            "Your account is not linked to an owner, so you cannot change actions or add progress. A leader can link it.",
        ),
        Role::Contributor if user_owner_id == action_owner_id => Ok(()),
        Role::Contributor => Err("Only this action's owner or a leader can change it or add progress."),
    }
}

/// Whether a user may record and correct results of measures (by hand or from
/// a CSV): contributors and above. QA officers run audits across every area,
/// so results are not limited to the areas where they own actions; every
/// result is checked against its measure and kept in change history.
pub fn may_enter_results(role: Role) -> bool {
    role.includes(Role::Contributor)
}

/// Whether a user may add a recalculation point to a measure: a judgement
/// that a change has been sustained, which restarts its limits, so leaders.
pub fn may_add_recalculation(role: Role) -> bool {
    role.includes(Role::Leader)
}

/// Whether a user may change an evidence item's details and links, or add
/// files to it: leaders any item; contributors an item they added while it
/// is still a draft (once reviewed, a change would undo a leader's decision).
pub fn evidence_edit(role: Role, user: UserId, added_by: Option<UserId>, state: ReviewState) -> Result<(), Refusal> {
    match role {
        Role::Leader | Role::Admin => Ok(()),
        Role::Viewer => Err(READ_ONLY),
        Role::Contributor if added_by != Some(user) => {
            Err("Only the person who added this item, or a leader, can change it.")
        }
        Role::Contributor if state != ReviewState::Draft => {
            Err("This item has been reviewed, so only a leader can change it now.")
        }
        Role::Contributor => Ok(()),
    }
}

/// Whether a user may change the plan itself (inspections, findings, areas,
/// owners, measures; creating and archiving actions), with the reason when not.
pub fn plan_edit(role: Role) -> Result<(), Refusal> {
    match role {
        Role::Leader | Role::Admin => Ok(()),
        Role::Viewer => Err(READ_ONLY),
        Role::Contributor => Err("Only leaders can change this part of the plan."),
    }
}

/// Whether a user may add and change user accounts, with the reason when not.
pub fn user_admin(role: Role) -> Result<(), Refusal> {
    match role {
        Role::Admin => Ok(()),
        _ => Err("Only admins manage user accounts."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn o(id: i64) -> Option<OwnerId> {
        Some(OwnerId(id))
    }

    #[test]
    fn a_contributor_edits_only_their_own_actions() {
        assert!(may_edit_action(Role::Contributor, o(4), o(4)));
        assert!(!may_edit_action(Role::Contributor, o(4), o(5)));
        assert!(!may_edit_action(Role::Contributor, None, None));
    }

    #[test]
    fn leaders_edit_any_action_and_viewers_none() {
        assert!(may_edit_action(Role::Leader, None, o(5)));
        assert!(may_edit_action(Role::Admin, None, None));
        assert!(!may_edit_action(Role::Viewer, o(5), o(5)));
    }

    #[test]
    fn a_contributor_without_an_owner_record_is_told_why() {
        let why = action_edit(Role::Contributor, None, o(5)).unwrap_err();
        assert!(why.contains("not linked to an owner"));
    }

    #[test]
    fn contributors_enter_results_but_only_leaders_restart_limits() {
        assert!(may_enter_results(Role::Contributor) && !may_enter_results(Role::Viewer));
        assert!(may_add_recalculation(Role::Leader) && !may_add_recalculation(Role::Contributor));
    }

    #[test]
    fn a_contributor_changes_only_a_draft_they_added() {
        let (me, other) = (UserId(1), UserId(2));
        assert!(evidence_edit(Role::Contributor, me, Some(me), ReviewState::Draft).is_ok());
        assert!(evidence_edit(Role::Contributor, me, Some(other), ReviewState::Draft).is_err());
        assert!(evidence_edit(Role::Contributor, me, Some(me), ReviewState::Verified).is_err());
        assert!(evidence_edit(Role::Leader, me, Some(other), ReviewState::Verified).is_ok());
        assert_eq!(evidence_edit(Role::Viewer, me, Some(me), ReviewState::Draft), Err(READ_ONLY));
    }

    #[test]
    fn only_leaders_change_the_plan() {
        assert!(plan_edit(Role::Leader).is_ok() && plan_edit(Role::Contributor).is_err());
    }
}
