//! `sustain spc` and `sustain status`.

use super::{open, DirectionArg, Failure, FormatArg};
use crate::config::Config;
use crate::domain::kinds::Direction;
use crate::domain::spc::{self, SpcSettings};
use crate::read::overview;
use chrono::NaiveDate;
use std::fmt::Write;
use std::path::Path;

/// Prints the SPC analysis of a CSV series as JSON.
pub(super) fn spc(
    input: &Path,
    direction: DirectionArg,
    target: Option<f64>,
    baseline: Option<usize>,
    screen: bool,
) -> Result<(), Failure> {
    let text = std::fs::read_to_string(input)
        .map_err(|e| Failure::input(format!("could not read '{}': {e}", input.display())))?;
    let points = spc::series_from_csv(&text).map_err(|e| Failure::input(e.to_string()))?;
    let direction = match direction {
        DirectionArg::Higher => Direction::HigherIsBetter,
        DirectionArg::Lower => Direction::LowerIsBetter,
        DirectionArg::Neither => Direction::Neither,
    };
    if baseline.is_some_and(|n| n < 2) {
        return Err(Failure::input("--baseline needs at least 2 points"));
    }
    if target.is_some_and(|t| !spc::analysable(t)) {
        return Err(Failure::input("--target must be a number within 1e12 of zero"));
    }
    let analysis = spc::analyse(&points, &SpcSettings { direction, target, baseline, screen });
    let json = serde_json::to_string(&analysis).map_err(|e| Failure::new(e.to_string()))?;
    super::emit(&(json + "\n"))
}

/// Prints every area's verdict.
pub(super) fn status(
    config: &Config,
    dates: (Option<NaiveDate>, Option<NaiveDate>),
    format: FormatArg,
) -> Result<(), Failure> {
    let mut conn = open(config)?;
    let (snapshot, as_at) = super::plan_as_at(&mut conn, config, dates)?;
    let data = overview::build(&snapshot, as_at);
    if format == FormatArg::Json {
        let areas: Vec<serde_json::Value> = data
            .areas
            .iter()
            .map(|a| serde_json::json!({ "id": a.area.id, "name": a.area.name, "verdict": a.verdict }))
            .collect();
        let readiness: Vec<serde_json::Value> = data
            .inspections
            .iter()
            .map(|i| serde_json::json!({ "inspection": i.inspection.title, "readiness": i.readiness, "gaps": i.gaps }))
            .collect();
        let doc = serde_json::json!({ "as_at": as_at, "areas": areas, "readiness": readiness });
        let text = serde_json::to_string_pretty(&doc).map_err(|e| Failure::new(e.to_string()))?;
        return super::emit(&(text + "\n"));
    }
    let mut out = String::new();
    write_table(&mut out, &data, as_at).map_err(|e| Failure::new(e.to_string()))?;
    super::emit(&out)
}

/// The verdicts as a readable table.
fn write_table(out: &mut String, data: &overview::Overview, as_at: NaiveDate) -> std::fmt::Result {
    writeln!(out, "Status of practice areas as at {}", crate::views::components::date(as_at))?;
    for line in data.rules.describe(data.sign_off) {
        writeln!(out, "  rule: {line}")?;
    }
    for item in &data.inspections {
        let r = &item.readiness;
        writeln!(out)?;
        writeln!(
            out,
            "Readiness — {}: {} of {} findings ready ({:.0}%); {} in embedded areas ({:.0}%)",
            item.inspection.title,
            r.findings_ready,
            r.findings_total,
            r.percent_ready,
            r.findings_embedded,
            r.percent_embedded
        )?;
        for gap in &item.gaps {
            writeln!(out, "  gap: {gap}")?;
        }
    }
    for summary in &data.areas {
        let verdict = &summary.verdict;
        writeln!(out)?;
        writeln!(out, "{} — {}", summary.area.name, verdict.status.label())?;
        if let Some(since) = verdict.embedded_since {
            writeln!(out, "  embedded since {}", crate::views::components::date(since))?;
        }
        for criterion in &verdict.criteria {
            writeln!(out, "  [{}] {}", if criterion.met { "met" } else { "not met" }, criterion.criterion.label())?;
            for reason in &criterion.reasons {
                writeln!(out, "      {reason}")?;
            }
        }
    }
    Ok(())
}
