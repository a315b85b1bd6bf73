//! Everything one practice area's page shows, as at a date: its verdict with
//! the rules in force, its status at each of the last 24 month ends, its
//! findings, actions and evidence, and each measure's analysis for a chart.

use super::areas::{area_line, AreaLine};
use super::cache::{Snapshot, StatusHistory};
use super::lines::{
    action_lines, action_lines_page, evidence_lines, evidence_lines_page, finding_lines, ActionLine, EvidenceLine,
    FindingLine, Paged,
};
use super::plan::PlanIndex;
use crate::domain::ids::{AreaId, MeasureId};
use crate::domain::kinds::{Direction, MeasureKind, Unit};
use crate::domain::spc::SpcAnalysis;
use crate::domain::status::{RuleOverrides, Rules, Verdict};
use chrono::NaiveDate;
use std::sync::Arc;

/// Month ends in the status strip.
pub const STATUS_MONTHS: u32 = 24;

/// One rule as it applies to the area.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleLine {
    pub label: &'static str,
    pub value: u32,
    /// The value every area has unless it sets its own.
    pub default: u32,
    /// Whether this area sets its own value.
    pub overridden: bool,
}

/// The rules in force for an area, each marked when the area overrides it.
pub fn rule_lines(defaults: &Rules, overrides: &RuleOverrides) -> Vec<RuleLine> {
    let rules = defaults.with_overrides(overrides);
    let line = |label, value, default, own: Option<u32>| RuleLine { label, value, default, overridden: own.is_some() };
    vec![
        line(
            "Evidence window (months)",
            rules.evidence_window_months,
            defaults.evidence_window_months,
            overrides.evidence_window_months,
        ),
        line(
            "Verified evidence items needed",
            rules.evidence_min_items,
            defaults.evidence_min_items,
            overrides.evidence_min_items,
        ),
        line(
            "Kinds of evidence needed",
            rules.evidence_min_kinds,
            defaults.evidence_min_kinds,
            overrides.evidence_min_kinds,
        ),
        line(
            "Results window (months)",
            rules.results_window_months,
            defaults.results_window_months,
            overrides.results_window_months,
        ),
        line(
            "Results needed per key measure",
            rules.results_min_count,
            defaults.results_min_count,
            overrides.results_min_count,
        ),
        line(
            "Slipping look-back (months)",
            rules.slipping_lookback_months,
            defaults.slipping_lookback_months,
            overrides.slipping_lookback_months,
        ),
    ]
}

/// One measure's analysis as at the date, with what its chart needs.
#[derive(Debug, Clone)]
pub struct MeasureChart {
    pub id: MeasureId,
    pub name: String,
    pub kind: MeasureKind,
    pub key: bool,
    pub unit: Unit,
    pub direction: Direction,
    pub target: Option<f64>,
    pub analysis: Arc<SpcAnalysis>,
    /// Whether it passes the sustained test as at the date.
    pub met: bool,
    /// The area's actions completed by the date: (date, "1.3 Train managers"),
    /// one list shared by the area's measures.
    pub completed_actions: Arc<[(NaiveDate, String)]>,
}

/// The area's actions completed by the date, for the time axis of its charts.
pub fn completed_actions(plan: &PlanIndex, area: AreaId, as_at: NaiveDate) -> Vec<(NaiveDate, String)> {
    let mut done: Vec<(NaiveDate, String)> = plan
        .actions_of_area(area)
        .filter_map(|a| a.completed_date.filter(|d| *d <= as_at).map(|d| (d, format!("{} {}", a.reference, a.title))))
        .collect();
    done.sort();
    done
}

/// Each of the area's measures with its analysis from the verdict.
pub fn measure_charts(plan: &PlanIndex, area: AreaId, verdict: &Verdict) -> Vec<MeasureChart> {
    let done: Arc<[(NaiveDate, String)]> = completed_actions(plan, area, verdict.as_at).into();
    plan.measures_of_area(area)
        .zip(&verdict.measures)
        .map(|(m, v)| MeasureChart {
            id: m.id,
            name: m.name.clone(),
            kind: m.kind,
            key: m.is_key,
            unit: m.unit,
            direction: m.direction,
            // The verdict's target: a stored one beyond the unit's range is left out of the statistics.
            target: v.target,
            analysis: v.analysis.clone(),
            met: v.met,
            completed_actions: done.clone(),
        })
        .collect()
}

