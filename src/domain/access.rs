//! Who may change which row, beyond what their role allows on a route.

use super::kinds::Role;

/// Whether a user may edit an action and add progress to it: leaders and admins
/// any action, contributors only the actions of the owner record linked to them.
pub fn may_edit_action(role: Role, user_owner_id: Option<i64>, action_owner_id: Option<i64>) -> bool {
    role.includes(Role::Leader)
        || (role == Role::Contributor && user_owner_id.is_some() && user_owner_id == action_owner_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contributor_edits_only_their_own_actions() {
        assert!(may_edit_action(Role::Contributor, Some(4), Some(4)));
        assert!(!may_edit_action(Role::Contributor, Some(4), Some(5)));
        assert!(!may_edit_action(Role::Contributor, None, None));
    }

    #[test]
    fn leaders_edit_any_action_and_viewers_none() {
        assert!(may_edit_action(Role::Leader, None, Some(5)));
        assert!(may_edit_action(Role::Admin, None, None));
        assert!(!may_edit_action(Role::Viewer, Some(5), Some(5)));
    }
}
