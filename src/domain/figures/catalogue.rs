//! The indicators Sustain reads from the DfE's files: which file, which
//! column (and its older names: columns are renamed between releases), which
//! rows where a file has several per area, the unit and which way is better.

use super::{Polarity, Unit};

/// One DfE statistics file, known by the prefix of its name (`c1_...csv`).
#[derive(Debug, PartialEq, Eq)]
pub struct StatisticsFile {
    pub prefix: &'static str,
    pub publication: &'static str,
    /// A column only this file has, to recognise it under another name.
    pub signature: &'static [&'static str],
}

/// An indicator's entry in the LAIT data dictionary: several measures share
/// a code there, so the short name tells them apart.
#[derive(Debug, PartialEq, Eq)]
pub struct LaitMeasure {
    pub code: &'static str,
    pub short: &'static str,
}

/// One published indicator.
#[derive(Debug, PartialEq)]
pub struct Indicator {
    pub code: &'static str,
    pub name: &'static str,
    pub file: &'static StatisticsFile,
    /// The column read: the current name first, then older names.
    pub columns: &'static [&'static str],
    /// Where the file has several rows per area and year: the column and the value of the rows to read.
    pub filter: Option<(&'static str, &'static str)>,
    pub unit: Unit,
    /// Which way is better unless the LAIT dictionary says otherwise.
    pub polarity: Polarity,
    pub lait: Option<LaitMeasure>,
}

impl Indicator {
    /// "rereferral_percent (or Re_referrals_percent)": the column in a message.
    pub fn columns_in_words(&self) -> String {
        match self.columns {
            [only] => (*only).to_string(),
            [first, older @ ..] => format!("{first} (or {})", older.join(", or ")),
            [] => String::new(),
        }
    }
}

pub const C1: StatisticsFile = StatisticsFile {
    prefix: "c1",
    publication: "Children in need",
    signature: &["rereferral_percent", "Re_referrals_percent"],
};
pub const D3: StatisticsFile =
    StatisticsFile { prefix: "d3", publication: "Children in need", signature: &["CPP_subsequent_percent"] };
pub const D5: StatisticsFile =
    StatisticsFile { prefix: "d5", publication: "Children in need", signature: &["2_years_or_more_percent"] };
/// Counts of children in need only: no rate to compare, so its areas alone are read.
pub const B1: StatisticsFile =
    StatisticsFile { prefix: "b1", publication: "Children in need", signature: &["Anypoint_episodes"] };
pub const CLA: StatisticsFile = StatisticsFile {
    prefix: "cla",
    publication: "Children looked after in England including adoptions",
    signature: &["rate_per_10000"],
};
pub const CSWW: StatisticsFile = StatisticsFile {
    prefix: "csww",
    publication: "Children's social work workforce",
    signature: &["turnover_rate_fte"],
};

/// Every statistics file Sustain reads.
pub const FILES: &[&StatisticsFile] = &[&C1, &D3, &D5, &B1, &CLA, &CSWW];

