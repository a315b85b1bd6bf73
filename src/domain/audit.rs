//! Case-file audit grade counts and the headline "% good or better".

use serde::{Deserialize, Serialize};

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
        self.outstanding + self.good + self.requires_improvement + self.inadequate
    }

    /// The headline figure: the share of graded cases that were good or outstanding, as a
    /// percentage rounded to one decimal place; `None` when no case was graded.
    pub fn percent_good_or_better(&self) -> Option<f64> {
        let total = self.total();
        if total == 0 {
            return None;
        }
        let share = f64::from(self.outstanding + self.good) * 100.0 / f64::from(total);
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
