//! Measures as at a date: the indicator summary (one row per measure, sorted
//! and filtered) and the page of one measure (its chart, each segment's
//! statistics and its results).

use super::area_page::{completed_actions, MeasureChart};
use super::cache::Snapshot;
use crate::db::measures::{MeasureRow, ResultRow};
use crate::domain::audit::GradeCounts;
use crate::domain::figures::catalogue::{self, Indicator};
use crate::domain::ids::{AreaId, MeasureId};
use crate::domain::kinds::{Direction, Frequency, Unit};
use crate::domain::paging::PageWindow;
use crate::domain::spc::{AnalysedPoint, Assurance, AssuranceNeeds, PointKind, SpcAnalysis};
use crate::domain::values;
use chrono::NaiveDate;
use std::cmp::Ordering;

/// A column the indicator summary can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    #[default]
    Area,
    Measure,
    Latest,
    Variation,
    Assurance,
    Improvements,
    Concerns,
}

impl SortKey {
    /// Every column, with the name used in the URL.
    pub const ALL: &'static [(SortKey, &'static str)] = &[
        (SortKey::Area, "area"),
        (SortKey::Measure, "measure"),
        (SortKey::Latest, "latest"),
        (SortKey::Variation, "variation"),
        (SortKey::Assurance, "assurance"),
        (SortKey::Improvements, "improvements"),
        (SortKey::Concerns, "concerns"),
    ];

    /// Reads the URL's name; anything else is the default.
    pub fn parse(text: Option<&str>) -> SortKey {
        SortKey::ALL.iter().find(|(_, name)| Some(*name) == text).map_or(SortKey::default(), |(k, _)| *k)
    }

    /// The name used in the URL.
    pub fn as_str(self) -> &'static str {
        SortKey::ALL.iter().find(|(k, _)| *k == self).map_or("area", |(_, name)| name)
    }
}

/// Which measures the summary shows, and in what order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct IndicatorFilter {
    pub area: Option<AreaId>,
    /// Only key measures (true) or only others (false).
    pub key: Option<bool>,
    pub sort: SortKey,
    pub descending: bool,
}

/// One measure in the indicator summary.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorRow {
    pub id: MeasureId,
    pub name: String,
    pub area: (AreaId, String),
    pub key: bool,
    pub unit: Unit,
    pub direction: Direction,
    pub target: Option<f64>,
    pub latest: Option<(NaiveDate, f64)>,
    /// The latest segment's mean.
    pub mean: Option<f64>,
    /// The latest segment's process limits, when there are points enough to show them.
    pub limits: Option<(f64, f64)>,
    pub variation: Option<PointKind>,
    pub assurance: Option<Assurance>,
    /// What it lacks for assurance, when it has none.
    pub assurance_needs: AssuranceNeeds,
    /// Points that are special-cause improvements, concerns, or neutral (no direction).
    pub improvements: usize,
    pub concerns: usize,
    pub neutral: usize,
    pub too_few_points: bool,
}

fn count(analysis: &SpcAnalysis, kinds: &[PointKind]) -> usize {
    analysis.points.iter().filter(|p| kinds.contains(&p.kind)).count()
}

/// A measure's row from its analysis as at the date.
fn row(measure: &MeasureRow, a: &SpcAnalysis, area: (AreaId, String)) -> IndicatorRow {
    let latest = a.latest();
    let shown = !a.too_few_points;
    let target = measure.target.filter(|t| values::in_range(measure.unit, *t));
    IndicatorRow {
        id: measure.id,
        name: measure.name.clone(),
        area,
        key: measure.is_key,
        unit: measure.unit,
        direction: measure.direction,
        target,
        latest: latest.map(|p| (p.period, p.value)),
        mean: latest.and_then(|p| p.mean),
        limits: latest.and_then(|p| p.lower_limit.zip(p.upper_limit)).filter(|_| shown),
        variation: a.variation,
        assurance: a.assurance.filter(|_| shown),
        assurance_needs: a.assurance_needs(target, measure.direction),
        improvements: count(a, &[PointKind::Improvement]),
        concerns: count(a, &[PointKind::Concern]),
        neutral: count(a, &[PointKind::NeutralHigh, PointKind::NeutralLow]),
        too_few_points: a.too_few_points,
    }
}

/// Worst news first, for sorting by variation.
fn variation_rank(kind: Option<PointKind>) -> u8 {
    match kind {
        Some(PointKind::Concern) => 0,
        Some(PointKind::NeutralHigh | PointKind::NeutralLow) => 1,
        Some(PointKind::CommonCause) => 2,
        Some(PointKind::Improvement) => 3,
        None => 4,
    }
}

