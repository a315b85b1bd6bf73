//! Verdicts without rereading the world: the plan index and the verdicts
//! computed from it are kept per data generation in each instance. Every write
//! bumps the generation in the database, in its own transaction, and every
//! request reads the generation with its session; a cache tagged with an older
//! generation is replaced before it is used, so no page is ever stale, and
//! several instances sharing one database agree.

use super::plan::PlanIndex;
use super::rewind::Past;
use crate::db::{DbConnection, DbError};
use crate::domain::dates::{month_ends_before, months_before};
use crate::domain::ids::{AreaId, MeasureId};
use crate::domain::status::{verdict, AreaFacts, AreaStatus, Rules, Verdict};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

/// Every live area's verdict as at one date.
pub type Verdicts = HashMap<AreaId, Verdict>;

/// One area's status at each of a run of month ends, oldest first.
pub type StatusHistory = Vec<(NaiveDate, AreaStatus)>;

/// Status histories kept per generation before the memo starts again.
const HISTORIES_KEPT: usize = 1024;

/// Dates whose verdicts are kept per generation; past this the oldest-used
/// half is dropped. Each date's verdicts on the large authority take about
/// 2 MB (every measure's analysis), so a reader stepping through past dates
/// could otherwise hold a server's memory up by hundreds of MB; a date asked
/// for again after being dropped is worked out again (status histories are
/// worked out per area and do not use these).
const VERDICT_DATES_KEPT: usize = 12;

/// Bytes of drawn charts kept per generation before that memo starts again:
/// about a hundred of the large authority's charts, each 60 to 90 KB.
const CHART_BYTES_KEPT: usize = 8 * 1024 * 1024;

/// Lists of latest changes a snapshot keeps before that memo starts again.
const RECORD_HISTORIES_KEPT: usize = 256;

/// Which latest changes by the end of a date: one plan record's, as its page
/// shows them, or the whole plan's, as the dashboard does.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RecordHistoryKey {
    Record(crate::domain::history::Entity, i64, NaiveDate),
    Plan(NaiveDate),
}

/// Other views derived from the verdicts (readiness, the dashboard...) kept
/// per generation before that memo starts again: a date's readiness on the
/// large authority is about 3 MB, its gaps in words.
const DERIVED_KEPT: usize = 48;

/// The views of the plan derived from the verdicts, each kept by date in a
/// map of its own type, so a view is found by its type and never cast.
#[derive(Debug, Default)]
pub struct Derived {
    dashboards: HashMap<NaiveDate, Arc<super::dashboard::Dashboard>>,
    readiness: HashMap<NaiveDate, Arc<Vec<super::readiness::InspectionReadiness>>>,
    verdicts_json: HashMap<NaiveDate, Arc<VerdictsJson>>,
    slips: HashMap<NaiveDate, Arc<super::slipping::Slips>>,
    indicators: HashMap<NaiveDate, Arc<super::measures::IndicatorTable>>,
}

impl Derived {
    fn len(&self) -> usize {
        self.dashboards.len()
            + self.readiness.len()
            + self.verdicts_json.len()
            + self.slips.len()
            + self.indicators.len()
    }

    fn clear(&mut self) {
        *self = Derived::default();
    }

    fn forget(&mut self, as_at: NaiveDate) {
        self.dashboards.remove(&as_at);
        self.readiness.remove(&as_at);
        self.verdicts_json.remove(&as_at);
        self.slips.remove(&as_at);
        self.indicators.remove(&as_at);
    }
}

/// A view of the plan as at a date that a snapshot keeps once computed.
pub trait View: Send + Sync + Sized + 'static {
    /// Where this kind of view is kept.
    fn kept(memo: &mut Derived) -> &mut HashMap<NaiveDate, Arc<Self>>;
}

impl View for super::dashboard::Dashboard {
    fn kept(memo: &mut Derived) -> &mut HashMap<NaiveDate, Arc<Self>> {
        &mut memo.dashboards
    }
}

impl View for super::measures::IndicatorTable {
    fn kept(memo: &mut Derived) -> &mut HashMap<NaiveDate, Arc<Self>> {
        &mut memo.indicators
    }
}

impl View for super::slipping::Slips {
    fn kept(memo: &mut Derived) -> &mut HashMap<NaiveDate, Arc<Self>> {
        &mut memo.slips
    }
}

