//! Case-file audit grade counts and the headline "% good or better".

use serde::{Deserialize, Serialize};

/// The grades, best first, as fields name them and as messages name their counts.
pub const GRADES: [(&str, &str); 4] = [
    ("outstanding", "Cases graded outstanding"),
    ("good", "Cases graded good"),
    ("requires_improvement", "Cases graded requires improvement"),
    ("inadequate", "Cases graded inadequate"),
];

/// How many audited cases were given each grade in one audit period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct GradeCounts {
    pub outstanding: u32,
    pub good: u32,
    pub requires_improvement: u32,
    pub inadequate: u32,
}

impl GradeCounts {
    /// Number of cases graded.
    pub fn total(&self) -> u32 {
        // Saturating: counts are checked (at most `values::MOST_CASES` each) where they are read.
        self.outstanding
            .saturating_add(self.good)
            .saturating_add(self.requires_improvement)
            .saturating_add(self.inadequate)
    }

    /// Each grade's count with its field name and its name in messages, in `GRADES` order.
    pub fn by_grade(&self) -> [(&'static str, &'static str, u32); 4] {
        let [(o, o_label), (g, g_label), (ri, ri_label), (i, i_label)] = GRADES;
        [
            (o, o_label, self.outstanding),
            (g, g_label, self.good),
            (ri, ri_label, self.requires_improvement),
            (i, i_label, self.inadequate),
        ]
    }

    /// Counts in `GRADES` order.
    pub fn from_counts([outstanding, good, requires_improvement, inadequate]: [u32; 4]) -> Self {
        GradeCounts { outstanding, good, requires_improvement, inadequate }
    }

    /// The headline figure: the share of graded cases that were good or outstanding, as a
    /// percentage rounded to one decimal place; `None` when no case was graded.
    pub fn percent_good_or_better(&self) -> Option<f64> {
        let total = self.total();
        if total == 0 {
            return None;
        }
        let share = (f64::from(self.outstanding) + f64::from(self.good)) * 100.0 / f64::from(total);
        Some((share * 10.0).round() / 10.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_or_better_counts_outstanding_and_good() {
        let counts = GradeCounts { outstanding: 1, good: 5, requires_improvement: 3, inadequate: 1 };
        assert_eq!(counts.percent_good_or_better(), Some(60.0));
    }

    #[test]
    fn an_audit_with_no_cases_has_no_percentage() {
        assert_eq!(GradeCounts::default().percent_good_or_better(), None);
    }

    #[test]
    fn the_percentage_is_rounded_to_one_place() {
        let counts = GradeCounts { outstanding: 0, good: 2, requires_improvement: 1, inadequate: 0 };
        assert_eq!(counts.percent_good_or_better(), Some(66.7));
    }
}