/// Worst news first, for sorting by assurance.
fn assurance_rank(assurance: Option<Assurance>) -> u8 {
    match assurance {
        Some(Assurance::ConsistentFail) => 0,
        Some(Assurance::Inconsistent) => 1,
        Some(Assurance::ConsistentPass) => 2,
        None => 3,
    }
}

/// A row with its area's name and its own in lower case, made once for the
/// sort: made at each comparison, sorting 300 measures lowered 20,000 names.
#[derive(Debug)]
struct Sortable {
    area: String,
    name: String,
    row: IndicatorRow,
}

impl Sortable {
    fn new(row: IndicatorRow) -> Self {
        Self { area: row.area.1.to_lowercase(), name: row.name.to_lowercase(), row }
    }
}

fn compare(sa: &Sortable, sb: &Sortable, key: SortKey) -> Ordering {
    let (a, b) = (&sa.row, &sb.row);
    let by_name = || sa.name.cmp(&sb.name);
    let by_area = || sa.area.cmp(&sb.area);
    let first = match key {
        SortKey::Area => by_area(),
        SortKey::Measure => by_name(),
        SortKey::Latest => {
            let value = |r: &IndicatorRow| r.latest.map(|(_, v)| v);
            value(a).partial_cmp(&value(b)).unwrap_or(Ordering::Equal)
        }
        SortKey::Variation => variation_rank(a.variation).cmp(&variation_rank(b.variation)),
        SortKey::Assurance => assurance_rank(a.assurance).cmp(&assurance_rank(b.assurance)),
        SortKey::Improvements => a.improvements.cmp(&b.improvements),
        SortKey::Concerns => a.concerns.cmp(&b.concerns),
    };
    first.then_with(by_area).then_with(by_name).then(a.id.cmp(&b.id))
}

/// Every live measure's row as at a date, in plan order, with what it sorts
/// by: made once per date and snapshot, then filtered, sorted and cut to a
/// page for each request (the large authority has 300 measures, and making
/// every row each time was a third of the summary's work).
#[derive(Debug)]
pub struct IndicatorTable(Vec<Sortable>);

fn indicator_table(snapshot: &Snapshot, as_at: NaiveDate) -> std::sync::Arc<IndicatorTable> {
    snapshot.derived(as_at, || {
        let plan = &snapshot.plan;
        let verdicts = snapshot.verdicts(as_at);
        IndicatorTable(
            plan.areas
                .iter()
                .filter_map(|a| verdicts.get(&a.id).map(|v| (a, v)))
                .flat_map(|(a, v)| {
                    plan.measures_of_area(a.id)
                        .zip(&v.measures)
                        .map(|(m, judged)| Sortable::new(row(m, &judged.analysis, (a.id, a.name.clone()))))
                        .collect::<Vec<_>>()
                })
                .collect(),
        )
    })
}

/// One page (`asked`, `per_page` to a page) of the live measures as at
/// `as_at` that the filter keeps, in its order, with where it stands among
/// the pages.
pub fn indicator_page(
    snapshot: &Snapshot,
    as_at: NaiveDate,
    filter: &IndicatorFilter,
    (asked, per_page): (i64, i64),
) -> (Vec<IndicatorRow>, PageWindow) {
    let table = indicator_table(snapshot, as_at);
    let mut kept: Vec<&Sortable> = table
        .0
        .iter()
        .filter(|s| filter.area.is_none_or(|id| id == s.row.area.0))
        .filter(|s| filter.key.is_none_or(|key| key == s.row.key))
        .collect();
    kept.sort_by(|a, b| {
        let order = compare(a, b, filter.sort);
        if filter.descending {
            order.reverse()
        } else {
            order
        }
    });
    let window = PageWindow::new(kept.len(), asked, per_page);
    (window.of(&kept).iter().map(|s| s.row.clone()).collect(), window)
}

/// One segment's statistics.
#[derive(Debug, Clone, PartialEq)]
pub struct SegmentStats {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub points: usize,
    pub mean: Option<f64>,
    pub limits: Option<(f64, f64)>,
    pub near_limits: Option<(f64, f64)>,
    pub improvements: usize,
    pub concerns: usize,
    pub neutral: usize,
}

fn segment_stats(points: &[AnalysedPoint]) -> Vec<SegmentStats> {
    let mut stats: Vec<SegmentStats> = Vec::new();
    for (i, p) in points.iter().enumerate() {
        let starts = i == 0 || points[i - 1].segment != p.segment;
        if starts {
            stats.push(SegmentStats {
                from: p.period,
                to: p.period,
                points: 0,
                mean: p.mean,
                limits: p.lower_limit.zip(p.upper_limit),
                near_limits: p.near_lower.zip(p.near_upper),
                improvements: 0,
                concerns: 0,
                neutral: 0,
            });
        }
        if let Some(s) = stats.last_mut() {
            s.to = p.period;
            s.points += 1;
            match p.kind {
                PointKind::Improvement => s.improvements += 1,
                PointKind::Concern => s.concerns += 1,
                PointKind::NeutralHigh | PointKind::NeutralLow => s.neutral += 1,
                PointKind::CommonCause => {}
            }
        }
    }
    stats
}

