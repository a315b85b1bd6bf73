//! The LAIT data dictionary: each measure's polarity, whether a high or a
//! low value is better. It sets the polarity of the indicators it names.

use super::catalogue::Indicator;
use super::tidy::Table;
use super::{FigureError, Polarity};

/// One measure of the dictionary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measure {
    pub code: String,
    pub short: String,
    pub polarity: Polarity,
}

/// The dictionary read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dictionary {
    pub file: String,
    pub measures: Vec<Measure>,
}

impl Dictionary {
    /// The polarity the dictionary gives an indicator, if it names it.
    pub fn polarity_of(&self, indicator: &Indicator) -> Option<Polarity> {
        let lait = indicator.lait.as_ref()?;
        self.measures.iter().find(|m| m.code == lait.code && m.short == lait.short).map(|m| m.polarity)
    }
}

/// `High` or `Low` is better; `-` and `NA` mean neither.
fn polarity(text: &str) -> Option<Polarity> {
    match text.trim() {
        "High" => Some(Polarity::High),
        "Low" => Some(Polarity::Low),
        "-" | "NA" | "" => Some(Polarity::Neither),
        _ => None,
    }
}

/// Reads `Measure_code`, `Measure_short` and `Polarity` of every row.
pub fn dictionary(table: &Table) -> Result<Dictionary, FigureError> {
    let code = table.column("Measure_code")?;
    let short = table.column("Measure_short")?;
    let column = table.column("Polarity")?;
    let mut measures = Vec::new();
    for (line, row) in &table.rows {
        let text = |i: usize| row.get(i).unwrap_or("").trim().to_string();
        let given = text(column);
        let polarity = polarity(&given)
            .ok_or_else(|| table.at(*line, "Polarity", format!("'{given}' is not High, Low, - or NA")))?;
        measures.push(Measure { code: text(code), short: text(short), polarity });
    }
    Ok(Dictionary { file: table.file.clone(), measures })
}

#[cfg(test)]
mod tests {
    use super::super::{catalogue, read, FigureFile};
    use super::*;

    #[test]
    fn polarity_is_read_for_the_measure_of_the_right_name() {
        let text = "\"Measure_code\",\"Measure\",\"Measure_short\",\"Polarity\"\n\
                    \"287\",\"Turnover\",\"Work_Force_TO_Rate\",\"High\"\n\
                    \"287\",\"Agency\",\"Work_Force_Agecy_Rate\",\"-\"\n\
                    \"271\",\"Re-referrals\nwithin a year\",\"ReReferral\",\"Low\"\n";
        let FigureFile::Dictionary(d) = read("lait.csv", text.as_bytes()).unwrap() else { panic!() };
        let turnover = catalogue::indicator("sw_turnover_percent").unwrap();
        let agency = catalogue::indicator("sw_agency_percent").unwrap();
        let caseload = catalogue::indicator("sw_caseload").unwrap();
        assert_eq!(d.polarity_of(turnover), Some(Polarity::High));
        assert_eq!(d.polarity_of(agency), Some(Polarity::Neither));
        assert_eq!(d.polarity_of(caseload), None);
    }

    #[test]
    fn an_unknown_polarity_is_named_by_row() {
        let text = "Measure_code,Measure_short,Polarity\n1,A,Sideways\n";
        let err = read("lait.csv", text.as_bytes()).unwrap_err();
        assert_eq!(err.to_string(), "lait.csv: row 2, column Polarity: 'Sideways' is not High, Low, - or NA");
    }
}
