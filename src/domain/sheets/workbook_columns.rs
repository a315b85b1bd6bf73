//! The columns of the whole-plan workbook's sheets besides the plan and the
//! results (`plan::PLAN_COLUMNS`, `results::RESULT_COLUMNS`), with the notes
//! and examples the templates show.

use super::Column;

const fn col(
    header: &'static str,
    aliases: &'static [&'static str],
    required: bool,
    note: &'static str,
    example: &'static str,
) -> Column {
    Column { header, aliases, required, note, example }
}

const DATE_NOTE: &str = "A date: a real spreadsheet date, 31/03/2025 (day first) or 2025-03-31.";

/// The owners sheet.
pub const OWNER_COLUMNS: &[Column] = &[
    col("Name", &["Owner name", "Owner"], false, "The person's name; blank when the plan names a job title only. An owner with this name and job title is updated; others are added.", "Aisha Rahman"),
    col("Job title", &["Owner job title", "Role"], false, "The job title. A name or a job title is needed.", "Head of Service, MASH and Assessment"),
    col("Agency", &["Team", "Owner agency", "Partner agency"], false, "Optional. The team, or the partner agency of someone outside the council.", "Front door"),
    col("Email", &["Email address"], false, "Optional. For reminders.", "aisha.rahman@council.example"),
];

/// The practice areas sheet.
pub const AREA_COLUMNS: &[Column] = &[
    col(
        "Practice area",
        &["Name", "Area"],
        true,
        "Required. The area's name; an area of that name is updated, a new name added.",
        "Front door decisions and risk identification",
    ),
    col("Description", &[], false, "Optional. What the area covers.", ""),
    col(
        "Lead name",
        &["Lead owner name", "Lead"],
        false,
        "Optional. The lead owner's name, as on the owners sheet.",
        "Aisha Rahman",
    ),
    col(
        "Lead job title",
        &["Lead owner job title"],
        false,
        "Optional. The lead owner's job title.",
        "Head of Service, MASH and Assessment",
    ),
    col(
        "Evidence window (months)",
        &[],
        false,
        "Optional: blank uses the default rule. How many months back evidence counts (1 to 60).",
        "",
    ),
    col("Evidence items needed", &[], false, "Optional. Verified items needed in the window (1 to 50).", ""),
    col("Evidence kinds needed", &[], false, "Optional. Different kinds of evidence needed (1 to 10).", ""),
    col(
        "Results window (months)",
        &[],
        false,
        "Optional. How many months of results count for sustainment (1 to 36).",
        "",
    ),
    col("Results needed", &[], false, "Optional. Results needed in that window (1 to 36).", ""),
    col("Slipping look-back (months)", &[], false, "Optional. How far back an area counts as slipping (1 to 60).", ""),
];

/// The inspections sheet.
pub const INSPECTION_COLUMNS: &[Column] = &[
    col("Title", &["Inspection", "Inspection title"], true, "Required. The inspection's title; an inspection with this title is updated, a new title added.", "Focused visit: the front door"),
    col("Kind", &["Type"], true, "Required. Standard inspection, Short inspection, Focused visit, Monitoring visit, Joint targeted area inspection, Annual engagement meeting, Self-evaluation, Internal review, Peer review or Other.", "Focused visit"),
    col("Inspectorate", &["Inspected by"], true, "Required. Who inspected, like Ofsted.", "Ofsted"),
    col("Start date", &["Start"], true, DATE_NOTE, "2025-01-14"),
    col("End date", &["End"], true, "A date, on or after the start date.", "2025-01-15"),
    col("Published on", &["Publication date", "Published"], false, "Optional. A date, today or earlier.", ""),
    col("Overall judgement", &["Overall", "Overall effectiveness"], false, "Optional. Outstanding, Good, Requires improvement to be good or Inadequate.", ""),
    col("Report link", &["Report", "Report URL"], false, "Optional. A web address starting https://", ""),
    col("Draft plan due", &[], false, "Optional. A date.", ""),
    col("Final plan due", &[], false, "Optional. A date, on or after the draft.", ""),
];

