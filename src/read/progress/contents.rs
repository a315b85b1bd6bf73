//! What every form of the progress report prints, worded once: the headings,
//! lists and table rows that the HTML page, the PDF and the Word document
//! each lay out in their own way. A renderer adds no figures or words of its
//! own to these, so the three forms cannot drift apart.

use crate::domain::dates::long_date;
use crate::domain::ids::AreaId;
use crate::domain::status::{AreaStatus, Verdict};
use crate::read::area_page::MeasureChart;
use crate::read::lines::{ActionLine, EvidenceLine};

/// The columns of the summary's action tables.
pub const ACTION_HEADERS: [&str; 6] = ["Ref", "Action", "Practice area", "Owner", "Due", "State"];
/// The columns of an area's action table.
pub const AREA_ACTION_HEADERS: [&str; 5] = ["Ref", "Action", "Owner", "Due", "State"];
/// The columns of an area's table of evidence that counted.
pub const EVIDENCE_HEADERS: [&str; 3] = ["Evidence", "Kind", "Observed"];
/// The first column of the readiness table (the other two are the dates), and its last.
pub const READINESS_HEADERS: (&str, &str) = ("Inspection", "Gaps");
/// What the status table is called.
pub const COUNTS_CAPTION: &str = "Practice areas by status";
/// The words above the rules in force.
pub const RULES_INTRO: &str = "Every status is worked out from these rules, as at the date, never typed in. \
                               An area that sets its own values says so in its section.";

/// A list under a heading that counts it, with what to say when it is empty.
#[derive(Debug, Clone)]
pub struct Listed<T> {
    pub title: &'static str,
    pub none: &'static str,
    pub items: Vec<T>,
}

impl<T> Listed<T> {
    pub fn new(title: &'static str, none: &'static str, items: Vec<T>) -> Self {
        Listed { title, none, items }
    }

    /// The heading with the count: "Slipped (1)".
    pub fn heading(&self) -> String {
        format!("{} ({})", self.title, self.items.len())
    }
}

/// The number of areas with a status on each date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusCount {
    pub status: AreaStatus,
    pub then: usize,
    pub now: usize,
}

impl StatusCount {
    /// Its row in the status table: the status, then the counts on the earlier date and on the report's date.
    pub fn row(&self) -> Vec<String> {
        vec![self.status.label().to_string(), self.then.to_string(), self.now.to_string()]
    }
}

/// An area whose status moved (or did not) between the two dates, in words:
/// "LADO and allegations management: embedded then, slipping now".
pub fn change_item(name: &str, then: AreaStatus, now: AreaStatus) -> String {
    format!("{name}: {} then, {} now", then.label().to_lowercase(), now.label().to_lowercase())
}

/// A due date, or a dash when there is none.
fn due(a: &ActionLine) -> String {
    a.due.map_or("–".to_string(), long_date)
}

/// An action's row in the summary's tables, in the order of [`ACTION_HEADERS`].
pub fn action_row(a: &ActionLine) -> Vec<String> {
    vec![a.reference.clone(), a.title.clone(), a.area.1.clone(), a.owner_with_team(), due(a), a.state_words()]
}

/// An action's row in its area's table, in the order of [`AREA_ACTION_HEADERS`].
pub fn area_action_row(a: &ActionLine) -> Vec<String> {
    vec![a.reference.clone(), a.title.clone(), a.owner_with_team(), due(a), a.state_words()]
}

/// An item of evidence that counted, in the order of [`EVIDENCE_HEADERS`].
pub fn evidence_row(e: &EvidenceLine) -> Vec<String> {
    vec![e.title.clone(), e.kind.label().to_string(), long_date(e.observed_on)]
}