impl View for Vec<super::readiness::InspectionReadiness> {
    fn kept(memo: &mut Derived) -> &mut HashMap<NaiveDate, Arc<Self>> {
        &mut memo.readiness
    }
}

/// The verdicts as the API sends them without charted points, already written.
#[derive(Debug)]
pub struct VerdictsJson(pub Vec<u8>);

impl AsRef<[u8]> for VerdictsJson {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl View for VerdictsJson {
    fn kept(memo: &mut Derived) -> &mut HashMap<NaiveDate, Arc<Self>> {
        &mut memo.verdicts_json
    }
}

/// One drawing of a measure's chart. What it shows depends only on the plan
/// (so the generation), the date and how it is drawn, so a snapshot keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ChartKey {
    pub measure: MeasureId,
    pub as_at: NaiveDate,
    /// Drawn small, beside other content (an area's page), rather than large.
    pub small: bool,
    /// With the lines near the process limits.
    pub near_limits: bool,
}

#[derive(Debug, Default)]
struct ChartMemo {
    drawn: HashMap<ChartKey, Arc<str>>,
    bytes: usize,
}

/// The plan at one generation, with its verdicts computed as they are asked for.
#[derive(Debug)]
pub struct Snapshot {
    pub plan: PlanIndex,
    /// The default rules the verdicts use (each area applies its overrides).
    pub rules: Rules,
    facts: HashMap<AreaId, AreaFacts>,
    verdicts: Mutex<VerdictMemo>,
    histories: Mutex<HashMap<(AreaId, NaiveDate, u32), Arc<StatusHistory>>>,
    derived: Mutex<Derived>,
    charts: Mutex<ChartMemo>,
    record_histories: Mutex<HashMap<RecordHistoryKey, Arc<[crate::db::history::HistoryRow]>>>,
}

#[derive(Debug, Default)]
struct VerdictMemo {
    by_date: HashMap<NaiveDate, (u64, Arc<Verdicts>)>,
    clock: u64,
}

impl Snapshot {
    /// Wraps a plan read at some generation.
    pub fn new(plan: PlanIndex, rules: Rules) -> Self {
        let facts = plan.areas.iter().map(|a| (a.id, plan.facts(a.id))).collect();
        Self {
            plan,
            rules,
            facts,
            verdicts: Mutex::new(VerdictMemo::default()),
            histories: Mutex::default(),
            derived: Mutex::default(),
            charts: Mutex::default(),
            record_histories: Mutex::default(),
        }
    }

    /// The generation this snapshot was read at.
    pub fn generation(&self) -> i64 {
        self.plan.generation
    }

    /// What the engine knows about an area.
    pub fn facts(&self, area: AreaId) -> Option<&AreaFacts> {
        self.facts.get(&area)
    }

    /// What the engine knows about every live area, by id.
    pub fn all_facts(&self) -> &HashMap<AreaId, AreaFacts> {
        &self.facts
    }

    /// The rules an area is judged by: the defaults with its overrides.
    pub fn rules_for(&self, area: AreaId) -> Rules {
        match self.plan.area(area) {
            Some(row) => self.rules.with_overrides(&self.plan.overrides(row)),
            None => self.rules.clone(),
        }
    }

    /// The verdicts as at `as_at` if they have been computed already.
    pub fn kept_verdicts(&self, as_at: NaiveDate) -> Option<Arc<Verdicts>> {
        self.verdicts.lock().ok()?.by_date.get(&as_at).map(|(_, found)| found.clone())
    }

    /// A view as at `as_at` if it has been computed already.
    pub fn kept<T: View>(&self, as_at: NaiveDate) -> Option<Arc<T>> {
        self.derived.lock().ok().and_then(|mut memo| T::kept(&mut memo).get(&as_at).cloned())
    }

    /// Every live area's verdict as at `as_at`, computed once per date.
    pub fn verdicts(&self, as_at: NaiveDate) -> Arc<Verdicts> {
        if let Ok(mut memo) = self.verdicts.lock() {
            memo.clock += 1;
            let now = memo.clock;
            if let Some((used, found)) = memo.by_date.get_mut(&as_at) {
                *used = now;
                return found.clone();
            }
        }
        // Computed outside the lock: two requests for a new date may both
        // compute it, which costs time but never gives a wrong answer.
        let computed: Arc<Verdicts> =
            Arc::new(self.facts.iter().map(|(id, facts)| (*id, verdict(facts, &self.rules_for(*id), as_at))).collect());
        if let Ok(mut memo) = self.verdicts.lock() {
            if memo.by_date.len() >= VERDICT_DATES_KEPT {
                let mut ages: Vec<u64> = memo.by_date.values().map(|(used, _)| *used).collect();
                ages.sort_unstable();
                let cutoff = ages[ages.len() / 2];
                memo.by_date.retain(|_, (used, _)| *used > cutoff);
            }
            let now = memo.clock;
            memo.by_date.insert(as_at, (now, computed.clone()));
        }
        computed
    }

