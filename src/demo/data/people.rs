//! The demo's users (one per role) and action owners, named by job title as
//! plans name them; the police and health partners are not users.

use super::{DemoOwner, DemoUser};
use crate::domain::kinds::Role;

/// Emails of the demo users.
pub const ADMIN: &str = "admin@hartwell.example";
pub const LEADER: &str = "leader@hartwell.example";
pub const CONTRIBUTOR: &str = "contributor@hartwell.example";
pub const VIEWER: &str = "viewer@hartwell.example";

pub(super) fn users() -> Vec<DemoUser> {
    let user = |email: &str, name: &str, role, owner_key: Option<&str>| DemoUser {
        email: email.into(),
        display_name: name.into(),
        role,
        owner_key: owner_key.map(str::to_string),
    };
    vec![
        user(ADMIN, "Priya Shah", Role::Admin, None),
        user(LEADER, "Helen Marsh", Role::Leader, Some("ad_safeguarding")),
        user(CONTRIBUTOR, "Tom Okafor", Role::Contributor, Some("qa_manager")),
        user(VIEWER, "Cllr Ruth Ellis", Role::Viewer, None),
    ]
}

pub(super) fn owners() -> Vec<DemoOwner> {
    let owner = |key: &str, name: &str, title: &str, team: &str, email: Option<&str>| DemoOwner {
        key: key.into(),
        name: name.into(),
        job_title: title.into(),
        team: team.into(),
        email: email.map(str::to_string),
    };
    vec![
        owner(
            "dcs",
            "Mark Bennett",
            "Director of Children's Services",
            "Children's Services",
            Some("dcs@hartwell.example"),
        ),
        owner(
            "ad_safeguarding",
            "Helen Marsh",
            "Assistant Director, Safeguarding",
            "Children's Services",
            Some(LEADER),
        ),
        owner(
            "hos_mash",
            "Aisha Rahman",
            "Head of Service, MASH and Assessment",
            "Front door",
            Some("mash@hartwell.example"),
        ),
        owner("psw", "Gareth Lloyd", "Principal Social Worker", "Practice development", None),
        owner("qa_manager", "Tom Okafor", "Quality Assurance Manager", "Quality assurance", Some(CONTRIBUTOR)),
        owner("lado", "Sarah Quinn", "Local Authority Designated Officer", "Safeguarding unit", None),
        owner("police", "DI Chris Walsh", "Detective Inspector, Public Protection Unit", "Hartshire Police", None),
        owner(
            "health",
            "Joanne Price",
            "Designated Nurse for Safeguarding Children",
            "Hartwell Integrated Care Board",
            None,
        ),
        owner("early_help", "Dan Cooper", "Head of Early Help", "Early help", None),
        owner("cic", "Nadia Ahmed", "Head of Service, Children in Care and Care Leavers", "Children in care", None),
        owner("commissioning", "Lucy Fern", "Head of Commissioning and Sufficiency", "Commissioning", None),
        owner("workforce", "Ben Hart", "Workforce Development Manager", "Workforce development", None),
    ]
}
