//! The windows and counts the status rules use, with per-area overrides.

use serde::{Deserialize, Serialize};

/// The numbers behind the rules. Defaults come from configuration; an area may
/// override any of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Rules {
    /// Evidence counts if observed within this many months up to the date.
    pub evidence_window_months: u32,
    /// Verified evidence items needed.
    pub evidence_min_items: u32,
    /// Different kinds of evidence needed (triangulation).
    pub evidence_min_kinds: u32,
    /// Results count if their period ended within this many months up to the date.
    pub results_window_months: u32,
    /// Results each key measure needs in that window.
    pub results_min_count: u32,
    /// How far back an area that was embedded counts as slipping.
    pub slipping_lookback_months: u32,
}

impl Default for Rules {
    fn default() -> Self {
        Self {
            evidence_window_months: 12,
            evidence_min_items: 2,
            evidence_min_kinds: 2,
            results_window_months: 6,
            results_min_count: 3,
            slipping_lookback_months: 24,
        }
    }
}

/// An area's own values for some of the rules.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleOverrides {
    /// Replaces `Rules::evidence_window_months`.
    pub evidence_window_months: Option<u32>,
    /// Replaces `Rules::evidence_min_items`.
    pub evidence_min_items: Option<u32>,
    /// Replaces `Rules::evidence_min_kinds`.
    pub evidence_min_kinds: Option<u32>,
    /// Replaces `Rules::results_window_months`.
    pub results_window_months: Option<u32>,
    /// Replaces `Rules::results_min_count`.
    pub results_min_count: Option<u32>,
    /// Replaces `Rules::slipping_lookback_months`.
    pub slipping_lookback_months: Option<u32>,
}

fn plural(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Rules {
    /// These rules with an area's overrides applied.
    pub fn with_overrides(&self, o: &RuleOverrides) -> Rules {
        Rules {
            evidence_window_months: o.evidence_window_months.unwrap_or(self.evidence_window_months),
            evidence_min_items: o.evidence_min_items.unwrap_or(self.evidence_min_items),
            evidence_min_kinds: o.evidence_min_kinds.unwrap_or(self.evidence_min_kinds),
            results_window_months: o.results_window_months.unwrap_or(self.results_window_months),
            results_min_count: o.results_min_count.unwrap_or(self.results_min_count),
            slipping_lookback_months: o.slipping_lookback_months.unwrap_or(self.slipping_lookback_months),
        }
    }

    /// The rules in plain words, one line each, to print on every report;
    /// `sign_off` when the council asks for completed actions to be signed off.
    pub fn describe(&self, sign_off: bool) -> Vec<String> {
        vec![
            if sign_off {
                "Delivered: every plan action that is not cancelled was completed and signed off by a leader on or \
                 before the date (an action counts from its sign-off; a change to its dates or success measure \
                 asks for sign-off again)"
                    .into()
            } else {
                "Delivered: every plan action that is not cancelled was completed on or before the date".into()
            },
            format!(
                "Practice changed: at least {} of at least {} observed in the {} up to the date",
                plural(self.evidence_min_items, "verified evidence item", "verified evidence items"),
                plural(self.evidence_min_kinds, "kind", "kinds"),
                plural(self.evidence_window_months, "month", "months"),
            ),
            format!(
                "Sustained: every key measure has at least {} in the {} up to the date, all meeting its target, \
                 and its latest point is not a special-cause concern",
                plural(self.results_min_count, "result", "results"),
                plural(self.results_window_months, "month", "months"),
            ),
            "Embedded: delivered, practice changed and sustained all hold".into(),
            format!(
                "Slipping: not embedded at the date, but embedded at a month end in the {} before it",
                plural(self.slipping_lookback_months, "month", "months")
            ),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_override_replaces_only_its_own_rule() {
        let rules =
            Rules::default().with_overrides(&RuleOverrides { evidence_min_kinds: Some(3), ..Default::default() });
        assert_eq!(rules.evidence_min_kinds, 3);
        assert_eq!(rules.evidence_min_items, 2);
    }

    #[test]
    fn the_rules_read_in_plain_words() {
        let lines = Rules::default().describe(false);
        assert_eq!(
            lines[1],
            "Practice changed: at least 2 verified evidence items of at least 2 kinds observed in the 12 months up to the date"
        );
        let one = Rules { evidence_min_kinds: 1, ..Rules::default() }.describe(true);
        assert!(one[0].contains("signed off by a leader"));
        assert!(one[1].contains("of at least 1 kind observed"));
    }
}