    /// A view of the plan as at `as_at` (readiness, say), computed once per
    /// snapshot: the plan cannot change under it.
    pub fn derived<T: View>(&self, as_at: NaiveDate, compute: impl FnOnce() -> T) -> Arc<T> {
        if let Some(found) = self.kept(as_at) {
            return found;
        }
        let computed = Arc::new(compute());
        if let Ok(mut memo) = self.derived.lock() {
            if memo.len() >= DERIVED_KEPT {
                memo.clear();
            }
            T::kept(&mut memo).insert(as_at, computed.clone());
        }
        computed
    }

    /// A measure's chart as drawn by `draw` (its SVG), drawn once per snapshot
    /// and date: a large area's page shows eight, each hundreds of points.
    pub fn chart(&self, key: ChartKey, draw: impl FnOnce() -> String) -> Arc<str> {
        if let Some(found) = self.charts.lock().ok().and_then(|memo| memo.drawn.get(&key).cloned()) {
            return found;
        }
        let drawn: Arc<str> = Arc::from(draw());
        if let Ok(mut memo) = self.charts.lock() {
            if memo.bytes + drawn.len() > CHART_BYTES_KEPT {
                *memo = ChartMemo::default();
            }
            memo.bytes += drawn.len();
            if let Some(old) = memo.drawn.insert(key, drawn.clone()) {
                memo.bytes -= old.len();
            }
        }
        drawn
    }

    /// Keeps a plan record's (or the plan's) latest changes by the end of a
    /// date, as read with this snapshot: every change to the plan is written
    /// with it and moves the generation on, so a snapshot's are final, and the
    /// record's page (or the dashboard) then reads nothing but its session.
    pub fn keep_record_history(
        &self,
        key: RecordHistoryKey,
        rows: Vec<crate::db::history::HistoryRow>,
    ) -> Arc<[crate::db::history::HistoryRow]> {
        let rows: Arc<[_]> = rows.into();
        if let Ok(mut memo) = self.record_histories.lock() {
            if memo.len() >= RECORD_HISTORIES_KEPT {
                memo.clear();
            }
            memo.insert(key, rows.clone());
        }
        rows
    }

    /// A record's latest changes if this snapshot has kept them.
    pub fn kept_record_history(&self, key: &RecordHistoryKey) -> Option<Arc<[crate::db::history::HistoryRow]>> {
        self.record_histories.lock().ok()?.get(key).cloned()
    }

    /// The council's name, as every page, report and workbook prints it.
    pub fn authority(&self) -> &str {
        self.plan.council.as_ref().map_or(crate::domain::council::DEFAULT_NAME, |c| c.name.as_str())
    }

    /// The council's DfE local authority number from council details, if set:
    /// whose published figures are its own.
    pub fn la_number(&self) -> Option<&str> {
        self.plan.council.as_ref().and_then(|c| c.la_number.as_deref())
    }

    /// The colour of the page header.
    pub fn colour(&self) -> &str {
        self.plan.council.as_ref().map_or(crate::domain::council::DEFAULT_COLOUR, |c| c.colour.as_str())
    }

    /// Lets go of every view kept for `as_at` (its verdicts, their views and
    /// status histories ending then). A document that looks back to an
    /// earlier date calls it when no page had asked for that date: on the
    /// large authority one date's views take 4 MB, and documents are made
    /// rarely and in turn, so keeping them would only hold memory.
    pub fn forget(&self, as_at: NaiveDate) {
        if let Ok(mut memo) = self.verdicts.lock() {
            memo.by_date.remove(&as_at);
        }
        if let Ok(mut memo) = self.derived.lock() {
            memo.forget(as_at);
        }
        if let Ok(mut memo) = self.histories.lock() {
            memo.retain(|(_, end, _), _| *end != as_at);
        }
    }