/// The area page as at a date.
#[derive(Debug, Clone)]
pub struct AreaPage {
    pub as_at: NaiveDate,
    pub line: AreaLine,
    pub description: String,
    pub verdict: Verdict,
    pub rules: Vec<RuleLine>,
    /// Status at each of the last 24 month ends, oldest first.
    pub history: Arc<StatusHistory>,
    pub findings: Vec<FindingLine>,
    /// Its actions, in reference order: every one, or one page of them.
    pub actions: Paged<ActionLine>,
    /// Its evidence observed by the date, newest first: every item, or one page.
    pub evidence: Paged<EvidenceLine>,
    pub measures: Vec<MeasureChart>,
    /// When the area would stop being embedded if nothing new were recorded.
    pub slip: Option<crate::domain::status::Slip>,
}

/// Actions, and evidence items, on one page of an area's page: the large
/// authority's areas each have 125 actions and 500 evidence items.
pub const LINES_PER_PAGE: i64 = 25;

/// Which page of its actions and of its evidence an area's page shows (from 1).
#[derive(Debug, Clone, Copy)]
pub struct Asked {
    pub actions: i64,
    pub evidence: i64,
}

/// A live area as at `as_at` with every action and evidence item, for the
/// reports; none for an area the plan does not hold.
pub fn build(snapshot: &Snapshot, area: AreaId, as_at: NaiveDate) -> Option<AreaPage> {
    let plan = &snapshot.plan;
    assemble(snapshot, area, as_at, || {
        let actions = Paged::whole(action_lines(plan, plan.actions_of_area(area), as_at));
        let evidence = Paged::whole(evidence_lines(plan, plan.evidence_of_area(area), as_at));
        (actions, evidence)
    })
}

/// A live area's page as at `as_at`, with the pages of its actions and
/// evidence `asked` for (`LINES_PER_PAGE` to a page); none for an area the
/// plan does not hold.
pub fn build_page(snapshot: &Snapshot, area: AreaId, as_at: NaiveDate, asked: Asked) -> Option<AreaPage> {
    let plan = &snapshot.plan;
    assemble(snapshot, area, as_at, || {
        let actions = action_lines_page(plan, plan.actions_of_area(area), as_at, (asked.actions, LINES_PER_PAGE));
        let evidence = evidence_lines_page(plan, plan.evidence_of_area(area), as_at, (asked.evidence, LINES_PER_PAGE));
        (actions, evidence)
    })
}

type Lists = (Paged<ActionLine>, Paged<EvidenceLine>);

fn assemble(snapshot: &Snapshot, area: AreaId, as_at: NaiveDate, lists: impl FnOnce() -> Lists) -> Option<AreaPage> {
    let plan = &snapshot.plan;
    let row = plan.area(area)?;
    let verdict = snapshot.verdict(area, as_at)?;
    let (actions, evidence) = lists();
    Some(AreaPage {
        as_at,
        line: area_line(snapshot, &verdict, area)?,
        description: row.description.clone(),
        rules: rule_lines(&snapshot.rules, &plan.overrides(row)),
        history: snapshot.status_history(area, as_at, STATUS_MONTHS)?,
        findings: finding_lines(plan, plan.findings_of_area(area)),
        actions,
        evidence,
        measures: measure_charts(plan, area, &verdict),
        slip: super::slipping::slip_of(snapshot, area, as_at),
        verdict,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_override_is_marked_and_the_default_kept_beside_it() {
        let overrides = RuleOverrides { evidence_min_kinds: Some(3), ..RuleOverrides::default() };
        let lines = rule_lines(&Rules::default(), &overrides);
        let kinds = lines.iter().find(|l| l.label == "Kinds of evidence needed").unwrap();
        assert_eq!((kinds.value, kinds.default, kinds.overridden), (3, 2, true));
        assert_eq!(lines.iter().filter(|l| l.overridden).count(), 1);
    }
}
