//! The improvement plan as a sheet: one row per action. Its columns, the
//! notes the templates show, and reading each row into a `PlanRow`.

use super::cells::{date, text};
use super::{key, problem, Column, FileProblem, Layout, Problems, Table};
use crate::domain::kinds::ActionState;
use chrono::NaiveDate;

/// The plan sheet's columns, in the order Sustain writes them.
pub const PLAN_COLUMNS: &[Column] = &[
    Column {
        header: "Reference",
        aliases: &["Ref", "Action reference", "Action ref", "No", "Number"],
        required: true,
        note: "Required. The action's reference, like 1.3. An action already in the plan with this reference (case and spaces ignored) is updated; a new reference adds an action.",
        example: "1.1",
    },
    Column {
        header: "Title",
        aliases: &["Action", "Action title"],
        required: true,
        note: "Required. What will be done, in a line.",
        example: "Introduce a daily MASH risk meeting with police and health",
    },
    Column {
        header: "Description",
        aliases: &["Detail", "How"],
        required: false,
        note: "Optional. More about the action.",
        example: "Police, health and social care meet every morning to review the contacts received.",
    },
    Column {
        header: "Practice area",
        aliases: &["Area", "Theme"],
        required: true,
        note: "Required. The practice area's name as Sustain knows it (case and spaces ignored). A new name is refused unless you choose to create what is missing.",
        example: "Front door decisions and risk identification",
    },
    Column {
        header: "Finding references",
        aliases: &["Findings", "Finding", "Finding reference", "Inspection findings"],
        required: false,
        note: "Optional. The findings the action answers, separated by ; (or commas), like APA1; AFI2. A reference used by more than one inspection is written with the inspection's title first: Focused visit: the front door: APA1. A finding is created only if you choose to create what is missing, and only in a named inspection.",
        example: "APA1; R1",
    },
    Column {
        header: "Owner name",
        aliases: &["Owner", "Lead", "Lead officer"],
        required: false,
        note: "Optional. The owner's name; with the job title it finds the owner. Leave blank when the plan names a job title only.",
        example: "Aisha Rahman",
    },
    Column {
        header: "Owner job title",
        aliases: &["Job title", "Owner role", "Role"],
        required: false,
        note: "Optional. The owner's job title. A job title alone finds the owner when only one owner has it.",
        example: "Head of Service, MASH and Assessment",
    },
    Column {
        header: "Owner agency",
        aliases: &["Agency", "Owner team", "Team", "Partner agency"],
        required: false,
        note: "Optional. The owner's team or partner agency, kept for an owner that is created; it is not used to find an owner.",
        example: "Front door",
    },
    Column {
        header: "Start date",
        aliases: &["Start", "Started"],
        required: false,
        note: "Optional. A date: a real spreadsheet date, 31/03/2025 (day first) or 2025-03-31.",
        example: "2025-02-03",
    },
    Column {
        header: "Due date",
        aliases: &["Due", "Deadline", "Target date", "By when"],
        required: false,
        note: "Optional. A date, on or after the start date.",
        example: "2025-05-30",
    },
    Column {
        header: "Completed date",
        aliases: &["Completed", "Date completed", "Completed on"],
        required: false,
        note: "Needed when the state is Completed, and only then. A date, today or earlier.",
        example: "",
    },
    Column {
        header: "State",
        aliases: &["Status", "Action state"],
        required: false,
        note: "One of Planned, In progress, Completed, Blocked, Cancelled. Blank means Planned, or Completed when there is a completed date.",
        example: "In progress",
    },
    Column {
        header: "Success measure",
        aliases: &["Success measures", "How will we know", "Measure of success", "Outcome"],
        required: false,
        note: "Optional. How you will know the action worked.",
        example: "Every contact rated red is discussed with partners on the day it arrives.",
    },
];

/// A finding as a plan row names it: a reference, with the inspection's title
/// when one was given ("Focused visit: APA1").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingName {
    pub inspection: Option<String>,
    pub reference: String,
}

impl std::fmt::Display for FindingName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.inspection {
            Some(title) => write!(f, "{title}: {}", self.reference),
            None => f.write_str(&self.reference),
        }
    }
}

/// Reads a "finding references" cell. Items are separated by `;` or line
/// breaks, or by commas when no item names an inspection; an item's
/// inspection title is what comes before its last colon.
pub fn finding_names(cell: &str) -> Vec<FindingName> {
    let cell = cell.trim();
    if cell.is_empty() {
        return Vec::new();
    }
    let separators: &[char] = if cell.contains(':') { &[';', '\n', '\r'] } else { &[';', '\n', '\r', ','] };
    cell.split(separators)
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(|item| match item.rsplit_once(':') {
            Some((title, reference)) if !title.trim().is_empty() => {
                FindingName { inspection: Some(title.trim().to_string()), reference: reference.trim().to_string() }
            }
            _ => FindingName { inspection: None, reference: item.trim_start_matches(':').trim().to_string() },
        })
        .collect()
}