    /// Runs `look` at the views as at `as_at`, then lets them go unless they
    /// were kept before (see [`Snapshot::forget`]).
    pub fn looking_back<T>(&self, as_at: NaiveDate, look: impl FnOnce() -> T) -> T {
        let kept_before = self.kept_verdicts(as_at).is_some();
        let seen = look();
        if !kept_before {
            self.forget(as_at);
        }
        seen
    }

    /// One area's verdict as at `as_at`.
    pub fn verdict(&self, area: AreaId, as_at: NaiveDate) -> Option<Verdict> {
        self.verdicts(as_at).get(&area).cloned()
    }

    /// One area's status at each of the last `months` month ends up to
    /// `as_at` (itself included when it is a month end), oldest first;
    /// computed for this area alone, once per snapshot.
    pub fn status_history(&self, area: AreaId, as_at: NaiveDate, months: u32) -> Option<Arc<StatusHistory>> {
        let facts = self.facts.get(&area)?;
        let key = (area, as_at, months);
        if let Some(found) = self.histories.lock().ok().and_then(|memo| memo.get(&key).cloned()) {
            return Some(found);
        }
        let rules = self.rules_for(area);
        let after = as_at.succ_opt().unwrap_or(as_at);
        let mut ends = month_ends_before(after, months_before(as_at, months + 1));
        ends.truncate(months as usize);
        ends.reverse();
        let history: Arc<StatusHistory> =
            Arc::new(ends.into_iter().map(|end| (end, verdict(facts, &rules, end).status)).collect());
        if let Ok(mut memo) = self.histories.lock() {
            if memo.len() >= HISTORIES_KEPT {
                memo.clear();
            }
            memo.insert(key, history.clone());
        }
        Some(history)
    }
}

/// Views of the plan at earlier moments kept per instance: each is a whole
/// plan, so only the few most recently asked for are kept.
const PAST_KEPT: usize = 2;

/// The snapshot this instance holds, replaced when the data generation moves on.
#[derive(Debug, Default)]
pub struct PlanCache {
    current: RwLock<Option<Arc<Snapshot>>>,
    /// The plan as it stood at earlier moments, newest use last, each tagged
    /// with the generation it was read at.
    past: Mutex<Vec<(Past, Arc<Snapshot>)>>,
    /// Held while the plan is read, so that a burst of requests after a write
    /// reads it once rather than once each.
    loading: Mutex<()>,
    /// The same for a view of the past: fifty requests for a new date at
    /// once each read the changes since and held a copy of what they found,
    /// and the server kept the 40 MB that took after they were done.
    loading_past: Mutex<()>,
}

impl PlanCache {
    /// The latest snapshot this instance read, whatever its generation: for
    /// what rarely changes (the council's name) where no generation is known.
    pub fn latest(&self) -> Option<Arc<Snapshot>> {
        self.current.read().ok()?.clone()
    }

    /// The cached snapshot if it is at `generation` or later.
    pub fn current_for(&self, generation: i64) -> Option<Arc<Snapshot>> {
        let current = self.current.read().ok()?;
        let found = current.as_ref().filter(|s| s.generation() >= generation).cloned();
        if found.is_some() {
            metrics::counter!(crate::telemetry::figures::PLAN_CACHE_HITS).increment(1);
        }
        found
    }

    /// The snapshot at `generation` or later, reading the plan if the cached
    /// one is older. Blocking: call it off the async workers.
    pub fn get_or_load(
        &self,
        conn: &mut DbConnection,
        generation: i64,
        rules: &Rules,
    ) -> Result<Arc<Snapshot>, DbError> {
        if let Some(found) = self.current_for(generation) {
            return Ok(found);
        }
        let _reading = self.loading.lock().map_err(|_| poisoned())?;
        // Someone may have read it while this request waited for the lock.
        if let Some(found) = self.current_for(generation) {
            return Ok(found);
        }
        metrics::counter!(crate::telemetry::figures::PLAN_CACHE_REBUILDS).increment(1);
        let snapshot = Arc::new(Snapshot::new(PlanIndex::load(conn)?, rules.clone()));
        if let Ok(mut current) = self.current.write() {
            *current = Some(snapshot.clone());
        }
        // Views of the past read at an older generation are never served again.
        if let Ok(mut past) = self.past.lock() {
            past.retain(|(_, kept)| kept.generation() >= snapshot.generation());
        }
        Ok(snapshot)
    }