/// One practice area's section of the report.
#[derive(Debug, Clone)]
pub struct AreaSection {
    pub id: AreaId,
    pub name: String,
    /// Its status as at the report's date.
    pub status: AreaStatus,
    /// Its status at the earlier date.
    pub then: AreaStatus,
    /// The change between the two dates in words.
    pub change: String,
    /// Actions of the area completed between the dates.
    pub completed_since: usize,
    /// How long it has been embedded, when it is.
    pub embedded: Option<String>,
    /// "This area sets its own rules: ...", when it does.
    pub own_rules: Option<String>,
    /// The verdict as at the report's date, criterion by criterion.
    pub verdict: Verdict,
    /// The key measures, each drawn as a chart.
    pub key_measures: Listed<MeasureChart>,
    /// Its actions, rows in the order of [`AREA_ACTION_HEADERS`].
    pub actions: Listed<Vec<String>>,
    /// The verified evidence that counted towards "practice changed" (verified
    /// by the date and observed in the area's evidence window), rows in the
    /// order of [`EVIDENCE_HEADERS`].
    pub counted_evidence: Listed<Vec<String>>,
    /// Not embedded, the same status on both dates and no action completed between them.
    pub stalled: bool,
    /// The leaders' commentary on the area for the report's date.
    pub commentary: Option<String>,
    /// Embedded and on track: the report gives it a few lines ([`AreaSection::brief`])
    /// instead of its full section, which areas needing attention have.
    pub compact: bool,
}

impl AreaSection {
    /// The section's heading where the status is written out: "Early help: In progress".
    pub fn heading(&self) -> String {
        format!("{}: {}", self.name, self.status.label())
    }

    /// An embedded area's few lines in place of its tables and charts: what
    /// was done, what counted and which key measures hold.
    pub fn brief(&self) -> String {
        let actions = match self.actions.items.len() {
            0 => "No actions".to_string(),
            1 => "Its 1 action completed".to_string(),
            n => format!("All {n} actions completed"),
        };
        let evidence = match self.counted_evidence.items.len() {
            1 => "1 verified evidence item counted".to_string(),
            n => format!("{n} verified evidence items counted"),
        };
        let names: Vec<&str> = self.key_measures.items.iter().map(|m| m.name.as_str()).collect();
        let measures = match names.len() {
            0 => "no key measure".to_string(),
            _ => format!("key measures on target: {}", names.join("; ")),
        };
        format!("{actions}; {evidence}; {measures}.")
    }

    /// Each criterion of the verdict as a line ("Delivered: met") and its reasons.
    pub fn criteria(&self) -> Vec<(String, &[String])> {
        self.verdict
            .criteria
            .iter()
            .map(|c| (format!("{}: {}", c.criterion.label(), if c.met { "met" } else { "not met" }), &c.reasons[..]))
            .collect()
    }
}

/// The heading of the leaders' commentary.
pub const COMMENTARY_HEADING: &str = "Leaders' commentary";

/// The summary's line on the actions, in place of their tables: "Actions
/// completed: 1 · newly overdue: 2 · still overdue: 0 (listed in the full report)".
pub fn actions_line(lists: &[Listed<Vec<String>>; 3]) -> String {
    format!(
        "Actions completed: {}; newly overdue: {}; still overdue: {}. The full report lists them.",
        lists[0].items.len(),
        lists[1].items.len(),
        lists[2].items.len()
    )
}

/// The columns of the summary's table of areas.
pub const SUMMARY_AREA_HEADERS: [&str; 3] = ["Practice area", "Status", "Leaders' commentary"];

/// An area's row in the summary: its name, its status now (with the earlier
/// one when it moved) and its commentary.
pub fn summary_area_row(area: &AreaSection) -> Vec<String> {
    let status = if area.stalled {
        format!("{}, stalled", area.status.label())
    } else if area.then == area.status {
        area.status.label().to_string()
    } else {
        format!("{} (was {})", area.status.label(), area.then.label().to_lowercase())
    };
    vec![area.name.clone(), status, area.commentary.clone().unwrap_or_else(|| "–".into())]
}

/// A key measure without results has no chart, only these words.
pub fn no_results(m: &MeasureChart) -> Option<String> {
    m.analysis.points.is_empty().then(|| format!("{}: no results yet.", m.name))
}
