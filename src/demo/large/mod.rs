//! Marlshire County Council: a fictional large authority, for trying Sustain
//! at scale. Four localities (North, South, East, West) each have an area for
//! every theme of the normal demo, forty in all, with 5,000 plan actions,
//! 20,000 evidence items (a few hundred with small files), 300 measures with
//! five years of monthly results, 2,000 findings from 30 inspections, 200
//! owners and 50 users; loading it writes over 100,000 rows of change history.
//!
//! Built back from an "as at" date like Hartwell: the same date gives the same
//! data. Each area is a copy of a Hartwell area (its actions, evidence and key
//! measures, which give it its status) grown to size with work shaped so that
//! the status cannot change: an embedded area's extra actions were all done
//! long ago, a not-yet-sustained area's extra evidence adds no new kind of
//! verified evidence, a not-started area's extra actions all start later, and
//! every extra measure is not key. Within those bounds a small generator
//! seeded from the date (`rng`) varies days, reviews and values.

mod actions;
mod evidence;
mod files;
mod measures;
mod people;
mod rng;
mod story;
mod themes;

use super::data::{hartwell, Calendar, DemoArea, DemoAuthority, DemoUser};
use crate::domain::status::AreaStatus;
use chrono::NaiveDate;
use rng::Rng;
use std::collections::{BTreeMap, HashMap};
use themes::{Theme, THEMES};

/// The council's name.
pub const NAME: &str = "Marlshire County Council";
/// The localities, each with an area for every theme.
pub const LOCALITIES: &[&str] = &["North", "South", "East", "West"];
/// Plan actions in every area.
const ACTIONS_PER_AREA: usize = 125;
/// Evidence items in every area.
const EVIDENCE_PER_AREA: usize = 500;

/// The large demo authority as at a date.
pub fn marlshire(as_at: NaiveDate) -> DemoAuthority {
    let cal = Calendar::new(as_at);
    let model = hartwell(as_at);
    let rng = Rng::for_date(as_at);
    let owners = people::owners();
    let users = people::users(&owners);
    let inspections = story::inspections(&cal, &model.inspections);
    let mut findings: BTreeMap<&str, Vec<FindingRef>> = BTreeMap::new();
    for inspection in &inspections {
        for f in &inspection.findings {
            findings.entry(f.area_key.as_str()).or_default().push(FindingRef {
                key: f.key.clone(),
                strength: f.kind == crate::domain::kinds::FindingKind::Strength,
                raised: inspection.details.start_date,
            });
        }
    }
    let directory = Directory::new(&users);
    let mut areas = Vec::with_capacity(THEMES.len() * LOCALITIES.len());
    for (t, theme) in THEMES.iter().enumerate() {
        let template = model.areas.iter().find(|a| a.key == theme.template).unwrap_or(&model.areas[t]);
        for (l, locality) in LOCALITIES.iter().enumerate() {
            let key = story::area_key(theme, locality);
            let reviewer_key = people::reviewer(locality, theme.children_in_care);
            let place = Place {
                number: t * LOCALITIES.len() + l + 1,
                theme,
                locality,
                findings: findings.remove(key.as_str()).unwrap_or_default(),
                reviewer: directory.email(&reviewer_key).unwrap_or_default().to_string(),
                key,
                template,
                directory: &directory,
            };
            areas.push(area(&cal, &place, rng.fork(place.number as u64)));
        }
    }
    DemoAuthority { as_at, users, owners, inspections, areas, commentary: Vec::new() }
}

/// A finding as an area's actions see it.
#[derive(Debug, Clone)]
struct FindingRef {
    key: String,
    strength: bool,
    /// When the visit that made it began.
    raised: NaiveDate,
}

/// Who signs in as which owner, to author updates and review evidence.
struct Directory(HashMap<String, String>);

impl Directory {
    fn new(users: &[DemoUser]) -> Self {
        Directory(users.iter().filter_map(|u| Some((u.owner_key.clone()?, u.email.clone()))).collect())
    }

    /// The email of the user who is this owner, if any.
    fn email(&self, owner_key: &str) -> Option<&str> {
        self.0.get(owner_key).map(String::as_str)
    }
}

/// One area being built: where it is and what it is made from.
struct Place<'a> {
    /// 1 to 40: the first part of its action references ("12.3").
    number: usize,
    theme: &'static Theme,
    locality: &'static str,
    key: String,
    /// The Hartwell area whose shape it takes.
    template: &'a DemoArea,
    /// Its findings, oldest visit first.
    findings: Vec<FindingRef>,
    /// The leader who reviews its evidence (and writes updates for owners who
    /// do not sign in).
    reviewer: String,
    directory: &'a Directory,
}

impl Place<'_> {
    /// The status the area shows, the same as its template's.
    fn status(&self) -> AreaStatus {
        self.template.intended_status
    }

    /// Who writes an owner's progress updates: the owner, if they sign in,
    /// otherwise the area's reviewing leader on their behalf.
    fn author(&self, owner_key: &str) -> String {
        self.directory.email(owner_key).unwrap_or(&self.reviewer).to_string()
    }
}

fn area(cal: &Calendar, place: &Place, mut rng: Rng) -> DemoArea {
    let theme = place.theme;
    let (actions, renumbered) = actions::actions(cal, place, &mut rng);
    let evidence = evidence::evidence(cal, place, &actions, &renumbered, &mut rng);
    DemoArea {
        key: place.key.clone(),
        name: format!("{} ({})", theme.name, place.locality),
        description: theme.description.replace("{}", place.locality),
        lead_owner_key: people::owner_for(place.locality, theme.lead),
        intended_status: place.status(),
        measures: measures::measures(cal, place, &mut rng),
        actions,
        evidence,
    }
}

#[cfg(test)]
mod tests;