/// One result as the measure page lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultLine {
    pub period: NaiveDate,
    pub value: f64,
    /// A case audit's grade counts.
    pub grades: Option<GradeCounts>,
    pub sample_size: Option<i32>,
    pub note: Option<String>,
    pub kind: PointKind,
    /// The kind the point's other signals say, when they point the other way.
    pub other_way: Option<PointKind>,
    pub signals: Vec<String>,
    /// Why the statistics leave it out, for a value stored before the unit's rules.
    pub left_out: Option<String>,
}

/// Everything the measure page shows as at a date.
#[derive(Debug, Clone)]
pub struct MeasurePage {
    pub as_at: NaiveDate,
    pub chart: MeasureChart,
    pub area: (AreaId, String),
    pub description: String,
    pub frequency: Frequency,
    pub baseline_points: Option<i32>,
    pub screen_moving_ranges: bool,
    /// The published indicator it is compared with.
    pub published_indicator: Option<&'static Indicator>,
    /// Dates limits restart from, with the reason.
    pub recalculations: Vec<(NaiveDate, String)>,
    pub segments: Vec<SegmentStats>,
    /// Results up to the date, newest first.
    pub results: Vec<ResultLine>,
    /// Results in the window, and how many met the target, for the sustained test.
    pub window: (usize, usize),
    /// The target as stored, with why the statistics leave it out when they do.
    pub stored_target: Option<(f64, Option<String>)>,
}

fn grades(r: &ResultRow) -> Option<GradeCounts> {
    let n = |v: Option<i32>| v.and_then(|v| u32::try_from(v).ok());
    match (n(r.outstanding), n(r.good), n(r.requires_improvement), n(r.inadequate)) {
        (None, None, None, None) => None,
        (o, g, ri, i) => Some(GradeCounts {
            outstanding: o.unwrap_or(0),
            good: g.unwrap_or(0),
            requires_improvement: ri.unwrap_or(0),
            inadequate: i.unwrap_or(0),
        }),
    }
}

/// The page of a live measure as at `as_at`; none for a measure the plan does not hold.
pub fn measure_page(snapshot: &Snapshot, id: MeasureId, as_at: NaiveDate) -> Option<MeasurePage> {
    let plan = &snapshot.plan;
    let measure = plan.measure(id)?;
    let area = plan.area(measure.practice_area_id)?;
    let verdict = snapshot.verdict(area.id, as_at)?;
    let position = plan.measures_of_area(area.id).position(|m| m.id == id)?;
    let judged = verdict.measures.get(position)?;
    let chart = MeasureChart {
        id,
        name: measure.name.clone(),
        kind: measure.kind,
        key: measure.is_key,
        unit: measure.unit,
        direction: measure.direction,
        target: judged.target,
        analysis: judged.analysis.clone(),
        met: judged.met,
        completed_actions: completed_actions(plan, area.id, as_at).into(),
    };
    let points = &chart.analysis.points;
    let mut results: Vec<ResultLine> = plan
        .results
        .get(&id)
        .into_iter()
        .flatten()
        .filter(|r| r.period_end <= as_at)
        .map(|r| {
            let point = points.binary_search_by_key(&r.period_end, |p| p.period).ok().map(|i| &points[i]);
            ResultLine {
                period: r.period_end,
                value: r.value,
                grades: grades(r),
                sample_size: r.sample_size,
                note: r.note.clone(),
                kind: point.map_or(PointKind::CommonCause, |p| p.kind),
                other_way: point.and_then(|p| p.other_way(measure.direction)),
                signals: point.map(|p| p.signal_words()).unwrap_or_default(),
                left_out: values::left_out(measure.unit, r.value),
            }
        })
        .collect();
    results.sort_by_key(|r| std::cmp::Reverse(r.period));
    Some(MeasurePage {
        as_at,
        segments: segment_stats(points),
        area: (area.id, area.name.clone()),
        description: measure.description.clone(),
        frequency: measure.frequency,
        baseline_points: measure.baseline_points,
        screen_moving_ranges: measure.screen_moving_ranges,
        published_indicator: measure.published_indicator_code.as_deref().and_then(catalogue::indicator),
        recalculations: plan
            .recalculations
            .get(&id)
            .into_iter()
            .flatten()
            .map(|r| (r.starts_on, r.reason.clone()))
            .collect(),
        results,
        window: (judged.results_in_window, judged.results_meeting_target),
        stored_target: measure.target.map(|t| (t, values::target_left_out(measure.unit, t))),
        chart,
    })
}