    /// The plan as it stood at `past`, read at `generation` or later: the plan
    /// as it is when nothing has changed since the moment, else one rebuilt
    /// through change history and kept for the next request that asks.
    /// Blocking: call it off the async workers.
    pub fn get_or_load_past(
        &self,
        conn: &mut DbConnection,
        generation: i64,
        rules: &Rules,
        past: Past,
    ) -> Result<Arc<Snapshot>, DbError> {
        let live = self.get_or_load(conn, generation, rules)?;
        if live.plan.last_change.is_none_or(|last| last <= past.moment()) {
            return Ok(live);
        }
        let kept = |list: &mut Vec<(Past, Arc<Snapshot>)>| {
            let at = list.iter().position(|(p, s)| *p == past && s.generation() >= live.generation())?;
            let found = list.remove(at);
            list.push(found.clone());
            Some(found.1)
        };
        if let Some(found) = self.past.lock().ok().and_then(|mut list| kept(&mut list)) {
            return Ok(found);
        }
        let _reading = self.loading_past.lock().map_err(|_| poisoned())?;
        // Someone may have made it while this request waited for the lock.
        if let Some(found) = self.past.lock().ok().and_then(|mut list| kept(&mut list)) {
            return Ok(found);
        }
        // The plan of a moment before its records were first recorded (a plan
        // loaded or imported since) is often the plan as it is: then it is the
        // live one, kept for the date, not a copy.
        let same = match past.recorded_by() {
            None => live.plan.stood_as_it_is(conn, past.moment())?,
            Some(_) => false,
        };
        let snapshot = match same {
            true => live.clone(),
            false => Arc::new(Snapshot::new(PlanIndex::load_past(conn, past)?, rules.clone())),
        };
        if let Ok(mut list) = self.past.lock() {
            list.retain(|(p, s)| *p != past && s.generation() >= live.generation());
            if list.len() >= PAST_KEPT {
                list.remove(0);
            }
            list.push((past, snapshot.clone()));
        }
        Ok(snapshot)
    }
}

fn poisoned() -> DbError {
    DbError::internal("the plan cache lock was poisoned")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(measure: i64, day: u32) -> ChartKey {
        let as_at = NaiveDate::from_ymd_opt(2025, 3, day).unwrap();
        ChartKey { measure: MeasureId(measure), as_at, small: true, near_limits: false }
    }

    #[test]
    fn a_chart_is_drawn_once_per_measure_date_and_drawing() {
        let snapshot = Snapshot::new(PlanIndex::default(), Rules::default());
        let drawn = std::cell::Cell::new(0);
        let draw = || {
            drawn.set(drawn.get() + 1);
            format!("<svg>{}</svg>", drawn.get())
        };
        assert_eq!(&*snapshot.chart(key(1, 31), draw), "<svg>1</svg>");
        assert_eq!(&*snapshot.chart(key(1, 31), draw), "<svg>1</svg>", "kept, not drawn again");
        assert_eq!(&*snapshot.chart(key(1, 30), draw), "<svg>2</svg>", "another date is another chart");
        assert_eq!(&*snapshot.chart(ChartKey { near_limits: true, ..key(1, 31) }, draw), "<svg>3</svg>");
        assert_eq!(drawn.get(), 3);
    }

    #[test]
    fn verdicts_are_kept_for_a_bounded_number_of_dates_the_latest_used_staying() {
        let snapshot = Snapshot::new(PlanIndex::default(), Rules::default());
        let day = |n: u64| NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Days::new(n);
        for n in 0..100 {
            snapshot.verdicts(day(n));
            snapshot.verdicts(day(0));
        }
        let memo = snapshot.verdicts.lock().unwrap();
        assert!(memo.by_date.len() <= VERDICT_DATES_KEPT, "{} dates kept", memo.by_date.len());
        assert!(memo.by_date.contains_key(&day(0)), "the date asked for each time is kept");
        assert!(memo.by_date.contains_key(&day(99)), "the latest date is kept");
    }

    #[test]
    fn the_kept_charts_start_again_past_their_bound() {
        let snapshot = Snapshot::new(PlanIndex::default(), Rules::default());
        let big = || "x".repeat(CHART_BYTES_KEPT / 2 + 1);
        snapshot.chart(key(1, 31), big);
        snapshot.chart(key(2, 31), big);
        let memo = snapshot.charts.lock().unwrap();
        assert_eq!((memo.drawn.len(), memo.bytes), (1, CHART_BYTES_KEPT / 2 + 1), "the first was let go");
    }
}