/// Reads a state as its stored name or its label, in any case.
pub fn parse_state(raw: &str) -> Option<ActionState> {
    let wanted: String = key(raw).chars().filter(|c| c.is_alphanumeric()).collect();
    ActionState::ALL.iter().copied().find(|s| {
        let name: String = s.as_str().chars().filter(|c| c.is_alphanumeric()).collect();
        name == wanted || key(s.label()) == wanted
    })
}

/// An owner as a row names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnerName {
    pub name: String,
    pub job_title: String,
    pub agency: String,
}

/// One row of a plan sheet, its cells read but not yet matched.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanRow {
    pub row: usize,
    pub reference: String,
    pub title: String,
    pub description: String,
    pub area: String,
    pub findings: Vec<FindingName>,
    pub owner: Option<OwnerName>,
    pub start_date: Option<NaiveDate>,
    pub due_date: Option<NaiveDate>,
    pub completed_date: Option<NaiveDate>,
    pub state: ActionState,
    pub success_measure: String,
}

/// Whether a row is a note, not data: its first cell starts with `#` (the CSV
/// template's notes, kept by a spreadsheet that saved it).
pub fn is_note(cells: &[super::Cell]) -> bool {
    cells.first().is_some_and(|c| matches!(c, super::Cell::Text(t) if t.trim_start().starts_with('#')))
}

/// Reads every row of a plan sheet, with every problem in its cells; a row
/// with a problem is kept (the bad cell left blank) so that matching can
/// report that row's other problems too.
pub fn read_plan(table: &Table) -> Result<(Vec<PlanRow>, Problems), FileProblem> {
    let layout = Layout::find(&table.headers, PLAN_COLUMNS)?;
    let mut problems = Problems::new();
    let mut rows = Vec::new();
    for row in &table.rows {
        let n = row.number;
        let get = |header: &str| text(layout.cell(row, header));
        let completed_date = date(layout.cell(row, "Completed date"), n, "Completed date", &mut problems);
        let state_text = get("State");
        let state = if state_text.is_empty() {
            if completed_date.is_some() {
                ActionState::Completed
            } else {
                ActionState::Planned
            }
        } else {
            parse_state(&state_text).unwrap_or_else(|| {
                problem(
                    &mut problems,
                    n,
                    "State",
                    format!("'{state_text}' is not a state; use Planned, In progress, Completed, Blocked or Cancelled"),
                );
                ActionState::Planned
            })
        };
        let (name, job_title, agency) = (get("Owner name"), get("Owner job title"), get("Owner agency"));
        let owner = (!name.is_empty() || !job_title.is_empty()).then_some(OwnerName { name, job_title, agency });
        if owner.is_none() && !get("Owner agency").is_empty() {
            problem(&mut problems, n, "Owner name", "Enter the owner's name or job title as well as their agency");
        }
        rows.push(PlanRow {
            row: n,
            reference: get("Reference"),
            title: get("Title"),
            description: get("Description"),
            area: get("Practice area"),
            findings: finding_names(&get("Finding references")),
            owner,
            start_date: date(layout.cell(row, "Start date"), n, "Start date", &mut problems),
            due_date: date(layout.cell(row, "Due date"), n, "Due date", &mut problems),
            completed_date,
            state,
            success_measure: get("Success measure"),
        });
    }
    Ok((rows, problems))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finding_references_may_name_their_inspection() {
        let names = finding_names("APA1; Focused visit: the front door: AFI2\nR3");
        assert_eq!(names[0], FindingName { inspection: None, reference: "APA1".into() });
        assert_eq!(
            names[1],
            FindingName { inspection: Some("Focused visit: the front door".into()), reference: "AFI2".into() }
        );
        assert_eq!(names[2].reference, "R3");
        assert_eq!(finding_names("APA1, AFI2").len(), 2);
        assert!(finding_names("  ").is_empty());
    }

    #[test]
    fn states_are_read_by_name_or_label() {
        assert_eq!(parse_state("In progress"), Some(ActionState::InProgress));
        assert_eq!(parse_state("in_progress"), Some(ActionState::InProgress));
        assert_eq!(parse_state("COMPLETED"), Some(ActionState::Completed));
        assert_eq!(parse_state("done"), None);
    }
}
