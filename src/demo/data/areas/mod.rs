//! The ten practice areas. Each one's doc comment says the verdict it is
//! shaped to give under the default rules, as at any date, and why.

use super::calendar::Calendar;
use super::series::Spec;
use super::DemoArea;
use crate::domain::kinds::Unit;
use crate::domain::status::AreaStatus;

mod embedded;
mod in_progress;
mod recommendations;
mod unsustained;

pub(super) fn all(cal: &Calendar) -> Vec<DemoArea> {
    vec![
        embedded::front_door(cal),
        embedded::oversight(cal),
        unsustained::thresholds(cal),
        unsustained::recording(cal),
        unsustained::lado(cal),
        in_progress::transfers(cal),
        in_progress::quality_assurance(cal),
        recommendations::plans(cal),
        recommendations::care_leavers(cal),
        recommendations::sufficiency(cal),
    ]
}

pub(super) fn area(
    key: &'static str,
    name: &str,
    description: &str,
    lead: &'static str,
    status: AreaStatus,
) -> DemoArea {
    DemoArea {
        key: key.into(),
        name: name.into(),
        description: description.into(),
        lead_owner_key: lead.into(),
        intended_status: status,
        actions: vec![],
        evidence: vec![],
        measures: vec![],
    }
}

pub(super) fn pct(
    name: &'static str,
    description: &'static str,
    direction: crate::domain::kinds::Direction,
    target: f64,
    key: bool,
) -> Spec<'static> {
    Spec { name, description, unit: Unit::Percent, direction, target: Some(target), key }
}