/// The judgements sheet.
pub const JUDGEMENT_COLUMNS: &[Column] = &[
    col(
        "Inspection",
        &["Inspection title", "Title"],
        true,
        "Required. The inspection's title, as on the inspections sheet.",
        "Standard inspection",
    ),
    col(
        "Judgement area",
        &["Area", "Judgement"],
        true,
        "Required. What was judged, like The impact of leaders on social work practice with children and families.",
        "The impact of leaders on social work practice with children and families",
    ),
    col(
        "Grade",
        &["Judgement grade"],
        true,
        "Required. Outstanding, Good, Requires improvement to be good or Inadequate.",
        "Good",
    ),
];

/// The findings sheet.
pub const FINDING_COLUMNS: &[Column] = &[
    col("Inspection", &["Inspection title"], true, "Required. The inspection's title, as on the inspections sheet.", "Focused visit: the front door"),
    col("Reference", &["Ref", "Finding reference"], true, "Required. The finding's reference, like APA1; a finding of that inspection with this reference is updated.", "APA1"),
    col("Kind", &["Type"], false, "Area for priority action, Area for improvement, Recommendation or Strength; blank takes it from the reference (APA, R, S, else area for improvement).", "Area for priority action"),
    col("Practice area", &["Area"], true, "Required. The practice area's name.", "Front door decisions and risk identification"),
    col("Text", &["Finding", "What the inspection said"], true, "Required. The inspection's words.", "Identification of risk, so that decisions are not delayed when a child is at risk of harm."),
];

/// The measures sheet.
pub const MEASURE_COLUMNS: &[Column] = &[
    col(
        "Practice area",
        &["Area"],
        true,
        "Required. The practice area's name.",
        "Front door decisions and risk identification",
    ),
    col(
        "Measure",
        &["Name", "Measure name"],
        true,
        "Required. The measure's name; a measure of that name in the area is updated, a new name added.",
        "Referral decisions within 1 working day",
    ),
    col("Description", &[], false, "Optional.", ""),
    col("Kind", &["Type"], true, "Required. Case audit or Performance indicator.", "Performance indicator"),
    col("Unit", &[], true, "Required. percent, count, days or ratio (a case audit is a percent).", "percent"),
    col("Direction", &["Better"], true, "Required. Higher is better, Lower is better or Neither.", "Higher is better"),
    col("Target", &[], false, "Optional; a key measure needs one. A number in the measure's unit (80 for 80%).", "90"),
    col("Frequency", &[], true, "Required. Monthly, Quarterly or Annual.", "Monthly"),
    col(
        "Key measure",
        &["Key"],
        false,
        "Yes when the measure counts towards sustainment; blank or No otherwise.",
        "Yes",
    ),
    col(
        "Baseline points",
        &["Baseline"],
        false,
        "Optional. How many points of each segment set the limits (2 or more); blank uses all.",
        "",
    ),
    col("Screen moving ranges", &[], false, "Yes (the default when blank) or No.", "Yes"),
    col(
        "Published indicator",
        &["Compare with"],
        false,
        "Optional. The code or name of a published indicator to compare it with, like rereferrals_percent; \
         without this column a stored measure keeps its own.",
        "",
    ),
];

/// The recalculation points sheet.
pub const RECALCULATION_COLUMNS: &[Column] = &[
    col(
        "Practice area",
        &["Area"],
        false,
        "Needed only when two practice areas have a measure of the same name.",
        "Front door decisions and risk identification",
    ),
    col("Measure", &["Measure name"], true, "Required. The measure's name.", "Referral decisions within 1 working day"),
    col(
        "Starts on",
        &["Date", "From"],
        true,
        "Required. The date the limits restart from. A point already stored on that date is kept.",
        "2025-04-01",
    ),
    col(
        "Reason",
        &["Why"],
        true,
        "Required. The known, sustained change in practice.",
        "A new triage model started in the MASH",
    ),
];

/// The area sheet's override columns, in `AreaSheetRow::overrides` order.
pub const OVERRIDE_COLUMNS: [&str; 6] = [
    "Evidence window (months)",
    "Evidence items needed",
    "Evidence kinds needed",
    "Results window (months)",
    "Results needed",
    "Slipping look-back (months)",
];
