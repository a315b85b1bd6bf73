//! The published files that ship in the program (assets/figures, with their
//! licence notice), so a new instance compares with no download.

macro_rules! shipped {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!("../../../assets/figures/", $name)))),*]
    };
}

/// Each shipped file's name and bytes, unchanged from the DfE's.
pub const FILES: &[(&str, &[u8])] = shipped!(
    "lait_data_dictionary.csv",
    "sn_model_2025_wide.csv",
    "b1_children_in_need_2013_to_2025.csv",
    "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
    "d3_cpps_subsequent_plan_2013_to_2025.csv",
    "d5_cpps_at31march_by_duration_2013_to_2025.csv",
    "cla_number_and_rate_per_10k_children.csv",
    "csww_indicators_2017_to_2025.csv",
);

/// The attribution the licence asks of anything that shows the figures.
pub const ATTRIBUTION: &str = "Contains public sector information licensed under the Open Government Licence v3.0.";

#[cfg(test)]
mod tests {
    use super::super::{read, FigureFile};
    use super::*;

    #[test]
    fn every_shipped_file_reads() {
        let mut series = 0;
        for (name, bytes) in FILES {
            match read(name, bytes).unwrap_or_else(|e| panic!("{e}")) {
                FigureFile::Statistics(s) => series += s.series.len(),
                FigureFile::Neighbours(m) => assert_eq!(m.councils(), 153),
                FigureFile::Dictionary(d) => assert_eq!(d.measures.len(), 448),
            }
        }
        assert_eq!(series, super::super::catalogue::INDICATORS.len());
    }
}
