//! Leaders' own words on the progress report for one report date: a short
//! commentary on the whole plan and one on each practice area. The status is
//! worked out by rules; the commentary is where leaders say why, and what
//! they are doing about it, for the councillors who read the report.
//!
//! What was printed in an issued report is kept with it (as [`Commentary`]
//! in JSON), so the report is made again byte for byte whatever is written
//! for that date afterwards.

use super::fields::FieldErrors;
use super::ids::AreaId;
use super::valid::{Context, Validate};
use serde::{Deserialize, Serialize};

/// The longest overall commentary: about a third of a printed page, so the
/// one-page summary still fits.
pub const OVERALL_MAX: usize = 1_500;
/// The longest commentary on one area: a short paragraph.
pub const AREA_MAX: usize = 600;

/// The commentary printed in a report: blank words are left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commentary {
    pub overall: Option<String>,
    /// Each area's words, by area id (ascending, so the JSON kept is stable).
    pub areas: Vec<(AreaId, String)>,
}

impl Commentary {
    /// The words on one area, if any.
    pub fn on(&self, area: AreaId) -> Option<&str> {
        self.areas.iter().find(|(id, _)| *id == area).map(|(_, text)| text.as_str())
    }

    /// Nothing written at all.
    pub fn is_empty(&self) -> bool {
        self.overall.is_none() && self.areas.is_empty()
    }

    /// The commentary as kept with an issued report.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The commentary kept with an issued report; none kept (reports issued
    /// before commentary existed) is no commentary.
    pub fn from_json(kept: Option<&str>) -> Result<Self, String> {
        match kept {
            None => Ok(Self::default()),
            Some(json) => serde_json::from_str(json).map_err(|e| format!("the commentary kept is unreadable: {e}")),
        }
    }
}

/// The form's field for an area's words: `area_12`.
pub fn area_field(area: AreaId) -> String {
    format!("area_{area}")
}

/// What a leader typed for one report date: the overall words and each
/// area's (blank clears them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommentaryInput {
    pub overall: String,
    pub areas: Vec<(AreaId, String)>,
}

impl CommentaryInput {
    /// The commentary it makes, blanks left out, areas in id order.
    pub fn commentary(&self) -> Commentary {
        let mut areas: Vec<(AreaId, String)> =
            self.areas.iter().filter(|(_, t)| !t.is_empty()).map(|(a, t)| (*a, t.clone())).collect();
        areas.sort_by_key(|(a, _)| *a);
        Commentary { overall: Some(self.overall.clone()).filter(|t| !t.is_empty()), areas }
    }
}

impl Validate for CommentaryInput {
    fn tidy_and_check(&mut self, _: &Context) -> FieldErrors {
        let mut errors = FieldErrors::new();
        errors.text("overall", "the overall commentary", &mut self.overall, OVERALL_MAX, false);
        for (area, text) in &mut self.areas {
            errors.text(&area_field(*area), "the commentary on this area", text, AREA_MAX, false);
        }
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn context() -> Context {
        Context::for_today(NaiveDate::from_ymd_opt(2026, 6, 30).unwrap())
    }

    #[test]
    fn blank_words_are_left_out_of_the_commentary_and_areas_come_in_id_order() {
        let input = CommentaryInput {
            overall: "  Good progress at the front door.  ".into(),
            areas: vec![
                (AreaId(3), "Audits are late.".into()),
                (AreaId(1), "   ".into()),
                (AreaId(2), "On track".into()),
            ],
        };
        let valid = input.validate(&context()).unwrap();
        let commentary = valid.commentary();
        assert_eq!(commentary.overall.as_deref(), Some("Good progress at the front door."));
        assert_eq!(commentary.areas, vec![(AreaId(2), "On track".into()), (AreaId(3), "Audits are late.".into())]);
        assert_eq!(Commentary::from_json(Some(&commentary.to_json())).unwrap(), commentary);
        assert_eq!(Commentary::from_json(None).unwrap(), Commentary::default());
    }

    #[test]
    fn commentary_longer_than_a_short_paragraph_is_refused_by_field() {
        let input = CommentaryInput {
            overall: "x".repeat(OVERALL_MAX + 1),
            areas: vec![(AreaId(7), "y".repeat(AREA_MAX + 1))],
        };
        let errors = input.validate(&context()).unwrap_err();
        assert!(errors.for_field("overall").is_some() && errors.for_field("area_7").is_some(), "{errors:?}");
    }

    #[test]
    fn a_stray_control_character_is_refused_by_field() {
        let input = CommentaryInput { overall: "\u{0}\u{7}bell".into(), areas: vec![(AreaId(4), "ok\u{1b}".into())] };
        let errors = input.validate(&context()).unwrap_err();
        assert!(errors.for_field("overall").is_some() && errors.for_field("area_4").is_some(), "{errors:?}");
    }
}