/// Every indicator Sustain reads.
pub const INDICATORS: &[Indicator] = &[
    Indicator {
        code: "rereferrals_percent",
        name: "Re-referrals within 12 months",
        file: &C1,
        columns: &["rereferral_percent", "Re_referrals_percent"],
        filter: None,
        unit: Unit::Percent,
        polarity: Polarity::Low,
        lait: Some(LaitMeasure { code: "271", short: "ReReferral" }),
    },
    Indicator {
        code: "cpp_subsequent_percent",
        name: "Child protection plans starting that were a second or subsequent plan",
        file: &D3,
        columns: &["CPP_subsequent_percent"],
        filter: None,
        unit: Unit::Percent,
        polarity: Polarity::Low,
        lait: Some(LaitMeasure { code: "15", short: "PrevRegCPR" }),
    },
    Indicator {
        code: "cpp_two_years_percent",
        name: "Child protection plans at 31 March lasting 2 years or more",
        file: &D5,
        columns: &["2_years_or_more_percent"],
        filter: None,
        unit: Unit::Percent,
        polarity: Polarity::Low,
        lait: Some(LaitMeasure { code: "264", short: "CPPlans2yrsActive" }),
    },
    Indicator {
        code: "cla_rate_per_10000",
        name: "Children looked after at 31 March, rate per 10,000 children",
        file: &CLA,
        columns: &["rate_per_10000"],
        filter: Some(("population_type", "Children looked after on 31 March each year")),
        unit: Unit::RatePer10000,
        polarity: Polarity::Neither,
        lait: Some(LaitMeasure { code: "124", short: "LAC" }),
    },
    Indicator {
        code: "sw_turnover_percent",
        name: "Social worker turnover (FTE)",
        file: &CSWW,
        columns: &["turnover_rate_fte"],
        filter: None,
        unit: Unit::Percent,
        polarity: Polarity::Low,
        lait: Some(LaitMeasure { code: "287", short: "Work_Force_TO_Rate" }),
    },
    Indicator {
        code: "sw_agency_percent",
        name: "Agency social workers (FTE)",
        file: &CSWW,
        columns: &["agency_rate_fte"],
        filter: None,
        unit: Unit::Percent,
        polarity: Polarity::Low,
        lait: Some(LaitMeasure { code: "287", short: "Work_Force_Agecy_Rate" }),
    },
    Indicator {
        code: "sw_vacancy_percent",
        name: "Social worker vacancies (FTE)",
        file: &CSWW,
        columns: &["vacancy_rate_fte"],
        filter: None,
        unit: Unit::Percent,
        polarity: Polarity::Low,
        lait: Some(LaitMeasure { code: "287", short: "Work_Force_Vac_Rate" }),
    },
    Indicator {
        code: "sw_caseload",
        name: "Average caseload of children's social workers (FTE)",
        file: &CSWW,
        columns: &["caseload_fte"],
        filter: None,
        unit: Unit::Number,
        polarity: Polarity::Low,
        lait: None,
    },
];

/// The indicators one file holds.
pub fn indicators_of(file: &StatisticsFile) -> impl Iterator<Item = &'static Indicator> + '_ {
    INDICATORS.iter().filter(move |i| i.file.prefix == file.prefix)
}

/// The indicator with this code.
pub fn indicator(code: &str) -> Option<&'static Indicator> {
    INDICATORS.iter().find(|i| i.code == code)
}

/// What kind of file a file is.
#[derive(Debug, PartialEq, Eq)]
pub enum Kind {
    Statistics(&'static StatisticsFile),
    Neighbours,
    Dictionary,
}

/// Recognises a file: a statistics file by the prefix of its name, else by a
/// column only it has; the neighbour model and the dictionary by their columns.
pub fn recognise(file_name: &str, headers: &[String]) -> Option<Kind> {
    let has = |name: &str| headers.iter().any(|h| h == name);
    if has("SN_1") && has("old_la_code") {
        return Some(Kind::Neighbours);
    }
    if has("Measure_code") && has("Polarity") {
        return Some(Kind::Dictionary);
    }
    if !has("time_period") || !has("geographic_level") {
        return None;
    }
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name).to_ascii_lowercase();
    let prefix = base.split('_').next().unwrap_or("");
    FILES
        .iter()
        .copied()
        .find(|f| f.prefix == prefix)
        .or_else(|| FILES.iter().copied().find(|f| f.signature.iter().any(|c| has(c))))
        .map(Kind::Statistics)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_file_is_known_by_its_prefix_or_else_its_columns() {
        let tidy = headers(&["time_period", "geographic_level", "CPP_subsequent_percent"]);
        assert_eq!(recognise("c1_children.csv", &tidy), Some(Kind::Statistics(&C1)));
        assert_eq!(recognise("upload.csv", &tidy), Some(Kind::Statistics(&D3)));
        assert_eq!(recognise("x.csv", &headers(&["old_la_code", "SN_1"])), Some(Kind::Neighbours));
        assert_eq!(recognise("x.csv", &headers(&["Measure_code", "Polarity"])), Some(Kind::Dictionary));
        assert_eq!(recognise("x.csv", &headers(&["time_period"])), None);
    }

    #[test]
    fn each_file_has_its_indicators_and_codes_are_unique() {
        assert_eq!(indicators_of(&CSWW).count(), 4);
        assert_eq!(indicators_of(&B1).count(), 0);
        let mut codes: Vec<_> = INDICATORS.iter().map(|i| i.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), INDICATORS.len());
        assert_eq!(INDICATORS[0].columns_in_words(), "rereferral_percent (or Re_referrals_percent)");
    }
}
